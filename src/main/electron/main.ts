// Electron entry: a list of setupX() calls; each module registers its own handlers.
import { app, clipboard, shell } from 'electron';
import { CoreEvents } from '../core-events';
import { createCore, type Core } from '../create-core';
import { RendererPrompter } from '../ipc/renderer-prompter';
import { createRendererLink } from '../shell/renderer-link';
import { startsHidden } from '../shell/login-item-plan';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../shell/window-policy';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { FirstScreenInput } from '../../shared/first-screen';
import type { AppContext } from './app-context';
import { setupAppMenu } from './app-menu';
import { setupGlobalShortcut } from './global-shortcut';
import { registerAppScheme, setupAppProtocol } from './app-protocol';
import { setupIpc, trustedSender } from './ipc-main';
import { setupLoginItem } from './login-item';
import { setupNotifications } from './notifications';
import { devServerUrl } from './paths';
import { setupQuit } from './quit';
import { createSamlLogin, forgetSamlLogins } from './saml-window';
import { setupSecurity } from './security';
import { setupTray } from './tray';
import { setupMainWindow } from './windows';

async function createAppContext(): Promise<AppContext> {
  const events = new CoreEvents();
  // The SAML window reads the settings at each login; the core exists by the time anyone logs in.
  const late: { core?: Core } = {};
  const samlLogin = createSamlLogin({
    settings: () => late.core?.settings.get() ?? Promise.resolve(DEFAULT_SETTINGS),
  });
  // The prompter checks each Identity Center URL (https, or loopback http) before it opens it.
  const prompts = new RendererPrompter(events, samlLogin, (url) => shell.openExternal(url));
  const core = await createCore({ events, prompter: prompts, rotate: true });
  late.core = core;
  const link = createRendererLink({
    core,
    prompts,
    isTrustedSender: trustedSender,
    version: app.getVersion(),
    openExternal: (url) => shell.openExternal(url),
    forgetSamlLogins: () =>
      forgetSamlLogins(core.sessions.list().flatMap((s) => (s.kind === 'saml' ? [s.idpUrl] : []))),
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    // The global shortcut and the login item follow the Settings view's changes (the CLI's, at the next start).
    settingsChanged: (settings) => context.settingsChanged?.(settings),
  });
  const context: AppContext = {
    core,
    prompts,
    link,
    mainWindow: undefined,
    quitting: false,
    showMainWindow: () => undefined,
    isMainWindowVisible: () => false,
  };
  return context;
}

/** What the first screen is rendered from: the list `sessions:list` serves, the window's size. */
function firstScreenOf(ctx: AppContext): FirstScreenInput | undefined {
  const window = ctx.mainWindow;
  if (!window || window.isDestroyed()) return undefined;
  const [width = 0, height = 0] = window.getContentSize();
  return { sessions: ctx.core.sessions.list(), now: Date.now(), viewport: { width, height } };
}

async function start(): Promise<void> {
  const dev = devServerUrl();
  setupSecurity({ csp: dev ? devContentSecurityPolicy(dev) : CONTENT_SECURITY_POLICY });
  setupAppMenu();
  const ctx = await createAppContext();
  // Before the window loads index.html: the document then holds the first rows of main's list.
  setupAppProtocol({ firstScreen: () => firstScreenOf(ctx) });
  setupIpc(ctx);
  const settings = await ctx.core.settings.get();
  setupMainWindow(ctx, {
    startHidden: startsHidden({ argv: process.argv, startHidden: settings.startHidden }),
  });
  const quit = setupQuit(ctx);
  setupTray(ctx, quit);
  setupNotifications(ctx);
  const shortcutChanged = await setupGlobalShortcut(ctx);
  const loginItemChanged = setupLoginItem(settings);
  ctx.settingsChanged = (next) => {
    shortcutChanged(next);
    loginItemChanged(next);
  };
  app.on('second-instance', () => ctx.showMainWindow());
}

// Privileged schemes must be registered before the app is ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => {
    console.error('Airlock failed to start', error);
    app.exit(1);
  });
}

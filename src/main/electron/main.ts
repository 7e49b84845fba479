// Electron entry: a list of setupX() calls; each module registers its own handlers.
import { app } from 'electron';
import { CoreEvents } from '../core-events';
import { createCore } from '../create-core';
import { RendererPrompter } from '../ipc/renderer-prompter';
import { createRendererLink } from '../shell/renderer-link';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../shell/window-policy';
import type { AppContext } from './app-context';
import { setupIpc, trustedSender } from './ipc-main';
import { setupNotifications } from './notifications';
import { devServerUrl } from './paths';
import { setupQuit } from './quit';
import { createSamlLogin } from './saml-window';
import { setupSecurity } from './security';
import { setupTray } from './tray';
import { setupMainWindow } from './windows';

async function createAppContext(): Promise<AppContext> {
  const events = new CoreEvents();
  const prompts = new RendererPrompter(events, createSamlLogin());
  const core = await createCore({ events, prompter: prompts, rotate: true });
  const link = createRendererLink({
    core,
    prompts,
    isTrustedSender: trustedSender,
    version: app.getVersion(),
  });
  return {
    core,
    prompts,
    link,
    mainWindow: undefined,
    quitting: false,
    showMainWindow: () => undefined,
    isMainWindowVisible: () => false,
  };
}

async function start(): Promise<void> {
  const dev = devServerUrl();
  setupSecurity({ csp: dev ? devContentSecurityPolicy(dev) : CONTENT_SECURITY_POLICY });
  const ctx = await createAppContext();
  setupIpc(ctx);
  setupMainWindow(ctx, { startHidden: process.argv.includes('--hidden') });
  const quit = setupQuit(ctx);
  setupTray(ctx, quit);
  setupNotifications(ctx);
  app.on('second-instance', () => ctx.showMainWindow());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => {
    console.error('Airlock failed to start', error);
    app.exit(1);
  });
}

// launchApp(): the real renderer in Chromium (or Electron, where its binary exists) on the real
// core. In Chromium the page runs the real preload bundle over stand-ins for contextBridge and
// ipcRenderer, and its messages go through the shell's own RendererLink, every one recorded.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  _electron,
  type Browser,
  type BrowserContext,
  type ElectronApplication,
  type Page,
} from 'playwright-core';
import { CoreEvents } from '../src/main/core-events';
import { createCore, type Core } from '../src/main/create-core';
import { RendererPrompter } from '../src/main/ipc/renderer-prompter';
import type { SendEvent } from '../src/main/shell/event-forwarder';
import { createRendererLink } from '../src/main/shell/renderer-link';
import { KeytarSecretStore } from '../src/main/secrets/keytar-secret-store';
import type { SamlLoginRequest } from '../src/main/sessions/prompter';
import type { Clock } from '../src/main/rotation/clock';
import { EVENT_WIRE_CHANNEL, INVOKE_WIRE_CHANNEL } from '../src/shared/ipc-channels';
import { electronBinary } from './electron-binary';
import {
  APP_ORIGIN,
  APP_URL,
  PRELOAD_BUNDLE,
  launchChromium,
  serveRenderer,
  type CspSource,
} from './browser';

import { CheckUnavailableError, type AppTarget } from './harness-checks';
import { RecordingSecretStore, issuedSecrets } from './recorded-secrets';
import { openSamlPage } from './saml-page';

export {
  CheckUnavailableError,
  UNAVAILABLE_CHECKS,
  type AppTarget,
  type HarnessCheck,
} from './harness-checks';
export { issuedSecrets } from './recorded-secrets';

export interface LaunchOptions {
  /** The STS endpoint the core (and the AWS CLI) talk to. */
  stsEndpoint: string;
  /** Temp HOME; a fresh one (removed on close) when absent. */
  home?: string;
  target?: AppTarget;
  /** Reuse a browser across tests (chromium target); one is launched (and closed) otherwise. */
  browser?: Browser;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Where the page's CSP comes from (chromium target); default both the header and the meta tag. */
  csp?: CspSource;
  /** The Identity Center peer's endpoints, put in the core's env (AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO). */
  ssoEndpoints?: Record<string, string>;
  /** The federation peer's `…/federation` URL, put in the core's env as AIRLOCK_FEDERATION_URL. */
  federationUrl?: string;
  /**
   * Run the core as the app does (chromium target): the rotation scheduler and the expiry notices
   * armed, on this clock (e.g. test-support/manual-clock.ts). Default: not armed, the system clock.
   * The electron target ignores it (its core is the app's own, on the system clock).
   */
  appClock?: Clock;
  /**
   * Resolve launchApp only once the app is live (its shell in #root, not inert: waitInteractive):
   * the served document already holds the first rows, whose handlers are live only after
   * hydration, and a spec's click must not race it. Default true.
   */
  waitInteractive?: boolean;
  /** Awaited before main answers a renderer request on `channel` (chromium target). */
  beforeReply?: (channel: string) => Promise<void>;
}

/**
 * Resolves once the app is live: its shell is in #root and not inert (server-rendered markup is
 * inert until the render after hydration; a client render never is). Read from the DOM and polled
 * from here, not in the page: a spec's page.clock fakes the page's timers, frames and
 * performance marks.
 */
export async function waitInteractive(page: Page, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate("document.querySelector('#root > .app:not([inert])') !== null"))) {
    if (Date.now() > until) throw new Error(`The app was not interactive within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface IpcRecord {
  direction: 'renderer→main' | 'main→renderer';
  /** Contract channel or event name. */
  channel: string;
  /** The message as it crossed, JSON-encoded. */
  json: string;
}

export interface LaunchedApp {
  target: AppTarget;
  page: Page;
  /** A core on the same store, keychain service and files as the app's. */
  core: Core;
  home: string;
  env: Record<string, string>;
  credentialsFile: string;
  configFile: string;
  keychainService: string;
  /** Every IPC message seen so far, both directions; throws CheckUnavailableError on electron. */
  readonly ipc: IpcRecord[];
  /** Every secret the core wrote to the keychain or the credentials file so far in this run. */
  secretsIssued(): Promise<string[]>;
  /** `securitypolicyviolation` events the page saw, as "directive blocked-URI"; rejects on electron. */
  cspViolations: () => Promise<string[]>;
  /** The next SAML login page the core opens (the IdP's page, before the user signs in). */
  nextSamlPage(): Promise<Page>;
  /**
   * The next URL the app opened in the system browser (shell.openExternal's stand-in): an Identity
   * Center sign-in or verification page, or a console sign-in. A spec plays the browser with it.
   * Rejects on electron.
   */
  nextOpenedUrl(): Promise<string>;
  /** What main last wrote to the clipboard (copy env), undefined when nothing. */
  clipboardText(): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * Page-side source, run before any page script in every frame: stand-ins for the two modules the
 * sandboxed preload may require from electron, then the real preload bundle in a CommonJS
 * wrapper. `contextBridge.exposeInMainWorld` defines a frozen copy on window, as the bridge does;
 * `ipcRenderer.invoke` calls one binding into this process; the harness delivers an event by
 * calling the listeners `ipcRenderer.on` registered. Any other `require` throws.
 */
function preloadScript(bundle: string): string {
  return `(() => {
  const violations = [];
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  Object.defineProperty(window, '__airlockCspViolations', { value: violations });
  const wireListeners = [];
  Object.defineProperty(window, '__airlockIpcSend', {
    value: (channel, ...args) => { for (const [c, fn] of wireListeners) if (c === channel) fn({}, ...args); },
  });
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: Object.freeze({ ...api }) }),
    },
    ipcRenderer: {
      invoke: (channel, ...args) => window.__airlockIpcInvoke(channel, ...args),
      on(channel, listener) { wireListeners.push([channel, listener]); return this; },
    },
  };
  const require = (id) => {
    if (id === 'electron') return electron;
    throw new Error('the sandboxed preload required ' + id + ': only electron is available to it');
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${bundle}
  })(require, module, module.exports);
})();`;
}

async function makeHome(options: LaunchOptions) {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'airlock-e2e-')));
  const keychainService = `airlock-e2e-${randomUUID().slice(0, 8)}`;
  const credentialsFile = join(home, '.aws', 'credentials');
  const configFile = join(home, '.aws', 'config');
  const env: Record<string, string> = {
    HOME: home,
    AIRLOCK_HOME: join(home, '.config', 'Airlock'),
    AIRLOCK_KEYCHAIN_SERVICE: keychainService,
    AWS_ENDPOINT_URL_STS: options.stsEndpoint,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_CONFIG_FILE: configFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.ssoEndpoints,
    ...(options.federationUrl ? { AIRLOCK_FEDERATION_URL: options.federationUrl } : {}),
  };
  return { home, keychainService, credentialsFile, configFile, env };
}

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  return options.target === 'electron' ? launchElectron(options) : launchInChromium(options);
}

async function launchInChromium(options: LaunchOptions): Promise<LaunchedApp> {
  const paths = await makeHome(options);
  const ipc: IpcRecord[] = [];
  const clipboardTexts: string[] = [];
  const browser = options.browser ?? (await launchChromium());
  const viewport = options.viewport ?? { width: 1100, height: 720 };
  const context: BrowserContext = await browser.newContext({
    viewport,
    colorScheme: options.colorScheme ?? 'light',
  });
  // index.html as the app scheme serves it: the first screen rendered from the core's list, at the
  // window's size (src/main/electron/main.ts does the same with the window's content size).
  await serveRenderer(context, {
    csp: options.csp ?? 'header+meta',
    firstScreen: () => ({ sessions: core.sessions.list(), now: Date.now(), viewport }),
  });

  const samlWaiters: ((page: Page) => void)[] = [];
  const samlPages: Page[] = [];
  const samlLogin = (request: SamlLoginRequest): Promise<string> =>
    openSamlPage(
      context,
      request,
      async () => (await core.settings.get()).samlAllowedOrigins,
      (page) => {
        const waiter = samlWaiters.shift();
        if (waiter) waiter(page);
        else samlPages.push(page);
      },
    );

  // shell.openExternal's stand-in (the prompter's and the router's): the URL waits for a spec to open it.
  const urlWaiters: ((url: string) => void)[] = [];
  const openedUrls: string[] = [];
  const openExternal = async (url: string): Promise<void> => {
    const waiter = urlWaiters.shift();
    if (waiter) waiter(url);
    else openedUrls.push(url);
  };

  const events = new CoreEvents();
  const prompts = new RendererPrompter(events, samlLogin, openExternal);
  const secrets = new RecordingSecretStore(new KeytarSecretStore(paths.keychainService));
  const core = await createCore({
    env: paths.env,
    homeDir: paths.home,
    airlockHome: paths.env.AIRLOCK_HOME,
    secrets,
    prompter: prompts,
    events,
    ...(options.appClock ? { clock: options.appClock, rotate: true } : { rotate: false }),
  });
  const link = createRendererLink({
    core,
    prompts,
    // The page is ours when it is the routed app origin, as ipc-main trusts app://airlock/.
    isTrustedSender: (url) => url.startsWith(`${APP_ORIGIN}/`),
    version: 'e2e',
    openExternal,
    // As the shell clears the SAML partitions: here the IdP pages share the context's cookies.
    forgetSamlLogins: async () => {
      const stored = (await context.cookies()).length;
      await context.clearCookies();
      return stored;
    },
    // As the shell's clipboard.writeText: main's text, kept here for the spec to read.
    clipboard: { writeText: (text) => void clipboardTexts.push(text) },
  });

  const page = await context.newPage();
  // File mode puts issued credentials in the credentials file too: note them as sessions change.
  const fromFile = new Set<string>();
  const readIssued = async (): Promise<void> => {
    for (const secret of await issuedSecrets(paths.credentialsFile)) fromFile.add(secret);
  };
  events.on('session:changed', () => void readIssued());
  // As windows.ts does on did-start-loading: a reloaded page must say app:ready again.
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) link.pageGone();
  });

  // ipcMain's side: one handler on the invoke wire channel, as ipc-main.ts registers.
  await page.exposeBinding(
    '__airlockIpcInvoke',
    async (source, wireChannel: unknown, message: unknown) => {
      if (wireChannel !== INVOKE_WIRE_CHANNEL) {
        throw new Error(`No handler registered for '${String(wireChannel)}'`);
      }
      const { channel, payload } = (message ?? {}) as { channel?: unknown; payload?: unknown };
      ipc.push({
        direction: 'renderer→main',
        channel: String(channel),
        json: JSON.stringify(payload ?? null),
      });
      // webContents.send, for the page that asked: into the preload's ipcRenderer.on listeners.
      const send: SendEvent = (event, eventPayload) => {
        ipc.push({
          direction: 'main→renderer',
          channel: event,
          json: JSON.stringify(eventPayload),
        });
        source.page
          .evaluate(
            ([wire, name, value]) =>
              (
                globalThis as unknown as {
                  __airlockIpcSend(c: string, e: string, p: unknown): void;
                }
              ).__airlockIpcSend(wire, name, value),
            [EVENT_WIRE_CHANNEL, event, eventPayload] as const,
          )
          .catch(() => undefined);
      };
      await options.beforeReply?.(String(channel));
      const result = await link.invoke(message, { url: source.frame.url(), send });
      ipc.push({
        direction: 'main→renderer',
        channel: String(channel),
        json: JSON.stringify(result),
      });
      return result;
    },
  );
  await page.addInitScript({ content: preloadScript(await readFile(PRELOAD_BUNDLE, 'utf8')) });
  await page.goto(APP_URL);
  if (options.waitInteractive !== false) await waitInteractive(page);

  return {
    target: 'chromium',
    page,
    core,
    ...paths,
    ipc,
    secretsIssued: async () => {
      await readIssued();
      return [...new Set([...secrets.written, ...fromFile])];
    },
    cspViolations: () =>
      page.evaluate(() => [
        ...(globalThis as unknown as { __airlockCspViolations: string[] }).__airlockCspViolations,
      ]),
    nextSamlPage: () => {
      // A login the IdP answered at once (a remembered SSO session) closed its page already.
      while (samlPages[0]?.isClosed()) samlPages.shift();
      const ready = samlPages.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise<Page>((resolvePage) => samlWaiters.push(resolvePage));
    },
    clipboardText: async () => clipboardTexts.at(-1),
    nextOpenedUrl: () => {
      const ready = openedUrls.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise<string>((resolveUrl) => urlWaiters.push(resolveUrl));
    },
    close: async () => {
      link.dispose();
      await context.close().catch(() => undefined);
      if (!options.browser) await browser.close().catch(() => undefined);
      await cleanUp(core, paths.keychainService, paths.home, !options.home);
    },
  };
}

async function cleanUp(core: Core, service: string, home: string, removeHome: boolean) {
  await core.dispose().catch(() => undefined);
  // The keychain service is unique to this run; leave nothing behind in it.
  // Through the store: its calls are serialised with the core's (concurrent libsecret calls in one
  // process fail, and have crashed a worker).
  await new KeytarSecretStore(service).deleteAll().catch(() => 0);
  if (removeHome) await rm(home, { recursive: true, force: true });
}

/**
 * The same app as a real Electron process: its core lives in the main process; the harness's
 * core shares its store, files and keychain service (as the CLI does beside the app).
 */
async function launchElectron(options: LaunchOptions): Promise<LaunchedApp> {
  const executablePath = electronBinary();
  if (!executablePath) throw new Error('no Electron binary is installed');
  const paths = await makeHome(options);
  const core = await createCore({
    env: paths.env,
    homeDir: paths.home,
    airlockHome: paths.env.AIRLOCK_HOME,
    secrets: new KeytarSecretStore(paths.keychainService),
    rotate: false,
  });
  const app: ElectronApplication = await _electron.launch({
    executablePath,
    args: [resolve(import.meta.dirname, '..', 'out', 'main', 'index.js')],
    env: { ...(process.env as Record<string, string>), ...paths.env },
  });
  const page = await app.firstWindow();
  if (options.waitInteractive !== false) await waitInteractive(page);
  const windows: Page[] = [];
  app.on('window', (window) => windows.push(window));
  return {
    target: 'electron',
    page,
    core,
    ...paths,
    get ipc(): IpcRecord[] {
      throw new CheckUnavailableError('ipc', 'electron');
    },
    secretsIssued: () => issuedSecrets(paths.credentialsFile),
    cspViolations: () => Promise.reject(new CheckUnavailableError('cspViolations', 'electron')),
    nextSamlPage: async () => windows.shift() ?? app.waitForEvent('window'),
    nextOpenedUrl: () => Promise.reject(new CheckUnavailableError('openedUrls', 'electron')),
    clipboardText: async () =>
      (await app.evaluate(({ clipboard }) => clipboard.readText())) || undefined,
    close: async () => {
      await app.close().catch(() => undefined);
      await cleanUp(core, paths.keychainService, paths.home, !options.home);
    },
  };
}

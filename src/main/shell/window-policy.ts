// The security policy of every Electron window, as plain data and checks: the shell applies it,
// vitest proves it, and nothing here imports electron.
import { APP_ENTRY_PATH, APP_ORIGIN } from './app-protocol';

const META_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/**
 * What index.html's `<meta http-equiv="Content-Security-Policy">` carries: the whole policy but
 * `frame-ancestors`, which browsers ignore in a meta tag. The app:// handler also sends the header.
 */
export const META_CONTENT_SECURITY_POLICY = META_DIRECTIVES.join('; ');

/** The one policy for the app's pages, as the response header the shell sets. */
export const CONTENT_SECURITY_POLICY = [...META_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * Development only: the Vite dev server injects an inline React Refresh preamble and talks HMR
 * over a WebSocket. Never used for a packaged app.
 */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const { host } = new URL(devServerUrl);
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'none'", `connect-src ws://${host} http://${host}`);
}

/** webPreferences of the main window: isolated, sandboxed, no Node, web security on. */
export const MAIN_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
} as const;

/** DevTools only in development: a packaged app gives nobody a console inside the trusted page. */
export function mainWindowOptions(preloadPath: string, options: { packaged: boolean }) {
  return {
    width: 980,
    height: 660,
    minWidth: 720,
    minHeight: 440,
    title: 'Airlock',
    show: false,
    autoHideMenuBar: true,
    webPreferences: { ...MAIN_WEB_PREFERENCES, devTools: !options.packaged, preload: preloadPath },
  } as const;
}

export type SecurityDecision =
  'deny' | 'allow-idp-origins' | 'set-csp-header' | 'drop-untrusted' | 'serve-app-files';

/** Every handler the shell installs, by hook, with what it decides. Kept as data for review and tests. */
export const SECURITY_HANDLERS: readonly {
  hook: string;
  scope: string;
  decision: SecurityDecision;
}[] = [
  { hook: 'webContents.on(will-navigate)', scope: 'main window', decision: 'deny' },
  { hook: 'webContents.on(will-redirect)', scope: 'main window', decision: 'deny' },
  { hook: 'webContents.on(will-navigate)', scope: 'SAML window', decision: 'allow-idp-origins' },
  { hook: 'webContents.on(will-redirect)', scope: 'SAML window', decision: 'allow-idp-origins' },
  { hook: 'webContents.setWindowOpenHandler', scope: 'all windows', decision: 'deny' },
  { hook: 'webContents.on(will-attach-webview)', scope: 'all windows', decision: 'deny' },
  { hook: 'session.setPermissionRequestHandler', scope: 'all sessions', decision: 'deny' },
  { hook: 'session.setPermissionCheckHandler', scope: 'all sessions', decision: 'deny' },
  { hook: 'protocol.handle(app)', scope: 'app pages', decision: 'set-csp-header' },
  { hook: 'protocol.handle(app)', scope: 'out/renderer only', decision: 'serve-app-files' },
  { hook: 'session.webRequest.onHeadersReceived', scope: 'dev server', decision: 'set-csp-header' },
  {
    hook: 'ipcMain.handle(airlock:invoke)',
    scope: 'untrusted senders',
    decision: 'drop-untrusted',
  },
];

export interface TrustedOrigins {
  /** The electron-vite dev server, only in development. */
  devServerUrl?: string;
}

/** Whether an IPC message comes from our own page: app://airlock/ or the dev server. */
export function isTrustedSenderUrl(url: string, trusted: TrustedOrigins): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'app:') {
    // Node gives a non-special scheme the origin "null", so compare the parts.
    return (
      `${parsed.protocol}//${parsed.host}` === APP_ORIGIN &&
      parsed.pathname === APP_ENTRY_PATH &&
      !parsed.username &&
      !parsed.password
    );
  }
  if (!trusted.devServerUrl) return false;
  const dev = new URL(trusted.devServerUrl);
  return (
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    parsed.origin === dev.origin &&
    ['localhost', '127.0.0.1', '[::1]'].includes(dev.hostname)
  );
}

/** The main window never navigates: the app is one page. */
export function mayMainWindowNavigate(_url: string): boolean {
  return false;
}

/** Response headers with our CSP, replacing any the response carried in whatever case. */
export function withCspHeader(
  headers: Record<string, string[] | string> | undefined,
  policy = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}

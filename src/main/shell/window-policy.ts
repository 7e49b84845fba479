// The security policy of every Electron window, as plain data and checks: the shell applies it,
// vitest proves it, and nothing here imports electron.
import { createHash } from 'node:crypto';
import { isSamlSigninUrl } from '../saml/saml-response';

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
 * `frame-ancestors`, which browsers ignore in a meta tag. A file:// page gets only this.
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

export function mainWindowOptions(preloadPath: string) {
  return {
    width: 980,
    height: 660,
    minWidth: 720,
    minHeight: 440,
    title: 'Airlock',
    show: false,
    autoHideMenuBar: true,
    webPreferences: { ...MAIN_WEB_PREFERENCES, preload: preloadPath },
  } as const;
}

/**
 * The SAML window shows the IdP's own pages: no preload, no Node, its own persistent partition
 * per IdP (so an SSO cookie survives restarts but is shared with nothing else).
 */
export function samlWindowOptions(idpUrl: string) {
  return {
    width: 520,
    height: 720,
    title: 'Sign in',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      ...MAIN_WEB_PREFERENCES,
      partition: samlPartition(idpUrl),
    },
  } as const;
}

export function samlPartition(idpUrl: string): string {
  return `persist:saml-${createHash('sha256').update(idpUrl).digest('hex').slice(0, 16)}`;
}

export type SecurityDecision = 'deny' | 'allow-https-only' | 'set-csp-header' | 'drop-untrusted';

/** Every handler the shell installs, by hook, with what it decides. Kept as data for review and tests. */
export const SECURITY_HANDLERS: readonly {
  hook: string;
  scope: string;
  decision: SecurityDecision;
}[] = [
  { hook: 'webContents.on(will-navigate)', scope: 'main window', decision: 'deny' },
  { hook: 'webContents.on(will-redirect)', scope: 'main window', decision: 'deny' },
  { hook: 'webContents.on(will-navigate)', scope: 'SAML window', decision: 'allow-https-only' },
  { hook: 'webContents.setWindowOpenHandler', scope: 'all windows', decision: 'deny' },
  { hook: 'webContents.on(will-attach-webview)', scope: 'all windows', decision: 'deny' },
  { hook: 'session.setPermissionRequestHandler', scope: 'all sessions', decision: 'deny' },
  { hook: 'session.setPermissionCheckHandler', scope: 'all sessions', decision: 'deny' },
  { hook: 'session.webRequest.onHeadersReceived', scope: 'app pages', decision: 'set-csp-header' },
  {
    hook: 'ipcMain.handle(airlock:invoke)',
    scope: 'untrusted senders',
    decision: 'drop-untrusted',
  },
];

export interface TrustedOrigins {
  /** file:// URL of the packaged index.html. */
  appFileUrl: string;
  /** The electron-vite dev server, only in development. */
  devServerUrl?: string;
}

/** Whether an IPC message comes from our own page: the app's index.html or the dev server. */
export function isTrustedSenderUrl(url: string, trusted: TrustedOrigins): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    const app = new URL(trusted.appFileUrl);
    return parsed.pathname === app.pathname && parsed.host === app.host;
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

/** IdP pages may move around over HTTPS (and loopback HTTP for a local test IdP). */
export function maySamlWindowNavigate(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return (
      parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
    );
  } catch {
    return false;
  }
}

export { isSamlSigninUrl };

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

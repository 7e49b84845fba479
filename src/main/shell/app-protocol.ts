// The app:// scheme the shell serves the built renderer from, instead of file:// (issue 11, Low 3):
// which request maps to which file under out/renderer, with its MIME type. No electron import.
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'airlock';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_PATH = '/index.html';
/** What the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}${APP_ENTRY_PATH}`;

/**
 * Registered before `ready`: standard (so relative URLs and origins work as on the web) and
 * secure (a secure context, like https), with V8's code cache (`codeCache`, which needs `standard`):
 * from the second launch on, the renderer's bundle is not compiled again. No fetch, no service
 * workers, no CORS bypass.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, codeCache: true },
} as const;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export type AppResource =
  { kind: 'file'; path: string; mimeType: string } | { kind: 'refused'; status: 400 | 403 | 404 };

/**
 * Maps an app:// URL to a file inside `rootDir` (out/renderer). Another host, an encoded
 * separator, a NUL or any path that leaves the root is refused; so is a type we do not serve.
 */
export function resolveAppRequest(url: string, rootDir: string): AppResource {
  if (!URL.canParse(url)) return { kind: 'refused', status: 400 };
  const parsed = new URL(url);
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) {
    return { kind: 'refused', status: 403 };
  }
  if (parsed.username || parsed.password) return { kind: 'refused', status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname === '/' ? APP_ENTRY_PATH : parsed.pathname);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  // %2F, %5C and %00 decode to characters a path must never get from a URL.
  if (/[\\\0]/.test(pathname) || /%2f|%5c/i.test(parsed.pathname)) {
    return { kind: 'refused', status: 400 };
  }
  const root = resolve(rootDir);
  const path = resolve(root, `.${pathname}`);
  const inside = relative(root, path);
  if (!inside || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { kind: 'refused', status: 403 };
  }
  const mimeType = MIME_TYPES[extname(path).toLowerCase()];
  if (!mimeType) return { kind: 'refused', status: 404 };
  return { kind: 'file', path, mimeType };
}

// Chromium for the harness, screenshots and bench: launch flags, and the built renderer served
// from a routed origin (module scripts do not load from file:// in a plain browser).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../src/main/shell/window-policy';
import {
  readStream,
  streamAppDocument,
  type AppDocumentStream,
  type FirstScreenSource,
} from '../src/main/shell/app-document';

export type { FirstScreenSource };

export const CHROMIUM_PATH = process.env.AIRLOCK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where `electron-vite build` puts the renderer. */
export const RENDERER_DIR = resolve(import.meta.dirname, '..', 'out', 'renderer');
/** Where it puts the first screen's server render, which the app scheme loads (paths.ts). */
export const FIRST_SCREEN_BUNDLE = resolve(
  import.meta.dirname,
  '..',
  'out',
  'main',
  'first-screen.js',
);
/** Where it puts the sandboxed preload (the file electron/paths.ts hands the main window). */
export const PRELOAD_BUNDLE = resolve(import.meta.dirname, '..', 'out', 'preload', 'index.cjs');
/** The origin the renderer is served from in Chromium; nothing listens there, routes answer. */
export const APP_ORIGIN = 'http://airlock.test';
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** The CSP the Electron shell sets on its responses, so the browser enforces the same policy. */
export { CONTENT_SECURITY_POLICY };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Chromium on a profile kept on disk, as the app's window has (Electron's default session): V8's
 * code cache and the HTTP cache carry over between loads. A context from `browser.newContext()` is
 * off the record and keeps no code cache, so each load there compiles the bundle again.
 */
export async function launchPersistentChromium(
  userDataDir: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
  });
}

interface StaticReply {
  status: number;
  /** index.html comes as the shell streams it, part by part. */
  body: Buffer | string | AppDocumentStream;
  headers: Record<string, string>;
}

/**
 * Where the page's CSP comes from. `header+meta` is how the harness serves by default (the header
 * the shell sets, and index.html's meta tag); `meta` is the packaged app's file:// page, which
 * gets no response header; `header` drops the meta tag, to test the header alone.
 */
export type CspSource = 'header+meta' | 'meta' | 'header';

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i;

/** The renderer file for a URL path, its CSP from `csp`; 403 outside dir, 404 when missing. */
async function rendererFile(
  dir: string,
  urlPath: string,
  csp: CspSource = 'header+meta',
  firstScreen?: FirstScreenSource,
): Promise<StaticReply> {
  const path = normalize(decodeURIComponent(urlPath));
  const file = join(dir, path === '/' ? 'index.html' : path);
  if (!file.startsWith(dir)) return { status: 403, body: 'forbidden', headers: {} };
  let body: StaticReply['body'];
  try {
    // The document as the shell serves it: its own module renders the first screen into it.
    body =
      file === join(dir, 'index.html')
        ? await streamAppDocument(file, FIRST_SCREEN_BUNDLE, firstScreen, (error) =>
            console.error('The first screen did not render:', error),
          )
        : await readFile(file);
  } catch {
    return { status: 404, body: 'not found', headers: {} };
  }
  if (csp === 'header' && extname(file) === '.html') {
    const html = await wholeText(body);
    if (!CSP_META.test(html)) throw new Error(`${file} has no CSP meta tag to drop`);
    body = html.replace(CSP_META, '');
  }
  return {
    status: 200,
    body,
    headers: {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      ...(csp === 'meta' ? {} : { 'content-security-policy': CONTENT_SECURITY_POLICY }),
    },
  };
}

const isStream = (body: StaticReply['body']): body is AppDocumentStream =>
  typeof body !== 'string' && !Buffer.isBuffer(body);

const wholeText = async (body: StaticReply['body']): Promise<string> =>
  isStream(body) ? readStream(body) : body.toString('utf8');

/**
 * Answers every request to APP_ORIGIN from RENDERER_DIR, with the CSP from `csp`; index.html
 * with the first screen of `firstScreen` rendered into it, when given.
 */
export async function serveRenderer(
  context: BrowserContext,
  {
    dir = RENDERER_DIR,
    csp = 'header+meta',
    firstScreen,
  }: { dir?: string; csp?: CspSource; firstScreen?: FirstScreenSource } = {},
): Promise<void> {
  await context.route(`${APP_ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    // Playwright's routing cannot stream a body: the document goes as one text.
    const reply = await rendererFile(dir, pathname, csp, firstScreen);
    await route.fulfill({
      ...reply,
      body: isStream(reply.body) ? await readStream(reply.body) : reply.body,
    });
  });
}

/**
 * Serves RENDERER_DIR over loopback HTTP. Playwright's request routing costs a round trip to this
 * process per file, which a load-time benchmark must not count; a real server is closer to file://.
 */
export async function startRendererServer(
  dir = RENDERER_DIR,
  extra: Record<string, string> = {},
  firstScreen?: FirstScreenSource,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const page = extra[url.pathname];
    const reply: Promise<StaticReply> =
      page !== undefined
        ? Promise.resolve({ status: 200, body: page, headers: { 'content-type': 'text/html' } })
        : rendererFile(dir, url.pathname, 'header+meta', firstScreen);
    void reply.then(({ status, body, headers }) => {
      // Hashed bundles are immutable, so Chromium may keep their compiled code (V8's code cache)
      // between loads, as the app's scheme does with `codeCache` (src/main/shell/app-protocol.ts).
      const immutable = status === 200 && url.pathname.startsWith('/assets/');
      response.writeHead(
        status,
        immutable
          ? { ...headers, 'cache-control': 'public, max-age=31536000, immutable' }
          : headers,
      );
      if (!isStream(body)) return void response.end(body);
      // The document part by part, as the app scheme streams it: the head before the render.
      void (async () => {
        for await (const part of body) response.write(part);
        response.end();
      })();
    });
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolvePromise) => server.close(() => resolvePromise())),
  };
}

// An app:// request → the response the scheme gives (status, body, headers): the file
// resolveAppRequest maps it to, with our CSP as a real header, and index.html streamed with the
// first screen rendered into it when main has one to give (its head goes out before the render).
// electron/app-protocol.ts wraps it in a Response.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { streamAppDocument, type AppDocumentStream, type FirstScreenSource } from './app-document';
import { APP_ENTRY_PATH, resolveAppRequest } from './app-protocol';

export interface AppResponse {
  status: number;
  /** A file's bytes, or index.html as a stream of parts (see app-document.ts). */
  body: Buffer | AppDocumentStream | null;
  headers: Record<string, string>;
}

export interface AppResponseOptions {
  rendererDir: string;
  /** The first screen's server render (out/main/first-screen.js). */
  firstScreenBundle: string;
  csp: string;
  /** Main's session views and the window's size, asked for only when index.html is served. */
  firstScreen?: FirstScreenSource;
  /** Where a failed render is reported; the plain index.html is served then. */
  onRenderError?: (error: unknown) => void;
}

export async function appResponse(url: string, options: AppResponseOptions): Promise<AppResponse> {
  const resource = resolveAppRequest(url, options.rendererDir);
  if (resource.kind === 'refused') return { status: resource.status, body: null, headers: {} };
  const headers = {
    'content-type': resource.mimeType,
    'content-security-policy': options.csp,
    'x-content-type-options': 'nosniff',
  };
  try {
    if (resource.path !== join(options.rendererDir, APP_ENTRY_PATH)) {
      return { status: 200, body: await readFile(resource.path), headers };
    }
    const body = await streamAppDocument(
      resource.path,
      options.firstScreenBundle,
      options.firstScreen,
      options.onRenderError ?? (() => undefined),
    );
    return { status: 200, body, headers };
  } catch {
    return { status: 404, body: null, headers: {} };
  }
}

// Serves the built renderer from app://airlock/ (src/main/shell/app-response.ts decides what),
// with our CSP as a real response header, so frame-ancestors applies too; index.html as a stream,
// so its head (the bundle's module script) reaches the window before main has rendered the rows.
import { protocol } from 'electron';
import type { FirstScreenInput } from '../../shared/first-screen';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from '../shell/app-protocol';
import { appResponse, type AppResponse } from '../shell/app-response';
import { CONTENT_SECURITY_POLICY } from '../shell/window-policy';
import { FIRST_SCREEN_BUNDLE, RENDERER_DIR } from './paths';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/**
 * `firstScreen` gives main's session views and the window's size when index.html is requested:
 * the document then holds the first rows, rendered by the renderer's own components.
 */
export function setupAppProtocol(
  options: { csp?: string; firstScreen?: () => FirstScreenInput | undefined } = {},
): void {
  const settings = {
    rendererDir: RENDERER_DIR,
    firstScreenBundle: FIRST_SCREEN_BUNDLE,
    csp: options.csp ?? CONTENT_SECURITY_POLICY,
    firstScreen: options.firstScreen,
    onRenderError: (error: unknown) =>
      console.error(
        'Airlock could not render the first screen; the window renders it itself.',
        error,
      ),
  };
  protocol.handle(APP_SCHEME, async (request) => {
    const { status, body, headers } = await appResponse(request.url, settings);
    return new Response(responseBody(body), { status, headers });
  });
}

/** A file's bytes as they are; the document's parts as a byte stream, each sent as it comes. */
function responseBody(body: AppResponse['body']): Buffer | ReadableStream<Uint8Array> | null {
  if (body === null || Buffer.isBuffer(body)) return body;
  const encoder = new TextEncoder();
  return ReadableStream.from(
    (async function* () {
      for await (const part of body) yield encoder.encode(part);
    })(),
  );
}

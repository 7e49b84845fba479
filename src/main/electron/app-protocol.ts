// Serves the built renderer from app://airlock/ (src/main/shell/app-protocol.ts decides which
// file), with our CSP as a real response header, so frame-ancestors applies too.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { protocol } from 'electron';
import type { FirstScreenInput } from '../../shared/first-screen';
import {
  APP_ENTRY_PATH,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  resolveAppRequest,
} from '../shell/app-protocol';
import { readAppDocument } from '../shell/app-document';
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
  const csp = options.csp ?? CONTENT_SECURITY_POLICY;
  // A failed server render costs only the head start: the renderer then renders on its own.
  const firstScreenDocument = async (indexPath: string): Promise<string | undefined> => {
    const input = options.firstScreen?.();
    if (!input) return undefined;
    try {
      return await readAppDocument(indexPath, FIRST_SCREEN_BUNDLE, input);
    } catch (error) {
      console.error(
        'Airlock could not render the first screen; the window renders it itself.',
        error,
      );
      return undefined;
    }
  };
  protocol.handle(APP_SCHEME, async (request) => {
    const resource = resolveAppRequest(request.url, RENDERER_DIR);
    if (resource.kind === 'refused') return new Response(null, { status: resource.status });
    try {
      const isEntry = resource.path === join(RENDERER_DIR, APP_ENTRY_PATH);
      const body =
        (isEntry && (await firstScreenDocument(resource.path))) || (await readFile(resource.path));
      return new Response(body, {
        headers: {
          'content-type': resource.mimeType,
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}

// Serves the built renderer from app://airlock/ (src/main/shell/app-protocol.ts decides which
// file), with our CSP as a real response header, so frame-ancestors applies too.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, resolveAppRequest } from '../shell/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../shell/window-policy';
import { RENDERER_DIR } from './paths';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export function setupAppProtocol(options: { csp?: string } = {}): void {
  const csp = options.csp ?? CONTENT_SECURITY_POLICY;
  protocol.handle(APP_SCHEME, async (request) => {
    const resource = resolveAppRequest(request.url, RENDERER_DIR);
    if (resource.kind === 'refused') return new Response(null, { status: resource.status });
    try {
      const body = await readFile(resource.path);
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

// Applies src/main/shell/window-policy.ts: deny new windows, webviews, permissions; lock navigation; CSP header.
import { app, session, type Session, type WebContents } from 'electron';
import { withCspHeader } from '../shell/window-policy';

/** App-wide: every webContents, whoever creates it, opens no windows and attaches no webviews. */
export function setupSecurity(options: { csp: string }): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  hardenSession(session.defaultSession, options);
}

/**
 * No permission (camera, notifications, clipboard…) is ever granted to page content. This CSP
 * header covers HTTP responses (the dev server); app:// pages get it from their protocol handler.
 */
export function hardenSession(target: Session, options: { csp?: string }): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  const policy = options.csp;
  if (policy) {
    target.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
    });
  }
}

/** Cancels any navigation or redirect the policy does not allow. */
export function lockNavigation(contents: WebContents, may: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!may(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!may(event.url)) event.preventDefault();
  });
}

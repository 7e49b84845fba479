// SAML login in its own window: the IdP's pages in a per-IdP partition; the POST of the SAMLResponse
// to the AWS sign-in endpoint is caught, cancelled, and its assertion handed to the core.
import { BrowserWindow, type UploadData } from 'electron';
import { AirlockError } from '../airlock-error';
import { SAML_SIGNIN_URLS, extractSamlResponseFromFormBody } from '../saml/saml-response';
import type { SamlLoginRequest } from '../sessions/prompter';
import { maySamlWindowNavigate, samlWindowOptions } from '../shell/window-policy';
import { hardenSession, lockNavigation } from './security';

export interface SamlWindowOptions {
  /** Give up after this long; default 5 minutes. */
  timeoutMs?: number;
  /** Show the window only if no SAML POST came this long after the page was ready. */
  revealDelayMs?: number;
}

function uploadBody(uploadData: UploadData[] | undefined): string {
  return Buffer.concat(
    (uploadData ?? []).flatMap((part) => (part.bytes ? [part.bytes] : [])),
  ).toString('utf8');
}

export function createSamlLogin(
  options: SamlWindowOptions = {},
): (request: SamlLoginRequest) => Promise<string> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const revealDelayMs = options.revealDelayMs ?? 1_500;

  return (request) =>
    new Promise<string>((resolve, reject) => {
      const window = new BrowserWindow(samlWindowOptions(request.idpUrl));
      const contents = window.webContents;
      const ses = contents.session;
      // The IdP's pages keep their own CSP: ours would break them.
      hardenSession(ses, {});
      lockNavigation(contents, maySamlWindowNavigate);

      let settled = false;
      let posted = false;
      let reveal: ReturnType<typeof setTimeout> | undefined;
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(reveal);
        ses.webRequest.onBeforeRequest(null);
        if (!window.isDestroyed()) window.destroy();
        settle();
      };

      ses.webRequest.onBeforeRequest(
        { urls: SAML_SIGNIN_URLS.map((url) => `${url}*`) },
        (details, callback) => {
          if (details.method !== 'POST') return callback({});
          posted = true;
          const saml = extractSamlResponseFromFormBody(uploadBody(details.uploadData));
          // The assertion never reaches AWS's console sign-in: it is ours to exchange with STS.
          callback({ cancel: true });
          finish(() =>
            saml
              ? resolve(saml)
              : reject(
                  new AirlockError(
                    'SAML_INVALID',
                    `The IdP for session ${request.sessionName} posted no SAMLResponse.`,
                  ),
                ),
          );
        },
      );

      // An IdP with a live SSO cookie posts at once: show nothing then, so a refresh never flashes.
      window.once('ready-to-show', () => {
        reveal = setTimeout(() => {
          if (!posted && !settled) window.show();
        }, revealDelayMs);
      });
      window.on('closed', () =>
        finish(() =>
          reject(
            new AirlockError(
              'PROMPT_CANCELLED',
              `SAML login for session ${request.sessionName} was closed before it finished.`,
            ),
          ),
        ),
      );
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new AirlockError(
                'PROMPT_CANCELLED',
                `SAML login for session ${request.sessionName} timed out after ${Math.round(timeoutMs / 60_000)} minutes; start it again to retry.`,
              ),
            ),
          ),
        timeoutMs,
      );
      // The cancelled POST aborts the load; that rejection is expected, not an error.
      window.loadURL(request.idpUrl).catch(() => undefined);
    });
}

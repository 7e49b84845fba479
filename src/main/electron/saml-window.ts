// SAML login in its own window: the IdP's pages in a per-IdP partition, kept on the IdP's origin
// and the user's allow-list (saml-window-policy.ts); the POST of the SAMLResponse to the AWS
// sign-in endpoint is caught by the partition's one listener, routed to this window's login
// (shell/saml-signin-router.ts), cancelled, and its assertion handed to the core.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  session,
  type OnBeforeRequestListenerDetails,
  type UploadData,
} from 'electron';
import { AirlockError } from '../airlock-error';
import { extractSamlResponseFromFormBody } from '../saml/saml-response';
import type { SamlLoginRequest } from '../sessions/prompter';
import { SamlSigninRouter } from '../shell/saml-signin-router';
import {
  mayOpenIdpUrl,
  maySamlSigninPostFrom,
  maySamlWindowVisit,
  samlPartition,
  samlPartitions,
  samlSigninPostRefusal,
  samlWindowOptions,
  samlWindowTitle,
  savedSamlPartitions,
  type SamlWindowScope,
} from '../shell/saml-window-policy';
import type { Settings } from '../../shared/settings';
import { hardenSession, lockNavigation } from './security';

export interface SamlWindowOptions {
  /** The settings at the time of each login: the allow-list and persistence. */
  settings: () => Promise<Pick<Settings, 'samlAllowedOrigins' | 'samlPersistentLogin'>>;
  /** Give up after this long; default 5 minutes. */
  timeoutMs?: number;
  /** Show the window only if no SAML POST came this long after the page was ready. */
  revealDelayMs?: number;
}

type SignInDetails = OnBeforeRequestListenerDetails;

/** One per app: each partition's one sign-in listener, handing each POST to its window's login. */
const signins = new SamlSigninRouter<SignInDetails>(
  (partition) => session.fromPartition(partition).webRequest,
);

function uploadBody(uploadData: UploadData[] | undefined): string {
  return Buffer.concat(
    (uploadData ?? []).flatMap((part) => (part.bytes ? [part.bytes] : [])),
  ).toString('utf8');
}

export function createSamlLogin(
  options: SamlWindowOptions,
): (request: SamlLoginRequest) => Promise<string> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const revealDelayMs = options.revealDelayMs ?? 1_500;

  return async (request) => {
    // The stored URL predates the https rule, or was written by hand: never load it then.
    if (!mayOpenIdpUrl(request.idpUrl)) {
      throw new AirlockError(
        'SAML_INVALID',
        `The IdP URL of session ${request.sessionName} is not https (plain http is allowed only on this machine). Edit the session.`,
      );
    }
    const settings = await options.settings();
    const scope: SamlWindowScope = {
      idpUrl: request.idpUrl,
      allowedOrigins: settings.samlAllowedOrigins,
    };
    const persistent = settings.samlPersistentLogin;
    const partition = samlPartition(request.idpUrl, persistent);

    return new Promise<string>((resolve, reject) => {
      const window = new BrowserWindow(
        samlWindowOptions(request, { persistent, packaged: app.isPackaged }),
      );
      const contents = window.webContents;
      // The IdP's pages keep their own CSP: ours would break them.
      hardenSession(contents.session, {});
      const may = (url: string): boolean => maySamlWindowVisit(url, scope);
      lockNavigation(contents, may);
      // A popup (some IdPs' MFA step) opens in this window when allowed, never in a new one.
      contents.setWindowOpenHandler(({ url }) => {
        if (may(url)) void contents.loadURL(url).catch(() => undefined);
        return { action: 'deny' };
      });
      // No address bar: the title says whose page this is, and the page may not change it.
      const retitle = (): void => {
        if (!window.isDestroyed())
          window.setTitle(samlWindowTitle(request.sessionName, contents.getURL()));
      };
      window.on('page-title-updated', (event) => event.preventDefault());
      contents.on('did-navigate', retitle);
      contents.on('did-navigate-in-page', retitle);

      let settled = false;
      let posted = false;
      let reveal: ReturnType<typeof setTimeout> | undefined;
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(reveal);
        unregister();
        if (!window.isDestroyed()) window.destroy();
        settle();
      };

      const unregister = signins.register(partition, contents.id, (details, callback) => {
        posted = true;
        // The assertion never reaches AWS's console sign-in: it is ours to exchange with STS.
        callback({ cancel: true });
        if (!maySamlSigninPostFrom(details.initiatorOrigin, scope)) {
          const refusal = samlSigninPostRefusal(
            request.sessionName,
            details.initiatorOrigin,
            scope,
          );
          finish(() => reject(new AirlockError('SAML_INVALID', refusal)));
          return;
        }
        const saml = extractSamlResponseFromFormBody(uploadBody(details.uploadData));
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
      });

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
  };
}

/**
 * "Forget IdP login": clears cookies and storage of every SAML partition, those of today's
 * sessions and any left on disk by sessions since removed or edited. Returns how many.
 */
export async function forgetSamlLogins(idpUrls: readonly string[]): Promise<number> {
  const onDisk = await readdir(join(app.getPath('sessionData'), 'Partitions')).catch(() => []);
  const partitions = new Set([...samlPartitions(idpUrls), ...savedSamlPartitions(onDisk)]);
  for (const partition of partitions) {
    const ses = session.fromPartition(partition);
    await ses.clearStorageData();
    await ses.clearCache();
  }
  return partitions.size;
}

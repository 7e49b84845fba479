// The SAML windows' sign-in listeners: Electron keeps one webRequest.onBeforeRequest listener per
// session (a second call replaces the first), so each partition gets one, installed by its first
// login and removed by its last, and every sign-in POST goes to the login of the window that sent
// it (issue 11, Medium 3). electron/saml-window.ts gives it each partition's webRequest; no electron import.
import { SAML_SIGNIN_URL_FILTERS, isSamlSigninUrl } from '../saml/saml-response';
import { SamlLoginRegistry } from './saml-login-registry';

/** What the router reads of a request (Electron's OnBeforeRequestListenerDetails has more). */
export interface SigninRequestDetails {
  url: string;
  method: string;
  webContentsId?: number;
}

export type SigninCallback = (response: { cancel?: boolean }) => void;
export type SigninListener<D> = (details: D, callback: SigninCallback) => void;

/** A partition's `session.webRequest`: one listener at a time, `null` removes it. */
export interface PartitionWebRequest<D> {
  onBeforeRequest(filter: { urls: string[] }, listener: SigninListener<D> | null): void;
}

export class SamlSigninRouter<D extends SigninRequestDetails> {
  private readonly logins = new SamlLoginRegistry<SigninListener<D>>();

  constructor(private readonly webRequestOf: (partition: string) => PartitionWebRequest<D>) {}

  /**
   * Hands the sign-in POSTs of one window to `onPost` until the returned function is called. Any
   * other request to a sign-in URL of the partition is cancelled, so an assertion never reaches
   * AWS's console sign-in from a window that is not a login.
   */
  register(partition: string, webContentsId: number, onPost: SigninListener<D>): () => void {
    if (this.logins.add(partition, webContentsId, onPost).first) {
      this.webRequestOf(partition).onBeforeRequest(
        { urls: [...SAML_SIGNIN_URL_FILTERS] },
        (details, callback) => this.route(partition, details, callback),
      );
    }
    let registered = true;
    return () => {
      if (!registered) return;
      registered = false;
      if (this.logins.remove(partition, webContentsId).last) {
        this.webRequestOf(partition).onBeforeRequest({ urls: [...SAML_SIGNIN_URL_FILTERS] }, null);
      }
    };
  }

  private route(partition: string, details: D, callback: SigninCallback): void {
    if (!isSamlSigninUrl(details.url)) return callback({});
    const login = this.logins.route(partition, details.webContentsId);
    if (login && details.method === 'POST') return login(details, callback);
    callback({ cancel: true });
  }
}

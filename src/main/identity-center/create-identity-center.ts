// Builds the Identity Center login side for create-core: catalog, token store, OIDC client, sign-ins.
import type { CoreEvents } from '../core-events';
import type { NoticeBoard } from '../notices/notice-board';
import type { SecretStore } from '../secrets/secret-store';
import type { Prompter } from '../sessions/prompter';
import type { SessionStore } from '../store/session-store';
import { AwsCliSsoCache } from './aws-cli-sso-cache';
import { IntegrationCatalog } from './integrations';
import { OidcClient } from './oidc-client';
import { logoutFromPortal } from './portal-logout';
import { SsoLogins } from './sso-logins';
import { SsoTokenStore } from './sso-token-store';

export interface IdentityCenterOptions {
  store: SessionStore;
  secrets: SecretStore;
  /** The user's home: the AWS CLI's cache is `<homeDir>/.aws/sso/cache`. */
  homeDir: string;
  /** Only when create-core was given an env object; otherwise the SDK reads AWS_ENDPOINT_URL_SSO(_OIDC) itself. */
  endpoints?: { oidc?: string; portal?: string };
  prompter?: Prompter;
  events?: CoreEvents;
  notices?: NoticeBoard;
  now?: () => number;
  callbackTimeoutMs?: number;
}

export interface IdentityCenter {
  integrations: IntegrationCatalog;
  /** Also the SsoTokenSource the sso-role resolver and the sync use. */
  logins: SsoLogins;
  dispose(): void;
}

export function createIdentityCenter(options: IdentityCenterOptions): IdentityCenter {
  const now = options.now ?? Date.now;
  const oidc = new OidcClient({
    ...(options.endpoints?.oidc ? { endpoint: options.endpoints.oidc } : {}),
    now,
  });
  const portalEndpoint = options.endpoints?.portal;
  const logins = new SsoLogins({
    airlockHome: options.store.dir,
    tokens: new SsoTokenStore(options.secrets),
    awsCliCache: new AwsCliSsoCache(options.homeDir),
    oidc,
    logoutFromPortal: (region, accessToken) =>
      logoutFromPortal(region, accessToken, portalEndpoint ? { endpoint: portalEndpoint } : {}),
    shareLogin: () => options.store.read().settings.shareSsoLogin,
    now,
    ...(options.prompter ? { prompter: options.prompter } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.notices ? { notices: options.notices } : {}),
    ...(options.callbackTimeoutMs ? { callbackTimeoutMs: options.callbackTimeoutMs } : {}),
  });
  return {
    integrations: new IntegrationCatalog(options.store, now),
    logins,
    dispose: () => oidc.destroy(),
  };
}

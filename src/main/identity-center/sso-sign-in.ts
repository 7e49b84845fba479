// A new Identity Center sign-in by a person: the client registration kept while it lasts, the PKCE or device flow, one re-registration when AWS stops honouring the client.
import type { Prompter } from '../sessions/prompter';
import type { IntegrationConfig } from '../../shared/identity-center';
import { deviceLogin } from './device-login';
import type { ClientRegistration, LoginFlow, OidcClient, TokenSet } from './oidc-client';
import { pkceLogin } from './pkce-login';
import type { SsoTokenStore } from './sso-token-store';

/** A registration this close to expiry is replaced before a login (botocore uses the same 15 min). */
const REGISTRATION_MARGIN_MS = 15 * 60_000;
const CLIENT_ERRORS = new Set(['InvalidClientException', 'UnauthorizedClientException']);

export interface SsoSignInDeps {
  oidc: OidcClient;
  tokens: SsoTokenStore;
  prompter: Prompter | undefined;
  now: () => number;
  callbackTimeoutMs: number | undefined;
  /** The error when no one can be asked for this flow (it says what to run, and tells the app). */
  loginRequired: (integration: IntegrationConfig) => Error;
}

export interface SignedIn {
  tokens: TokenSet;
  client: ClientRegistration;
}

/** Runs the flow with a registration for it; the caller holds the integration's lock and keeps the tokens. */
export async function signIn(
  deps: SsoSignInDeps,
  integration: IntegrationConfig,
  flow: LoginFlow,
): Promise<SignedIn> {
  const prompter = deps.prompter;
  const run = async (registration: ClientRegistration) => {
    if (flow === 'device' && prompter?.showDeviceCode) {
      const loginDeps = {
        oidc: deps.oidc,
        prompter: { ...prompter, showDeviceCode: prompter.showDeviceCode.bind(prompter) },
        now: deps.now,
      };
      return deviceLogin(loginDeps, integration, registration);
    }
    if (flow === 'pkce' && prompter?.openBrowser) {
      const loginDeps = {
        oidc: deps.oidc,
        prompter: { ...prompter, openBrowser: prompter.openBrowser.bind(prompter) },
        ...(deps.callbackTimeoutMs ? { callbackTimeoutMs: deps.callbackTimeoutMs } : {}),
      };
      return pkceLogin(loginDeps, integration, registration);
    }
    throw deps.loginRequired(integration);
  };
  let registration = await currentRegistration(deps, integration, flow);
  let tokens;
  try {
    tokens = await run(registration);
  } catch (error) {
    const cause = (error as { cause?: { name?: string } }).cause?.name;
    if (!CLIENT_ERRORS.has(cause ?? '')) throw error;
    // The registration died before its stated expiry (revoked, or AWS's clock): register anew, once.
    await dropRegistration(deps.tokens, integration, registration);
    registration = await currentRegistration(deps, integration, flow);
    tokens = await run(registration);
  }
  return { tokens, client: registration };
}

/** The stored registration for this flow while it lasts and has the integration's scopes; else a new one. */
async function currentRegistration(
  deps: SsoSignInDeps,
  integration: IntegrationConfig,
  flow: LoginFlow,
): Promise<ClientRegistration> {
  const stored = (await deps.tokens.registrations(integration.name))[flow];
  const sameScopes = stored && stored.scopes.join(' ') === integration.scopes.join(' ');
  if (stored && sameScopes && Date.parse(stored.expiresAt) - deps.now() > REGISTRATION_MARGIN_MS) {
    return stored;
  }
  const registration = await deps.oidc.registerClient(integration, flow);
  await deps.tokens.saveRegistration(integration.name, registration);
  return registration;
}

/** Forgets a registration AWS no longer honours, unless another process has replaced it already. */
export async function dropRegistration(
  tokens: SsoTokenStore,
  integration: IntegrationConfig,
  client: ClientRegistration,
): Promise<void> {
  const stored = (await tokens.registrations(integration.name))[client.flow];
  if (stored?.clientId === client.clientId) {
    await tokens.forgetRegistration(integration.name, client.flow);
  }
}

// The authorization-code login with PKCE: loopback listener, /authorize in the browser, state check, CreateToken.
import type { Prompter } from '../sessions/prompter';
import type { IntegrationConfig } from '../../shared/identity-center';
import { assertOpenableUrl } from './browser-url';
import { listenForCallback } from './loopback-callback';
import { withLoginPrompt } from './login-prompt';
import type { ClientRegistration, OidcClient, TokenSet } from './oidc-client';
import { buildAuthorizeUrl, codeChallenge, createCodeVerifier, createState } from './pkce';

export interface PkceLoginDeps {
  oidc: OidcClient;
  prompter: Prompter & Required<Pick<Prompter, 'openBrowser'>>;
  /** How long to wait for the browser; default 5 minutes. */
  callbackTimeoutMs?: number;
}

export async function pkceLogin(
  deps: PkceLoginDeps,
  integration: IntegrationConfig,
  registration: ClientRegistration,
): Promise<TokenSet> {
  const verifier = createCodeVerifier();
  const state = createState();
  const authorizeEndpoint = await deps.oidc.authorizeEndpoint(integration.region);
  const listener = await listenForCallback({
    integrationName: integration.name,
    state,
    ...(deps.callbackTimeoutMs ? { timeoutMs: deps.callbackTimeoutMs } : {}),
  });
  try {
    const url = buildAuthorizeUrl(authorizeEndpoint, {
      clientId: registration.clientId,
      redirectUri: listener.redirectUri,
      state,
      challenge: codeChallenge(verifier),
      scopes: integration.scopes,
    });
    assertOpenableUrl(url, integration.name);
    const code = await withLoginPrompt(
      (done) => deps.prompter.openBrowser({ integrationName: integration.name, url }, done),
      () => listener.code,
    );
    // The same redirect URI, port included: CreateToken must match the /authorize request's.
    return await deps.oidc.exchangeCode(integration, registration, {
      code,
      codeVerifier: verifier,
      redirectUri: listener.redirectUri,
    });
  } finally {
    listener.close();
  }
}

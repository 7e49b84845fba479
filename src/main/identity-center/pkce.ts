// PKCE (RFC 7636, S256) and the /authorize URL of the authorization-code login; pure.
import { createHash, randomBytes } from 'node:crypto';

/** The redirect URI registered with the client; the login adds the listener's port (RFC 8252 §7.3). */
export const REGISTERED_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

/** 64 random bytes as base64url: 86 characters, inside RFC 7636's 43-128. */
export function createCodeVerifier(random: (size: number) => Buffer = randomBytes): string {
  return random(64).toString('base64url');
}

export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable value the callback must echo, so a stray or forged redirect is refused. */
export function createState(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
  scopes: readonly string[];
}

/** `<OIDC endpoint>/authorize?…`, with the parameters in the order and names the AWS CLI uses. */
export function buildAuthorizeUrl(authorizeEndpoint: string, params: AuthorizeParams): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    state: params.state,
    code_challenge_method: 'S256',
    code_challenge: params.challenge,
    scopes: params.scopes.join(' '),
  });
  return `${authorizeEndpoint}?${query.toString()}`;
}

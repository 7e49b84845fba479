// Web identity tokens (JWTs) that the STS peer accepts for AssumeRoleWithWebIdentity.
import { createHmac } from 'node:crypto';

// The peer is started with these (see sts-peer/index.ts), so this module is their one source.
export const WEB_IDENTITY_ISSUER = 'https://oidc.airlock.test';
export const WEB_IDENTITY_AUDIENCE = 'airlock-tests';
/** A test-only HMAC key: real providers sign with RS256, but the peer only needs a shared secret. */
export const WEB_IDENTITY_SIGNING_KEY = 'airlock-test-oidc-signing-key';

export interface WebIdentityTokenOptions {
  subject: string;
  audience?: string;
  issuer?: string;
  /** Seconds from now until `exp`; negative makes an expired token. Default 3600. */
  expiresInSeconds?: number;
}

function base64Url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export function makeWebIdentityToken(options: WebIdentityTokenOptions): string {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const header = base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = base64Url(
    JSON.stringify({
      iss: options.issuer ?? WEB_IDENTITY_ISSUER,
      sub: options.subject,
      aud: options.audience ?? WEB_IDENTITY_AUDIENCE,
      iat: nowSeconds,
      exp: nowSeconds + (options.expiresInSeconds ?? 3600),
    }),
  );
  const signature = createHmac('sha256', WEB_IDENTITY_SIGNING_KEY)
    .update(`${header}.${claims}`)
    .digest();
  return `${header}.${claims}.${base64Url(signature)}`;
}

// PKCE values and the authorize URL, checked against RFC 7636's own example.
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, codeChallenge, createCodeVerifier, createState } from './pkce';

describe('pkce', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43-128 unreserved characters, different each time', () => {
    const verifiers = Array.from({ length: 50 }, () => createCodeVerifier());
    for (const v of verifiers) expect(v).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(new Set(verifiers).size).toBe(50);
  });

  it('makes states that differ each time and need no escaping', () => {
    const a = createState();
    expect(a).toMatch(/^[\w-]{32,}$/);
    expect(createState()).not.toBe(a);
  });

  it('builds the authorize URL with every parameter the AWS CLI sends, scopes space-separated', () => {
    const url = new URL(
      buildAuthorizeUrl('https://oidc.eu-west-1.amazonaws.com/authorize', {
        clientId: 'client-1',
        redirectUri: 'http://127.0.0.1:5123/oauth/callback',
        state: 'st',
        challenge: 'ch',
        scopes: ['sso:account:access', 'codewhisperer:completions'],
      }),
    );
    expect(url.origin + url.pathname).toBe('https://oidc.eu-west-1.amazonaws.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'http://127.0.0.1:5123/oauth/callback',
      state: 'st',
      code_challenge_method: 'S256',
      code_challenge: 'ch',
      scopes: 'sso:account:access codewhisperer:completions',
    });
  });
});

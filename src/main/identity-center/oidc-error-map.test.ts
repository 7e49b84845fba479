// The SSO OIDC error table: every SDK error name gets our code and a message that names the integration.
import { describe, expect, it } from 'vitest';
import { mapOidcError, type OidcStep } from './oidc-error-map';

const sdkError = (name: string, extra: object = {}) =>
  Object.assign(new Error(`secret-bearing text ${name}`), { name, ...extra });

describe('mapOidcError', () => {
  const cases: [string, OidcStep, string, RegExp][] = [
    [
      'ExpiredTokenException',
      'device',
      'SSO_LOGIN_FAILED',
      /device code for corp expired.*--use-device-code/,
    ],
    ['ExpiredTokenException', 'code', 'SSO_LOGIN_FAILED', /sign-in for corp expired/],
    ['AccessDeniedException', 'device', 'SSO_LOGIN_FAILED', /login for corp was denied/],
    ['InvalidGrantException', 'code', 'SSO_LOGIN_FAILED', /authorization code for corp/],
    ['InvalidClientException', 'refresh', 'SSO_LOGIN_FAILED', /client registration for corp/],
    ['UnauthorizedClientException', 'device', 'SSO_LOGIN_FAILED', /client registration for corp/],
    ['InvalidScopeException', 'register', 'VALIDATION', /scopes of corp/],
    ['InvalidRequestException', 'device', 'SSO_LOGIN_FAILED', /start URL and region/],
    ['SlowDownException', 'device', 'THROTTLED', /corp/],
    ['InternalServerException', 'code', 'SSO_LOGIN_FAILED', /internal error .* corp/],
  ];
  it.each(cases)('%s during %s → %s', (name, step, code, message) => {
    const mapped = mapOidcError(sdkError(name), 'corp', step);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
    expect(mapped.message).not.toContain('secret-bearing');
    // The SDK error stays the cause: the device poller and the re-registration read its name.
    expect((mapped.cause as Error).name).toBe(name);
  });

  it('maps throttling, network failures and anything else without leaking their text', () => {
    expect(
      mapOidcError(sdkError('Whatever', { $metadata: { httpStatusCode: 429 } }), 'corp', 'refresh')
        .code,
    ).toBe('THROTTLED');
    expect(mapOidcError(sdkError('Error', { code: 'ECONNREFUSED' }), 'corp', 'register').code).toBe(
      'NETWORK',
    );
    const unknown = mapOidcError(sdkError('OddException'), 'corp', 'code');
    expect(unknown).toMatchObject({ code: 'SSO_LOGIN_FAILED' });
    expect(unknown.message).toMatch(/login for corp failed/);
    expect(unknown.message).not.toContain('secret-bearing');
  });
});

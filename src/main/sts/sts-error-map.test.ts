import { describe, expect, it } from 'vitest';
import { AirlockError } from '../airlock-error';
import {
  mapStsError,
  STS_ERROR_RULES,
  stsErrorFacts,
  stsErrorRule,
  type CallAbout,
} from './sts-error-map';

// Pure logic: fake SDK-shaped errors stand in for STS (sts-faults.test.ts drives the real peer).
const ctx = { sessionName: 'dev-admin', region: 'eu-west-1' };
const mfa = { serialNumber: 'arn:aws:iam::123456789012:mfa/me', tokenCode: '123456' };
const roleArn = 'arn:aws:iam::123456789012:role/admin';

function sdkError(name: string, message = '', status?: number): Error {
  return Object.assign(new Error(message), {
    name,
    ...(status ? { $metadata: { httpStatusCode: status } } : {}),
  });
}

const cases: { error: unknown; about?: CallAbout; code: string; says?: RegExp }[] = [
  {
    error: sdkError(
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    ),
    about: { mfa },
    code: 'MFA_REJECTED',
    says: /device arn:aws:iam::123456789012:mfa\/me/,
  },
  {
    error: sdkError('ExpiredTokenException'),
    about: { flow: 'web-identity' },
    code: 'WEB_IDENTITY_INVALID',
    says: /has expired/,
  },
  {
    error: sdkError('IDPRejectedClaimException'),
    about: { flow: 'web-identity', roleArn },
    code: 'WEB_IDENTITY_INVALID',
    says: /\(IDPRejectedClaim\).*role arn:aws:iam::123456789012:role\/admin/,
  },
  { error: sdkError('ExpiredTokenException'), about: { flow: 'saml' }, code: 'SAML_INVALID' },
  { error: sdkError('ExpiredToken'), code: 'EXPIRED_TOKEN' },
  {
    error: sdkError('InvalidClientTokenId'),
    code: 'INVALID_CLIENT_TOKEN',
    says: /airlock session edit dev-admin/,
  },
  {
    error: sdkError(
      'SignatureDoesNotMatch',
      'Signature expired: 20260101T000000Z is now earlier than …',
    ),
    code: 'CLOCK_SKEW',
  },
  {
    error: sdkError('SignatureDoesNotMatch', 'The request signature we calculated does not match'),
    code: 'SIGNATURE_MISMATCH',
  },
  { error: sdkError('RequestTimeTooSkewed'), code: 'CLOCK_SKEW' },
  {
    error: sdkError('AccessDenied', 'User: arn:aws:iam::123456789012:user/me is not authorized'),
    about: { roleArn },
    code: 'ACCESS_DENIED',
    says: /arn:aws:iam::123456789012:user\/me may not assume role arn:aws:iam::123456789012:role\/admin/,
  },
  { error: sdkError('SomethingElse', '', 429), code: 'THROTTLED' },
  { error: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), code: 'NETWORK' },
  { error: sdkError('TimeoutError'), code: 'NETWORK' },
  { error: sdkError('Error', 'socket hang up'), code: 'NETWORK' },
  {
    error: sdkError('Error', 'Deserialization error: to see the raw response…'),
    code: 'STS_ERROR',
    says: /could not read/,
  },
  { error: sdkError('RegionDisabledException'), code: 'STS_ERROR', says: /region eu-west-1/ },
  {
    error: sdkError('InternalFailure', '', 500),
    code: 'STS_ERROR',
    says: /with InternalFailure \(HTTP 500\)/,
  },
  { error: 'not an object', code: 'STS_ERROR', says: /an unreadable response/ },
];

describe('the STS error table', () => {
  for (const { error, about, code, says } of cases) {
    it(`maps ${(error as Error).name ?? String(error)}${about ? ` (${Object.keys(about).join(', ')})` : ''} to ${code}, naming the session`, () => {
      const mapped = mapStsError(error, ctx, about);
      expect(mapped.code).toBe(code);
      expect(mapped.message).toContain('session dev-admin');
      if (says) expect(mapped.message).toMatch(says);
      expect(mapped.cause).toBe(error);
    });
  }

  it('puts the specific rules first: an MFA denial is not ACCESS_DENIED, an expired SAML assertion not EXPIRED_TOKEN', () => {
    const denied = sdkError('AccessDenied', 'MultiFactorAuthentication failed');
    expect(mapStsError(denied, ctx, { mfa }).code).toBe('MFA_REJECTED');
    expect(mapStsError(denied, ctx, {}).code).toBe('ACCESS_DENIED');
    expect(mapStsError(sdkError('ExpiredToken'), ctx, { flow: 'saml' }).code).toBe('SAML_INVALID');
  });

  it('gives an AirlockError back unchanged', () => {
    const ours = new AirlockError('NETWORK', 'already mapped');
    expect(mapStsError(ours, ctx)).toBe(ours);
  });

  it('has no dead row: every rule is the first to match one of the cases above', () => {
    const reached = new Set(
      cases.map(({ error, about }) => stsErrorRule(stsErrorFacts(error, ctx, about))),
    );
    for (const rule of STS_ERROR_RULES) expect(reached.has(rule), rule.code).toBe(true);
  });
});

// Proves the STS peer behaves like STS where our tests depend on it: auth, MFA, tokens, chains, SAML, OIDC.
import {
  AssumeRoleCommand,
  AssumeRoleWithSAMLCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSamlResponse } from '../saml-fixture';
import { totp } from '../totp';
import { makeWebIdentityToken } from '../web-identity-token';
import { startStsPeer, type StsPeer } from './index';

const { endpoint, seed } = inject('stsPeer');

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

function sts(keys?: Keys, at: string = endpoint): STSClient {
  return new STSClient({
    region: 'us-east-1',
    endpoint: at,
    maxAttempts: 1,
    ...(keys ? { credentials: keys } : {}),
  });
}

function keysOf(credentials: Credentials | undefined): Keys {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new Error('STS returned incomplete credentials');
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
  };
}

const userKeys: Keys = {
  accessKeyId: seed.user.accessKeyId,
  secretAccessKey: seed.user.secretAccessKey,
};

async function callerArn(keys: Keys, at: string = endpoint): Promise<string | undefined> {
  return (await sts(keys, at).send(new GetCallerIdentityCommand({}))).Arn;
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected the call to fail');
}

describe('signature and token enforcement', () => {
  it('names the seeded user for its long-term keys', async () => {
    expect(await callerArn(userKeys)).toBe(seed.user.arn);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    const secret = userKeys.secretAccessKey;
    // One character off, never the same one.
    const off = secret.endsWith('x') ? 'y' : 'x';
    const wrong = { ...userKeys, secretAccessKey: `${secret.slice(0, -1)}${off}` };
    expect(await errorName(callerArn(wrong))).toBe('SignatureDoesNotMatch');
  });

  it('rejects an unknown access key with InvalidClientTokenId', async () => {
    const unknown = { ...userKeys, accessKeyId: 'AKIAUNKNOWNUNKNOWN00' };
    expect(await errorName(callerArn(unknown))).toBe('InvalidClientTokenId');
  });

  it('rejects temporary credentials sent with the wrong session token', async () => {
    const issued = await sts(userKeys).send(new GetSessionTokenCommand({}));
    const keys = { ...keysOf(issued.Credentials), sessionToken: 'not-the-token' };
    expect(await errorName(callerArn(keys))).toBe('InvalidClientTokenId');
  });
});

describe('GetSessionToken and GetFederationToken', () => {
  it('issues registered session credentials that act as the user, expiring when asked', async () => {
    const before = Date.now();
    const issued = await sts(userKeys).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const expiresInMs = (issued.Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(expiresInMs).toBeGreaterThan(890_000);
    expect(expiresInMs).toBeLessThan(910_000);
    expect(await callerArn(keysOf(issued.Credentials))).toBe(seed.user.arn);
  });

  it('issues federation credentials that act as the federated user', async () => {
    const issued = await sts(userKeys).send(new GetFederationTokenCommand({ Name: 'airlock-fed' }));
    expect(issued.FederatedUser?.Arn).toBe(
      `arn:aws:sts::${seed.user.arn.split(':')[4]}:federated-user/airlock-fed`,
    );
    expect(await callerArn(keysOf(issued.Credentials))).toBe(issued.FederatedUser?.Arn);
  });

  it('refuses GetSessionToken called with session credentials', async () => {
    const issued = await sts(userKeys).send(new GetSessionTokenCommand({}));
    const nested = sts(keysOf(issued.Credentials)).send(new GetSessionTokenCommand({}));
    expect(await errorName(nested)).toBe('AccessDenied');
  });
});

describe('MFA', () => {
  const mfa = (code: string) => ({ SerialNumber: seed.mfa.serial, TokenCode: code });

  it('rejects a wrong code with AccessDenied and the AWS message', async () => {
    const good = totp(seed.mfa.secretBase32);
    const wrong = good === '000000' ? '111111' : '000000';
    const call = sts(userKeys).send(new GetSessionTokenCommand(mfa(wrong)));
    await expect(call).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('MultiFactorAuthentication failed'),
    });
  });

  it('rejects an unknown device serial', async () => {
    const call = sts(userKeys).send(
      new GetSessionTokenCommand({
        SerialNumber: `${seed.mfa.serial}-unknown`,
        TokenCode: totp(seed.mfa.secretBase32),
      }),
    );
    expect(await errorName(call)).toBe('AccessDenied');
  });

  it('accepts the current code and the credentials name the user', async () => {
    const issued = await sts(userKeys).send(
      new GetSessionTokenCommand(mfa(totp(seed.mfa.secretBase32))),
    );
    expect(await callerArn(keysOf(issued.Credentials))).toBe(seed.user.arn);
  });

  it('accepts the code of the previous 30 s step (±1 step of drift)', async () => {
    const previous = totp(seed.mfa.secretBase32, Date.now() - 30_000);
    await expect(
      sts(userKeys).send(new GetSessionTokenCommand(mfa(previous))),
    ).resolves.toBeDefined();
  });

  it('checks codes on AssumeRole too', async () => {
    const base = { RoleArn: seed.roles.admin, RoleSessionName: 'mfa-check' };
    const good = totp(seed.mfa.secretBase32);
    const wrong = good === '000000' ? '111111' : '000000';
    expect(
      await errorName(sts(userKeys).send(new AssumeRoleCommand({ ...base, ...mfa(wrong) }))),
    ).toBe('AccessDenied');
    const assumed = await sts(userKeys).send(new AssumeRoleCommand({ ...base, ...mfa(good) }));
    expect(assumed.AssumedRoleUser?.Arn).toContain(':assumed-role/airlock-admin/mfa-check');
  });

  it('enforces aws:MultiFactorAuthPresent in a trust policy', async () => {
    const role = { RoleArn: seed.roles.mfaRequired, RoleSessionName: 'needs-mfa' };
    expect(await errorName(sts(userKeys).send(new AssumeRoleCommand(role)))).toBe('AccessDenied');
    const session = await sts(userKeys).send(
      new GetSessionTokenCommand(mfa(totp(seed.mfa.secretBase32))),
    );
    const assumed = await sts(keysOf(session.Credentials)).send(new AssumeRoleCommand(role));
    expect(assumed.AssumedRoleUser?.Arn).toContain(':assumed-role/airlock-mfa-required/');
  });
});

describe('AssumeRole', () => {
  it('chains three roles deep, each trusting the previous one', async () => {
    const first = await sts(userKeys).send(
      new AssumeRoleCommand({ RoleArn: seed.roles.admin, RoleSessionName: 'one' }),
    );
    const second = await sts(keysOf(first.Credentials)).send(
      new AssumeRoleCommand({ RoleArn: seed.roles.chain2, RoleSessionName: 'two' }),
    );
    const third = await sts(keysOf(second.Credentials)).send(
      new AssumeRoleCommand({ RoleArn: seed.roles.chain3, RoleSessionName: 'three' }),
    );
    expect(await callerArn(keysOf(third.Credentials))).toMatch(
      /:assumed-role\/airlock-chain3\/three$/,
    );
  });

  it('refuses a role whose trust policy does not name the caller', async () => {
    const call = sts(userKeys).send(
      new AssumeRoleCommand({ RoleArn: seed.roles.chain3, RoleSessionName: 'skip' }),
    );
    expect(await errorName(call)).toBe('AccessDenied');
  });

  it('refuses a role that does not exist with AccessDenied, as AWS does', async () => {
    const call = sts(userKeys).send(
      new AssumeRoleCommand({
        RoleArn: seed.roles.admin.replace('airlock-admin', 'no-such-role'),
        RoleSessionName: 'ghost',
      }),
    );
    expect(await errorName(call)).toBe('AccessDenied');
  });

  it('honours DurationSeconds and caps role chaining at one hour', async () => {
    const before = Date.now();
    const first = await sts(userKeys).send(
      new AssumeRoleCommand({
        RoleArn: seed.roles.admin,
        RoleSessionName: 'long',
        DurationSeconds: 7200,
      }),
    );
    const expiresInMs = (first.Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(Math.round(expiresInMs / 60_000)).toBe(120);
    const chained = sts(keysOf(first.Credentials)).send(
      new AssumeRoleCommand({
        RoleArn: seed.roles.chain2,
        RoleSessionName: 'too-long',
        DurationSeconds: 7200,
      }),
    );
    expect(await errorName(chained)).toBe('ValidationError');
  });
});

describe('AssumeRoleWithSAML', () => {
  const pairs = [
    { roleArn: seed.roles.saml, principalArn: seed.samlProviderArn },
    { roleArn: seed.roles.samlAlt, principalArn: seed.samlProviderArn },
  ];

  it.each([false, true])(
    'assumes either role of a two-role assertion (reversed pair order: %s)',
    async (reversePairOrder) => {
      const assertion = buildSamlResponse({ roles: pairs, reversePairOrder, subject: 'alice' });
      for (const pair of pairs) {
        const assumed = await sts().send(
          new AssumeRoleWithSAMLCommand({
            RoleArn: pair.roleArn,
            PrincipalArn: pair.principalArn,
            SAMLAssertion: assertion,
          }),
        );
        expect(assumed.AssumedRoleUser?.Arn).toMatch(
          new RegExp(`:assumed-role/${pair.roleArn.split('/').pop()}/alice$`),
        );
        expect(await callerArn(keysOf(assumed.Credentials))).toBe(assumed.AssumedRoleUser?.Arn);
      }
    },
  );

  it('refuses a role that the assertion does not grant', async () => {
    const assertion = buildSamlResponse({ roles: pairs.slice(0, 1) });
    const call = sts().send(
      new AssumeRoleWithSAMLCommand({
        RoleArn: seed.roles.samlAlt,
        PrincipalArn: seed.samlProviderArn,
        SAMLAssertion: assertion,
      }),
    );
    expect(await errorName(call)).toBe('AccessDenied');
  });

  it('refuses an expired assertion and uses SessionDuration when present', async () => {
    const expired = buildSamlResponse({ roles: pairs, notOnOrAfter: new Date(Date.now() - 1000) });
    const request = { RoleArn: seed.roles.saml, PrincipalArn: seed.samlProviderArn };
    const refused = sts().send(
      new AssumeRoleWithSAMLCommand({ ...request, SAMLAssertion: expired }),
    );
    expect(await errorName(refused)).toBe('ExpiredTokenException');
    const before = Date.now();
    const assumed = await sts().send(
      new AssumeRoleWithSAMLCommand({
        ...request,
        SAMLAssertion: buildSamlResponse({ roles: pairs, sessionDurationSeconds: 1800 }),
      }),
    );
    const expiresInMs = (assumed.Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(Math.round(expiresInMs / 60_000)).toBe(30);
  });
});

describe('AssumeRoleWithWebIdentity', () => {
  it('assumes the role for a token from the registered provider', async () => {
    const assumed = await sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: seed.roles.webIdentity,
        RoleSessionName: 'ci-job',
        WebIdentityToken: makeWebIdentityToken({ subject: 'repo:airlock:ref:main' }),
      }),
    );
    expect(assumed.SubjectFromWebIdentityToken).toBe('repo:airlock:ref:main');
    expect(await callerArn(keysOf(assumed.Credentials))).toMatch(
      /:assumed-role\/airlock-web-identity\/ci-job$/,
    );
  });

  it('refuses an expired token', async () => {
    const call = sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: seed.roles.webIdentity,
        RoleSessionName: 'ci-job',
        WebIdentityToken: makeWebIdentityToken({ subject: 'x', expiresInSeconds: -60 }),
      }),
    );
    expect(await errorName(call)).toBe('ExpiredTokenException');
  });

  it('refuses a token for another audience', async () => {
    const call = sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: seed.roles.webIdentity,
        RoleSessionName: 'ci-job',
        WebIdentityToken: makeWebIdentityToken({ subject: 'x', audience: 'someone-else' }),
      }),
    );
    expect(await errorName(call)).toBe('InvalidIdentityTokenException');
  });
});

describe('peer clock (own peer, so the shared one is never skewed)', () => {
  let peer: StsPeer;
  beforeAll(async () => {
    peer = await startStsPeer();
  });
  afterAll(async () => {
    await peer.stop();
  });

  const ownUserKeys = (): Keys => ({
    accessKeyId: peer.seed.user.accessKeyId,
    secretAccessKey: peer.seed.user.secretAccessKey,
  });

  it('rejects a request signed 10 minutes off its clock as a skew error', async () => {
    await peer.setClockSkew(600);
    const call = sts(ownUserKeys(), peer.endpoint).send(new GetCallerIdentityCommand({}));
    await expect(call).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: expect.stringContaining('Signature expired'),
    });
    await peer.setClockSkew(0);
  });

  it('refuses temporary credentials once its clock passes their expiry', async () => {
    const issued = await sts(ownUserKeys(), peer.endpoint).send(
      new GetSessionTokenCommand({ DurationSeconds: 900 }),
    );
    await peer.setClockSkew(901);
    // The SDK corrects its clock from the Date header on a skew error, so the request itself gets
    // through; only the expired token is refused.
    const client = new STSClient({
      region: 'us-east-1',
      endpoint: peer.endpoint,
      credentials: keysOf(issued.Credentials),
      maxAttempts: 2,
    });
    expect(await errorName(client.send(new GetCallerIdentityCommand({})))).toBe('ExpiredToken');
    await peer.setClockSkew(0);
  });
});

// The credential server on a real core: the JS SDK's container provider as client, the STS peer as judge.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer';
import { ManualClock } from '../../../test-support/manual-clock';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { startCredentialServer, type CredentialServer } from './credential-server';

// Its own peer: the rotation test moves the peer's clock with the core's.
let peer: StsPeer;
let t: TestCore;
let clock: ManualClock;
let server: CredentialServer;
const errors: unknown[] = [];

function provider(env = server.env) {
  return fromHttp({
    awsContainerCredentialsFullUri: env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
    awsContainerAuthorizationToken: env.AWS_CONTAINER_AUTHORIZATION_TOKEN,
  });
}

async function callerArn(credentials: ReturnType<typeof provider>): Promise<string | undefined> {
  const sts = new STSClient({ region: 'us-east-1', endpoint: peer.endpoint, credentials });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

beforeAll(async () => {
  peer = await startStsPeer();
  clock = new ManualClock();
  t = await makeTestCore({ endpoint: peer.endpoint, clock });
  const user = await t.core.sessions.add({
    config: { kind: 'iam-user', name: 'base', profile: 'base' },
    keys: {
      accessKeyId: peer.seed.user.accessKeyId,
      secretAccessKey: peer.seed.user.secretAccessKey,
    },
  });
  await t.core.sessions.add({
    config: {
      kind: 'iam-role',
      name: 'short',
      profile: 'short',
      parentId: user.id,
      roleArn: peer.seed.roles.admin,
      durationSeconds: 900,
    },
  });
  server = await startCredentialServer({
    sessionName: 'short',
    credentials: (ms) => t.core.sessions.credentials('short', ms),
    onError: (error) => errors.push(error),
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.close();
  await peer?.stop();
});

describe('credential server', () => {
  it('listens on 127.0.0.1 with a random path and a 32-byte token', () => {
    const url = new URL(server.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBeGreaterThan(0);
    expect(url.pathname).toMatch(/^\/credentials\/[0-9a-f]{32}$/);
    expect(server.env.AWS_CONTAINER_AUTHORIZATION_TOKEN).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves credentials the JS SDK takes and the STS peer accepts as the role', async () => {
    const creds = await provider()();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration!.getTime() - clock.now()).toBeGreaterThanOrEqual(5 * 60_000);
    expect(await callerArn(provider())).toMatch(/:assumed-role\/.+\//);
  });

  it('answers a missing token with 401 and a wrong one with 403, with no credentials', async () => {
    const url = server.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    const token = server.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
    const missing = await fetch(url);
    // One character off (never the same character: a token that ends in 0 made this pass as right).
    const off = token.endsWith('0') ? '1' : '0';
    const wrong = await fetch(url, { headers: { authorization: `${token.slice(0, -1)}${off}` } });
    const bearer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect([missing.status, wrong.status, bearer.status]).toEqual([401, 403, 403]);
    for (const body of [await missing.text(), await wrong.text(), await bearer.text()]) {
      expect(body).not.toMatch(/AccessKeyId|ASIA|SecretAccessKey/);
    }
    await expect(
      provider({ ...server.env, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'f'.repeat(64) })(),
    ).rejects.toThrow();
  });

  it('answers only GET on its own path', async () => {
    const { origin } = new URL(server.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
    const authorization = server.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
    const other = await fetch(`${origin}/credentials/guess`, { headers: { authorization } });
    const post = await fetch(server.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, {
      method: 'POST',
      headers: { authorization },
    });
    expect([other.status, post.status]).toEqual([404, 405]);
  });

  it('rotates across a request: the same set while it stays valid 5 more minutes, a new one after', async () => {
    const first = await provider()();
    clock.advanceTo(clock.now() + 5 * 60_000);
    const again = await provider()();
    expect(again.accessKeyId).toBe(first.accessKeyId);

    // 11 minutes into a 15-minute set: 4 minutes left, inside the margin. The peer's clock moves too.
    await peer.setClockSkew(11 * 60);
    clock.advanceTo(clock.now() + 6 * 60_000);
    const rotated = await provider()();
    expect(rotated.accessKeyId).not.toBe(first.accessKeyId);
    expect(rotated.expiration!.getTime()).toBeGreaterThan(first.expiration!.getTime());
    expect(rotated.expiration!.getTime() - clock.now()).toBeGreaterThanOrEqual(5 * 60_000);
    // The old set is expired on the peer's clock; the new one works there.
    const sts = (credentials: typeof first) =>
      new STSClient({ region: 'us-east-1', endpoint: peer.endpoint, credentials, maxAttempts: 2 });
    await expect(sts(rotated).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: expect.stringMatching(/:assumed-role\//),
    });
    await peer.setClockSkew(20 * 60);
    await expect(sts(first).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
    });
    await peer.setClockSkew(11 * 60);
    expect(errors).toEqual([]);
  });

  it('refuses a port already taken, naming the session', async () => {
    const port = Number(new URL(server.env.AWS_CONTAINER_CREDENTIALS_FULL_URI).port);
    await expect(
      startCredentialServer({ sessionName: 'short', port, credentials: async () => ({}) as never }),
    ).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('session short') });
  });
});

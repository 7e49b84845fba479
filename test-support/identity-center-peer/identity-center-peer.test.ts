// Proves the Identity Center peer speaks SSO OIDC and the SSO portal as botocore, the JS SDK and the AWS CLI expect.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
  TooManyRequestsException,
  UnauthorizedException,
  paginateListAccounts,
  type RoleCredentials,
} from '@aws-sdk/client-sso';
import {
  AuthorizationPendingException,
  CreateTokenCommand,
  InvalidGrantException,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type CreateTokenCommandOutput,
  type RegisterClientCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAwsCli } from '../aws-cli';
import { startStsPeer, type StsPeer } from '../sts-peer/index';
import type { IdentityCenterPeer } from './index';

const PYTHON_TEST = fileURLToPath(new URL('./test_identity_center_peer.py', import.meta.url));
const REDIRECT = 'http://127.0.0.1/oauth/callback';
const SCOPE = 'sso:account:access';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let peer: StsPeer;
let center: IdentityCenterPeer;
let oidc: SSOOIDCClient;
let portal: SSOClient;

beforeAll(async () => {
  // Its own peer: these tests throttle, expire and revoke, which would disturb the shared one.
  peer = await startStsPeer();
  center = peer.identityCenter;
  oidc = new SSOOIDCClient({ region: center.seed.region, endpoint: center.oidcEndpoint });
  portal = new SSOClient({
    region: center.seed.region,
    endpoint: center.portalEndpoint,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  await peer.stop();
});

afterEach(async () => {
  await center.configure({ portalRequestsPerSecond: null });
});

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function registerPkceClient(): Promise<RegisterClientCommandOutput> {
  return oidc.send(
    new RegisterClientCommand({
      clientName: 'airlock',
      clientType: 'public',
      scopes: [SCOPE],
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [REDIRECT],
    }),
  );
}

function authorizeUrl(clientId: string, redirectUri: string, challenge: string, state: string) {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
    scopes: SCOPE,
  });
  return `${center.oidcEndpoint}/authorize?${query.toString()}`;
}

/** A loopback listener like the client's: resolves with the query its callback receives. */
async function callbackListener(): Promise<{
  redirectUri: string;
  received: Promise<URLSearchParams>;
  server: Server;
}> {
  let deliver: (query: URLSearchParams) => void = () => undefined;
  const received = new Promise<URLSearchParams>((resolve) => (deliver = resolve));
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    response.end('signed in');
    if (url.pathname === '/oauth/callback') deliver(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listener has no port');
  return { redirectUri: `http://127.0.0.1:${address.port}/oauth/callback`, received, server };
}

/** Plays the browser on the consent page: opens it, submits Allow, follows the redirect. */
async function clickAllow(url: string): Promise<void> {
  const page = await (await fetch(url)).text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  if (!requestId || !action) throw new Error(`no consent form in: ${page}`);
  const followed = await fetch(new URL(action, center.oidcEndpoint), {
    method: 'POST',
    body: new URLSearchParams({ request_id: requestId, decision: 'allow' }),
  });
  expect(await followed.text()).toBe('signed in');
}

async function pkceLogin(): Promise<{
  client: RegisterClientCommandOutput;
  token: CreateTokenCommandOutput;
}> {
  const client = await registerPkceClient();
  const { verifier, challenge } = pkcePair();
  const location = await center.authorize(
    authorizeUrl(client.clientId!, 'http://127.0.0.1:50100/oauth/callback', challenge, 'st'),
  );
  const token = await oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: 'authorization_code',
      code: new URL(location).searchParams.get('code') ?? undefined,
      codeVerifier: verifier,
      redirectUri: 'http://127.0.0.1:50100/oauth/callback',
    }),
  );
  return { client, token };
}

async function callerArn(
  credentials: RoleCredentials | undefined,
  maxAttempts = 1,
): Promise<string | undefined> {
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: peer.endpoint,
    maxAttempts,
    credentials: {
      accessKeyId: credentials?.accessKeyId ?? '',
      secretAccessKey: credentials?.secretAccessKey ?? '',
      sessionToken: credentials?.sessionToken ?? '',
    },
  });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

function withoutAwsVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
}

describe('botocore clients (test_identity_center_peer.py)', () => {
  it('pass every flow of the python suite', async () => {
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.env.AIRLOCK_PYTHON ?? 'python3',
        [PYTHON_TEST],
        { timeout: 120_000, maxBuffer: 16 * 1024 * 1024, env: withoutAwsVariables() },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: `${stdout}\n${stderr}` }),
      );
    });
    expect(result.output).toMatch(/\nOK\n/);
    expect(result.code, result.output.slice(-8000)).toBe(0);
  });
});

describe('JS SDK clients', () => {
  it('device flow: pending until approved, then a token the portal accepts', async () => {
    const client = await oidc.send(
      new RegisterClientCommand({ clientName: 'airlock', clientType: 'public', scopes: [SCOPE] }),
    );
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: center.seed.startUrl,
      }),
    );
    expect(device.verificationUriComplete).toBe(
      `${center.oidcEndpoint}/device?user_code=${device.userCode}`,
    );
    const poll = new CreateTokenCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: DEVICE_GRANT,
      deviceCode: device.deviceCode,
    });
    const pending = await oidc.send(poll).catch((error: unknown) => error);
    expect(pending).toBeInstanceOf(AuthorizationPendingException);
    expect((pending as AuthorizationPendingException).error).toBe('authorization_pending');

    await center.approveDevice(device.userCode!);
    const token = await oidc.send(poll);
    expect(token.refreshToken).toBeTruthy();
    const accounts = await portal.send(new ListAccountsCommand({ accessToken: token.accessToken }));
    expect(accounts.accountList?.map((a) => a.accountId)).toEqual(
      center.seed.accounts.map((a) => a.accountId),
    );
  });

  it('PKCE: the consent page redirects to the loopback listener with code and state', async () => {
    const client = await registerPkceClient();
    const { verifier, challenge } = pkcePair();
    const listener = await callbackListener();
    try {
      await clickAllow(authorizeUrl(client.clientId!, listener.redirectUri, challenge, 'xyz'));
      const query = await listener.received;
      expect(query.get('state')).toBe('xyz');
      const exchange = (codeVerifier: string) =>
        oidc.send(
          new CreateTokenCommand({
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            grantType: 'authorization_code',
            code: query.get('code') ?? undefined,
            codeVerifier,
            redirectUri: listener.redirectUri,
          }),
        );
      const token = await exchange(verifier);
      expect(token.tokenType).toBe('Bearer');
      expect(token.refreshToken).toBeTruthy();
      await expect(exchange(verifier)).rejects.toBeInstanceOf(InvalidGrantException);
    } finally {
      listener.server.close();
    }
  });

  it('refresh: one CreateToken(refresh_token) is one counted refresh', async () => {
    const { client, token } = await pkceLogin();
    const before = await center.counters();
    const refreshed = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: 'refresh_token',
        refreshToken: token.refreshToken,
      }),
    );
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    const after = await center.counters();
    expect(after.refreshes).toBe(before.refreshes + 1);
    expect(after.logins).toBe(before.logins);
  });

  it('paginates 1,000 accounts and role credentials prove themselves to STS', async () => {
    const { token } = await pkceLogin();
    await center.seedAccounts(1000, 2);
    try {
      const ids: string[] = [];
      for await (const page of paginateListAccounts(
        { client: portal, pageSize: 100 },
        { accessToken: token.accessToken },
      )) {
        ids.push(...(page.accountList ?? []).map((a) => a.accountId ?? ''));
      }
      expect(new Set(ids).size).toBe(1002);
      const last = ids[ids.length - 1];
      const roles = await portal.send(
        new ListAccountRolesCommand({ accessToken: token.accessToken, accountId: last }),
      );
      expect(roles.roleList?.map((r) => r.roleName)).toEqual([
        'AdministratorAccess',
        'ReadOnlyAccess',
      ]);
    } finally {
      await center.seedAccounts(0, 0);
    }
    const before = Date.now();
    const { roleCredentials } = await portal.send(
      new GetRoleCredentialsCommand({
        accessToken: token.accessToken,
        accountId: '123456789012',
        roleName: 'AdministratorAccess',
      }),
    );
    expect(Math.round(((roleCredentials?.expiration ?? 0) - before) / 60_000)).toBe(60);
    expect(await callerArn(roleCredentials)).toBe(
      `arn:aws:sts::123456789012:assumed-role/AdministratorAccess/${center.seed.userName}`,
    );
  });

  it("another account's role credentials expire on the STS peer's clock", async () => {
    const { token } = await pkceLogin();
    await center.configure({ roleCredentialSeconds: 900 });
    try {
      const { roleCredentials } = await portal.send(
        new GetRoleCredentialsCommand({
          accessToken: token.accessToken,
          accountId: '210987654321',
          roleName: 'ReadOnlyAccess',
        }),
      );
      expect(await callerArn(roleCredentials)).toBe(
        `arn:aws:sts::210987654321:assumed-role/ReadOnlyAccess/${center.seed.userName}`,
      );
      await peer.setClockSkew(901);
      // Two attempts: the SDK corrects its clock from the Date header, then only expiry refuses it.
      await expect(callerArn(roleCredentials, 2)).rejects.toMatchObject({ name: 'ExpiredToken' });
    } finally {
      await peer.setClockSkew(0);
      await center.configure({ roleCredentialSeconds: 3600 });
    }
  });

  it('throttling is TooManyRequestsException, which the SDK retries', async () => {
    const { token } = await pkceLogin();
    await center.throttleNext(1);
    await expect(
      portal.send(new ListAccountsCommand({ accessToken: token.accessToken })),
    ).rejects.toBeInstanceOf(TooManyRequestsException);
    const retrying = new SSOClient({
      region: center.seed.region,
      endpoint: center.portalEndpoint,
      maxAttempts: 3,
    });
    const before = await center.counters();
    await center.throttleNext(2);
    await retrying.send(new ListAccountsCommand({ accessToken: token.accessToken }));
    const after = await center.counters();
    expect(after.throttled).toBe(before.throttled + 2);
    expect(after.requests.ListAccounts).toBe((before.requests.ListAccounts ?? 0) + 3);
  });

  it('refuses an expired, revoked or logged-out token with UnauthorizedException', async () => {
    const list = (accessToken: string | undefined) =>
      portal.send(new ListAccountsCommand({ accessToken }));
    const expired = (await pkceLogin()).token.accessToken;
    await center.expire('accessTokens', expired);
    await expect(list(expired)).rejects.toBeInstanceOf(UnauthorizedException);
    const revoked = (await pkceLogin()).token.accessToken;
    await center.revoke(revoked);
    await expect(list(revoked)).rejects.toBeInstanceOf(UnauthorizedException);
    const loggedOut = (await pkceLogin()).token.accessToken;
    await portal.send(new LogoutCommand({ accessToken: loggedOut }));
    await expect(list(loggedOut)).rejects.toBeInstanceOf(UnauthorizedException);
  });
});

describe('AWS CLI as the judge of sso_session profiles and the token cache', () => {
  const homes: string[] = [];
  afterAll(async () => {
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // botocore names the cache file by the SHA-1 of the sso-session name.
  const cacheFile = (home: string) =>
    join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);

  async function homeWithCachedToken(expiresAtMs: number) {
    const { client, token } = await pkceLogin();
    const home = await mkdtemp(join(tmpdir(), 'airlock-sso-cli-'));
    homes.push(home);
    await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    await writeFile(
      join(home, '.aws', 'config'),
      [
        '[sso-session corp]',
        `sso_start_url = ${center.seed.startUrl}`,
        `sso_region = ${center.seed.region}`,
        'sso_registration_scopes = sso:account:access',
        '',
        '[profile p]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = AdministratorAccess',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    await writeFile(
      cacheFile(home),
      JSON.stringify({
        startUrl: center.seed.startUrl,
        region: center.seed.region,
        accessToken: token.accessToken,
        expiresAt: iso(expiresAtMs),
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        registrationExpiresAt: iso((client.clientSecretExpiresAt ?? 0) * 1000),
        refreshToken: token.refreshToken,
      }),
    );
    return { home, token };
  }

  const callerIdentity = (home: string) =>
    runAwsCli(['sts', 'get-caller-identity', '--profile', 'p', '--output', 'json'], {
      endpoint: peer.endpoint,
      home,
      env: center.env,
    });

  it('get-caller-identity with a cached peer token prints the assumed-role ARN', async () => {
    const { home } = await homeWithCachedToken(Date.now() + 3_600_000);
    const before = await center.counters();
    const result = await callerIdentity(home);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      Arn: `arn:aws:sts::123456789012:assumed-role/AdministratorAccess/${center.seed.userName}`,
    });
    const after = await center.counters();
    expect(after.refreshes).toBe(before.refreshes);
    expect(after.requests.GetRoleCredentials).toBe((before.requests.GetRoleCredentials ?? 0) + 1);
  });

  it('an expired cached token is refreshed once through AWS_ENDPOINT_URL_SSO_OIDC and re-cached', async () => {
    const { home, token } = await homeWithCachedToken(Date.now() - 60_000);
    await center.expire('accessTokens', token.accessToken);
    const before = await center.counters();
    const result = await callerIdentity(home);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).Arn).toContain(':assumed-role/AdministratorAccess/');
    expect((await center.counters()).refreshes).toBe(before.refreshes + 1);

    const cached = JSON.parse(await readFile(cacheFile(home), 'utf8')) as {
      accessToken: string;
      refreshToken: string;
      expiresAt: string;
    };
    expect(cached.accessToken).not.toBe(token.accessToken);
    expect(cached.refreshToken).not.toBe(token.refreshToken);
    expect(Date.parse(cached.expiresAt)).toBeGreaterThan(Date.now());
    const accounts = await portal.send(
      new ListAccountsCommand({ accessToken: cached.accessToken }),
    );
    expect(accounts.accountList).toHaveLength(center.seed.accounts.length);
  });
});

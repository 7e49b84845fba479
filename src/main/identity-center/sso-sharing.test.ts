// One sign-in shared: 20 processes on one AIRLOCK_HOME refresh once; the AWS CLI's cache is read, and written with share-sso-login.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../../../test-support/bundle-script';
import { runAwsCli } from '../../../test-support/aws-cli';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import type { IdentityCenterPeer } from '../../../test-support/identity-center-peer/index';
import { AirlockError } from '../airlock-error';
import { KeytarSecretStore } from '../secrets/keytar-secret-store';
import type { Prompter } from '../sessions/prompter';
import { SessionStore } from '../store/session-store';
import { awsCliCachePath } from './aws-cli-sso-cache';
import { createIdentityCenter } from './create-identity-center';

const keyring = process.env.AIRLOCK_KEYRING === '1';
if (!keyring && process.env.CI)
  throw new Error('These tests need the keyring: run them with test-support/with-keyring.sh');

let peer: StsPeer;
let center: IdentityCenterPeer;
const dirs: string[] = [];

beforeAll(async () => {
  peer = await startStsPeer();
  center = peer.identityCenter;
});
afterAll(async () => {
  await peer?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function browser(): Prompter {
  const refuse = () => Promise.reject(new AirlockError('PROMPT_CANCELLED', 'not in this test'));
  return {
    askMfaCode: refuse,
    samlLogin: refuse,
    chooseRole: refuse,
    async openBrowser({ url }) {
      await fetch(await center.authorize(url));
    },
  };
}

async function setup(options: { share?: boolean } = {}) {
  const home = await mkdtemp(join(tmpdir(), 'airlock-sso-share-'));
  dirs.push(home);
  const airlockHome = join(home, '.config', 'Airlock');
  const service = `airlock-test-${randomUUID().slice(0, 8)}`;
  const store = new SessionStore(airlockHome);
  if (options.share) await store.update((d) => void (d.settings.shareSsoLogin = true));
  const ic = createIdentityCenter({
    store,
    secrets: new KeytarSecretStore(service),
    homeDir: home,
    endpoints: { oidc: center.oidcEndpoint, portal: center.portalEndpoint },
    prompter: browser(),
  });
  const corp = await ic.integrations.add({
    name: 'corp',
    startUrl: center.seed.startUrl,
    region: center.seed.region,
  });
  return { home, airlockHome, service, ic, corp };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What `aws sso login --sso-session corp` leaves in the cache: its own client and sign-in, by device code. */
type AwsCliCacheFile = Record<
  | 'startUrl'
  | 'region'
  | 'accessToken'
  | 'expiresAt'
  | 'clientId'
  | 'clientSecret'
  | 'registrationExpiresAt'
  | 'refreshToken',
  string
>;

async function awsCliSignIn(home: string): Promise<AwsCliCacheFile> {
  const oidc = new SSOOIDCClient({ region: center.seed.region, endpoint: center.oidcEndpoint });
  try {
    const client = await oidc.send(
      new RegisterClientCommand({
        clientName: 'botocore-client-corp',
        clientType: 'public',
        scopes: ['sso:account:access'],
      }),
    );
    const ids = { clientId: client.clientId!, clientSecret: client.clientSecret! };
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({ ...ids, startUrl: center.seed.startUrl }),
    );
    await center.approveDevice(device.userCode!);
    const token = await oidc.send(
      new CreateTokenCommand({
        ...ids,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: device.deviceCode!,
      }),
    );
    const cached = {
      startUrl: center.seed.startUrl,
      region: center.seed.region,
      accessToken: token.accessToken!,
      expiresAt: iso(Date.now() + token.expiresIn! * 1000),
      ...ids,
      registrationExpiresAt: iso(client.clientSecretExpiresAt! * 1000),
      refreshToken: token.refreshToken!,
    };
    await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    await writeFile(awsCliCachePath(home, 'corp'), JSON.stringify(cached));
    return cached;
  } finally {
    oidc.destroy();
  }
}

const SSO_PROFILE_CONFIG = [
  '[sso-session corp]',
  `sso_start_url = %START%`,
  `sso_region = %REGION%`,
  'sso_registration_scopes = sso:account:access',
  '',
  '[profile p]',
  'sso_session = corp',
  'sso_account_id = 123456789012',
  'sso_role_name = AdministratorAccess',
  'region = us-east-1',
  '',
].join('\n');

describe.skipIf(!keyring)('one sign-in, shared', () => {
  it('20 processes on one AIRLOCK_HOME with a token due for refresh: exactly one refresh, 20 tokens', async () => {
    const { home, airlockHome, service, ic, corp } = await setup();
    await center.configure({ accessTokenSeconds: 240 });
    await ic.logins.login(corp);
    await center.configure({ accessTokenSeconds: 8 * 3600 });
    ic.dispose();
    // Inside the repo, so the bundle finds keytar in node_modules.
    const outDir = await mkdtemp(join(process.cwd(), 'node_modules', '.airlock-sso-bundle-'));
    dirs.push(outDir);
    const caller = await bundleScript(
      join(import.meta.dirname, 'test-fixtures', 'token-caller.ts'),
      outDir,
    );
    const before = await center.counters();
    const env = {
      ...process.env,
      HOME: home,
      AIRLOCK_HOME: airlockHome,
      AIRLOCK_KEYCHAIN_SERVICE: service,
    };
    const results = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<{ ok: boolean; token?: string; message?: string }>((resolve, reject) =>
            execFile(
              process.execPath,
              [caller, 'corp', center.oidcEndpoint, center.portalEndpoint],
              { env, timeout: 60_000 },
              (error, stdout, stderr) =>
                error
                  ? reject(new Error(`${error.message}\n${stderr}`))
                  : resolve(JSON.parse(stdout)),
            ),
          ),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    const after = await center.counters();
    expect(after.refreshes).toBe(before.refreshes + 1);
    expect(after.logins).toBe(before.logins);
  }, 90_000);

  it("uses the AWS CLI's cached token for the same start URL, and never one for another", async () => {
    const other = await setup();
    await other.ic.logins.login(other.corp);
    const cliToken = await other.ic.logins.accessToken(other.corp);
    const { home, ic, corp } = await setup();
    const file = awsCliCachePath(home, 'corp');
    await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    const write = (startUrl: string) =>
      writeFile(
        file,
        JSON.stringify({
          startUrl,
          region: center.seed.region,
          accessToken: cliToken,
          expiresAt: iso(Date.now() + 3600_000),
        }),
      );
    await write('https://another-org.awsapps.com/start');
    await expect(ic.logins.accessToken(corp)).rejects.toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    await write(center.seed.startUrl);
    const before = await center.counters();
    expect(await ic.logins.accessToken(corp)).toBe(cliToken);
    expect((await ic.logins.status(corp)).loginState).toBe('logged-in');
    const after = await center.counters();
    expect(after.logins).toBe(before.logins);
    expect(after.refreshes).toBe(before.refreshes);
    other.ic.dispose();
    ic.dispose();
  });

  it('share-sso-login writes the AWS CLI cache (0600, its fields), the AWS CLI then needs no login, and logout removes it', async () => {
    const { home, ic, corp } = await setup({ share: true });
    await ic.logins.login(corp);
    const file = awsCliCachePath(home, 'corp');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const cached = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(Object.keys(cached).sort()).toEqual([
      'accessToken',
      'clientId',
      'clientSecret',
      'expiresAt',
      'refreshToken',
      'region',
      'registrationExpiresAt',
      'startUrl',
    ]);
    expect(cached).toMatchObject({ startUrl: center.seed.startUrl, region: center.seed.region });
    expect(cached.accessToken).toBe(await ic.logins.accessToken(corp));
    expect(cached.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

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
    const before = await center.counters();
    const result = await runAwsCli(
      ['sts', 'get-caller-identity', '--profile', 'p', '--output', 'json'],
      {
        endpoint: peer.endpoint,
        home,
        env: center.env,
      },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).Arn).toBe(
      `arn:aws:sts::123456789012:assumed-role/AdministratorAccess/${center.seed.userName}`,
    );
    const after = await center.counters();
    expect(after.logins).toBe(before.logins);
    expect(after.requests.RegisterClient).toBe(before.requests.RegisterClient);

    expect(await ic.logins.logout(corp)).toBe('ended');
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await ic.logins.status(corp)).loginState).toBe('logged-out');
    expect((await center.counters()).requests.Logout).toBe((after.requests.Logout ?? 0) + 1);
    ic.dispose();
  });

  it("logout leaves an AWS CLI cache file alone when it holds the AWS CLI's own sign-in", async () => {
    const { home, ic, corp } = await setup({ share: true });
    await ic.logins.login(corp);
    const file = awsCliCachePath(home, 'corp');
    const theirs = {
      startUrl: center.seed.startUrl,
      region: center.seed.region,
      accessToken: 'aws-cli-own',
      expiresAt: iso(Date.now() + 3600_000),
      clientId: 'their-client',
    };
    await writeFile(file, JSON.stringify(theirs));
    await ic.logins.logout(corp);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(theirs);
    ic.dispose();
  });

  it("adopts the AWS CLI's refresh token for the same start URL: it refreshes without a login, writes the new tokens back, and the AWS CLI keeps working", async () => {
    const { home, ic, corp } = await setup();
    const signedIn = await awsCliSignIn(home);
    const file = awsCliCachePath(home, 'corp');
    // Its access token has expired; its refresh token and client still work.
    const cached = { ...signedIn, expiresAt: iso(Date.now() - 60_000) };
    await writeFile(file, JSON.stringify(cached));
    await center.expire('accessTokens', cached.accessToken);
    // It can refresh, so it counts as signed in.
    expect((await ic.logins.status(corp)).loginState).toBe('logged-in');
    const before = await center.counters();
    const token = await ic.logins.accessToken(corp);
    expect(token).not.toBe(cached.accessToken);
    let after = await center.counters();
    expect(after.refreshes).toBe(before.refreshes + 1);
    expect(after.logins).toBe(before.logins);
    expect(after.requests.RegisterClient).toBe(before.requests.RegisterClient);
    // Written back as botocore would: the AWS CLI's client, the new access and refresh tokens.
    const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(written).toMatchObject({
      startUrl: cached.startUrl,
      clientId: cached.clientId,
      clientSecret: cached.clientSecret,
      accessToken: token,
    });
    expect(written.refreshToken).not.toBe(cached.refreshToken);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // The AWS CLI, on the file Airlock wrote back: its sso_session profile works with no login...
    await writeFile(
      join(home, '.aws', 'config'),
      SSO_PROFILE_CONFIG.replace('%START%', center.seed.startUrl).replace(
        '%REGION%',
        center.seed.region,
      ),
    );
    const aws = () =>
      runAwsCli(['sts', 'get-caller-identity', '--profile', 'p', '--output', 'json'], {
        endpoint: peer.endpoint,
        home,
        env: center.env,
      });
    let result = await aws();
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).Arn).toContain(':assumed-role/AdministratorAccess/');
    // ...and with that token expired it refreshes itself with the refresh token Airlock kept live.
    await center.expire('accessTokens', token);
    await writeFile(file, JSON.stringify({ ...written, expiresAt: iso(Date.now() - 60_000) }));
    const mid = await center.counters();
    result = await aws();
    expect(result.stderr).toBe('');
    after = await center.counters();
    expect(after.refreshes).toBe(mid.refreshes + 1);
    expect(after.logins).toBe(mid.logins);
    ic.dispose();
  });

  it('never adopts an AWS CLI sign-in whose client registration has expired, nor one for another start URL', async () => {
    const { home, ic, corp } = await setup();
    const cached = { ...(await awsCliSignIn(home)), expiresAt: iso(Date.now() - 60_000) };
    const file = awsCliCachePath(home, 'corp');
    await center.expire('accessTokens', cached.accessToken);
    const before = await center.counters();
    await writeFile(
      file,
      JSON.stringify({ ...cached, registrationExpiresAt: iso(Date.now() - 60_000) }),
    );
    await expect(ic.logins.accessToken(corp)).rejects.toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    expect((await ic.logins.status(corp)).loginState).toBe('logged-out');
    await writeFile(
      file,
      JSON.stringify({ ...cached, startUrl: 'https://another-org.awsapps.com/start' }),
    );
    await expect(ic.logins.accessToken(corp)).rejects.toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    expect((await center.counters()).refreshes).toBe(before.refreshes);
    ic.dispose();
  });
});

// The rest of issue 9's `airlock sso` surface, flag by flag and exit code by exit code, with the
// built CLI against the Identity Center and STS peers: every bad input exits 2, every failed
// sign-in exits 1, list and sync print what scripts read, and whoami, env, exec and stop work on
// an sso-role session, judged by the AWS CLI.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../../test-support/test-core';
import { runAwsCli } from '../../test-support/aws-cli';
import {
  answerInBrowser,
  authorizeUrlIn,
  cliOk,
  runCliWithBrowser,
  startSsoCliRig,
  stopSsoCliRig,
} from '../../test-support/sso-cli';
import type { CliRun, TestCli } from '../../test-support/test-cli';
import type { StsPeer } from '../../test-support/sts-peer/index';

let peer: StsPeer;
let t: TestCore;
let cli: TestCli;
let env: Record<string, string>;

beforeAll(async () => {
  ({ peer, t, cli, env } = await startSsoCliRig('sso-surface'));
}, 120_000);
afterAll(() => stopSsoCliRig({ peer, t, cli }));

const airlock = (args: string[]): Promise<CliRun> => cli.run(args);

const ok = (args: string[]): Promise<string> => cliOk(cli, args);

const add = (name: string) =>
  ok([
    'sso',
    'add',
    '--name',
    name,
    '--start-url',
    peer.identityCenter.seed.startUrl,
    '--region',
    peer.identityCenter.seed.region,
  ]);

/** A PKCE login where the browser gets `deny` or a redirect rewritten by `rewrite`. */
const loginAnswered = (
  name: string,
  options: Parameters<typeof answerInBrowser>[2] = {},
): Promise<CliRun & { landed?: number }> => {
  let landed: number | undefined;
  return runCliWithBrowser(cli, env, ['sso', 'login', name, '--no-browser'], async (stderr) => {
    const url = authorizeUrlIn(stderr);
    if (!url) return false;
    landed = await answerInBrowser(peer.identityCenter, url, options);
    return true;
  }).then((run) => ({ ...run, ...(landed === undefined ? {} : { landed }) }));
};

/** This process's environment without the developer's own AWS settings. */
function cleanEnv(): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('AWS_') && v !== undefined) clean[k] = v;
  }
  return clean;
}

const loginState = async (name: string) =>
  (
    JSON.parse(await ok(['sso', 'list', '--output', 'json'])) as {
      name: string;
      loginState: string;
    }[]
  ).find((i) => i.name === name)?.loginState;

describe('airlock sso: the rest of the surface', () => {
  it('exits 2 naming what is wrong: a malformed, http or loopback http start URL, a missing flag, an unknown integration for every command, an unknown output', async () => {
    const addWith = (startUrl: string, region = 'eu-west-1') =>
      airlock(['sso', 'add', '--name', 'x', '--start-url', startUrl, '--region', region]);
    for (const startUrl of [
      'not a url',
      'my-org.awsapps.com/start',
      'http://my-org.awsapps.com/start',
      'http://127.0.0.1:8080/start',
      'ftp://my-org.awsapps.com/start',
    ]) {
      const run = await addWith(startUrl);
      expect(run.code, startUrl).toBe(2);
      expect(run.stderr, startUrl).toContain('startUrl: must be an https URL');
    }
    const region = await addWith('https://x.awsapps.com/start', 'eu_west_1');
    expect(region.code).toBe(2);
    expect(region.stderr).toContain('region: must be a region like eu-west-1');
    const missing = await airlock(['sso', 'add', '--name', 'x', '--region', 'eu-west-1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--start-url');

    for (const args of [
      ['sso', 'login', 'nope'],
      ['sso', 'sync', 'nope'],
      ['sso', 'sync', 'nope', '--prune'],
      ['sso', 'logout', 'nope'],
      ['sso', 'remove', 'nope'],
      ['sso', 'remove', 'nope', '--force'],
      ['sso', 'edit', 'nope', '--region', 'eu-west-1'],
    ]) {
      const run = await airlock(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('No Identity Center integration named nope.');
    }
    const output = await airlock(['sso', 'list', '--output', 'yaml']);
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('yaml');
    // Nothing was added by any of them.
    expect(JSON.parse(await ok(['sso', 'list', '--output', 'json']))).toEqual([]);
  });

  it('a sign-in denied in the browser, or a redirect with another state, exits 1 saying so and leaves it logged out', async () => {
    await add('refused');
    const denied = await loginAnswered('refused', { deny: true });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('Identity Center login for refused was denied in the browser.');
    expect(await loginState('refused')).toBe('logged-out');

    const forged = await loginAnswered('refused', {
      rewriteRedirect: (location) => location.searchParams.set('state', 'not-the-one-sent'),
    });
    expect(forged.landed).toBe(400);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain(
      'Identity Center login for refused was refused: the browser came back with a state Airlock did not send',
    );
    expect(await loginState('refused')).toBe('logged-out');
  });

  it('a device code nobody approves exits 1 when it expires, saying what to run', async () => {
    await add('late');
    await peer.identityCenter.configure({ deviceCodeSeconds: 2, deviceIntervalSeconds: 1 });
    try {
      const run = await runCliWithBrowser(
        cli,
        env,
        ['sso', 'login', 'late', '--use-device-code', '--no-browser'],
        async (stderr) => /enter the code\s+\S+/.test(stderr),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('enter the code');
      expect(run.stderr).toContain(
        'The device code for late expired before it was approved. Run `airlock sso login late --use-device-code` again.',
      );
      expect(await loginState('late')).toBe('logged-out');
    } finally {
      await peer.identityCenter.configure({ deviceCodeSeconds: 600, deviceIntervalSeconds: 5 });
    }
  }, 60_000);

  it('list prints json, table and text with login state and expiry and no secret; sync prints one JSON object on stdout, no progress off a TTY, and --prune removes orphans', async () => {
    await add('corp');
    const login = await loginAnswered('corp');
    expect(login.code, login.stderr).toBe(0);
    expect(login.landed).toBe(200);

    const json = await ok(['sso', 'list', '--output', 'json']);
    const corp = (JSON.parse(json) as Record<string, unknown>[]).find((i) => i.name === 'corp')!;
    expect(corp).toMatchObject({
      name: 'corp',
      startUrl: peer.identityCenter.seed.startUrl,
      region: peer.identityCenter.seed.region,
      scopes: ['sso:account:access'],
      loginState: 'logged-in',
      sessions: 0,
    });
    expect(Date.parse(corp.tokenExpiresAt as string)).toBeGreaterThan(Date.now());
    const table = await ok(['sso', 'list']);
    expect(table).toMatch(/name\s+startUrl\s+region\s+loginState\s+tokenExpiresAt\s+sessions/i);
    expect(table).toMatch(/corp\s+https:\/\/\S+\s+\S+\s+logged-in\s+\S+\s+0/);
    const text = await ok(['sso', 'list', '--output', 'text']);
    expect(text).toContain('logged-in');
    // What the keychain holds never reaches stdout, in any format.
    const keychain = await t.secrets.get('sso-corp', 'sso-token');
    const { accessToken, refreshToken } = JSON.parse(keychain!) as {
      accessToken: string;
      refreshToken: string;
    };
    for (const out of [json, table, text]) {
      expect(out).not.toContain(accessToken);
      expect(out).not.toContain(refreshToken);
      expect(out).not.toMatch(/accessToken|refreshToken|clientSecret/);
    }

    await peer.identityCenter.seedAccounts(2, 1);
    const pairs = peer.identityCenter.seed.accounts.reduce((n, a) => n + a.roles.length, 0) + 2;
    const sync = await airlock(['sso', 'sync', 'corp']);
    expect(sync.code, sync.stderr).toBe(0);
    // Exactly as the issue and the docs spell it: one line, ": " and ", " between.
    expect(sync.stdout).toBe(`{"added": ${pairs}, "updated": 0, "orphaned": 0, "removed": 0}\n`);
    // stderr is a pipe here: no progress lines for a script to wade through.
    expect(sync.stderr).not.toMatch(/accounts/);
    // On a terminal (script(1) gives stderr a pty; stdout goes to a file) it counts accounts.
    const accounts = peer.identityCenter.seed.accounts.length + 2;
    const out = join(t.home, 'sync.json');
    const onTty = await new Promise<{ code: number; tty: string }>((resolve, reject) => {
      const child = spawn(
        'script',
        ['-qec', `${cli.command} sso sync corp > ${out}`, '/dev/null'],
        { env: { ...cleanEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let tty = '';
      child.stdout.on('data', (d: Buffer) => (tty += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, tty }));
      child.stdin.end('');
    });
    expect(onTty.code, onTty.tty).toBe(0);
    expect(onTty.tty).toContain(`\rairlock: corp: 0/${accounts} accounts`);
    expect(onTty.tty).toContain(`\rairlock: corp: ${accounts}/${accounts} accounts`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      added: 0,
      updated: 0,
      orphaned: 0,
      removed: 0,
    });

    await peer.identityCenter.seedAccounts(0, 0);
    expect(JSON.parse(await ok(['sso', 'sync', 'corp']))).toEqual({
      added: 0,
      updated: 0,
      orphaned: 2,
      removed: 0,
    });
    expect(JSON.parse(await ok(['sso', 'sync', 'corp', '--prune']))).toEqual({
      added: 0,
      updated: 0,
      orphaned: 0,
      removed: 2,
    });
  }, 120_000);

  it('whoami, env, exec and stop work on an sso-role session as on any other kind', async () => {
    type Listed = { name: string; profile: string; kind: string; roleName: string };
    const sessions = (JSON.parse(await ok(['session', 'list', '--output', 'json'])) as Listed[])
      .filter((s) => s.kind === 'sso-role')
      .sort((a, b) => a.name.localeCompare(b.name));
    const admin = sessions.find((s) => s.roleName === 'AdministratorAccess')!;
    const arn = /:assumed-role\/AdministratorAccess\/airlock-user$/;

    const whoami = JSON.parse(await ok(['whoami', admin.name])) as { Arn: string };
    expect(whoami.Arn).toMatch(arn);

    // env prints credentials the AWS CLI accepts with no profile at all.
    const exported = JSON.parse(await ok(['env', admin.name, '--format', 'json'])) as Record<
      string,
      string
    >;
    expect(exported.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const byEnv = await runAwsCli(['sts', 'get-caller-identity'], {
      endpoint: peer.endpoint,
      home: t.home,
      env: {
        AWS_ACCESS_KEY_ID: exported.AWS_ACCESS_KEY_ID!,
        AWS_SECRET_ACCESS_KEY: exported.AWS_SECRET_ACCESS_KEY!,
        AWS_SESSION_TOKEN: exported.AWS_SESSION_TOKEN!,
        AWS_DEFAULT_REGION: 'us-east-1',
      },
    });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect((JSON.parse(byEnv.stdout) as { Arn: string }).Arn).toMatch(arn);

    // exec hands them to a command: here the AWS CLI itself.
    const exec = await airlock([
      'exec',
      admin.name,
      '--',
      process.env.AIRLOCK_AWS_CLI ?? 'aws',
      'sts',
      'get-caller-identity',
      '--endpoint-url',
      peer.endpoint,
      '--region',
      'us-east-1',
    ]);
    expect(exec.code, exec.stderr).toBe(0);
    expect((JSON.parse(exec.stdout) as { Arn: string }).Arn).toMatch(arn);

    // start, then stop: the profile comes and goes, and the AWS CLI sees both.
    await ok(['session', 'start', admin.name]);
    expect(readFileSync(t.credentialsFile, 'utf8')).toContain(`[${admin.profile}]`);
    const started = await runAwsCli(['sts', 'get-caller-identity', '--profile', admin.profile], {
      endpoint: peer.endpoint,
      home: t.home,
    });
    expect(started.code, started.stderr).toBe(0);
    await ok(['session', 'stop', admin.name]);
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain(`[${admin.profile}]`);
    const stopped = await runAwsCli(['sts', 'get-caller-identity', '--profile', admin.profile], {
      endpoint: peer.endpoint,
      home: t.home,
    });
    expect(stopped.code).not.toBe(0);
  }, 120_000);
  it('settings set share-sso-login true makes sso login write the AWS CLI cache, which an sso_session profile of the AWS CLI then uses; sso logout removes it', async () => {
    const bad = await airlock(['settings', 'set', 'share-sso-login', 'yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('share-sso-login is true or false.');
    await ok(['settings', 'set', 'share-sso-login', 'true']);
    try {
      expect((await ok(['settings', 'get', 'share-sso-login'])).trim()).toBe('true');
      await add('shared');
      const login = await loginAnswered('shared');
      expect(login.code, login.stderr).toBe(0);
      const sha1 = createHash('sha1').update('shared').digest('hex');
      const file = join(t.home, '.aws', 'sso', 'cache', `${sha1}.json`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object).sort()).toEqual([
        'accessToken',
        'clientId',
        'clientSecret',
        'expiresAt',
        'refreshToken',
        'region',
        'registrationExpiresAt',
        'startUrl',
      ]);

      // The AWS CLI, with no login of its own, signs in through [sso-session shared].
      const { seed } = peer.identityCenter;
      appendFileSync(
        t.configFile,
        [
          '',
          '[sso-session shared]',
          `sso_start_url = ${seed.startUrl}`,
          `sso_region = ${seed.region}`,
          'sso_registration_scopes = sso:account:access',
          '',
          '[profile shared-admin]',
          'sso_session = shared',
          `sso_account_id = ${seed.accounts[0]!.accountId}`,
          'sso_role_name = AdministratorAccess',
          'region = us-east-1',
          '',
        ].join('\n'),
      );
      const before = await peer.identityCenter.counters();
      const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'shared-admin'], {
        endpoint: peer.endpoint,
        home: t.home,
        env: peer.identityCenter.env,
      });
      expect(who.code, who.stderr).toBe(0);
      expect((JSON.parse(who.stdout) as { Arn: string }).Arn).toMatch(
        /:assumed-role\/AdministratorAccess\/airlock-user$/,
      );
      const after = await peer.identityCenter.counters();
      expect(after.logins).toBe(before.logins);

      await ok(['sso', 'logout', 'shared']);
      expect(existsSync(file)).toBe(false);
    } finally {
      await ok(['settings', 'set', 'share-sso-login', 'false']);
    }
  }, 120_000);
  it("uses the AWS CLI's cached token for the same start URL in sync, start and rotate, with no login of its own; one for another start URL never", async () => {
    // What `aws sso login --sso-session fromcli` leaves: a live token for the peer's start URL
    // (here one the peer issued to corp's sign-in), in the file named by sha1 of the name.
    const stored = JSON.parse((await t.secrets.get('sso-corp', 'sso-token'))!) as {
      accessToken: string;
      expiresAt: string;
    };
    await add('fromcli');
    const sha1 = createHash('sha1').update('fromcli').digest('hex');
    const file = join(t.home, '.aws', 'sso', 'cache', `${sha1}.json`);
    mkdirSync(join(t.home, '.aws', 'sso', 'cache'), { recursive: true });
    const writeCache = (startUrl: string) =>
      writeFileSync(
        file,
        JSON.stringify({
          startUrl,
          region: peer.identityCenter.seed.region,
          accessToken: stored.accessToken,
          expiresAt: stored.expiresAt.replace(/\.\d{3}Z$/, 'Z'),
        }),
      );

    writeCache('https://another-org.awsapps.com/start');
    expect(await loginState('fromcli')).toBe('logged-out');

    writeCache(peer.identityCenter.seed.startUrl);
    expect(await loginState('fromcli')).toBe('logged-in');
    const before = await peer.identityCenter.counters();
    const sync = await airlock([
      'sso',
      'sync',
      'fromcli',
      '--name-template',
      'cli-{accountName}-{roleName}',
      '--profile-template',
      'cli-{accountName}-{roleName}',
    ]);
    expect(sync.code, sync.stderr).toBe(0);
    // Nothing was opened or printed to sign in with.
    expect(sync.stderr).not.toMatch(/authorize|enter the code/);
    const name = 'cli-airlock-dev-AdministratorAccess';
    await ok(['session', 'start', name]);
    await ok(['session', 'rotate', name]);
    const after = await peer.identityCenter.counters();
    expect(after.logins).toBe(before.logins);
    expect(after.refreshes).toBe(before.refreshes);
    expect(
      (after.requests.GetRoleCredentials ?? 0) - (before.requests.GetRoleCredentials ?? 0),
    ).toBe(2);
    await ok(['session', 'stop', name]);

    // The same token filed under another start URL: never used, and a start says what to run.
    writeCache('https://another-org.awsapps.com/start');
    const refused = await airlock(['session', 'start', name]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'airlock: Identity Center login for fromcli has expired: run `airlock sso login fromcli` [SSO_LOGIN_REQUIRED]\n',
    );
  }, 120_000);
});

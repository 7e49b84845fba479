// `airlock console` as a user runs it: the built CLI against the STS peer and the federation peer,
// which checks the credentials it is given with the STS peer and enforces AWS's sign-in rules.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAwsCli } from '../../test-support/aws-cli';
import { startFederationPeer, type FederationPeer } from '../../test-support/federation-peer/index';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { buildTestCli, type CliRun, type TestCli } from '../../test-support/test-cli';
import { totp } from '../../test-support/totp';
import { signinTokenUrl } from '../main/console/console-plan';

const { endpoint, seed } = inject('stsPeer');
const roleName = (arn: string) => arn.split('/').pop()!;
const assumed = (arn: string) => new RegExp(`:assumed-role/${roleName(arn)}/`);

let federation: FederationPeer;
let t: TestCore;
let cli: TestCli;
const ids: Record<string, string> = {};

beforeAll(async () => {
  federation = await startFederationPeer({
    stsEndpoint: endpoint,
    chainedRoleArns: [seed.roles.chain2, seed.roles.chain3],
  });
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('console', { ...t.env, AIRLOCK_FEDERATION_URL: federation.url });
  const keys = { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey };
  const add = async (config: Record<string, unknown>, withKeys = false) => {
    const view = await t.core.sessions.add({
      config: config as never,
      ...(withKeys ? { keys } : {}),
    });
    ids[view.name] = view.id;
  };
  await add({ kind: 'iam-user', name: 'alice', profile: 'alice', region: 'eu-west-1' }, true);
  await add({ kind: 'iam-user', name: 'mfa', profile: 'mfa', mfaSerial: seed.mfa.serial }, true);
  await add(
    { kind: 'iam-user', name: 'mfa-stdin', profile: 'mfa-stdin', mfaSerial: seed.mfa.serial },
    true,
  );
  await add({
    kind: 'iam-role',
    name: 'admin',
    profile: 'admin',
    parentId: ids.alice,
    roleArn: seed.roles.admin,
    durationSeconds: 7200,
  });
  await add({
    kind: 'iam-role',
    name: 'chain2',
    profile: 'chain2',
    parentId: ids.admin,
    roleArn: seed.roles.chain2,
  });
  await add({
    kind: 'federated-user',
    name: 'fed',
    profile: 'fed',
    parentId: ids.alice,
    federatedName: 'contractor',
  });
}, 120_000);

afterAll(async () => {
  cli?.dispose();
  await t?.close();
  await federation?.stop();
});

async function ok(args: string[], stdin?: string): Promise<string> {
  const r: CliRun = await cli.run(args, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function signIn(name: string, ...flags: string[]) {
  const out = await ok(['console', name, '--print', ...flags]);
  expect(out.trim().split('\n')).toHaveLength(1);
  return federation.open(out.trim());
}

describe('airlock console --print', () => {
  it('starts an inactive iam-user first, then signs in through GetFederationToken with no SessionDuration', async () => {
    expect(t.core.sessions.get('alice').state.status).toBe('inactive');
    const signin = await signIn('alice');
    expect(signin.arn).toBe('arn:aws:sts::123456789012:federated-user/alice');
    expect(signin.sessionDuration).toBeUndefined();
    expect(signin.issuer).toBe('airlock');
    expect(signin.destination).toBe('https://console.aws.amazon.com/console/home?region=eu-west-1');
    expect(signin.loggedOutFirst).toBe(false);
    // Started as `session start` starts it: the AWS CLI uses its profile.
    expect(t.core.sessions.get('alice').state.status).toBe('active');
    const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'alice'], {
      endpoint,
      home: t.home,
    });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toBe(seed.user.arn);
  });

  it('asks for MFA as a start does: --mfa-code starts the session, then it signs in', async () => {
    const refused = await cli.run(['console', 'mfa', '--print', '--mfa-code', '000000']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    const signin = await signIn('mfa', '--mfa-code', totp(seed.mfa.secretBase32));
    expect(signin.arn).toBe('arn:aws:sts::123456789012:federated-user/mfa');
  });

  it('takes the MFA code from stdin with --mfa-code-stdin, keeping it out of argv', async () => {
    const refused = await cli.run(['console', 'mfa-stdin', '--print']);
    expect(refused.code).toBe(1);
    const out = await ok(
      ['console', 'mfa-stdin', '--print', '--mfa-code-stdin'],
      `${totp(seed.mfa.secretBase32)}\n`,
    );
    const signin = await federation.open(out.trim());
    expect(signin.arn).toBe('arn:aws:sts::123456789012:federated-user/mfa-stdin');
  });

  it('sends SessionDuration for a role assumed with the iam-user, and --region and --destination land there', async () => {
    const signin = await signIn('admin', '--region', 'us-west-2');
    expect(signin.arn).toMatch(assumed(seed.roles.admin));
    expect(signin.sessionDuration).toBe(7200);
    expect(signin.destination).toBe('https://console.aws.amazon.com/console/home?region=us-west-2');
    const s3 = await signIn('admin', '--destination', 'https://console.aws.amazon.com/s3/home');
    expect(s3.destination).toBe('https://console.aws.amazon.com/s3/home');
  });

  it('sends no SessionDuration for a chained role or a federated user', async () => {
    const chained = await signIn('chain2');
    expect(chained.arn).toMatch(assumed(seed.roles.chain2));
    expect(chained.sessionDuration).toBeUndefined();
    const fed = await signIn('fed');
    expect(fed.arn).toBe('arn:aws:sts::123456789012:federated-user/contractor');
    expect(fed.sessionDuration).toBeUndefined();
  });

  it('wraps the login in the logout redirect when console-switch-accounts is set', async () => {
    await ok(['settings', 'set', 'console-switch-accounts', 'true']);
    try {
      const signin = await signIn('admin');
      expect(signin.loggedOutFirst).toBe(true);
      expect(signin.arn).toMatch(assumed(seed.roles.admin));
    } finally {
      await ok(['settings', 'set', 'console-switch-accounts', 'false']);
    }
  });

  it('exits 2 on bad input before starting anything', async () => {
    for (const args of [
      ['console', 'chain2', '--destination', 'http://console.aws.amazon.com/'],
      ['console', 'chain2', '--region', 'mars'],
      ['console', 'chain2', '--browser', 'netscape'],
      ['console'],
    ]) {
      const r = await cli.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    const unknown = await cli.run(['console', 'nobody', '--print']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nobody/);
  });
});

describe('airlock console (no --print)', () => {
  // Stand-in browsers on the PATH record the argv that the real `open` package starts them with.
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(join(t.home, 'bin-'));
  });
  const standIn = (name: string): string => {
    const record = join(bin, `${name}.argv`);
    writeFileSync(
      join(bin, name),
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}.tmp'\n/bin/mv '${record}.tmp' '${record}'\n`,
    );
    chmodSync(join(bin, name), 0o755);
    return record;
  };
  const argvIn = async (record: string): Promise<string[]> => {
    for (let i = 0; i < 200 && !existsSync(record); i++)
      await new Promise((r) => setTimeout(r, 25));
    return readFileSync(record, 'utf8').trimEnd().split('\n');
  };
  const run = (args: string[]) => cli.run(args, { env: { PATH: bin } });

  it('opens the sign-in in the system default browser, printing nothing', async () => {
    const record = standIn('xdg-open');
    const r = await run(['console', 'admin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const argv = await argvIn(record);
    expect(argv).toHaveLength(1);
    expect((await federation.open(argv[0]!)).arn).toMatch(assumed(seed.roles.admin));
  });

  it('opens the browser the console-browser setting picks, with a user-data folder per session', async () => {
    const record = standIn('chromium');
    await ok(['settings', 'set', 'console-browser', 'chromium']);
    try {
      const r = await run(['console', 'admin']);
      expect(r.code, r.stderr).toBe(0);
      const argv = await argvIn(record);
      expect(argv.slice(0, 2)).toEqual([
        `--user-data-dir=${join(t.core.store.dir, 'browser-profiles', ids.admin!)}`,
        '--no-first-run',
      ]);
      expect(argv).toHaveLength(3);
      expect((await federation.open(argv[2]!)).arn).toMatch(assumed(seed.roles.admin));
    } finally {
      await ok(['settings', 'set', 'console-browser', 'default']);
    }
  });

  it('exits 1 with BROWSER_UNAVAILABLE naming the session when the browser is not installed', async () => {
    const r = await run(['console', 'admin', '--browser', 'brave']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'airlock: Airlock could not open Brave for session admin\'s console. Check the console-browser setting, or run "airlock console admin --print" and open the address yourself. [BROWSER_UNAVAILABLE]\n',
    );
  });
});

describe('the federation peer', () => {
  it('refuses GetSessionToken credentials, SessionDuration on chained roles, and bad credentials', async () => {
    const sessionToken = await t.core.sessions.credentials('alice');
    const asConsole = (c: typeof sessionToken) => ({
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken ?? '',
    });
    const refused = await fetch(signinTokenUrl(federation.url, asConsole(sessionToken)));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/GetSessionToken/);

    const chained = await t.core.sessions.credentials('chain2');
    const withDuration = await fetch(signinTokenUrl(federation.url, asConsole(chained), 3600));
    expect(withDuration.status).toBe(400);
    expect(await withDuration.text()).toMatch(/role chaining/);

    const forged = { ...asConsole(chained), secretAccessKey: 'not-the-secret-key-at-all' };
    const bad = await fetch(signinTokenUrl(federation.url, forged));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not valid/);

    const fine = await fetch(signinTokenUrl(federation.url, asConsole(chained)));
    expect(fine.status).toBe(200);
  });
});

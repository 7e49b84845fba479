// `airlock import` of an Identity Center profile through the built CLI, against the STS and Identity
// Center peers: the profile that names an account and role becomes an sso-role session that starts
// after `sso login`, a sync keeps it, and an undo while it is live gives back the exact bytes.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAwsCli } from '../../../test-support/aws-cli';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { buildTestCli, type CliRun, type TestCli } from '../../../test-support/test-cli';

let peer: StsPeer;
let t: TestCore;
let cli: TestCli;
let env: Record<string, string>;

beforeAll(async () => {
  peer = await startStsPeer();
  t = await makeTestCore({ endpoint: peer.endpoint });
  env = { ...t.env, ...peer.identityCenter.env };
  cli = await buildTestCli('import-sso', env);
}, 120_000);

afterAll(async () => {
  cli?.dispose();
  await t?.close();
  await peer?.stop();
});

async function ok(args: string[]): Promise<string> {
  const r: CliRun = await cli.run(args);
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** `airlock sso login NAME --no-browser`, the test approving the address it prints as the person would. */
function loginAsPerson(name: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [node, bundle] = cli.command.split(' ') as [string, string];
    const childEnv: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) childEnv[k] = v;
    Object.assign(childEnv, env);
    const child = spawn(node, [bundle, 'sso', 'login', name, '--no-browser'], {
      env: childEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let approving = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const url = /(https?:\/\/\S+\/authorize\?\S+)/.exec(stderr)?.[1];
      if (!url || approving) return;
      approving = true;
      peer.identityCenter
        .authorize(url)
        .then((location) => fetch(location))
        .catch((error: unknown) => {
          child.kill();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end('');
  });
}

describe('airlock import of an Identity Center profile', () => {
  it('makes the sso-role session it names, which starts after login, survives a sync, and undoes byte for byte while live', async () => {
    const { seed } = peer.identityCenter;
    const account = seed.accounts[0]!;
    const config = [
      '# corp roles',
      '[profile corp-admin]',
      'sso_session = corp',
      `sso_account_id = ${account.accountId}`,
      'sso_role_name = AdministratorAccess',
      'region = eu-west-1',
      '',
      '[sso-session corp]',
      `sso_start_url = ${seed.startUrl}`,
      `sso_region = ${seed.region}`,
      'sso_registration_scopes = sso:account:access',
      '[profile corp-login]',
      'sso_session = corp',
      '',
    ].join('\n');
    mkdirSync(dirname(t.configFile), { recursive: true });
    writeFileSync(t.configFile, config);
    const aws = (args: string[]) => runAwsCli(args, { endpoint: peer.endpoint, home: t.home });

    const plan = JSON.parse(await ok(['import', '--output', 'json'])) as Record<string, unknown>[];
    expect(plan).toEqual([
      expect.objectContaining({ profile: 'corp-admin', kind: 'sso-role', session: 'corp-admin' }),
      expect.objectContaining({ profile: 'corp-login', kind: 'sso-role' }),
    ]);
    expect(plan[1]).not.toHaveProperty('session');

    await ok(['import', '--apply']);
    const [session] = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as Record<
      string,
      string
    >[];
    expect(session).toMatchObject({
      name: 'corp-admin',
      kind: 'sso-role',
      profile: 'corp-admin',
      integration: 'corp',
      accountId: account.accountId,
      roleName: 'AdministratorAccess',
    });
    // The profile is Airlock's now: no hand-written sso_account_id is left for the AWS CLI to use.
    expect(
      (await aws(['configure', 'get', 'sso_account_id', '--profile', 'corp-admin'])).stdout,
    ).toBe('');
    expect(readFileSync(t.configFile, 'utf8')).toContain('[sso-session corp]');
    expect(readFileSync(t.configFile, 'utf8')).toContain('[profile corp-login]');

    const login = await loginAsPerson('corp');
    expect(login.code, login.stderr).toBe(0);
    await ok(['session', 'start', 'corp-admin']);
    const who = await aws(['sts', 'get-caller-identity', '--profile', 'corp-admin']);
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toMatch(/:assumed-role\/AdministratorAccess\//);

    // The sync finds the imported session by its pair: it keeps it and fills in the account name.
    await ok(['sso', 'sync', 'corp']);
    const synced = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as (Record<
      string,
      string
    > & { state: { status: string } })[];
    expect(
      synced.filter(
        (s) => s.accountId === account.accountId && s.roleName === 'AdministratorAccess',
      ),
    ).toEqual([
      expect.objectContaining({
        name: 'corp-admin',
        accountName: account.accountName,
        state: expect.objectContaining({ status: 'active' }),
      }),
    ]);

    // Undo while the imported session is live: it is stopped and removed, the files come back.
    const undone = JSON.parse(await ok(['import', '--undo', '--output', 'json'])) as Record<
      string,
      unknown
    >;
    expect(undone).toMatchObject({ restored: ['corp-admin'], removedIntegrations: ['corp'] });
    expect(readFileSync(t.configFile, 'utf8')).toBe(config);
    expect(JSON.parse(await ok(['session', 'list', '--output', 'json']))).toEqual([]);
  }, 180_000);
});

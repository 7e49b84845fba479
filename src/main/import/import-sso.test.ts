// `airlock import` of an Identity Center profile through the built CLI, against the STS and Identity
// Center peers: the profile that names an account and role becomes an sso-role session that starts
// after `sso login`, a sync keeps it, and an undo while it is live gives back the exact bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAwsCli } from '../../../test-support/aws-cli';
import {
  answerInBrowser,
  authorizeUrlIn,
  cliOk,
  runCliWithBrowser,
  startSsoCliRig,
  stopSsoCliRig,
} from '../../../test-support/sso-cli';
import type { StsPeer } from '../../../test-support/sts-peer/index';
import type { TestCore } from '../../../test-support/test-core';
import type { CliRun, TestCli } from '../../../test-support/test-cli';

let peer: StsPeer;
let t: TestCore;
let cli: TestCli;
let env: Record<string, string>;

beforeAll(async () => {
  ({ peer, t, cli, env } = await startSsoCliRig('import-sso'));
}, 120_000);
afterAll(() => stopSsoCliRig({ peer, t, cli }));

const ok = (args: string[]): Promise<string> => cliOk(cli, args);

/** `airlock sso login NAME --no-browser`, the test approving the address it prints as the person would. */
const loginAsPerson = (name: string): Promise<CliRun> =>
  runCliWithBrowser(cli, env, ['sso', 'login', name, '--no-browser'], async (stderr) => {
    const url = authorizeUrlIn(stderr);
    if (!url) return false;
    await answerInBrowser(peer.identityCenter, url);
    return true;
  });

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

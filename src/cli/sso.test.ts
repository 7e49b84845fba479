// `airlock sso …` as a user runs it: the built CLI against the Identity Center and STS peers, the
// test playing the browser, the AWS CLI judging the sessions it starts.
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
  ({ peer, t, cli, env } = await startSsoCliRig('sso'));
}, 120_000);
afterAll(() => stopSsoCliRig({ peer, t, cli }));

const airlock = (args: string[]): Promise<CliRun> => cli.run(args);

const ok = (args: string[]): Promise<string> => cliOk(cli, args);

/** Runs the CLI and, as the person at the browser, acts on what it prints on stderr. */
const airlockWithBrowser = (
  args: string[],
  act: (stderr: string) => Promise<boolean>,
): Promise<CliRun> => runCliWithBrowser(cli, env, args, act);

/** The browser follows the authorize URL, the person clicks Allow, the redirect hits the loopback. */
async function approveInBrowser(stderr: string): Promise<boolean> {
  const url = authorizeUrlIn(stderr);
  if (!url) return false;
  expect(await answerInBrowser(peer.identityCenter, url)).toBe(200);
  return true;
}

describe('airlock sso', () => {
  it('refuses bad input with exit 2, naming what is wrong', async () => {
    const http = await airlock([
      'sso',
      'add',
      '--name',
      'x',
      '--start-url',
      'http://example.com/start',
      '--region',
      'eu-west-1',
    ]);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('startUrl: must be an https URL');
    const region = await airlock([
      'sso',
      'add',
      '--name',
      'x',
      '--start-url',
      'https://x.awsapps.com/start',
      '--region',
      'europe',
    ]);
    expect(region.code).toBe(2);
    expect(region.stderr).toContain('region: must be a region like eu-west-1');
    const unknown = await airlock(['sso', 'login', 'nope', '--no-browser']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No Identity Center integration named nope.');
  });

  it('adds, logs in with PKCE, syncs, starts a role the AWS CLI accepts, serves credential_process, logs out and removes', async () => {
    const { seed } = peer.identityCenter;
    await ok([
      'sso',
      'add',
      '--name',
      'corp',
      '--start-url',
      seed.startUrl,
      '--region',
      seed.region,
    ]);
    const before = JSON.parse(await ok(['sso', 'list', '--output', 'json'])) as {
      loginState: string;
    }[];
    expect(before).toMatchObject([{ name: 'corp', loginState: 'logged-out', sessions: 0 }]);

    const login = await airlockWithBrowser(
      ['sso', 'login', 'corp', '--no-browser'],
      approveInBrowser,
    );
    expect(login.code, login.stderr).toBe(0);
    const listed = await ok(['sso', 'list', '--output', 'json']);
    expect(JSON.parse(listed)).toMatchObject([{ name: 'corp', loginState: 'logged-in' }]);
    // No token ever reaches stdout.
    expect(listed).not.toMatch(/accessToken|refreshToken|clientSecret/);

    const summary = JSON.parse(await ok(['sso', 'sync', 'corp'])) as Record<string, number>;
    const pairs = seed.accounts.reduce((n, a) => n + a.roles.length, 0);
    expect(summary).toEqual({ added: pairs, updated: 0, orphaned: 0, removed: 0 });
    const again = JSON.parse(await ok(['sso', 'sync', 'corp'])) as Record<string, number>;
    expect(again).toEqual({ added: 0, updated: 0, orphaned: 0, removed: 0 });

    const sessions = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as {
      name: string;
      profile: string;
      kind: string;
      accountId: string;
      accountName: string;
      roleName: string;
      integration: string;
    }[];
    const admin = sessions.find((s) => s.roleName === 'AdministratorAccess')!;
    expect(admin).toMatchObject({
      kind: 'sso-role',
      accountId: seed.accounts[0]!.accountId,
      accountName: seed.accounts[0]!.accountName,
      integration: 'corp',
    });

    await ok(['session', 'start', admin.name]);
    const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', admin.profile], {
      endpoint: peer.endpoint,
      home: t.home,
    });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toMatch(/:assumed-role\/AdministratorAccess\//);

    const process = JSON.parse(await ok(['credential-process', admin.name])) as { Version: number };
    expect(process.Version).toBe(1);

    const refused = await airlock(['sso', 'remove', 'corp']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[IN_USE]');

    await ok(['sso', 'logout', 'corp']);
    expect(JSON.parse(await ok(['sso', 'list', '--output', 'json']))).toMatchObject([
      { loginState: 'logged-out' },
    ]);
    // Logging out leaves the live session running until its credentials expire.
    const still = await runAwsCli(['sts', 'get-caller-identity', '--profile', admin.profile], {
      endpoint: peer.endpoint,
      home: t.home,
    });
    expect(still.code, still.stderr).toBe(0);

    await ok(['sso', 'remove', 'corp', '--force']);
    expect(JSON.parse(await ok(['session', 'list', '--output', 'json']))).toEqual([]);
    expect(JSON.parse(await ok(['sso', 'list', '--output', 'json']))).toEqual([]);
  });

  it('logs in with a device code printed on stderr', async () => {
    const { seed } = peer.identityCenter;
    await ok([
      'sso',
      'add',
      '--name',
      'dev',
      '--start-url',
      seed.startUrl,
      '--region',
      seed.region,
    ]);
    await peer.identityCenter.configure({ deviceIntervalSeconds: 1 });
    const login = await airlockWithBrowser(
      ['sso', 'login', 'dev', '--use-device-code', '--no-browser'],
      async (stderr) => {
        const code = /enter the code\s+(\S+)/.exec(stderr)?.[1];
        if (!code) return false;
        await peer.identityCenter.approveDevice(code);
        return true;
      },
    );
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(await ok(['sso', 'list', '--output', 'json']))).toMatchObject([
      { name: 'dev', loginState: 'logged-in' },
    ]);
  });

  it('gives 20 concurrent credential_process calls on an expired token one refresh and 20 successes', async () => {
    const { seed } = peer.identityCenter;
    await ok([
      'sso',
      'add',
      '--name',
      'storm',
      '--start-url',
      seed.startUrl,
      '--region',
      seed.region,
    ]);
    const login = await airlockWithBrowser(
      ['sso', 'login', 'storm', '--no-browser'],
      approveInBrowser,
    );
    expect(login.code, login.stderr).toBe(0);
    await ok([
      'sso',
      'sync',
      'storm',
      '--name-template',
      'storm-{accountName}-{roleName}',
      '--profile-template',
      'storm-{accountId}-{roleName}',
    ]);
    const sessions = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as {
      name: string;
      integration?: string;
    }[];
    const name = sessions.find((s) => s.integration === 'storm')!.name;

    await peer.identityCenter.expire('accessTokens');
    await peer.identityCenter.resetCounters();
    const runs = await Promise.all(
      Array.from({ length: 20 }, () => airlock(['credential-process', name])),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const counters = await peer.identityCenter.counters();
    expect(counters.refreshes).toBe(1);
    expect(counters.logins).toBe(0);
  }, 120_000);

  it('remembers sync templates on the integration, through a start and a rotation; edit changes what it is told and a new region ends the login; a start that cannot refresh says what to run', async () => {
    const { seed } = peer.identityCenter;
    const pairs = seed.accounts.reduce((n, a) => n + a.roles.length, 0);
    await ok([
      'sso',
      'add',
      '--name',
      'tpl',
      '--start-url',
      seed.startUrl,
      '--region',
      seed.region,
    ]);
    const login = await airlockWithBrowser(
      ['sso', 'login', 'tpl', '--no-browser'],
      approveInBrowser,
    );
    expect(login.code, login.stderr).toBe(0);
    const templates = { name: 'tpl-{accountId}-{roleName}', profile: 'tpl-{roleName}-{accountId}' };
    const first = JSON.parse(
      await ok([
        'sso',
        'sync',
        'tpl',
        '--name-template',
        templates.name,
        '--profile-template',
        templates.profile,
      ]),
    ) as Record<string, number>;
    expect(first.added).toBe(pairs);
    const listTpl = async () =>
      (
        JSON.parse(await ok(['sso', 'list', '--output', 'json'])) as {
          name: string;
          syncTemplates?: object;
        }[]
      ).find((i) => i.name === 'tpl');
    expect(await listTpl()).toMatchObject({ syncTemplates: templates });

    type Listed = { name: string; profile: string; integration?: string };
    const tplSessions = async () =>
      (JSON.parse(await ok(['session', 'list', '--output', 'json'])) as Listed[]).filter(
        (s) => s.integration === 'tpl',
      );
    const [one, two] = await tplSessions();
    // A start and a rotation write the store: the templates are still there.
    await ok(['session', 'start', one!.name]);
    await ok(['session', 'rotate', one!.name]);
    expect(await listTpl()).toMatchObject({ syncTemplates: templates });

    await peer.identityCenter.seedAccounts(1, 1);
    try {
      const second = JSON.parse(await ok(['sso', 'sync', 'tpl'])) as Record<string, number>;
      expect(second).toEqual({ added: 1, updated: 0, orphaned: 0, removed: 0 });
      const added = (await tplSessions()).find((s) => s.name.startsWith('tpl-4'));
      expect(added).toMatchObject({
        name: 'tpl-400000000000-AdministratorAccess',
        profile: 'tpl-AdministratorAccess-400000000000',
      });
    } finally {
      await peer.identityCenter.seedAccounts(0, 0);
    }

    // An empty template goes back to the default; the other one stays.
    await ok(['sso', 'edit', 'tpl', '--name-template', '']);
    expect(await listTpl()).toMatchObject({
      syncTemplates: { profile: templates.profile },
    });
    expect((await listTpl())?.syncTemplates).not.toHaveProperty('name');
    const bad = await airlock(['sso', 'edit', 'tpl', '--region', 'europe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('region: must be a region like eu-west-1');

    // The refresh token is gone: a start says, in these words, what to run, and opens nothing.
    const message =
      'airlock: Identity Center login for tpl has expired: run `airlock sso login tpl` [SSO_LOGIN_REQUIRED]\n';
    await peer.identityCenter.expire('accessTokens');
    await peer.identityCenter.expire('refreshTokens');
    const refused = await airlock(['session', 'start', two!.name]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(message);

    const moved = await airlock([
      'sso',
      'edit',
      'tpl',
      '--region',
      'eu-central-1',
      '--output',
      'json',
    ]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({
      region: 'eu-central-1',
      loginState: 'logged-out',
    });
    expect(moved.stderr).toContain('Run "airlock sso login tpl"');
    // No token at all now: the same words.
    const none = await airlock(['session', 'start', two!.name]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(message);
  }, 120_000);
});

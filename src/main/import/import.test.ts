// `airlock import` through the built CLI: the plan changes nothing; --apply makes sessions the STS
// peer accepts and leaves the AWS CLI no hand-written definition; --undo gives back the exact bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { runAwsCli } from '../../../test-support/aws-cli';
import { buildTestCli, type CliRun, type TestCli } from '../../../test-support/test-cli';
import { keptSectionId } from './import-service';

const { endpoint, seed } = inject('stsPeer');
let cli: TestCli;
let t: TestCore;

// CRLF, comments, odd spacing, a [DEFAULT]-free preamble and no final line break.
const credentialsText = () =>
  [
    '# my keys, kept by hand',
    '[dev]',
    `aws_access_key_id=${seed.user.accessKeyId}`,
    `aws_secret_access_key   =   ${seed.user.secretAccessKey}`,
    '',
    '; old temporary keys',
    '[temp]',
    'aws_access_key_id = ASIAEXAMPLEEXAMPLE00',
    'aws_secret_access_key = abcdefghijklmnopqrstuvwxyz',
    'aws_session_token = token',
    '[keep]',
    'aws_access_key_id = AKIAEXAMPLEEXAMPLE01',
    'aws_secret_access_key = abcdefghijklmnopqrstuvwxyz',
  ].join('\r\n');

const configText = () =>
  [
    '# config',
    '[default]',
    'region = eu-west-1',
    '',
    '[profile admin]   ',
    `role_arn = ${seed.roles.admin}`,
    'source_profile = dev',
    'role_session_name = imported-admin',
    'duration_seconds = 1800',
    'region=eu-central-1',
    '[profile proc]',
    'credential_process = /bin/false',
    '[profile corp]',
    'sso_session = corp',
    'sso_account_id = 111111111111',
    'sso_role_name = Admin',
    '[sso-session corp]',
    'sso_start_url = https://d-airlock000.awsapps.com/start',
    'sso_region = eu-west-1',
    '[profile dev]',
    '\tregion = us-west-2 ',
    '[profile ec2]',
    `role_arn = ${seed.roles.readonly}`,
    'credential_source = Ec2InstanceMetadata',
    '[profile lonely]',
    `role_arn = ${seed.roles.readonly}`,
    'source_profile = keep',
    '',
  ].join('\r\n');

async function airlock(args: string[]): Promise<CliRun> {
  return cli.run(args, { env: { AIRLOCK_CLI_COMMAND: cli.command } });
}

async function ok(args: string[]): Promise<string> {
  const r = await airlock(args);
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const aws = (args: string[]) => runAwsCli(args, { endpoint, home: t.home });
const files = () => ({
  credentials: readFileSync(t.credentialsFile, 'utf8'),
  config: readFileSync(t.configFile, 'utf8'),
});

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('import', t.env);
}, 120_000);

afterAll(async () => {
  cli?.dispose();
  await t?.close();
});

beforeEach(() => {
  mkdirSync(dirname(t.credentialsFile), { recursive: true });
  writeFileSync(t.credentialsFile, credentialsText(), { mode: 0o600 });
  writeFileSync(t.configFile, configText());
});

describe('airlock import', () => {
  it('prints one line per profile with the kind it becomes or why it is skipped, and changes nothing', async () => {
    const before = files();
    const lines = JSON.parse(await ok(['import', '--output', 'json'])) as Record<string, string>[];
    const byProfile = Object.fromEntries(lines.map((l) => [l.profile, l]));
    expect(lines.map((l) => l.profile).sort()).toEqual(
      ['admin', 'corp', 'default', 'dev', 'ec2', 'keep', 'lonely', 'proc', 'temp'].sort(),
    );
    expect(byProfile.dev).toMatchObject({ kind: 'iam-user', session: 'dev' });
    expect(byProfile.dev!.reason).toMatch(/keychain/);
    expect(byProfile.admin).toMatchObject({ kind: 'iam-role', parent: 'dev', session: 'admin' });
    // It names its account and role: an sso-role session of the integration, started after a login.
    expect(byProfile.corp).toMatchObject({
      kind: 'sso-role',
      integration: 'corp',
      session: 'corp',
    });
    expect(byProfile.corp!.reason).toMatch(/airlock sso login corp/);
    expect(byProfile.proc).toMatchObject({ kind: 'skip' });
    expect(byProfile.proc!.reason).toMatch(/credential_process/);
    expect(byProfile.temp!.reason).toMatch(/aws_session_token/);
    expect(byProfile.ec2!.reason).toMatch(/credential_source Ec2InstanceMetadata/);
    expect(byProfile.default).toMatchObject({ kind: 'skip' });
    expect(byProfile.lonely).toMatchObject({ kind: 'iam-role', parent: 'keep' });
    // Only the role: its parent is neither imported with it nor Airlock's.
    const alone = JSON.parse(
      await ok(['import', '--profile', 'lonely', '--output', 'json']),
    ) as Record<string, string>[];
    expect(alone).toEqual([expect.objectContaining({ profile: 'lonely', kind: 'skip' })]);
    expect(alone[0]!.reason).toMatch(/source_profile keep is not imported/);
    const table = await ok(['import']);
    expect(table.split('\n')[0]).toMatch(/^PROFILE\s+KIND\s+SESSION\s+PARENT\s+REASON$/);
    expect(files()).toEqual(before);
    expect((await airlock(['import', '--undo', '--apply'])).code).toBe(2);
    expect((await airlock(['import', '--output', 'yaml'])).code).toBe(2);
    const missing = await airlock(['import', '--profile', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No profile nope/);
  }, 60_000);

  it('with no profiles, prints nothing on stdout and says on stderr which files it read', async () => {
    writeFileSync(t.credentialsFile, '', { mode: 0o600 });
    writeFileSync(t.configFile, '');
    const table = await airlock(['import']);
    expect(table.code).toBe(0);
    expect(table.stdout).toBe('');
    expect(table.stderr).toBe(
      `No profiles to import in ${t.credentialsFile} or ${t.configFile}. Set AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE if yours are elsewhere.\n`,
    );
    const json = await airlock(['import', '--output', 'json']);
    expect([json.code, json.stdout.trim(), json.stderr]).toEqual([0, '[]', '']);
  });

  it('import, start, stop, undo: the AWS CLI sees only Airlock’s definition meanwhile, and both files come back byte for byte', async () => {
    const before = files();
    const applied = JSON.parse(
      await ok(['import', '--apply', '--profile', 'dev', '--profile', 'admin', '--output', 'json']),
    ) as Record<string, string>[];
    expect(applied.map((l) => [l.profile, l.kind])).toEqual([
      ['dev', 'iam-user'],
      ['admin', 'iam-role'],
    ]);
    const after = files();
    expect(after.credentials).not.toContain('[dev]');
    expect(after.credentials).not.toContain(seed.user.secretAccessKey);
    expect(after.config).not.toContain('[profile admin]');
    expect(after.config).not.toContain('[profile dev]');
    expect(after.config).toContain('[profile corp]');
    // The sections wait in the keychain, as a hand-written [default] does.
    expect(await t.secrets.get(keptSectionId('credentials', 'dev'), 'profile-backup')).toContain(
      seed.user.secretAccessKey,
    );
    const sessions = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as {
      name: string;
      kind: string;
      roleArn?: string;
      roleSessionName?: string;
      durationSeconds?: number;
      region?: string;
    }[];
    expect(sessions.find((s) => s.name === 'admin')).toMatchObject({
      kind: 'iam-role',
      roleArn: seed.roles.admin,
      roleSessionName: 'imported-admin',
      durationSeconds: 1800,
      region: 'eu-central-1',
    });
    // A second apply takes nothing twice.
    const again = JSON.parse(
      await ok(['import', '--apply', '--profile', 'dev', '--output', 'json']),
    ) as Record<string, string>[];
    expect(again[0]).toMatchObject({ kind: 'skip' });

    await ok(['session', 'start', 'admin']);
    expect((await aws(['configure', 'get', 'role_arn', '--profile', 'admin'])).stdout).toBe('');
    expect((await aws(['configure', 'get', 'source_profile', '--profile', 'admin'])).stdout).toBe(
      '',
    );
    const who = await aws(['sts', 'get-caller-identity', '--profile', 'admin']);
    expect(who.code, who.stderr).toBe(0);
    expect((JSON.parse(who.stdout) as { Arn: string }).Arn).toMatch(
      /:assumed-role\/[^/]+\/imported-admin$/,
    );
    await ok(['session', 'start', 'dev']);
    const user = await aws(['sts', 'get-caller-identity', '--profile', 'dev']);
    expect((JSON.parse(user.stdout) as { Arn: string }).Arn).toBe(seed.user.arn);
    expect(files().credentials).not.toContain(seed.user.secretAccessKey);
    await ok(['session', 'stop', 'admin']);
    await ok(['session', 'stop', 'dev']);

    const undone = JSON.parse(await ok(['import', '--undo', '--output', 'json'])) as {
      restored: string[];
      removedSessions: number;
    };
    expect(undone).toMatchObject({ removedSessions: 2 });
    expect(undone.restored.sort()).toEqual(['admin', 'dev']);
    expect(files()).toEqual(before);
    expect(JSON.parse(await ok(['session', 'list', '--output', 'json']))).toEqual([]);
    expect(await t.secrets.get(keptSectionId('credentials', 'dev'), 'profile-backup')).toBe(
      undefined,
    );
  }, 120_000);

  it('applies every profile the plan does not skip, the Identity Center one as an integration and its session, and undoes it all', async () => {
    const token = join(t.home, 'token.jwt');
    writeFileSync(token, 'x');
    writeFileSync(
      t.configFile,
      configText() +
        `[profile ci]\r\nrole_arn = ${seed.roles.webIdentity}\r\nweb_identity_token_file = ${token}\r\n`,
    );
    const before = files();
    const applied = JSON.parse(await ok(['import', '--apply', '--output', 'json'])) as Record<
      string,
      string
    >[];
    const kinds = Object.fromEntries(applied.map((l) => [l.profile, l.kind]));
    expect(kinds).toMatchObject({
      dev: 'iam-user',
      keep: 'iam-user',
      admin: 'iam-role',
      lonely: 'iam-role',
      ci: 'web-identity',
      corp: 'sso-role',
      proc: 'skip',
    });
    const integrations = JSON.parse(await ok(['sso', 'list', '--output', 'json'])) as {
      name: string;
      startUrl: string;
    }[];
    expect(integrations).toEqual([
      expect.objectContaining({ name: 'corp', startUrl: 'https://d-airlock000.awsapps.com/start' }),
    ]);
    // Skipped profiles and the [sso-session] section stay as they were written; the sso profile is Airlock's.
    expect(files().config).toContain('[profile proc]');
    expect(files().config).toContain('[sso-session corp]');
    expect(files().config).not.toContain('[profile corp]');
    expect(files().credentials).not.toContain('[keep]');
    const undone = JSON.parse(await ok(['import', '--undo', '--output', 'json'])) as {
      removedSessions: number;
      removedIntegrations: string[];
    };
    expect(undone).toMatchObject({ removedSessions: 6, removedIntegrations: ['corp'] });
    expect(files()).toEqual(before);
  }, 120_000);
});

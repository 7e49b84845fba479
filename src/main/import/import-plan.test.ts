// planImport is pure: plan lines from the files' text and the store's data, no file or keychain.
import { describe, expect, it } from 'vitest';
import { planImport } from './import-plan';
import { textHash } from '../aws-files/profile-edits';
import type { StoreData } from '../store/session-store';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const ROLE = 'arn:aws:iam::123456789012:role/Admin';
const KEY = 'AKIAEXAMPLEEXAMPLE01';
const SECRET = 'abcdefghijklmnopqrstuvwxyz';
const empty = (): StoreData => ({
  sessions: {},
  integrations: {},
  settings: { ...DEFAULT_SETTINGS },
});

describe('planImport', () => {
  it('orders parents before their roles and keeps the role settings the AWS CLI uses', () => {
    const config = [
      '[profile role]',
      `role_arn = ${ROLE}`,
      'source_profile = user',
      'mfa_serial = arn:aws:iam::123456789012:mfa/me',
      'external_id = ext-1',
      'duration_seconds = 900',
      'role_session_name = me',
      '',
    ].join('\n');
    const credentials = `[user]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n`;
    const plan = planImport({ credentials, config }, empty());
    expect(plan.map((p) => [p.line.profile, p.line.kind])).toEqual([
      ['user', 'iam-user'],
      ['role', 'iam-role'],
    ]);
    expect(plan[1]!.line).toMatchObject({
      parentProfile: 'user',
      session: {
        kind: 'iam-role',
        name: 'role',
        roleArn: ROLE,
        mfaSerial: 'arn:aws:iam::123456789012:mfa/me',
        externalId: 'ext-1',
        durationSeconds: 900,
        roleSessionName: 'me',
      },
    });
    expect(plan[0]!.keys).toEqual({ accessKeyId: KEY, secretAccessKey: SECRET });
    // The keys never reach the line the CLI and the UI show.
    expect(JSON.stringify(plan.map((p) => p.line))).not.toContain(SECRET);
  });

  it('records where each section stood: its offset and the hash of the text before it', () => {
    const credentials = `# mine\r\n[a]\r\naws_access_key_id = ${KEY}\r\naws_secret_access_key = ${SECRET}\r\n`;
    const [a] = planImport({ credentials, config: undefined }, empty());
    const offset = credentials.indexOf('[a]');
    expect(a!.sections).toEqual([
      {
        file: 'credentials',
        raw: credentials.slice(offset),
        offset,
        prefixHash: textHash('# mine\r\n'),
      },
    ]);
  });

  it('skips, with the reason, what Airlock cannot run or already has', () => {
    const config = [
      '[profile proc]',
      'credential_process = /bin/true',
      '[profile ec2]',
      `role_arn = ${ROLE}`,
      'credential_source = Environment',
      '[profile self]',
      `role_arn = ${ROLE}`,
      'source_profile = self',
      '[profile bad]',
      'role_arn = not-an-arn',
      'source_profile = taken',
      '[profile region-only]',
      'region = eu-west-1',
      '',
    ].join('\n');
    const credentials = `[taken]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n[dup]\naws_access_key_id = ${KEY}\n[dup]\naws_secret_access_key = ${SECRET}\n`;
    const data = empty();
    data.sessions.s1 = {
      id: 's1',
      config: { kind: 'iam-user', name: 'taken', profile: 'taken' },
      state: { status: 'inactive' },
      profiles: [],
      createdAt: new Date(0).toISOString(),
    };
    const reasons = Object.fromEntries(
      planImport({ credentials, config }, data).map((p) => [
        p.line.profile,
        [p.line.kind, p.line.reason],
      ]),
    );
    expect(reasons.proc).toEqual(['skip', expect.stringMatching(/credential_process/)]);
    expect(reasons.ec2).toEqual(['skip', expect.stringMatching(/credential_source Environment/)]);
    expect(reasons.self).toEqual(['skip', expect.stringMatching(/names the profile itself/)]);
    expect(reasons.bad).toEqual(['skip', expect.stringMatching(/roleArn: must be a role ARN/)]);
    expect(reasons.taken).toEqual(['skip', expect.stringMatching(/session taken already uses/)]);
    expect(reasons.dup).toEqual(['skip', expect.stringMatching(/more than one section/)]);
    expect(reasons['region-only']).toEqual([
      'skip',
      expect.stringMatching(/nothing Airlock can start/),
    ]);
  });

  it('gives a profile whose name is not a session name a close one that is free', () => {
    const credentials = `[team/dev]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n`;
    const data = empty();
    data.sessions.s1 = {
      id: 's1',
      config: { kind: 'iam-user', name: 'team-dev', profile: 'other' },
      state: { status: 'inactive' },
      profiles: [],
      createdAt: new Date(0).toISOString(),
    };
    const [line] = planImport({ credentials, config: undefined }, data).map((p) => p.line);
    expect(line).toMatchObject({
      kind: 'iam-user',
      profile: 'team/dev',
      session: { name: 'team-dev-2' },
    });
  });

  it('maps an sso_session profile to the integration of its [sso-session] section', () => {
    const config =
      '[profile corp]\nsso_session = org\n[sso-session org]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n';
    const [line] = planImport({ credentials: undefined, config }, empty()).map((p) => p.line);
    expect(line).toMatchObject({
      kind: 'sso-role',
      integration: { name: 'org', startUrl: 'https://x.awsapps.com/start', region: 'eu-west-1' },
      files: [],
    });
    expect(line!.reason).toMatch(/airlock sso sync org/);
  });

  it('makes an sso_session profile that names an account and role an sso-role session, its section kept', () => {
    const config =
      '[profile corp]\nsso_session = org\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1\n[sso-session org]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n';
    const [plan] = planImport({ credentials: undefined, config }, empty());
    expect(plan!.line).toMatchObject({
      kind: 'sso-role',
      integration: { name: 'org' },
      session: {
        kind: 'sso-role',
        name: 'corp',
        profile: 'corp',
        region: 'eu-west-1',
        integration: 'org',
        accountId: '111111111111',
        accountName: '111111111111',
        roleName: 'Admin',
      },
      files: ['config'],
    });
    expect(plan!.line.reason).toMatch(/airlock sso login org/);
    // Only [profile corp] moves into Airlock's keeping; [sso-session org] stays for the AWS CLI.
    expect(plan!.sections.map((k) => k.raw)).toEqual([expect.stringMatching(/^\[profile corp\]/)]);
    expect(plan!.sections[0]!.raw).not.toContain('sso-session');

    const half = planImport(
      { credentials: undefined, config: config.replace('sso_role_name = Admin\n', '') },
      empty(),
    );
    expect(half[0]!.line).toMatchObject({ kind: 'skip' });
    expect(half[0]!.line.reason).toMatch(/^Identity Center role: roleName/);

    // A session that already is this role (from a sync) is not made twice.
    const synced = empty();
    synced.sessions.s1 = {
      id: 's1',
      config: { ...plan!.line.session!, name: 'synced', profile: 'synced' } as never,
      state: { status: 'inactive' },
      profiles: [],
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const again = planImport({ credentials: undefined, config }, synced);
    expect(again[0]!.line).toMatchObject({
      kind: 'skip',
      reason: 'session synced already is this Identity Center role',
    });
  });
});

// The session core against the real parts: moto STS peer (signatures enforced), gnome-keyring, the AWS CLI.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { ManualClock } from '../../../test-support/manual-clock';
import { totp } from '../../../test-support/totp';
import { runAwsCli } from '../../../test-support/aws-cli';
import { buildSamlResponse } from '../../../test-support/saml-fixture';
import { makeWebIdentityToken } from '../../../test-support/web-identity-token';
import { AirlockError } from '../airlock-error';
import type { Prompter } from './prompter';
import type { PeerSeed } from '../../../test-support/sts-peer/index';

const { endpoint, seed } = inject('stsPeer');
let open: TestCore[] = [];

async function core(options: Partial<Parameters<typeof makeTestCore>[0]> = {}): Promise<TestCore> {
  const t = await makeTestCore({ endpoint, ...options });
  open.push(t);
  return t;
}

afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});

function keys(s: PeerSeed) {
  return { accessKeyId: s.user.accessKeyId, secretAccessKey: s.user.secretAccessKey };
}

async function callerArn(t: TestCore, profile: string): Promise<string> {
  const r = await runAwsCli(
    ['sts', 'get-caller-identity', '--profile', profile, '--output', 'json'],
    { endpoint, home: t.home },
  );
  if (r.code !== 0) throw new Error(`aws failed (${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { Arn: string }).Arn;
}

async function awsFails(t: TestCore, profile: string): Promise<string> {
  const r = await runAwsCli(['sts', 'get-caller-identity', '--profile', profile], {
    endpoint,
    home: t.home,
  });
  expect(r.code).not.toBe(0);
  return r.stderr;
}

/** A prompter that answers MFA with the codes given, in order, and records what it was asked. */
function scriptedPrompter(codes: (() => string)[]): Prompter & { asked: { error?: string }[] } {
  const asked: { error?: string }[] = [];
  return {
    asked,
    async askMfaCode(request) {
      asked.push({ ...(request.error ? { error: request.error.message } : {}) });
      const next = codes.shift();
      if (!next) throw new AirlockError('PROMPT_CANCELLED', 'cancelled');
      return next();
    },
    async samlLogin() {
      throw new AirlockError('PROMPT_CANCELLED', 'no IdP in this test');
    },
    async chooseRole(request) {
      return request.roles[request.roles.length - 1]!;
    },
  };
}

async function addUser(t: TestCore, name = 'alice', profile = 'dev', mfa = false) {
  return t.core.sessions.add({
    config: {
      kind: 'iam-user',
      name,
      profile,
      region: 'eu-west-1',
      ...(mfa ? { mfaSerial: seed.mfa.serial } : {}),
    },
    keys: keys(seed),
  });
}

beforeAll(() => {
  expect(seed.user.arn).toMatch(/^arn:aws:iam::\d{12}:user\//);
});

describe('iam-user', () => {
  it('starts, is proven by the AWS CLI, answers whoami, rotates, and stops removing its profile', async () => {
    const t = await core();
    const s = await addUser(t);
    const started = await t.core.sessions.start(s.id);
    expect(started.state.status).toBe('active');
    expect(Date.parse(started.state.expiresAt!)).toBeGreaterThan(Date.now() + 3600_000);
    expect(await callerArn(t, 'dev')).toBe(seed.user.arn);
    const config = readFileSync(t.configFile, 'utf8');
    expect(config).toMatch(/\[profile dev\][\s\S]*region = eu-west-1/);
    const region = await runAwsCli(['configure', 'get', 'region', '--profile', 'dev'], {
      endpoint,
      home: t.home,
    });
    expect(region.stdout.trim()).toBe('eu-west-1');

    const who = await t.core.sessions.whoami('alice');
    expect(who.Arn).toBe(seed.user.arn);

    const before = readFileSync(t.credentialsFile, 'utf8');
    await t.core.sessions.rotate('alice');
    const after = readFileSync(t.credentialsFile, 'utf8');
    expect(after).not.toBe(before);
    expect(await callerArn(t, 'dev')).toBe(seed.user.arn);

    const stopped = await t.core.sessions.stop('alice');
    expect(stopped.state.status).toBe('inactive');
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('[dev]');
    expect(readFileSync(t.configFile, 'utf8')).not.toContain('[profile dev]');
    await awsFails(t, 'dev');
  });

  it('with MFA: a wrong code is rejected with a clear error, the session stays inactive and the files are untouched', async () => {
    const t = await core();
    const s = await addUser(t, 'mfa-user', 'mfa', true);
    mkdirSync(dirname(t.credentialsFile), { recursive: true });
    const original = '# my own file\n[other]\naws_access_key_id = AKIAOTHER\n';
    writeFileSync(t.credentialsFile, original, { mode: 0o600 });
    const error = await t.core.sessions.start(s.id, { mfaCode: '000000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirlockError);
    expect((error as AirlockError).code).toBe('MFA_REJECTED');
    expect((error as AirlockError).message).toBe(
      `MFA code rejected for session mfa-user (device ${seed.mfa.serial}). Wait for the next code and try again.`,
    );
    expect(t.core.sessions.get(s.id).state.status).toBe('inactive');
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(original);
    expect(existsSync(t.configFile)).toBe(false);

    const ok = await t.core.sessions.start(s.id, { mfaCode: totp(seed.mfa.secretBase32) });
    expect(ok.state.status).toBe('active');
    expect(await callerArn(t, 'mfa')).toBe(seed.user.arn);
    expect(readFileSync(t.credentialsFile, 'utf8').startsWith(original)).toBe(true);
  });

  it('asks the Prompter again after a rejected code, passing the error to show', async () => {
    const prompter = scriptedPrompter([() => '000000', () => totp(seed.mfa.secretBase32)]);
    const t = await core({ prompter });
    const s = await addUser(t, 'retry', 'retry', true);
    const view = await t.core.sessions.start(s.id);
    expect(view.state.status).toBe('active');
    expect(prompter.asked).toHaveLength(2);
    expect(prompter.asked[1]!.error).toContain('MFA code rejected for session retry');
  });
});

describe('every kind', () => {
  // One row per STS flow: add it, then start → whoami → rotate → stop, each step proven by the AWS CLI.
  const kinds: { kind: string; arn: () => RegExp; add: (t: TestCore) => Promise<string> }[] = [
    {
      kind: 'iam-user',
      arn: () => new RegExp(`^${seed.user.arn}$`),
      add: async (t) => (await addUser(t, 'k-user', 'k-user')).id,
    },
    {
      kind: 'iam-role',
      arn: () => new RegExp(`:assumed-role/${seed.roles.admin.split('/').pop()}/`),
      add: async (t) => {
        const parent = await addUser(t, 'k-parent', 'k-parent');
        const role = await t.core.sessions.add({
          config: {
            kind: 'iam-role',
            name: 'k-role',
            profile: 'k-role',
            parentId: parent.id,
            roleArn: seed.roles.admin,
          },
        });
        return role.id;
      },
    },
    {
      kind: 'saml',
      arn: () => new RegExp(`:assumed-role/${seed.roles.saml.split('/').pop()}/`),
      add: async (t) =>
        (
          await t.core.sessions.add({
            config: {
              kind: 'saml',
              name: 'k-saml',
              profile: 'k-saml',
              idpUrl: 'https://idp.example.com/',
              roleArn: seed.roles.saml,
              principalArn: seed.samlProviderArn,
            },
          })
        ).id,
    },
    {
      kind: 'web-identity',
      arn: () => new RegExp(`:assumed-role/${seed.roles.webIdentity.split('/').pop()}/`),
      add: async (t) => {
        const tokenFile = join(t.home, 'k-token');
        writeFileSync(tokenFile, makeWebIdentityToken({ subject: 'k-subject' }));
        return (
          await t.core.sessions.add({
            config: {
              kind: 'web-identity',
              name: 'k-web',
              profile: 'k-web',
              roleArn: seed.roles.webIdentity,
              tokenFile,
            },
          })
        ).id;
      },
    },
    {
      kind: 'federated-user',
      arn: () => /:federated-user\/k-fed$/,
      add: async (t) => {
        const parent = await addUser(t, 'k-fed-parent', 'k-fed-parent');
        return (
          await t.core.sessions.add({
            config: {
              kind: 'federated-user',
              name: 'k-fed',
              profile: 'k-fed',
              parentId: parent.id,
              federatedName: 'k-fed',
            },
          })
        ).id;
      },
    },
  ];

  for (const row of kinds) {
    it(`${row.kind}: start, whoami, rotate and stop, each proven by the AWS CLI`, async () => {
      // The SAML "IdP" hands out a fresh assertion at every login, as a real one would.
      const prompter: Prompter = {
        askMfaCode: async () => totp(seed.mfa.secretBase32),
        samlLogin: async () =>
          buildSamlResponse({
            roles: [{ roleArn: seed.roles.saml, principalArn: seed.samlProviderArn }],
          }),
        chooseRole: async (request) => request.roles[0]!,
      };
      const t = await core({ prompter });
      const id = await row.add(t);
      const profile = t.core.sessions.get(id).profile;

      await t.core.sessions.start(id);
      expect(await callerArn(t, profile)).toMatch(row.arn());
      expect((await t.core.sessions.whoami(id)).Arn).toMatch(row.arn());

      const before = readFileSync(t.credentialsFile, 'utf8');
      const rotated = await t.core.sessions.rotate(id);
      expect(rotated.state.status).toBe('active');
      expect(readFileSync(t.credentialsFile, 'utf8')).not.toBe(before);
      expect(await callerArn(t, profile)).toMatch(row.arn());

      await t.core.sessions.stop(id);
      expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain(`[${profile}]`);
      await awsFails(t, profile);
    });
  }
});

describe('chained roles', () => {
  it('chains three levels deep from an iam-user, each level proven by the AWS CLI', async () => {
    const t = await core();
    const user = await addUser(t, 'base', 'base');
    const admin = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'admin',
        profile: 'admin',
        parentId: user.id,
        roleArn: seed.roles.admin,
        externalId: 'ext-1234',
        durationSeconds: 3600,
      },
    });
    const chain2 = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'chain2',
        profile: 'chain2',
        parentId: admin.id,
        roleArn: seed.roles.chain2,
      },
    });
    const chain3 = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'chain3',
        profile: 'chain3',
        parentId: chain2.id,
        roleArn: seed.roles.chain3,
        roleSessionName: 'deep-one',
      },
    });
    const view = await t.core.sessions.start(chain3.id);
    expect(view.state.status).toBe('active');
    const roleName = seed.roles.chain3.split('/').pop();
    expect(await callerArn(t, 'chain3')).toMatch(new RegExp(`:assumed-role/${roleName}/deep-one$`));
    // Parents were only resolved, not started: their profiles are not written.
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('[admin]');
    const who = await t.core.sessions.whoami('chain3');
    expect(who.Account).toBe(seed.user.arn.split(':')[4]);
    await t.core.sessions.stop('chain3');
    await awsFails(t, 'chain3');
  });

  it('assumes a role with MFA from the parent user long-term keys', async () => {
    const t = await core();
    const user = await addUser(t, 'mfa-parent', 'p');
    const role = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'needs-mfa',
        profile: 'needs-mfa',
        parentId: user.id,
        roleArn: seed.roles.mfaRequired,
        mfaSerial: seed.mfa.serial,
      },
    });
    const bad = await t.core.sessions
      .start(role.id, { mfaCode: '111111' })
      .catch((e: AirlockError) => e);
    expect(bad).toMatchObject({ code: 'MFA_REJECTED' });
    await t.core.sessions.start(role.id, { mfaCode: totp(seed.mfa.secretBase32) });
    expect(await callerArn(t, 'needs-mfa')).toContain(':assumed-role/');
  });
});

describe('found by a new user', () => {
  it('passes --mfa-code on to the iam-user parent of a chained role when nobody can be asked', async () => {
    const t = await core();
    const user = await addUser(t, 'mfa-user', 'mfa-user', true);
    const role = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'mfa-child',
        profile: 'mfa-child',
        parentId: user.id,
        roleArn: seed.roles.readonly,
      },
    });
    // No prompter: the code given up front is the only way the parent's GetSessionToken gets one.
    await t.core.sessions.start(role.id, { mfaCode: totp(seed.mfa.secretBase32) });
    expect(await callerArn(t, 'mfa-child')).toContain(':assumed-role/');
  });

  it('passes the MFA code to the parent for credentials() and whoami() of a child too', async () => {
    const t = await core();
    const user = await addUser(t, 'mfa-user2', 'mfa-user2', true);
    const role = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'mfa-child2',
        profile: 'mfa-child2',
        parentId: user.id,
        roleArn: seed.roles.readonly,
      },
    });
    const code = totp(seed.mfa.secretBase32);
    const creds = await t.core.sessions.credentials(role.id, undefined, { mfaCode: code });
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    const other = await addUser(t, 'mfa-user3', 'mfa-user3', true);
    const role3 = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'mfa-child3',
        profile: 'mfa-child3',
        parentId: other.id,
        roleArn: seed.roles.readonly,
      },
    });
    const who = await t.core.sessions.whoami(role3.id, { mfaCode: code });
    expect(who.Arn).toContain(':assumed-role/');
  });

  it('refuses to rotate a session that is not active, pointing to start, and changes nothing', async () => {
    const t = await core();
    const holder = await addUser(t, 'holder', 'shared-p');
    const idle = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'idle',
        profile: 'shared-p',
        parentId: holder.id,
        roleArn: seed.roles.readonly,
      },
    });
    await t.core.sessions.start(holder.id);
    const credentials = readFileSync(t.credentialsFile, 'utf8');
    const config = readFileSync(t.configFile, 'utf8');
    const error = await t.core.sessions.rotate(idle.id).catch((e: AirlockError) => e);
    expect(error).toBeInstanceOf(AirlockError);
    expect(error).toMatchObject({
      code: 'NOT_ACTIVE',
      message:
        'Session idle is not active, so there is nothing to rotate. Start it with "airlock session start idle".',
    });
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(credentials);
    expect(readFileSync(t.configFile, 'utf8')).toBe(config);
    expect(t.core.sessions.get(holder.id).state.status).toBe('active');
    expect(t.core.sessions.get(idle.id).state.status).toBe('inactive');
  });

  it('says an iam-user has keys stored, in get() and list(), and a role has none', async () => {
    const t = await core();
    const user = await addUser(t, 'keyed', 'keyed');
    const role = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'keyless',
        profile: 'keyless',
        parentId: user.id,
        roleArn: seed.roles.readonly,
      },
    });
    expect(t.core.sessions.get(user.id).hasStoredKeys).toBe(true);
    expect(t.core.sessions.get(role.id).hasStoredKeys).toBe(false);
    const listed = new Map(t.core.sessions.list().map((v) => [v.id, v.hasStoredKeys]));
    expect(listed.get(user.id)).toBe(true);
    expect(listed.get(role.id)).toBe(false);
  });

  it('does not hand out a keychain cache entry of the wrong shape: it issues afresh and rewrites it', async () => {
    const t = await core();
    const user = await addUser(t, 'cached', 'cached');
    // What another tool, a truncated write or an older format might leave in the session slot:
    // it still looks fresh, but its key id is no key id and it has no secret.
    const junk = { accessKeyId: 'not-a-key', expiration: new Date(Date.now() + 3_600_000) };
    await t.secrets.set(user.id, 'session', JSON.stringify(junk));
    const creds = await t.core.sessions.credentials(user.id);
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.secretAccessKey).toEqual(expect.any(String));
    const who = await t.core.sessions.whoami(user.id);
    expect(who.Arn).toBe(seed.user.arn);
    const kept = JSON.parse((await t.secrets.get(user.id, 'session')) ?? '{}') as {
      accessKeyId?: string;
    };
    expect(kept.accessKeyId).toBe(creds.accessKeyId);
  });
});

describe('saml, web identity and federated users', () => {
  it('starts a SAML session from an assertion with two roles, using the configured one', async () => {
    const t = await core();
    const assertion = buildSamlResponse({
      roles: [
        { roleArn: seed.roles.samlAlt, principalArn: seed.samlProviderArn },
        { roleArn: seed.roles.saml, principalArn: seed.samlProviderArn },
      ],
      reversePairOrder: true,
      sessionDurationSeconds: 1800,
    });
    const s = await t.core.sessions.add({
      config: {
        kind: 'saml',
        name: 'sso',
        profile: 'sso',
        idpUrl: 'https://idp.example.com/login',
        roleArn: seed.roles.saml,
        principalArn: seed.samlProviderArn,
      },
    });
    const view = await t.core.sessions.start(s.id, { samlAssertion: assertion });
    const lifetime = Date.parse(view.state.expiresAt!) - Date.now();
    expect(lifetime).toBeLessThanOrEqual(1800_000 + 5_000);
    expect(await callerArn(t, 'sso')).toContain(
      `:assumed-role/${seed.roles.saml.split('/').pop()}/`,
    );
  });

  it('refuses a SAML assertion that does not grant the configured role when nobody can choose', async () => {
    const t = await core();
    const s = await t.core.sessions.add({
      config: {
        kind: 'saml',
        name: 'sso2',
        profile: 'sso2',
        idpUrl: 'https://idp.example.com/login',
        roleArn: seed.roles.admin,
        principalArn: seed.samlProviderArn,
      },
    });
    const assertion = buildSamlResponse({
      roles: [{ roleArn: seed.roles.saml, principalArn: seed.samlProviderArn }],
    });
    await expect(t.core.sessions.start(s.id, { samlAssertion: assertion })).rejects.toMatchObject({
      code: 'SAML_INVALID',
    });
    expect(t.core.sessions.get(s.id).state.status).toBe('failed');
  });

  it('starts a web-identity session and re-reads the token file at every rotation', async () => {
    const t = await core();
    const tokenFile = join(t.home, 'token');
    writeFileSync(tokenFile, makeWebIdentityToken({ subject: 'ci-job-1' }));
    const s = await t.core.sessions.add({
      config: {
        kind: 'web-identity',
        name: 'ci',
        profile: 'ci',
        roleArn: seed.roles.webIdentity,
        tokenFile,
      },
    });
    await t.core.sessions.start(s.id);
    expect(await callerArn(t, 'ci')).toContain(':assumed-role/');
    writeFileSync(tokenFile, 'not-a-jwt');
    await expect(t.core.sessions.rotate(s.id)).rejects.toMatchObject({
      code: 'WEB_IDENTITY_INVALID',
    });
    writeFileSync(tokenFile, makeWebIdentityToken({ subject: 'ci-job-2' }));
    await t.core.sessions.rotate(s.id);
    expect(await callerArn(t, 'ci')).toContain(':assumed-role/');
  });

  it('starts a federated user from an iam-user parent', async () => {
    const t = await core();
    const user = await addUser(t, 'fed-parent', 'fp');
    const s = await t.core.sessions.add({
      config: {
        kind: 'federated-user',
        name: 'fed',
        profile: 'fed',
        parentId: user.id,
        federatedName: 'bob',
        durationSeconds: 3600,
      },
    });
    await t.core.sessions.start(s.id);
    expect(await callerArn(t, 'fed')).toMatch(/:federated-user\/bob$/);
    expect((await t.core.sessions.whoami('fed')).Arn).toMatch(/:federated-user\/bob$/);
  });
});

describe('profiles', () => {
  it('refuses to take over a hand-written profile and leaves the file byte-identical', async () => {
    const t = await core();
    mkdirSync(dirname(t.credentialsFile), { recursive: true });
    const original = '[dev]\r\naws_access_key_id = AKIAMINE\r\naws_secret_access_key = mine\r\n';
    writeFileSync(t.credentialsFile, original);
    const s = await addUser(t);
    await expect(t.core.sessions.start(s.id)).rejects.toMatchObject({
      code: 'PROFILE_CONFLICT',
      message: expect.stringContaining('Profile dev in'),
    });
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(original);
  });

  it('make-default keeps a hand-written [default] in the keychain and restores it byte-for-byte on stop', async () => {
    const t = await core();
    mkdirSync(dirname(t.credentialsFile), { recursive: true });
    const original =
      '; top comment\n[default]\naws_access_key_id=AKIAMINE\naws_secret_access_key=mine # note\n\n[keep]\nx = 1\n';
    writeFileSync(t.credentialsFile, original);
    const s = await addUser(t, 'dflt', 'dflt');
    await t.core.sessions.start(s.id);
    const view = await t.core.sessions.makeDefault(s.id);
    expect(view.profiles).toEqual(['dflt', 'default']);
    expect(await callerArn(t, 'default')).toBe(seed.user.arn);
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('AKIAMINE');
    const profiles = await t.core.sessions.listProfiles();
    expect(profiles.find((p) => p.name === 'default')).toMatchObject({
      owner: 'airlock',
      sessionName: 'dflt',
    });
    expect(profiles.find((p) => p.name === 'keep')).toMatchObject({ owner: 'user' });
    await t.core.sessions.stop(s.id);
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(original);
  });

  it('keeps one active session per profile: starting a second stops the first', async () => {
    const t = await core();
    const a = await addUser(t, 'first', 'shared');
    const b = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'second',
        profile: 'shared',
        parentId: a.id,
        roleArn: seed.roles.readonly,
      },
    });
    await t.core.sessions.start(a.id);
    await t.core.sessions.start(b.id);
    expect(t.core.sessions.get(a.id).state.status).toBe('inactive');
    expect(t.core.sessions.get(b.id).state.status).toBe('active');
    expect(await callerArn(t, 'shared')).toContain(':assumed-role/');
  });
});

describe('reconcile after a crash', () => {
  it('removes an Airlock section whose session is not live, and leaves every other byte', async () => {
    const t = await core();
    mkdirSync(dirname(t.credentialsFile), { recursive: true });
    const mine = '# mine\n[keep]\naws_access_key_id = AKIAKEEP\n';
    writeFileSync(t.credentialsFile, mine);
    const s = await addUser(t, 'crashed', 'crashed');
    await t.core.sessions.start(s.id);
    // As if the process died after writing the files but before recording the session as live.
    await t.core.store.update((d) => {
      d.sessions[s.id]!.state = { status: 'inactive' };
      d.sessions[s.id]!.profiles = [];
    });
    await t.core.sessions.sweep();
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(mine);
    expect(readFileSync(t.configFile, 'utf8')).not.toContain('[profile crashed]');
  });

  it('marks a live session inactive, saying why, when its profile is gone from the file', async () => {
    const t = await core();
    const s = await addUser(t, 'vanished', 'vanished');
    await t.core.sessions.start(s.id);
    writeFileSync(t.credentialsFile, '[other]\nx = 1\n');
    await t.core.sessions.sweep();
    const view = t.core.sessions.get(s.id);
    expect(view.state.status).toBe('inactive');
    expect(view.state.lastError?.message).toBe(
      'The profile vanished of session vanished was no longer in the credentials file. Start the session again.',
    );
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe('[other]\nx = 1\n');
  });

  it("puts back a live session's config section lost between the two files' writes", async () => {
    const t = await core();
    const s = await addUser(t, 'half', 'half');
    await t.core.sessions.start(s.id);
    writeFileSync(t.configFile, '[profile mine]\noutput = json\n');
    await t.core.sessions.sweep();
    expect(t.core.sessions.get(s.id).state.status).toBe('active');
    const config = readFileSync(t.configFile, 'utf8');
    expect(config.startsWith('[profile mine]\noutput = json\n')).toBe(true);
    expect(config).toMatch(/\[profile half\][\s\S]*region = eu-west-1/);
    expect(await callerArn(t, 'half')).toBe(seed.user.arn);
  });

  it('writes nothing when the files and the store agree', async () => {
    const t = await core();
    const s = await addUser(t, 'calm', 'calm');
    await t.core.sessions.start(s.id);
    const { mtimeMs } = statSync(t.core.store.path);
    const before = readFileSync(t.credentialsFile, 'utf8');
    await t.core.sessions.sweep();
    expect(statSync(t.core.store.path).mtimeMs).toBe(mtimeMs);
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(before);
  });
});

describe('rotation', () => {
  it('rotates at expiry minus the window on a controllable clock, coalescing due sessions into one write', async () => {
    const clock = new ManualClock();
    const t = await core({ clock, rotate: true });
    const user = await addUser(t, 'rot', 'rot');
    const role = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'rot-role',
        profile: 'rot-role',
        parentId: user.id,
        roleArn: seed.roles.readonly,
        durationSeconds: 3600,
      },
    });
    const role2 = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'rot-role2',
        profile: 'rot-role2',
        parentId: user.id,
        roleArn: seed.roles.admin,
        durationSeconds: 3600,
      },
    });
    await t.core.sessions.start(role.id);
    await t.core.sessions.start(role2.id);
    const expiresAt = Date.parse(t.core.sessions.get(role.id).state.expiresAt!);
    const window = t.core.sessions.settings().rotationWindowSeconds * 1000;
    // The next timer is armed at (earliest expiry − window): no polling.
    expect(clock.pending()[0]).toBeLessThanOrEqual(expiresAt - window);
    expect(clock.pending()[0]).toBeGreaterThan(expiresAt - window - 60_000);

    let writes = 0;
    const apply = t.core.files.apply.bind(t.core.files);
    t.core.files.apply = async (file, edits) => {
      if (file === 'credentials') writes++;
      return apply(file, edits);
    };
    const before = readFileSync(t.credentialsFile, 'utf8');
    clock.advanceTo(expiresAt - window + 1_000);
    await t.core.sessions.runDueNow();
    expect(writes).toBe(1);
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toBe(before);
    expect(t.core.sessions.get(role.id).state.status).toBe('active');
    expect(await callerArn(t, 'rot-role')).toContain(':assumed-role/');
  });

  it('backs off after a failed rotation without spinning, and removes the profile at expiry', async () => {
    const clock = new ManualClock();
    const t = await core({ clock, rotate: true });
    const user = await addUser(t, 'fail', 'fail');
    const started = await t.core.sessions.start(user.id);
    const expiresAt = Date.parse(started.state.expiresAt!);
    // The keys vanish from the keychain: every rotation now fails.
    await t.secrets.delete(user.id, 'long-term');
    const window = t.core.sessions.settings().rotationWindowSeconds * 1000;
    clock.advanceTo(expiresAt - window);
    await t.core.sessions.runDueNow();
    const failed = t.core.sessions.get(user.id);
    expect(failed.state.status).toBe('active');
    expect(failed.state.failures).toBe(1);
    expect(failed.state.lastError?.message).toContain(
      'Session fail has no access key in the keychain',
    );
    // Next attempt is 30 s later, not now.
    expect(clock.pending()[0]).toBe(clock.now() + 30_000);
    clock.advanceTo(clock.now() + 30_000);
    await t.core.sessions.runDueNow();
    expect(t.core.sessions.get(user.id).state.failures).toBe(2);
    expect(clock.pending()[0]).toBe(clock.now() + 60_000);

    clock.advanceTo(expiresAt);
    await t.core.sessions.runDueNow();
    const expired = t.core.sessions.get(user.id);
    expect(expired.state.status).toBe('expired');
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('[fail]');
    expect(clock.pending()).toEqual([]);
  });
});

describe('secrets', () => {
  it('keeps no issued secret in the store file', async () => {
    const t = await core();
    const s = await addUser(t, 'sec', 'sec');
    await t.core.sessions.start(s.id);
    const role = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'sec-role',
        profile: 'sec-role',
        parentId: s.id,
        roleArn: seed.roles.admin,
      },
    });
    await t.core.sessions.start(role.id);
    const store = readFileSync(t.core.store.path, 'utf8');
    const issued: string[] = [seed.user.secretAccessKey, seed.user.accessKeyId];
    for (const id of [s.id, role.id]) {
      const c = JSON.parse((await t.secrets.get(id, 'session'))!) as {
        accessKeyId: string;
        secretAccessKey: string;
        sessionToken: string;
      };
      issued.push(c.accessKeyId, c.secretAccessKey, c.sessionToken);
    }
    for (const secret of issued) expect(store).not.toContain(secret);
  });
});

// sso-role sessions through the SessionService against the peers: real keychain and files, proven by the
// AWS CLI; chained from, delivered by credential_process, and rotated with the refresh token.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import {
  startSsoFixture,
  type SsoFixture,
} from '../../../test-support/identity-center-peer/sso-fixture';
import { ManualClock } from '../../../test-support/manual-clock';
import { runAwsCli } from '../../../test-support/aws-cli';
import type { AirlockError } from '../airlock-error';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { StsGateway } from '../sts/sts-gateway';
import { render } from '../../cli/output';
import type { SessionView } from '../../shared/sessions';

let peer: StsPeer;
let f: SsoFixture;
const ADMIN = 'airlock-dev-AdministratorAccess';

beforeAll(async () => {
  peer = await startStsPeer();
  await peer.identityCenter.seedAccounts(0, 0);
});
afterAll(async () => {
  await peer.stop();
});

async function fixture(options: Parameters<typeof startSsoFixture>[0] = {}) {
  f = await startSsoFixture({ peer, ...options });
  await f.sync.sync('corp');
  return f;
}

beforeEach((context) => {
  context.onTestFinished(() => f?.close());
});

async function callerArn(profile: string): Promise<string> {
  const r = await runAwsCli(
    ['sts', 'get-caller-identity', '--profile', profile, '--output', 'json'],
    {
      endpoint: peer.endpoint,
      home: f.home,
    },
  );
  if (r.code !== 0) throw new Error(`aws failed (${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { Arn: string }).Arn;
}

describe('sso-role', () => {
  it('starts with GetRoleCredentials, writes its profile, and the AWS CLI sees the assumed role', async () => {
    await fixture();
    const started = await f.sessions.start(ADMIN);
    expect(started.state.status).toBe('active');
    // The portal's expiration is epoch milliseconds: about an hour from now, not 1970 nor year 57000.
    const expiresIn = Date.parse(started.state.expiresAt!) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThan(3700_000);
    expect(started.state.accountId).toBe('123456789012');
    expect(await callerArn(ADMIN)).toBe(
      'arn:aws:sts::123456789012:assumed-role/AdministratorAccess/airlock-user',
    );
    // A start never signs in by itself: only cached or refreshed tokens (the app offers Log in).
    expect(f.tokens.asked.at(-1)).toEqual({ interactive: false, minValidityMs: 60_000 });

    const stopped = await f.sessions.stop(ADMIN);
    expect(stopped.state.status).toBe('inactive');
    expect(readFileSync(f.credentialsFile, 'utf8')).not.toContain(`[${ADMIN}]`);
  });

  it('shows kind, accountId, accountName, roleName and integration in `session list --output json`', async () => {
    await fixture();
    const listed = JSON.parse(render(f.sessions.list(), 'json')) as SessionView[];
    const prod = listed.find((s) => s.name === 'airlock-prod-ReadOnlyAccess');
    expect(prod).toMatchObject({
      kind: 'sso-role',
      accountId: '210987654321',
      accountName: 'airlock-prod',
      roleName: 'ReadOnlyAccess',
      integration: 'corp',
      profile: 'airlock-prod-ReadOnlyAccess',
    });
  });

  it('is the parent of an iam-role chain, each level proven by the AWS CLI', async () => {
    await fixture();
    const parent = f.sessions.get(ADMIN);
    const child = await f.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'from-sso',
        profile: 'from-sso',
        parentId: parent.id,
        roleArn: peer.seed.roles.admin,
      },
    });
    await f.sessions.start(child.id);
    const role = peer.seed.roles.admin.split('/').pop()!;
    expect(await callerArn('from-sso')).toBe(
      `arn:aws:sts::123456789012:assumed-role/${role}/airlock-from-sso`,
    );
    // The parent's credentials were issued for the chain only: its own profile is not written.
    expect(f.sessions.get(ADMIN).state.status).toBe('inactive');
  });

  it('in credential-process delivery writes no keys, and serves and renews credentials without ever signing in', async () => {
    await fixture({ cliCommand: '/opt/airlock/bin/airlock' });
    await f.sessions.updateSettings({ deliveryMode: 'credential-process' });
    await f.sessions.start(ADMIN);
    expect(readFileSync(f.configFile, 'utf8')).toContain(
      `credential_process = /opt/airlock/bin/airlock credential-process ${ADMIN}`,
    );
    expect(existsSync(f.credentialsFile)).toBe(false);

    // What `airlock credential-process NAME` runs: the keychain's copy while it is fresh...
    const cached = await f.sessions.credentials(ADMIN);
    const identity = await stsIdentity(cached);
    expect(identity).toBe(
      'arn:aws:sts::123456789012:assumed-role/AdministratorAccess/airlock-user',
    );
    // ...and new ones, non-interactively, once the cached ones are inside the window.
    const asked = f.tokens.asked.length;
    const renewed = await f.sessions.credentials(ADMIN, 4 * 3600_000);
    expect(renewed.accessKeyId).not.toBe(cached.accessKeyId);
    expect(f.tokens.asked.slice(asked)).toEqual([{ interactive: false, minValidityMs: 60_000 }]);

    // With the refresh token gone, credential_process fails clearly instead of opening a browser.
    f.tokens.loseRefreshToken();
    const error = await f.sessions.credentials(ADMIN, 4 * 3600_000).catch((e: unknown) => e);
    expect((error as AirlockError).code).toBe('SSO_LOGIN_REQUIRED');
    expect(f.tokens.logins).toBe(1);
  });

  it('rotates at expiry with the refresh token; with it gone, no sign-in: the error and a notification say what to run', async () => {
    const clock = new ManualClock();
    await fixture({ clock });
    const started = await f.sessions.start(ADMIN);
    const window = f.sessions.settings().rotationWindowSeconds * 1000;

    // The access token expired meanwhile: the 401 gives it back and the refresh token gets another.
    await peer.identityCenter.expire('accessTokens');
    const refreshes = (await peer.identityCenter.counters()).refreshes;
    clock.advanceTo(Date.parse(started.state.expiresAt!) - window + 1_000);
    await f.sessions.runDueNow();
    const rotated = f.sessions.get(ADMIN);
    expect(rotated.state.status).toBe('active');
    expect(rotated.state.lastError).toBeUndefined();
    expect(rotated.state.issuedAt).not.toBe(started.state.issuedAt);
    expect((await peer.identityCenter.counters()).refreshes).toBe(refreshes + 1);
    expect(f.tokens.logins).toBe(1);
    expect(await callerArn(ADMIN)).toContain(':assumed-role/AdministratorAccess/');

    f.tokens.loseRefreshToken();
    const notes: NotificationEvent[] = [];
    f.events.on('notification', (n) => notes.push(n));
    // A minute before expiry: past the window and past half the lifetime the manual clock saw.
    clock.advanceTo(Date.parse(rotated.state.expiresAt!) - 60_000);
    await f.sessions.runDueNow();
    const message = 'Identity Center login for corp has expired: run `airlock sso login corp`';
    const failed = f.sessions.get(ADMIN);
    // Nobody was there to ask: no sign-in, the session keeps its still-valid credentials.
    expect(f.tokens.logins).toBe(1);
    expect(f.tokens.asked.at(-1)).toEqual({ interactive: false, minValidityMs: 60_000 });
    expect(failed.state.status).toBe('active');
    expect(failed.state.lastError).toMatchObject({ code: 'SSO_LOGIN_REQUIRED', message });
    expect(notes).toEqual([
      {
        level: 'error',
        sessionId: failed.id,
        integration: 'corp',
        // The sign-ins' own notice has this key too: one notice per integration, with Log in.
        key: 'sso-login:corp',
        message: `Rotation of session ${ADMIN} failed: ${message}`,
        action: { kind: 'sso-login', integration: 'corp' },
      },
    ]);
    const start = await f.sessions.start(ADMIN).catch((e: unknown) => e);
    expect(start).toMatchObject({ code: 'SSO_LOGIN_REQUIRED', message });
    expect(f.tokens.logins).toBe(1);
  });

  it('names the integration when it no longer exists, and fails clearly without Identity Center wired', async () => {
    await fixture();
    const s = f.sessions.get(ADMIN);
    await f.store.update((d) => {
      const stored = d.sessions[s.id]!;
      if (stored.config.kind === 'sso-role')
        stored.config = { ...stored.config, integration: 'gone' };
    });
    const error = await f.sessions.start(s.id).catch((e: unknown) => e);
    expect((error as AirlockError).code).toBe('NOT_FOUND');
    expect((error as AirlockError).message).toBe(
      `Session ${ADMIN} belongs to the IAM Identity Center integration gone, which no longer exists. Add the integration again, or remove the session.`,
    );
    expect(f.sessions.get(s.id).state.status).toBe('failed');
  });

  it('cannot be added by hand, nor have its account or role edited; its name, profile and region can', async () => {
    await fixture();
    const s = f.sessions.get(ADMIN);
    if (s.kind !== 'sso-role') throw new Error('not an sso-role');
    const {
      id: _id,
      state: _state,
      profiles: _profiles,
      hasStoredKeys: _k,
      sync: _sync,
      ...config
    } = s;
    await expect(f.sessions.add({ config: { ...config, name: 'by-hand' } })).rejects.toThrow(
      /those come from a sync of their integration \("airlock sso sync corp"\)/,
    );
    await expect(f.sessions.edit(s.id, { ...config, roleName: 'ReadOnlyAccess' })).rejects.toThrow(
      /its roleName cannot be edited/,
    );
    const edited = await f.sessions.edit(s.id, { ...config, profile: 'admin' });
    expect(edited).toMatchObject({ profile: 'admin', sync: { userEdited: true } });
  });
});

async function stsIdentity(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): Promise<string> {
  const sts = new StsGateway({ endpoint: peer.endpoint });
  try {
    return (await sts.getCallerIdentity({ sessionName: 't', region: 'us-east-1' }, credentials))
      .Arn;
  } finally {
    sts.destroy();
  }
}

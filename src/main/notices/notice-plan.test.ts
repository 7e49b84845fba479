// The notice planner: who needs a person before expiry, once per event, grouped, and the next wake.
import { describe, expect, it } from 'vitest';
import type { SessionConfig, SessionView } from '../../shared/sessions';
import type { StoredSession } from '../store/session-store';
import {
  EXPIRY_NOTICE_LEAD_MS,
  GATHER_MS,
  expiryKey,
  loginNoticeKey,
  planExpiryNotices,
  rotationFailedKey,
  rotationFailureNotice,
  type ExpiryPlanInput,
} from './notice-plan';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const MFA = 'arn:aws:iam::123456789012:mfa/alice';

function session(id: string, config: Partial<SessionConfig>, expiresAt = T0 + HOUR): StoredSession {
  return {
    id,
    config: { kind: 'iam-user', name: id, profile: id, ...config } as SessionConfig,
    state: { status: 'active', issuedAt: iso(expiresAt - HOUR), expiresAt: iso(expiresAt) },
    profiles: [id],
    createdAt: iso(T0 - HOUR),
  };
}

const mfaUser = (id: string, expiresAt?: number) => session(id, { mfaSerial: MFA }, expiresAt);
const saml = (id: string) =>
  session(id, {
    kind: 'saml',
    idpUrl: 'https://idp.example.com/sso',
    roleArn: 'arn:aws:iam::123456789012:role/Admin',
    principalArn: 'arn:aws:iam::123456789012:saml-provider/idp',
  });
const ssoRole = (id: string, integration = 'corp', expiresAt?: number) =>
  session(
    id,
    {
      kind: 'sso-role',
      integration,
      accountId: '123456789012',
      accountName: 'prod',
      roleName: 'Admin',
    },
    expiresAt,
  );

function plan(sessions: StoredSession[], at: number, extra: Partial<ExpiryPlanInput> = {}) {
  return planExpiryNotices({
    sessions,
    loginGone: new Set(),
    notified: new Set(),
    now: at,
    ...extra,
  });
}

const dueTime = T0 + HOUR - EXPIRY_NOTICE_LEAD_MS;

describe('planExpiryNotices: who is told', () => {
  it('tells an iam-user with MFA and no mfa-process, with a re-auth action naming it', () => {
    const { notices } = plan([mfaUser('alice')], dueTime);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      level: 'warning',
      sessionId: 'alice',
      key: expiryKey('alice', T0 + HOUR),
      action: { kind: 'reauth', sessionId: 'alice', sessionName: 'alice' },
    });
    expect(notices[0]?.message).toMatch(/alice expires in 10 minutes and needs an MFA code/);
  });

  it('tells a SAML session, which needs a sign-in at the IdP', () => {
    const { notices } = plan([saml('federated')], dueTime);
    expect(notices[0]?.action).toEqual({
      kind: 'reauth',
      sessionId: 'federated',
      sessionName: 'federated',
    });
    expect(notices[0]?.message).toMatch(/needs a SAML sign-in/);
  });

  it('tells a chained role whose chain needs an MFA code', () => {
    const role = session('admin', {
      kind: 'iam-role',
      parentId: 'alice',
      roleArn: 'arn:aws:iam::123456789012:role/Admin',
    });
    const { notices } = plan([mfaUser('alice', T0 + 2 * HOUR), role], dueTime);
    expect(notices.map((n) => n.sessionId)).toEqual(['admin']);
  });

  it('tells an Identity Center role whose login is gone, one notice per integration with Log in', () => {
    const gone = new Set(['corp']);
    const { notices } = plan([ssoRole('a'), ssoRole('b'), ssoRole('c', 'other')], dueTime, {
      loginGone: gone,
    });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      integration: 'corp',
      action: { kind: 'sso-login', integration: 'corp' },
    });
    expect(notices[0]?.message).toMatch(/sessions a, b expire in 10 minutes/);
  });

  it('tells none of the sessions that rotate on their own', () => {
    const sessions = [
      session('plain', {}),
      session('scripted', { mfaSerial: MFA, mfaProcess: '/usr/bin/totp alice' }),
      ssoRole('sso-ok'),
      session('wif', {
        kind: 'web-identity',
        roleArn: 'arn:aws:iam::123456789012:role/Ci',
        tokenFile: '/tmp/token',
      }),
      session('fed', { kind: 'federated-user', parentId: 'plain', federatedName: 'bob' }),
      session('role', {
        kind: 'iam-role',
        parentId: 'plain',
        roleArn: 'arn:aws:iam::123456789012:role/Admin',
      }),
    ];
    const out = plan(sessions, dueTime);
    expect(out.notices).toEqual([]);
    expect(out.wakeAt).toBeUndefined();
  });

  it('tells nobody about inactive or already expired sessions', () => {
    const stopped = { ...mfaUser('a'), state: { status: 'inactive' as const } };
    expect(plan([stopped, mfaUser('b')], T0 + HOUR + 1).notices).toEqual([]);
  });
});

describe('planExpiryNotices: once per event, and when to wake', () => {
  it('does not tell before the lead, and wakes at expiry − lead (no polling)', () => {
    const out = plan([mfaUser('a'), mfaUser('b', T0 + 2 * HOUR)], T0);
    expect(out.notices).toEqual([]);
    expect(out.wakeAt).toBe(dueTime);
  });

  it('tells an expiry once: the next look with the carried keys is silent', () => {
    const first = plan([mfaUser('a')], dueTime);
    expect(first.notices).toHaveLength(1);
    const again = plan([mfaUser('a')], dueTime + 60_000, { notified: first.notified });
    expect(again.notices).toEqual([]);
    expect(again.notified).toEqual(first.notified);
  });

  it('a renewed session is a new event; the old key is dropped from what is carried', () => {
    const first = plan([mfaUser('a')], dueTime);
    const renewed = mfaUser('a', T0 + 2 * HOUR);
    const next = plan([renewed], dueTime + 60_000, { notified: first.notified });
    expect(next.notices).toEqual([]);
    expect(next.notified.size).toBe(0);
    expect(next.wakeAt).toBe(T0 + 2 * HOUR - EXPIRY_NOTICE_LEAD_MS);
    expect(plan([renewed], T0 + 2 * HOUR - EXPIRY_NOTICE_LEAD_MS).notices).toHaveLength(1);
  });

  it('a told session does not hold the wake: the next one still due is', () => {
    const first = plan([mfaUser('a'), mfaUser('b', T0 + 2 * HOUR)], dueTime);
    expect(first.wakeAt).toBe(T0 + 2 * HOUR - EXPIRY_NOTICE_LEAD_MS);
  });

  it('takes a custom lead', () => {
    const out = plan([mfaUser('a')], T0, { leadMs: 30 * 60_000 });
    expect(out.wakeAt).toBe(T0 + HOUR - 30 * 60_000);
  });
});

describe('planExpiryNotices: grouping', () => {
  it('thirty sessions expiring in the same minute make one notice that opens the list', () => {
    const many = Array.from({ length: 30 }, (_, i) => mfaUser(`s${i}`, T0 + HOUR + i * 1_000));
    const out = plan(many, dueTime);
    expect(out.notices).toHaveLength(1);
    expect(out.notices[0]?.action).toEqual({ kind: 'open-list' });
    expect(out.notices[0]?.message).toMatch(/^30 sessions expire/);
    expect(out.notified.size).toBe(30);
    expect(out.wakeAt).toBeUndefined();
  });

  it('gathers the expiries of the next minute into the same look, not the one after', () => {
    const near = mfaUser('near', T0 + HOUR + GATHER_MS);
    const far = mfaUser('far', T0 + HOUR + GATHER_MS + 1);
    const out = plan([mfaUser('a'), near, far], dueTime);
    expect(out.notices.map((n) => n.sessionId)).toEqual(['a', 'near']);
    expect(out.wakeAt).toBe(T0 + HOUR + GATHER_MS + 1 - EXPIRY_NOTICE_LEAD_MS);
  });

  it('three at once stay three notices, each with its own action', () => {
    const out = plan([mfaUser('a'), mfaUser('b'), saml('c')], dueTime);
    expect(out.notices.map((n) => n.action?.kind)).toEqual(['reauth', 'reauth', 'reauth']);
  });
});

describe('rotationFailureNotice', () => {
  const view = (over: Partial<SessionView>): SessionView =>
    ({
      id: 'alice',
      kind: 'iam-user',
      name: 'alice',
      profile: 'alice',
      state: {
        status: 'active',
        failures: 1,
        lastError: { code: 'STS_ERROR', message: 'STS is down', at: iso(T0) },
      },
      ...over,
    }) as SessionView;

  it('names the session and the message, with Retry, keyed per session', () => {
    expect(rotationFailureNotice(view({}))).toEqual({
      level: 'error',
      sessionId: 'alice',
      key: rotationFailedKey('alice'),
      message: 'Rotation of session alice failed: STS is down',
      action: { kind: 'retry', sessionId: 'alice', sessionName: 'alice' },
    });
  });

  it('an Identity Center login that is gone shares the sign-in notice key and offers Log in', () => {
    const notice = rotationFailureNotice(
      view({
        kind: 'sso-role',
        integration: 'corp',
        state: {
          status: 'active',
          failures: 1,
          lastError: { code: 'SSO_LOGIN_REQUIRED', message: 'log in', at: iso(T0) },
        },
      } as Partial<SessionView>),
    );
    expect(notice.key).toBe(loginNoticeKey('corp'));
    expect(notice.action).toEqual({ kind: 'sso-login', integration: 'corp' });
  });
});

// ExpiryNotices on a manual clock and the real event bus and board (the store is a plain object):
// one timer at the next expiry − lead, nothing twice, and a lost login told once, not twice.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test-support/manual-clock';
import type { NotificationEvent } from '../../shared/ipc-contract';
import type { SessionConfig } from '../../shared/sessions';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { CoreEvents } from '../core-events';
import type { StoreData, StoredSession } from '../store/session-store';
import { ExpiryNotices } from './expiry-notices';
import { NoticeBoard } from './notice-board';
import { EXPIRY_NOTICE_LEAD_MS, loginNoticeKey } from './notice-plan';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
const HOUR = 3_600_000;

function stored(id: string, config: Partial<SessionConfig>, expiresAt: number): StoredSession {
  return {
    id,
    config: { kind: 'iam-user', name: id, profile: id, ...config } as SessionConfig,
    state: {
      status: 'active',
      issuedAt: new Date(expiresAt - HOUR).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    },
    profiles: [id],
    createdAt: new Date(T0 - HOUR).toISOString(),
  };
}

const sso = (id: string, expiresAt: number) =>
  stored(
    id,
    {
      kind: 'sso-role',
      integration: 'corp',
      accountId: '123456789012',
      accountName: 'prod',
      roleName: 'Admin',
    },
    expiresAt,
  );

function setup(sessions: StoredSession[]) {
  const clock = new ManualClock(T0);
  const events = new CoreEvents();
  const board = new NoticeBoard(events);
  const data = {
    sessions: Object.fromEntries(sessions.map((s) => [s.id, s])),
    settings: DEFAULT_SETTINGS,
  } as unknown as StoreData;
  const told: NotificationEvent[] = [];
  events.on('notification', (n) => told.push(n));
  const looks = { count: 0 };
  const read = () => {
    looks.count++;
    return data;
  };
  const notices = new ExpiryNotices({ clock, events, board, read });
  notices.check();
  return { clock, events, board, told, notices, looks };
}

describe('ExpiryNotices', () => {
  it('arms one timer at the next expiry − lead and tells each expiry once', async () => {
    const mfa = { mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' };
    const a = stored('a', mfa, T0 + HOUR);
    const b = stored('b', mfa, T0 + 2 * HOUR);
    const { clock, events, told, notices, looks } = setup([a, b]);
    expect(clock.pending()).toEqual([T0 + HOUR - EXPIRY_NOTICE_LEAD_MS]);
    clock.advanceTo(T0 + HOUR - EXPIRY_NOTICE_LEAD_MS);
    expect(told.map((n) => n.sessionId)).toEqual(['a']);
    // The next wake is b's; a change of a session looks again and tells nothing new.
    expect(clock.pending()).toEqual([T0 + 2 * HOUR - EXPIRY_NOTICE_LEAD_MS]);
    events.emit('session:changed', { id: 'a', state: { status: 'active' } } as never);
    await Promise.resolve();
    expect(looks.count).toBe(3);
    expect(told).toHaveLength(1);
    clock.advanceTo(T0 + 2 * HOUR - EXPIRY_NOTICE_LEAD_MS);
    expect(told.map((n) => n.sessionId)).toEqual(['a', 'b']);
    expect(clock.pending()).toEqual([]);
    notices.stop();
  });

  it('a login found gone is told once by its sign-in, not again as an expiry of its sessions', () => {
    const soon = sso('soon', T0 + 5 * 60_000);
    const later = sso('later', T0 + HOUR);
    const { clock, board, told } = setup([soon, later]);
    expect(told).toEqual([]);
    // The sign-ins find the login gone (as SsoLogins.loginRequired posts it).
    board.post({
      level: 'warning',
      integration: 'corp',
      message: 'log in again',
      key: loginNoticeKey('corp'),
      action: { kind: 'sso-login', integration: 'corp' },
    });
    expect(told).toHaveLength(1);
    // The session still ahead is told before its own expiry, with Log in.
    clock.advanceTo(T0 + HOUR - EXPIRY_NOTICE_LEAD_MS);
    expect(told).toHaveLength(2);
    expect(told[1]).toMatchObject({ action: { kind: 'sso-login', integration: 'corp' } });
    expect(told[1]?.message).toMatch(/session later expires in 10 minutes/);
  });

  it('a burst of session events is one look, not one per event', async () => {
    const mfa = { mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' };
    const { events, looks, told, clock } = setup([stored('a', mfa, T0 + HOUR)]);
    expect(looks.count).toBe(1);
    for (let i = 0; i < 1000; i++) {
      events.emit('session:changed', { id: `s${i}`, state: { status: 'active' } } as never);
    }
    await Promise.resolve();
    expect(looks.count).toBe(2);
    expect(told).toEqual([]);
    expect(clock.pending()).toEqual([T0 + HOUR - EXPIRY_NOTICE_LEAD_MS]);
  });
});

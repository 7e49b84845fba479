// Notices on the real core: moto STS peer (signatures enforced), gnome-keyring, a manual clock.
// A failing rotation is told once across its back-off retries, Retry works, and a session that
// needs an MFA code is told once, ahead of its expiry, at a wake armed for it (no polling).
import { afterEach, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { ManualClock } from '../../../test-support/manual-clock';
import { totp } from '../../../test-support/totp';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { EXPIRY_NOTICE_LEAD_MS } from './notice-plan';

const { endpoint, seed } = inject('stsPeer');
let open: TestCore[] = [];

afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});

async function appCore(clock: ManualClock): Promise<{ t: TestCore; notices: NotificationEvent[] }> {
  const t = await makeTestCore({ endpoint, clock, rotate: true });
  open.push(t);
  const notices: NotificationEvent[] = [];
  t.core.events.on('notification', (n) => notices.push(n));
  return { t, notices };
}

const keys = { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey };

describe('notices on the real core', () => {
  it('a failing rotation is one notice with Retry across its back-off retries; Retry rotates', async () => {
    const clock = new ManualClock();
    const { t, notices } = await appCore(clock);
    const user = await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'flaky', profile: 'flaky', region: 'eu-west-1' },
      keys,
    });
    const started = await t.core.sessions.start(user.id);
    const expiresAt = Date.parse(started.state.expiresAt!);
    // The keys vanish from the keychain: every rotation fails until they are back.
    await t.secrets.delete(user.id, 'long-term');
    const window = t.core.sessions.settings().rotationWindowSeconds * 1000;
    clock.advanceTo(expiresAt - window);
    await t.core.sessions.runDueNow();
    // Three more back-off retries (30 s, 1 min, 2 min), each failing again.
    for (const wait of [30_000, 60_000, 120_000]) {
      expect(clock.pending()[0]).toBe(clock.now() + wait);
      clock.advanceTo(clock.now() + wait);
      await t.core.sessions.runDueNow();
    }
    expect(t.core.sessions.get(user.id).state.failures).toBe(4);
    const failures = notices.filter((n) => n.key === `rotation-failed:${user.id}`);
    expect(failures).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      level: 'error',
      sessionId: user.id,
      action: { kind: 'retry', sessionId: user.id, sessionName: 'flaky' },
    });
    expect(failures[0]?.message).toMatch(
      /^Rotation of session flaky failed: Session flaky has no access key in the keychain/,
    );

    // Retry is a rotation now (the action's session id on session:rotate); with keys it succeeds.
    await t.secrets.set(user.id, 'long-term', JSON.stringify(keys));
    const action = failures[0]?.action;
    if (action?.kind !== 'retry') throw new Error('no retry action');
    const rotated = await t.core.sessions.rotate(action.sessionId);
    expect(rotated.state.status).toBe('active');
    expect(rotated.state.failures ?? 0).toBe(0);
    expect(rotated.state.issuedAt).toBe(new Date(clock.now()).toISOString());

    // The streak is over: a new failure is news again, told once more.
    await t.secrets.delete(user.id, 'long-term');
    // (the peer dates credentials by the real clock, so the next deadline is the scheduler's)
    const [next] = clock.pending();
    clock.advanceTo(next!);
    await t.core.sessions.runDueNow();
    expect(t.core.sessions.get(user.id).state.failures).toBe(1);
    expect(notices.filter((n) => n.key === `rotation-failed:${user.id}`)).toHaveLength(2);
  });

  it('a session that needs an MFA code is told once before it expires, with Renew', async () => {
    const clock = new ManualClock();
    const { t, notices } = await appCore(clock);
    const user = await t.core.sessions.add({
      config: {
        kind: 'iam-user',
        name: 'mfa-user',
        profile: 'mfa-user',
        region: 'eu-west-1',
        mfaSerial: seed.mfa.serial,
      },
      keys,
    });
    // A longer rotation window than the lead: the notice, not the rotation, comes first.
    await t.core.settings.set({ rotationWindowSeconds: 300 });
    const started = await t.core.sessions.start(user.id, {
      mfaCode: totp(seed.mfa.secretBase32),
    });
    const expiresAt = Date.parse(started.state.expiresAt!);
    const noticeAt = expiresAt - EXPIRY_NOTICE_LEAD_MS;
    // One timer waits for the notice, before the rotation's; nothing is told before it.
    expect(clock.pending()).toEqual([noticeAt, expiresAt - 300_000]);
    clock.advanceTo(noticeAt - 1);
    expect(notices).toEqual([]);
    clock.advanceTo(noticeAt);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      level: 'warning',
      sessionId: user.id,
      action: { kind: 'reauth', sessionId: user.id, sessionName: 'mfa-user' },
    });
    expect(notices[0]?.message).toMatch(/mfa-user expires in 10 minutes and needs an MFA code/);
    // Later looks (a change of the session, another minute) tell nothing new.
    await t.core.sessions.setMarks(user.id, { pinned: true });
    clock.advanceTo(noticeAt + 60_000);
    expect(notices).toHaveLength(1);
  });
});

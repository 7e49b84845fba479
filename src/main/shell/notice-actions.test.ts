// A notice's action clicked in an OS notification, on a real core (STS peer, gnome-keyring): the
// window first, then Retry rotates (judged by the AWS CLI), Renew starts an expired or stopped
// session, and a failure is a notice again with the same action.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAwsCli } from '../../../test-support/aws-cli';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import type { NotificationAction, NotificationEvent } from '../../shared/ipc-contract';
import { runNoticeAction } from './notice-actions';

const { endpoint, seed } = inject('stsPeer');

let t: TestCore;
let userId: string;
const notifications: NotificationEvent[] = [];
const calls: string[] = [];

function run(action: NotificationAction): Promise<void> {
  return runNoticeAction(action, { core: t.core, showMainWindow: () => calls.push('show') });
}

async function keyId(): Promise<string> {
  const r = await runAwsCli(['configure', 'get', 'aws_access_key_id', '--profile', 'notice-user'], {
    endpoint,
    home: t.home,
  });
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  t.core.events.on('notification', (n) => notifications.push(n));
  userId = (
    await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'notice-user', profile: 'notice-user' },
      keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('notice actions', () => {
  const retry = (): NotificationAction => ({
    kind: 'retry',
    sessionId: userId,
    sessionName: 'notice-user',
  });
  const renew = (): NotificationAction => ({
    kind: 'reauth',
    sessionId: userId,
    sessionName: 'notice-user',
  });

  it('Renew starts a session that is no longer active, after showing the window', async () => {
    await run(renew());
    expect(calls).toEqual(['show']);
    expect(t.core.sessions.get(userId).state.status).toBe('active');
    expect(await keyId()).toMatch(/^ASIA/);
    expect(notifications).toEqual([]);
  });

  it('Retry rotates: new credentials the AWS CLI reads', async () => {
    const before = await keyId();
    await run(retry());
    const after = await keyId();
    expect(after).toMatch(/^ASIA/);
    expect(after).not.toBe(before);
    expect(notifications).toEqual([]);
  });

  it('Renew on an active session rotates it', async () => {
    const before = await keyId();
    await run(renew());
    expect(await keyId()).not.toBe(before);
    expect(notifications).toEqual([]);
  });

  it('a Retry that fails is a notice again, naming the session, with Retry', async () => {
    await t.core.sessions.stop(userId);
    await run(retry());
    expect(notifications).toEqual([
      {
        level: 'error',
        message: expect.stringContaining('Session notice-user is not active') as unknown as string,
        action: retry(),
      },
    ]);
    notifications.length = 0;
  });

  it('Log in goes to the integration (one that does not exist says so); Open list only shows the window', async () => {
    calls.length = 0;
    await run({ kind: 'sso-login', integration: 'nowhere' });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      level: 'error',
      action: { kind: 'sso-login', integration: 'nowhere' },
    });
    expect(notifications[0]?.message).toContain('nowhere');
    notifications.length = 0;
    await run({ kind: 'open-list' });
    expect(calls).toEqual(['show', 'show']);
    expect(notifications).toEqual([]);
  });
});

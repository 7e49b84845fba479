// Tray clicks on a real core (STS peer, federation peer, gnome-keyring): a start, "Open console" on
// the live session, a stop, and failures as notifications naming the session.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startFederationPeer,
  type FederationPeer,
} from '../../../test-support/federation-peer/index';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { runTrayAction, type TrayActionDeps } from './tray-actions';
import { buildTrayState } from './tray-menu';

const { endpoint, seed } = inject('stsPeer');

let federation: FederationPeer;
let t: TestCore;
let userId: string;
const notifications: NotificationEvent[] = [];
const opened: string[] = [];
const calls: string[] = [];

function deps(openExternal?: (url: string) => Promise<void>): TrayActionDeps {
  return {
    core: t.core,
    openExternal:
      openExternal ??
      (async (url) => {
        opened.push(url);
      }),
    showMainWindow: () => calls.push('show'),
    quit: () => calls.push('quit'),
  };
}

beforeAll(async () => {
  federation = await startFederationPeer({
    stsEndpoint: endpoint,
    chainedRoleArns: [seed.roles.chain2, seed.roles.chain3],
  });
  t = await makeTestCore({ endpoint, extraEnv: { AIRLOCK_FEDERATION_URL: federation.url } });
  t.core.events.on('notification', (n) => notifications.push(n));
  userId = (
    await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'tray-user', profile: 'tray-user', region: 'eu-west-1' },
      keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await federation?.stop();
});

describe('tray actions', () => {
  it('starts from the menu, then "Open console" on the live session opens a sign-in the peer accepts', async () => {
    const toggle = buildTrayState(t.core.sessions.list(), Date.now()).items.find(
      (i) => i.kind === 'session',
    );
    expect(toggle?.kind === 'session' && toggle.action).toEqual({
      type: 'toggle',
      sessionId: userId,
      start: true,
    });
    if (toggle?.kind === 'session') await runTrayAction(toggle.action, deps());
    expect(t.core.sessions.get(userId).state.status).toBe('active');

    const submenu = buildTrayState(t.core.sessions.list(), Date.now()).items.find(
      (i) => i.kind === 'submenu',
    );
    const item = submenu?.kind === 'submenu' ? submenu.items[0] : undefined;
    expect(item?.action).toEqual({ type: 'console', sessionId: userId });
    if (item) await runTrayAction(item.action, deps());
    expect(opened).toHaveLength(1);
    const signin = await federation.open(opened[0]!);
    expect(signin.arn).toBe(`arn:aws:sts::123456789012:federated-user/tray-user`);
    expect(signin.destination).toBe('https://console.aws.amazon.com/console/home?region=eu-west-1');
    expect(notifications).toEqual([]);
  });

  it('turns a failure into an error notification naming the session, without rejecting', async () => {
    await runTrayAction(
      { type: 'console', sessionId: userId },
      deps(() => Promise.reject(new Error('no display'))),
    );
    expect(notifications).toEqual([
      {
        level: 'error',
        sessionId: userId,
        message: expect.stringContaining('session tray-user') as unknown as string,
      },
    ]);
    notifications.length = 0;
    await runTrayAction({ type: 'console', sessionId: 'no-such-session' }, deps());
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ level: 'error', sessionId: 'no-such-session' });
    notifications.length = 0;
  });

  it('stops from the menu, and opens the window or quits', async () => {
    await runTrayAction({ type: 'toggle', sessionId: userId, start: false }, deps());
    expect(t.core.sessions.get(userId).state.status).toBe('inactive');
    await runTrayAction({ type: 'open' }, deps());
    await runTrayAction({ type: 'quit' }, deps());
    expect(calls).toEqual(['show', 'quit']);
    expect(notifications).toEqual([]);
  });
});

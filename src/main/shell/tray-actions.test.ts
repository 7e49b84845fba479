// Tray clicks on a real core (STS peer, federation peer, gnome-keyring): a start, then the live
// session's submenu (open console, rotate now, switch region, copy env) judged by the AWS CLI, "More…",
// a stop, and failures as notifications naming the session.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAwsCli } from '../../../test-support/aws-cli';
import {
  startFederationPeer,
  type FederationPeer,
} from '../../../test-support/federation-peer/index';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { runTrayAction, type TrayActionDeps } from './tray-actions';
import { buildTrayState, type TrayLeaf, type TraySubItem } from './tray-menu';

const { endpoint, seed } = inject('stsPeer');

let federation: FederationPeer;
let t: TestCore;
let userId: string;
const notifications: NotificationEvent[] = [];
const opened: string[] = [];
const calls: string[] = [];
const clipboard: string[] = [];

function deps(openExternal?: (url: string) => Promise<void>): TrayActionDeps {
  return {
    core: t.core,
    openExternal:
      openExternal ??
      (async (url) => {
        opened.push(url);
      }),
    writeClipboard: (text) => clipboard.push(text),
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
  t.core.events.on('switcher:open', () => calls.push('switcher'));
  userId = (
    await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'tray-user', profile: 'tray-user', region: 'eu-west-1' },
      keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
    })
  ).id;
}, 60_000);

/** The live session's submenu entry with this label, as the tray shows it now. */
function liveItem(label: string): TraySubItem {
  const row = buildTrayState(t.core.sessions.list()).items.find(
    (i) => i.kind === 'session' && i.label === 'tray-user',
  );
  const item =
    row?.kind === 'session' ? row.items?.find((i) => i.label.startsWith(label)) : undefined;
  if (!item) throw new Error(`no "${label}" in the tray-user submenu`);
  return item;
}

function leaf(item: TraySubItem): TrayLeaf {
  if (!('action' in item)) throw new Error(`"${item.label}" is a submenu`);
  return item;
}

async function cli(args: string[], env?: Record<string, string>): Promise<string> {
  const r = await runAwsCli(args, {
    endpoint,
    home: env ? emptyHome() : t.home,
    ...(env ? { env } : {}),
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'airlock-tray-env-'));
}

afterAll(async () => {
  await t?.close();
  await federation?.stop();
});

describe('tray actions', () => {
  it('starts from the menu, then "Open console" on the live session opens a sign-in the peer accepts', async () => {
    const toggle = buildTrayState(t.core.sessions.list()).items.find((i) => i.kind === 'session');
    expect(toggle?.kind === 'session' && toggle.action).toEqual({
      type: 'toggle',
      sessionId: userId,
      start: true,
    });
    if (toggle?.kind === 'session' && toggle.action) await runTrayAction(toggle.action, deps());
    expect(t.core.sessions.get(userId).state.status).toBe('active');

    const item = leaf(liveItem('Open console'));
    expect(item.action).toEqual({ type: 'console', sessionId: userId });
    await runTrayAction(item.action, deps());
    expect(opened).toHaveLength(1);
    const signin = await federation.open(opened[0]!);
    expect(signin.arn).toBe(`arn:aws:sts::123456789012:federated-user/tray-user`);
    expect(signin.destination).toBe('https://console.aws.amazon.com/console/home?region=eu-west-1');
    expect(notifications).toEqual([]);
  });

  it('"Rotate now" writes new credentials the AWS CLI uses', async () => {
    const before = await cli(['configure', 'get', 'aws_access_key_id', '--profile', 'tray-user']);
    await runTrayAction(leaf(liveItem('Rotate now')).action, deps());
    const after = await cli(['configure', 'get', 'aws_access_key_id', '--profile', 'tray-user']);
    expect(after).toMatch(/^ASIA/);
    expect(after).not.toBe(before);
    const who = JSON.parse(await cli(['sts', 'get-caller-identity', '--profile', 'tray-user'])) as {
      Arn: string;
    };
    expect(who.Arn).toBe(seed.user.arn);
    expect(notifications).toEqual([]);
  });

  it('"Switch region" changes the profile\'s region at once, and the menu checks the new one', async () => {
    const menu = liveItem('Switch region');
    expect(menu.label).toBe('Switch region (eu-west-1)');
    const target = 'items' in menu ? menu.items.find((r) => r.label === 'eu-central-1') : undefined;
    expect(target?.action).toEqual({ type: 'region', sessionId: userId, region: 'eu-central-1' });
    const key = await cli(['configure', 'get', 'aws_access_key_id', '--profile', 'tray-user']);
    if (target) await runTrayAction(target.action, deps());
    expect(await cli(['configure', 'get', 'region', '--profile', 'tray-user'])).toBe(
      'eu-central-1',
    );
    // No new STS call: the same credentials stay in the file.
    expect(await cli(['configure', 'get', 'aws_access_key_id', '--profile', 'tray-user'])).toBe(
      key,
    );
    const after = liveItem('Switch region');
    expect(after.label).toBe('Switch region (eu-central-1)');
    expect('items' in after && after.items.find((r) => r.checked)?.label).toBe('eu-central-1');
    expect(notifications).toEqual([]);
  });

  it('"Copy env" puts export lines on the clipboard that a shell and the AWS CLI can use', async () => {
    await runTrayAction(leaf(liveItem('Copy env')).action, deps());
    expect(clipboard).toHaveLength(1);
    const text = clipboard[0]!;
    // A real shell reads the lines, as a person pasting them would.
    const { stdout } = await promisify(execFile)('sh', ['-c', `${text}\nenv`], {
      env: { PATH: process.env.PATH ?? '' },
    });
    const env = Object.fromEntries(
      stdout
        .split('\n')
        .filter((line) => line.startsWith('AWS_'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const fileKey = await cli(['configure', 'get', 'aws_access_key_id', '--profile', 'tray-user']);
    expect(env.AWS_ACCESS_KEY_ID).toBe(fileKey);
    expect(env.AWS_REGION ?? env.AWS_DEFAULT_REGION).toBe('eu-central-1');
    // Only these variables, in a HOME without any AWS file: the CLI signs in as the session.
    const who = JSON.parse(await cli(['sts', 'get-caller-identity'], env)) as { Arn: string };
    expect(who.Arn).toBe(seed.user.arn);
    expect(notifications).toEqual([]);
  });

  it('"More…" shows the window with the quick switcher open', async () => {
    calls.length = 0;
    await runTrayAction({ type: 'more' }, deps());
    expect(calls).toEqual(['show', 'switcher']);
    calls.length = 0;
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
    await runTrayAction({ type: 'copy-env', sessionId: 'no-such-session' }, deps());
    expect(notifications).toHaveLength(1);
    expect(clipboard).toHaveLength(1);
    notifications.length = 0;
  });

  it('stops from the live submenu, then "Rotate now" on it fails naming the session; opens the window or quits', async () => {
    await runTrayAction(leaf(liveItem('Stop')).action, deps());
    expect(t.core.sessions.get(userId).state.status).toBe('inactive');
    const row = buildTrayState(t.core.sessions.list()).items.find((i) => i.kind === 'session');
    expect(row).toMatchObject({ action: { type: 'toggle', sessionId: userId, start: true } });
    await runTrayAction({ type: 'rotate', sessionId: userId }, deps());
    expect(notifications).toEqual([
      {
        level: 'error',
        sessionId: userId,
        message: expect.stringContaining('Session tray-user is not active') as unknown as string,
      },
    ]);
    notifications.length = 0;
    await runTrayAction({ type: 'open' }, deps());
    await runTrayAction({ type: 'quit' }, deps());
    expect(calls).toEqual(['show', 'quit']);
    expect(notifications).toEqual([]);
  });
});

// The app's core and the CLI on one store: the app hears the CLI's changes, and only those.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { ManualClock } from '../../../test-support/manual-clock';
import { buildTestCli, type TestCli } from '../../../test-support/test-cli';
import type { StoredSession } from '../store/session-store';

const { endpoint, seed } = inject('stsPeer');
let open: TestCore[] = [];
let cli: TestCli;

beforeAll(async () => {
  cli = await buildTestCli('app-beside', {});
});
afterAll(() => cli.dispose());
afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});

async function appCore(options: Partial<Parameters<typeof makeTestCore>[0]> = {}) {
  const t = await makeTestCore({ endpoint, rotate: true, ...options });
  open.push(t);
  return t;
}

const keys = { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey };

/** Resolves once the app core has emitted session:changed for this session (its watcher caught up). */
function changedFor(t: TestCore, id: string): Promise<void> {
  return new Promise((resolve) => {
    const off = t.core.events.on('session:changed', (view) => {
      if (view.id === id) {
        off();
        resolve();
      }
    });
  });
}

describe('the app core beside the CLI', () => {
  it('emits only what changed: a start at 5,000 sessions is a handful of events, not thousands', async () => {
    const t = await appCore();
    const user = await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'starter', profile: 'starter', region: 'eu-west-1' },
      keys,
    });
    const marker = await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'marker', profile: 'marker' },
      keys,
    });
    await t.core.store.update((data) => {
      for (let i = 0; i < 5_000; i++) {
        const id = `bulk-${i}`;
        const s: StoredSession = {
          id,
          config: {
            kind: 'iam-role',
            name: `bulk-${i}`,
            profile: `bulk-${i}`,
            parentId: user.id,
            roleArn: seed.roles.readonly,
          },
          state: { status: 'inactive' },
          profiles: [],
          createdAt: new Date().toISOString(),
        };
        data.sessions[id] = s;
      }
    });
    // The seeding was another writer as far as the app knows: let its watcher settle on it.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const seen: string[] = [];
    t.core.events.on('session:changed', (view) => seen.push(view.id));
    await t.core.sessions.start(user.id);
    // Another process changes one session: once the app reports it, its watcher has caught up
    // with everything written before, the start's own writes included.
    const other = await makeTestCore({ endpoint, home: t.home });
    const caughtUp = changedFor(t, marker.id);
    await other.core.sessions.edit(marker.id, {
      kind: 'iam-user',
      name: 'marker',
      profile: 'marker',
      region: 'ap-south-1',
    });
    await caughtUp;
    await other.close();

    const perStart = seen.filter((id) => id !== marker.id).length;
    console.log(
      `[reliability] session:changed events for one start at 5,002 sessions: ${perStart}`,
    );
    expect(seen.filter((id) => id === user.id).length).toBeGreaterThanOrEqual(2);
    expect(perStart).toBeLessThanOrEqual(3);
    expect(seen.filter((id) => id === marker.id)).toEqual([marker.id]);
    expect(t.core.sessions.get(marker.id).region).toBe('ap-south-1');
  });

  it('rotates with the delivery mode the CLI set while the app ran', async () => {
    const clock = new ManualClock();
    const t = await appCore({ clock });
    const user = await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'moded', profile: 'moded', region: 'eu-west-1' },
      keys,
    });
    const started = await t.core.sessions.start(user.id);
    expect(readFileSync(t.credentialsFile, 'utf8')).toContain('[moded]');

    const set = await cli.run(['settings', 'set', 'delivery-mode', 'credential-process'], {
      env: t.env,
    });
    expect(set.code, set.stderr).toBe(0);

    const window = 600_000;
    clock.advanceTo(Date.parse(started.state.expiresAt!) - window + 1_000);
    await t.core.sessions.runDueNow();
    expect(t.core.sessions.get(user.id).state.status).toBe('active');
    expect(readFileSync(t.configFile, 'utf8')).toMatch(
      /\[profile moded\][^[]*credential_process = airlock credential-process moded/,
    );
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('[moded]');
  });

  it('re-reads a parent the CLI stopped: the next child start issues it afresh, not from memory', async () => {
    const t = await appCore();
    const parent = await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'held-parent', profile: 'held-parent' },
      keys,
    });
    const child = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'held-child',
        profile: 'held-child',
        parentId: parent.id,
        roleArn: seed.roles.readonly,
      },
    });
    await t.core.sessions.start(parent.id);
    const before = JSON.parse((await t.secrets.get(parent.id, 'session'))!) as {
      accessKeyId: string;
    };

    const heard = changedFor(t, parent.id);
    const stop = await cli.run(['session', 'stop', 'held-parent'], { env: t.env });
    expect(stop.code, stop.stderr).toBe(0);
    expect(await t.secrets.get(parent.id, 'session')).toBeUndefined();
    await heard;

    await t.core.sessions.start(child.id);
    // The app held the parent's credentials from its own start; the CLI's stop released them, so
    // the child's start asked STS for the parent again and cached what it got.
    const after = JSON.parse((await t.secrets.get(parent.id, 'session'))!) as {
      accessKeyId: string;
    };
    expect(after.accessKeyId).not.toBe(before.accessKeyId);
  });
});

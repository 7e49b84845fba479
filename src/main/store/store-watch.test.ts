// The app hears what other processes wrote to the store, once, and never its own writes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { SessionStore, type StoreData, type StoredSession } from './session-store';
import { diffStores } from './store-diff';
import { watchStore } from './store-watch';
import type { StoreDiff } from './store-diff';

function session(id: string, region?: string): StoredSession {
  return {
    id,
    config: { kind: 'iam-user', name: id, profile: id, ...(region ? { region } : {}) },
    state: { status: 'inactive' },
    profiles: [],
    createdAt: 'then',
  };
}

function data(...sessions: StoredSession[]): StoreData {
  return {
    sessions: Object.fromEntries(sessions.map((s) => [s.id, s])),
    settings: { ...DEFAULT_SETTINGS },
  };
}

/** Resolves with the next diff the watch reports. */
function nextDiff(seen: StoreDiff[]): Promise<StoreDiff> {
  const count = seen.length;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (seen.length > count) {
        clearInterval(poll);
        resolve(seen[count]!);
      }
    }, 10);
  });
}

describe('diffStores', () => {
  it('names the sessions added, changed and removed, and a settings change', () => {
    const before = data(session('a'), session('b'), session('c'));
    const after = data(session('a'), session('b', 'eu-west-1'), session('d'));
    after.settings.deliveryMode = 'credential-process';
    expect(diffStores(before, after)).toEqual({
      changed: ['b', 'd'],
      removed: ['c'],
      settingsChanged: true,
    });
    expect(diffStores(before, data(session('a'), session('b'), session('c')))).toEqual({
      changed: [],
      removed: [],
      settingsChanged: false,
    });
  });
});

describe('watchStore', () => {
  it("reports another writer's change once, and none of this process's own writes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-watch-'));
    const app = new SessionStore(dir);
    const cli = new SessionStore(dir);
    await app.update((d) => void (d.sessions.a = session('a')));
    const seen: StoreDiff[] = [];
    const stop = watchStore(app, (diff) => seen.push(diff));
    try {
      await app.update((d) => void (d.sessions.own = session('own')));
      const external = nextDiff(seen);
      await cli.update((d) => void (d.sessions.a = session('a', 'eu-west-1')));
      expect(await external).toEqual({ changed: ['a'], removed: [], settingsChanged: false });
      // The app's own write right after the CLI's: nothing more is reported.
      await app.update((d) => void (d.sessions.own2 = session('own2')));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('reports a change the app merged in its own update before its watcher saw it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-watch-'));
    const app = new SessionStore(dir);
    const cli = new SessionStore(dir);
    const seen: StoreDiff[] = [];
    const stop = watchStore(app, (diff) => seen.push(diff));
    try {
      // No await between the two: the app's update reads the CLI's write under the lock.
      await cli.update((d) => void (d.sessions.fromCli = session('fromCli')));
      await app.update((d) => void (d.sessions.own = session('own')));
      expect(seen).toEqual([{ changed: ['fromCli'], removed: [], settingsChanged: false }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

// What a reconcile after a crash repairs, planned from plain data: leftovers, lost and configless sessions.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { StoreData, StoredSession } from '../store/session-store';
import { planReconcile } from './reconcile';

function session(id: string, status: 'active' | 'inactive'): StoredSession {
  return {
    id,
    config: { kind: 'iam-user', name: id, profile: id },
    state: { status },
    profiles: status === 'active' ? [id] : [],
    createdAt: '',
  };
}

function data(...sessions: StoredSession[]): StoreData {
  return {
    sessions: Object.fromEntries(sessions.map((s) => [s.id, s])),
    settings: { ...DEFAULT_SETTINGS },
  };
}

describe('planReconcile', () => {
  it('plans nothing when the files and the store agree', () => {
    const d = data(session('a', 'active'), session('b', 'inactive'));
    const both = [{ name: 'a', owner: 'a' }, { name: 'mine' }];
    expect(planReconcile(d, both, both, 'airlock')).toBeUndefined();
  });

  it('removes an Airlock section whose session is not live, never a hand-written one', () => {
    const d = data(session('b', 'inactive'));
    const plan = planReconcile(d, [{ name: 'b', owner: 'b' }, { name: 'mine' }], [], 'airlock');
    expect(plan).toMatchObject({ credentials: [{ profile: 'b', action: 'remove' }], lost: [] });
  });

  it('marks a live file-mode session lost when its profile is gone, and rewrites a lost config section', () => {
    const d = data(session('gone', 'active'), session('noconfig', 'active'));
    const plan = planReconcile(d, [{ name: 'noconfig', owner: 'noconfig' }], [], 'airlock');
    expect(plan?.lost).toEqual(['gone']);
    expect(plan?.config).toMatchObject([
      { profile: 'noconfig', action: 'set', owner: 'noconfig', set: { region: 'us-east-1' } },
    ]);
  });

  it('restores a backed-up [default] whose holder is no longer live', () => {
    const d = data(session('a', 'inactive'));
    d.defaultProfile = { sessionId: 'a', backedUp: true };
    const plan = planReconcile(d, [{ name: 'default', owner: 'a' }], [], 'airlock');
    expect(plan).toMatchObject({ restoreDefault: true, credentials: [{ profile: 'default' }] });
  });
});

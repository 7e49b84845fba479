// The config edits of a region switch, from plain data: no files, no STS.
import { describe, expect, it } from 'vitest';
import { type SessionConfig } from '../../shared/sessions';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { StoreData, StoredSession } from '../store/session-store';
import { planRegionSwitch } from './region-plan';

function stored(id: string, extra: Partial<StoredSession> = {}): StoredSession {
  return {
    id,
    config: {
      kind: 'iam-user',
      name: id,
      profile: `p-${id}`,
      region: 'eu-west-1',
    } as SessionConfig,
    state: { status: 'inactive' },
    profiles: [],
    createdAt: '',
    ...extra,
  };
}

function data(sessions: StoredSession[], extra: Partial<StoreData> = {}): StoreData {
  return {
    sessions: Object.fromEntries(sessions.map((s) => [s.id, s])),
    settings: { ...DEFAULT_SETTINGS },
    ...extra,
  };
}

const active = { state: { status: 'active' as const }, profiles: ['p-a'] };

describe('planRegionSwitch', () => {
  it('writes nothing for a session that is not active: only the store changes', () => {
    for (const status of ['inactive', 'expired', 'failed'] as const) {
      const plan = planRegionSwitch(
        data([stored('a', { state: { status } })]),
        'a',
        'ap-south-1',
        'airlock',
        new Map(),
      );
      expect(plan, status).toEqual({ kind: 'edits', config: [] });
    }
  });

  it('sets only the region of an active session’s own section, keeping a hand-written one’s keys alone', () => {
    const plan = planRegionSwitch(
      data([stored('a', active)]),
      'a',
      'ap-south-1',
      'airlock',
      new Map([['p-a', 'a']]),
    );
    expect(plan).toEqual({
      kind: 'edits',
      config: [
        {
          profile: 'p-a',
          action: 'set',
          owner: 'a',
          handWritten: 'skip',
          set: { region: 'ap-south-1' },
          unset: ['credential_process'],
        },
      ],
    });
  });

  it('keeps credential_process in credential-process mode', () => {
    const d = data([stored('a', active)]);
    d.settings.deliveryMode = 'credential-process';
    const plan = planRegionSwitch(d, 'a', 'us-west-2', 'airlock', new Map());
    expect(plan.kind === 'edits' && plan.config[0]?.action === 'set' && plan.config[0].set).toEqual(
      { region: 'us-west-2', credential_process: 'airlock credential-process a' },
    );
  });

  it('moves the default profile’s region too when the session holds default', () => {
    const s = stored('a', { ...active, profiles: ['p-a', 'default'] });
    const plan = planRegionSwitch(
      data([s], { defaultProfile: { sessionId: 'a', backedUp: false } }),
      'a',
      'sa-east-1',
      'airlock',
      new Map(),
    );
    expect(plan.kind === 'edits' && plan.config.map((e) => e.profile)).toEqual(['p-a', 'default']);
    expect(plan.kind === 'edits' && plan.config[1]).toEqual({
      profile: 'default',
      action: 'set',
      owner: 'a',
      handWritten: 'skip',
      set: { region: 'sa-east-1' },
    });
  });

  it('refuses when the active session’s config section was written by hand', () => {
    const plan = planRegionSwitch(
      data([stored('a', active)]),
      'a',
      'sa-east-1',
      'airlock',
      new Map([['p-a', undefined]]),
    );
    expect(plan).toEqual({ kind: 'hand-written', profile: 'p-a' });
  });
});

// The plan of profile edits for a start, rotation and stop, from plain data: no files, no keychain.
import { describe, expect, it } from 'vitest';
import { type SessionConfig } from '../../shared/sessions';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { StoreData, StoredSession } from '../store/session-store';
import {
  configEdit,
  displacedBy,
  ownerIndex,
  planActivation,
  planRetirement,
} from './profile-plan';

const creds = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: '2026-12-01T13:00:00.000Z',
};

function stored(
  id: string,
  config: Partial<SessionConfig> = {},
  extra: Partial<StoredSession> = {},
) {
  return {
    id,
    config: { kind: 'iam-user', name: id, profile: id, ...config } as SessionConfig,
    state: { status: 'inactive' },
    profiles: [],
    createdAt: '',
    ...extra,
  } as StoredSession;
}

function data(sessions: StoredSession[], settings: Partial<StoreData['settings']> = {}): StoreData {
  return {
    sessions: Object.fromEntries(sessions.map((s) => [s.id, s])),
    settings: { ...DEFAULT_SETTINGS, ...settings },
  };
}

describe('planActivation', () => {
  it('in file mode sets the three keys in every profile the session writes, refusing a hand-written one', () => {
    const s = stored('a', { region: 'eu-west-1' }, { profiles: ['a', 'default'] });
    const plan = planActivation(data([s]), [{ id: 'a', credentials: creds }], 'airlock', new Map());
    expect(plan.credentials).toEqual(
      ['a', 'default'].map((profile) => ({
        profile,
        action: 'set',
        owner: 'a',
        handWritten: 'refuse',
        set: {
          aws_access_key_id: creds.accessKeyId,
          aws_secret_access_key: creds.secretAccessKey,
          aws_session_token: creds.sessionToken,
        },
      })),
    );
    expect(plan.config).toEqual([
      {
        profile: 'a',
        action: 'set',
        owner: 'a',
        handWritten: 'skip',
        set: { region: 'eu-west-1' },
        unset: ['credential_process'],
      },
    ]);
  });

  it('in credential-process mode writes no keys, and takes out only the section Airlock wrote for it', () => {
    const d = data([stored('a'), stored('b')], { deliveryMode: 'credential-process' });
    const owners = ownerIndex([{ name: 'a', owner: 'a' }, { name: 'b' }]);
    const issued = [
      { id: 'a', credentials: creds },
      { id: 'b', credentials: creds },
    ];
    const plan = planActivation(d, issued, 'node /x/airlock.mjs', owners);
    expect(plan.credentials).toEqual([{ profile: 'a', action: 'remove' }]);
    expect(plan.config.map((e) => e.action === 'set' && e.set)).toEqual([
      { region: 'us-east-1', credential_process: 'node /x/airlock.mjs credential-process a' },
      { region: 'us-east-1', credential_process: 'node /x/airlock.mjs credential-process b' },
    ]);
  });

  it('names the active sessions that give up a profile the batch takes', () => {
    const live = stored('live', { profile: 'shared' }, { state: { status: 'active' } });
    const idle = stored('idle', { profile: 'shared' });
    const other = stored('other', {}, { state: { status: 'active' } });
    expect(displacedBy(data([live, idle, other]), ['idle'])).toEqual(['live']);
  });
});

describe('planRetirement', () => {
  it('removes only the sections this session owns, in both files', () => {
    const s = stored('a', {}, { profiles: ['a'] });
    const owners = {
      credentials: ownerIndex([{ name: 'a', owner: 'a' }]),
      config: ownerIndex([{ name: 'a', owner: 'someone-else' }]),
    };
    expect(planRetirement(data([s]), ['a'], owners, undefined)).toEqual({
      credentials: [{ profile: 'a', action: 'remove' }],
      config: [],
      restored: [],
    });
  });

  it("gives a hand-written [default] back instead of removing the session's default", () => {
    const s = stored('a', {}, { profiles: ['a', 'default'] });
    const d = data([s]);
    d.defaultProfile = { sessionId: 'a', backedUp: true };
    const owners = {
      credentials: ownerIndex([
        { name: 'a', owner: 'a' },
        { name: 'default', owner: 'a' },
      ]),
      config: ownerIndex([{ name: 'default', owner: 'a' }]),
    };
    const plan = planRetirement(d, ['a'], owners, '[default]\nregion = x\n');
    expect(plan.credentials).toEqual([
      { profile: 'a', action: 'remove' },
      { profile: 'default', action: 'restore', raw: '[default]\nregion = x\n' },
    ]);
    expect(plan.config).toEqual([{ profile: 'default', action: 'remove' }]);
    expect(plan.restored).toEqual(['default']);
  });
});

describe('configEdit', () => {
  it('falls back to the default region of the settings', () => {
    const edit = configEdit(
      stored('a'),
      { ...DEFAULT_SETTINGS, defaultRegion: 'ap-south-1' },
      'airlock',
    );
    expect(edit).toMatchObject({ set: { region: 'ap-south-1' } });
  });
});

// Config checks over plain store data: names, parents, kinds, loops.
import { describe, expect, it } from 'vitest';
import { type SessionConfig } from '../../shared/sessions';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { StoreData, StoredSession } from '../store/session-store';
import {
  checkConfig,
  checkEdit,
  checkNewSession,
  checkRemovable,
  findSession,
} from './config-checks';

const ROLE = 'arn:aws:iam::123456789012:role/Admin';

function stored(id: string, config: SessionConfig): StoredSession {
  return { id, config, state: { status: 'inactive' }, profiles: [], createdAt: '' };
}

function data(...sessions: StoredSession[]): StoreData {
  return {
    sessions: Object.fromEntries(sessions.map((s) => [s.id, s])),
    settings: { ...DEFAULT_SETTINGS },
  };
}

const user = stored('u1', { kind: 'iam-user', name: 'dev', profile: 'dev' });
const role = stored('r1', {
  kind: 'iam-role',
  name: 'admin',
  profile: 'admin',
  parentId: 'u1',
  roleArn: ROLE,
});

describe('config checks', () => {
  it('finds a session by id or name, and names what it could not find', () => {
    expect(findSession(data(user), 'u1')).toBe(user);
    expect(findSession(data(user), 'dev')).toBe(user);
    expect(() => findSession(data(user), 'nope')).toThrow('No session named nope.');
  });

  it("does not take an object's built-in keys for sessions", () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(() => findSession(data(user), name)).toThrow(`No session named ${name}.`);
    }
  });

  it('refuses a second session of the same name', () => {
    expect(() => checkConfig({ ...user.config }, data(user), undefined)).toThrow(
      'A session named dev already exists.',
    );
    expect(() => checkConfig({ ...user.config }, data(user), 'u1')).not.toThrow();
  });

  it('refuses a missing parent, and a federated user whose parent is not an iam-user', () => {
    const orphan: SessionConfig = { ...role.config, name: 'x', parentId: 'gone' } as SessionConfig;
    expect(() => checkConfig(orphan, data(user), undefined)).toThrow(
      'The parent of session x does not exist',
    );
    const fed: SessionConfig = {
      kind: 'federated-user',
      name: 'f',
      profile: 'f',
      parentId: 'r1',
      federatedName: 'bob',
    };
    expect(() => checkConfig(fed, data(user, role), undefined)).toThrow(
      'its parent must be an iam-user',
    );
  });

  it('refuses a parent chain that loops back to the session', () => {
    const r2 = stored('r2', {
      kind: 'iam-role',
      name: 'r2',
      profile: 'r2',
      parentId: 'r1',
      roleArn: ROLE,
    });
    const edited = { ...role.config, parentId: 'r2' } as SessionConfig;
    expect(() => checkConfig(edited, data(user, role, r2), 'r1')).toThrow(
      'would be its own ancestor',
    );
  });

  it('wants the keys of a new iam-user, and keeps the kind on edit', () => {
    expect(() => checkNewSession({ config: { ...user.config, name: 'n' } }, data())).toThrow(
      'its access key id and secret are required',
    );
    expect(() => checkEdit(user, role.config)).toThrow('is a iam-user; its kind cannot change');
  });

  it('refuses to remove a parent, naming its children', () => {
    expect(() => checkRemovable(user, data(user, role))).toThrow(
      'Session dev is the parent of admin.',
    );
    expect(() => checkRemovable(role, data(user, role))).not.toThrow();
  });
});

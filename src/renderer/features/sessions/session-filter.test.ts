import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../shared/sessions';
import { accountOf, filterAndSort, matchesQuery } from './session-filter';

function user(name: string, extra: Partial<SessionView['state']> = {}): SessionView {
  return {
    id: name.toLowerCase(),
    kind: 'iam-user',
    name,
    profile: `${name}-profile`,
    state: { status: 'inactive', ...extra },
    profiles: [],
  };
}

function role(name: string, roleArn: string): SessionView {
  return {
    id: name.toLowerCase(),
    kind: 'iam-role',
    name,
    profile: name,
    parentId: 'root',
    roleArn,
    state: { status: 'inactive' },
    profiles: [],
  };
}

describe('session filter', () => {
  it('matches every term against name, profile, account and role, ignoring case', () => {
    const admin = role('Admin', 'arn:aws:iam::111122223333:role/OrgAdmin');
    expect(matchesQuery(admin, 'orgadmin')).toBe(true);
    expect(matchesQuery(admin, '1111 admin')).toBe(true);
    expect(matchesQuery(admin, 'admin 9999')).toBe(false);
    expect(matchesQuery(user('dev'), 'DEV-PROFILE')).toBe(true);
  });

  it('takes the account from the live identity before the configured role ARN', () => {
    const admin = role('Admin', 'arn:aws:iam::111122223333:role/OrgAdmin');
    expect(accountOf(admin)).toBe('111122223333');
    expect(accountOf({ ...admin, state: { status: 'active', accountId: '444455556666' } })).toBe(
      '444455556666',
    );
    expect(accountOf(user('dev'))).toBeUndefined();
  });

  it('sorts by name naturally and by status with failures first', () => {
    const list = [user('s10'), user('s2', { status: 'active' }), user('s1', { status: 'failed' })];
    expect(filterAndSort(list, '', 'name').map((s) => s.name)).toEqual(['s1', 's2', 's10']);
    expect(filterAndSort(list, '', 'status').map((s) => s.name)).toEqual(['s1', 's2', 's10']);
    expect(filterAndSort(list, '', 'status')[0]?.state.status).toBe('failed');
  });

  it('sorts by expiry with sessions that never expire last', () => {
    const list = [
      user('none'),
      user('late', { expiresAt: '2030-01-02T00:00:00Z' }),
      user('soon', { expiresAt: '2030-01-01T00:00:00Z' }),
    ];
    expect(filterAndSort(list, '', 'expiry').map((s) => s.name)).toEqual(['soon', 'late', 'none']);
  });

  it('does not reorder the caller’s array', () => {
    const list = [user('b'), user('a')];
    filterAndSort(list, '', 'name');
    expect(list.map((s) => s.name)).toEqual(['b', 'a']);
  });
});

import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../shared/sessions';
import {
  SORT_KEYS,
  accountOf,
  filterAndSort,
  filterSessions,
  listLines,
  matchesQuery,
  sortSessions,
} from './session-filter';

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

function ssoRole(
  name: string,
  accountName: string,
  accountId: string,
  roleName: string,
): SessionView {
  return {
    id: name.toLowerCase(),
    kind: 'sso-role',
    name,
    profile: name,
    integration: 'corp',
    accountId,
    accountName,
    roleName,
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

  it('filters a list sorted once exactly as it filters and sorts on every keystroke', () => {
    const list = [
      user('s10', { status: 'active', expiresAt: '2030-01-02T00:00:00Z' }),
      user('dev-a', { status: 'failed' }),
      role('Dev-B', 'arn:aws:iam::111122223333:role/Admin'),
      ssoRole('prod-ro', 'airlock-prod', '210987654321', 'ReadOnlyAccess'),
      ssoRole('dev-admin', 'airlock-dev', '123456789012', 'AdministratorAccess'),
      user('s2', { expiresAt: '2030-01-01T00:00:00Z' }),
    ];
    const queries = ['', '  ', 'dev', 'DEV admin', '1111', 'readonly', 's', 'zzz', ' s1 '];
    for (const key of SORT_KEYS) {
      const sorted = sortSessions(list, key);
      for (const query of queries) {
        const naive = list
          .filter((view) => matchesQuery(view, query))
          .sort((a, b) => sorted.indexOf(a) - sorted.indexOf(b));
        expect(filterSessions(sorted, query), `${key} "${query}"`).toEqual(naive);
        expect(filterAndSort(list, query, key)).toEqual(naive);
      }
    }
    expect(filterSessions(sortSessions(list, 'name'), '')).not.toBe(list);
  });

  it('orders names as the replace-based natural key did: digit runs by value, case ignored', () => {
    const names = [
      's10',
      'S2',
      'a1b22',
      'a1b3',
      'x',
      '9',
      '10',
      'db-0007',
      'db-7a',
      'n1234567890123',
      'n99',
      '',
    ];
    const list = names.map((name, i) => user(name, i % 3 ? {} : { status: 'active' }));
    const key = (name: string) =>
      name.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));
    const byKey = (a: SessionView, b: SessionView) =>
      key(a.name) < key(b.name) ? -1 : key(a.name) > key(b.name) ? 1 : 0;
    expect(sortSessions(list, 'name').map((s) => s.name)).toEqual(
      [...list].sort(byKey).map((s) => s.name),
    );
    expect(
      sortSessions(list, 'name')
        .map((s) => s.name)
        .slice(0, 3),
    ).toEqual(['', '9', '10']);
  });

  it('matches an sso-role session by account name, account id and role name', () => {
    const dev = ssoRole('dev-admin', 'airlock-dev', '123456789012', 'AdministratorAccess');
    expect(matchesQuery(dev, 'Airlock-Dev')).toBe(true);
    expect(matchesQuery(dev, '1234567')).toBe(true);
    expect(matchesQuery(dev, 'administratoraccess')).toBe(true);
    expect(matchesQuery(dev, 'readonly')).toBe(false);
  });

  it('sorted by account, groups sso-role sessions under a heading per account name, others after', () => {
    const shown = filterAndSort(
      [
        user('plain', { accountId: '999999999999' }),
        ssoRole('prod-ro', 'airlock-prod', '210987654321', 'ReadOnlyAccess'),
        ssoRole('dev-ro', 'airlock-dev', '123456789012', 'ReadOnlyAccess'),
        ssoRole('dev-admin', 'airlock-dev', '123456789012', 'AdministratorAccess'),
      ],
      '',
      'account',
    );
    const lines = listLines(shown, 'account').map((l) =>
      l.type === 'account' ? `# ${l.accountName} ${l.count}` : `${l.position} ${l.view.name}`,
    );
    expect(lines).toEqual([
      '# airlock-dev 2',
      '1 dev-admin',
      '2 dev-ro',
      '# airlock-prod 1',
      '3 prod-ro',
      '4 plain',
    ]);
    expect(listLines(shown, 'name').every((l) => l.type === 'session')).toBe(true);
  });

  it('puts pinned sessions first under every sort, and searches tags', () => {
    const pinned = (view: SessionView, tags: string[] = []): SessionView => ({
      ...view,
      marks: { pinned: true, ...(tags.length ? { tags } : {}) },
    });
    const list = [
      user('alpha'),
      pinned(user('zulu'), ['prod']),
      user('beta', { status: 'active' }),
      pinned(user('yankee')),
    ];
    for (const key of ['name', 'status', 'expiry', 'account'] as const) {
      const names = filterAndSort(list, '', key).map((v) => v.name);
      expect(names.slice(0, 2).sort(), key).toEqual(['yankee', 'zulu']);
    }
    expect(filterAndSort(list, '', 'name').map((v) => v.name)).toEqual([
      'yankee',
      'zulu',
      'alpha',
      'beta',
    ]);
    expect(filterAndSort(list, 'PROD', 'name').map((v) => v.name)).toEqual(['zulu']);
    expect(matchesQuery({ ...user('x'), marks: { tags: ['team a'] } }, 'team a')).toBe(true);
  });
});

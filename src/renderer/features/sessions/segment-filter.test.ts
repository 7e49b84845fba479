// The one predicate shared by the list and saved filters (matchesFilter / applyFilter).
import { describe, expect, it } from 'vitest';
import {
  applyFilter,
  filterSessions,
  isEmptyFilter,
  matchesFilter,
  normalizeFilter,
  sameFilter,
  sortSessions,
} from './session-filter';
import { roleView, ssoView, userView } from './session-fixtures';

const list = [
  userView('root', { status: 'active', region: 'eu-west-1', tags: ['prod'] }),
  roleView('deploy-prod', '111122223333', { tags: ['prod', 'team a'], region: 'eu-west-1' }),
  roleView('deploy-dev', '111122223333', { status: 'failed' }),
  ssoView('sso-admin', 'corp', 'Payments', '444455556666', { status: 'active', tags: ['team a'] }),
  ssoView('sso-read', 'lab', 'Sandbox', '777788889999', { region: 'us-east-2' }),
];
const names = (filter: Parameters<typeof applyFilter>[1]) =>
  applyFilter(list, filter).map((v) => v.name);

describe('matchesFilter', () => {
  it('matches each field alone', () => {
    expect(names({ kind: 'iam-role' })).toEqual(['deploy-prod', 'deploy-dev']);
    expect(names({ status: 'active' })).toEqual(['root', 'sso-admin']);
    expect(names({ region: 'eu-west-1' })).toEqual(['root', 'deploy-prod']);
    expect(names({ integration: 'corp' })).toEqual(['sso-admin']);
    expect(names({ tag: 'team a' })).toEqual(['deploy-prod', 'sso-admin']);
    expect(names({ text: 'PAYMENTS' })).toEqual(['sso-admin']);
  });

  it('combines fields and text: all must hold', () => {
    expect(names({ tag: 'prod', kind: 'iam-role' })).toEqual(['deploy-prod']);
    expect(names({ tag: 'prod', status: 'active', text: 'root' })).toEqual(['root']);
    expect(names({ tag: 'prod', integration: 'corp' })).toEqual([]);
    expect(names({ text: 'deploy 1111' })).toEqual(['deploy-prod', 'deploy-dev']);
  });

  it('a tag filter is exact, not a substring; no region set matches no region', () => {
    expect(names({ tag: 'team' })).toEqual([]);
    expect(names({ tag: 'prod' })).toEqual(['root', 'deploy-prod']);
    expect(matchesFilter(list[2]!, { region: 'us-east-1' })).toBe(false);
  });

  it('an empty filter (or empty fields) matches all, in the order given, as a new array', () => {
    expect(applyFilter(list, {})).toEqual(list);
    expect(applyFilter(list, {})).not.toBe(list);
    expect(names({ kind: undefined, text: '  ' })).toHaveLength(5);
  });

  it('agrees with the search it extends, and with itself one session at a time', () => {
    const sorted = sortSessions(list, 'name');
    for (const text of ['', 'deploy', 'team a', 'nothing']) {
      expect(applyFilter(sorted, { text })).toEqual(filterSessions(sorted, text));
    }
    for (const filter of [{ tag: 'prod' }, { status: 'active' as const, text: 'sso' }]) {
      expect(applyFilter(list, filter)).toEqual(list.filter((v) => matchesFilter(v, filter)));
    }
  });
});

describe('filter equality', () => {
  it('drops empty fields and blank text, and compares what is left', () => {
    expect(normalizeFilter({ kind: undefined, tag: '', text: '  a b ' })).toEqual({ text: 'a b' });
    expect(isEmptyFilter({ text: ' ' })).toBe(true);
    expect(isEmptyFilter({ status: 'active' })).toBe(false);
    expect(sameFilter({ status: 'active', text: '' }, { status: 'active' })).toBe(true);
    expect(sameFilter({ status: 'active' }, { status: 'active', tag: 'x' })).toBe(false);
    expect(sameFilter({ tag: 'x' }, { tag: 'y' })).toBe(false);
  });
});

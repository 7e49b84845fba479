import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../shared/sessions';
import { matchScore, rankSessions } from './switcher-rank';

function role(name: string, extra: Partial<SessionView> = {}): SessionView {
  return {
    id: name,
    kind: 'iam-role',
    name,
    profile: name,
    parentId: 'root',
    roleArn: `arn:aws:iam::111122223333:role/${name}-role`,
    state: { status: 'inactive' },
    profiles: [],
    ...extra,
  } as SessionView;
}

function sso(name: string, accountName: string, accountId: string, roleName: string): SessionView {
  return {
    id: name,
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

const names = (list: SessionView[]) => list.map((v) => v.name);

describe('switcher ranking', () => {
  it('scores a prefix over a word start over a substring over a subsequence, and no match as 0', () => {
    const prefix = matchScore('payments-prod', 'pay');
    const wordStart = matchScore('team-payments', 'pay');
    const inside = matchScore('repay-dev', 'pay');
    const scattered = matchScore('platform-admin-yellow', 'pay');
    expect(prefix).toBeGreaterThan(wordStart);
    expect(wordStart).toBeGreaterThan(inside);
    expect(inside).toBeGreaterThan(scattered);
    expect(scattered).toBeGreaterThan(0);
    expect(matchScore('payments', 'yap')).toBe(0);
    expect(matchScore('ab', 'abc')).toBe(0);
  });

  it('matches name, account name and id, role, profile, region and tags; every term must match', () => {
    const list = [
      sso('billing-admin', 'Billing Prod', '210987654321', 'AdministratorAccess'),
      role('search-dev', { region: 'eu-west-3', profile: 'srch' }),
      role('edge', { marks: { tags: ['cdn', 'team orange'] } }),
    ];
    expect(names(rankSessions(list, 'billing prod').items)).toEqual(['billing-admin']);
    expect(names(rankSessions(list, '2109876').items)).toEqual(['billing-admin']);
    expect(names(rankSessions(list, 'administrator').items)).toEqual(['billing-admin']);
    expect(names(rankSessions(list, 'srch').items)).toEqual(['search-dev']);
    expect(names(rankSessions(list, 'eu-west-3').items)).toEqual(['search-dev']);
    expect(names(rankSessions(list, 'orange').items)).toEqual(['edge']);
    expect(names(rankSessions(list, 'edge cdn').items)).toEqual(['edge']);
    expect(rankSessions(list, 'edge nothing-like-it').total).toBe(0);
    // A fuzzy query: the initials of a name.
    expect(names(rankSessions(list, 'sdv').items)).toEqual(['search-dev']);
  });

  it('puts a better match first, and ties go to pinned, then the most recently used', () => {
    const a = role('prod-a');
    const b = role('prod-b', { usedAt: '2026-12-01T10:00:00.000Z' });
    const c = role('prod-c', { usedAt: '2026-12-01T11:00:00.000Z' });
    const d = role('prod-d', { marks: { pinned: true } });
    const other = role('reprod');
    expect(names(rankSessions([a, b, c, d, other], 'prod').items)).toEqual([
      'prod-d',
      'prod-c',
      'prod-b',
      'prod-a',
      'reprod',
    ]);
  });

  it('with no query lists pinned, then recent, then the rest by name, and caps the items but counts all', () => {
    const list = [
      role('zeta'),
      role('alpha'),
      role('old', { usedAt: '2026-01-01T00:00:00.000Z' }),
      role('new', { usedAt: '2026-06-01T00:00:00.000Z' }),
      role('pinned', { marks: { pinned: true } }),
    ];
    expect(names(rankSessions(list, '  ').items)).toEqual([
      'pinned',
      'new',
      'old',
      'alpha',
      'zeta',
    ]);
    const capped = rankSessions(list, '', 2);
    expect(names(capped.items)).toEqual(['pinned', 'new']);
    expect(capped.total).toBe(5);
  });

  it('gives the same answer typing on as from scratch (it narrows the last matches)', () => {
    const list = Array.from({ length: 300 }, (_, i) =>
      role(`${['pay', 'prod', 'edge', 'data'][i % 4]}-${i % 7 === 0 ? 'admin' : 'dev'}-${i}`, {
        region: i % 3 ? 'eu-west-1' : 'us-east-2',
      }),
    );
    for (const query of [
      'p',
      'pr',
      'pro',
      'prod',
      'prod ',
      'prod a',
      'prod ad',
      'prod adm e',
      'x',
    ]) {
      const typed = rankSessions(list, query, 500);
      const fresh = rankSessions([...list], query, 500);
      expect(names(typed.items), query).toEqual(names(fresh.items));
      expect(typed.total).toBe(fresh.total);
    }
    expect(rankSessions(list, 'prod adm').total).toBe(
      list.filter((v) => v.name.startsWith('prod') && v.name.includes('admin')).length,
    );
  });
});

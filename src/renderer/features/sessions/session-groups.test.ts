// The grouped list's rows: headers with counts, collapse, sessions under each of their tags, order.
import { describe, expect, it } from 'vitest';
import { groupRows, listRows, type GroupedRow } from './session-groups';
import { sortSessions } from './session-filter';
import { roleView, ssoView, userView } from './session-fixtures';

const list = sortSessions(
  [
    userView('root', { status: 'active', tags: ['prod'] }),
    roleView('b-role', '111122223333', { tags: ['prod', 'team a'] }),
    roleView('a-role', '111122223333', { status: 'active' }),
    roleView('pinned-z', '111122223333', { pinned: true }),
    ssoView('sso-admin', 'corp', 'Payments', '444455556666', {
      status: 'active',
      tags: ['team a'],
    }),
    ssoView('sso-read', 'lab', 'Analytics', '777788889999'),
  ],
  'name',
);

function outline(rows: GroupedRow[]): string[] {
  return rows.map((r) =>
    r.type === 'group'
      ? `# ${r.label}${r.detail ? ` (${r.detail})` : ''} ${r.count}/${r.active}${r.collapsed ? ' collapsed' : ''}`
      : `  ${r.view.name}@${r.position}`,
  );
}

describe('groupRows', () => {
  it('by account: named accounts by name, then bare ids, then no account; pinned first in each', () => {
    expect(outline(groupRows(list, 'account', new Set()))).toEqual([
      '# Analytics (777788889999) 1/0',
      '  sso-read@2',
      '# Payments (444455556666) 1/1',
      '  sso-admin@4',
      '# 111122223333 3/1',
      '  pinned-z@6',
      '  a-role@7',
      '  b-role@8',
      '# No account 1/1',
      '  root@10',
    ]);
  });

  it('collapsed groups keep their header and counts, and the positions close up', () => {
    const rows = groupRows(list, 'account', new Set(['111122223333', '444455556666']));
    expect(outline(rows)).toEqual([
      '# Analytics (777788889999) 1/0',
      '  sso-read@2',
      '# Payments (444455556666) 1/1 collapsed',
      '# 111122223333 3/1 collapsed',
      '# No account 1/1',
      '  root@6',
    ]);
  });

  it('by tag: a session with several tags is under each; untagged ones last', () => {
    expect(outline(groupRows(list, 'tag', new Set()))).toEqual([
      '# prod 2/1',
      '  b-role@2',
      '  root@3',
      '# team a 2/1',
      '  b-role@5',
      '  sso-admin@6',
      '# No tags 3/1',
      '  pinned-z@8',
      '  a-role@9',
      '  sso-read@10',
    ]);
  });

  it('by integration and by kind', () => {
    expect(
      outline(groupRows(list, 'integration', new Set(['']))).filter((l) => l.startsWith('#')),
    ).toEqual(['# corp 1/1', '# lab 1/0', '# No integration 4/2 collapsed']);
    expect(outline(groupRows(list, 'kind', new Set())).filter((l) => l.startsWith('#'))).toEqual([
      '# IAM user 1/1',
      '# IAM role (chained) 3/1',
      '# IAM Identity Center role 2/1',
    ]);
  });

  it('no sessions, no groups; none is the flat list', () => {
    expect(groupRows([], 'tag', new Set())).toEqual([]);
    const flat = listRows(list, 'none', 'name', new Set());
    expect(flat.grouped).toBe(false);
    expect(flat.rows.map((r) => (r.type === 'session' ? r.view.name : r.type))).toEqual(
      list.map((v) => v.name),
    );
  });

  it('groups a session again when it changes (a new object), under each grouping apart', () => {
    const before = roleView('moved', '111122223333', { tags: ['old'] });
    expect(outline(groupRows([before], 'account', new Set()))[0]).toBe('# 111122223333 1/0');
    expect(outline(groupRows([before], 'tag', new Set()))[0]).toBe('# old 1/0');
    const after = roleView('moved', '444455556666', { tags: ['new'] });
    expect(outline(groupRows([after], 'account', new Set()))[0]).toBe('# 444455556666 1/0');
    expect(outline(groupRows([after], 'tag', new Set()))[0]).toBe('# new 1/0');
    // The same object asked again gives the same groups.
    expect(outline(groupRows([before], 'account', new Set()))[0]).toBe('# 111122223333 1/0');
  });

  it("gives each session row a unique list key: the session's id, with its tag when by tag", () => {
    const keys = (rows: GroupedRow[]) => rows.flatMap((r) => (r.type === 'session' ? [r.key] : []));
    const byAccount = keys(groupRows(list, 'account', new Set()));
    expect(new Set(byAccount)).toEqual(new Set(list.map((v) => v.id)));
    const byTag = keys(groupRows(list, 'tag', new Set()));
    expect(new Set(byTag).size).toBe(byTag.length);
    const tagged = list.find((v) => v.name === 'b-role');
    expect(byTag.filter((k) => k.endsWith(`\n${tagged?.id ?? '?'}`))).toEqual([
      `prod\n${tagged?.id ?? '?'}`,
      `team a\n${tagged?.id ?? '?'}`,
    ]);
  });

  it('stays one pass at scale: 5,000 sessions by tag give each session once per tag', () => {
    const many = Array.from({ length: 5_000 }, (_, i) =>
      roleView(`s${i}`, String(100000000000 + (i % 37)), {
        tags: i % 2 ? ['odd', `t${i % 5}`] : [],
      }),
    );
    const rows = groupRows(many, 'tag', new Set());
    expect(rows.filter((r) => r.type === 'session')).toHaveLength(2_500 * 2 + 2_500);
    expect(
      rows.filter((r) => r.type === 'group').map((r) => r.type === 'group' && r.count),
    ).toEqual([2_500, 500, 500, 500, 500, 500, 2_500]);
  });
});

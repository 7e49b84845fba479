// The re-sync merge plan, pure: names and profiles from templates, collisions, updates, orphans and what a prune may remove.
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../airlock-error';
import type { StoredSession } from '../store/session-store';
import { sessionNameSchema, profileNameSchema, type SessionConfig } from '../../shared/sessions';
import type { DiscoveredPair } from './discovery';
import { planSync, renderTemplate, sanitizeName, summarize } from './sync-plan';

const pair = (accountId: string, accountName: string, roleName: string): DiscoveredPair => ({
  accountId,
  accountName,
  roleName,
});

function ssoSession(
  id: string,
  p: DiscoveredPair,
  extra: Partial<StoredSession> = {},
  integration = 'corp',
): StoredSession {
  return {
    id,
    config: {
      kind: 'sso-role',
      name: `${p.accountName}-${p.roleName}`,
      profile: `${p.accountName}-${p.roleName}`,
      integration,
      ...p,
    },
    state: { status: 'inactive' },
    profiles: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

function other(id: string, config: Partial<SessionConfig> & { name: string; profile: string }) {
  return {
    id,
    config: { kind: 'iam-user', ...config } as SessionConfig,
    state: { status: 'inactive' },
    profiles: [],
    createdAt: '2026-01-01T00:00:00.000Z',
  } satisfies StoredSession;
}

const prod = pair('111111111111', 'prod', 'AdministratorAccess');
const dev = pair('222222222222', 'dev', 'ReadOnlyAccess');

describe('names and profiles', () => {
  it('gives a new pair the default {accountName}-{roleName} as both name and profile', () => {
    const plan = planSync({ integration: 'corp', sessions: [], discovered: [prod] });
    expect(plan.add).toEqual([
      {
        kind: 'sso-role',
        name: 'prod-AdministratorAccess',
        profile: 'prod-AdministratorAccess',
        integration: 'corp',
        accountId: '111111111111',
        accountName: 'prod',
        roleName: 'AdministratorAccess',
      },
    ]);
  });

  it('turns any account name into a valid session and profile name, the same one every time', () => {
    const names = [
      'Prod Account (EU)',
      '  -leading',
      'ünïcødé',
      '生产',
      'a/b:c@d',
      'x'.repeat(200),
    ];
    for (const accountName of names) {
      const p = pair('333333333333', accountName, 'PermissionSet03');
      const first = planSync({ integration: 'corp', sessions: [], discovered: [p] }).add[0]!;
      const again = planSync({ integration: 'corp', sessions: [], discovered: [p] }).add[0]!;
      expect(again).toEqual(first);
      expect(sessionNameSchema.safeParse(first.name).success).toBe(true);
      expect(profileNameSchema.safeParse(first.profile).success).toBe(true);
      expect(first.name.endsWith('PermissionSet03')).toBe(true);
    }
    expect(sanitizeName('Prod Account (EU)', 64)).toBe('Prod-Account-EU');
    expect(renderTemplate('{accountName}-{roleName}', pair('3', '生产', 'R'), 'corp')).toBe('3-R');
  });

  it('follows templates the user sets, with every field', () => {
    const plan = planSync({
      integration: 'corp',
      sessions: [],
      discovered: [prod],
      templates: {
        name: '{integration}.{accountId}.{roleName}',
        profile: 'sso/{accountName}/{roleName}',
      },
    });
    expect(plan.add[0]).toMatchObject({
      name: 'corp.111111111111.AdministratorAccess',
      profile: 'sso-prod-AdministratorAccess',
    });
  });

  it('refuses a template naming an unknown field', () => {
    const run = () =>
      planSync({
        integration: 'corp',
        sessions: [],
        discovered: [prod],
        templates: { name: '{account}' },
      });
    expect(run).toThrow(AirlockError);
    expect(run).toThrow(/name template \{account\} names \{account\}; it may use \{accountName\}/);
  });

  it('makes colliding names unique deterministically: the account id first, then a number', () => {
    const twin = pair('999999999999', 'prod', 'AdministratorAccess');
    const sessions = [other('u1', { name: 'prod-AdministratorAccess', profile: 'mine' })];
    const plan = planSync({ integration: 'corp', sessions, discovered: [twin, prod] });
    expect(plan.add.map((a) => [a.accountId, a.name, a.profile])).toEqual([
      ['111111111111', 'prod-AdministratorAccess-111111111111', 'prod-AdministratorAccess'],
      [
        '999999999999',
        'prod-AdministratorAccess-999999999999',
        'prod-AdministratorAccess-999999999999',
      ],
    ]);
    const flat = planSync({
      integration: 'corp',
      sessions: [],
      discovered: [prod, pair('111111111111', 'prod', 'ReadOnlyAccess')],
      templates: { name: '{accountId}', profile: '{accountId}' },
    });
    expect(flat.add.map((a) => a.name)).toEqual(['111111111111', '111111111111-2']);
  });

  it('never names a profile default', () => {
    const plan = planSync({
      integration: 'corp',
      sessions: [],
      discovered: [pair('111111111111', 'default', 'R')],
      templates: { profile: '{accountName}' },
    });
    expect(plan.add[0]!.profile).toBe('default-111111111111');
  });
});

describe('re-sync is a merge', () => {
  it('adds only new pairs and keeps what the user edited', () => {
    const edited = ssoSession('s1', prod, { sync: { userEdited: true } });
    edited.config = {
      ...edited.config,
      name: 'my-prod',
      profile: 'p',
      region: 'eu-west-1',
    } as SessionConfig;
    const plan = planSync({ integration: 'corp', sessions: [edited], discovered: [prod, dev] });
    expect(plan.add.map((a) => a.name)).toEqual(['dev-ReadOnlyAccess']);
    expect(plan).toMatchObject({ update: [], orphan: [], unorphan: [], remove: [] });
  });

  it('updates a renamed account, and leaves the name and profile as they were', () => {
    const s = ssoSession('s1', prod);
    const plan = planSync({
      integration: 'corp',
      sessions: [s],
      discovered: [{ ...prod, accountName: 'production' }],
    });
    expect(plan.update).toEqual([{ id: 's1', accountName: 'production' }]);
    expect(plan.add).toEqual([]);
  });

  it('marks a vanished pair orphaned once, deletes nothing without prune, and unorphans it when it is back', () => {
    const s = ssoSession('s1', prod);
    const first = planSync({ integration: 'corp', sessions: [s], discovered: [] });
    expect(first).toMatchObject({ orphan: ['s1'], remove: [] });
    expect(summarize(first)).toEqual({ added: 0, updated: 0, orphaned: 1, removed: 0 });
    const marked = { ...s, sync: { orphaned: true } };
    expect(planSync({ integration: 'corp', sessions: [marked], discovered: [] }).orphan).toEqual(
      [],
    );
    const back = planSync({ integration: 'corp', sessions: [marked], discovered: [prod] });
    expect(back.unorphan).toEqual(['s1']);
    expect(summarize(back)).toEqual({ added: 0, updated: 1, orphaned: 0, removed: 0 });
  });

  it("ignores another integration's sessions", () => {
    const theirs = ssoSession('t1', prod, {}, 'other');
    const plan = planSync({ integration: 'corp', sessions: [theirs], discovered: [] });
    expect(plan).toMatchObject({ orphan: [], remove: [] });
    const again = planSync({
      integration: 'corp',
      sessions: [theirs],
      discovered: [prod],
      prune: true,
    });
    expect(again.add[0]!.name).toBe('prod-AdministratorAccess-111111111111');
  });
});

describe('prune', () => {
  it('removes only orphans that are not active, not edited, pinned, coloured or tagged by the user, and not a parent', () => {
    const plain = ssoSession('plain', pair('100000000001', 'a', 'R'));
    const oldOrphan = ssoSession('old', pair('100000000002', 'b', 'R'), {
      sync: { orphaned: true },
    });
    const active = ssoSession('active', pair('100000000003', 'c', 'R'), {
      state: { status: 'active' },
      profiles: ['c-R'],
    });
    const edited = ssoSession('edited', pair('100000000004', 'd', 'R'), {
      sync: { userEdited: true },
    });
    const parent = ssoSession('parent', pair('100000000005', 'e', 'R'));
    const child = other('child', { name: 'child', profile: 'child' });
    child.config = {
      kind: 'iam-role',
      name: 'child',
      profile: 'child',
      parentId: 'parent',
      roleArn: 'arn:aws:iam::100000000005:role/x',
    };
    const kept = ssoSession('kept', pair('100000000006', 'f', 'R'));
    // Pins, colours and tags are the user's changes too (issue 9: "user edits (… pins) survive").
    const pinned = ssoSession('pinned', pair('100000000007', 'g', 'R'), {
      marks: { pinned: true },
    });
    const coloured = ssoSession('coloured', pair('100000000008', 'h', 'R'), {
      sync: { orphaned: true },
      marks: { color: 'red' },
    });
    const tagged = ssoSession('tagged', pair('100000000009', 'i', 'R'), {
      marks: { tags: ['oncall'] },
    });
    const unmarked = ssoSession('unmarked', pair('100000000010', 'j', 'R'), {
      marks: { pinned: false, tags: [] },
    });
    const sessions = [
      plain,
      oldOrphan,
      active,
      edited,
      parent,
      child,
      kept,
      pinned,
      coloured,
      tagged,
      unmarked,
    ];
    const discovered = [pair('100000000006', 'f', 'R')];

    const plan = planSync({ integration: 'corp', sessions, discovered, prune: true });
    expect(plan.remove.sort()).toEqual(['old', 'plain', 'unmarked']);
    expect(plan.orphan.sort()).toEqual([
      'active',
      'edited',
      'parent',
      'pinned',
      'plain',
      'tagged',
      'unmarked',
    ]);
    expect(summarize(plan)).toEqual({ added: 0, updated: 0, orphaned: 5, removed: 3 });

    expect(planSync({ integration: 'corp', sessions, discovered }).remove).toEqual([]);
  });
});

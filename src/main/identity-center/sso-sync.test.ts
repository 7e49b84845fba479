// Discovery and sync against the Identity Center peer: pagination, a 401's one retry, throttling at
// scale, and the re-sync merge rules in the real store.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import {
  startSsoFixture,
  type SsoFixture,
} from '../../../test-support/identity-center-peer/sso-fixture';
import { AirlockError } from '../airlock-error';
import type { SyncProgress } from '../../shared/identity-center';
import { discoverPairs } from './discovery';
import { PortalClient } from './portal-client';

let peer: StsPeer;
let f: SsoFixture;

beforeAll(async () => {
  peer = await startStsPeer();
});
afterAll(async () => {
  await peer.stop();
});
beforeEach(async (context) => {
  await peer.identityCenter.configure({ portalRequestsPerSecond: null });
  await peer.identityCenter.seedAccounts(0, 0);
  await peer.identityCenter.resetCounters();
  f = await startSsoFixture({ peer });
  context.onTestFinished(() => f.close());
});

const ssoSessions = () => f.sessions.list().flatMap((s) => (s.kind === 'sso-role' ? [s] : []));

describe('discovery', () => {
  it('lists every account and every role, all pages of both, and reports progress up to the total', async () => {
    // 250 accounts: three ListAccounts pages; one account with 120 roles: two ListAccountRoles pages.
    await peer.identityCenter.seedAccounts(250, 2);
    const big = await startStsPeer();
    try {
      await big.identityCenter.seedAccounts(1, 120);
      const g = await startSsoFixture({ peer: big });
      const pairs = await discoverPairs(g.portal, g.integration);
      const roles = pairs.filter((p) => p.accountId === '400000000000').map((p) => p.roleName);
      expect(roles).toHaveLength(120);
      expect(new Set(roles).size).toBe(120);
      expect((await big.identityCenter.counters()).requests.ListAccountRoles).toBe(2 + 1 + 1);
      await g.close();
    } finally {
      await big.stop();
    }

    const progress: SyncProgress[] = [];
    const pairs = await discoverPairs(f.portal, f.integration, {
      onProgress: (p) => progress.push(p),
    });
    const seedPairs = peer.identityCenter.seed.accounts.flatMap((a) =>
      a.roles.map((roleName) => ({ accountId: a.accountId, accountName: a.accountName, roleName })),
    );
    expect(pairs).toHaveLength(3 + 250 * 2);
    expect(pairs).toEqual(expect.arrayContaining(seedPairs));
    expect(pairs).toContainEqual({
      accountId: '400000000249',
      accountName: 'scale-0249',
      roleName: 'ReadOnlyAccess',
    });
    const counters = await peer.identityCenter.counters();
    expect(counters.requests.ListAccounts).toBe(3);
    expect(counters.requests.ListAccountRoles).toBe(252);
    expect(progress[0]).toEqual({ integration: 'corp', done: 0, total: 252 });
    expect(progress.at(-1)).toEqual({ integration: 'corp', done: 252, total: 252 });
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    );
  });

  it('after a 401 gives the token back and retries once with a fresh one (a refresh, not a sign-in)', async () => {
    await discoverPairs(f.portal, f.integration);
    const first = f.tokens.current()!;
    await peer.identityCenter.expire('accessTokens');
    const pairs = await discoverPairs(f.portal, f.integration);
    expect(pairs).toHaveLength(3);
    expect(f.tokens.invalidated).toEqual([first]);
    expect(f.tokens.logins).toBe(1);
    expect((await peer.identityCenter.counters()).refreshes).toBe(1);
  });

  it('fails with SSO_LOGIN_REQUIRED, naming the integration, when the sign-in was ended and nobody may sign in', async () => {
    await discoverPairs(f.portal, f.integration);
    const revoked = f.tokens.current()!;
    await peer.identityCenter.revoke();
    // The token source cannot refresh, and is not allowed to sign in.
    const error = await discoverPairs(f.portal, f.integration).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirlockError);
    expect((error as AirlockError).code).toBe('SSO_LOGIN_REQUIRED');
    expect((error as AirlockError).message).toContain('corp');
    expect(f.tokens.logins).toBe(1);

    // A token source that keeps handing out the dead token: one retry, then our error.
    const stubborn = new PortalClient({
      tokens: { accessToken: async () => revoked, invalidate: async () => undefined },
      endpoint: peer.identityCenter.portalEndpoint,
    });
    const again = await discoverPairs(stubborn, f.integration).catch((e: unknown) => e);
    expect((again as AirlockError).code).toBe('SSO_LOGIN_REQUIRED');
    expect((again as AirlockError).message).toBe(
      'Identity Center login for corp has expired: run `airlock sso login corp`',
    );
    stubborn.destroy();
  });

  it('retries throttled requests with back-off and counts the retries', async () => {
    await peer.identityCenter.throttleNext(6);
    const before = f.portal.stats.retries;
    const pairs = await discoverPairs(f.portal, f.integration);
    expect(pairs).toHaveLength(3);
    expect(f.portal.stats.retries - before).toBe(6);
    expect((await peer.identityCenter.counters()).throttled).toBe(6);
  });
});

describe('sync', () => {
  it('syncs 500 accounts against a portal that throttles above 10 requests/s with no error, reporting progress', async () => {
    await peer.identityCenter.seedAccounts(500, 1);
    await peer.identityCenter.configure({ portalRequestsPerSecond: 10 });
    const progress: SyncProgress[] = [];
    const started = Date.now();
    const summary = await f.sync.sync('corp', { onProgress: (p) => progress.push(p) });
    const elapsed = Date.now() - started;
    expect(summary).toEqual({ added: 503, updated: 0, orphaned: 0, removed: 0 });
    expect(ssoSessions()).toHaveLength(503);
    expect(progress.at(-1)).toEqual({ integration: 'corp', done: 502, total: 502 });
    expect(progress.length).toBe(503);
    const counters = await peer.identityCenter.counters();
    const requests =
      (counters.requests.ListAccounts ?? 0) + (counters.requests.ListAccountRoles ?? 0);
    expect(requests - counters.throttled).toBe(6 + 502);
    // The floor is 508 requests at 10/s; a paced client stays near it.
    expect(elapsed).toBeGreaterThan(49_000);
    console.log(
      `sync of 502 accounts at 10 rps: ${(elapsed / 1000).toFixed(1)} s, ${requests} requests, ${counters.throttled} throttled, ${f.portal.stats.retries} retries`,
    );
  }, 180_000);

  it('re-sync merges: user edits and pins survive, a vanished pair is orphaned, a plain sync deletes nothing, prune removes only what it may', async () => {
    await peer.identityCenter.seedAccounts(4, 1);
    expect(await f.sync.sync('corp')).toEqual({ added: 7, updated: 0, orphaned: 0, removed: 0 });
    const byName = () => new Map(ssoSessions().map((s) => [s.name, s]));
    const first = byName();
    expect([...first.keys()].sort()).toEqual([
      'airlock-dev-AdministratorAccess',
      'airlock-dev-ReadOnlyAccess',
      'airlock-prod-ReadOnlyAccess',
      'scale-0000-AdministratorAccess',
      'scale-0001-AdministratorAccess',
      'scale-0002-AdministratorAccess',
      'scale-0003-AdministratorAccess',
    ]);
    const s0 = first.get('scale-0000-AdministratorAccess')!;
    expect(s0).toMatchObject({
      kind: 'sso-role',
      integration: 'corp',
      accountId: '400000000000',
      accountName: 'scale-0000',
      roleName: 'AdministratorAccess',
      profile: 'scale-0000-AdministratorAccess',
    });

    // The user renames one; another becomes a chained role's parent; a third is started.
    const edited = await f.sessions.edit(s0.id, {
      ...s0Config(s0),
      name: 'mine',
      region: 'eu-west-1',
    });
    expect(edited.sync).toEqual({ userEdited: true });
    const parent = first.get('scale-0001-AdministratorAccess')!;
    await f.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'child',
        profile: 'child',
        parentId: parent.id,
        roleArn: 'arn:aws:iam::400000000001:role/AdministratorAccess',
      },
    });
    const active = first.get('scale-0002-AdministratorAccess')!;
    await f.sessions.start(active.id);
    // A fourth is only pinned: a change of the user's too.
    const pinned = first.get('scale-0003-AdministratorAccess')!;
    await f.sessions.setMarks(pinned.id, { pinned: true, tags: ['oncall'] });

    // Re-sync with nothing changed: nothing changes, the edit stays.
    expect(await f.sync.sync('corp')).toEqual({ added: 0, updated: 0, orphaned: 0, removed: 0 });
    expect(f.sessions.get(s0.id)).toMatchObject({ name: 'mine', region: 'eu-west-1' });
    expect(f.sessions.get(pinned.id).marks).toEqual({ pinned: true, tags: ['oncall'] });

    // The four extra accounts vanish.
    await peer.identityCenter.seedAccounts(0, 0);
    expect(await f.sync.sync('corp')).toEqual({ added: 0, updated: 0, orphaned: 4, removed: 0 });
    expect(ssoSessions()).toHaveLength(7);
    for (const s of [s0, parent, active, pinned])
      expect(f.sessions.get(s.id).sync?.orphaned).toBe(true);

    // Prune: all four are kept (edited, a parent, active, pinned) until the active one is stopped.
    expect(await f.sync.sync('corp', { prune: true })).toEqual({
      added: 0,
      updated: 0,
      orphaned: 0,
      removed: 0,
    });
    await f.sessions.stop(active.id);
    expect(await f.sync.sync('corp', { prune: true })).toEqual({
      added: 0,
      updated: 0,
      orphaned: 0,
      removed: 1,
    });
    expect(() => f.sessions.get(active.id)).toThrow(/No session named/);
    expect(f.sessions.get(s0.id).name).toBe('mine');
    expect(f.sessions.get(parent.id).sync?.orphaned).toBe(true);
    expect(f.sessions.get(pinned.id)).toMatchObject({
      sync: { orphaned: true },
      marks: { pinned: true, tags: ['oncall'] },
    });

    // A pair that comes back is no longer an orphan, and keeps its id and the user's edits.
    await peer.identityCenter.seedAccounts(1, 1);
    expect(await f.sync.sync('corp')).toEqual({ added: 0, updated: 1, orphaned: 0, removed: 0 });
    expect(f.sessions.get(s0.id)).toMatchObject({ name: 'mine', sync: { userEdited: true } });
  });

  it('refuses an unknown integration and a bad template before asking the portal anything', async () => {
    await expect(f.sync.sync('nope')).rejects.toThrow(
      /No IAM Identity Center integration named nope/,
    );
    await expect(f.sync.sync('corp', { templates: { profile: '{acount}' } })).rejects.toThrow(
      /profile template \{acount\}/,
    );
    expect((await peer.identityCenter.counters()).requests.ListAccounts ?? 0).toBe(0);
  });
});

function s0Config(view: ReturnType<SsoFixture['sessions']['get']>) {
  if (view.kind !== 'sso-role') throw new Error('not an sso-role');
  const { kind, name, profile, integration, accountId, accountName, roleName } = view;
  return { kind, name, profile, integration, accountId, accountName, roleName };
}

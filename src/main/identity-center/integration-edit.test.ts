// Editing an integration on a real core against the Identity Center peer: validated like add, the
// name never changes, scopes and templates keep the sign-in, a start URL or region change ends it.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import { AirlockError } from '../airlock-error';
import type { Prompter } from '../sessions/prompter';
import { awsCliCachePath } from './aws-cli-sso-cache';
import { secretIdOf } from './sso-token-store';

const keyring = process.env.AIRLOCK_KEYRING === '1';
if (!keyring && process.env.CI)
  throw new Error('These tests need the keyring: run them with test-support/with-keyring.sh');

let peer: StsPeer;
let t: TestCore;

beforeAll(async () => {
  peer = await startStsPeer();
  const center = peer.identityCenter;
  const refuse = () => Promise.reject(new AirlockError('PROMPT_CANCELLED', 'not in this test'));
  // The person at the browser: allows every sign-in the core opens.
  const prompter: Prompter = {
    askMfaCode: refuse,
    samlLogin: refuse,
    chooseRole: refuse,
    async openBrowser({ url }) {
      await fetch(await center.authorize(url));
    },
  };
  t = await makeTestCore({ endpoint: peer.endpoint, prompter, extraEnv: center.env });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await peer?.stop();
});

describe.skipIf(!keyring)('editing an Identity Center integration', () => {
  it('refuses bad input like add does, and an edit of the name, keeping the integration as it was', async () => {
    const { seed } = peer.identityCenter;
    const ic = t.core.identityCenter;
    await ic.add({ name: 'bad', startUrl: seed.startUrl, region: seed.region });
    for (const changes of [
      { startUrl: 'http://example.com/start' },
      { region: 'europe' },
      { scopes: [] },
      { scopes: ['no spaces allowed'] },
      { syncTemplates: { name: '{account}' } },
      { name: 'renamed' },
    ]) {
      await expect(ic.edit('bad', changes), JSON.stringify(changes)).rejects.toThrow();
    }
    await expect(ic.edit('missing', { region: 'eu-west-1' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await ic.get('bad')).toMatchObject({
      startUrl: seed.startUrl,
      region: seed.region,
      scopes: ['sso:account:access'],
    });
    expect((await ic.get('bad')).syncTemplates).toBeUndefined();
    await ic.remove('bad');
  });

  it('new scopes or templates keep the sign-in; a new region ends it at the portal and forgets its tokens', async () => {
    const { seed } = peer.identityCenter;
    const ic = t.core.identityCenter;
    await t.core.settings.set({ shareSsoLogin: true });
    await ic.add({ name: 'corp', startUrl: seed.startUrl, region: seed.region });
    await ic.login('corp');
    expect(existsSync(awsCliCachePath(t.home, 'corp'))).toBe(true);

    const kept = await ic.edit('corp', {
      scopes: ['sso:account:access', 'openid'],
      syncTemplates: { name: 'corp-{accountName}-{roleName}' },
    });
    expect(kept).toMatchObject({
      name: 'corp',
      scopes: ['sso:account:access', 'openid'],
      syncTemplates: { name: 'corp-{accountName}-{roleName}' },
      loginState: 'logged-in',
    });
    expect(await t.secrets.get(secretIdOf('corp'), 'sso-token')).toBeDefined();

    const before = await peer.identityCenter.counters();
    const moved = await ic.edit('corp', { region: 'eu-central-1' });
    expect(moved).toMatchObject({ region: 'eu-central-1', loginState: 'logged-out' });
    // The old sign-in was ended at AWS, and nothing of it is left here or in the AWS CLI's cache.
    expect((await peer.identityCenter.counters()).requests.Logout).toBe(
      (before.requests.Logout ?? 0) + 1,
    );
    expect(await t.secrets.get(secretIdOf('corp'), 'sso-token')).toBeUndefined();
    expect(await t.secrets.get(secretIdOf('corp'), 'sso-registration')).toBeUndefined();
    expect(existsSync(awsCliCachePath(t.home, 'corp'))).toBe(false);
    // Templates and scopes were not part of the change: they stay.
    expect(moved.syncTemplates).toEqual({ name: 'corp-{accountName}-{roleName}' });

    // The next login registers a new client with the new scopes, in the new region.
    const logins = await peer.identityCenter.counters();
    expect((await ic.login('corp')).loginState).toBe('logged-in');
    const after = await peer.identityCenter.counters();
    expect(after.requests.RegisterClient).toBe((logins.requests.RegisterClient ?? 0) + 1);
    expect(JSON.parse((await t.secrets.get(secretIdOf('corp'), 'sso-token'))!)).toMatchObject({
      region: 'eu-central-1',
      client: { scopes: ['sso:account:access', 'openid'] },
    });
    await t.core.settings.set({ shareSsoLogin: false });
  });
});

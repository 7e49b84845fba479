// Identity Center sign-ins against the peer: PKCE and device logins, refresh, 401, re-login, re-registration, logout.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import type { IdentityCenterPeer } from '../../../test-support/identity-center-peer/index';
import { AirlockError } from '../airlock-error';
import { CoreEvents } from '../core-events';
import { KeytarSecretStore } from '../secrets/keytar-secret-store';
import type { Prompter } from '../sessions/prompter';
import { SessionStore } from '../store/session-store';
import type { IntegrationConfig } from '../../shared/identity-center';
import { createIdentityCenter, type IdentityCenter } from './create-identity-center';

const keyring = process.env.AIRLOCK_KEYRING === '1';
if (!keyring && process.env.CI)
  throw new Error('These tests need the keyring: run them with test-support/with-keyring.sh');

let peer: StsPeer;
let center: IdentityCenterPeer;
let portal: SSOClient;
const homes: string[] = [];

beforeAll(async () => {
  // Its own peer: these tests change lifetimes and expire tokens.
  peer = await startStsPeer();
  center = peer.identityCenter;
  portal = new SSOClient({
    region: center.seed.region,
    endpoint: center.portalEndpoint,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  portal?.destroy();
  await peer?.stop();
  for (const home of homes) await rm(home, { recursive: true, force: true });
});
afterEach(async () => {
  await center.configure({
    accessTokenSeconds: 8 * 3600,
    registrationSeconds: 90 * 86400,
    deviceCodeSeconds: 600,
    deviceIntervalSeconds: 1,
  });
});

/** Plays the person at the browser: consents on /authorize and follows the redirect to the loopback listener. */
function browserPrompter(
  peerCenter: IdentityCenterPeer,
  options: {
    tamper?: (location: URL) => void;
    onDeviceCode?: (userCode: string) => Promise<void>;
  } = {},
): Prompter & { opened: string[]; codes: string[] } {
  const opened: string[] = [];
  const codes: string[] = [];
  const refuse = () => Promise.reject(new AirlockError('PROMPT_CANCELLED', 'not in this test'));
  return {
    opened,
    codes,
    askMfaCode: refuse,
    samlLogin: refuse,
    chooseRole: refuse,
    async openBrowser({ url }) {
      opened.push(url);
      const location = new URL(await peerCenter.authorize(url));
      options.tamper?.(location);
      await fetch(location);
    },
    async showDeviceCode({ userCode }) {
      codes.push(userCode);
      await (options.onDeviceCode ?? ((code) => peerCenter.approveDevice(code)))(userCode);
    },
  };
}

interface Rig {
  ic: IdentityCenter;
  corp: IntegrationConfig;
  store: SessionStore;
  events: CoreEvents;
  home: string;
  prompter: ReturnType<typeof browserPrompter>;
}

async function rig(
  options: { prompter?: ReturnType<typeof browserPrompter>; home?: string; service?: string } = {},
): Promise<Rig> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'airlock-sso-')));
  if (!options.home) homes.push(home);
  const store = new SessionStore(join(home, '.config', 'Airlock'));
  const events = new CoreEvents();
  const prompter = options.prompter ?? browserPrompter(center);
  const ic = createIdentityCenter({
    store,
    secrets: new KeytarSecretStore(options.service ?? `airlock-test-${randomUUID().slice(0, 8)}`),
    homeDir: home,
    endpoints: { oidc: center.oidcEndpoint, portal: center.portalEndpoint },
    prompter,
    events,
  });
  const corp =
    ic.integrations.list().find((i) => i.name === 'corp') ??
    (await ic.integrations.add({
      name: 'corp',
      startUrl: center.seed.startUrl,
      region: center.seed.region,
    }));
  return { ic, corp, store, events, home, prompter };
}

const accountsOf = async (accessToken: string) =>
  (await portal.send(new ListAccountsCommand({ accessToken }))).accountList?.map(
    (a) => a.accountId,
  );

describe.skipIf(!keyring)('Identity Center sign-ins (peer)', () => {
  it('PKCE login: the authorize URL, the loopback redirect with the port, a token the portal accepts', async () => {
    const { ic, corp, prompter } = await rig();
    const before = await center.counters();
    const status = await ic.logins.login(corp);
    expect(status.loginState).toBe('logged-in');
    const [opened] = prompter.opened;
    const url = new URL(opened!);
    expect(`${url.origin}${url.pathname}`).toBe(`${center.oidcEndpoint}/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scopes')).toBe('sso:account:access');
    expect(url.searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/,
    );
    const token = await ic.logins.accessToken(corp);
    expect(await accountsOf(token)).toEqual(center.seed.accounts.map((a) => a.accountId));
    const after = await center.counters();
    expect(after.logins).toBe(before.logins + 1);
    expect(after.requests.RegisterClient).toBe((before.requests.RegisterClient ?? 0) + 1);
    expect(after.refreshes).toBe(before.refreshes);
    ic.dispose();
  });

  it('refuses a redirect whose state is not the one it sent, and keeps no token', async () => {
    const prompter = browserPrompter(center, {
      tamper: (location) => location.searchParams.set('state', 'forged'),
    });
    const { ic, corp } = await rig({ prompter });
    const before = await center.counters();
    await expect(ic.logins.login(corp)).rejects.toMatchObject({
      code: 'SSO_LOGIN_FAILED',
      message: expect.stringContaining('state Airlock did not send'),
    });
    expect((await center.counters()).requests.CreateToken).toBe(before.requests.CreateToken);
    expect((await ic.logins.status(corp)).loginState).toBe('logged-out');
    ic.dispose();
  });

  it('device login: polls at the interval, adds 5 s after slow_down, and gets the token once approved', async () => {
    const prompter = browserPrompter(center, {
      // From now on a 1 s poll is too soon: the second poll gets slow_down. Approval comes later.
      onDeviceCode: () => center.configure({ deviceIntervalSeconds: 3 }).then(() => undefined),
    });
    const { ic, corp } = await rig({ prompter });
    await ic.logins.login(corp, 'pkce');
    await center.resetCounters();
    const started = Date.now();
    const login = ic.logins.login(corp, 'device');
    // Approve once pending and slow_down have both been answered.
    for (;;) {
      if (((await center.counters()).requests.CreateToken ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await center.approveDevice(prompter.codes[0]!);
    expect((await login).loginState).toBe('logged-in');
    const elapsed = Date.now() - started;
    const counters = await center.counters();
    // pending at 1 s, slow_down at 2 s, then 1 + 5 = 6 s later the token: three polls, no more.
    expect(counters.requests.CreateToken).toBe(3);
    expect(counters.logins).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(7_900);
    expect(await accountsOf(await ic.logins.accessToken(corp))).toHaveLength(
      center.seed.accounts.length,
    );
    ic.dispose();
  }, 30_000);

  it('device login: a code that expires unapproved ends the login with what to do', async () => {
    const prompter = browserPrompter(center, { onDeviceCode: async () => undefined });
    const { ic, corp } = await rig({ prompter });
    await center.configure({ deviceCodeSeconds: 2 });
    await expect(ic.logins.login(corp, 'device')).rejects.toThrow(
      'The device code for corp expired before it was approved. Run `airlock sso login corp --use-device-code` again.',
    );
    expect((await ic.logins.status(corp)).loginState).toBe('logged-out');
    ic.dispose();
  }, 15_000);

  it('refreshes silently before expiry, once, and keeps using the refreshed token', async () => {
    const { ic, corp } = await rig();
    await center.configure({ accessTokenSeconds: 240 });
    await ic.logins.login(corp);
    await center.configure({ accessTokenSeconds: 8 * 3600 });
    const before = await center.counters();
    const first = await ic.logins.accessToken(corp);
    const second = await ic.logins.accessToken(corp);
    expect(second).toBe(first);
    const after = await center.counters();
    expect(after.refreshes).toBe(before.refreshes + 1);
    expect(after.logins).toBe(before.logins);
    expect(await accountsOf(first)).toHaveLength(center.seed.accounts.length);
    expect(Date.parse((await ic.logins.status(corp)).tokenExpiresAt!)).toBeGreaterThan(
      Date.now() + 7 * 3600_000,
    );
    ic.dispose();
  });

  it('keeps the old refresh token when a refresh brings none back, and refreshes with it again', async () => {
    const { ic, corp } = await rig();
    await ic.logins.login(corp);
    await center.configure({ rotateRefreshTokens: false });
    try {
      const before = await center.counters();
      const first = await ic.logins.accessToken(corp);
      await center.expire('accessTokens', first);
      await ic.logins.invalidate(corp, first);
      const second = await ic.logins.accessToken(corp);
      await ic.logins.invalidate(corp, second);
      const third = await ic.logins.accessToken(corp);
      expect(new Set([first, second, third]).size).toBe(3);
      expect(await accountsOf(third)).toHaveLength(center.seed.accounts.length);
      const after = await center.counters();
      expect(after.refreshes).toBe(before.refreshes + 2);
      expect(after.logins).toBe(before.logins);
      expect((await ic.logins.status(corp)).loginState).toBe('logged-in');
    } finally {
      await center.configure({ rotateRefreshTokens: true });
    }
    ic.dispose();
  });

  it('a registration AWS no longer honours fails the refresh: the next sign-in registers a new client', async () => {
    const { ic, corp } = await rig();
    await ic.logins.login(corp);
    const token = await ic.logins.accessToken(corp);
    await center.expire('registrations');
    await ic.logins.invalidate(corp, token);
    await expect(ic.logins.accessToken(corp)).rejects.toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    const before = await center.counters();
    expect((await ic.logins.login(corp)).loginState).toBe('logged-in');
    const after = await center.counters();
    expect(after.requests.RegisterClient).toBe((before.requests.RegisterClient ?? 0) + 1);
    // The new client's refresh token works: the sign-in lasts past this access token.
    const fresh = await ic.logins.accessToken(corp);
    await ic.logins.invalidate(corp, fresh);
    expect(await accountsOf(await ic.logins.accessToken(corp))).toHaveLength(
      center.seed.accounts.length,
    );
    expect((await center.counters()).refreshes).toBe(after.refreshes + 1);
    ic.dispose();
  });

  it('a 401 on a token that looked valid: invalidate, then the next token is a refreshed one', async () => {
    const { ic, corp } = await rig();
    await ic.logins.login(corp);
    const token = await ic.logins.accessToken(corp);
    await center.expire('accessTokens', token);
    await expect(accountsOf(token)).rejects.toMatchObject({ name: 'UnauthorizedException' });
    const before = await center.counters();
    await ic.logins.invalidate(corp, token);
    const next = await ic.logins.accessToken(corp);
    expect(next).not.toBe(token);
    expect(await accountsOf(next)).toHaveLength(center.seed.accounts.length);
    expect((await center.counters()).refreshes).toBe(before.refreshes + 1);
    ic.dispose();
  });

  it('when refresh is impossible: SSO_LOGIN_REQUIRED in words and a notification, or a login when interactive', async () => {
    const { ic, corp, events } = await rig();
    const notes: object[] = [];
    events.on('notification', (n) => notes.push(n));
    await ic.logins.login(corp);
    const token = await ic.logins.accessToken(corp);
    await center.expire('refreshTokens');
    await ic.logins.invalidate(corp, token);
    const message = 'Identity Center login for corp has expired: run `airlock sso login corp`';
    const refused = await ic.logins.accessToken(corp).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AirlockError);
    expect(refused).toMatchObject({ code: 'SSO_LOGIN_REQUIRED', message });
    await expect(ic.logins.accessToken(corp)).rejects.toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    // Once per integration, naming it, so the app can offer Log in.
    expect(notes).toEqual([
      {
        level: 'warning',
        integration: 'corp',
        message,
        key: 'sso-login:corp',
        action: { kind: 'sso-login', integration: 'corp' },
      },
    ]);
    expect((await ic.logins.status(corp)).loginState).toBe('expired');
    const before = await center.counters();
    const fresh = await ic.logins.accessToken(corp, { interactive: true });
    expect(await accountsOf(fresh)).toHaveLength(center.seed.accounts.length);
    const after = await center.counters();
    expect(after.logins).toBe(before.logins + 1);
    expect(after.refreshes).toBe(before.refreshes);
    ic.dispose();
  });

  it('registers a new client when the registration expires, locally or at AWS', async () => {
    const { ic, corp } = await rig();
    await center.configure({ registrationSeconds: 2, accessTokenSeconds: 60 });
    await ic.logins.login(corp);
    const token = await ic.logins.accessToken(corp);
    await new Promise((r) => setTimeout(r, 2_100));
    await center.configure({ registrationSeconds: 90 * 86400, accessTokenSeconds: 8 * 3600 });
    await ic.logins.invalidate(corp, token);
    const before = await center.counters();
    // The refresh token belongs to the dead client: nothing to refresh with, so a login, with a new client.
    await expect(ic.logins.accessToken(corp)).rejects.toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    await ic.logins.accessToken(corp, { interactive: true });
    let after = await center.counters();
    expect(after.refreshes).toBe(before.refreshes);
    expect(after.requests.RegisterClient).toBe((before.requests.RegisterClient ?? 0) + 1);

    // At AWS only (the registration still looks valid here): the device flow registers again, once.
    await ic.logins.login(corp, 'device');
    await center.expire('registrations');
    const mid = await center.counters();
    expect((await ic.logins.login(corp, 'device')).loginState).toBe('logged-in');
    after = await center.counters();
    expect(after.requests.RegisterClient).toBe((mid.requests.RegisterClient ?? 0) + 1);
    expect(after.logins).toBe(mid.logins + 1);
    ic.dispose();
  }, 30_000);

  it('logging in again replaces the tokens; logout calls Logout and forgets them', async () => {
    const { ic, corp } = await rig();
    await ic.logins.login(corp);
    const first = await ic.logins.accessToken(corp);
    await ic.logins.login(corp);
    const second = await ic.logins.accessToken(corp);
    expect(second).not.toBe(first);
    const before = await center.counters();
    expect(await ic.logins.logout(corp)).toBe('ended');
    expect((await center.counters()).requests.Logout).toBe((before.requests.Logout ?? 0) + 1);
    await expect(accountsOf(second)).rejects.toMatchObject({ name: 'UnauthorizedException' });
    expect((await ic.logins.status(corp)).loginState).toBe('logged-out');
    await expect(ic.logins.accessToken(corp)).rejects.toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    ic.dispose();
  });
  it('logout with an access token the portal no longer takes refreshes first, so Logout really ends the sign-in and its refresh token', async () => {
    const service = `airlock-test-${randomUUID().slice(0, 8)}`;
    // A refresh keeps the refresh token (as AWS may): only Logout can end it.
    await center.configure({ rotateRefreshTokens: false });
    try {
      const { ic, corp } = await rig({ service });
      await ic.logins.login(corp);
      const stored = JSON.parse(
        (await new KeytarSecretStore(service).get('sso-corp', 'sso-token'))!,
      ) as { refreshToken: string; client: { clientId: string; clientSecret: string } };
      // The access token died at AWS before its stated expiry; the refresh token still works.
      await center.expire('accessTokens');
      const before = await center.counters();
      expect(await ic.logins.logout(corp)).toBe('ended');
      const after = await center.counters();
      expect(after.requests.Logout).toBe((before.requests.Logout ?? 0) + 2);
      expect(after.refreshes).toBe(before.refreshes + 1);
      expect((await ic.logins.status(corp)).loginState).toBe('logged-out');
      const oidc = new SSOOIDCClient({
        region: center.seed.region,
        endpoint: center.oidcEndpoint,
        maxAttempts: 1,
      });
      try {
        await expect(
          oidc.send(
            new CreateTokenCommand({
              clientId: stored.client.clientId,
              clientSecret: stored.client.clientSecret,
              grantType: 'refresh_token',
              refreshToken: stored.refreshToken,
            }),
          ),
        ).rejects.toMatchObject({ name: 'InvalidGrantException' });
      } finally {
        oidc.destroy();
      }
      ic.dispose();
    } finally {
      await center.configure({ rotateRefreshTokens: true });
    }
  });
});

// Notices in the window on the real core: a failed rotation is one toast with Retry, however many
// back-off retries fail; Retry rotates. A session that needs an MFA code is told before it expires,
// with Renew, which opens the MFA modal; many at once are one toast that opens the list. Axe-clean
// in both schemes.
import { totp } from '../test-support/totp';
import { ManualClock } from '../test-support/manual-clock';
import { KeytarSecretStore } from '../src/main/secrets/keytar-secret-store';
import { SessionStore } from '../src/main/store/session-store';
import { EXPIRY_NOTICE_LEAD_MS } from '../src/main/notices/notice-plan';
import type { LaunchedApp } from './harness';
import { test, expect } from './fixtures';
import { answerMfa, clickStart, expectStatus } from './app-driver';
import { expectNoSeriousViolations } from './axe-check';

async function axeBothSchemes(app: LaunchedApp, label: string): Promise<void> {
  for (const scheme of ['dark', 'light'] as const) {
    await app.page.emulateMedia({ colorScheme: scheme });
    await expectNoSeriousViolations(app.page, `${label} (${scheme})`);
  }
}

test('a failed rotation is one toast with Retry across its retries; Retry rotates the session', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { user } = sts.seed;
  const keys = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
  const s = await app.core.sessions.add({
    config: { kind: 'iam-user', name: 'ops', profile: 'ops', region: 'eu-west-1' },
    keys,
  });
  await clickStart(page, 'ops');
  await expectStatus(page, 'ops', 'Active');

  // The keys leave the keychain and the credentials are five minutes from expiry: due, and failing.
  const keychain = new KeytarSecretStore(app.keychainService);
  await keychain.delete(s.id, 'long-term');
  await app.core.store.update((data) => {
    const stored = data.sessions[s.id]!;
    stored.state = {
      ...stored.state,
      issuedAt: new Date(Date.now() - 55 * 60_000).toISOString(),
      expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    };
  });
  await app.core.sessions.runDueNow();
  const toasts = page.getByTestId('toast');
  const toast = toasts.filter({ hasText: 'Rotation of session ops failed' });
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText('no access key in the keychain');
  // The next back-off retry fails too: still one toast.
  await app.core.store.update((data) => {
    const stored = data.sessions[s.id]!;
    const lastError = stored.state.lastError!;
    stored.state.lastError = { ...lastError, at: new Date(Date.now() - 31_000).toISOString() };
  });
  await app.core.sessions.runDueNow();
  expect(app.core.sessions.get(s.id).state.failures).toBe(2);
  await expect(toasts).toHaveCount(1);
  await axeBothSchemes(app, 'rotation failure toast');

  // Keys back; Retry, by keyboard, rotates now: the toast goes and the session is renewed.
  await keychain.set(s.id, 'long-term', JSON.stringify(keys));
  const retry = toast.getByRole('button', { name: 'Retry rotation of session ops' });
  await retry.focus();
  await expect(retry).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(toasts).toHaveCount(0);
  await expect
    .poll(() => Date.parse(app.core.sessions.get(s.id).state.expiresAt!) - Date.now())
    .toBeGreaterThan(3_600_000);
  expect(app.core.sessions.get(s.id).state.failures ?? 0).toBe(0);
  await expectStatus(page, 'ops', 'Active');
});

test('a session that needs an MFA code is told ten minutes before it expires; Renew opens the MFA modal and renews it', async ({
  launch,
  sts,
}) => {
  const clock = new ManualClock();
  const app = await launch({ appClock: clock });
  const { page } = app;
  const { user, mfa } = sts.seed;
  // The rotation window shorter than the notice's lead: the notice comes first.
  await app.core.settings.set({ rotationWindowSeconds: 300 });
  await app.core.sessions.add({
    config: {
      kind: 'iam-user',
      name: 'dev',
      profile: 'dev',
      region: 'eu-west-1',
      mfaSerial: mfa.serial,
    },
    keys: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
  });
  await clickStart(page, 'dev');
  await answerMfa(page, totp(mfa.secretBase32));
  await expectStatus(page, 'dev', 'Active');
  const started = app.core.sessions.list().find((s) => s.name === 'dev')!;

  // Its credentials come to ten minutes from expiry, written by another process (as the CLI
  // would): the app hears of the change and tells it at once. (Moving the app's clock instead
  // would date the renewed credentials from the peer's real clock, ten minutes out again.)
  const toasts = page.getByTestId('toast');
  await expect(toasts).toHaveCount(0);
  const cli = new SessionStore(app.env.AIRLOCK_HOME!);
  await cli.update((data) => {
    const stored = data.sessions[started.id]!;
    stored.state = {
      ...stored.state,
      issuedAt: new Date(clock.now() - 50 * 60_000).toISOString(),
      expiresAt: new Date(clock.now() + EXPIRY_NOTICE_LEAD_MS).toISOString(),
    };
  });
  const toast = toasts.filter({ hasText: 'Session dev expires in 10 minutes' });
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText('needs an MFA code');
  await axeBothSchemes(app, 'expiry toast');

  const renew = toast.getByRole('button', { name: 'Renew session dev' });
  await renew.focus();
  await page.keyboard.press('Enter');
  await answerMfa(page, totp(mfa.secretBase32));
  await expect(page.getByTestId('mfa-modal')).toBeHidden();
  await expect(toasts).toHaveCount(0);
  await expect
    .poll(() => Date.parse(app.core.sessions.get(started.id).state.expiresAt!) - clock.now())
    .toBeGreaterThan(3_600_000);
  await expectStatus(page, 'dev', 'Active');
});

test('many sessions expiring together are one toast that opens the session list', async ({
  launch,
  sts,
}) => {
  const clock = new ManualClock();
  const app = await launch({ appClock: clock });
  // The app's clock is the spec's only where the core runs in the test process.
  test.skip(app.target === 'electron', 'appClock drives the chromium target only');
  const { page } = app;
  const { user, mfa } = sts.seed;
  await app.core.settings.set({ rotationWindowSeconds: 300 });
  const keys = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
  let latest = 0;
  for (let i = 0; i < 5; i++) {
    const s = await app.core.sessions.add({
      config: {
        kind: 'iam-user',
        name: `mfa-${i}`,
        profile: `mfa-${i}`,
        region: 'eu-west-1',
        mfaSerial: mfa.serial,
      },
      keys,
    });
    const started = await app.core.sessions.start(s.id, { mfaCode: totp(mfa.secretBase32) });
    latest = Math.max(latest, Date.parse(started.state.expiresAt!));
  }
  await page.getByRole('tab', { name: 'Settings' }).click();
  clock.advanceTo(latest - EXPIRY_NOTICE_LEAD_MS);
  const toasts = page.getByTestId('toast');
  await expect(toasts).toHaveCount(1);
  await expect(toasts).toContainText('5 sessions expire');
  await axeBothSchemes(app, 'grouped expiry toast');
  await toasts.getByRole('button', { name: 'Open the session list' }).click();
  await expect(page.getByRole('tab', { name: 'Sessions' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expectStatus(page, 'mfa-4', 'Active');
});

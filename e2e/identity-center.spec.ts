// IAM Identity Center in the app, on the real core and the Identity Center peer: PKCE and device-code
// logins with a second page as the browser, sync with progress, an sso-role start judged by the AWS
// CLI, and the re-login message (with a notification offering Log in) once the refresh token has
// expired, for a start and for a rotation.
import type { Page } from '@playwright/test';
import type { StsPeer } from '../test-support/sts-peer';
import { runAwsCli } from '../test-support/aws-cli';
import { test, expect, harnessCan } from './fixtures';
import { clickStart, expectStatus, row } from './app-driver';
import { UNAVAILABLE_CHECKS, type LaunchedApp } from './harness';

const NAME = 'corp';

function integration(page: Page) {
  return page.getByTestId('integration').filter({ has: page.getByText(NAME, { exact: true }) });
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Identity Center integrations' })).toBeVisible();
}

async function seedIntegration(app: LaunchedApp, sts: StsPeer): Promise<void> {
  const { startUrl, region } = sts.identityCenter.seed;
  await app.core.identityCenter.add({ name: NAME, startUrl, region });
}

/** A device-code login through the core, approved at the peer as soon as the code is shown. */
async function logInThroughCore(app: LaunchedApp, sts: StsPeer): Promise<void> {
  const off = app.core.events.on('prompt:sso-login', (event) => {
    if (event.method === 'device-code') void sts.identityCenter.approveDevice(event.userCode);
  });
  try {
    await app.core.identityCenter.login(NAME, { useDeviceCode: true });
  } finally {
    off();
  }
}

/**
 * These logins are played as the browser with the URL the app opened (shell.openExternal's
 * stand-in), which only the chromium target has: elsewhere the test is skipped, with the reason.
 */
function skipWithoutCapture(app: LaunchedApp): void {
  test.skip(!harnessCan(app, 'openedUrls'), UNAVAILABLE_CHECKS[app.target].openedUrls);
}

/** What a browser does with a page the app opened: follow it and press the allow button. */
async function allowInBrowser(app: LaunchedApp, url: string): Promise<Page> {
  const browser = await app.page.context().newPage();
  await browser.goto(url);
  await browser.locator('button[value=allow]').click();
  return browser;
}

test.afterEach(async ({ sts }) => {
  await sts.identityCenter.configure({ portalRequestsPerSecond: null });
  await sts.identityCenter.seedAccounts(0, 0);
});

test('PKCE login: the sign-in page opens in the browser, Allow lands on the loopback callback and the app is signed in', async ({
  app,
  sts,
}) => {
  skipWithoutCapture(app);
  const { page } = app;
  const { startUrl, region } = sts.identityCenter.seed;
  await openSettings(page);
  await page.getByRole('button', { name: 'Add integration' }).click();
  const form = page.getByTestId('integration-form');
  await form.getByLabel('Name').fill(NAME);
  await form.getByLabel('Start URL').fill('http://example.com/start');
  await form.getByLabel('Region').fill(region);
  await form.getByRole('button', { name: 'Add integration' }).click();
  await expect(form.getByText('Start URL must be an https URL')).toBeVisible();
  await form.getByLabel('Start URL').fill(startUrl);
  await form.getByRole('button', { name: 'Add integration' }).click();
  await expect(form).toBeHidden();
  await expect(integration(page).getByTestId('login-state')).toHaveText('Not signed in');

  await page.getByRole('button', { name: `Log in to ${NAME}`, exact: true }).click();
  await expect(page.getByTestId('sso-browser-modal')).toBeVisible();
  const url = await app.nextOpenedUrl();
  expect(url.startsWith(`${sts.identityCenter.oidcEndpoint}/authorize?`)).toBe(true);
  const browser = await allowInBrowser(app, url);
  await browser.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/.*[?&]code=/);

  await expect(page.getByTestId('sso-browser-modal')).toBeHidden();
  await expect(integration(page).getByTestId('login-state')).toHaveText(
    /^Signed in · token expires in \d+h/,
  );
  expect((await app.core.identityCenter.list())[0]?.loginState).toBe('logged-in');
  // The authorization code went from the browser to the core's listener, never through IPC.
  const code = new URL(browser.url()).searchParams.get('code') ?? 'missing';
  if (harnessCan(app, 'ipc')) expect(app.ipc.filter((m) => m.json.includes(code))).toEqual([]);
});

test('device-code login: the modal shows the code with copy and countdown, the verification page approves it', async ({
  app,
  sts,
}) => {
  skipWithoutCapture(app);
  const { page } = app;
  await seedIntegration(app, sts);
  await openSettings(page);
  await page.getByRole('button', { name: `Log in to ${NAME} with a device code` }).click();
  const modal = page.getByTestId('device-code-modal');
  await expect(modal).toBeVisible();
  const userCode = (await modal.getByTestId('device-code').textContent()) ?? '';
  expect(userCode).toMatch(/\S{4,}/);
  await expect(modal.getByTestId('device-code-countdown')).toHaveText(
    /^The code works for \d+m \d\ds$/,
  );
  await expect(modal.getByRole('button', { name: 'Copy code' })).toBeFocused();
  await modal.getByRole('button', { name: 'Copy code' }).click();
  await expect(modal.getByRole('status')).toHaveText(/Code copied|Select the code/);

  await modal.getByRole('button', { name: 'Open the sign-in page' }).click();
  const url = await app.nextOpenedUrl();
  expect(new URL(url).searchParams.get('user_code')).toBe(userCode);
  await allowInBrowser(app, url);

  await expect(modal).toBeHidden({ timeout: 15_000 });
  await expect(integration(page).getByTestId('login-state')).toHaveText(/^Signed in/);
});

test('edit: the same form prefilled, the name kept; new scopes and a template keep the sign-in, bad input keeps the draft, a new region says it ends the sign-in before saving', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { startUrl, region } = sts.identityCenter.seed;
  await seedIntegration(app, sts);
  await logInThroughCore(app, sts);
  await openSettings(page);
  const edit = integration(page).getByRole('button', { name: `Edit ${NAME}` });
  await edit.focus();
  await page.keyboard.press('Enter');
  const form = page.getByTestId('integration-form');
  await expect(form.getByRole('heading', { name: `Edit ${NAME}` })).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveValue(NAME);
  await expect(form.getByLabel('Name')).toHaveAttribute('readonly', '');
  await expect(form.getByLabel('Start URL')).toHaveValue(startUrl);
  await expect(form.getByLabel('Start URL')).toBeFocused();
  await expect(form.getByLabel('Region')).toHaveValue(region);
  await expect(form.getByLabel('Scopes')).toHaveValue('sso:account:access');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(edit).toBeFocused();

  await edit.click();
  await form.getByLabel('Scopes').fill('sso:account:access openid');
  await form.getByLabel('Session template').fill('{integration}-{accountName}-{roleName}');
  await expect(form.getByTestId('ends-sign-in')).toHaveCount(0);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(form).toBeHidden();
  await expect(integration(page).getByTestId('login-state')).toHaveText(/^Signed in/);
  expect(await app.core.identityCenter.get(NAME)).toMatchObject({
    scopes: ['sso:account:access', 'openid'],
    syncTemplates: { name: '{integration}-{accountName}-{roleName}' },
    loginState: 'logged-in',
  });

  await edit.click();
  await expect(form.getByLabel('Session template')).toHaveValue(
    '{integration}-{accountName}-{roleName}',
  );
  await form.getByLabel('Region').fill('nowhere');
  await form.getByLabel('Profile template').fill('{account}');
  await expect(form.getByTestId('ends-sign-in')).toBeVisible();
  await form.getByRole('button', { name: 'Save and sign out' }).click();
  await expect(form.getByText('Region must be a region like eu-west-1')).toBeVisible();
  await expect(form.getByText(/^Profile template may use only/)).toBeVisible();
  // Nothing typed is lost, and nothing was saved.
  await expect(form.getByLabel('Region')).toHaveValue('nowhere');
  await expect(form.getByLabel('Scopes')).toHaveValue('sso:account:access openid');
  expect((await app.core.identityCenter.get(NAME)).region).toBe(region);

  await form.getByLabel('Region').fill('eu-central-1');
  await form.getByLabel('Profile template').fill('');
  await expect(form.getByTestId('ends-sign-in')).toContainText('saving ends this one');
  await form.getByRole('button', { name: 'Save and sign out' }).click();
  await expect(form).toBeHidden();
  await expect(integration(page).getByTestId('login-state')).toHaveText('Not signed in');
  await expect(integration(page)).toContainText('eu-central-1');
  expect(await app.core.identityCenter.get(NAME)).toMatchObject({
    region: 'eu-central-1',
    loginState: 'logged-out',
  });
});

test('cancelling the device-code modal ends the login and shows no error', async ({ app, sts }) => {
  const { page } = app;
  await seedIntegration(app, sts);
  await openSettings(page);
  await page.getByRole('button', { name: `Log in to ${NAME} with a device code` }).click();
  await expect(page.getByTestId('device-code-modal')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('device-code-modal')).toBeHidden();
  await expect(integration(page).getByRole('button', { name: `Sync ${NAME}` })).toBeEnabled();
  await expect(integration(page).getByRole('alert')).toHaveCount(0);
  await expect(integration(page).getByTestId('login-state')).toHaveText('Not signed in');
});

test('sync shows its progress in accounts, then the sessions appear grouped by account name and searchable', async ({
  app,
  sts,
}) => {
  const { page } = app;
  await seedIntegration(app, sts);
  await logInThroughCore(app, sts);
  await sts.identityCenter.seedAccounts(40, 2);
  // Slow enough to watch the bar move: ~2 portal calls per account at 15 a second.
  await sts.identityCenter.configure({ portalRequestsPerSecond: 15 });
  await openSettings(page);
  await integration(page)
    .getByRole('button', { name: `Sync ${NAME}` })
    .click();
  const progress = integration(page).getByTestId('sync-progress');
  await expect(progress).toContainText(/^\d+ of 42 accounts$/);
  await expect(
    progress.getByRole('progressbar', { name: `Sync progress of ${NAME}` }),
  ).toHaveAttribute('max', '42');
  await expect(integration(page).getByTestId('sync-summary')).toHaveText(/^Synced: 83 added/, {
    timeout: 60_000,
  });
  await expect(progress).toBeHidden();
  if (harnessCan(app, 'ipc')) {
    const counts = app.ipc
      .filter((m) => m.channel === 'sso:progress')
      .map((m) => (JSON.parse(m.json) as { done: number }).done);
    expect(counts.length).toBeGreaterThan(2);
    expect(counts.at(-1)).toBe(42);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
  }

  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.getByTestId('session-count')).toHaveText('83 sessions');
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('account');
  await expect(page.getByTestId('account-group').first()).toContainText('airlock-dev');
  await page.getByTestId('session-search').fill('airlock-prod');
  await expect(page.getByTestId('session-count')).toHaveText('1 of 83 sessions match');
  await expect(page.getByTestId('account-group')).toHaveCount(1);
  await page.getByTestId('session-search').fill('210987654321 readonlyaccess');
  await expect(page.getByTestId('session-count')).toHaveText('1 of 83 sessions match');
});

test('an SSO role starts from the list and the AWS CLI acts as it', async ({ app, sts }) => {
  const { page } = app;
  await seedIntegration(app, sts);
  await logInThroughCore(app, sts);
  await app.core.identityCenter.sync(NAME);
  const admin = app.core.sessions
    .list()
    .find(
      (s) =>
        s.kind === 'sso-role' &&
        s.accountId === '123456789012' &&
        s.roleName === 'AdministratorAccess',
    );
  if (!admin) throw new Error('the sync made no session for airlock-dev AdministratorAccess');
  await expect(row(page, admin.name)).toContainText('airlock-dev (123456789012)');
  await clickStart(page, admin.name);
  await expectStatus(page, admin.name, 'Active');

  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', admin.profile], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout)).toMatchObject({
    Account: '123456789012',
    Arn: 'arn:aws:sts::123456789012:assumed-role/AdministratorAccess/airlock-user',
  });
});

const RELOGIN = `Identity Center login for ${NAME} has expired: run \`airlock sso login ${NAME}\``;

/** Sign-in prompts (browser or device code) the core has sent the app so far. */
function signInPrompts(app: LaunchedApp): number {
  return app.ipc.filter((m) => m.channel === 'prompt:sso-login').length;
}

/** The toast that names the integration whose sign-in cannot be refreshed. */
function reloginToast(page: Page) {
  return page
    .getByTestId('toast')
    .filter({ hasText: RELOGIN })
    .filter({ has: page.getByRole('button', { name: `Log in to ${NAME}` }) });
}

test('with the refresh token expired, a start says so in words and a notification offers Log in, which signs in and lets the start succeed', async ({
  app,
  sts,
}) => {
  skipWithoutCapture(app);
  const { page } = app;
  await seedIntegration(app, sts);
  await logInThroughCore(app, sts);
  await app.core.identityCenter.sync(NAME);
  const session = app.core.sessions.list().find((s) => s.kind === 'sso-role');
  if (!session) throw new Error('the sync made no session');
  await sts.identityCenter.expire('accessTokens');
  await sts.identityCenter.expire('refreshTokens');
  const promptsBefore = signInPrompts(app);

  // The refresh is refused: the start fails with what to do, and opens no browser on its own.
  await clickStart(page, session.name);
  await expect(row(page, session.name)).toContainText(RELOGIN);
  const toast = reloginToast(page);
  await expect(toast).toBeVisible();
  await expect(toast).toHaveCount(1);
  await expect(page.getByTestId('sso-browser-modal')).toBeHidden();
  expect(signInPrompts(app)).toBe(promptsBefore);

  await openSettings(page);
  await expect(integration(page).getByTestId('login-state')).toHaveText(
    'Sign-in expired: log in again',
  );

  // Log in, from the notification, by keyboard: the sign-in page opens and the toast goes away.
  await toast.getByRole('button', { name: `Log in to ${NAME}` }).focus();
  await page.keyboard.press('Enter');
  await expect(toast).toBeHidden();
  await expect(page.getByTestId('sso-browser-modal')).toBeVisible();
  await allowInBrowser(app, await app.nextOpenedUrl());
  await expect(page.getByTestId('sso-browser-modal')).toBeHidden();
  await expect(integration(page).getByTestId('login-state')).toHaveText(/^Signed in · token/);

  await page.getByRole('tab', { name: 'Sessions' }).click();
  await clickStart(page, session.name);
  await expectStatus(page, session.name, 'Active');
});

test('a rotation that cannot refresh opens no browser: the session stays active and one notification offers Log in', async ({
  app,
  sts,
}) => {
  skipWithoutCapture(app);
  const { page } = app;
  await seedIntegration(app, sts);
  await logInThroughCore(app, sts);
  await app.core.identityCenter.sync(NAME);
  const session = app.core.sessions.list().find((s) => s.kind === 'sso-role');
  if (!session) throw new Error('the sync made no session');
  await clickStart(page, session.name);
  await expectStatus(page, session.name, 'Active');

  await sts.identityCenter.expire('accessTokens');
  await sts.identityCenter.expire('refreshTokens');
  const promptsBefore = signInPrompts(app);
  // Its credentials are now five minutes from expiry, inside the rotation window: due.
  await app.core.store.update((data) => {
    const s = data.sessions[session.id]!;
    s.state = {
      ...s.state,
      issuedAt: new Date(Date.now() - 55 * 60_000).toISOString(),
      expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    };
  });
  await app.core.sessions.runDueNow();

  const toast = reloginToast(page);
  await expect(toast).toBeVisible();
  await expect(toast.getByRole('button', { name: `Log in to ${NAME}` })).toBeVisible();
  // One notice, not two: the sign-in's "log in again" and the failed rotation share its key.
  await expect(page.getByTestId('toast')).toHaveCount(1);
  // Retried at the next back-off, the rotation fails again: still the one toast.
  await app.core.store.update((data) => {
    const s = data.sessions[session.id]!;
    const lastError = s.state.lastError!;
    s.state.lastError = { ...lastError, at: new Date(Date.now() - 31_000).toISOString() };
  });
  await app.core.sessions.runDueNow();
  expect(app.core.sessions.get(session.id).state.failures).toBe(2);
  await expect(page.getByTestId('toast')).toHaveCount(1);
  await expect(toast).toBeVisible();
  await expectStatus(page, session.name, 'Active');
  await expect(page.getByTestId('sso-browser-modal')).toBeHidden();
  expect(signInPrompts(app)).toBe(promptsBefore);
  const opened = await Promise.race([
    app.nextOpenedUrl(),
    new Promise((resolve) => setTimeout(() => resolve('nothing opened'), 500)),
  ]);
  expect(opened).toBe('nothing opened');
});

test('Log out ends the sign-in while a started role keeps working; Remove is refused while it runs and offers to stop its sessions and remove', async ({
  app,
  sts,
}) => {
  const { page } = app;
  await seedIntegration(app, sts);
  await logInThroughCore(app, sts);
  await app.core.identityCenter.sync(NAME);
  const own = app.core.sessions.list().filter((s) => s.kind === 'sso-role');
  const admin = own.find((s) => s.roleName === 'AdministratorAccess')!;
  await clickStart(page, admin.name);
  await expectStatus(page, admin.name, 'Active');
  const whoami = () =>
    runAwsCli(['sts', 'get-caller-identity', '--profile', admin.profile], {
      endpoint: sts.endpoint,
      home: app.home,
    });

  await openSettings(page);
  await expect(integration(page).getByTestId('login-state')).toHaveText(/^Signed in · token/);
  const logoutsBefore = (await sts.identityCenter.counters()).requests.Logout ?? 0;
  await integration(page)
    .getByRole('button', { name: `Log out of ${NAME}` })
    .click();
  await expect(integration(page).getByTestId('login-state')).toHaveText('Not signed in');
  expect((await sts.identityCenter.counters()).requests.Logout).toBe(logoutsBefore + 1);
  // The started role runs on until its credentials expire.
  expect(app.core.sessions.get(admin.id).state.status).toBe('active');
  const still = await whoami();
  expect(still.code, still.stderr).toBe(0);

  await integration(page)
    .getByRole('button', { name: `Remove ${NAME}` })
    .click();
  const dialog = page.getByTestId('confirm-remove-integration');
  await expect(dialog).toContainText(`Its ${own.length} sessions are removed too`);
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  // Refused while one of its sessions is active: it says which, and offers to stop them.
  await expect(dialog).toContainText(`has active sessions (${admin.name})`);
  expect(app.core.sessions.list().filter((s) => s.kind === 'sso-role')).toHaveLength(own.length);
  await dialog.getByRole('button', { name: 'Stop its sessions and remove' }).click();
  await expect(dialog).toBeHidden();
  await expect(integration(page)).toHaveCount(0);
  expect(await app.core.identityCenter.list()).toEqual([]);
  expect(app.core.sessions.list().filter((s) => s.kind === 'sso-role')).toEqual([]);
  // Stopped first: its profile is gone from the AWS files.
  expect((await whoami()).code).not.toBe(0);
});

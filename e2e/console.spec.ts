// "Open console" in the app, on the real core, the STS peer and the federation peer: the sign-in
// URL the app opens is captured (app.nextOpenedUrl) and followed at the peer, which checks the
// credentials and AWS's sign-in rules. The URL itself never crosses IPC.
import { runAwsCli } from '../test-support/aws-cli';
import { startFederationPeer, type FederationPeer } from '../test-support/federation-peer/index';
import { totp } from '../test-support/totp';
import { test, expect, harnessCan } from './fixtures';
import { answerMfa, clickStart, expectStatus, row } from './app-driver';
import type { LaunchedApp } from './harness';
import type { StsPeer } from '../test-support/sts-peer';

let federation: FederationPeer | undefined;

/** Started by the first test that runs, so a skipped project (electron without a binary) starts no peer. */
async function federationPeer(sts: StsPeer): Promise<FederationPeer> {
  federation ??= await startFederationPeer({
    stsEndpoint: sts.endpoint,
    chainedRoleArns: [sts.seed.roles.chain2, sts.seed.roles.chain3],
  });
  return federation;
}
test.afterAll(async () => {
  await federation?.stop();
  federation = undefined;
});

const roleName = (arn: string) => arn.split('/').pop() ?? '';

/** The capture exists only where the harness stands in for shell.openExternal. */
function skipWithoutCapture(app: LaunchedApp): void {
  test.skip(
    !harnessCan(app, 'openedUrls'),
    'openedUrls: the harness cannot see shell.openExternal',
  );
}

/** An iam-user with the seed's keys (and MFA device when asked), and an iam-role assumed with it. */
async function seed(app: LaunchedApp, sts: StsPeer, options: { mfa?: boolean } = {}) {
  const { user, mfa, roles } = sts.seed;
  const base = await app.core.sessions.add({
    config: {
      kind: 'iam-user',
      name: 'base',
      profile: 'airlock-base',
      region: 'eu-west-1',
      ...(options.mfa ? { mfaSerial: mfa.serial } : {}),
    },
    keys: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
  });
  const admin = await app.core.sessions.add({
    config: {
      kind: 'iam-role',
      name: 'admin',
      profile: 'airlock-admin',
      region: 'eu-central-1',
      parentId: base.id,
      roleArn: roles.admin,
      durationSeconds: 3600,
    },
  });
  await expect(row(app.page, 'admin')).toBeVisible();
  return { base, admin };
}

/** No message either way carried the sign-in URL or its token. */
function expectUrlNeverCrossedIpc(app: LaunchedApp, url: string): void {
  if (!harnessCan(app, 'ipc')) return;
  const token = new URL(url).searchParams.get('SigninToken') ?? '';
  expect(token.length).toBeGreaterThan(10);
  const carried = app.ipc.filter((m) => m.json.includes(token) || m.json.includes('SigninToken'));
  expect(carried.map((m) => `${m.direction} ${m.channel}`)).toEqual([]);
  const asked = app.ipc.filter((m) => m.channel === 'session:open-console');
  expect(asked.length).toBeGreaterThanOrEqual(2);
}

test('"Open console" on an active iam-role opens a sign-in the federation peer accepts, for the console of its region', async ({
  launch,
  sts,
}) => {
  const federation = await federationPeer(sts);
  const app = await launch({ federationUrl: federation.url });
  skipWithoutCapture(app);
  const { page } = app;
  await seed(app, sts);
  await clickStart(page, 'admin');
  await expectStatus(page, 'admin', 'Active');

  await page.getByRole('button', { name: 'Open console for admin', exact: true }).click();
  const url = await app.nextOpenedUrl();
  expect(url.startsWith(`${federation.url}?Action=login&`)).toBe(true);
  const signin = await federation.open(url);
  expect(signin.arn).toMatch(new RegExp(`:assumed-role/${roleName(sts.seed.roles.admin)}/`));
  expect(signin.sessionDuration).toBe(3600);
  expect(signin.issuer).toBe('airlock');
  expect(signin.destination).toBe(
    'https://console.aws.amazon.com/console/home?region=eu-central-1',
  );
  await expect(
    page.getByRole('button', { name: 'Open console for admin', exact: true }),
  ).toHaveText('Open console');
  await expect(row(page, 'admin').getByRole('alert')).toHaveCount(0);
  expectUrlNeverCrossedIpc(app, url);
});

test('"Open console" on an inactive iam-user with MFA asks for the code in the MFA modal, starts it and signs in through GetFederationToken', async ({
  launch,
  sts,
}) => {
  const federation = await federationPeer(sts);
  const app = await launch({ federationUrl: federation.url });
  skipWithoutCapture(app);
  const { page } = app;
  await seed(app, sts, { mfa: true });
  const button = page.getByRole('button', { name: 'Open console for base', exact: true });
  await button.focus();
  await page.keyboard.press('Enter');

  // Busy while the start waits on the person.
  await expect(page.getByTestId('mfa-modal')).toContainText('base');
  await expect(button).toHaveText('Opening…');
  await expect(button).toBeDisabled();
  await answerMfa(page, totp(sts.seed.mfa.secretBase32));

  const url = await app.nextOpenedUrl();
  const signin = await federation.open(url);
  expect(signin.arn).toBe(`arn:aws:sts::${sts.accountId}:federated-user/base`);
  expect(signin.sessionDuration).toBeUndefined();
  expect(signin.destination).toBe('https://console.aws.amazon.com/console/home?region=eu-west-1');
  await expectStatus(page, 'base', 'Active');
  await expect(button).toHaveText('Open console');
  await expect(button).toBeEnabled();

  // Started as a start does: the AWS CLI uses its profile.
  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-base'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout).Arn).toBe(sts.seed.user.arn);

  // Once more, now that it is active: no second prompt, a fresh sign-in.
  await button.click();
  const again = await federation.open(await app.nextOpenedUrl());
  expect(again.arn).toBe(signin.arn);
  await expect(page.getByTestId('mfa-modal')).toBeHidden();
  expectUrlNeverCrossedIpc(app, url);
});

test('the context menu opens the console too, by mouse and by keyboard, and gives focus back', async ({
  launch,
  sts,
}) => {
  const federation = await federationPeer(sts);
  const app = await launch({ federationUrl: federation.url });
  skipWithoutCapture(app);
  const { page } = app;
  await seed(app, sts);
  await clickStart(page, 'admin');
  await expectStatus(page, 'admin', 'Active');

  await row(page, 'admin').locator('.session-name').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for admin' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText(['Stop', 'Open console', 'Edit', 'Delete']);
  // A click elsewhere closes it, doing nothing.
  await page.getByRole('heading', { name: 'Sessions' }).click();
  await expect(menu).toBeHidden();
  await row(page, 'admin').locator('.session-name').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Open console' }).click();
  await expect(menu).toBeHidden();
  const byMouse = await federation.open(await app.nextOpenedUrl());
  expect(byMouse.destination).toContain('region=eu-central-1');

  const stop = page.getByRole('button', { name: 'Stop admin', exact: true });
  await stop.focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Stop' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(stop).toBeFocused();

  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Open console' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(stop).toBeFocused();
  const byKeys = await federation.open(await app.nextOpenedUrl());
  expect(byKeys.arn).toMatch(new RegExp(`:assumed-role/${roleName(sts.seed.roles.admin)}/`));
  await expectStatus(page, 'admin', 'Active');
});

test('a sign-in that fails is shown on the row, naming the session, and nothing is opened', async ({
  launch,
  sts,
}) => {
  // Nothing listens on port 9: the federation endpoint cannot be reached.
  const app = await launch({ federationUrl: 'http://127.0.0.1:9/federation' });
  skipWithoutCapture(app);
  const { page } = app;
  await seed(app, sts);
  await page.getByRole('button', { name: 'Open console for admin', exact: true }).click();
  const alert = row(page, 'admin').getByRole('alert');
  await expect(alert).toContainText('session admin');
  await expect(alert).toContainText('Could not reach the federation endpoint');
  await expect(alert).toHaveAttribute('data-code', 'NETWORK');
  await expect(
    page.getByRole('button', { name: 'Open console for admin', exact: true }),
  ).toBeEnabled();
  // It was started on the way; the sign-in is what failed, and nothing reached a browser.
  await expectStatus(page, 'admin', 'Active');
  const opened = await Promise.race([
    app.nextOpenedUrl(),
    new Promise<undefined>((resolve) => setTimeout(resolve, 500, undefined)),
  ]);
  expect(opened).toBeUndefined();
});

test('Settings pick the console browser and account switching: with switching on, the opened URL signs out first', async ({
  launch,
  sts,
}) => {
  const federation = await federationPeer(sts);
  const app = await launch({ federationUrl: federation.url });
  skipWithoutCapture(app);
  const { page, core } = app;
  await seed(app, sts);
  await clickStart(page, 'admin');
  await expectStatus(page, 'admin', 'Active');

  await page.getByRole('tab', { name: 'Settings' }).click();
  const browser = page.getByLabel('Open the console in');
  await expect(browser).toHaveValue('default');
  await expect(browser.locator('option')).toHaveCount(6);
  const switching = page.getByLabel('Sign out of the console first', { exact: false });
  await expect(switching).not.toBeChecked();
  await switching.check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect(core.sessions.settings()).toMatchObject({
    consoleBrowser: 'default',
    consoleSwitchAccounts: true,
  });

  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'Open console for admin', exact: true }).click();
  const url = await app.nextOpenedUrl();
  expect(new URL(url).pathname).toBe('/oauth');
  const signin = await federation.open(url);
  expect(signin.loggedOutFirst).toBe(true);
  expect(signin.arn).toMatch(new RegExp(`:assumed-role/${roleName(sts.seed.roles.admin)}/`));

  // A named browser is saved as the CLI's console-browser setting is.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await browser.selectOption('chromium');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect(core.sessions.settings().consoleBrowser).toBe('chromium');
});

test('Ctrl+Enter in the quick switcher opens the console of the highlighted session, which the federation peer accepts', async ({
  launch,
  sts,
}) => {
  const federation = await federationPeer(sts);
  const app = await launch({ federationUrl: federation.url });
  skipWithoutCapture(app);
  const { page } = app;
  await seed(app, sts);
  await page.keyboard.press('Control+k');
  const dialog = page.getByTestId('quick-switcher');
  const input = dialog.getByRole('combobox', { name: 'Find a session' });
  await expect(input).toBeFocused();
  await input.fill('admin');
  await page.keyboard.press('Control+Enter');
  // Inactive: the console starts it first (the iam-user parent needs no MFA here).
  const url = await app.nextOpenedUrl();
  const signin = await federation.open(url);
  expect(signin.arn).toMatch(new RegExp(`:assumed-role/${roleName(sts.seed.roles.admin)}/`));
  expect(signin.destination).toBe(
    'https://console.aws.amazon.com/console/home?region=eu-central-1',
  );
  await expect(dialog.getByTestId('switcher-status')).toHaveText(
    'Opened the console of admin in eu-central-1.',
  );
  await expect(row(page, 'admin')).toBeVisible();
  await expectStatus(page, 'admin', 'Active');
});

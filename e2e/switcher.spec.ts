// The quick switcher (issue 12): Ctrl+K opens it anywhere in the window; fuzzy search over name,
// account, role, profile, region and tags; Enter starts and stops; Ctrl+C has main copy the export
// lines (the AWS CLI signs with them; none crosses IPC); recent and pinned first; Escape returns focus.
import type { Page } from '@playwright/test';
import { runAwsCli } from '../test-support/aws-cli';
import { test, expect } from './fixtures';
import { addIamUser, answerMfa, expectStatus, reloadApp } from './app-driver';
import { totp } from '../test-support/totp';
import { expectNoSeriousViolations } from './axe-check';
import { seedSessions, seededSession } from './seed';

async function openSwitcher(page: Page) {
  await page.keyboard.press('Control+k');
  const dialog = page.getByTestId('quick-switcher');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Find a session' })).toBeFocused();
  return dialog;
}

const highlighted = (page: Page) =>
  page
    .getByTestId('quick-switcher')
    .locator('[role="option"][aria-selected="true"] .switcher-name');

/** `export K='V'` lines → an environment, refusing anything else. */
function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Z_]+)='([^']*)'$/.exec(line);
    if (!match) throw new Error(`not an export line: ${line}`);
    env[match[1]!] = match[2]!;
  }
  return env;
}

test('Ctrl+K finds a session fuzzily, Enter starts it, Ctrl+C copies working export lines, Alt+R moves its region, Enter stops it, Escape returns focus', async ({
  app,
  sts,
}) => {
  const { page, core } = app;
  await seedSessions(core, 30);
  await reloadApp(page);
  await addIamUser(page, {
    name: 'dev',
    profile: 'airlock-dev',
    accessKeyId: sts.seed.user.accessKeyId,
    secretAccessKey: sts.seed.user.secretAccessKey,
    region: 'eu-west-3',
  });
  await page.getByTestId('session-search').focus();

  const dialog = await openSwitcher(page);
  const input = dialog.getByRole('combobox', { name: 'Find a session' });
  await expect(dialog.getByTestId('switcher-count')).toHaveText('31 sessions');
  // A fuzzy query over the profile: "arlkdv" is a subsequence of airlock-dev only.
  await input.fill('arlkdv');
  await expect(dialog.getByTestId('switcher-option')).toHaveCount(1);
  await expect(highlighted(page)).toHaveText('dev');
  await expect(input).toHaveAttribute('aria-activedescendant', /option/);

  // Several matches: the arrows move the highlight and back.
  const target = seededSession(4).name;
  await input.fill(target.split('-').slice(0, 2).join(' '));
  await expect(highlighted(page)).not.toHaveText('');
  const first = await highlighted(page).textContent();
  await page.keyboard.press('ArrowDown');
  await expect(highlighted(page)).not.toHaveText(first ?? '');
  await page.keyboard.press('ArrowUp');
  await expect(highlighted(page)).toHaveText(first ?? '');

  await input.fill('eu-west-3');
  await expect(highlighted(page)).toHaveText('dev');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('switcher-status')).toHaveText('Started dev.', {
    timeout: 30_000,
  });
  await expect(dialog.getByRole('option', { name: /dev/ })).toContainText('Active');

  await page.keyboard.press('Control+c');
  await expect(dialog.getByTestId('switcher-status')).toContainText(
    'Copied the export lines of dev (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN',
  );
  const copied = await app.clipboardText();
  expect(copied).toBeDefined();
  const env = parseExports(copied!);
  // Only what was asked for: this session's temporary credentials and its region.
  expect(Object.keys(env).sort()).toEqual(
    [
      'AWS_ACCESS_KEY_ID',
      'AWS_CREDENTIAL_EXPIRATION',
      'AWS_DEFAULT_REGION',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
    ].sort(),
  );
  expect(env.AWS_ACCESS_KEY_ID).not.toBe(sts.seed.user.accessKeyId);
  expect(copied).not.toContain(sts.seed.user.secretAccessKey);
  expect(env.AWS_REGION).toBe('eu-west-3');
  // The AWS CLI signs with them alone (no profile, an empty credentials file path).
  const who = await runAwsCli(['sts', 'get-caller-identity'], {
    endpoint: sts.endpoint,
    home: app.home,
    env: { ...env, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null' },
  });
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout).Arn).toBe(sts.seed.user.arn);

  // Alt+R: the region dialog for the highlighted session, over the switcher; focus comes back.
  await page.keyboard.press('Alt+r');
  const region = page.getByTestId('region-dialog');
  await expect(region).toBeVisible();
  await expect(region.getByLabel('Region')).toBeFocused();
  await region.getByLabel('Region').fill('us-west-2');
  await page.keyboard.press('Enter');
  await expect(region).toBeHidden();
  await expect(input).toBeFocused();
  const configured = await runAwsCli(['configure', 'get', 'region', '--profile', 'airlock-dev'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(configured.stdout.trim()).toBe('us-west-2');
  // The session moved out of the eu-west-3 results; by name it is still there.
  await input.fill('dev');
  await expect(highlighted(page)).toHaveText('dev');

  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('switcher-status')).toHaveText('Stopped dev.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('session-search')).toBeFocused();
  await expectStatus(page, 'dev', 'Inactive');
});

test('with no query, pinned sessions come first, then the most recently started', async ({
  app,
  sts,
}) => {
  const { page, core } = app;
  await seedSessions(core, 10);
  const pinned = seededSession(6).name;
  await core.sessions.setMarks(pinned, { pinned: true });
  await reloadApp(page);
  await addIamUser(page, {
    name: 'zz-recent',
    profile: 'zz-recent',
    accessKeyId: sts.seed.user.accessKeyId,
    secretAccessKey: sts.seed.user.secretAccessKey,
  });
  let dialog = await openSwitcher(page);
  const names = () => dialog.locator('[role="option"] .switcher-name').allTextContents();
  const before = await names();
  expect(before[0]).toBe(`★ Pinned: ${pinned}`);
  // Never started: by name, so "zz-recent" is last.
  expect(before.at(-1)).toBe('zz-recent');
  await dialog.getByRole('combobox').fill('zz-recent');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('switcher-status')).toHaveText('Started zz-recent.', {
    timeout: 30_000,
  });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  dialog = await openSwitcher(page);
  expect((await names()).slice(0, 2)).toEqual([`★ Pinned: ${pinned}`, 'zz-recent']);
  expect(core.sessions.get('zz-recent').usedAt).toBeDefined();
  await page.keyboard.press('Escape');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the switcher is axe clean with results, a highlight and an error (${colorScheme})`, async ({
    launch,
  }) => {
    const app = await launch({ colorScheme });
    const { page, core } = app;
    await seedSessions(core, 12);
    await core.sessions.setMarks(seededSession(2).name, { pinned: true, tags: ['prod'] });
    await reloadApp(page);
    await expect(page.getByTestId('session-count')).toHaveText('12 sessions');
    const dialog = await openSwitcher(page);
    await expectNoSeriousViolations(page, `switcher (${colorScheme})`);
    // A seeded role has no parent credentials to copy: the error is shown, nothing is copied.
    await dialog.getByRole('combobox').fill(seededSession(3).name);
    await page.keyboard.press('Control+c');
    await expect(dialog.getByRole('alert')).toBeVisible({ timeout: 30_000 });
    expect(await app.clipboardText()).toBeUndefined();
    await dialog.getByRole('combobox').fill('no such session at all');
    await expect(dialog.getByTestId('switcher-count')).toContainText('No session matches');
    await expectNoSeriousViolations(page, `switcher with an error, no match (${colorScheme})`);
  });
}

test('the global shortcut is off by default, is set and checked in Settings, and its event opens the switcher', async ({
  app,
}) => {
  const { page, core } = app;
  expect((await core.settings.get()).switcherShortcut).toBeNull();
  await page.getByRole('tab', { name: 'Settings' }).click();
  const field = page.getByLabel('Global shortcut for the quick switcher');
  await expect(field).toHaveValue('');
  await field.fill('Shift+K');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Shortcut needs a modifier besides Shift')).toBeVisible();
  await expect(field).toHaveValue('Shift+K');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect((await core.settings.get()).switcherShortcut).toBeNull();
  await expectNoSeriousViolations(page, 'settings with a bad shortcut');

  await field.fill('ctrl+alt+k');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(field).toHaveValue('Control+Alt+K');
  expect((await core.settings.get()).switcherShortcut).toBe('Control+Alt+K');

  // What the shell does when the shortcut is pressed in another app.
  core.events.emit('switcher:open', {});
  const dialog = page.getByTestId('quick-switcher');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('Enter on a session that needs MFA opens the MFA prompt over the switcher; the code starts it', async ({
  app,
  sts,
}) => {
  const { page } = app;
  await addIamUser(page, {
    name: 'mfa-dev',
    profile: 'airlock-mfa-dev',
    accessKeyId: sts.seed.user.accessKeyId,
    secretAccessKey: sts.seed.user.secretAccessKey,
    mfaSerial: sts.seed.mfa.serial,
  });
  const dialog = await openSwitcher(page);
  await dialog.getByRole('combobox').fill('mfa');
  await page.keyboard.press('Enter');
  await answerMfa(page, totp(sts.seed.mfa.secretBase32));
  await expect(page.getByTestId('mfa-modal')).toBeHidden();
  await expect(dialog.getByTestId('switcher-status')).toHaveText('Started mfa-dev.', {
    timeout: 30_000,
  });
  // Focus came back to the switcher's box, so the keys go on working.
  await expect(dialog.getByRole('combobox')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('switcher-status')).toHaveText('Stopped mfa-dev.');
});

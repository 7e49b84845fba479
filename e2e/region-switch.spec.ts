// Region switch from the session row (issue 12): an active session's profile takes the new region
// at once, judged by the AWS CLI, with the same credentials; bad input keeps what was typed.
import { readFile } from 'node:fs/promises';
import { runAwsCli } from '../test-support/aws-cli';
import { test, expect } from './fixtures';
import { addIamUser, clickStart, expectStatus, row } from './app-driver';
import { expectNoSeriousViolations } from './axe-check';

const regionOf = async (home: string, endpoint: string, profile: string): Promise<string> =>
  (
    await runAwsCli(['configure', 'get', 'region', '--profile', profile], { endpoint, home })
  ).stdout.trim();

test('the row’s region opens a dialog by keyboard; the active profile takes the new region at once, with the same credentials', async ({
  app,
  sts,
}) => {
  const { page } = app;
  await addIamUser(page, {
    name: 'dev',
    profile: 'airlock-dev',
    accessKeyId: sts.seed.user.accessKeyId,
    secretAccessKey: sts.seed.user.secretAccessKey,
    region: 'eu-central-1',
  });
  await clickStart(page, 'dev');
  await expectStatus(page, 'dev', 'Active');
  expect(await regionOf(app.home, sts.endpoint, 'airlock-dev')).toBe('eu-central-1');
  const credentialsBefore = await readFile(app.credentialsFile, 'utf8');
  const expiresBefore = app.core.sessions.get('dev').state.expiresAt;

  const opener = page.getByRole('button', { name: 'Change region of dev: eu-central-1' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('region-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('takes the new region at once');
  const input = dialog.getByLabel('Region');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('eu-central-1');

  // A malformed region: the dialog says why and keeps what was typed; nothing is sent.
  await input.fill('eu-west');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('Region must be a region like eu-west-1')).toBeVisible();
  await expect(input).toHaveValue('eu-west');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousViolations(page, 'region dialog with an error');

  await input.fill('ap-southeast-2');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const moved = page.getByRole('button', { name: 'Change region of dev: ap-southeast-2' });
  await expect(moved).toBeVisible();
  await expect(moved).toBeFocused();
  await expectStatus(page, 'dev', 'Active');

  expect(await regionOf(app.home, sts.endpoint, 'airlock-dev')).toBe('ap-southeast-2');
  // No new STS call: the same credentials, byte for byte, with the same expiry.
  expect(await readFile(app.credentialsFile, 'utf8')).toBe(credentialsBefore);
  expect(app.core.sessions.get('dev').state.expiresAt).toBe(expiresBefore);
  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-dev'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);

  // Escape closes without a change and gives focus back.
  await moved.click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Region').fill('us-west-2');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(moved).toBeFocused();
  expect(await regionOf(app.home, sts.endpoint, 'airlock-dev')).toBe('ap-southeast-2');
});

test('an inactive session’s region changes only in Airlock, until it starts; the dialog is axe clean in dark mode', async ({
  launch,
  sts,
}) => {
  const app = await launch({ colorScheme: 'dark' });
  const { page } = app;
  await addIamUser(page, {
    name: 'idle',
    profile: 'airlock-idle',
    accessKeyId: sts.seed.user.accessKeyId,
    secretAccessKey: sts.seed.user.secretAccessKey,
  });
  await row(page, 'idle')
    .getByRole('button', { name: /^Change region of idle/ })
    .click();
  const dialog = page.getByTestId('region-dialog');
  await expect(dialog).toContainText('gets this region when the session next starts');
  await expectNoSeriousViolations(page, 'region dialog, dark');
  await dialog.getByLabel('Region').fill('sa-east-1');
  await dialog.getByRole('button', { name: 'Change region' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'idle')).toContainText('sa-east-1');
  expect(await readFile(app.configFile, 'utf8').catch(() => '')).not.toContain('airlock-idle');
  await clickStart(page, 'idle');
  await expectStatus(page, 'idle', 'Active');
  expect(await regionOf(app.home, sts.endpoint, 'airlock-idle')).toBe('sa-east-1');
});

// A role chained from an MFA iam-user, and "Make default" in the profiles view.
import { runAwsCli } from '../test-support/aws-cli';
import { totp } from '../test-support/totp';
import { test, expect } from './fixtures';
import { addIamUser, addSession, answerMfa, clickStart, expectStatus } from './app-driver';

test('a chained role starts from its MFA parent and "Make default" serves it as the default profile', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { user, mfa, roles } = sts.seed;
  await addIamUser(page, {
    name: 'base',
    profile: 'airlock-base',
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
    mfaSerial: mfa.serial,
  });
  await clickStart(page, 'base');
  await answerMfa(page, totp(mfa.secretBase32));
  await expectStatus(page, 'base', 'Active');

  await addSession(
    page,
    'iam-role',
    { Name: 'admin', Profile: 'airlock-admin', 'Role ARN': roles.admin },
    'base (airlock-base)',
  );
  await clickStart(page, 'admin');
  await expectStatus(page, 'admin', 'Active');

  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-admin'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);
  const roleName = roles.admin.split('/').pop() ?? '';
  expect(JSON.parse(who.stdout).Arn).toContain(`assumed-role/${roleName}/`);

  await page.getByRole('tab', { name: 'Profiles' }).click();
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /airlock-admin/ })).toContainText('Airlock');
  await page.getByRole('button', { name: 'Make airlock-admin the default profile' }).click();
  await expect(table.getByRole('row', { name: /^default/ })).toContainText('admin');

  const byDefault = await runAwsCli(['sts', 'get-caller-identity'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(byDefault.code, byDefault.stderr).toBe(0);
  expect(JSON.parse(byDefault.stdout).Arn).toContain(`assumed-role/${roleName}/`);
});

test('the form shows per-field messages from the contract schemas and requires a parent', async ({
  app,
}) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Add your first session' }).click();
  const form = page.getByTestId('session-form');
  await form.getByLabel('Kind').selectOption('iam-role');
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('bad name!');
  await form.getByRole('textbox', { name: 'Role ARN' }).fill('not-an-arn');
  await form.getByRole('spinbutton', { name: 'Duration (seconds)' }).fill('50000');
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toContainText('Name may use letters, digits');
  await expect(form).toContainText('Profile is required');
  await expect(form).toContainText('Parent session is required');
  await expect(form).toContainText('Role ARN must be a role ARN');
  await expect(form).toContainText('Duration (seconds) must be between 900 and 43200 seconds');
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused();
  await expect(form.getByRole('textbox', { name: 'Role ARN' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
});

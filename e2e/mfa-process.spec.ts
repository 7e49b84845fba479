// MFA by command in the app: the form's "MFA command" (mfaProcess), a start that needs no modal
// when the command prints the right code, and the MFA modal with the reason when it does not.
// The command is test-support/print-totp.ts, bundled, printing a TOTP code as ykman does.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAwsCli } from '../test-support/aws-cli';
import { bundleScript } from '../test-support/bundle-script';
import { totp } from '../test-support/totp';
import { test, expect, harnessCan } from './fixtures';
import { answerMfa, clickStart, expectStatus, field, openAddForm, row } from './app-driver';
import type { LaunchedApp } from './harness';

/** A secret that is not the seed device's: its codes are well formed and always rejected. */
const WRONG_SECRET = 'JBSWY3DPEHPK3PXP';

let printTotp: string | undefined;

/** `'node' '…/print-totp.mjs'`, quoted as a person would type it; bundled on first use. */
async function totpCommand(secret: string): Promise<string> {
  printTotp ??= await bundleScript(
    'test-support/print-totp.ts',
    await mkdtemp(join(tmpdir(), 'airlock-e2e-totp-')),
  );
  return `'${process.execPath}' '${printTotp}' ${secret}`;
}

function mfaPrompts(app: LaunchedApp): number | undefined {
  if (!harnessCan(app, 'ipc')) return undefined;
  return app.ipc.filter((m) => m.direction === 'main→renderer' && m.channel === 'prompt:mfa')
    .length;
}

test('an iam-user whose MFA command prints the right code starts without the modal, and the AWS CLI uses its profile', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { user, mfa } = sts.seed;
  const command = await totpCommand(mfa.secretBase32);
  const form = await openAddForm(page);
  await field(form, 'Kind').selectOption('iam-user');
  await field(form, 'Name').fill('yubi');
  await field(form, 'Profile').fill('airlock-yubi');
  await field(form, 'Access key ID').fill(user.accessKeyId);
  await field(form, 'Secret access key').fill(user.secretAccessKey);
  await field(form, 'MFA device ARN').fill(mfa.serial);
  await field(form, 'MFA command').fill(command);
  await expect(form).toContainText('A command that prints the code');
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toBeHidden();

  const tag = row(page, 'yubi').getByText('MFA by command');
  await expect(tag).toBeVisible();
  await expect(tag).toHaveAttribute('title', `MFA command: ${command}`);

  await clickStart(page, 'yubi');
  await expectStatus(page, 'yubi', 'Active');
  await expect(page.getByTestId('mfa-modal')).toBeHidden();
  expect(mfaPrompts(app) ?? 0).toBe(0);

  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-yubi'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout)).toMatchObject({ Arn: user.arn, Account: sts.accountId });

  // The edit form shows the command as it is stored.
  await page.getByRole('button', { name: 'Edit yubi', exact: true }).click();
  await expect(field(page.getByTestId('session-form'), 'MFA command')).toHaveValue(command);
});

test('an iam-role whose MFA command prints a wrong code opens the MFA modal with the reason, and the right code typed there starts it', async ({
  app,
  sts,
}) => {
  const { page, core } = app;
  const { user, mfa, roles } = sts.seed;
  await core.sessions.add({
    config: { kind: 'iam-user', name: 'base', profile: 'airlock-base' },
    keys: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
  });
  await expect(row(page, 'base')).toBeVisible();
  const wrong = await totpCommand(WRONG_SECRET);

  const form = await openAddForm(page);
  await field(form, 'Kind').selectOption('iam-role');
  await field(form, 'Parent session').selectOption({ label: 'base (airlock-base)' });
  await field(form, 'Name').fill('guarded');
  await field(form, 'Profile').fill('airlock-guarded');
  await field(form, 'Role ARN').fill(roles.mfaRequired);
  await field(form, 'MFA device ARN').fill(mfa.serial);
  await field(form, 'MFA command').fill(wrong);
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toBeHidden();

  await clickStart(page, 'guarded');
  const modal = page.getByTestId('mfa-modal');
  await expect(modal).toBeVisible();
  const reason = modal.getByRole('alert');
  await expect(reason).toContainText(
    'AWS rejected the MFA code printed by the mfa-process of session guarded',
  );
  await expect(reason).toHaveAttribute('data-code', 'MFA_REJECTED');
  // The command's output is the code: it is never shown.
  await expect(modal).not.toContainText(totp(WRONG_SECRET));
  await answerMfa(page, totp(mfa.secretBase32));
  await expectStatus(page, 'guarded', 'Active');
  await expect(modal).toBeHidden();

  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-guarded'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout).Arn).toContain(
    `assumed-role/${roles.mfaRequired.split('/').pop()}/`,
  );
});

test('a command that cannot run opens the modal saying so; cancelling leaves the session inactive with no error', async ({
  app,
  sts,
}) => {
  const { page, core } = app;
  const { user, mfa } = sts.seed;
  await core.sessions.add({
    config: {
      kind: 'iam-user',
      name: 'nokey',
      profile: 'airlock-nokey',
      mfaSerial: mfa.serial,
      mfaProcess: 'airlock-no-such-command-e2e oath code',
    },
    keys: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
  });
  await clickStart(page, 'nokey');
  const modal = page.getByTestId('mfa-modal');
  await expect(modal.getByRole('alert')).toContainText(
    'The mfa-process of session nokey (airlock-no-such-command-e2e oath code) could not be run (ENOENT)',
  );
  await modal.getByRole('button', { name: 'Cancel' }).click();
  await expect(modal).toBeHidden();
  await expectStatus(page, 'nokey', 'Inactive');
  await expect(row(page, 'nokey').locator('.session-error')).toHaveCount(0);
});

test('the form gives the MFA command a per-field message and keeps what was typed', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const form = await openAddForm(page);
  await field(form, 'Kind').selectOption('iam-user');
  await field(form, 'Name').fill('typo');
  await field(form, 'Profile').fill('airlock-typo');
  await field(form, 'Access key ID').fill(sts.seed.user.accessKeyId);
  await field(form, 'Secret access key').fill(sts.seed.user.secretAccessKey);
  await field(form, 'MFA command').fill("ykman oath accounts code --single 'AWS dev");
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toContainText("MFA command has an unclosed ' quote");
  await expect(field(form, 'MFA command')).toBeFocused();
  await expect(field(form, 'MFA command')).toHaveAttribute('aria-invalid', 'true');

  await field(form, 'MFA command').fill("ykman oath accounts code --single 'AWS dev'");
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toContainText('MFA command needs an MFA device ARN');
  await expect(field(form, 'Name')).toHaveValue('typo');
  await expect(field(form, 'MFA command')).toHaveValue(
    "ykman oath accounts code --single 'AWS dev'",
  );

  await field(form, 'MFA device ARN').fill(sts.seed.mfa.serial);
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toBeHidden();
  await expect(row(page, 'typo').getByText('MFA by command')).toBeVisible();
});

test('the MFA modal offers the MFA command: saved from there, the next start runs it and needs no modal', async ({
  app,
  sts,
}) => {
  const { page, core } = app;
  const { user, mfa } = sts.seed;
  await core.sessions.add({
    config: { kind: 'iam-user', name: 'asked', profile: 'airlock-asked', mfaSerial: mfa.serial },
    keys: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
  });
  await clickStart(page, 'asked');
  const modal = page.getByTestId('mfa-modal');
  await expect(modal).toBeVisible();
  const disclosure = modal.getByRole('button', { name: 'Get codes from a command…' });
  await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
  await disclosure.click();
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
  const input = modal.getByRole('textbox', { name: 'MFA command' });

  // A bad command is refused at the field, and Enter there saves rather than sends the code form.
  await input.fill('ykman "oath');
  await input.press('Enter');
  await expect(modal).toContainText('MFA command has an unclosed " quote');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(modal).toBeVisible();
  expect('mfaProcess' in core.sessions.get('asked')).toBe(false);

  const command = await totpCommand(mfa.secretBase32);
  await input.fill(command);
  await modal.getByRole('button', { name: 'Save command' }).click();
  await expect(modal.getByRole('status').filter({ hasText: 'Saved' })).toContainText(
    'from the next start, asked runs this command',
  );
  expect(core.sessions.get('asked')).toMatchObject({ mfaProcess: command });

  // This start still takes the code typed here.
  await answerMfa(page, totp(mfa.secretBase32));
  await expectStatus(page, 'asked', 'Active');
  await expect(row(page, 'asked').getByText('MFA by command')).toBeVisible();

  await page.getByRole('button', { name: 'Stop asked', exact: true }).click();
  await expectStatus(page, 'asked', 'Inactive');
  const promptsBefore = mfaPrompts(app);
  await clickStart(page, 'asked');
  await expectStatus(page, 'asked', 'Active');
  await expect(modal).toBeHidden();
  if (promptsBefore !== undefined) expect(mfaPrompts(app)).toBe(promptsBefore);
  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-asked'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout).Arn).toBe(user.arn);
});

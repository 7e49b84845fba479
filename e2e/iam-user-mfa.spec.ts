// An iam-user with MFA, end to end: form → MFA modal → profile the AWS CLI accepts → stop removes it.
import { readFile } from 'node:fs/promises';
import { runAwsCli } from '../test-support/aws-cli';
import { totp } from '../test-support/totp';
import { test, expect, harnessCan } from './fixtures';
import { addIamUser, answerMfa, clickStart, expectStatus, row } from './app-driver';
import { issuedSecrets } from './harness';

test('an iam-user with MFA starts through the MFA modal, writes a working profile, and stop removes it', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { user, mfa } = sts.seed;
  await expect(page.getByRole('heading', { name: 'No sessions yet' })).toBeVisible();
  await addIamUser(page, {
    name: 'dev',
    profile: 'airlock-dev',
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
    mfaSerial: mfa.serial,
  });

  // The keys went to the keychain: editing says so, and offers to keep them.
  await page.getByRole('button', { name: 'Edit dev', exact: true }).click();
  await expect(
    page.getByText('Stored in the keychain and never shown. Leave empty to keep.').first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();

  await clickStart(page, 'dev');
  const modal = page.getByTestId('mfa-modal');
  await expect(modal).toContainText('dev');
  await expect(modal).toContainText(mfa.serial);
  await answerMfa(page, totp(mfa.secretBase32));
  await expectStatus(page, 'dev', 'Active');
  await expect(modal).toBeHidden();
  await expect(row(page, 'dev')).toContainText(/expires in \d+h/);

  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-dev'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout)).toMatchObject({ Arn: user.arn, Account: sts.accountId });

  // Nothing STS issued, nor the long-term secret, ever travelled back to the renderer.
  const secrets = await app.secretsIssued();
  expect(secrets).toContain(user.secretAccessKey);
  expect((await issuedSecrets(app.credentialsFile)).length).toBeGreaterThan(0);
  const issued = secrets.filter((secret) => secret !== user.secretAccessKey);
  expect(issued.length).toBeGreaterThan(0);
  if (harnessCan(app, 'ipc')) {
    for (const message of app.ipc) {
      for (const secret of issued) expect(message.json).not.toContain(secret);
      if (message.direction === 'main→renderer') {
        expect(message.json).not.toContain(user.secretAccessKey);
      }
    }
    // The long-term secret crossed exactly once, write-only, in the add request.
    expect(
      app.ipc.filter((m) => m.json.includes(user.secretAccessKey)).map((m) => m.channel),
    ).toEqual(['session:add']);
  }

  await page.getByRole('button', { name: 'Stop dev', exact: true }).click();
  await expectStatus(page, 'dev', 'Inactive');
  const credentials = await readFile(app.credentialsFile, 'utf8').catch(() => '');
  expect(credentials).not.toContain('[airlock-dev]');
  const after = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-dev'], {
    endpoint: sts.endpoint,
    home: app.home,
  });
  expect(after.code).not.toBe(0);
});

test('a wrong MFA code shows the error in the modal and a retry with the right code succeeds', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { user, mfa } = sts.seed;
  await addIamUser(page, {
    name: 'retry',
    profile: 'airlock-retry',
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
    mfaSerial: mfa.serial,
  });
  await clickStart(page, 'retry');
  const current = totp(mfa.secretBase32);
  const wrong = current === '000000' ? '111111' : '000000';
  const modal = await answerMfa(page, wrong);
  await expect(modal.getByRole('alert')).toContainText(/MFA|code/i);
  await expect(modal.getByLabel('MFA code')).toHaveValue('');
  await answerMfa(page, totp(mfa.secretBase32));
  await expectStatus(page, 'retry', 'Active');
  await expect(modal).toBeHidden();
});

test('cancelling the MFA prompt leaves the session inactive', async ({ app, sts }) => {
  const { page } = app;
  const { user, mfa } = sts.seed;
  await addIamUser(page, {
    name: 'cancel',
    profile: 'airlock-cancel',
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
    mfaSerial: mfa.serial,
  });
  await clickStart(page, 'cancel');
  const modal = page.getByTestId('mfa-modal');
  await expect(modal).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(modal).toBeHidden();
  await expect(row(page, 'cancel').locator('.badge')).not.toHaveText('Active');
});

// The SAML hardening of issue 11 through the UI: an http IdP URL is refused unless loopback, a
// regional sign-in endpoint ends the login, and "Forget IdP login" makes the next start sign in again.
import { startFixtureIdp } from '../test-support/fixture-idp';
import { test, expect } from './fixtures';
import { addSession, clickStart, expectStatus, field, openAddForm } from './app-driver';

test('the form refuses a plain-http IdP URL on another host and says to use https', async ({
  app,
}) => {
  const { page } = app;
  const form = await openAddForm(page);
  await field(form, 'Kind').selectOption('saml');
  await field(form, 'Name').fill('plain');
  await field(form, 'Profile').fill('plain');
  await field(form, 'IdP sign-in URL').fill('http://idp.example.com/sso');
  await field(form, 'Role ARN').fill('arn:aws:iam::123456789012:role/Admin');
  await field(form, 'SAML provider ARN').fill('arn:aws:iam::123456789012:saml-provider/corp');
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toContainText('must use https (http only for localhost, 127.0.0.1 or ::1)');
  expect(await app.core.sessions.list()).toEqual([]);
});

test('a login posted to a regional sign-in endpoint is intercepted and starts the session', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { roles, samlProviderArn } = sts.seed;
  const idp = await startFixtureIdp({
    roles: [{ roleArn: roles.saml, principalArn: samlProviderArn }],
    signInUrl: 'https://eu-west-1.signin.aws.amazon.com/saml',
  });
  try {
    await addSession(page, 'saml', {
      Name: 'regional',
      Profile: 'airlock-regional',
      'IdP sign-in URL': idp.url,
      'Role ARN': roles.saml,
      'SAML provider ARN': samlProviderArn,
    });
    await clickStart(page, 'regional');
    const login = await app.nextSamlPage();
    await login.getByLabel('Username').fill('alice@example.com');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await expectStatus(page, 'regional', 'Active');
  } finally {
    await idp.stop();
  }
});

test('"Forget IdP logins" in settings makes the next start sign in at the IdP again', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { roles, samlProviderArn } = sts.seed;
  const idp = await startFixtureIdp({
    roles: [{ roleArn: roles.saml, principalArn: samlProviderArn }],
    rememberLogin: true,
  });
  try {
    await addSession(page, 'saml', {
      Name: 'remembered',
      Profile: 'airlock-remembered',
      'IdP sign-in URL': idp.url,
      'Role ARN': roles.saml,
      'SAML provider ARN': samlProviderArn,
    });
    await clickStart(page, 'remembered');
    const first = await app.nextSamlPage();
    await first.getByLabel('Username').fill('alice@example.com');
    await first.getByRole('button', { name: 'Sign in' }).click();
    await expectStatus(page, 'remembered', 'Active');
    await page.getByRole('button', { name: 'Stop remembered', exact: true }).click();

    // The IdP remembers the login: a start needs no form at all.
    await expectStatus(page, 'remembered', 'Inactive');
    await clickStart(page, 'remembered');
    await expectStatus(page, 'remembered', 'Active');
    await page.getByRole('button', { name: 'Stop remembered', exact: true }).click();
    await expectStatus(page, 'remembered', 'Inactive');

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Forget IdP logins' }).click();
    await expect(page.getByTestId('forget-status')).toHaveText(
      'IdP logins forgotten: the next start signs in again',
    );
    expect(app.ipc.some((m) => m.channel === 'saml:forget-logins')).toBe(true);

    await page.getByRole('tab', { name: 'Sessions' }).click();
    await clickStart(page, 'remembered');
    const again = await app.nextSamlPage();
    await expect(again.getByLabel('Username')).toBeVisible();
    await again.getByLabel('Username').fill('alice@example.com');
    await again.getByRole('button', { name: 'Sign in' }).click();
    await expectStatus(page, 'remembered', 'Active');
  } finally {
    await idp.stop();
  }
});

test('Settings edit the SAML window: not remembering IdP logins, and the origins it may visit, a bad one explained and kept', async ({
  app,
}) => {
  const { page, core } = app;
  expect(await core.settings.get()).toMatchObject({
    samlPersistentLogin: true,
    samlAllowedOrigins: [],
  });
  await page.getByRole('tab', { name: 'Settings' }).click();
  const remember = page.getByRole('checkbox', {
    name: 'Remember IdP logins between restarts (cookies encrypted on disk)',
  });
  const origins = page.getByLabel(
    'Other sites the sign-in window may visit (https origins, one per line)',
  );
  await expect(remember).toBeChecked();
  await remember.focus();
  await page.keyboard.press('Space');
  await expect(remember).not.toBeChecked();
  await origins.fill('https://mfa.example.net\nhttp://push.example.net');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(origins).toHaveAttribute('aria-invalid', 'true');
  await expect(origins).toHaveAccessibleDescription(/http:\/\/push\.example\.net.*https origin/);
  await expect(origins).toHaveValue('https://mfa.example.net\nhttp://push.example.net');
  expect(await core.settings.get()).toMatchObject({
    samlPersistentLogin: true,
    samlAllowedOrigins: [],
  });

  await origins.fill('https://mfa.example.net\nhttps://push.example.net:8443');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect(await core.settings.get()).toMatchObject({
    samlPersistentLogin: false,
    samlAllowedOrigins: ['https://mfa.example.net', 'https://push.example.net:8443'],
  });
});

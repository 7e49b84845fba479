// The SAML hardening of issue 11 through the UI: an http IdP URL is refused unless loopback, a
// regional sign-in endpoint ends the login, and "Forget IdP login" makes the next start sign in again.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFixtureIdp } from '../test-support/fixture-idp';
import { test, expect, harnessCan } from './fixtures';
import { addSession, clickStart, expectStatus, field, openAddForm, row } from './app-driver';

/** An IdP page on its own origin that frames a login of another origin, as a hostile embed would. */
async function framingPage(framed: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="en"><title>Corp sign-in</title><iframe title="login" src="${framed}"></iframe></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
    if (harnessCan(app, 'ipc')) {
      expect(app.ipc.some((m) => m.channel === 'saml:forget-logins')).toBe(true);
    }

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

test("a sign-in POST from a frame of another origin inside the IdP's page is refused, naming it", async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { roles, samlProviderArn } = sts.seed;
  const foreign = await startFixtureIdp({
    roles: [{ roleArn: roles.saml, principalArn: samlProviderArn }],
  });
  const idp = await framingPage(foreign.url);
  try {
    await addSession(page, 'saml', {
      Name: 'framed',
      Profile: 'airlock-framed',
      'IdP sign-in URL': idp.url,
      'Role ARN': roles.saml,
      'SAML provider ARN': samlProviderArn,
    });
    await clickStart(page, 'framed');
    const login = await app.nextSamlPage();
    const frame = login.frameLocator('iframe');
    await frame.getByLabel('Username').fill('alice@example.com');
    await frame.getByRole('button', { name: 'Sign in' }).click();
    await expect(row(page, 'framed')).toContainText(
      `was posted by ${new URL(foreign.url).origin}, which is neither the IdP's origin (${new URL(idp.url).origin})`,
      { timeout: 30_000 },
    );
    await expectStatus(page, 'framed', 'Failed');
    expect(app.core.sessions.get('framed').state).toMatchObject({
      lastError: { code: 'SAML_INVALID' },
    });
  } finally {
    await idp.stop();
    await foreign.stop();
  }
});

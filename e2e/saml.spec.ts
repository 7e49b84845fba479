// SAML sessions through the fixture IdP: the login page, the intercepted POST, and the role picker.
import { runAwsCli } from '../test-support/aws-cli';
import { startFixtureIdp } from '../test-support/fixture-idp';
import { test, expect } from './fixtures';
import { addSession, clickStart, expectStatus } from './app-driver';

test('a SAML session signs in at the IdP and the intercepted assertion starts it', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { roles, samlProviderArn } = sts.seed;
  const idp = await startFixtureIdp({
    roles: [{ roleArn: roles.saml, principalArn: samlProviderArn }],
  });
  try {
    await addSession(page, 'saml', {
      Name: 'sso',
      Profile: 'airlock-sso',
      'IdP sign-in URL': idp.url,
      'Role ARN': roles.saml,
      'SAML provider ARN': samlProviderArn,
    });
    await clickStart(page, 'sso');
    const login = await app.nextSamlPage();
    await login.getByLabel('Username').fill('alice@example.com');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await expectStatus(page, 'sso', 'Active');

    const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-sso'], {
      endpoint: sts.endpoint,
      home: app.home,
    });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toContain(`assumed-role/${roles.saml.split('/').pop()}/`);
  } finally {
    await idp.stop();
  }
});

test("an assertion with two of the provider's roles, neither configured, asks the role picker with only those and uses the choice", async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { roles, samlProviderArn, user } = sts.seed;
  const account = user.arn.split(':')[4] ?? '';
  const elsewhere = account === '210987654321' ? '123456789012' : '210987654321';
  const idp = await startFixtureIdp({
    roles: [
      { roleArn: roles.saml, principalArn: samlProviderArn },
      // Neither may be offered: another account's role, and a role of another provider.
      {
        roleArn: `arn:aws:iam::${elsewhere}:role/Admin`,
        principalArn: `arn:aws:iam::${elsewhere}:saml-provider/airlock-idp`,
      },
      {
        roleArn: `arn:aws:iam::${account}:role/Billing`,
        principalArn: `arn:aws:iam::${account}:saml-provider/other-idp`,
      },
      { roleArn: roles.samlAlt, principalArn: samlProviderArn },
    ],
  });
  try {
    await addSession(page, 'saml', {
      Name: 'pick',
      Profile: 'airlock-pick',
      'IdP sign-in URL': idp.url,
      'Role ARN': `arn:aws:iam::${account}:role/NotGranted`,
      'SAML provider ARN': samlProviderArn,
    });
    await clickStart(page, 'pick');
    const login = await app.nextSamlPage();
    await login.getByLabel('Username').fill('alice@example.com');
    await login.getByRole('button', { name: 'Sign in' }).click();

    const picker = page.getByTestId('role-picker');
    await expect(picker).toBeVisible();
    await expect(picker).toContainText('pick');
    await expect(picker.getByRole('radio')).toHaveCount(2);
    await expect(picker).not.toContainText(elsewhere);
    await expect(picker).not.toContainText('Billing');
    await picker
      .getByRole('radio', { name: new RegExp(roles.samlAlt.split('/').pop() ?? '') })
      .check();
    await picker.getByRole('button', { name: 'Use this role' }).click();
    await expect(picker).toBeHidden();
    await expectStatus(page, 'pick', 'Active');

    const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'airlock-pick'], {
      endpoint: sts.endpoint,
      home: app.home,
    });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toContain(`assumed-role/${roles.samlAlt.split('/').pop()}/`);
  } finally {
    await idp.stop();
  }
});

// Proves the fixture IdP's sign-in yields a SAMLResponse that the STS peer exchanges for credentials.
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AWS_SAML_SIGN_IN_URL, startFixtureIdp, type FixtureIdp } from './fixture-idp';

const { endpoint, seed } = inject('stsPeer');
let idp: FixtureIdp | undefined;

afterEach(async () => {
  await idp?.stop();
  idp = undefined;
});

function signIn(url: string, username: string, password: string): Promise<Response> {
  return fetch(new URL('/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

describe('startFixtureIdp', () => {
  it('shows a login form with a Sign in button', async () => {
    idp = await startFixtureIdp({ roles: [] });
    const page = await (await fetch(idp.url)).text();
    expect(page).toContain('<form method="post" action="/login">');
    expect(page).toContain('name="username"');
    expect(page).toContain('type="password"');
    expect(page).toContain('>Sign in</button>');
  });

  it('posts a SAMLResponse to AWS sign-in that the peer accepts for either role', async () => {
    const roles = [
      { roleArn: seed.roles.saml, principalArn: seed.samlProviderArn },
      { roleArn: seed.roles.samlAlt, principalArn: seed.samlProviderArn },
    ];
    idp = await startFixtureIdp({ roles, username: 'alice', password: 'pw' });
    const page = await (await signIn(idp.url, 'alice', 'pw')).text();
    expect(page).toContain(`action="${AWS_SAML_SIGN_IN_URL}"`);
    const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(page)?.[1];
    expect(samlResponse).toBeDefined();
    const sts = new STSClient({ region: 'us-east-1', endpoint });
    const assumed = await sts.send(
      new AssumeRoleWithSAMLCommand({
        RoleArn: seed.roles.samlAlt,
        PrincipalArn: seed.samlProviderArn,
        SAMLAssertion: samlResponse,
      }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toMatch(/:assumed-role\/airlock-saml-ops\/alice$/);
  });

  it('refuses a wrong password with the form again', async () => {
    idp = await startFixtureIdp({ roles: [], username: 'alice', password: 'pw' });
    const response = await signIn(idp.url, 'alice', 'nope');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Incorrect username or password.');
  });
});

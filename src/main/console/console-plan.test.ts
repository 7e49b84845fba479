import { describe, expect, it } from 'vitest';
import {
  checkDestination,
  consoleUrl,
  federatedName,
  federationEndpoint,
  launchArgv,
  launchPlan,
  loginUrl,
  signinRule,
  signinTokenUrl,
  withLogout,
} from './console-plan';

const creds = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's/e+cret', sessionToken: 'to&ken=' };

describe('federation endpoint and console URL', () => {
  it('picks the sign-in host of the region partition', () => {
    expect(federationEndpoint('eu-west-1')).toBe('https://signin.aws.amazon.com/federation');
    expect(federationEndpoint('us-gov-west-1')).toBe(
      'https://signin.amazonaws-us-gov.com/federation',
    );
    expect(federationEndpoint('cn-north-1')).toBe('https://signin.amazonaws.cn/federation');
  });

  it('uses AIRLOCK_FEDERATION_URL as given when set', () => {
    expect(federationEndpoint('cn-north-1', 'http://127.0.0.1:9/federation')).toBe(
      'http://127.0.0.1:9/federation',
    );
  });

  it('lands on the console home of the region, in its partition', () => {
    expect(consoleUrl('eu-west-1')).toBe(
      'https://console.aws.amazon.com/console/home?region=eu-west-1',
    );
    expect(consoleUrl('us-gov-east-1')).toBe(
      'https://console.amazonaws-us-gov.com/console/home?region=us-gov-east-1',
    );
    expect(consoleUrl('cn-northwest-1')).toBe(
      'https://console.amazonaws.cn/console/home?region=cn-northwest-1',
    );
  });
});

describe('rules by kind', () => {
  it('federates an iam-user, without SessionDuration', () => {
    expect(signinRule('iam-user', 43_200)).toEqual({ federate: true });
  });

  it('sends SessionDuration for a role assumed with an iam-user, and for SAML and web identity', () => {
    expect(signinRule('iam-role', 7200, 'iam-user')).toEqual({
      federate: false,
      sessionDurationSeconds: 7200,
    });
    expect(signinRule('iam-role', undefined, 'iam-user').sessionDurationSeconds).toBe(3600);
    expect(signinRule('saml', 43_200).sessionDurationSeconds).toBe(43_200);
    expect(signinRule('web-identity', undefined).sessionDurationSeconds).toBe(3600);
  });

  it('sends no SessionDuration for chained roles, federated users and sso roles', () => {
    for (const parent of ['iam-role', 'saml', 'web-identity', 'sso-role'] as const) {
      expect(signinRule('iam-role', 3600, parent)).toEqual({ federate: false });
    }
    expect(signinRule('federated-user', 3600)).toEqual({ federate: false });
    expect(signinRule('sso-role', undefined)).toEqual({ federate: false });
  });

  it('derives a GetFederationToken name AWS accepts', () => {
    expect(federatedName('alice')).toBe('alice');
    expect(federatedName('a')).toMatch(/^[\w+=,.@-]{2,32}$/);
    expect(federatedName('x'.repeat(64))).toHaveLength(32);
  });
});

describe('URLs', () => {
  it('puts the three credentials in Session as JSON, and SessionDuration only when given', () => {
    const url = new URL(signinTokenUrl('https://signin.aws.amazon.com/federation', creds, 3600));
    expect(url.searchParams.get('Action')).toBe('getSigninToken');
    expect(JSON.parse(url.searchParams.get('Session')!)).toEqual({
      sessionId: creds.accessKeyId,
      sessionKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    });
    expect(url.searchParams.get('SessionDuration')).toBe('3600');
    const without = new URL(signinTokenUrl('https://signin.aws.amazon.com/federation', creds));
    expect(without.searchParams.has('SessionDuration')).toBe(false);
  });

  it('builds the login URL with Issuer airlock and the destination encoded', () => {
    const dest = 'https://console.aws.amazon.com/s3/home?region=eu-west-1&tab=a b';
    const url = new URL(loginUrl('https://signin.aws.amazon.com/federation', dest, 'tok+/='));
    expect(url.origin + url.pathname).toBe('https://signin.aws.amazon.com/federation');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'airlock',
      Destination: dest,
      SigninToken: 'tok+/=',
    });
  });

  it('wraps the login in the logout redirect beside the federation endpoint', () => {
    const login = 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=t';
    const url = new URL(withLogout('https://signin.aws.amazon.com/federation', login));
    expect(url.origin + url.pathname).toBe('https://signin.aws.amazon.com/oauth');
    expect(url.searchParams.get('Action')).toBe('logout');
    expect(url.searchParams.get('redirect_uri')).toBe(login);
  });

  it('refuses a destination that is not https, naming the session', () => {
    expect(() => checkDestination('dev', 'http://console.aws.amazon.com/')).toThrow(/session dev/);
    expect(() => checkDestination('dev', 'javascript:alert(1)')).toThrow(/https/);
    expect(checkDestination('dev', 'https://console.aws.amazon.com/ec2')).toBe(
      'https://console.aws.amazon.com/ec2',
    );
  });
});

describe('launch plans', () => {
  const session = { id: 'sess-1', name: 'prod admin' };
  const url = 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=t';

  it('opens the URL itself in the system default browser', () => {
    expect(launchArgv(launchPlan('default', session, url, '/p'))).toEqual([url]);
  });

  it('opens a Firefox container named, coloured and iconed after the session', () => {
    const plan = launchPlan('firefox-container', session, url, '/p');
    const [app, uri] = launchArgv(plan) as [string, string];
    expect(app).toBe('firefox');
    expect(uri.startsWith('ext+container:')).toBe(true);
    expect(uri).not.toContain('+airlock');
    const params = new URLSearchParams(uri.slice('ext+container:'.length));
    expect(params.get('name')).toBe('airlock prod admin');
    expect(params.get('url')).toBe(url);
    expect(params.get('color')).toMatch(/^(blue|turquoise|green|yellow|orange|red|pink|purple)$/);
    expect(params.get('icon')).toMatch(/^\w+$/);
    // Stable per session, and another session may differ.
    expect(launchPlan('firefox-container', session, url, '/p')).toEqual(plan);
  });

  it('gives each Chromium-family browser a user-data folder per session, as argv', () => {
    for (const browser of ['chrome', 'chromium', 'edge', 'brave'] as const) {
      expect(launchArgv(launchPlan(browser, session, url, '/home/u/profiles'))).toEqual([
        browser,
        '--user-data-dir=/home/u/profiles/sess-1',
        '--no-first-run',
        url,
      ]);
    }
  });
});

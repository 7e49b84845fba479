// The SAML parts of the shared schemas (sessions.ts): the IdP URL, the extra origins a SAML
// window may visit, and the SAML settings' defaults (issue 11, Low 1 and Medium 1–2).
import { describe, expect, it } from 'vitest';
import { idpUrlSchema, samlConfigSchema, samlOriginSchema } from './sessions';
import { DEFAULT_SETTINGS, settingsSchema } from './settings';

const saml = {
  kind: 'saml',
  name: 'corp',
  profile: 'corp',
  roleArn: 'arn:aws:iam::123456789012:role/Admin',
  principalArn: 'arn:aws:iam::123456789012:saml-provider/corp',
} as const;

describe('idpUrlSchema', () => {
  it.each([
    'https://idp.example.com/sso/saml',
    'http://127.0.0.1:4000/',
    'http://localhost:8080/login',
    'http://[::1]:9000/',
  ])('accepts %s', (url) => {
    expect(idpUrlSchema.safeParse(url).success).toBe(true);
    expect(samlConfigSchema.safeParse({ ...saml, idpUrl: url }).success).toBe(true);
  });

  it.each([
    'http://idp.example.com/sso',
    'http://10.0.0.5/sso',
    'http://127.0.0.1.evil.example/',
    'http://localhost.evil.example/',
    'ftp://idp.example.com/',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s: plain http only on loopback', (url) => {
    const parsed = samlConfigSchema.safeParse({ ...saml, idpUrl: url });
    expect(parsed.success).toBe(false);
  });

  it('says what to use instead', () => {
    const parsed = idpUrlSchema.safeParse('http://idp.example.com/');
    expect(parsed.success ? '' : parsed.error.issues[0]?.message).toBe(
      'must use https (http only for localhost, 127.0.0.1 or ::1)',
    );
  });
});

describe('samlOriginSchema', () => {
  it('accepts a bare https origin', () => {
    expect(samlOriginSchema.safeParse('https://login.example.com').success).toBe(true);
    expect(samlOriginSchema.safeParse('https://login.example.com:8443').success).toBe(true);
  });

  it.each([
    'http://login.example.com',
    'https://login.example.com/',
    'https://login.example.com/path',
    'https://*.example.com',
    'login.example.com',
    '',
  ])('refuses %j: an https origin only, no path, no wildcard', (value) => {
    expect(samlOriginSchema.safeParse(value).success).toBe(false);
  });
});

describe('SAML settings', () => {
  it('default to a persistent login and no extra origins', () => {
    expect(DEFAULT_SETTINGS.samlPersistentLogin).toBe(true);
    expect(DEFAULT_SETTINGS.samlAllowedOrigins).toEqual([]);
    expect(settingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });

  it('refuses a setting with a bad origin in its list', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      samlAllowedOrigins: ['https://ok.example', 'http://x'],
    };
    expect(settingsSchema.safeParse(settings).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  devContentSecurityPolicy,
  MAIN_WEB_PREFERENCES,
  SECURITY_HANDLERS,
  isSamlSigninUrl,
  isTrustedSenderUrl,
  mainWindowOptions,
  mayMainWindowNavigate,
  maySamlWindowNavigate,
  samlPartition,
  samlWindowOptions,
  withCspHeader,
} from './window-policy';

const trusted = { appFileUrl: 'file:///opt/Airlock/resources/app.asar/out/renderer/index.html' };

describe('window policy', () => {
  it('isolates and sandboxes every window with Node off and web security on', () => {
    for (const prefs of [
      mainWindowOptions('/p.cjs').webPreferences,
      samlWindowOptions('https://idp').webPreferences,
    ]) {
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
      });
    }
    expect(MAIN_WEB_PREFERENCES.allowRunningInsecureContent).toBe(false);
    expect(samlWindowOptions('https://idp').webPreferences).not.toHaveProperty('preload');
  });

  it('states a CSP without unsafe sources and with every directive the issue lists', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
  });

  it('replaces a response CSP in any case with ours', () => {
    const headers = withCspHeader({ 'content-security-policy': ['default-src *'], 'X-Other': 'a' });
    expect(headers).toEqual({
      'X-Other': ['a'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('relaxes the CSP for the loopback dev server only as far as Vite needs', () => {
    const dev = devContentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain('connect-src ws://localhost:5173 http://localhost:5173');
    expect(dev).toContain("object-src 'none'");
  });

  it('trusts only the app page and a loopback dev server', () => {
    expect(isTrustedSenderUrl(`${trusted.appFileUrl}#/sessions`, trusted)).toBe(true);
    expect(isTrustedSenderUrl('file:///tmp/evil/index.html', trusted)).toBe(false);
    expect(isTrustedSenderUrl('https://evil.example/index.html', trusted)).toBe(false);
    expect(isTrustedSenderUrl('not a url', trusted)).toBe(false);
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedSenderUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', trusted)).toBe(false);
    expect(
      isTrustedSenderUrl('http://evil.example:5173/', {
        ...trusted,
        devServerUrl: 'http://evil.example:5173',
      }),
    ).toBe(false);
  });

  it('never lets the main window navigate and keeps the SAML window on HTTPS', () => {
    expect(mayMainWindowNavigate('https://example.com')).toBe(false);
    expect(maySamlWindowNavigate('https://idp.example.com/login')).toBe(true);
    expect(maySamlWindowNavigate('http://idp.example.com/login')).toBe(false);
    expect(maySamlWindowNavigate('http://127.0.0.1:4000/login')).toBe(true);
    expect(maySamlWindowNavigate('file:///etc/passwd')).toBe(false);
  });

  it('gives each IdP its own persistent partition', () => {
    const a = samlPartition('https://idp-a.example.com/sso');
    expect(a).toMatch(/^persist:saml-[0-9a-f]{16}$/);
    expect(samlPartition('https://idp-b.example.com/sso')).not.toBe(a);
    expect(samlPartition('https://idp-a.example.com/sso')).toBe(a);
  });

  it('recognises the three AWS SAML sign-in endpoints only', () => {
    expect(isSamlSigninUrl('https://signin.aws.amazon.com/saml')).toBe(true);
    expect(isSamlSigninUrl('https://signin.amazonaws-us-gov.com/saml')).toBe(true);
    expect(isSamlSigninUrl('https://signin.amazonaws.cn/saml')).toBe(true);
    expect(isSamlSigninUrl('https://signin.aws.amazon.com.evil.example/saml')).toBe(false);
  });

  it('lists a denying handler for navigation, new windows and permissions', () => {
    const denied = SECURITY_HANDLERS.filter((h) => h.decision === 'deny').map((h) => h.hook);
    expect(denied).toEqual(
      expect.arrayContaining([
        'webContents.on(will-navigate)',
        'webContents.setWindowOpenHandler',
        'session.setPermissionRequestHandler',
      ]),
    );
  });
});

// The SAML window stays on its IdP's origin and the allow-list, over https (loopback http for a
// test IdP), reaches the AWS sign-in POST, and its title names the origin it shows.
import { describe, expect, it } from 'vitest';
import {
  mayOpenIdpUrl,
  maySamlSigninPostFrom,
  maySamlWindowVisit,
  samlPartition,
  samlPartitions,
  samlSigninPostRefusal,
  samlWindowOptions,
  samlWindowTitle,
  savedSamlPartitions,
} from './saml-window-policy';

const scope = { idpUrl: 'https://idp.example.com/sso/saml', allowedOrigins: [] as string[] };

describe('maySamlWindowVisit', () => {
  it("allows the IdP's own origin, any path", () => {
    expect(maySamlWindowVisit('https://idp.example.com/login?next=1', scope)).toBe(true);
    expect(maySamlWindowVisit('https://idp.example.com/mfa', scope)).toBe(true);
  });

  it('refuses any other https origin, however close to the IdP', () => {
    for (const url of [
      'https://evil.example/phish',
      'https://idp.example.com.evil.example/',
      'https://sub.idp.example.com/',
      'https://idp.example.com:8443/',
    ]) {
      expect(maySamlWindowVisit(url, scope), url).toBe(false);
    }
  });

  it('allows the origins the user added, over https only', () => {
    const extended = { ...scope, allowedOrigins: ['https://mfa.example.net'] };
    expect(maySamlWindowVisit('https://mfa.example.net/push', extended)).toBe(true);
    expect(maySamlWindowVisit('http://mfa.example.net/push', extended)).toBe(false);
    expect(maySamlWindowVisit('https://other.example.net/', extended)).toBe(false);
  });

  it('lets the login end at the AWS sign-in endpoints, global and regional', () => {
    expect(maySamlWindowVisit('https://signin.aws.amazon.com/saml', scope)).toBe(true);
    expect(maySamlWindowVisit('https://eu-west-1.signin.aws.amazon.com/saml', scope)).toBe(true);
    expect(maySamlWindowVisit('https://signin.aws.amazon.com/console', scope)).toBe(false);
  });

  it('refuses plain http, file:, data: and javascript: everywhere but a loopback IdP', () => {
    for (const url of [
      'http://idp.example.com/sso/saml',
      'file:///etc/passwd',
      'data:text/html,<h1>x</h1>',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(maySamlWindowVisit(url, scope), url).toBe(false);
    }
    const local = { idpUrl: 'http://127.0.0.1:4000/', allowedOrigins: [] };
    expect(maySamlWindowVisit('http://127.0.0.1:4000/login', local)).toBe(true);
    expect(maySamlWindowVisit('http://127.0.0.1:4001/login', local)).toBe(false);
  });

  it('allows nothing when the IdP URL itself is not https or loopback http', () => {
    const insecure = { idpUrl: 'http://idp.example.com/', allowedOrigins: [] };
    expect(mayOpenIdpUrl(insecure.idpUrl)).toBe(false);
    expect(maySamlWindowVisit('http://idp.example.com/login', insecure)).toBe(false);
    expect(maySamlWindowVisit('https://signin.aws.amazon.com/saml', insecure)).toBe(false);
    expect(mayOpenIdpUrl('https://idp.example.com/')).toBe(true);
    expect(mayOpenIdpUrl('http://localhost:9000/')).toBe(true);
  });
});

describe('maySamlSigninPostFrom', () => {
  const extended = { ...scope, allowedOrigins: ['https://mfa.example.net'] };

  it("takes the sign-in POST from the IdP's origin or an allowed one", () => {
    expect(maySamlSigninPostFrom('https://idp.example.com', extended)).toBe(true);
    expect(maySamlSigninPostFrom('https://mfa.example.net', extended)).toBe(true);
    const local = { idpUrl: 'http://127.0.0.1:4000/sso', allowedOrigins: [] };
    expect(maySamlSigninPostFrom('http://127.0.0.1:4000', local)).toBe(true);
  });

  it('refuses it from a frame of another origin, an opaque origin, none, or anything not a bare origin', () => {
    for (const origin of [
      'https://evil.example',
      'https://sub.idp.example.com',
      'http://idp.example.com',
      'https://signin.aws.amazon.com',
      'null',
      '',
      undefined,
      'https://idp.example.com/sso',
      'https://IDP.example.com',
    ]) {
      expect(maySamlSigninPostFrom(origin, extended), String(origin)).toBe(false);
    }
    const insecure = { idpUrl: 'http://idp.example.com/', allowedOrigins: [] };
    expect(maySamlSigninPostFrom('http://idp.example.com', insecure)).toBe(false);
  });

  it('says who posted, what is allowed, and where to allow it', () => {
    expect(samlSigninPostRefusal('corp', 'https://evil.example', scope)).toBe(
      "The SAML sign-in for session corp was posted by https://evil.example, which is neither the IdP's origin (https://idp.example.com) nor an origin allowed in Settings → SAML sign-in. If you trust it, add it there and start the session again.",
    );
    expect(samlSigninPostRefusal('corp', 'null', scope)).toContain(
      'posted by a page with no origin,',
    );
    expect(samlSigninPostRefusal('corp', undefined, scope)).toContain(
      'posted by a page with no origin,',
    );
  });
});

describe('the SAML window', () => {
  it('titles itself with the session and the origin it shows', () => {
    expect(samlWindowTitle('corp', 'https://idp.example.com/sso?x=1')).toBe(
      'Sign in for corp — https://idp.example.com',
    );
    expect(samlWindowTitle('corp', 'data:text/html,hi')).toBe(
      'Sign in for corp — a page Airlock does not trust',
    );
  });

  it('is isolated, sandboxed, has no preload, and has DevTools only when not packaged', () => {
    const request = { idpUrl: 'https://idp.example.com/', sessionName: 'corp' };
    const packaged = samlWindowOptions(request, { persistent: true, packaged: true });
    expect(packaged.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(packaged.webPreferences).not.toHaveProperty('preload');
    expect(packaged.title).toBe('Sign in for corp — https://idp.example.com');
    expect(
      samlWindowOptions(request, { persistent: true, packaged: false }).webPreferences.devTools,
    ).toBe(true);
  });

  it('gives each IdP its own partition, on disk or in memory as the setting says', () => {
    const a = samlPartition('https://idp-a.example.com/sso', true);
    expect(a).toMatch(/^persist:saml-[0-9a-f]{16}$/);
    expect(samlPartition('https://idp-b.example.com/sso', true)).not.toBe(a);
    expect(samlPartition('https://idp-a.example.com/sso', true)).toBe(a);
    const memory = samlPartition('https://idp-a.example.com/sso', false);
    expect(memory).toMatch(/^saml-[0-9a-f]{16}$/);
    expect(
      samlWindowOptions(
        { idpUrl: 'https://idp-a.example.com/sso', sessionName: 'x' },
        { persistent: false, packaged: true },
      ).webPreferences.partition,
    ).toBe(memory);
  });

  it('lists both partitions of every IdP once, for "Forget IdP login"', () => {
    const urls = ['https://a.example/sso', 'https://b.example/sso', 'https://a.example/sso'];
    const partitions = samlPartitions(urls);
    expect(partitions).toHaveLength(4);
    expect(partitions).toContain(samlPartition('https://a.example/sso', true));
    expect(partitions).toContain(samlPartition('https://b.example/sso', false));
  });

  it('finds the SAML partitions left on disk, and nothing else there', () => {
    const mine = samlPartition('https://gone.example/sso', true).replace('persist:', '');
    expect(savedSamlPartitions([mine, 'other-app', 'saml-xyz', 'saml-0123'])).toEqual([
      `persist:${mine}`,
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  devContentSecurityPolicy,
  MAIN_WEB_PREFERENCES,
  SECURITY_HANDLERS,
  isTrustedSenderUrl,
  mainWindowOptions,
  mayMainWindowNavigate,
  withCspHeader,
} from './window-policy';
import { APP_ENTRY_URL } from './app-protocol';
import { samlWindowOptions } from './saml-window-policy';

const trusted = {};

/** CSP Level 3 fetch directives; each falls back along FALLBACK when absent. */
const FETCH_DIRECTIVES = [
  'default-src',
  'script-src',
  'script-src-elem',
  'script-src-attr',
  'style-src',
  'style-src-elem',
  'style-src-attr',
  'img-src',
  'font-src',
  'connect-src',
  'media-src',
  'object-src',
  'frame-src',
  'child-src',
  'worker-src',
  'manifest-src',
];
const KNOWN_DIRECTIVES = [
  ...FETCH_DIRECTIVES,
  'base-uri',
  'form-action',
  'frame-ancestors',
  'sandbox',
  'upgrade-insecure-requests',
  'report-to',
];
const FALLBACK: Record<string, string[]> = {
  'script-src-elem': ['script-src', 'default-src'],
  'script-src-attr': ['script-src', 'default-src'],
  'style-src-elem': ['style-src', 'default-src'],
  'style-src-attr': ['style-src', 'default-src'],
  'worker-src': ['child-src', 'script-src', 'default-src'],
  'frame-src': ['child-src', 'default-src'],
};

/** A policy as a browser reads it: lower-cased names, the first of a repeated directive wins. */
function parseCsp(policy: string): { directives: Map<string, string[]>; repeated: string[] } {
  const directives = new Map<string, string[]>();
  const repeated: string[] = [];
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (directives.has(key)) repeated.push(key);
    else directives.set(key, sources);
  }
  return { directives, repeated };
}

/** The sources that govern a fetch directive, following CSP's fallback chain to default-src. */
function effectiveSources(directives: Map<string, string[]>, name: string): string[] {
  const chain = [name, ...(FALLBACK[name] ?? (name === 'default-src' ? [] : ['default-src']))];
  for (const candidate of chain) {
    const sources = directives.get(candidate);
    if (sources) return sources;
  }
  return ['*'];
}

/** The policy index.html carries (the app:// handler sends the header as well). */
function indexHtmlPolicy(): string {
  const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  expect(meta, 'index.html has a CSP meta tag').not.toBeNull();
  return meta?.[1] ?? '';
}

describe('window policy', () => {
  it('isolates and sandboxes every window with Node off and web security on', () => {
    for (const prefs of [
      mainWindowOptions('/p.cjs', { packaged: true }).webPreferences,
      samlWindowOptions(
        { idpUrl: 'https://idp', sessionName: 's' },
        { persistent: true, packaged: true },
      ).webPreferences,
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
  });

  it('has DevTools in the main window only when not packaged', () => {
    expect(mainWindowOptions('/p.cjs', { packaged: true }).webPreferences.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', { packaged: false }).webPreferences.devTools).toBe(true);
  });

  it('names only directives a browser knows, each once (a typo or a repeat is silently ignored)', () => {
    for (const policy of [
      CONTENT_SECURITY_POLICY,
      META_CONTENT_SECURITY_POLICY,
      indexHtmlPolicy(),
    ]) {
      const { directives, repeated } = parseCsp(policy);
      expect(repeated).toEqual([]);
      for (const name of directives.keys()) expect(KNOWN_DIRECTIVES, name).toContain(name);
    }
  });

  it('lets scripts and styles come only from the app itself: no inline, eval, data: or remote source', () => {
    const policy = parseCsp(CONTENT_SECURITY_POLICY).directives;
    for (const name of [
      'script-src-elem',
      'script-src-attr',
      'worker-src',
      'style-src-elem',
      'style-src-attr',
    ]) {
      expect(effectiveSources(policy, name), name).toEqual(["'self'"]);
    }
    // eval is governed by script-src itself.
    expect(effectiveSources(policy, 'script-src')).toEqual(["'self'"]);
  });

  it('gives no fetch directive a wildcard, a bare scheme or an unsafe-* keyword, fallbacks included', () => {
    const policy = parseCsp(CONTENT_SECURITY_POLICY).directives;
    for (const name of FETCH_DIRECTIVES) {
      for (const source of effectiveSources(policy, name)) {
        expect(source, name).not.toMatch(/\*|^'unsafe-|^(https?|wss?|blob|filesystem):$/);
      }
    }
    expect(effectiveSources(policy, 'img-src')).toEqual(["'self'", 'data:']);
  });

  it('reaches no server, loads no plugin, and allows no <base>, form post or framing', () => {
    const policy = parseCsp(CONTENT_SECURITY_POLICY).directives;
    expect(effectiveSources(policy, 'connect-src')).toEqual(["'none'"]);
    expect(effectiveSources(policy, 'object-src')).toEqual(["'none'"]);
    // These three have no fallback to default-src: absent, they allow everything.
    for (const name of ['base-uri', 'form-action', 'frame-ancestors']) {
      expect(policy.get(name), name).toEqual(["'none'"]);
    }
  });

  it("puts the same policy in index.html's meta tag, minus frame-ancestors (ignored in a meta tag)", () => {
    const header = parseCsp(CONTENT_SECURITY_POLICY).directives;
    header.delete('frame-ancestors');
    expect(parseCsp(indexHtmlPolicy()).directives).toEqual(header);
    // The dev plugin swaps the meta tag by this exact text.
    expect(indexHtmlPolicy()).toBe(META_CONTENT_SECURITY_POLICY);
  });

  it('replaces a response CSP in any case with ours', () => {
    const headers = withCspHeader({ 'content-security-policy': ['default-src *'], 'X-Other': 'a' });
    expect(headers).toEqual({
      'X-Other': ['a'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('relaxes the CSP for the loopback dev server only as far as Vite needs', () => {
    const dev = parseCsp(devContentSecurityPolicy('http://localhost:5173')).directives;
    const strict = parseCsp(CONTENT_SECURITY_POLICY).directives;
    expect(effectiveSources(dev, 'script-src-elem')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(effectiveSources(dev, 'script-src')).not.toContain("'unsafe-eval'");
    expect(effectiveSources(dev, 'connect-src')).toEqual([
      'ws://localhost:5173',
      'http://localhost:5173',
    ]);
    for (const name of ['script-src', 'style-src', 'connect-src']) dev.delete(name);
    for (const name of ['script-src', 'style-src', 'connect-src']) strict.delete(name);
    expect(dev).toEqual(strict);
  });

  it('trusts only the app page at app://airlock/ and a loopback dev server', () => {
    expect(isTrustedSenderUrl(`${APP_ENTRY_URL}#/sessions`, trusted)).toBe(true);
    expect(isTrustedSenderUrl('app://airlock/index.html?x=1', trusted)).toBe(true);
    expect(isTrustedSenderUrl('app://evil/index.html', trusted)).toBe(false);
    expect(isTrustedSenderUrl('app://airlock:8080/index.html', trusted)).toBe(false);
    expect(isTrustedSenderUrl('app://x@airlock/index.html', trusted)).toBe(false);
    expect(isTrustedSenderUrl('app://airlock/other.html', trusted)).toBe(false);
    // The packaged app no longer loads from file://, so no file:// page is ours.
    expect(isTrustedSenderUrl('file:///opt/Airlock/out/renderer/index.html', trusted)).toBe(false);
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

  it('never lets the main window navigate', () => {
    expect(mayMainWindowNavigate('https://example.com')).toBe(false);
    expect(mayMainWindowNavigate(APP_ENTRY_URL)).toBe(false);
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

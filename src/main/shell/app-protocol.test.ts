// app://airlock/ serves files of out/renderer only, with their MIME type; nothing outside it.
import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, resolveAppRequest } from './app-protocol';

const ROOT = resolve('/opt/Airlock/resources/app.asar/out/renderer');

describe('resolveAppRequest', () => {
  it('maps the entry and assets to files under the root with their MIME types', () => {
    expect(resolveAppRequest(APP_ENTRY_URL, ROOT)).toEqual({
      kind: 'file',
      path: join(ROOT, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest('app://airlock/', ROOT)).toMatchObject({
      path: join(ROOT, 'index.html'),
    });
    expect(resolveAppRequest('app://airlock/assets/index-x.js?v=1#h', ROOT)).toEqual({
      kind: 'file',
      path: join(ROOT, 'assets', 'index-x.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://airlock/assets/a.css', ROOT)).toMatchObject({
      mimeType: 'text/css; charset=utf-8',
    });
    expect(resolveAppRequest('app://airlock/airlock-mark.svg', ROOT)).toMatchObject({
      mimeType: 'image/svg+xml',
    });
  });

  it('never serves a file outside the root, however the path is dressed', () => {
    for (const url of [
      'app://airlock/../../../etc/passwd',
      'app://airlock/%2e%2e/%2e%2e/etc/passwd',
      'app://airlock/assets/%2e%2e/%2e%2e/%2e%2e/main/index.js',
      'app://airlock/..%2f..%2fetc%2fpasswd.js',
      'app://airlock/..%5c..%5cwindows%5cwin.js',
      'app://airlock/index.html%00.png',
    ]) {
      const result = resolveAppRequest(url, ROOT);
      if (result.kind === 'file') expect(result.path.startsWith(`${ROOT}${sep}`), url).toBe(true);
    }
    // Encoded separators and NUL are refused outright, not decoded into a path.
    for (const url of [
      'app://airlock/..%2f..%2fetc%2fpasswd.js',
      'app://airlock/..%5c..%5cwindows%5cwin.js',
      'app://airlock/index.html%00.png',
    ]) {
      expect(resolveAppRequest(url, ROOT), url).toEqual({ kind: 'refused', status: 400 });
    }
  });

  it('refuses another host, scheme, credentials and types it does not serve', () => {
    expect(resolveAppRequest('app://evil/index.html', ROOT)).toEqual({
      kind: 'refused',
      status: 403,
    });
    expect(resolveAppRequest('file:///opt/x/index.html', ROOT)).toMatchObject({ status: 403 });
    expect(resolveAppRequest('app://user:pw@airlock/index.html', ROOT)).toMatchObject({
      status: 403,
    });
    expect(resolveAppRequest('app://airlock/assets/x.map', ROOT)).toMatchObject({ status: 404 });
    expect(resolveAppRequest('app://airlock/%E0%A4%A', ROOT)).toMatchObject({ status: 400 });
    expect(resolveAppRequest('::', ROOT)).toMatchObject({ status: 400 });
  });

  it('registers the scheme as standard and secure with a code cache, and no other privilege', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, codeCache: true },
    });
  });
});

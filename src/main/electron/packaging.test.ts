// The packaged app's hardening, read as electron-builder reads it: packaging needs the Electron
// binary, so the fuses, entitlements and signing settings are proven as data (issue 11, High).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The parser @electron/osx-sign reads entitlements with; it ships no types. */
const plist = createRequire(import.meta.url)('plist') as { parse(xml: string): unknown };

let config: Configuration;

beforeAll(async () => {
  config = await getConfig(ROOT, 'electron-builder.yml', null);
});

function entitlements(path: string): Record<string, unknown> {
  return plist.parse(readFileSync(new URL(path, `file://${ROOT}`), 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema, which refuses a misspelt key", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const typo = { ...config, electronFuses: { runAsNod: false } } as unknown as Configuration;
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow();
  });

  it('flips every fuse that stops another process running code as the app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('signs macOS with the hardened runtime and our own entitlements for the app and its helpers', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac?.entitlementsInherit).toBe('build/entitlements.mac.plist');
    expect(config.mac?.notarize).toBe(true);
    // Signing identities come from the environment, never from the repository.
    expect(config.mac?.identity).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/password|APPLE_ID|CSC_LINK/i);
  });
});

describe('build/entitlements.mac.plist', () => {
  it('grants only allow-jit: no library-validation bypass, no DYLD variables, no debugger', () => {
    const granted = entitlements('build/entitlements.mac.plist');
    expect(granted).toEqual({ 'com.apple.security.cs.allow-jit': true });
    for (const forbidden of [
      'com.apple.security.cs.disable-library-validation',
      'com.apple.security.cs.allow-dyld-environment-variables',
      'com.apple.security.cs.allow-unsigned-executable-memory',
      'com.apple.security.cs.disable-executable-page-protection',
      'com.apple.security.cs.debugger',
      'com.apple.security.get-task-allow',
    ]) {
      expect(granted, forbidden).not.toHaveProperty(forbidden);
    }
  });
});

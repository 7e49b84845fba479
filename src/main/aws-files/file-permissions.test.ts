// Who else can write the AWS files: group/world write bits or another owner give a warning naming the fix.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CoreEvents } from '../core-events';
import { createCore } from '../create-core';
import { KeytarSecretStore } from '../secrets/keytar-secret-store';
import { awsFilePermissionWarnings, permissionWarnings } from './file-permissions';

const isRoot = process.geteuid?.() === 0;

describe('permissionWarnings', () => {
  const file = (mode: number, uid = 1000) => ({
    path: '/h/.aws/config',
    kind: 'file' as const,
    stat: { mode: 0o100000 | mode, uid },
  });

  it('says nothing about a private file of ours, or a missing one', () => {
    expect(permissionWarnings([file(0o600), file(0o644)], 1000)).toEqual([]);
    expect(permissionWarnings([{ path: '/x', kind: 'file', stat: undefined }], 1000)).toEqual([]);
  });

  it.each([0o620, 0o602, 0o666, 0o664])(
    'warns about mode %o with the chmod that fixes it',
    (mode) => {
      expect(permissionWarnings([file(mode)], 1000)).toEqual([
        'The AWS file /h/.aws/config is writable by other users, who could add a credential_process that runs as you. Fix it with: chmod go-w "/h/.aws/config"',
      ]);
    },
  );

  it('warns about a file another user owns', () => {
    expect(permissionWarnings([file(0o600, 0)], 1000)[0]).toBe(
      'The AWS file /h/.aws/config belongs to user id 0, not to you (1000); its owner could add a credential_process that runs as you. Make it yours with: chown 1000 "/h/.aws/config"',
    );
  });

  it('names a writable folder as a folder', () => {
    const folder = { path: '/h/.aws', kind: 'folder' as const, stat: { mode: 0o40777, uid: 1000 } };
    expect(permissionWarnings([folder], 1000)[0]).toMatch(/^The folder \/h\/\.aws is writable/);
  });
});

describe('awsFilePermissionWarnings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'airlock-perms-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('stats both files and their folder', async () => {
    const aws = join(dir, '.aws');
    mkdirSync(aws, { mode: 0o700 });
    writeFileSync(join(aws, 'credentials'), '', { mode: 0o600 });
    writeFileSync(join(aws, 'config'), '', { mode: 0o600 });
    const paths = { credentialsFile: join(aws, 'credentials'), configFile: join(aws, 'config') };
    expect(await awsFilePermissionWarnings(paths)).toEqual([]);
    chmodSync(join(aws, 'config'), 0o666);
    chmodSync(aws, 0o770);
    const warnings = await awsFilePermissionWarnings(paths);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`chmod go-w "${aws}"`);
    expect(warnings[1]).toContain(`chmod go-w "${join(aws, 'config')}"`);
  });

  it.runIf(isRoot)('warns about a file chowned to another user', async () => {
    writeFileSync(join(dir, 'config'), '', { mode: 0o600 });
    chownSync(join(dir, 'config'), 65534, 65534);
    const warnings = await awsFilePermissionWarnings({
      credentialsFile: join(dir, 'credentials'),
      configFile: join(dir, 'config'),
    });
    expect(warnings).toEqual([expect.stringContaining('belongs to user id 65534')]);
  });
});

describe('createCore', () => {
  it('emits a notification for a config file others can write, and keeps it in core.warnings', async () => {
    const home = mkdtempSync(join(tmpdir(), 'airlock-perms-core-'));
    try {
      mkdirSync(join(home, '.aws'), { mode: 0o700 });
      writeFileSync(join(home, '.aws', 'config'), '[default]\n', { mode: 0o600 });
      chmodSync(join(home, '.aws', 'config'), 0o666);
      const events = new CoreEvents();
      const seen: string[] = [];
      events.on('notification', (n) => seen.push(n.message));
      const core = await createCore({
        env: { HOME: home },
        homeDir: home,
        airlockHome: join(home, 'airlock'),
        events,
        secrets: new KeytarSecretStore('airlock-unused'),
      });
      await core.dispose();
      const expected = `The AWS file ${join(home, '.aws', 'config')} is writable by other users`;
      expect(seen).toEqual([expect.stringContaining(expected)]);
      expect(core.warnings).toEqual(seen);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as atomicWrite from '../fs/atomic-write';
import { AwsFiles, AwsFilesError } from './aws-files';

// Hooks into the atomic write: temp-file writes are counted, and an editor saving the file between
// computing the new text and the rename is simulated inside the stat that the re-check makes.
const external = vi.hoisted(() => ({
  edits: [] as Array<() => void>,
  tempWrites: 0,
  /** Run while the temp file is written: between resolving the target and the rename. */
  duringTempWrite: [] as Array<() => void>,
}));
vi.mock('../fs/atomic-write', async (importOriginal) => {
  const original = await importOriginal<typeof atomicWrite>();
  return {
    ...original,
    statVersion: async (path: string) => {
      external.edits.shift()?.();
      return original.statVersion(path);
    },
    writeTempFile: (...args: Parameters<typeof original.writeTempFile>) => {
      external.tempWrites++;
      external.duringTempWrite.shift()?.();
      return original.writeTempFile(...args);
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-recheck-'));
});
afterEach(() => {
  external.edits.length = 0;
  external.tempWrites = 0;
  external.duringTempWrite.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

describe('coalescing', () => {
  it('writes twenty concurrent applies in at most two writes: the first, then all the others', async () => {
    const credentials = join(dir, 'credentials');
    const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        files.apply('credentials', [{ profile: `p${i}`, action: 'set', set: { k: String(i) } }]),
      ),
    );
    expect(external.tempWrites).toBeLessThanOrEqual(2);
    expect((await files.listProfiles('credentials')).length).toBe(20);
  });
});

describe('re-check before rename', () => {
  it('re-applies the edits to the content an editor saved while Airlock was computing', async () => {
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, '[a]\nx = 1\n');
    external.edits.push(() => writeFileSync(credentials, '[a]\nx = 1\n[user]\nadded = by hand\n'));
    const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
    await files.apply('credentials', [{ profile: 'dev', action: 'set', set: { k: 'v' } }]);
    expect(readFileSync(credentials, 'utf8')).toBe(
      '[a]\nx = 1\n[user]\nadded = by hand\n[dev]\nk = v\n',
    );
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('gives up with FILE_IO after a bounded number of attempts, leaving the editor’s text', async () => {
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, '[a]\n');
    for (let i = 0; i < 10; i++) {
      external.edits.push(() => writeFileSync(credentials, `[a]\nx = ${i}${'.'.repeat(i)}\n`));
    }
    const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
    const failure = await files
      .apply('credentials', [{ profile: 'dev', action: 'set', set: { k: 'v' } }])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsFilesError);
    expect((failure as AwsFilesError).code).toBe('FILE_IO');
    expect(readFileSync(credentials, 'utf8')).toMatch(/^\[a\]\nx = \d/);
    expect(readdirSync(dir)).toEqual(['credentials']);
  });
});

describe('the temp file written before the lock', () => {
  const edit = [{ profile: 'dev', action: 'set' as const, set: { k: 'v' } }];

  it('is written once, before the lock is taken, and renamed in when the file is unchanged', async () => {
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, '[a]\nx = 1\n');
    let lockedAtWrite: boolean | undefined;
    external.duringTempWrite.push(
      () => (lockedAtWrite = existsSync(`${credentials}.airlock.lock`)),
    );
    const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
    await files.apply('credentials', edit);
    expect(lockedAtWrite).toBe(false);
    expect(external.tempWrites).toBe(1);
    expect(readFileSync(credentials, 'utf8')).toBe('[a]\nx = 1\n[dev]\nk = v\n');
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('is dropped when an editor saves between the plan and the lock: the edits go onto the saved text', async () => {
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, '[a]\nx = 1\n');
    external.duringTempWrite.push(() => writeFileSync(credentials, '[a]\nx = 2\n'));
    const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
    await files.apply('credentials', edit);
    expect(external.tempWrites).toBe(2);
    expect(readFileSync(credentials, 'utf8')).toBe('[a]\nx = 2\n[dev]\nk = v\n');
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('is dropped when the config file’s mode changes before the lock: the file keeps its new mode', async () => {
    const config = join(dir, 'config');
    writeFileSync(config, '[profile a]\nregion = eu-west-1\n', { mode: 0o644 });
    chmodSync(config, 0o644);
    external.duringTempWrite.push(() => chmodSync(config, 0o640));
    const files = new AwsFiles({ credentialsFile: join(dir, 'credentials'), configFile: config });
    await files.apply('config', [{ profile: 'dev', action: 'set', set: { region: 'us-east-1' } }]);
    expect(external.tempWrites).toBe(2);
    expect(statSync(config).mode & 0o777).toBe(0o640);
    expect(readFileSync(config, 'utf8')).toContain('[profile dev]\nregion = us-east-1\n');
    expect(readdirSync(dir)).toEqual(['config']);
  });
});

describe('re-check of the target before rename', () => {
  it('leaves both files alone when the link is re-pointed between resolving and renaming', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    writeFileSync(join(real, 'a'), '[a]\n');
    writeFileSync(join(real, 'b'), '[b]\n');
    const link = join(dir, 'credentials');
    symlinkSync(join(real, 'a'), link);
    external.duringTempWrite.push(() => {
      unlinkSync(link);
      symlinkSync(join(real, 'b'), link);
    });
    const files = new AwsFiles({ credentialsFile: link, configFile: join(dir, 'config') });
    const failure = await files
      .apply('credentials', [{ profile: 'dev', action: 'set', set: { k: 'v' } }])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsFilesError);
    expect((failure as AwsFilesError).message).toContain('was moved or re-linked');
    expect(readFileSync(join(real, 'a'), 'utf8')).toBe('[a]\n');
    expect(readFileSync(join(real, 'b'), 'utf8')).toBe('[b]\n');
    expect(readdirSync(real).sort()).toEqual(['a', 'b']);
  });

  it('leaves the files alone when their folder is swapped for another one', async () => {
    const folder = join(dir, 'aws');
    mkdirSync(folder);
    writeFileSync(join(folder, 'credentials'), '[a]\n');
    external.duringTempWrite.push(() => {
      renameSync(folder, join(dir, 'aws-old'));
      mkdirSync(folder);
      writeFileSync(join(folder, 'credentials'), '[planted]\n');
    });
    const credentials = join(folder, 'credentials');
    const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
    const failure = await files
      .apply('credentials', [{ profile: 'dev', action: 'set', set: { k: 'v' } }])
      .catch((error: unknown) => error);
    expect((failure as AwsFilesError).code).toBe('FILE_IO');
    expect(readFileSync(credentials, 'utf8')).toBe('[planted]\n');
  });
});

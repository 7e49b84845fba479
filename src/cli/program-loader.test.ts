// The CLI's program runs through V8's code cache: where the cache lives, that the built CLI writes
// it once and then takes it, and that a cache it must not trust (another's, writable by others,
// garbage) is never used.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type BuiltCli } from '../../scripts/build-cli';
import { codeCachePath } from './program-loader';

const key = { programHash: '0123456789abcdef', nodeVersion: 'v20.20.2', arch: 'x64' };

describe('codeCachePath', () => {
  it('is a file per build, Node version and arch in the platform cache folder', () => {
    const name = 'cli-0123456789abcdef-v20.20.2-x64.v8';
    expect(codeCachePath({}, key, 'linux', '/home/u')).toBe(`/home/u/.cache/airlock/${name}`);
    expect(codeCachePath({ XDG_CACHE_HOME: '/c' }, key, 'linux', '/home/u')).toBe(
      `/c/airlock/${name}`,
    );
    expect(codeCachePath({}, key, 'darwin', '/Users/u')).toBe(
      `/Users/u/Library/Caches/airlock/${name}`,
    );
    expect(codeCachePath({ LOCALAPPDATA: 'C:/L' }, key, 'win32', 'C:/u')).toBe(
      join('C:/L', 'airlock', name),
    );
  });

  it('is off with AIRLOCK_CODE_CACHE=0 and without a build hash (an unbundled run)', () => {
    expect(codeCachePath({ AIRLOCK_CODE_CACHE: '0' }, key, 'linux', '/h')).toBeUndefined();
    expect(codeCachePath({}, { ...key, programHash: '' }, 'linux', '/h')).toBeUndefined();
    expect(codeCachePath({}, { ...key, programHash: '../x' }, 'linux', '/h')).toBeUndefined();
  });
});

describe('the built CLI and its code cache', () => {
  let built: BuiltCli;
  let home: string;
  const outdir = resolve('dist', `test-cli-cache-${process.pid}`);

  beforeAll(async () => {
    built = await buildCli(outdir);
  });
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  function run(env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, [built.entry, '--version'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    return result;
  }
  const cacheDir = () => join(home, '.cache', 'airlock');
  const cacheFile = () => {
    const names = readdirSync(cacheDir());
    expect(names).toHaveLength(1);
    return join(cacheDir(), names[0]!);
  };

  it('writes the cache once, private to the user, then takes it without writing again', () => {
    home = mkdtempSync(join(tmpdir(), 'airlock-cc-'));
    run();
    const file = cacheFile();
    expect(file).toMatch(/cli-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8$/);
    const first = statSync(file);
    expect(first.mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(first.size).toBeGreaterThan(100_000);
    run();
    // V8 accepted it: no rewrite (a rejected or missing cache is written anew, a new file).
    expect(statSync(file).ino).toBe(first.ino);
  });

  it('does not take a cache that others may write (or swap, in its folder), nor garbage: it runs, and writes its own', () => {
    const file = cacheFile();
    chmodSync(file, 0o666);
    const writable = statSync(file).ino;
    run();
    expect(statSync(file).ino).not.toBe(writable);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    chmodSync(cacheDir(), 0o777);
    const inOpenFolder = statSync(file).ino;
    run();
    expect(statSync(file).ino).not.toBe(inOpenFolder);
    chmodSync(cacheDir(), 0o700);

    writeFileSync(file, 'not a code cache');
    const garbage = statSync(file).ino;
    run();
    expect(statSync(file).ino).not.toBe(garbage);
    expect(statSync(file).size).toBeGreaterThan(100_000);
  });

  it('writes nothing with AIRLOCK_CODE_CACHE=0', () => {
    const other = mkdtempSync(join(tmpdir(), 'airlock-cc-off-'));
    const previous = home;
    home = other;
    try {
      run({ AIRLOCK_CODE_CACHE: '0' });
      expect(() => readdirSync(cacheDir())).toThrow();
    } finally {
      home = previous;
      rmSync(other, { recursive: true, force: true });
    }
  });
});

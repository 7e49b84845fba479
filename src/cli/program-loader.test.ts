// The CLI's program runs through V8's code cache: where the cache lives, that the built CLI writes
// it once and then takes it, and that a cache it must not trust (another's, writable by others,
// garbage) is never used.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type BuiltCli } from '../../scripts/build-cli';
import { codeCachePath } from './program-loader';
import { COMMANDS, COMMAND_GROUPS, codeCacheCommand } from './code-cache-key';
import { buildProgram } from './program';
import { createContext } from './cli-context';

const key = {
  programHash: '0123456789abcdef',
  command: 'session-start',
  nodeVersion: 'v20.20.2',
  arch: 'x64',
};

describe('codeCachePath', () => {
  it('is a file per build, command, Node version and arch in the platform cache folder', () => {
    const name = 'cli-0123456789abcdef-session-start-v20.20.2-x64.v8';
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
    expect(codeCachePath({}, { ...key, command: '../x' }, 'linux', '/h')).toBeUndefined();
  });
});

describe('codeCacheCommand', () => {
  it.each([
    [['session', 'start', 'prod'], 'session-start'],
    [['session', 'list', '--output', 'json'], 'session-list'],
    [['sso', 'login', 'corp'], 'sso-login'],
    [['credential-process', 'prod'], 'credential-process'],
    [['exec', 'prod', '--', 'aws', 's3', 'ls'], 'exec'],
    [['session'], 'other'],
    [['session', 'prod-admin'], 'other'],
    [['--output', 'json', 'session', 'list'], 'other'],
    [['__proto__', 'x'], 'other'],
    [['no-such-command'], 'other'],
    [[], 'other'],
  ])('names the cache of %j %s', (argv, name) => {
    expect(codeCacheCommand(argv)).toBe(name);
  });

  it("knows the program's commands and groups: no other name reaches a file name", () => {
    const program = buildProgram(createContext({ stdout: () => true, stderr: () => true }));
    const groups = Object.fromEntries(
      program.commands
        .filter((c) => c.commands.length > 0)
        .map((c) => [c.name(), c.commands.map((sub) => sub.name()).sort()]),
    );
    const sorted = Object.fromEntries(
      Object.entries(COMMAND_GROUPS).map(([name, subs]) => [name, [...subs].sort()]),
    );
    expect(sorted).toEqual(groups);
    expect([...COMMANDS].sort()).toEqual(
      program.commands
        .filter((c) => c.commands.length === 0)
        .map((c) => c.name())
        .sort(),
    );
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

  function run(env: Record<string, string> = {}, argv = ['--version']) {
    const result = spawnSync(process.execPath, [built.entry, ...argv], {
      env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    if (argv[0] === '--version') expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.status).toBe(0);
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
    expect(file).toMatch(/cli-[0-9a-f]{16}-other-v\d+\.\d+\.\d+-\w+\.v8$/);
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

  it("gives each command a cache of its own, and removes other builds' caches unused for a month", () => {
    const file = cacheFile();
    const ours = statSync(file).ino;
    const old = join(cacheDir(), 'cli-aaaaaaaaaaaaaaaa-session-start-v20.0.0-x64.v8');
    const recent = join(cacheDir(), 'cli-bbbbbbbbbbbbbbbb-other-v20.0.0-x64.v8');
    const notACache = join(cacheDir(), 'notes.txt');
    for (const path of [old, recent, notACache]) writeFileSync(path, 'x');
    const twoMonthsAgo = new Date(Date.now() - 60 * 24 * 60 * 60 * 1000);
    utimesSync(old, twoMonthsAgo, twoMonthsAgo);
    utimesSync(notACache, twoMonthsAgo, twoMonthsAgo);
    // `session list --help` runs the program as `session-list`: a second cache, written at exit.
    run({}, ['session', 'list', '--help']);
    const names = readdirSync(cacheDir());
    expect(names.filter((n) => /^cli-[0-9a-f]{16}-session-list-/.test(n))).toHaveLength(1);
    expect(statSync(file).ino).toBe(ours);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(notACache)).toBe(true);
    for (const path of [recent, notACache]) rmSync(path);
    rmSync(
      join(
        cacheDir(),
        names.find((n) => n.includes('-session-list-'))!,
      ),
    );
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

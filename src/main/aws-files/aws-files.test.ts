import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsFiles, AwsFilesError, resolveAwsFilePaths } from './aws-files';
import { bundleScript } from '../../../test-support/bundle-script';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-aws-files-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

function filesIn(folder: string): AwsFiles {
  return new AwsFiles({
    credentialsFile: join(folder, 'credentials'),
    configFile: join(folder, 'config'),
  });
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

async function rejection(promise: Promise<unknown>): Promise<AwsFilesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AwsFilesError) return error;
    throw error;
  }
  throw new Error('expected an AwsFilesError');
}

describe('resolveAwsFilePaths', () => {
  it('defaults to <home>/.aws/credentials and <home>/.aws/config', () => {
    expect(resolveAwsFilePaths({}, '/home/u')).toEqual({
      credentialsFile: '/home/u/.aws/credentials',
      configFile: '/home/u/.aws/config',
    });
  });

  it('honours the environment variables and expands a leading ~', () => {
    const env = { AWS_SHARED_CREDENTIALS_FILE: '~/creds', AWS_CONFIG_FILE: '/etc/aws/config' };
    expect(resolveAwsFilePaths(env, '/home/u')).toEqual({
      credentialsFile: '/home/u/creds',
      configFile: '/etc/aws/config',
    });
  });

  it('treats an empty variable as unset, as the JS SDK does', () => {
    expect(resolveAwsFilePaths({ AWS_CONFIG_FILE: '' }, '/h').configFile).toBe('/h/.aws/config');
  });
});

describe('creating what is missing', () => {
  it('creates the folder at 0700 and the credentials file at 0600', async () => {
    const folder = join(dir, 'home', '.aws');
    await filesIn(folder).apply('credentials', [
      { profile: 'dev', action: 'set', set: { aws_access_key_id: 'AKIA' } },
    ]);
    expect(mode(folder)).toBe(0o700);
    expect(mode(join(folder, 'credentials'))).toBe(0o600);
    expect(readFileSync(join(folder, 'credentials'), 'utf8')).toBe(
      '[dev]\naws_access_key_id = AKIA\n',
    );
  });

  it('leaves the mode of a folder it did not create alone', async () => {
    chmodSync(dir, 0o755);
    await filesIn(dir).apply('config', [{ profile: 'dev', action: 'set', set: { region: 'x' } }]);
    expect(mode(dir)).toBe(0o755);
    expect(mode(join(dir, 'config'))).toBe(0o600);
  });

  it('keeps the credentials file at 0600 after every write, and the config file at its own mode', async () => {
    writeFileSync(join(dir, 'credentials'), '[a]\nx = 1\n', { mode: 0o644 });
    writeFileSync(join(dir, 'config'), '[default]\nregion = a\n', { mode: 0o640 });
    chmodSync(join(dir, 'config'), 0o640);
    const files = filesIn(dir);
    await files.apply('credentials', [{ profile: 'a', action: 'set', set: { x: '2' } }]);
    await files.apply('config', [{ profile: 'default', action: 'set', set: { region: 'b' } }]);
    expect(mode(join(dir, 'credentials'))).toBe(0o600);
    expect(mode(join(dir, 'config'))).toBe(0o640);
  });

  it('does not create a file for an edit that changes nothing', async () => {
    await filesIn(dir).apply('credentials', [{ profile: 'dev', action: 'remove' }]);
    expect(existsSync(join(dir, 'credentials'))).toBe(false);
  });
});

describe('reading', () => {
  it('returns undefined and an empty list for a missing file', async () => {
    const files = filesIn(join(dir, 'nowhere'));
    expect(await files.readProfile('credentials', 'a')).toBeUndefined();
    expect(await files.listProfiles('config')).toEqual([]);
  });

  it('reads what it wrote, with the owner marker', async () => {
    const files = filesIn(dir);
    await files.apply('config', [
      { profile: 'dev', action: 'set', set: { region: 'eu-west-1' }, owner: 'sess-1' },
    ]);
    expect(await files.readProfile('config', 'dev')).toEqual({
      name: 'dev',
      values: { region: 'eu-west-1' },
      owner: 'sess-1',
      raw: '[profile dev]\n# Managed by Airlock (session sess-1). Edits here are replaced on rotation.\nregion = eu-west-1\n',
    });
  });
});

describe('a file without a final newline', () => {
  it('is byte-identical after a session’s start and stop, LF and CRLF', async () => {
    const files = filesIn(dir);
    const credentials = '# hand-edited\r\n[work]\r\naws_access_key_id = AKIAHAND';
    const config = '[default]\nregion = eu-west-1\noutput = json';
    writeFileSync(join(dir, 'credentials'), credentials);
    writeFileSync(join(dir, 'config'), config);
    await files.apply('credentials', [
      {
        profile: 'dev',
        action: 'set',
        set: { aws_access_key_id: 'ASIA1', aws_secret_access_key: 's', aws_session_token: 't' },
        owner: 'sess-1',
      },
    ]);
    await files.apply('config', [
      { profile: 'dev', action: 'set', set: { region: 'us-east-1' }, owner: 'sess-1' },
    ]);
    expect((await files.readProfile('credentials', 'dev'))?.values.aws_session_token).toBe('t');
    await files.apply('credentials', [{ profile: 'dev', action: 'remove' }]);
    await files.apply('config', [{ profile: 'dev', action: 'remove' }]);
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe(credentials);
    expect(readFileSync(join(dir, 'config'), 'utf8')).toBe(config);
  });
});

describe('symlinks', () => {
  it('writes through a symlink: the link stays a link and the target keeps its mode', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    writeFileSync(join(real, 'config'), '[default]\nregion = a\n');
    chmodSync(join(real, 'config'), 0o644);
    const link = join(dir, 'config-link');
    symlinkSync(join(real, 'config'), link);
    const files = new AwsFiles({ credentialsFile: join(dir, 'credentials'), configFile: link });
    await files.apply('config', [{ profile: 'default', action: 'set', set: { region: 'b' } }]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'config'), 'utf8')).toBe('[default]\nregion = b\n');
    expect(mode(join(real, 'config'))).toBe(0o644);
    // The temp file lived beside the target, not beside the link.
    expect(readdirSync(real)).toEqual(['config']);
  });

  it('creates the target of a dangling symlink instead of replacing the link', async () => {
    const link = join(dir, 'credentials');
    symlinkSync('elsewhere/credentials', link);
    await filesIn(dir).apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'elsewhere', 'credentials'), 'utf8')).toBe('[a]\nx = 1\n');
  });
});

describe('coalescing and housekeeping', () => {
  it('writes edits issued together in one go and loses none', async () => {
    const files = filesIn(dir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        files.apply('credentials', [{ profile: `p${i}`, action: 'set', set: { k: String(i) } }]),
      ),
    );
    const names = (await files.listProfiles('credentials')).map((p) => p.name);
    expect(names.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`).sort());
  });

  it('still applies the other callers’ edits when one caller’s edit fails', async () => {
    writeFileSync(join(dir, 'credentials'), '[bad]\ngarbage line\n');
    const files = filesIn(dir);
    const results = await Promise.allSettled([
      files.apply('credentials', [{ profile: 'ok1', action: 'set', set: { k: '1' } }]),
      files.apply('credentials', [{ profile: 'bad', action: 'set', set: { k: '1' } }]),
      files.apply('credentials', [{ profile: 'ok2', action: 'set', set: { k: '2' } }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe(
      '[bad]\ngarbage line\n[ok1]\nk = 1\n[ok2]\nk = 2\n',
    );
  });

  it('removes temp files older than a minute and leaves younger ones', async () => {
    const old = join(dir, '.credentials.airlock-0a0b0c.tmp');
    const young = join(dir, '.credentials.airlock-0d0e0f.tmp');
    writeFileSync(old, 'x');
    writeFileSync(young, 'x');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(old, twoMinutesAgo, twoMinutesAgo);
    await filesIn(dir).apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(young)).toBe(true);
  });

  it('breaks a lock left by a dead process, and leaves no lock behind', async () => {
    const lock = join(dir, 'credentials.airlock.lock');
    writeFileSync(join(dir, 'credentials'), '');
    writeFileSync(lock, '999999999\n');
    await filesIn(dir).apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]);
    expect(existsSync(lock)).toBe(false);
  });

  it('waits for a lock held by a live process', async () => {
    const lock = join(dir, 'credentials.airlock.lock');
    writeFileSync(join(dir, 'credentials'), '');
    writeFileSync(lock, `${process.pid}\n`);
    let released = 0;
    setTimeout(() => {
      released = Date.now();
      rmSync(lock);
    }, 300);
    await filesIn(dir).apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]);
    expect(released).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe('[a]\nx = 1\n');
  });

  it('creates no lock or temp file for an edit the file already holds', async () => {
    const path = join(dir, 'config');
    writeFileSync(path, '[profile a]\nregion = eu-west-1\n');
    const inode = statSync(path).ino;
    const created: string[] = [];
    const watcher = watch(dir, (_event, name) => created.push(String(name)));
    try {
      await filesIn(dir).apply('config', [
        { profile: 'a', action: 'set', set: { region: 'eu-west-1' } },
      ]);
      // A write would have made the lock file and a temp file here; give inotify a moment.
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    } finally {
      watcher.close();
    }
    expect(created).toEqual([]);
    expect(statSync(path).ino).toBe(inode);
  });

  it('still tidies a killed writer’s lock and temp file beside an edit that changes nothing', async () => {
    const path = join(dir, 'config');
    writeFileSync(path, '[profile a]\nregion = eu-west-1\n');
    const inode = statSync(path).ino;
    const lock = join(dir, 'config.airlock.lock');
    const temp = join(dir, '.config.airlock-0a0b0c.tmp');
    writeFileSync(lock, '999999999\n');
    writeFileSync(temp, 'half a file');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(temp, twoMinutesAgo, twoMinutesAgo);
    await filesIn(dir).apply('config', [
      { profile: 'a', action: 'set', set: { region: 'eu-west-1' } },
    ]);
    expect(readdirSync(dir)).toEqual(['config']);
    expect(statSync(path).ino).toBe(inode);
  });

  it('orders an edit that changes nothing after the writes queued before it', async () => {
    writeFileSync(join(dir, 'credentials'), '[a]\nx = 1\n');
    const files = filesIn(dir);
    // Against the file as it is, the second edit changes nothing; after the first, it adds [a].
    await Promise.all([
      files.apply('credentials', [{ profile: 'a', action: 'remove' }]),
      files.apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]),
    ]);
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe('[a]\nx = 1\n');
  });

  it('treats a lock older than ten seconds as stale even when its pid is alive', async () => {
    const lock = join(dir, 'credentials.airlock.lock');
    writeFileSync(lock, `${process.pid}\n`);
    const old = new Date(Date.now() - 11_000);
    utimesSync(lock, old, old);
    await filesIn(dir).apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]);
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe('[a]\nx = 1\n');
  });
});

describe('typed errors', () => {
  it('names the path when it is a folder, and leaves it alone', async () => {
    mkdirSync(join(dir, 'credentials'));
    const files = filesIn(dir);
    const readFailure = await rejection(files.readProfile('credentials', 'a'));
    expect(readFailure.code).toBe('FILE_IO');
    expect(readFailure.message).toContain(`${join(dir, 'credentials')} is a folder`);
    const writeFailure = await rejection(
      files.apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]),
    );
    expect(writeFailure.code).toBe('FILE_IO');
    expect(writeFailure.message).toContain('is a folder');
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('reports a path whose parent is a file', async () => {
    writeFileSync(join(dir, 'blocker'), 'not a folder');
    const files = filesIn(join(dir, 'blocker'));
    const failure = await rejection(
      files.apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]),
    );
    expect(failure.code).toBe('FILE_IO');
    expect(failure.message).toContain(join(dir, 'blocker', 'credentials'));
    expect(readFileSync(join(dir, 'blocker'), 'utf8')).toBe('not a folder');
  });

  it('refuses to edit a file that is not UTF-8, without changing it', async () => {
    const bytes = Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0x78, 0x3d, 0xff, 0x0a]);
    writeFileSync(join(dir, 'credentials'), bytes);
    const failure = await rejection(
      filesIn(dir).apply('credentials', [{ profile: 'b', action: 'set', set: { x: '1' } }]),
    );
    expect(failure.code).toBe('FILE_PARSE');
    expect(readFileSync(join(dir, 'credentials')).equals(bytes)).toBe(true);
  });

  it('leaves the file byte-identical when an edit is refused as ambiguous', async () => {
    const text = 'aws_secret_access_key = TOPSECRET\n[a]\nx = 1\n';
    writeFileSync(join(dir, 'credentials'), text);
    const failure = await rejection(
      filesIn(dir).apply('credentials', [{ profile: 'a', action: 'set', set: { x: '2' } }]),
    );
    expect(failure.code).toBe('FILE_PARSE');
    expect(failure.message).not.toContain('TOPSECRET');
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  describe('permissions (checked in a child process as an unprivileged user when running as root)', () => {
    let probe: string;
    let fixtureDir: string;
    beforeAll(async () => {
      fixtureDir = mkdtempSync(join(tmpdir(), 'airlock-probe-'));
      probe = await bundleScript(
        join(import.meta.dirname, 'test-fixtures', 'error-probe.ts'),
        fixtureDir,
      );
    });
    afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }));

    async function runProbe(operation: 'read' | 'write', credentials: string) {
      // Root bypasses permission checks, so the probe drops to nobody; as a normal user it runs as is.
      const { stdout } = await run(process.execPath, [probe, operation, credentials], {
        ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
        env: { PATH: process.env.PATH ?? '', HOME: dir },
      });
      return JSON.parse(stdout) as { ok: boolean; code?: string; message?: string };
    }

    it('reports an unreadable file (EACCES) with its path and no content', async () => {
      chmodSync(dir, 0o755);
      const credentials = join(dir, 'credentials');
      writeFileSync(credentials, '[a]\naws_secret_access_key = TOPSECRET\n');
      chmodSync(credentials, 0o000);
      const outcome = await runProbe('read', credentials);
      expect(outcome).toMatchObject({ ok: false, code: 'FILE_IO' });
      expect(outcome.message).toContain(`not allowed to read ${credentials}`);
      expect(outcome.message).not.toContain('TOPSECRET');
    });

    it('reports a read-only folder and leaves the file unchanged', async () => {
      const folder = join(dir, 'aws');
      mkdirSync(folder);
      const credentials = join(folder, 'credentials');
      writeFileSync(credentials, '[a]\nx = 0\n');
      chmodSync(credentials, 0o666);
      chmodSync(folder, 0o555);
      chmodSync(dir, 0o755);
      const outcome = await runProbe('write', credentials);
      expect(outcome).toMatchObject({ ok: false, code: 'FILE_IO' });
      expect(outcome.message).toContain(`cannot write in the folder ${folder}`);
      expect(readFileSync(credentials, 'utf8')).toBe('[a]\nx = 0\n');
      expect(readdirSync(folder)).toEqual(['credentials']);
    });
  });
});

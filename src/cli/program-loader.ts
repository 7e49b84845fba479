// Loads the CLI's program (dist/cli/program.cjs, one CommonJS file) through V8's code cache, so a
// cold command does not compile the program and the SDK again each time (Node 20 has no compile
// cache of its own). The cache is a file per build and command (code-cache-key.ts) in the user's
// cache folder; one that is missing, stale, not the user's or writable by others is not used, and
// the program runs as it would without. Other builds' caches go once a month has passed unused.
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export interface Program {
  runCli(argv: string[]): Promise<number>;
}

/** What the cache file's name depends on: the program's content hash, the command, Node's version and arch. */
export interface CodeCacheKey {
  programHash: string;
  /** codeCacheCommand(argv): `session-start`, `whoami`, `other`. */
  command: string;
  nodeVersion: string;
  arch: string;
}

const PROGRAM_HASH = /^[0-9a-f]{8,64}$/;
const COMMAND = /^[a-z][a-z-]{0,63}$/;
/** Another build's cache unused this long is removed when a cache is written. */
const OTHER_BUILD_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Where the code cache of this build lives, or undefined when it is turned off
 * (AIRLOCK_CODE_CACHE=0). XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%, else ~/.cache.
 */
export function codeCachePath(
  env: Record<string, string | undefined>,
  key: CodeCacheKey,
  platform: NodeJS.Platform = process.platform,
  home = env.HOME ?? homedir(),
): string | undefined {
  if (env.AIRLOCK_CODE_CACHE === '0' || !PROGRAM_HASH.test(key.programHash)) return undefined;
  if (!COMMAND.test(key.command)) return undefined;
  const base =
    env.XDG_CACHE_HOME ||
    (platform === 'darwin'
      ? join(home, 'Library', 'Caches')
      : platform === 'win32'
        ? (env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
        : join(home, '.cache'));
  return join(
    base,
    'airlock',
    `cli-${key.programHash}-${key.command}-${key.nodeVersion}-${key.arch}.v8`,
  );
}

/** Group or others may write it: bits 0o022. */
const WRITABLE_BY_OTHERS = 0o022;

/** This user's, and nobody else may write it (nor, for the folder, swap what is in it). */
function isOwn(path: string, kind: 'file' | 'folder'): boolean {
  const stat = lstatSync(path);
  if (kind === 'file' ? !stat.isFile() : !stat.isDirectory()) return false;
  if ((stat.mode & WRITABLE_BY_OTHERS) !== 0) return false;
  const uid = process.geteuid?.();
  return uid === undefined || stat.uid === uid;
}

/** The cache's bytes, if it and its folder are the user's own. */
function readOwnCache(path: string): Buffer | undefined {
  try {
    return isOwn(dirname(path), 'folder') && isOwn(path, 'file') ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Temp file beside it, then rename: a reader never sees half a cache. Failures only cost speed. */
function writeCache(path: string, data: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
    removeOtherBuilds(path);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      /* nothing to tidy */
    }
  }
}

/**
 * Removes caches of other builds (an upgrade leaves its predecessor's behind) written more than a
 * month ago. Another installed copy still in use writes its own again on its next run.
 */
function removeOtherBuilds(path: string, now = Date.now()): void {
  const folder = dirname(path);
  const own = /^cli-([0-9a-f]+)-/.exec(basename(path))?.[1];
  for (const name of readdirSync(folder)) {
    const build = /^cli-([0-9a-f]+)-.*\.v8$/.exec(name)?.[1];
    if (build === undefined || build === own) continue;
    const file = join(folder, name);
    try {
      if (now - statSync(file).mtimeMs > OTHER_BUILD_KEPT_MS) unlinkSync(file);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}

type ModuleFunction = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

/**
 * Runs program.cjs as Node's CommonJS loader would, with the cached code when it is accepted. When
 * there was none (or V8 rejected it), the cache is written once the command is done, so it holds
 * what this command compiled.
 */
export function loadProgram(file: string, cachePath: string | undefined): Program {
  const source = readFileSync(file, 'utf8');
  const cachedData = cachePath === undefined ? undefined : readOwnCache(cachePath);
  const script = new Script(wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  (script.runInThisContext() as ModuleFunction)(
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
  );
  if (cachePath !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('beforeExit', () => writeCache(cachePath, script.createCachedData()));
  }
  return module.exports as Program;
}

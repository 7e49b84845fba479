// Crash-safe replacement of a file: temp file in the same folder, fsync, rename, fsync the folder.
import { randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from './errno';

/** What we compare to notice that someone else replaced or rewrote the file since we read it. */
export interface FileVersion {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  mode: number;
  uid: number;
  gid: number;
}

const TEMP_FILE = /^\..+\.airlock-[0-9a-f]+\.tmp$/;
const STALE_TEMP_AFTER_MS = 60_000;

function errnoError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${path}`), { code, path });
}

function toVersion(info: BigIntStats): FileVersion {
  return {
    dev: info.dev,
    ino: info.ino,
    size: info.size,
    mtimeNs: info.mtimeNs,
    ctimeNs: info.ctimeNs,
    mode: Number(info.mode & 0o7777n),
    uid: Number(info.uid),
    gid: Number(info.gid),
  };
}

/** The file's bytes and the version they belong to; undefined when the file does not exist. */
export async function readFileVersion(
  path: string,
): Promise<{ bytes: Buffer; version: FileVersion } | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (info.isDirectory()) throw errnoError('EISDIR', path);
    return { bytes: await handle.readFile(), version: toVersion(info) };
  } finally {
    await handle.close();
  }
}

export async function statVersion(path: string): Promise<FileVersion | undefined> {
  try {
    return toVersion(await stat(path, { bigint: true }));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  );
}

/**
 * `.<name>.airlock-<writer pid, 8 hex><12 random hex>.tmp`: the pid lets the next writer remove a
 * killed writer's file at once instead of waiting for it to age.
 */
/** A temp file of this module's, any writer's (what cleanStaleTempFiles looks at). */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name);
}

export function tempFileName(basename: string): string {
  const pid = process.pid.toString(16).padStart(8, '0');
  return `.${basename}.airlock-${pid}${randomBytes(6).toString('hex')}.tmp`;
}

function writerPid(name: string): number | undefined {
  const hex = /\.airlock-([0-9a-f]{8})[0-9a-f]{12}\.tmp$/.exec(name)?.[1];
  return hex === undefined ? undefined : Number.parseInt(hex, 16);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(error) === 'EPERM';
  }
}

/** Writes and fsyncs a temp file beside the target; returns its path. */
export async function writeTempFile(
  folder: string,
  basename: string,
  content: Buffer,
  mode: number,
  owner?: { uid: number; gid: number },
): Promise<string> {
  const tempPath = join(folder, tempFileName(basename));
  const handle = await open(tempPath, 'wx', mode);
  try {
    // The umask may have narrowed or widened nothing we want: set the mode explicitly.
    await handle.chmod(mode);
    if (owner !== undefined) await handle.chown(owner.uid, owner.gid);
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return tempPath;
}

/** Makes a rename in the folder durable. */
export async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems cannot fsync a directory; the rename has still happened.
    if (errnoCode(error) !== 'EINVAL' && errnoCode(error) !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}

/** Removes temp files that a killed writer left behind: a dead writer's at once, others once old (they may be a live writer's). */
export async function cleanStaleTempFiles(folder: string, now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => TEMP_FILE.test(name))
      .map(async (name) => {
        const path = join(folder, name);
        try {
          const pid = writerPid(name);
          const info = await stat(path);
          const dead = pid !== undefined && pid > 0 && !processIsAlive(pid);
          if (dead || now - info.mtimeMs > STALE_TEMP_AFTER_MS) await unlink(path);
        } catch {
          // Gone already, or not ours to remove: the next write tries again.
        }
      }),
  );
}

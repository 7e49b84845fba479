// Cross-process lock beside a file (`<file>.airlock.lock`), so the app and the CLI never interleave writes.
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processIsAlive, tempFileName } from './atomic-write';
import { errnoCode } from './errno';

const STALE_AFTER_MS = 10_000;
/** A holder writes its pid right after creating the file; an empty lock this old lost its holder. */
const EMPTY_STALE_AFTER_MS = 1_000;
const POLL_MS = 15;
/** Longer than the stale age, so a holder that died without cleaning up is always outwaited. */
const GIVE_UP_AFTER_MS = STALE_AFTER_MS + 5_000;

export class LockTimeoutError extends Error {
  constructor(readonly lockPath: string) {
    super(`Timed out waiting for ${lockPath}`);
  }
}

/** A lock is stale when its holder is gone or it is older than any write could take. */
async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [content, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const pid = Number.parseInt(content, 10);
    const age = Date.now() - info.mtimeMs;
    if (age > STALE_AFTER_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return age > EMPTY_STALE_AFTER_MS;
    return !processIsAlive(pid);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

async function breakStaleLock(lockPath: string): Promise<void> {
  // Renaming first means only one of several waiters removes this particular stale lock. The name
  // is a temp file's, so if we die before the unlink, the next write's cleanup removes it.
  const aside = join(dirname(lockPath), tempFileName(basename(lockPath)));
  try {
    await rename(lockPath, aside);
    await unlink(aside);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx', 0o600);
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/** Runs `task` while holding the lock; errors other than waiting (EACCES, EROFS…) propagate as thrown. */
export async function withFileLock<T>(lockPath: string, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  while (!(await tryCreate(lockPath))) {
    if (await isStale(lockPath)) {
      await breakStaleLock(lockPath);
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(lockPath);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await task();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

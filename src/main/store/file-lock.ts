// A cross-process lock file (O_EXCL), so the app and CLI processes never interleave a read-modify-write.
import { openSync, closeSync, writeSync, unlinkSync, readFileSync, statSync } from 'node:fs';
import { AirlockError } from '../airlock-error';

const STALE_MS = 10_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryAcquire(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx', 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A holder that died (kill -9) leaves its lock behind: take it over when the pid is gone or it is old.
  try {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    const age = Date.now() - statSync(lockPath).mtimeMs;
    if ((Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) || age > STALE_MS) {
      unlinkSync(lockPath);
    }
  } catch {
    /* the holder released it meanwhile */
  }
  return false;
}

/** Runs fn while holding lockPath; waits up to timeoutMs for another holder. */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T> | T,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  while (!tryAcquire(lockPath)) {
    if (Date.now() > deadline) {
      throw new AirlockError(
        'FILE_IO',
        `Another Airlock process holds ${lockPath}. If none is running, delete that file and try again.`,
      );
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 50);
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  }
}

// One login or refresh per integration across every Airlock process: a lock file in AIRLOCK_HOME, kept fresh while held.
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { AirlockError } from '../airlock-error';
import { LockTimeoutError, withFileLock } from '../fs/file-lock';

const HEARTBEAT_MS = 2_000;
const DEFAULT_WAIT_MS = 10 * 60_000;

export function integrationLockPath(airlockHome: string, integrationName: string): string {
  return join(airlockHome, `sso-${integrationName}.lock`);
}

/**
 * Runs task under the integration's lock. A login can take minutes, longer than file-lock's stale
 * age, so the holder touches the lock while it works; waiters keep waiting up to waitMs (default
 * 10 min), which covers a login the person is completing in the browser.
 */
export async function withIntegrationLock<T>(
  airlockHome: string,
  integrationName: string,
  task: () => Promise<T>,
  waitMs = DEFAULT_WAIT_MS,
): Promise<T> {
  const lockPath = integrationLockPath(airlockHome, integrationName);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await withFileLock(lockPath, async () => {
        const heartbeat = setInterval(() => {
          const now = new Date();
          utimes(lockPath, now, now).catch(() => undefined);
        }, HEARTBEAT_MS);
        heartbeat.unref();
        try {
          return await task();
        } finally {
          clearInterval(heartbeat);
        }
      });
    } catch (error) {
      if (!(error instanceof LockTimeoutError)) throw error;
      if (Date.now() > deadline) {
        throw new AirlockError(
          'SSO_LOGIN_FAILED',
          `Another Airlock process has been logging in to ${integrationName} for too long. Finish or cancel that login, then try again; if none is running, delete ${lockPath}.`,
          { cause: error },
        );
      }
    }
  }
}

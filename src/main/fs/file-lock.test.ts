import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock';

let lock: string;
beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-lock-'));
  lock = join(dir, 'file.airlock.lock');
  return () => rmSync(dir, { recursive: true, force: true });
});

describe('withFileLock', () => {
  it('holds the lock with its pid while the task runs, and removes it after, also on a throw', async () => {
    const { readFileSync } = await import('node:fs');
    await withFileLock(lock, async () => {
      expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    });
    expect(existsSync(lock)).toBe(false);
    await expect(
      withFileLock(lock, async () => {
        throw new Error('task failed');
      }),
    ).rejects.toThrow('task failed');
    expect(existsSync(lock)).toBe(false);
  });

  it('runs tasks on one lock one at a time', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withFileLock(lock, async () => {
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 20));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('breaks a lock whose pid is dead at once', async () => {
    writeFileSync(lock, '999999999\n');
    const started = Date.now();
    expect(await withFileLock(lock, async () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for a live holder, and breaks a lock older than ten seconds or empty for over one', async () => {
    writeFileSync(lock, `${process.pid}\n`);
    let released = 0;
    setTimeout(() => {
      released = Date.now();
      rmSync(lock);
    }, 200);
    await withFileLock(lock, async () => expect(released).toBeGreaterThan(0));

    writeFileSync(lock, `${process.pid}\n`);
    const old = new Date(Date.now() - 11_000);
    utimesSync(lock, old, old);
    expect(await withFileLock(lock, async () => 'old broken')).toBe('old broken');

    writeFileSync(lock, '');
    const started = Date.now();
    expect(await withFileLock(lock, async () => 'empty broken')).toBe('empty broken');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

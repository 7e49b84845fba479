// readBoundedFile refuses what would hang (a FIFO), flood (/dev/zero, a huge file) or mislead (a relative path).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BoundedReadError, readBoundedFile } from './bounded-read';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-bounded-read-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<BoundedReadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof BoundedReadError) return error;
  throw new Error(`expected a BoundedReadError, got ${String(error)}`);
}

describe('readBoundedFile', () => {
  it('reads a regular file within the cap', async () => {
    writeFileSync(join(dir, 'token'), 'abc');
    expect((await readBoundedFile(join(dir, 'token'), 3)).toString()).toBe('abc');
  });

  it('refuses a file one byte over the cap', async () => {
    writeFileSync(join(dir, 'token'), 'abcd');
    expect((await failure(readBoundedFile(join(dir, 'token'), 3))).reason).toBe('TOO_LARGE');
  });

  it('refuses a relative path, which would resolve against whichever cwd the reader has', async () => {
    expect((await failure(readBoundedFile('token', 10))).reason).toBe('NOT_ABSOLUTE');
  });

  it('refuses a FIFO at once instead of waiting for a writer', { timeout: 10_000 }, async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect((await failure(readBoundedFile(fifo, 10))).reason).toBe('NOT_A_FILE');
  });

  it('refuses /dev/zero (a device, endless) without reading it', async () => {
    expect((await failure(readBoundedFile('/dev/zero', 10))).reason).toBe('NOT_A_FILE');
  });

  it('refuses a folder', async () => {
    expect((await failure(readBoundedFile(dir, 10))).reason).toBe('NOT_A_FILE');
  });

  it('reports a missing file with its errno', async () => {
    const error = await failure(readBoundedFile(join(dir, 'missing'), 10));
    expect(error).toMatchObject({ reason: 'ERRNO', errno: 'ENOENT' });
  });

  it('stops at the cap when a regular file reports a smaller size than it reads (/proc)', async () => {
    // /proc files stat as size 0 yet read as text; /proc/self/maps is far larger than 16 bytes.
    expect((await failure(readBoundedFile('/proc/self/maps', 16))).reason).toBe('TOO_LARGE');
  });
});

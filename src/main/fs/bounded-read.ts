// Reads a small file a user pointed Airlock at (a token, an assertion) without letting it hang or flood the process.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { errnoCode } from './errno';

/** Why a file was refused; `errno` carries the system's code when opening or reading failed. */
export type BoundedReadFailure = 'NOT_ABSOLUTE' | 'NOT_A_FILE' | 'TOO_LARGE' | 'ERRNO';

export class BoundedReadError extends Error {
  constructor(
    readonly reason: BoundedReadFailure,
    readonly path: string,
    readonly errno?: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}${errno ? ` (${errno})` : ''}: ${path}`, options);
  }
}

/**
 * The bytes of a regular file of at most `maxBytes`. O_NONBLOCK makes opening a FIFO return at
 * once (a plain open waits for a writer); fstat on the open descriptor then refuses anything but a
 * regular file, so what is checked is what is read. At most maxBytes + 1 bytes are read, so a file
 * that grows, or lies about its size (/proc), cannot exhaust memory.
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<Buffer> {
  if (!isAbsolute(path)) throw new BoundedReadError('NOT_ABSOLUTE', path);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new BoundedReadError('ERRNO', path, errnoCode(error), {
      cause: error,
    });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BoundedReadError('NOT_A_FILE', path);
    if (info.size > maxBytes) throw new BoundedReadError('TOO_LARGE', path);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new BoundedReadError('TOO_LARGE', path);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof BoundedReadError) throw error;
    throw new BoundedReadError('ERRNO', path, errnoCode(error), {
      cause: error,
    });
  } finally {
    await handle.close();
  }
}

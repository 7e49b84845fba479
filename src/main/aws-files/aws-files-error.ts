// The files engine's typed error, and the mapping from Node's errno codes to messages a person can act on.
import { AirlockError } from '../airlock-error';
import { errnoCode } from '../fs/errno';

/**
 * FILE_IO: the file or its folder cannot be read or written. FILE_PARSE: the file's text makes the
 * requested edit ambiguous. VALIDATION: the caller asked for an edit that cannot be written safely.
 * PROFILE_CONFLICT: an edit meant for Airlock's own section met one written by hand.
 * Messages name paths and line numbers, never a file's content or a value.
 */
export type AwsFilesErrorCode = 'FILE_IO' | 'FILE_PARSE' | 'VALIDATION' | 'PROFILE_CONFLICT';

export class AwsFilesError extends AirlockError {
  constructor(
    override readonly code: AwsFilesErrorCode,
    message: string,
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Maps a failed read of `path` to an AwsFilesError; the cause keeps the errno for the log. */
export function readError(path: string, error: unknown): AwsFilesError {
  if (error instanceof AwsFilesError) return error;
  const code = errnoCode(error);
  const options = { cause: error };
  switch (code) {
    case 'EISDIR':
      return new AwsFilesError(
        'FILE_IO',
        `${path} is a folder, not a file. Move it aside or point the AWS file variable at a file.`,
        path,
        options,
      );
    case 'EACCES':
    case 'EPERM':
      return new AwsFilesError(
        'FILE_IO',
        `Airlock is not allowed to read ${path}. Check its owner and permissions (ls -l "${path}").`,
        path,
        options,
      );
    case 'ENOTDIR':
      return new AwsFilesError(
        'FILE_IO',
        `A part of the path ${path} is a file where a folder is expected. Fix the path or move that file aside.`,
        path,
        options,
      );
    case 'ELOOP':
      return new AwsFilesError(
        'FILE_IO',
        `${path} is a symbolic link that loops back on itself. Point it at a real file.`,
        path,
        options,
      );
    default:
      return new AwsFilesError(
        'FILE_IO',
        `Airlock could not read ${path} (${code ?? 'unknown error'}).`,
        path,
        options,
      );
  }
}

/** Maps a failed write in `folder` for `path`; the user's file is untouched when this is thrown. */
export function writeError(path: string, folder: string, error: unknown): AwsFilesError {
  if (error instanceof AwsFilesError) return error;
  const code = errnoCode(error);
  const options = { cause: error };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AwsFilesError(
        'FILE_IO',
        `Airlock cannot write in the folder ${folder} (read-only or permission denied), so ${path} was not changed. Make the folder writable for your user.`,
        path,
        options,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new AwsFilesError(
        'FILE_IO',
        `The disk holding ${folder} is full, so ${path} was not changed. Free some space and retry.`,
        path,
        options,
      );
    case 'EISDIR':
    case 'ENOTDIR':
    case 'ELOOP':
      return readError(path, error);
    default:
      return new AwsFilesError(
        'FILE_IO',
        `Airlock could not write ${path} (${code ?? 'unknown error'}); the file was not changed.`,
        path,
        options,
      );
  }
}

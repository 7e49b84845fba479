// Reads a web identity token file as AWS_WEB_IDENTITY_TOKEN_FILE is read, but bounded: an absolute
// path to a regular file of at most 64 KiB, never a FIFO or device.
import { AirlockError } from '../airlock-error';
import { BoundedReadError, readBoundedFile } from '../fs/bounded-read';
import type { SessionConfigOf } from '../../shared/sessions';

/** JWTs are a few KiB; anything past this is not a token, and must not be read whole. */
export const MAX_WEB_IDENTITY_TOKEN_BYTES = 64 * 1024;

/** The token file's text: an absolute path to a regular file of at most 64 KiB, never a FIFO or device. */
export async function readWebIdentityToken(
  config: SessionConfigOf<'web-identity'>,
): Promise<string> {
  const file = config.tokenFile ?? '';
  try {
    return (await readBoundedFile(file, MAX_WEB_IDENTITY_TOKEN_BYTES)).toString('utf8').trim();
  } catch (error) {
    const reason = error instanceof BoundedReadError ? error.reason : 'ERRNO';
    const why = {
      NOT_ABSOLUTE:
        'is not an absolute path (the app and the CLI run in different folders). Give the full path',
      NOT_A_FILE:
        'is not a regular file (a FIFO, device or folder). Point it at the file holding the token',
      TOO_LARGE: `is larger than ${MAX_WEB_IDENTITY_TOKEN_BYTES / 1024} KiB, far more than a token. Check the path`,
      ERRNO: `cannot be read (${(error as BoundedReadError).errno ?? 'error'}). Check the path`,
    }[reason];
    throw new AirlockError(
      'WEB_IDENTITY_INVALID',
      `The web identity token file ${file} for session ${config.name} ${why}.`,
      { cause: error },
    );
  }
}

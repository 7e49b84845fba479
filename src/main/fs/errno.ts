// The one reading of Node's errno codes (ENOENT, EACCES…) off a thrown value of unknown type.

/** The error's `code` when it is a string, as Node's system errors carry it; undefined otherwise. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

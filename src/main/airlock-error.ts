// The one error type the core throws; mapped to an ErrorView at the edges (IPC, CLI).
// Only zod's types are imported: code that throws AirlockError (the keychain adapter, the CLI's
// credential_process fast path) must not load zod's schema stack to do so.
import type { ZodError } from 'zod';
import type { ErrorCode, ErrorView } from '../shared/errors';

export class AirlockError extends Error {
  override readonly name = 'AirlockError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toView(): ErrorView {
    return { code: this.code, message: this.message };
  }
}

/** Maps anything thrown to a view; unknown errors never leak their text (it may hold a secret). */
export function toErrorView(error: unknown): ErrorView {
  if (error instanceof AirlockError) return error.toView();
  if (isZodError(error)) return { code: 'VALIDATION', message: describeZodError(error) };
  return { code: 'INTERNAL', message: 'Airlock hit an unexpected error; see the log for details.' };
}

/** A ZodError, known by what zod gives each one (its name and its issues), not by its class. */
function isZodError(error: unknown): error is ZodError {
  return (
    error instanceof Error &&
    error.name === 'ZodError' &&
    Array.isArray((error as Partial<ZodError>).issues)
  );
}

/** "profile: is required; roleArn: must be a role ARN …": what to fix, field by field. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'value'}: ${i.message}`)
    .join('; ');
}

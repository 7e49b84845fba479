// The one error type the core throws; mapped to an ErrorView at the edges (IPC, CLI).
import { ZodError } from 'zod';
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
  if (error instanceof ZodError) return { code: 'VALIDATION', message: describeZodError(error) };
  return { code: 'INTERNAL', message: 'Airlock hit an unexpected error; see the log for details.' };
}

/** "profile: is required; roleArn: must be a role ARN …": what to fix, field by field. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'value'}: ${i.message}`)
    .join('; ');
}

// The one error type the core throws; mapped to an ErrorView at the edges (IPC, CLI).
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
  return { code: 'INTERNAL', message: 'Airlock hit an unexpected error; see the log for details.' };
}

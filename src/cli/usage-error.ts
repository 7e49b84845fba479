// Usage errors (the CLI exits 2), and which thrown errors count as one.
import * as z from 'zod';
import { AirlockError, describeZodError } from '../main/airlock-error';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function toUsageError(error: unknown): UsageError | undefined {
  if (error instanceof UsageError) return error;
  if (error instanceof z.ZodError) return new UsageError(describeZodError(error));
  if (error instanceof AirlockError && error.code === 'VALIDATION')
    return new UsageError(error.message);
  return undefined;
}

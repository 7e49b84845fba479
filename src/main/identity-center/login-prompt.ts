// Runs a login step beside its prompt: the prompt's rejection (a cancel) ends the step, the step's end takes the prompt down.
import { AirlockError } from '../airlock-error';

/**
 * `show` starts the prompt with a signal aborted when `step` settles; a rejection of the prompt
 * (the person cancelled, or no prompt could be shown) rejects the result and aborts `step`'s signal.
 */
export async function withLoginPrompt<T>(
  show: (done: AbortSignal) => Promise<void>,
  step: (cancelled: AbortSignal) => Promise<T>,
): Promise<T> {
  const done = new AbortController();
  const cancelled = new AbortController();
  let rejectPrompt: (error: unknown) => void = () => undefined;
  const promptFailed = new Promise<never>((_, reject) => (rejectPrompt = reject));
  promptFailed.catch(() => undefined);
  show(done.signal).catch((error: unknown) => {
    if (done.signal.aborted) return;
    const reason =
      error instanceof AirlockError
        ? error
        : new AirlockError(
            'PROMPT_CANCELLED',
            'The Identity Center login prompt could not be shown.',
            { cause: error },
          );
    cancelled.abort(reason);
    rejectPrompt(reason);
  });
  try {
    return await Promise.race([step(cancelled.signal), promptFailed]);
  } finally {
    done.abort();
  }
}

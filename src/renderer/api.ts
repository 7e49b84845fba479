// The renderer's only door to the main process: a typed wrapper over `window.airlock`.
import type {
  AirlockApi,
  EventChannel,
  EventPayloads,
  InvokeArgs,
  InvokeChannel,
  InvokeValue,
} from '../shared/ipc-contract';
import type { ErrorView } from '../shared/errors';

declare global {
  interface Window {
    airlock: AirlockApi;
  }
}

/** An error the main process reported, carrying its code and human message. */
export class ApiError extends Error {
  readonly code: ErrorView['code'];
  constructor(readonly view: ErrorView) {
    super(view.message);
    this.code = view.code;
  }
}

export function toErrorView(error: unknown): ErrorView {
  if (error instanceof ApiError) return error.view;
  return { code: 'INTERNAL', message: 'Airlock could not reach its main process.' };
}

/** Invokes a contract channel and unwraps the Result: resolves with the value, throws ApiError. */
export async function invoke<C extends InvokeChannel>(
  channel: C,
  ...payload: InvokeArgs<C>
): Promise<InvokeValue<C>> {
  let result;
  try {
    result = await window.airlock.invoke(channel, ...payload);
  } catch {
    throw new ApiError({ code: 'INTERNAL', message: 'Airlock could not reach its main process.' });
  }
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function on<E extends EventChannel>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
): () => void {
  return window.airlock.on(event, listener);
}

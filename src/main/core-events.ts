// The core's typed event bus: every session change and prompt goes out through here.
import type { EventChannel, EventPayloads } from '../shared/ipc-contract';

type Listener<E extends EventChannel> = (payload: EventPayloads[E]) => void;
type AnyListener = (event: EventChannel, payload: unknown) => void;

export class CoreEvents {
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly anyListeners = new Set<AnyListener>();

  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    // A failing listener must not stop the others nor the core's own flow.
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        /* listener errors are the listener's concern */
      }
    }
    for (const listener of this.anyListeners) {
      try {
        listener(event, payload);
      } catch {
        /* as above */
      }
    }
  }
}

// Core events → the renderer, queued until the page says `app:ready` (again after each reload).
import type { EventChannel } from '../../shared/ipc-channels';

export type SendEvent = (event: EventChannel, payload: unknown) => void;

/** Enough for a burst at startup; beyond it the oldest are dropped (the page reloads the list anyway). */
const MAX_QUEUED = 2_000;

export class EventForwarder {
  private queue: { event: EventChannel; payload: unknown }[] = [];
  private send: SendEvent | undefined;

  /** The page is listening: flush what waited, then send straight through. */
  ready(send: SendEvent): void {
    this.send = send;
    const waiting = this.queue;
    this.queue = [];
    for (const { event, payload } of waiting) send(event, payload);
  }

  /** The page went away (reload, crash, window closed): queue again until it is ready. */
  reset(): void {
    this.send = undefined;
  }

  forward(event: EventChannel, payload: unknown): void {
    if (this.send) {
      this.send(event, payload);
      return;
    }
    this.queue.push({ event, payload });
    if (this.queue.length > MAX_QUEUED) this.queue.shift();
  }
}

// The shared countdown clock's logic, apart from the DOM: it ticks once a second only while someone
// subscribes AND the page is visible; a page that becomes visible again gets a fresh `now` at once.

/** What the clock needs from its page; use-now.ts passes the document and the window's timers. */
export interface ClockHost {
  now(): number;
  setInterval(tick: () => void, ms: number): number;
  clearInterval(handle: number): void;
  isHidden(): boolean;
  /** Calls `changed` on every visibility change; returns the unsubscribe. */
  onVisibilityChange(changed: () => void): () => void;
}

export interface NowClock {
  subscribe(listener: () => void): () => void;
  getNow(): number;
}

export const TICK_MS = 1000;

export function createNowClock(host: ClockHost): NowClock {
  const listeners = new Set<() => void>();
  let now = host.now();
  let timer: number | undefined;
  let stopWatching: (() => void) | undefined;

  const notify = (): void => {
    now = host.now();
    for (const fn of listeners) fn();
  };
  const start = (): void => {
    if (timer === undefined) timer = host.setInterval(notify, TICK_MS);
  };
  const stop = (): void => {
    if (timer !== undefined) host.clearInterval(timer);
    timer = undefined;
  };
  const visibilityChanged = (): void => {
    if (host.isHidden()) return stop();
    // Shown again: the countdowns are right at once, not up to a second later.
    notify();
    start();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!stopWatching) {
        stopWatching = host.onVisibilityChange(visibilityChanged);
        now = host.now();
        if (!host.isHidden()) start();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        stop();
        stopWatching?.();
        stopWatching = undefined;
      };
    },
    getNow: () => now,
  };
}

// One shared once-a-second clock for countdowns, so 5,000 rows do not each run a timer.
// It runs only while someone subscribes and the document is visible: a hidden window (Electron
// sets visibilityState to hidden on hide/minimise with backgroundThrottling on) runs no timer,
// and on show the clock reads a fresh time at once, before its first tick.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

const visible = (): boolean => document.visibilityState !== 'hidden';

function tick(): void {
  now = Date.now();
  for (const fn of listeners) fn();
}

function start(): void {
  if (timer || listeners.size === 0 || !visible()) return;
  timer = setInterval(tick, 1000);
}

function stop(): void {
  if (!timer) return;
  clearInterval(timer);
  timer = undefined;
}

function onVisibilityChange(): void {
  if (!visible()) return stop();
  tick();
  start();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    now = Date.now();
    document.addEventListener('visibilitychange', onVisibilityChange);
  }
  listeners.add(listener);
  start();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    stop();
    document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

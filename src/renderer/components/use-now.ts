// One shared once-a-second clock for countdowns, so 5,000 rows do not each run a timer. It stops
// while the document is hidden (a hidden BrowserWindow is, with backgroundThrottling on) and
// resumes with a fresh `now` when the window is shown (now-clock.ts).
import { useSyncExternalStore } from 'react';
import { createNowClock } from './now-clock';

const clock = createNowClock({
  now: () => Date.now(),
  setInterval: (tick, ms) => window.setInterval(tick, ms),
  clearInterval: (handle) => window.clearInterval(handle),
  isHidden: () => document.visibilityState === 'hidden',
  onVisibilityChange(changed) {
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  },
});

export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.getNow);
}

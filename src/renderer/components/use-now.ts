// One shared once-a-second clock for countdowns, so 5,000 rows do not each run a timer. It stops
// while the document is hidden (a hidden BrowserWindow is, with backgroundThrottling on) and
// resumes with a fresh `now` when the window is shown (now-clock.ts).
import { useContext, useSyncExternalStore } from 'react';
import { FirstScreenContext } from '../app/first-screen';
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

/**
 * The server render and hydration's first client render both read the `now` the first screen was
 * rendered at (the document carries it), so a countdown's text cannot mismatch; React then
 * re-renders with the clock's own `now` right after hydration.
 */
export function useNow(): number {
  const firstScreen = useContext(FirstScreenContext);
  const renderedAt = firstScreen?.now;
  const serverNow = renderedAt === undefined ? clock.getNow : () => renderedAt;
  return useSyncExternalStore(clock.subscribe, clock.getNow, serverNow);
}

// Hidden-window benchmark in Chromium: timer callbacks per minute in the real renderer with 100 live
// sessions, shown and hidden (document.visibilityState set as a hidden BrowserWindow sets it), each
// counted over WINDOW_MS and scaled to a minute. The shown figure is the baseline of the same run.
import { RENDERER_DIR, launchChromium, startRendererServer } from '../e2e/browser';
import { installFakeAirlock, makeSessions } from '../e2e/fake-airlock';
import type { SessionView } from '../src/shared/sessions';
import { printTable } from './bench-stats';

const LIVE = 100;
const WINDOW_MS = 10_000;

/** In the page: counts every setTimeout/setInterval/requestAnimationFrame callback; sets visibility. */
const COUNT_TIMERS = `(() => {
  const counts = { timeout: 0, interval: 0, frame: 0 };
  const wrap = (name, key) => {
    const before = window[name].bind(window);
    window[name] = (fn, ...rest) =>
      before(typeof fn === 'function' ? (...a) => { counts[key]++; return fn(...a); } : fn, ...rest);
  };
  wrap('setTimeout', 'timeout');
  wrap('setInterval', 'interval');
  wrap('requestAnimationFrame', 'frame');
  let state = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  window.__timers = {
    take() { const c = { ...counts }; counts.timeout = counts.interval = counts.frame = 0; return c; },
    setVisibility(next) { state = next; document.dispatchEvent(new Event('visibilitychange')); },
  };
})();`;

type Counts = { timeout: number; interval: number; frame: number };

function liveSessions(now: number): SessionView[] {
  return makeSessions(LIVE, now).map((s, i) => ({
    ...s,
    state: {
      status: 'active',
      accountId: '111122223333',
      expiresAt: new Date(now + 600_000 + i * 30_000).toISOString(),
    },
  }));
}

export interface HiddenBenchResult {
  shown: Counts;
  hidden: Counts;
}

export async function runHiddenBench(): Promise<HiddenBenchResult> {
  const server = await startRendererServer(RENDERER_DIR);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    await installFakeAirlock(page, { sessions: liveSessions(Date.now()) });
    await page.addInitScript({ content: COUNT_TIMERS });
    await page.goto(`${server.origin}/index.html`);
    await page.locator('.countdown').first().waitFor();
    const take = (): Promise<Counts> =>
      page.evaluate(() =>
        (globalThis as unknown as { __timers: { take(): Counts } }).__timers.take(),
      );
    const perMinute = (c: Counts): Counts => ({
      timeout: Math.round((c.timeout * 60_000) / WINDOW_MS),
      interval: Math.round((c.interval * 60_000) / WINDOW_MS),
      frame: Math.round((c.frame * 60_000) / WINDOW_MS),
    });
    await take();
    await page.waitForTimeout(WINDOW_MS);
    const shown = perMinute(await take());
    await page.evaluate(() =>
      (
        globalThis as unknown as { __timers: { setVisibility(s: string): void } }
      ).__timers.setVisibility('hidden'),
    );
    await take();
    await page.waitForTimeout(WINDOW_MS);
    const hidden = perMinute(await take());
    await context.close();

    printTable(
      `Hidden window: timer callbacks per minute, ${LIVE} live sessions (real renderer)`,
      ['state', 'setInterval', 'setTimeout', 'requestAnimationFrame'],
      [
        ['shown', String(shown.interval), String(shown.timeout), String(shown.frame)],
        ['hidden', String(hidden.interval), String(hidden.timeout), String(hidden.frame)],
      ],
    );
    return { shown, hidden };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runHiddenBench();

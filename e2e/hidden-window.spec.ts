// A hidden window costs nothing: with 100 live sessions, the countdowns' shared clock runs no interval
// callback while the document is hidden, and the countdowns are right at once when it is shown again.
// The page's clock is Playwright's (page.clock), so time moves only when the test says: no waiting.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { seedSessions, seededSession } from './seed';
import { reloadApp } from './app-driver';

const LIVE = 100;
const HOUR = 3_600_000;

/**
 * In the page, before the app's scripts: counts interval callbacks (through whatever setInterval is
 * installed, here page.clock's), and lets the test set document.visibilityState as a hidden
 * BrowserWindow does (backgroundThrottling on), with the visibilitychange event.
 */
const COUNT_AND_HIDE = `(() => {
  const counts = { interval: 0 };
  const setIntervalBefore = window.setInterval.bind(window);
  window.setInterval = (fn, ms, ...rest) =>
    setIntervalBefore((...a) => { counts.interval++; return fn(...a); }, ms, ...rest);
  let state = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  window.__airlockTest = {
    counts,
    setVisibility(next) { state = next; document.dispatchEvent(new Event('visibilitychange')); },
  };
})()`;

interface TestWindow {
  __airlockTest: { counts: { interval: number }; setVisibility(state: string): void };
}

const intervalCallbacks = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as TestWindow).__airlockTest.counts.interval);
const setVisibility = (page: Page, state: 'visible' | 'hidden'): Promise<void> =>
  page.evaluate((s) => (globalThis as unknown as TestWindow).__airlockTest.setVisibility(s), state);

test('hidden: no interval callback runs; shown: the countdowns are right at once', async ({
  app,
}) => {
  const { page, core } = app;
  // The page's clock starts now and is paused a minute on, so the first countdown reads a round hour.
  const start = Date.now();
  const paused = start + 60_000;
  await seedSessions(core, LIVE + 1);
  const expiresAt = new Date(paused + HOUR).toISOString();
  await core.store.update((data) => {
    for (let i = 1; i <= LIVE; i++) {
      const s = data.sessions[`s-${i}`];
      if (s) s.state = { status: 'active', expiresAt, accountId: seededSession(i).account };
    }
  });
  await page.clock.install({ time: start });
  await page.addInitScript({ content: COUNT_AND_HIDE });
  await reloadApp(page);
  await page.clock.pauseAt(paused);

  const first = page.locator('.countdown').first();
  await expect(first).toHaveText('expires in 1h 00m');
  // Shown: the shared clock ticks (one interval for all rows).
  await page.clock.runFor(5 * 60_000);
  await expect(first).toHaveText('expires in 55m 00s');
  expect(await intervalCallbacks(page)).toBeGreaterThanOrEqual(5 * 60);

  await setVisibility(page, 'hidden');
  const beforeHidden = await intervalCallbacks(page);
  await page.clock.runFor(20 * 60_000);
  expect(await intervalCallbacks(page)).toBe(beforeHidden);
  // Nothing rendered the time that passed while hidden.
  await expect(first).toHaveText('expires in 55m 00s');

  await setVisibility(page, 'visible');
  // Right at once on show, before any tick.
  await expect(first).toHaveText('expires in 35m 00s');
  expect(await intervalCallbacks(page)).toBe(beforeHidden);
  await page.clock.runFor(1000);
  await expect(first).toHaveText('expires in 34m 59s');
  expect(await intervalCallbacks(page)).toBe(beforeHidden + 1);
});

// Renderer benchmark in Chromium with 5,000 sessions: time to first rendered row (median of several
// loads) and time to apply one filter keystroke (median), from performance marks in the page.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RENDERER_DIR, launchChromium, startRendererServer } from '../e2e/browser';
import { installFakeAirlock, makeSessions } from '../e2e/fake-airlock';
import { median, ms, printTable } from './bench-stats';

const SESSIONS = 5_000;
const LOADS = 7;
const QUERIES = ['payments', 'prod admin', '444455556666', 'edge-staging', 'zzz-no-match'];
const TARGET_FIRST_RENDER_MS = 200;
const TARGET_KEYSTROKE_MS = 16;

export interface RendererBenchResult {
  /** Navigation start → first frame with a session row. */
  firstRenderMs: number[];
  /** The same, for a static page that already holds one row: Chromium's own share, the baseline. */
  baselineMs: number[];
  /** The app's first line (main.tsx) → that frame: our bundle and render, not the page load. */
  appStartToRowMs: number[];
  /** The session list arrived from main → that frame: rendering 5,000 sessions. */
  listToRowMs: number[];
  keystrokeMs: number[];
}

/** In the page: mark when the first session row is in the DOM and a frame has been produced. */
const MARK_FIRST_ROW = `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="session-row"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      performance.mark('airlock:first-row');
      const at = (name) => performance.getEntriesByName(name)[0].startTime;
      window.__firstRow = {
        total: at('airlock:first-row'),
        fromAppStart: performance.measure('a', 'airlock:app-start', 'airlock:first-row').duration,
        fromList: performance.measure('b', 'airlock:sessions-received', 'airlock:first-row').duration,
      };
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/**
 * In the page: types each query one character at a time (then deletes it), timing from the input
 * event to a forced layout after React's synchronous commit of the discrete event.
 */
const TYPE_QUERIES = `async (queries) => {
  const input = document.querySelector('[data-testid="session-search"]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const durations = [];
  const keystroke = async (value) => {
    setValue.call(input, value);
    performance.mark('airlock:key-start');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    void document.body.offsetHeight;
    performance.mark('airlock:key-end');
    durations.push(performance.measure('airlock:keystroke', 'airlock:key-start', 'airlock:key-end').duration);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  };
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) await keystroke(query.slice(0, i));
    for (let i = query.length - 1; i >= 0; i--) await keystroke(query.slice(0, i));
  }
  return durations;
}`;

/** The baseline page: a row in the HTML itself, timed like the app's first row. */
const BASELINE_PATH = '/__baseline.html';
const BASELINE_PAGE =
  '<!doctype html><meta charset="utf-8"><div data-testid="session-row">row</div>';
const MARK_BASELINE_ROW = `(() => {
  const done = () => requestAnimationFrame(() => {
    performance.mark('airlock:first-row');
    window.__firstRow = { total: performance.getEntriesByName('airlock:first-row')[0].startTime };
  });
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="session-row"]')) return;
    observer.disconnect();
    done();
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface FirstRow {
  total: number;
  fromAppStart: number;
  fromList: number;
}

export async function runRendererBench(): Promise<RendererBenchResult> {
  const root = resolve(import.meta.dirname, '..');
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const sessions = makeSessions(SESSIONS);
  const server = await startRendererServer(RENDERER_DIR, { [BASELINE_PATH]: BASELINE_PAGE });
  const browser = await launchChromium();
  const firstRenderMs: number[] = [];
  const appStartToRowMs: number[] = [];
  const listToRowMs: number[] = [];
  const baselineMs: number[] = [];
  let keystrokeMs: number[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    // One warm-up load so the first figure is not the disk cache's.
    for (let load = 0; load <= LOADS; load++) {
      const page = await context.newPage();
      await installFakeAirlock(page, { sessions });
      await page.addInitScript({ content: MARK_FIRST_ROW });
      await page.goto(`${server.origin}/index.html`);
      const first = await page.waitForFunction(
        () => (globalThis as unknown as { __firstRow?: FirstRow }).__firstRow,
        undefined,
        { timeout: 30_000 },
      );
      const marks = (await first.jsonValue()) as FirstRow;
      if (load > 0) {
        firstRenderMs.push(marks.total);
        appStartToRowMs.push(marks.fromAppStart);
        listToRowMs.push(marks.fromList);
      }
      if (load === LOADS) {
        const durations = await page.evaluate(`(${TYPE_QUERIES})(${JSON.stringify(QUERIES)})`);
        keystrokeMs = durations as number[];
      }
      await page.close();

      // The baseline, alternated with the app so machine noise hits both alike.
      const base = await context.newPage();
      await installFakeAirlock(base, { sessions });
      await base.addInitScript({ content: MARK_BASELINE_ROW });
      await base.goto(`${server.origin}${BASELINE_PATH}`);
      const baseRow = await base.waitForFunction(
        () => (globalThis as unknown as { __firstRow?: { total: number } }).__firstRow,
        undefined,
        { timeout: 30_000 },
      );
      if (load > 0) baselineMs.push(((await baseRow.jsonValue()) as { total: number }).total);
      await base.close();
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }

  const first = median(firstRenderMs);
  const row = (label: string, values: number[], target: string): string[] => [
    label,
    ms(median(values)),
    ms(Math.min(...values)),
    ms(Math.max(...values)),
    target,
    String(values.length),
  ];
  const key = median(keystrokeMs);
  const p95 = [...keystrokeMs].sort((a, b) => a - b)[Math.floor(keystrokeMs.length * 0.95)] ?? key;
  printTable(
    `Renderer with ${SESSIONS.toLocaleString('en')} sessions (Chromium ${browser.version()})`,
    ['measure', 'median', 'min', 'max', 'target', 'samples'],
    [
      row(
        'first rendered row (navigation start → frame)',
        firstRenderMs,
        `≤ ${TARGET_FIRST_RENDER_MS} ms ${first <= TARGET_FIRST_RENDER_MS ? 'met' : 'missed'}`,
      ),
      row('baseline: static page with one row (same data injected)', baselineMs, ''),
      [
        'first rendered row, above the baseline',
        ms(first - median(baselineMs)),
        '',
        '',
        `ratio ${(first / median(baselineMs)).toFixed(2)}x baseline`,
        '',
      ],
      row('  of which: app script start → frame', appStartToRowMs, ''),
      row('  of which: session list received → frame', listToRowMs, ''),
      [
        'filter keystroke (input → commit + layout)',
        ms(key),
        ms(Math.min(...keystrokeMs)),
        `${ms(Math.max(...keystrokeMs))} (p95 ${ms(p95)})`,
        `≤ ${TARGET_KEYSTROKE_MS} ms ${key <= TARGET_KEYSTROKE_MS ? 'met' : 'missed'}`,
        String(keystrokeMs.length),
      ],
    ],
  );
  return { firstRenderMs, baselineMs, appStartToRowMs, listToRowMs, keystrokeMs };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runRendererBench();
}

// Quick switcher benchmark in Chromium with 5,000 sessions: one keystroke in the switcher (input →
// commit + layout), against the sessions filter's keystroke measured in the same page as the
// baseline.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RENDERER_DIR, launchChromium, startRendererServer } from '../e2e/browser';
import { installFakeAirlock, makeSessions } from '../e2e/fake-airlock';
import { median, ms, printTable } from './bench-stats';
import { TYPE_QUERIES } from './page-scripts';

const SESSIONS = 5_000;
const QUERIES = [
  'payments',
  'prod admin',
  '444455556666',
  'edge-staging',
  'pyprdadm',
  'zzz-no-match',
];
const TARGET_KEYSTROKE_MS = 16;

export interface SwitcherBenchResult {
  switcherKeystrokeMs: number[];
  filterKeystrokeMs: number[];
}

const FILTER = '[data-testid="session-search"]';
const SWITCHER = '[data-testid="quick-switcher"] input[role="combobox"]';

function p95(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? median(values);
}

export async function runSwitcherBench(): Promise<SwitcherBenchResult> {
  const root = resolve(import.meta.dirname, '..');
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const sessions = makeSessions(SESSIONS);
  // Some recency and pins, as a day of use leaves them.
  sessions.forEach((view, i) => {
    if (i % 50 === 0) view.usedAt = new Date(Date.now() - i * 60_000).toISOString();
    if (i % 400 === 0) view.marks = { pinned: true, tags: ['prod', `team-${i % 7}`] };
  });

  const server = await startRendererServer(RENDERER_DIR);
  const browser = await launchChromium();
  let switcherKeystrokeMs: number[] = [];
  let filterKeystrokeMs: number[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    await installFakeAirlock(page, { sessions });
    await page.goto(`${server.origin}/index.html`);
    await page.waitForSelector('[data-testid="session-row"]', { timeout: 30_000 });
    // Warm both paths once, then measure the baseline and the switcher alternately.
    const type = (selector: string, queries: string[]) =>
      page.evaluate(`(${TYPE_QUERIES})(${JSON.stringify([selector, queries])})`) as Promise<
        number[]
      >;
    await type(FILTER, QUERIES.slice(0, 1));
    filterKeystrokeMs = await type(FILTER, QUERIES);
    await page.keyboard.press('Control+k');
    await page.waitForSelector(SWITCHER);
    await type(SWITCHER, QUERIES.slice(0, 1));
    switcherKeystrokeMs = await type(SWITCHER, QUERIES);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }

  const key = median(switcherKeystrokeMs);
  const base = median(filterKeystrokeMs);
  const row = (label: string, values: number[], target: string): string[] => [
    label,
    ms(median(values)),
    ms(Math.min(...values)),
    `${ms(Math.max(...values))} (p95 ${ms(p95(values))})`,
    target,
    String(values.length),
  ];
  printTable(
    `Quick switcher with ${SESSIONS.toLocaleString('en')} sessions (Chromium ${browser.version()})`,
    ['measure', 'median', 'min', 'max', 'target', 'samples'],
    [
      row(
        'switcher keystroke (input → commit + layout)',
        switcherKeystrokeMs,
        `≤ ${TARGET_KEYSTROKE_MS} ms ${key <= TARGET_KEYSTROKE_MS ? 'met' : 'missed'}; ratio ${(key / base).toFixed(2)}x baseline`,
      ),
      row('baseline: sessions filter keystroke, same page', filterKeystrokeMs, ''),
    ],
  );
  return { switcherKeystrokeMs, filterKeystrokeMs };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runSwitcherBench();
}

// Playwright fixtures: one STS peer and one Chromium per worker, a fresh app (launchApp) per test,
// and the `electron` project skipped with its reason when no Electron binary is installed.
import { test as base, expect, type TestInfo } from '@playwright/test';
import type { Browser } from 'playwright-core';
import { startStsPeer, type StsPeer } from '../test-support/sts-peer';
import { launchChromium } from './browser';
import { electronBinary } from './electron-binary';
import {
  UNAVAILABLE_CHECKS,
  launchApp,
  type AppTarget,
  type HarnessCheck,
  type LaunchedApp,
  type LaunchOptions,
} from './harness';

interface WorkerFixtures {
  sts: StsPeer;
  chromiumBrowser: Browser | undefined;
  target: AppTarget;
}

interface TestFixtures {
  /** Skips the electron project up front when there is no binary, before any peer starts. */
  electronGate: void;
  /** Launches an app for this test (closed after it); extra options override the defaults. */
  launch: (options?: Partial<LaunchOptions>) => Promise<LaunchedApp>;
  app: LaunchedApp;
}

export const NO_ELECTRON_REASON =
  'No Electron binary: node_modules/electron was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, so node_modules/electron has no dist/ executable. Run `node node_modules/electron/install.js` where downloads are allowed.';

/**
 * Whether this app's target can make the check. When it cannot, the check is recorded on the
 * test as skipped, with the reason, so a report never shows it as passed.
 */
export function harnessCan(
  app: LaunchedApp,
  check: HarnessCheck,
  testInfo: TestInfo = test.info(),
): boolean {
  const reason = UNAVAILABLE_CHECKS[app.target][check];
  if (reason === undefined) return true;
  testInfo.annotations.push({ type: 'skipped check', description: `${check}: ${reason}` });
  return false;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  target: ['chromium', { scope: 'worker', option: true }],
  electronGate: [
    async ({ target }, use, testInfo) => {
      testInfo.skip(target === 'electron' && !electronBinary(), NO_ELECTRON_REASON);
      await use();
    },
    { auto: true },
  ],
  sts: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const peer = await startStsPeer();
      await use(peer);
      await peer.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  chromiumBrowser: [
    async ({ target }, use) => {
      const browser = target === 'chromium' ? await launchChromium() : undefined;
      await use(browser);
      await browser?.close();
    },
    { scope: 'worker' },
  ],
  launch: async ({ sts, chromiumBrowser, target }, use, testInfo) => {
    const launched: LaunchedApp[] = [];
    await use(async (options = {}) => {
      const app = await launchApp({
        stsEndpoint: sts.endpoint,
        ssoEndpoints: sts.identityCenter.env,
        target,
        ...(chromiumBrowser ? { browser: chromiumBrowser } : {}),
        ...options,
      });
      launched.push(app);
      return app;
    });
    // Every test, not only the one that says so: no secret issued in this run crossed IPC toward
    // the renderer, and none but the long-term keys (write-only, in session:add/edit) went the other way.
    for (const app of launched) {
      const secrets = await app.secretsIssued();
      await app.close();
      if (!harnessCan(app, 'ipc', testInfo)) continue;
      const leaks = app.ipc.filter((message) =>
        secrets.some(
          (secret) =>
            message.json.includes(secret) &&
            !(
              message.direction === 'renderer→main' &&
              ['session:add', 'session:edit'].includes(message.channel)
            ),
        ),
      );
      expect(leaks.map((m) => `${m.direction} ${m.channel}`)).toEqual([]);
    }
  },
  app: async ({ launch }, use) => {
    await use(await launch());
  },
});

export { expect };

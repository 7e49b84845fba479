// Playwright: the renderer e2e specs, in Debian's Chromium (always) and in Electron (where its binary exists).
import { defineConfig } from '@playwright/test';
import type { AppTarget } from './e2e/harness';

export default defineConfig<object, { target: AppTarget }>({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: one worker; each test gets its own app, HOME and keychain service.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json']] : 'list',
  outputDir: 'test-results/e2e',
  globalSetup: './e2e/global-setup.ts',
  projects: [
    { name: 'chromium', use: { target: 'chromium' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});

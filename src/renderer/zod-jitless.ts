// Imported first by main.tsx, before any chunk builds a schema: zod's JIT probes `new Function`,
// which the CSP (no 'unsafe-eval') reports as a violation. zod's core takes its global config from
// `globalThis.__zod_globalConfig` (creating it only when absent), so setting that here turns
// jitless on without loading any of zod on the startup path; the schemas and zod itself come with
// the lazily loaded forms. zod-jitless.test.ts proves zod still reads the setting.

declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };

export {};

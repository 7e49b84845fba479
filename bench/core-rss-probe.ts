// Run by core.bench.ts in a fresh process: the app core (rotation armed, the store watched) with
// the store it is given, then its memory, as JSON on stdout. Built like the CLI's program (one
// CommonJS file), so no top-level await.
import { createCore } from '../src/main/create-core';

async function probe(): Promise<void> {
  const core = await createCore({ rotate: true });
  const sessions = core.sessions.list().length;
  // What a long-running app holds, not garbage waiting for the next collection.
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  await core.dispose();
  process.stdout.write(JSON.stringify({ sessions, rss, heapUsed }));
}

void probe();

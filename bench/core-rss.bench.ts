// The app core's memory with 5,000 sessions loaded, in fresh processes, against bare Node's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { programBuildOptions } from '../scripts/build-cli';
import { SessionStore } from '../src/main/store/session-store';
import { median, printTable } from './bench-stats';
import { childEnv } from './core.bench';

const RSS_SESSIONS = 5_000;
const RSS_RUNS = 3;

/** A store of count sessions: one iam-user and iam-role children of it, as a big team's might be. */
async function writeStore(airlockHome: string, count: number): Promise<void> {
  const store = new SessionStore(airlockHome);
  await store.migrate();
  await store.update((data) => {
    const createdAt = new Date().toISOString();
    data.sessions.root = {
      id: 'root',
      config: { kind: 'iam-user', name: 'root-user', profile: 'root-user' },
      state: { status: 'inactive' },
      profiles: [],
      createdAt,
      keysStored: true,
    };
    for (let i = 1; i < count; i++) {
      const name = `team-${i % 40}-env-${i % 7}-role-${i}`;
      data.sessions[`s${i}`] = {
        id: `s${i}`,
        config: {
          kind: 'iam-role',
          name,
          profile: name,
          parentId: 'root',
          roleArn: `arn:aws:iam::${String(100_000_000_000 + (i % 300))}:role/Role${i % 9}`,
          region: 'eu-west-1',
        },
        state: { status: 'inactive' },
        profiles: [],
        createdAt,
      };
    }
  });
}

/** RSS of the app core (createCore with rotation, the store watched) with count sessions, and of bare Node. */
async function measureCoreRss(
  count: number,
  keychainService: string,
): Promise<{ core: number[]; node: number[]; heap: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-rss-'));
  try {
    await build({
      ...programBuildOptions(join(dir, 'out')),
      entryPoints: { probe: 'bench/core-rss-probe.ts' },
    });
    const airlockHome = join(dir, 'airlock');
    await writeStore(airlockHome, count);
    const env = childEnv({
      HOME: dir,
      AIRLOCK_HOME: airlockHome,
      AIRLOCK_KEYCHAIN_SERVICE: keychainService,
    });
    const result = { core: [] as number[], node: [] as number[], heap: [] as number[] };
    for (let i = 0; i < RSS_RUNS; i++) {
      const probe = JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', join(dir, 'out', 'probe.cjs')], {
          env,
          encoding: 'utf8',
        }),
      ) as { sessions: number; rss: number; heapUsed: number };
      if (probe.sessions !== count) throw new Error(`the probe saw ${probe.sessions} sessions`);
      result.core.push(probe.rss);
      result.heap.push(probe.heapUsed);
      const bare = JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--expose-gc',
            '-e',
            'gc(); process.stdout.write(JSON.stringify(process.memoryUsage()))',
          ],
          { env, encoding: 'utf8' },
        ),
      ) as { rss: number };
      result.node.push(bare.rss);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function runCoreRssBench(): Promise<void> {
  // A service of its own: the probe reads nothing from it, and never writes.
  const rss = await measureCoreRss(RSS_SESSIONS, `airlock-bench-${randomUUID().slice(0, 8)}`);
  printTable(
    `App core memory (medians of ${RSS_RUNS} fresh processes, after a full GC)`,
    ['measure', 'value', 'baseline (bare `node -e`)', 'above the baseline'],
    [
      [
        `RSS of the app core with ${RSS_SESSIONS.toLocaleString('en')} sessions loaded (rotation armed, store watched)`,
        mib(median(rss.core)),
        mib(median(rss.node)),
        mib(median(rss.core) - median(rss.node)),
      ],
      ['  of which: JS heap in use', mib(median(rss.heap)), '', ''],
    ],
  );
}

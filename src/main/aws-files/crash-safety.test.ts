import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsFiles } from './aws-files';
import { applyProfileEdits } from './profile-edits';
import { bundleScript } from '../../../test-support/bundle-script';

const LANES = 2;
const KILLS_PER_LANE = 110;
/** Large enough that a write takes a while, so kills land mid-write as well as between writes. */
const PAYLOAD_REPEAT = 20_000;
const TEMP_FILE = /^\..+\.airlock-[0-9a-f]+\.tmp$/;

let fixtureDir: string;
let writer: string;
beforeAll(async () => {
  fixtureDir = mkdtempSync(join(tmpdir(), 'airlock-crash-fixture-'));
  writer = await bundleScript(
    join(import.meta.dirname, 'test-fixtures', 'crash-writer.ts'),
    fixtureDir,
  );
});
afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }));

function startWriter(args: string[]): {
  exited: Promise<number | null>;
  ready: Promise<void>;
  kill: () => void;
} {
  const child = spawn(process.execPath, [writer, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { exited, ready, kill: () => child.kill('SIGKILL') };
}

function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => TEMP_FILE.test(name));
}

/** Runs kill cycles on one file; returns how many kills left a temp file behind (mid-write). */
async function killLane(dir: string): Promise<number> {
  const credentials = join(dir, 'credentials');
  const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
  const [a, b] = ['A'.repeat(PAYLOAD_REPEAT), 'B'.repeat(PAYLOAD_REPEAT)];
  await files.apply('credentials', [
    { profile: 'before', action: 'set', set: { aws_access_key_id: 'AKIABEFORE' } },
    { profile: 'crash', action: 'set', set: { payload: a }, owner: 'crash-test' },
    { profile: 'after', action: 'set', set: { aws_access_key_id: 'AKIAAFTER' } },
  ]);
  const contentA = readFileSync(credentials, 'utf8');
  const contentB = applyProfileEdits(
    contentA,
    'credentials',
    [{ profile: 'crash', action: 'set', set: { payload: b } }],
    credentials,
  );

  let midWrite = 0;
  for (let kill = 0; kill < KILLS_PER_LANE; kill++) {
    const child = startWriter([
      'alternate',
      credentials,
      'crash',
      String(PAYLOAD_REPEAT),
      'A',
      'B',
    ]);
    await child.ready;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 25));
    child.kill();
    await child.exited;

    const text = readFileSync(credentials, 'utf8');
    expect(
      text === contentA || text === contentB,
      `after kill ${kill} the file is old or new`,
    ).toBe(true);
    const payload = (await files.readProfile('credentials', 'crash'))?.values.payload;
    expect(payload === a || payload === b).toBe(true);
    if (tempFiles(dir).length > midWrite) midWrite = tempFiles(dir).length;
  }
  return midWrite;
}

describe('crash safety', () => {
  it(`leaves the old or the new file after ${LANES * KILLS_PER_LANE} kill -9s of a writer, and the next write cleans up`, async () => {
    const dirs = Array.from({ length: LANES }, () => mkdtempSync(join(tmpdir(), 'airlock-crash-')));
    try {
      const leftovers = await Promise.all(dirs.map((dir) => killLane(dir)));
      // Kills did land between creating a temp file and renaming it.
      expect(leftovers.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);

      for (const dir of dirs) {
        // A minute later, as far as the temp files' age is concerned.
        const past = new Date(Date.now() - 120_000);
        for (const name of tempFiles(dir)) utimesSync(join(dir, name), past, past);
        const files = new AwsFiles({
          credentialsFile: join(dir, 'credentials'),
          configFile: join(dir, 'config'),
        });
        await files.apply('credentials', [{ profile: 'crash', action: 'remove' }]);
        expect(tempFiles(dir)).toEqual([]);
        expect(readdirSync(dir).sort()).toEqual(['credentials']);
        expect((await files.listProfiles('credentials')).map((p) => p.name)).toEqual([
          'before',
          'after',
        ]);
      }
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
    // 220 writer processes killed: about 19 s on a quiet 2-core machine.
  }, 180_000);
});

describe('two Airlock processes', () => {
  it('never lose each other’s edits to the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-two-writers-'));
    try {
      const credentials = join(dir, 'credentials');
      const writers = ['app', 'cli'].map((prefix) =>
        startWriter(['profiles', credentials, prefix, '40']),
      );
      expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0]);
      const files = new AwsFiles({ credentialsFile: credentials, configFile: join(dir, 'config') });
      const names = (await files.listProfiles('credentials')).map((p) => p.name);
      expect(names).toHaveLength(80);
      expect(readdirSync(dir)).toEqual(['credentials']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

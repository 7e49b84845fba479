// kill -9 in the middle of start/rotate/stop loops, hundreds of times: the AWS files and the store always stay whole.
import { spawn } from 'node:child_process';
import { bundleScript } from '../test-support/bundle-script';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAwsFiles, profileProblem, type IssuedSet } from '../test-support/aws-files-check';
import { runAwsCli } from '../test-support/aws-cli';
import { createCore } from '../src/main/create-core';
import { SessionStore } from '../src/main/store/session-store';
import type { SecretSlot, SecretStore } from '../src/main/secrets/secret-store';

const { endpoint, seed } = inject('stsPeer');
const KILLS = Number(process.env.AIRLOCK_CRASH_KILLS ?? '520');
/** Independent homes driven side by side, so 2 cores stay busy while one child starts up. */
const LANES = 3;
const SESSIONS = 3;
const HAND_CREDENTIALS =
  '# hand-written, must survive every crash\n[hand]\naws_access_key_id = AKIAHANDWRITTEN0000\naws_secret_access_key = hand-secret\n\n';
const HAND_CONFIG = '[profile hand]\nregion = ap-south-1\noutput = json\n\n';
const TEMP = /\.airlock-[0-9a-f]+\.tmp$|\.tmp-\d+[a-f0-9]*$/;
let work: string;
let driver: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'airlock-crash-'));
  driver = await bundleScript(join(import.meta.dirname, '../test-support/crash-driver.ts'), work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Lane {
  home: string;
  env: Record<string, string>;
  credentialsFile: string;
  configFile: string;
  airlockHome: string;
  issuedLog: string;
  progressLog: string;
}

function makeLane(i: number): Lane {
  const home = join(work, `home-${i}`);
  mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
  const credentialsFile = join(home, '.aws', 'credentials');
  const configFile = join(home, '.aws', 'config');
  writeFileSync(credentialsFile, HAND_CREDENTIALS, { mode: 0o600 });
  writeFileSync(configFile, HAND_CONFIG);
  const airlockHome = join(home, 'airlock');
  const issuedLog = join(home, 'issued.log');
  writeFileSync(issuedLog, '');
  const progressLog = join(home, 'progress.log');
  return {
    home,
    credentialsFile,
    configFile,
    airlockHome,
    issuedLog,
    progressLog,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AIRLOCK_HOME: airlockHome,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_CONFIG_FILE: configFile,
      AWS_ENDPOINT_URL_STS: endpoint,
      CRASH_ISSUED_LOG: issuedLog,
      CRASH_PROGRESS_LOG: progressLog,
      CRASH_SESSIONS: String(SESSIONS),
      CRASH_LONG_TERM_KEYS: JSON.stringify({
        accessKeyId: seed.user.accessKeyId,
        secretAccessKey: seed.user.secretAccessKey,
      }),
    },
  };
}

/** Starts the driver, lets it run for a random few ms after it is ready, then SIGKILLs it. */
function killOnce(
  lane: Lane,
  afterMs: number,
): Promise<{ exited: 'killed' | 'died'; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [driver], {
      env: lane.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      resolve({ exited: signal === 'SIGKILL' ? 'killed' : 'died', stderr }),
    );
  });
}

function issuedSets(lane: Lane): Map<string, IssuedSet> {
  const sets = new Map<string, IssuedSet>();
  for (const line of readFileSync(lane.issuedLog, 'utf8').split('\n')) {
    if (!line) continue;
    const set = JSON.parse(line) as IssuedSet;
    sets.set(set.accessKeyId, set);
  }
  return sets;
}

/** Where kills landed: inside which operation, or between operations. */
const where: Record<string, number> = {};
let operationsDone = 0;
const timing = { life: 0, check: 0 };
function landed(lane: Lane, into: Record<string, number>): void {
  let lines: string[] = [];
  try {
    lines = readFileSync(lane.progressLog, 'utf8').split('\n').filter(Boolean);
  } catch {
    /* killed before its first operation */
  }
  operationsDone += lines.filter((l) => l.startsWith('end ')).length;
  const last = lines.at(-1);
  const key = last?.startsWith('begin ') ? `in_${last.slice(6)}` : 'between_ops';
  into[key] = (into[key] ?? 0) + 1;
  rmSync(lane.progressLog, { force: true });
}

interface Tally {
  checks: number;
  profilesSeen: number;
  tempLeftovers: number;
  lockLeftovers: number;
  orphanProfiles: number;
}

/** What must hold after any kill: both files parse both ways, each profile is absent or one whole issued set, the store is whole. */
async function checkLane(lane: Lane, tally: Tally, context: string): Promise<void> {
  const parsed = await parseAwsFiles(lane.credentialsFile, lane.configFile);
  const text = readFileSync(lane.credentialsFile, 'utf8');
  expect(text.startsWith(HAND_CREDENTIALS), `${context}: hand-written section kept`).toBe(true);
  expect(readFileSync(lane.configFile, 'utf8').startsWith(HAND_CONFIG), context).toBe(true);
  expect(parsed.sdkCredentials.hand?.aws_secret_access_key).toBe('hand-secret');
  expect(parsed.sdkConfig.hand?.region).toBe('ap-south-1');
  const sets = issuedSets(lane);
  const store = JSON.parse(readFileSync(join(lane.airlockHome, 'config.json'), 'utf8')) as {
    sessions: Record<string, { config: { name: string }; state: { status: string } }>;
  };
  const storeWarnings = new SessionStore(lane.airlockHome).warnings;
  expect(storeWarnings, `${context}: store`).toEqual([]);
  for (let i = 0; i < SESSIONS; i++) {
    const name = `crash-${i}`;
    const snapshot = parsed.credentials.find((p) => p.name === name);
    const problem = profileProblem(snapshot, parsed.sdkCredentials[name], (k) => sets.get(k));
    expect(problem, `${context}: profile ${name}`).toBeUndefined();
    const config = parsed.config.find((p) => p.name === name);
    if (config) {
      expect(config.owner, `${context}: config ${name} marker`).toBeTruthy();
      expect(parsed.sdkConfig[name]?.region).toBe('eu-west-1');
    }
    if (snapshot) tally.profilesSeen++;
    const status = Object.values(store.sessions).find((s) => s.config.name === name)?.state.status;
    if ((status === 'active') !== Boolean(snapshot)) tally.orphanProfiles++;
  }
  for (const dir of [join(lane.home, '.aws'), lane.airlockHome]) {
    const names = readdirSync(dir);
    tally.tempLeftovers += names.filter((n) => TEMP.test(n)).length;
    tally.lockLeftovers += names.filter((n) => n.endsWith('.lock')).length;
  }
  tally.checks++;
}

class MemorySecrets implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(id: string, slot: SecretSlot) {
    return slot === 'long-term'
      ? JSON.stringify({
          accessKeyId: seed.user.accessKeyId,
          secretAccessKey: seed.user.secretAccessKey,
        })
      : this.values.get(`${id}:${slot}`);
  }
  async set(id: string, slot: SecretSlot, value: string) {
    this.values.set(`${id}:${slot}`, value);
  }
  async delete(id: string, slot: SecretSlot) {
    return this.values.delete(`${id}:${slot}`);
  }
}

describe('crash safety', () => {
  it(`survives ${KILLS} kill -9 during start/rotate/stop loops: files parse, profiles whole, store intact, no temp files after the next start`, async () => {
    const lanes = Array.from({ length: LANES }, (_, i) => makeLane(i));
    const tally: Tally = {
      checks: 0,
      profilesSeen: 0,
      tempLeftovers: 0,
      lockLeftovers: 0,
      orphanProfiles: 0,
    };
    let kills = 0;
    let died = 0;
    const started = Date.now();
    await Promise.all(
      lanes.map(async (lane, laneIndex) => {
        for (let round = 0; kills < KILLS; round++) {
          const t0 = Date.now();
          const outcome = await killOnce(lane, 10 + Math.floor(Math.random() * 70));
          if (outcome.exited === 'died') {
            died++;
            throw new Error(`driver died on its own in lane ${laneIndex}: ${outcome.stderr}`);
          }
          kills++;
          landed(lane, where);
          const t1 = Date.now();
          await checkLane(lane, tally, `lane ${laneIndex} after kill ${round + 1}`);
          timing.life += t1 - t0;
          timing.check += Date.now() - t1;
        }
      }),
    );
    const ms = Date.now() - started;
    const issued = lanes.reduce((n, lane) => n + issuedSets(lane).size, 0);
    let awsCliProven = 0;
    let reconciledSessions = 0;
    let reconciledLive = 0;

    // The next start in each home clears what the killed writers left and leaves the files whole.
    for (const lane of lanes) {
      const core = await createCore({ env: lane.env, secrets: new MemorySecrets() });
      // The sweep every CLI command and the app's start-up run: store and files agree again.
      await core.sessions.sweep();
      const view = await core.sessions.start('crash-0');
      expect(view.state.status).toBe('active');
      const afterSweep = await parseAwsFiles(lane.credentialsFile, lane.configFile);
      for (const s of core.sessions.list()) {
        const inFile = afterSweep.credentials.some((p) => p.name === s.profile && p.owner === s.id);
        expect(inFile, `${s.name}: ${s.state.status} in the store`).toBe(
          s.state.status === 'active',
        );
        if (s.state.status === 'active') reconciledLive++;
      }
      reconciledSessions += core.sessions.list().length;
      await core.dispose();
      for (const dir of [join(lane.home, '.aws'), lane.airlockHome]) {
        expect(readdirSync(dir).filter((n) => TEMP.test(n) || n.endsWith('.lock'))).toEqual([]);
      }
      const parsed = await parseAwsFiles(lane.credentialsFile, lane.configFile);
      expect(parsed.sdkCredentials['crash-0']?.aws_session_token).toBeTruthy();
      // Every Airlock profile left in the file after all those kills still works for the AWS CLI.
      for (const p of parsed.credentials.filter((x) => x.owner)) {
        const aws = await runAwsCli(['sts', 'get-caller-identity', '--profile', p.name], {
          endpoint,
          home: lane.home,
        });
        expect(aws.code, `${p.name}: ${aws.stderr}`).toBe(0);
        expect(JSON.parse(aws.stdout).Arn).toBe(seed.user.arn);
        awsCliProven++;
      }
    }
    console.log(
      `[reliability] crash kills=${kills} lanes=${LANES} issued_sets=${issued} checks=${tally.checks} ` +
        `profiles_checked=${tally.profilesSeen} temp_leftovers_seen=${tally.tempLeftovers} ` +
        `lock_leftovers_seen=${tally.lockLeftovers} store_vs_file_mismatches=${tally.orphanProfiles} ` +
        `died=${died} operations_completed=${operationsDone} aws_cli_proven_profiles=${awsCliProven} ` +
        `agree_after_sweep=${reconciledSessions}/${reconciledSessions} (live ${reconciledLive}) ` +
        `landed=${Object.entries(where)
          .map(([k, v]) => `${k}:${v}`)
          .join(',')} ms=${ms} life_ms=${timing.life} check_ms=${timing.check}`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    // The kills did land inside each kind of operation, not only around them.
    for (const kind of ['in_start', 'in_rotate', 'in_stop']) {
      expect(where[kind] ?? 0, `kills ${kind}`).toBeGreaterThanOrEqual(Math.floor(KILLS / 50));
    }
  }, 600_000);
});

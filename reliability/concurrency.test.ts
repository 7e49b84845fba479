// The app core, two CLI processes and an external editor work on the same files and store at once: nothing is lost.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { AirlockError } from '../src/main/airlock-error';
import { buildTestCli, type TestCli } from '../test-support/test-cli';
import { parseAwsFiles } from '../test-support/aws-files-check';

const { endpoint, seed } = inject('stsPeer');
const OPS = { app: 460, cliA: 80, cliB: 80, external: 380 };
const EXTERNAL_SECTIONS = 8;
let t: TestCore;
let cli: TestCli;

beforeAll(async () => {
  t = await makeTestCore({ endpoint, rotate: true });
  cli = await buildTestCli('concurrency', t.env);
});
afterAll(async () => {
  cli?.dispose();
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-2', 'ap-south-1'] as const;

/** What each party believes it last did, to compare with the end state. */
interface Expectation {
  /** Session name → region it last set. */
  regions: Map<string, string>;
  added: Set<string>;
  failures: string[];
  done: number;
  /** Rotations refused because another party had stopped the session (NOT_ACTIVE). */
  refusedRotations: number;
}

function expectation(): Expectation {
  return { regions: new Map(), added: new Set(), failures: [], done: 0, refusedRotations: 0 };
}

async function appParty(ops: number, e: Expectation): Promise<void> {
  const s = t.core.sessions;
  const add = async (name: string) => {
    const region = pick(REGIONS);
    await s.add({
      config: { kind: 'iam-user', name, profile: name, region, durationSeconds: 3600 },
      keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
    });
    e.added.add(name);
    e.regions.set(name, region);
  };
  const names = ['app-0', 'app-1', 'app-2'];
  for (const name of names) await add(name);
  e.done += names.length;
  for (let op = names.length; op < ops; op++) {
    await sleep(Math.random() * 60);
    const name = pick(names);
    const roll = Math.random();
    try {
      if (roll < 0.03) {
        const fresh = `app-add-${op}`;
        await add(fresh);
        names.push(fresh);
      } else if (roll < 0.1) {
        const current = s.get(name);
        const region = pick(REGIONS);
        const {
          id: _id,
          state: _state,
          profiles: _profiles,
          hasStoredKeys: _k,
          ...config
        } = current;
        await s.edit(name, { ...config, region } as Parameters<typeof s.edit>[1]);
        e.regions.set(name, region);
      } else if (roll < 0.45) await s.start(name);
      else if (roll < 0.6) {
        // Another party may have stopped it meanwhile: refusing to rotate it then is the promise.
        await s.rotate(name).catch((error: unknown) => {
          if (!(error instanceof AirlockError && error.code === 'NOT_ACTIVE')) throw error;
          e.refusedRotations++;
        });
      } else if (roll < 0.7) await s.whoami(name);
      else if (roll < 0.75) s.list();
      else await s.stop(name);
    } catch (error) {
      e.failures.push(`app ${name}: ${(error as Error).message}`);
    }
    e.done++;
  }
}

async function cliParty(tag: string, ops: number, e: Expectation): Promise<void> {
  const run = async (args: string[], stdin?: string) => {
    const r = await cli.run(args, stdin ? { stdin } : {});
    // A rotate of a session another party stopped is refused (exit 1, NOT_ACTIVE), by design.
    const refused = args[1] === 'rotate' && r.code === 1 && r.stderr.includes('[NOT_ACTIVE]');
    if (refused) e.refusedRotations++;
    else if (r.code !== 0) e.failures.push(`cli-${tag} ${args.join(' ')}: ${r.stderr.trim()}`);
    e.done++;
    return r;
  };
  const add = async (name: string) => {
    const region = pick(REGIONS);
    const r = await run(
      [
        'session',
        'add',
        '--type',
        'iam-user',
        '--name',
        name,
        '--profile',
        name,
        '--region',
        region,
        '--duration',
        '3600',
        '--access-key-id',
        seed.user.accessKeyId,
        '--secret-access-key-stdin',
      ],
      `${seed.user.secretAccessKey}\n`,
    );
    if (r.code === 0) {
      e.added.add(name);
      e.regions.set(name, region);
    }
  };
  const names = [`cli-${tag}-0`, `cli-${tag}-1`];
  for (const name of names) await add(name);
  for (let op = names.length; op < ops; op++) {
    const name = pick(names);
    const roll = Math.random();
    if (roll < 0.05) {
      const fresh = `cli-${tag}-add-${op}`;
      await add(fresh);
      names.push(fresh);
    } else if (roll < 0.12) {
      const region = pick(REGIONS);
      const r = await run(['session', 'edit', name, '--region', region]);
      if (r.code === 0) e.regions.set(name, region);
    } else if (roll < 0.5) await run(['session', 'start', name]);
    else if (roll < 0.62) await run(['session', 'rotate', name]);
    else if (roll < 0.7) await run(['whoami', name]);
    else await run(['session', 'stop', name]);
  }
}

/** A person's editor: plain reads and writes (no lock, no rename) of its own sections in both files. */
async function externalParty(ops: number, e: Expectation, finalValues: Map<string, string>) {
  for (let op = 0; op < ops; op++) {
    await sleep(Math.random() * 80);
    const k = Math.floor(Math.random() * EXTERNAL_SECTIONS);
    const inConfig = Math.random() < 0.4;
    const file = inConfig ? t.configFile : t.credentialsFile;
    const header = inConfig ? `[profile ext-${k}]` : `[ext-${k}]`;
    const key = inConfig ? 'output' : 'aws_access_key_id';
    const value = inConfig ? `json-${op}` : `AKIAEXTERNAL${k}X${op}`;
    const text = readFileSync(file, 'utf8');
    if (!text.includes(`${header}\n`)) {
      appendFileSync(file, `\n${header}\n${key} = ${value}\n`);
    } else {
      const pattern = new RegExp(`(${header.replace(/[[\]]/g, '\\$&')}\\n${key} = )[^\\n]*`);
      writeFileSync(file, text.replace(pattern, `$1${value}`));
    }
    finalValues.set(`${inConfig ? 'config' : 'credentials'}:ext-${k}`, value);
    e.done++;
  }
}

describe('concurrency', () => {
  it(`loses nothing over ${OPS.app + OPS.cliA + OPS.cliB + OPS.external} interleaved operations of the app core, two CLIs and an external editor`, async () => {
    mkdirSync(dirname(t.credentialsFile), { recursive: true, mode: 0o700 });
    writeFileSync(t.credentialsFile, '# my credentials\n', { mode: 0o600 });
    writeFileSync(t.configFile, '# my config\n');
    const app = expectation();
    const a = expectation();
    const b = expectation();
    const ext = expectation();
    const finalValues = new Map<string, string>();
    const started = Date.now();
    await Promise.all([
      appParty(OPS.app, app),
      cliParty('a', OPS.cliA, a),
      cliParty('b', OPS.cliB, b),
      externalParty(OPS.external, ext, finalValues),
    ]);
    const ms = Date.now() - started;
    // Let the app's store watcher and any rotation settle.
    await sleep(200);
    await t.core.sessions.runDueNow();

    const failures = [...app.failures, ...a.failures, ...b.failures];
    expect(failures).toEqual([]);

    // Files: both parse both ways, and every external edit's last value is there.
    const parsed = await parseAwsFiles(t.credentialsFile, t.configFile);
    for (const [where, value] of finalValues) {
      const [file, profile] = where.split(':') as [string, string];
      const section =
        file === 'config' ? parsed.sdkConfig[profile] : parsed.sdkCredentials[profile];
      expect(section?.[file === 'config' ? 'output' : 'aws_access_key_id'], where).toBe(value);
    }

    // Store: every session any party added is there, with the region its owner last set.
    const sessions = t.core.sessions.list();
    const byName = new Map(sessions.map((s) => [s.name, s]));
    for (const e of [app, a, b]) {
      for (const name of e.added) expect(byName.has(name), `session ${name} kept`).toBe(true);
      for (const [name, region] of e.regions) expect(byName.get(name)?.region, name).toBe(region);
    }

    // Each session's state matches its profile: active ⇔ its own section in both files.
    let active = 0;
    for (const s of sessions) {
      const cred = parsed.credentials.find((p) => p.name === s.profile);
      const conf = parsed.config.find((p) => p.name === s.profile);
      if (s.state.status === 'active') {
        active++;
        expect(cred?.owner, `${s.name} active: credentials section`).toBe(s.id);
        expect(conf?.owner, `${s.name} active: config section`).toBe(s.id);
        expect(parsed.sdkConfig[s.profile]?.region, `${s.name} region`).toBe(s.region);
      } else {
        expect(cred, `${s.name} ${s.state.status}: no credentials section`).toBeUndefined();
        expect(conf, `${s.name} ${s.state.status}: no config section`).toBeUndefined();
      }
    }
    for (const p of parsed.credentials.filter((x) => x.owner)) {
      expect(byName.get(p.name)?.state.status, `profile ${p.name} has an active owner`).toBe(
        'active',
      );
    }
    const total = app.done + a.done + b.done + ext.done;
    expect(total).toBeGreaterThanOrEqual(1000);
    console.log(
      `[reliability] concurrency operations=${total} app=${app.done} cli_a=${a.done} cli_b=${b.done} ` +
        `external=${ext.done} sessions=${sessions.length} active_at_end=${active} ` +
        `external_sections=${finalValues.size} lost_updates=0 ` +
        `refused_rotations=${app.refusedRotations + a.refusedRotations + b.refusedRotations} ms=${ms}`,
    );
  }, 300_000);
});

// STS faults through a proxy in front of the real peer: each ends in a defined state, with a clear error, bounded retries, and files left whole.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { ManualClock } from '../../../test-support/manual-clock';
import {
  startFaultProxy,
  STS_ERROR_BODIES,
  type Fault,
  type FaultProxy,
} from '../../../test-support/fault-proxy';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import { parseAwsFiles, profileProblem } from '../../../test-support/aws-files-check';
import { AirlockError } from '../airlock-error';
import { backoffMs } from '../rotation/rotation-policy';
import { buildTestCli, type TestCli } from '../../../test-support/test-cli';

const { endpoint, seed } = inject('stsPeer');
const NAME = 'faulty';
const ORIGINAL =
  '# my own credentials\n[hand]\naws_access_key_id = AKIAHANDWRITTEN0000\naws_secret_access_key = handwritten\n';
let proxy: FaultProxy;
let open: TestCore[] = [];
const figures: string[] = [];

beforeAll(async () => {
  proxy = await startFaultProxy(endpoint);
});
afterAll(async () => {
  await proxy.close();
  console.log(`[reliability] sts-faults ${figures.join(' ')}`);
});
afterEach(async () => {
  proxy.plan([]);
  for (const t of open) await t.close();
  open = [];
});

async function setup(
  options: { via?: string; clock?: ManualClock; rotate?: boolean; requestTimeoutMs?: number } = {},
) {
  const t = await makeTestCore({
    endpoint: options.via ?? proxy.endpoint,
    ...(options.clock ? { clock: options.clock } : {}),
    rotate: options.rotate ?? false,
    ...(options.requestTimeoutMs ? { sts: { requestTimeoutMs: options.requestTimeoutMs } } : {}),
  });
  open.push(t);
  mkdirSync(dirname(t.credentialsFile), { recursive: true, mode: 0o700 });
  writeFileSync(t.credentialsFile, ORIGINAL, { mode: 0o600 });
  const view = await t.core.sessions.add({
    config: {
      kind: 'iam-user',
      name: NAME,
      profile: NAME,
      region: 'eu-west-1',
      durationSeconds: 3600,
    },
    keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
  });
  return { t, id: view.id };
}

function calls(action = 'GetSessionToken'): number {
  return proxy.requests.filter((r) => r.action === action).length;
}

async function failure(promise: Promise<unknown>): Promise<AirlockError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AirlockError);
  return error as AirlockError;
}

/** The profile Airlock wrote is whole and holds exactly the set now in the keychain. */
async function expectProfileMatchesKeychain(t: TestCore, id: string): Promise<void> {
  const parsed = await parseAwsFiles(t.credentialsFile, t.configFile);
  const session = JSON.parse((await t.secrets.get(id, 'session')) ?? '{}') as {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
  };
  const snapshot = parsed.credentials.find((p) => p.name === NAME);
  expect(
    profileProblem(snapshot, parsed.sdkCredentials[NAME], (k) =>
      k === session.accessKeyId ? session : undefined,
    ),
  ).toBeUndefined();
  expect(parsed.sdkCredentials.hand?.aws_access_key_id).toBe('AKIAHANDWRITTEN0000');
}

const GENERIC = (what: string) =>
  `STS failed for session ${NAME} with ${what}. Try again; if it persists, check the AWS status page.`;
const THROTTLED = `STS is throttling requests for session ${NAME}, even after retries. Wait a minute and try again.`;
const NETWORK = `Could not reach AWS STS for session ${NAME}. Check your network connection or proxy, then try again.`;

interface Case {
  fault: string;
  plan: Fault;
  code: string;
  message: string;
  /** Requests the SDK makes for one call: maxAttempts (3) when it retries, 1 when it must not. */
  attempts: number;
}

const CASES: Case[] = [
  {
    fault: '500',
    plan: { kind: 'status', status: 500, body: STS_ERROR_BODIES.internal },
    code: 'STS_ERROR',
    message: GENERIC('InternalFailure (HTTP 500)'),
    attempts: 3,
  },
  {
    fault: '503',
    plan: { kind: 'status', status: 503, body: STS_ERROR_BODIES.unavailable },
    code: 'STS_ERROR',
    message: GENERIC('ServiceUnavailable (HTTP 503)'),
    attempts: 3,
  },
  {
    fault: 'throttling-400',
    plan: { kind: 'status', status: 400, body: STS_ERROR_BODIES.throttling },
    code: 'THROTTLED',
    message: THROTTLED,
    attempts: 3,
  },
  {
    fault: 'throttling-429',
    plan: { kind: 'status', status: 429, body: 'Too Many Requests', contentType: 'text/plain' },
    code: 'THROTTLED',
    message: THROTTLED,
    attempts: 3,
  },
  { fault: 'reset', plan: { kind: 'reset' }, code: 'NETWORK', message: NETWORK, attempts: 3 },
  {
    fault: 'truncated-xml',
    plan: { kind: 'truncate', keep: 0.5 },
    code: 'STS_ERROR',
    message: `STS sent a response for session ${NAME} that Airlock could not read (it was cut off or garbled). Try again; if it persists, check your network or proxy.`,
    attempts: 1,
  },
];

describe('a fault on every attempt', () => {
  for (const c of CASES) {
    it(`${c.fault}: start fails with ${c.code} naming the session, after at most maxAttempts requests, files byte-identical`, async () => {
      const { t, id } = await setup();
      proxy.plan([], c.plan);
      proxy.resetCount();
      const started = Date.now();
      const error = await failure(t.core.sessions.start(id));
      const ms = Date.now() - started;
      expect(error.code).toBe(c.code);
      expect(error.message).toBe(c.message);
      expect(calls()).toBe(c.attempts);
      expect(calls()).toBeLessThanOrEqual(3);
      const view = t.core.sessions.get(id);
      expect(view.state.status).toBe('failed');
      expect(view.state.lastError).toMatchObject({ code: c.code, message: c.message });
      expect(readFileSync(t.credentialsFile, 'utf8')).toBe(ORIGINAL);
      expect(existsSync(t.configFile)).toBe(false);
      expect(await t.secrets.get(id, 'session')).toBeUndefined();
      figures.push(`${c.fault}:requests=${calls()},ms=${ms}`);
    });
  }
});

describe('a fault once, then a healthy STS', () => {
  for (const c of CASES.filter((x) => x.attempts > 1)) {
    it(`${c.fault}: the SDK retries and the session ends active, its profile one complete issued set`, async () => {
      const { t, id } = await setup();
      proxy.plan([c.plan]);
      proxy.resetCount();
      const view = await t.core.sessions.start(id);
      expect(view.state.status).toBe('active');
      expect(view.state.lastError).toBeUndefined();
      expect(calls()).toBe(2);
      expect(readFileSync(t.credentialsFile, 'utf8').startsWith(ORIGINAL)).toBe(true);
      await expectProfileMatchesKeychain(t, id);
    });
  }
});

describe('a fault while re-starting an active session', () => {
  it('keeps it active with lastError: its profile (still valid) stays byte-identical in the file', async () => {
    const { t, id } = await setup();
    await t.core.sessions.start(id);
    const written = readFileSync(t.credentialsFile, 'utf8');
    proxy.plan([], { kind: 'status', status: 503, body: STS_ERROR_BODIES.unavailable });
    const error = await failure(t.core.sessions.start(id));
    expect(error.code).toBe('STS_ERROR');
    expect(t.core.sessions.get(id).state).toMatchObject({
      status: 'active',
      lastError: { code: 'STS_ERROR', message: GENERIC('ServiceUnavailable (HTTP 503)') },
    });
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(written);
    await expectProfileMatchesKeychain(t, id);
  });
});

describe('at the CLI edge', () => {
  let cli: TestCli;
  let t: TestCore;
  beforeAll(async () => {
    t = await makeTestCore({ endpoint: proxy.endpoint });
    cli = await buildTestCli('sts-faults', t.env);
    await t.core.sessions.add({
      config: { kind: 'iam-user', name: NAME, profile: NAME },
      keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
    });
  });
  afterAll(async () => {
    cli.dispose();
    await t.close();
  });

  it('airlock session start under throttling: exit 1, the message with its code, 3 requests, then a clean retry', async () => {
    proxy.plan([], { kind: 'status', status: 400, body: STS_ERROR_BODIES.throttling });
    proxy.resetCount();
    const r = await cli.run(['session', 'start', NAME]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`airlock: ${THROTTLED} [THROTTLED]\n`);
    expect(calls()).toBe(3);
    proxy.plan([]);
    const ok = await cli.run(['session', 'start', NAME, '--output', 'json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { state: { status: string } }).state.status).toBe('active');
  });
});

describe('latency', () => {
  it('a 5 s stall is cut by requestTimeoutMs: NETWORK after maxAttempts timed-out requests, in bounded time', async () => {
    const { t, id } = await setup({ requestTimeoutMs: 500 });
    proxy.plan([], { kind: 'latency', ms: 5_000 });
    proxy.resetCount();
    const started = Date.now();
    const error = await failure(t.core.sessions.start(id));
    const ms = Date.now() - started;
    expect(error.code).toBe('NETWORK');
    expect(error.message).toBe(NETWORK);
    expect(calls()).toBe(3);
    // 3 × 0.5 s plus the SDK's back-off; far below one 5 s stall.
    expect(ms).toBeLessThan(4_500);
    expect(t.core.sessions.get(id).state.status).toBe('failed');
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(ORIGINAL);
    figures.push(`latency-5s:requests=${calls()},ms=${ms}`);
  });

  it('one slow answer within the timeout is simply waited for', async () => {
    const { t, id } = await setup({ requestTimeoutMs: 3_000 });
    proxy.plan([{ kind: 'latency', ms: 1_000 }]);
    proxy.resetCount();
    const view = await t.core.sessions.start(id);
    expect(view.state.status).toBe('active');
    expect(calls()).toBe(1);
    await expectProfileMatchesKeychain(t, id);
  });
});

describe('clock skew', () => {
  let skewed: StsPeer;
  let skewProxy: FaultProxy;
  beforeAll(async () => {
    skewed = await startStsPeer({ clockSkewSeconds: 3_600 });
    skewProxy = await startFaultProxy(skewed.endpoint);
  });
  afterAll(async () => {
    await skewProxy.close();
    await skewed.stop();
  });

  async function skewSetup() {
    const t = await makeTestCore({ endpoint: skewProxy.endpoint });
    open.push(t);
    mkdirSync(dirname(t.credentialsFile), { recursive: true, mode: 0o700 });
    writeFileSync(t.credentialsFile, ORIGINAL, { mode: 0o600 });
    const view = await t.core.sessions.add({
      config: { kind: 'iam-user', name: NAME, profile: NAME, region: 'eu-west-1' },
      keys: {
        accessKeyId: skewed.seed.user.accessKeyId,
        secretAccessKey: skewed.seed.user.secretAccessKey,
      },
    });
    return { t, id: view.id };
  }

  it('an STS an hour ahead: the SDK corrects from its Date header and retries once; the session is active', async () => {
    const { t, id } = await skewSetup();
    skewProxy.plan([]);
    skewProxy.resetCount();
    const view = await t.core.sessions.start(id);
    expect(view.state.status).toBe('active');
    expect(skewProxy.requests.filter((r) => r.action === 'GetSessionToken')).toHaveLength(2);
    await expectProfileMatchesKeychain(t, id);
    figures.push(`skew-corrected:requests=${skewProxy.requests.length}`);
  });

  it('a skew the SDK cannot learn (Date header hides it): CLOCK_SKEW naming the session, one request, files untouched', async () => {
    const { t, id } = await skewSetup();
    skewProxy.plan([], { kind: 'date-skew', seconds: 0 });
    skewProxy.resetCount();
    const error = await failure(t.core.sessions.start(id));
    expect(error.code).toBe('CLOCK_SKEW');
    expect(error.message).toBe(
      `AWS rejected the request for session ${NAME} because this computer's clock is off. Sync the system clock (e.g. enable NTP) and try again.`,
    );
    expect(skewProxy.requests.length).toBeLessThanOrEqual(3);
    expect(t.core.sessions.get(id).state).toMatchObject({
      status: 'failed',
      lastError: { code: 'CLOCK_SKEW' },
    });
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(ORIGINAL);
    figures.push(`skew-hidden:requests=${skewProxy.requests.length}`);
  });
});

describe('rotation under a persistent fault', () => {
  it('retries only at the back-off times (3 requests each), never in between, keeps the file, and recovers', async () => {
    const clock = new ManualClock();
    const { t, id } = await setup({ clock, rotate: true });
    const started = await t.core.sessions.start(id);
    const expiresAt = Date.parse(started.state.expiresAt!);
    const window = (await t.core.settings.get()).rotationWindowSeconds * 1000;
    const afterStart = readFileSync(t.credentialsFile, 'utf8');
    expect(clock.pending()[0]).toBe(expiresAt - window);

    proxy.plan([], { kind: 'status', status: 503, body: STS_ERROR_BODIES.unavailable });
    proxy.resetCount();
    const retryTimes: number[] = [];
    // Walk simulated time in 5 s steps from the rotation deadline until one step before expiry.
    let at = expiresAt - window;
    let steps = 0;
    let nextExpected = at;
    let failures = 0;
    while (failures < 4) {
      clock.advanceTo(at);
      await t.core.sessions.runDueNow();
      steps++;
      const view = t.core.sessions.get(id);
      if (at >= nextExpected) {
        failures++;
        retryTimes.push(at);
        expect(calls()).toBe(3 * failures);
        expect(view.state.status).toBe('active');
        expect(view.state.failures).toBe(failures);
        expect(view.state.lastError).toMatchObject({
          code: 'STS_ERROR',
          message: GENERIC('ServiceUnavailable (HTTP 503)'),
        });
        nextExpected = at + backoffMs(failures);
        expect(clock.pending()[0]).toBe(nextExpected);
      } else {
        expect(calls(), `no request between back-offs (t=${at})`).toBe(3 * failures);
      }
      expect(readFileSync(t.credentialsFile, 'utf8')).toBe(afterStart);
      at += 5_000;
    }
    expect(nextExpected).toBeLessThan(expiresAt);
    // STS heals: the next back-off time rotates, the file gets one complete new set.
    proxy.plan([]);
    clock.advanceTo(nextExpected);
    await t.core.sessions.runDueNow();
    const healed = t.core.sessions.get(id);
    expect(healed.state).toMatchObject({ status: 'active', failures: 0 });
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toBe(afterStart);
    await expectProfileMatchesKeychain(t, id);
    figures.push(
      `rotation-503:steps=${steps},retries_at=${retryTimes.length},requests=${3 * failures + 1}`,
    );
  });

  it('a rotation that never succeeds ends at expiry: the profile leaves the file, status expired', async () => {
    const clock = new ManualClock();
    const { t, id } = await setup({ clock, rotate: true });
    const started = await t.core.sessions.start(id);
    const expiresAt = Date.parse(started.state.expiresAt!);
    proxy.plan([], { kind: 'reset' });
    proxy.resetCount();
    let at = Date.parse(started.state.expiresAt!) - 600_000;
    while (at <= expiresAt) {
      clock.advanceTo(at);
      await t.core.sessions.runDueNow();
      at += 10_000;
    }
    const view = t.core.sessions.get(id);
    expect(view.state.status).toBe('expired');
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(ORIGINAL);
    // 30 s, 1, 2, 4 min back-offs fit in the 10 min window: five failed rotations at most.
    expect(calls()).toBeLessThanOrEqual(5 * 3);
    figures.push(`rotation-reset-to-expiry:requests=${calls()}`);
  });
});

// Every IPC channel fed thousands of invalid payloads: each is refused with VALIDATION, nothing throws, nothing changes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { createIpcRouter, type IpcRouter } from './ipc-router';
import { RendererPrompter } from './renderer-prompter';
import { AirlockError } from '../airlock-error';
import { invokeContract } from '../../shared/ipc-contract';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc-channels';

const { endpoint, seed } = inject('stsPeer');
const PER_CHANNEL = 720;
const SENDER = { url: 'app://airlock/index.html' };
let t: TestCore;
let router: IpcRouter;
let activeId: string;
let idleId: string;

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  const prompts = new RendererPrompter(t.core.events, async () => {
    throw new AirlockError('PROMPT_CANCELLED', 'no IdP here');
  });
  router = createIpcRouter({
    core: t.core,
    prompts,
    isTrustedSender: (url) => url === SENDER.url,
  });
  const keys = { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey };
  const active = await t.core.sessions.add({
    config: { kind: 'iam-user', name: 'fuzz-active', profile: 'fuzz-active' },
    keys,
  });
  activeId = active.id;
  await t.core.sessions.start(activeId);
  const idle = await t.core.sessions.add({
    config: { kind: 'iam-user', name: 'fuzz-idle', profile: 'fuzz-idle' },
    keys,
  });
  idleId = idle.id;
});
afterAll(() => t?.close());

/** A valid payload per channel, aimed at real sessions, so one that slipped through would change something. */
function validSample(channel: InvokeChannel): Record<string, unknown> | undefined {
  switch (channel) {
    case 'session:add':
      return {
        config: { kind: 'iam-user', name: 'fuzz-new', profile: 'fuzz-new' },
        keys: { accessKeyId: 'AKIAFUZZFUZZFUZZFUZZ', secretAccessKey: 'fuzz-secret-0123456789' },
      };
    case 'session:edit':
      return {
        id: idleId,
        config: { kind: 'iam-user', name: 'fuzz-idle', profile: 'renamed', region: 'eu-west-1' },
      };
    case 'session:remove':
    case 'session:start':
    case 'session:stop':
    case 'session:rotate':
    case 'session:whoami':
    case 'session:open-console':
    case 'profile:make-default':
      return { id: channel === 'session:start' ? idleId : activeId };
    case 'session:set-region':
      return { id: activeId, region: 'ap-northeast-1' };
    case 'session:copy-env':
      return { id: activeId };
    case 'session:set-marks':
      return { id: idleId, pinned: true, color: 'teal', tags: ['fuzz'] };
    case 'settings:set':
      return { rotationWindowSeconds: 900, deliveryMode: 'credential-process' };
    case 'prompt:answer-mfa':
      return { requestId: 'req-1', code: '123456' };
    case 'prompt:answer-role':
      return { requestId: 'req-1', roleArn: null };
    case 'segments:save':
      return { name: 'fuzz', filter: { kind: 'iam-user', text: 'fuzz' }, grouping: 'account' };
    case 'segments:rename':
      return { name: 'fuzz', newName: 'fuzz 2' };
    case 'segments:remove':
      return { name: 'fuzz' };
    default:
      return undefined;
  }
}

function deep(levels: number, leaf: unknown = 'x'): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const HUGE = 'A'.repeat(4 * 1024 * 1024);
const pollutionKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__');
const junk = fc.oneof(
  fc.anything({
    maxDepth: 4,
    withNullPrototype: true,
    withBigInt: true,
    withMap: true,
    withSet: true,
  }),
  fc.constantFrom(HUGE, `${HUGE}@`, deep(5_000), deep(200, HUGE), NaN, -0, Infinity, Symbol('x')),
  fc.string({ minLength: 0, maxLength: 300 }),
  fc.integer(),
  fc.constant(null),
  fc.func(fc.anything()),
);

/** Mutations of a valid payload: extra keys, pollution keys, a field replaced by junk, a nested field broken. */
function invalidFor(channel: InvokeChannel): fc.Arbitrary<unknown> {
  const base = validSample(channel) ?? {};
  const fields = Object.keys(base);
  const mutations: fc.Arbitrary<unknown>[] = [
    junk,
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 20 }), junk)
      .map(([k, v]) => ({ ...base, [k]: v })),
    fc
      .tuple(pollutionKey, fc.string({ maxLength: 20 }))
      .map(([k, v]) =>
        JSON.parse(
          `{${[...fields.map((f) => `${JSON.stringify(f)}:${JSON.stringify(base[f])}`), `${JSON.stringify(k)}:${JSON.stringify({ polluted: v })}`].join(',')}}`,
        ),
      ),
  ];
  if (fields.length) {
    mutations.push(
      fc.tuple(fc.constantFrom(...fields), junk).map(([field, v]) => ({ ...base, [field]: v })),
      fc.constantFrom(...fields).map((field) => {
        const copy: Record<string, unknown> = { ...base };
        delete copy[field];
        return copy;
      }),
    );
  }
  if (base.config && typeof base.config === 'object') {
    const config = base.config as Record<string, unknown>;
    mutations.push(
      fc
        .tuple(fc.constantFrom(...Object.keys(config), 'kind', 'roleArn', 'parentId'), junk)
        .map(([k, v]) => ({ ...base, config: { ...config, [k]: v } })),
      fc.constantFrom('saml', 'iam-role', 'web-identity', 'federated-user', 'root').map((kind) => ({
        ...base,
        config: { ...config, kind },
      })),
    );
  }
  return fc.oneof(...mutations);
}

function show(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 200);
  } catch {
    return typeof value;
  }
}

const CHANNELS = INVOKE_CHANNELS;

function snapshot(): string[] {
  return [join(t.airlockHome, 'config.json'), t.credentialsFile, t.configFile].map((p) =>
    existsSync(p) ? readFileSync(p, 'utf8') : '<absent>',
  );
}

describe('IPC fuzzing', () => {
  it(`rejects ${PER_CHANNEL} invalid payloads on each of the ${CHANNELS.length} channels with VALIDATION; no throw, no state change, no prototype pollution`, async () => {
    const before = snapshot();
    const sessionsBefore = JSON.stringify(t.core.sessions.list());
    let rejected = 0;
    let slowestMs = 0;
    const started = Date.now();
    for (const [index, channel] of CHANNELS.entries()) {
      const schema = invokeContract[channel].payload;
      const payloads = fc
        .sample(invalidFor(channel), { numRuns: PER_CHANNEL * 3, seed: 0x5eed + index })
        .filter((p) => !schema.safeParse(p).success)
        .slice(0, PER_CHANNEL);
      expect(payloads.length, `${channel}: enough invalid payloads`).toBe(PER_CHANNEL);
      for (const payload of payloads) {
        const t0 = performance.now();
        const result = await router.invoke(channel, payload, SENDER);
        slowestMs = Math.max(slowestMs, performance.now() - t0);
        expect(result.ok, `${channel} accepted ${show(payload)}`).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('VALIDATION');
          expect(result.error.message).toMatch(/^Invalid request: /);
          expect(result.error.message.length).toBeLessThan(2_000);
        }
        rejected++;
      }
    }
    const ms = Date.now() - started;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(snapshot()).toEqual(before);
    expect(JSON.stringify(t.core.sessions.list())).toBe(sessionsBefore);
    expect(rejected).toBeGreaterThanOrEqual(10_000);
    console.log(
      `[reliability] ipc-fuzz channels=${CHANNELS.length} rejected=${rejected} accepted=0 slowest_ms=${slowestMs.toFixed(1)} ms=${ms}`,
    );
  }, 120_000);

  it('refuses prototype-pollution keys on every channel, even beside an otherwise valid payload', async () => {
    for (const channel of CHANNELS) {
      const base = validSample(channel) ?? {};
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const payload = JSON.parse(
          JSON.stringify(base).replace(
            /^\{/,
            `{"${key}":{"polluted":true,"isAdmin":true}${Object.keys(base).length ? ',' : ''}`,
          ),
        ) as unknown;
        const result = await router.invoke(channel, payload, SENDER);
        expect(result, `${channel} with ${key}`).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers unknown channels and untrusted senders without touching the core', async () => {
    for (const channel of [
      '',
      'session:start ',
      '__proto__',
      'constructor',
      'toString',
      42,
      null,
      {},
    ]) {
      expect(await router.invoke(channel, { id: activeId }, SENDER)).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'Unknown request.' },
      });
    }
    const result = await router.invoke(
      'session:stop',
      { id: activeId },
      { url: 'https://evil.example/' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(t.core.sessions.get(activeId).state.status).toBe('active');
  });
});

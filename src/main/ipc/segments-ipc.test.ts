// The saved-filter channels through the router on a real core: save, list, rename, remove; names
// unique in any case; bad payloads refused with VALIDATION and nothing stored; kept in the store file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { createCore } from '../create-core';
import { createIpcRouter, type IpcRouter } from './ipc-router';
import { RendererPrompter } from './renderer-prompter';
import { AirlockError } from '../airlock-error';

const { endpoint } = inject('stsPeer');
const SENDER = { url: 'app://airlock/index.html' };
let t: TestCore;
let router: IpcRouter;

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  const prompts = new RendererPrompter(t.core.events, async () => {
    throw new AirlockError('PROMPT_CANCELLED', 'no IdP here');
  });
  router = createIpcRouter({ core: t.core, prompts, isTrustedSender: (u) => u === SENDER.url });
});
afterAll(() => t?.close());

const call = (channel: string, payload?: unknown) => router.invoke(channel, payload, SENDER);
const storeText = () => readFileSync(join(t.airlockHome, 'config.json'), 'utf8');

describe('segments over IPC', () => {
  it('saves, lists in order, renames and removes; the store keeps them beside the sessions', async () => {
    expect(await call('segments:list')).toEqual({ ok: true, value: [] });
    const prod = { name: 'Prod roles', filter: { kind: 'iam-role', text: 'prod' } };
    expect(
      await call('segments:save', {
        ...prod,
        filter: { ...prod.filter, text: ' prod ' },
        grouping: 'account',
      }),
    ).toEqual({
      ok: true,
      value: { ...prod, grouping: 'account' },
    });
    // Grouping defaults to none; the name and text are trimmed, blank text dropped.
    expect(
      await call('segments:save', { name: '  Live  ', filter: { status: 'active', text: ' ' } }),
    ).toEqual({
      ok: true,
      value: { name: 'Live', filter: { status: 'active' }, grouping: 'none' },
    });
    expect(await call('segments:list')).toMatchObject({
      ok: true,
      value: [{ name: 'Prod roles' }, { name: 'Live' }],
    });
    expect(JSON.parse(storeText()).segments).toHaveLength(2);

    expect(await call('segments:rename', { name: 'live', newName: 'Running' })).toMatchObject({
      ok: true,
      value: { name: 'Running', filter: { status: 'active' } },
    });
    expect(await call('segments:remove', { name: 'PROD ROLES' })).toEqual({
      ok: true,
      value: { name: 'PROD ROLES' },
    });
    expect(t.core.segments.list()).toEqual([
      { name: 'Running', filter: { status: 'active' }, grouping: 'none' },
    ]);

    // Another process (the CLI) reading the same store sees them.
    const other = await createCore({ env: t.env, homeDir: t.home, airlockHome: t.airlockHome });
    try {
      expect(other.segments.list().map((s) => s.name)).toEqual(['Running']);
    } finally {
      await other.dispose();
    }
  });

  it('refuses a name taken in any case unless replacing, and a missing one with NOT_FOUND', async () => {
    await call('segments:save', { name: 'Team A', filter: { tag: 'team a' } });
    expect(await call('segments:save', { name: 'team a', filter: {} })).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_EXISTS', message: expect.stringContaining('Team A') },
    });
    expect(
      await call('segments:save', { name: 'team a', filter: { tag: 'b' }, replace: true }),
    ).toMatchObject({ ok: true, value: { name: 'team a', filter: { tag: 'b' } } });
    expect(await call('segments:rename', { name: 'Running', newName: 'TEAM A' })).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_EXISTS' },
    });
    // A change of case alone is a rename of itself.
    expect(await call('segments:rename', { name: 'team a', newName: 'Team A' })).toMatchObject({
      ok: true,
      value: { name: 'Team A' },
    });
    expect(await call('segments:remove', { name: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('nope') },
    });
    expect(await call('segments:rename', { name: 'nope', newName: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses bad payloads with VALIDATION and stores nothing', async () => {
    const before = storeText();
    const bad: [string, unknown][] = [
      ['segments:save', { name: '', filter: {} }],
      ['segments:save', { name: '   ', filter: {} }],
      ['segments:save', { name: 'x'.repeat(65), filter: {} }],
      ['segments:save', { name: 'ok', filter: { kind: 'root' } }],
      ['segments:save', { name: 'ok', filter: { status: 'asleep' } }],
      ['segments:save', { name: 'ok', filter: { region: 'moon-1' } }],
      ['segments:save', { name: 'ok', filter: { tag: 'a,b' } }],
      ['segments:save', { name: 'ok', filter: { text: 'x'.repeat(201) } }],
      ['segments:save', { name: 'ok', filter: { secretAccessKey: 'x' } }],
      ['segments:save', { name: 'ok', filter: {}, grouping: 'colour' }],
      ['segments:save', { name: 'ok' }],
      ['segments:save', { name: 'ok', filter: {}, extra: 1 }],
      ['segments:rename', { name: 'Team A' }],
      ['segments:rename', { name: 'Team A', newName: '' }],
      ['segments:remove', {}],
      ['segments:remove', { name: 42 }],
      ['segments:list', { any: 1 }],
    ];
    for (const [channel, payload] of bad) {
      expect(await call(channel, payload), `${channel} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringMatching(/^Invalid request: /) },
      });
    }
    expect(storeText()).toBe(before);
  });
});

// The shell's wiring, without Electron: sender checks, malformed messages, and event delivery
// that starts only with a trusted `app:ready` and queues again when the page goes away.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors';
import { CoreEvents } from '../core-events';
import type { IpcRouter } from '../ipc/ipc-router';
import { createCore, type Core } from '../create-core';
import { KeytarSecretStore } from '../secrets/keytar-secret-store';
import type { RendererPrompter } from '../ipc/renderer-prompter';
import { RendererLink, createRendererLink } from './renderer-link';

const APP = 'app://airlock/index.html';

/** A router that trusts APP only and answers every channel; it records what reached it. */
function fakeRouter(): IpcRouter & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    async invoke(channel, payload, sender): Promise<Result<unknown>> {
      if (sender.url !== APP) {
        return { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'untrusted' } };
      }
      calls.push([channel, payload]);
      return { ok: true, value: channel };
    },
  };
}

function page(url: string | undefined) {
  const received: [string, unknown][] = [];
  return {
    url,
    received,
    send: (event: string, payload: unknown) => received.push([event, payload]),
  };
}

describe('RendererLink', () => {
  it('routes a { channel, payload } message with the sender URL and returns the Result', async () => {
    const router = fakeRouter();
    const link = new RendererLink(router, new CoreEvents());
    const result = await link.invoke({ channel: 'session:start', payload: { id: 'a' } }, page(APP));
    expect(result).toEqual({ ok: true, value: 'session:start' });
    expect(router.calls).toEqual([['session:start', { id: 'a' }]]);
  });

  it('refuses a sender the adapter could not vouch for, and malformed messages, before routing', async () => {
    const router = fakeRouter();
    const link = new RendererLink(router, new CoreEvents());
    expect(await link.invoke({ channel: 'sessions:list' }, page(undefined))).toMatchObject({
      ok: false,
      error: { code: 'UNTRUSTED_SENDER' },
    });
    for (const message of [null, 'sessions:list', 42, { payload: {} }]) {
      expect(await link.invoke(message, page(APP))).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'Malformed request.' },
      });
    }
    expect(router.calls).toEqual([]);
  });

  it('queues core events until the page says app:ready, then delivers them in order to that page', async () => {
    const events = new CoreEvents();
    const link = new RendererLink(fakeRouter(), events);
    const app = page(APP);
    events.emit('session:removed', { id: 'a' });
    await link.invoke({ channel: 'sessions:list' }, app);
    expect(app.received).toEqual([]);
    await link.invoke({ channel: 'app:ready' }, app);
    events.emit('session:removed', { id: 'b' });
    expect(app.received).toEqual([
      ['session:removed', { id: 'a' }],
      ['session:removed', { id: 'b' }],
    ]);
  });

  it('never starts delivery for an app:ready the router refused', async () => {
    const events = new CoreEvents();
    const link = new RendererLink(fakeRouter(), events);
    const stranger = page('https://evil.example/');
    expect((await link.invoke({ channel: 'app:ready' }, stranger)).ok).toBe(false);
    events.emit('session:removed', { id: 'a' });
    expect(stranger.received).toEqual([]);
    const app = page(APP);
    await link.invoke({ channel: 'app:ready' }, app);
    expect(app.received).toEqual([['session:removed', { id: 'a' }]]);
  });

  it('queues again after the page went away, for the reloaded page to collect', async () => {
    const events = new CoreEvents();
    const link = new RendererLink(fakeRouter(), events);
    const first = page(APP);
    await link.invoke({ channel: 'app:ready' }, first);
    link.pageGone();
    events.emit('session:removed', { id: 'a' });
    const second = page(APP);
    await link.invoke({ channel: 'app:ready' }, second);
    expect(first.received).toEqual([]);
    expect(second.received).toEqual([['session:removed', { id: 'a' }]]);
  });

  it('stops listening to the core once disposed', async () => {
    const events = new CoreEvents();
    const link = new RendererLink(fakeRouter(), events);
    const app = page(APP);
    await link.invoke({ channel: 'app:ready' }, app);
    link.dispose();
    events.emit('session:removed', { id: 'a' });
    expect(app.received).toEqual([]);
  });
});

describe('saml:forget-logins through the real router', () => {
  const core = { events: new CoreEvents(), startupNotices: [] } as unknown as Core;
  const prompts = {} as RendererPrompter;

  it("calls the shell's forgetSamlLogins and answers how many partitions it cleared", async () => {
    let calls = 0;
    const link = createRendererLink({
      core,
      prompts,
      isTrustedSender: (url) => url === APP,
      forgetSamlLogins: async () => {
        calls++;
        return 3;
      },
    });
    expect(await link.invoke({ channel: 'saml:forget-logins' }, page(APP))).toEqual({
      ok: true,
      value: { cleared: 3 },
    });
    expect(calls).toBe(1);
    expect(
      await link.invoke({ channel: 'saml:forget-logins' }, page('https://evil.example/')),
    ).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(calls).toBe(1);
  });

  it('clears nothing where no shell is attached (harness without one, tests)', async () => {
    const link = createRendererLink({ core, prompts, isTrustedSender: () => true });
    expect(await link.invoke({ channel: 'saml:forget-logins' }, page(APP))).toEqual({
      ok: true,
      value: { cleared: 0 },
    });
  });
});

describe('createRendererLink on a real core', () => {
  it("delivers the warnings of the core's start (an AWS file others can write), though the link was made after it", async () => {
    const home = mkdtempSync(join(tmpdir(), 'airlock-perms-app-'));
    try {
      mkdirSync(join(home, '.aws'), { mode: 0o700 });
      writeFileSync(join(home, '.aws', 'credentials'), '', { mode: 0o600 });
      chmodSync(join(home, '.aws', 'credentials'), 0o620);
      // As electron/main.ts builds the app: the core first, then the renderer link, then the page.
      const core = await createCore({
        env: { HOME: home },
        homeDir: home,
        airlockHome: join(home, 'airlock'),
        secrets: new KeytarSecretStore('airlock-unused'),
      });
      const link = createRendererLink({
        core,
        prompts: {} as RendererPrompter,
        isTrustedSender: (url) => url === 'app://airlock/index.html',
      });
      const received: [string, unknown][] = [];
      const send = (event: string, payload: unknown) => received.push([event, payload]);
      await link.invoke({ channel: 'app:ready' }, { url: 'app://airlock/index.html', send });
      link.dispose();
      await core.dispose();
      const file = join(home, '.aws', 'credentials');
      expect(received).toEqual([
        [
          'notification',
          {
            level: 'warning',
            message: `The AWS file ${file} is writable by other users, who could add a credential_process that runs as you. Fix it with: chmod go-w "${file}"`,
          },
        ],
      ]);
      expect(core.startupNotices).toEqual([received[0]![1]]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

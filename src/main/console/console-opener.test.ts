// "Open console" in main: through the IPC router on a real core, the STS peer and the federation
// peer. The sign-in URL reaches only the browser; the renderer's answer names the session and region.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startFederationPeer,
  type FederationPeer,
} from '../../../test-support/federation-peer/index';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { AirlockError } from '../airlock-error';
import { createIpcRouter } from '../ipc/ipc-router';
import { RendererPrompter } from '../ipc/renderer-prompter';
import type { LaunchPlan } from './console-plan';
import { openConsole } from './console-opener';

const { endpoint, seed } = inject('stsPeer');
const SENDER = { url: 'app://airlock/index.html' };

let federation: FederationPeer;
let t: TestCore;
const opened: string[] = [];
let userId: string;
let roleId: string;

beforeAll(async () => {
  federation = await startFederationPeer({
    stsEndpoint: endpoint,
    chainedRoleArns: [seed.roles.chain2, seed.roles.chain3],
  });
  t = await makeTestCore({ endpoint, extraEnv: { AIRLOCK_FEDERATION_URL: federation.url } });
  const keys = { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey };
  userId = (
    await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'opener-user', profile: 'opener-user' },
      keys,
    })
  ).id;
  roleId = (
    await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'opener-admin',
        profile: 'opener-admin',
        parentId: userId,
        roleArn: seed.roles.admin,
        region: 'eu-central-1',
      },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await federation?.stop();
});

function router(openExternal?: (url: string) => Promise<void>) {
  const prompts = new RendererPrompter(t.core.events, () =>
    Promise.reject(new AirlockError('PROMPT_CANCELLED', 'no IdP here')),
  );
  return createIpcRouter({
    core: t.core,
    prompts,
    isTrustedSender: (url) => url === SENDER.url,
    ...(openExternal ? { openExternal } : {}),
  });
}

describe('session:open-console', () => {
  it('starts the role, opens a sign-in the federation peer accepts, and answers without the URL', async () => {
    const result = await router(async (url) => {
      opened.push(url);
    }).invoke('session:open-console', { id: roleId }, SENDER);
    expect(result).toEqual({ ok: true, value: { id: roleId, region: 'eu-central-1' } });
    expect(t.core.sessions.get(roleId).state.status).toBe('active');
    expect(opened).toHaveLength(1);
    const signin = await federation.open(opened[0]!);
    expect(signin.arn).toMatch(/:assumed-role\/[^/]+\/[^/]+$/);
    expect(signin.destination).toBe(
      'https://console.aws.amazon.com/console/home?region=eu-central-1',
    );
  });

  it('lands in the region asked for', async () => {
    const result = await router(async (url) => {
      opened.push(url);
    }).invoke('session:open-console', { id: roleId, region: 'us-west-2' }, SENDER);
    expect(result).toMatchObject({ ok: true, value: { region: 'us-west-2' } });
    const signin = await federation.open(opened.at(-1)!);
    expect(signin.destination).toBe('https://console.aws.amazon.com/console/home?region=us-west-2');
  });

  it('refuses a bad region before signing in', async () => {
    const before = federation.tokenRequests.length;
    const result = await router(async () => undefined).invoke(
      'session:open-console',
      { id: roleId, region: 'mars' },
      SENDER,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(federation.tokenRequests).toHaveLength(before);
  });

  it('says which session could not open a browser, and how to get the address', async () => {
    const failing = router(() => Promise.reject(new Error('xdg-open: not found')));
    const result = await failing.invoke('session:open-console', { id: userId }, SENDER);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'BROWSER_UNAVAILABLE',
        message: expect.stringContaining('session opener-user') as unknown as string,
      },
    });
    if (!result.ok) expect(result.error.message).toContain('airlock console opener-user --print');
    const none = await router().invoke('session:open-console', { id: userId }, SENDER);
    expect(none).toMatchObject({ ok: false, error: { code: 'BROWSER_UNAVAILABLE' } });
  });
});

describe('openConsole with a named browser', () => {
  it('launches Chromium with a user-data folder of its own for the session, not the default browser', async () => {
    await t.core.settings.set({ consoleBrowser: 'chromium' });
    try {
      const plans: LaunchPlan[] = [];
      const defaultOpened: string[] = [];
      const result = await openConsole(
        {
          core: t.core,
          openExternal: async (url) => {
            defaultOpened.push(url);
          },
          launch: async (plan) => {
            plans.push(plan);
          },
        },
        roleId,
      );
      expect(result).toEqual({
        id: roleId,
        name: 'opener-admin',
        region: 'eu-central-1',
        browser: 'chromium',
      });
      expect(defaultOpened).toEqual([]);
      expect(plans).toHaveLength(1);
      expect(plans[0]!.app).toEqual({
        name: 'chromium',
        arguments: [
          `--user-data-dir=${join(t.core.store.dir, 'browser-profiles', roleId)}`,
          '--no-first-run',
        ],
      });
      expect((await federation.open(plans[0]!.target)).destination).toContain('eu-central-1');
    } finally {
      await t.core.settings.set({ consoleBrowser: 'default' });
    }
  });

  it('answers BROWSER_UNAVAILABLE when the named browser is not installed, and main goes on', async () => {
    await t.core.settings.set({ consoleBrowser: 'brave' });
    const savedPath = process.env.PATH;
    // No brave on this PATH: the real launcher (the `open` package) cannot start it.
    process.env.PATH = join(t.home, 'no-browsers-here');
    try {
      await expect(
        openConsole({ core: t.core, openExternal: undefined }, roleId),
      ).rejects.toMatchObject({
        code: 'BROWSER_UNAVAILABLE',
        message: expect.stringContaining('Brave for session opener-admin'),
      });
    } finally {
      process.env.PATH = savedPath;
      await t.core.settings.set({ consoleBrowser: 'default' });
    }
  });
});

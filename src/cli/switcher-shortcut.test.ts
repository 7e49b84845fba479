// `airlock settings set switcher-shortcut A`: off by default, stored in Electron's canonical
// spelling, refused with the reason (exit 2) when it is no accelerator, cleared by "".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestCli, type TestCli } from '../../test-support/test-cli';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

const { endpoint } = inject('stsPeer');
let t: TestCore;
let cli: TestCli;

const get = async () =>
  (await cli.run(['settings', 'get', 'switcher-shortcut', '--output', 'json'])).stdout.trim();

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('switcher-shortcut', t.env);
});

afterAll(async () => {
  cli?.dispose();
  await t?.close();
});

describe('the switcher-shortcut setting', () => {
  it('is off by default, stores a valid accelerator canonically, refuses a bad one and clears', async () => {
    expect(await get()).toBe('null');
    const set = await cli.run(['settings', 'set', 'switcher-shortcut', 'cmdorctrl+shift+k']);
    expect(set.code, set.stderr).toBe(0);
    expect(await get()).toBe('"CommandOrControl+Shift+K"');
    const stored = JSON.parse(readFileSync(join(t.airlockHome, 'config.json'), 'utf8')) as {
      settings: { switcherShortcut: string | null };
    };
    expect(stored.settings.switcherShortcut).toBe('CommandOrControl+Shift+K');

    const bad = await cli.run(['settings', 'set', 'switcher-shortcut', 'Shift+K']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('needs a modifier besides Shift');
    expect(await get()).toBe('"CommandOrControl+Shift+K"');

    expect((await cli.run(['settings', 'set', 'switcher-shortcut', ''])).code).toBe(0);
    expect(await get()).toBe('null');
  });
});

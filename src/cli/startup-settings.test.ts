// `airlock settings set launch-at-login|start-hidden true|false`: off by default, stored, refused
// (exit 2, nothing changed) on any other value.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestCli, type TestCli } from '../../test-support/test-cli';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

const { endpoint } = inject('stsPeer');
let t: TestCore;
let cli: TestCli;

const get = async (key: string) =>
  (await cli.run(['settings', 'get', key, '--output', 'json'])).stdout.trim();

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('startup-settings', t.env);
});

afterAll(async () => {
  cli?.dispose();
  await t?.close();
});

describe('the launch-at-login and start-hidden settings', () => {
  for (const key of ['launch-at-login', 'start-hidden']) {
    it(`${key}: off by default, set and cleared, exit 2 on a bad value`, async () => {
      expect(await get(key)).toBe('false');
      const set = await cli.run(['settings', 'set', key, 'true']);
      expect(set.code, set.stderr).toBe(0);
      expect(await get(key)).toBe('true');

      const bad = await cli.run(['settings', 'set', key, 'yes']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`${key} is true or false`);
      expect(await get(key)).toBe('true');

      expect((await cli.run(['settings', 'set', key, 'false'])).code).toBe(0);
      expect(await get(key)).toBe('false');
    });
  }
});

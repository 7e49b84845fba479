// Pins, colours and tags from the bundled CLI (`session add/edit --pin --color --tags`): stored,
// shown in the session's JSON, cleared again, bad input exits 2; neither AWS file is touched.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestCli, type TestCli } from '../../test-support/test-cli';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

const { endpoint, seed } = inject('stsPeer');
let t: TestCore;
let cli: TestCli;

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await cli.run(args, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

interface Marked {
  name: string;
  marks?: { pinned?: boolean; color?: string; tags?: string[] };
}

const files = () =>
  [t.configFile, t.credentialsFile].map((p) => (existsSync(p) ? readFileSync(p, 'utf8') : null));

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('session-marks', t.env);
});

afterAll(async () => {
  cli?.dispose();
  await t?.close();
});

describe('session marks from the CLI', () => {
  it('adds with a pin, a colour and tags, changes and clears them by edit, and leaves the AWS files alone', async () => {
    const added = JSON.parse(
      await ok(
        [
          'session',
          'add',
          '--type',
          'iam-user',
          '--name',
          'marked',
          '--profile',
          'marked',
          '--access-key-id',
          seed.user.accessKeyId,
          '--secret-access-key-stdin',
          '--pin',
          '--color',
          'teal',
          '--tags',
          ' prod, team a ,Prod',
        ],
        `${seed.user.secretAccessKey}\n`,
      ),
    ) as Marked;
    expect(added.marks).toEqual({ pinned: true, color: 'teal', tags: ['prod', 'team a'] });
    const stored = JSON.parse(readFileSync(join(t.airlockHome, 'config.json'), 'utf8')) as {
      sessions: Record<string, Marked>;
    };
    expect(Object.values(stored.sessions)[0]?.marks).toEqual(added.marks);
    expect(JSON.stringify(stored)).not.toContain(seed.user.secretAccessKey);
    const before = files();

    const recoloured = JSON.parse(
      await ok(['session', 'edit', 'marked', '--color', 'red', '--no-pin']),
    ) as Marked;
    expect(recoloured.marks).toEqual({ color: 'red', tags: ['prod', 'team a'] });
    const cleared = JSON.parse(
      await ok(['session', 'edit', 'marked', '--color', 'none', '--tags', '']),
    ) as Marked;
    expect(cleared.marks).toBeUndefined();
    const list = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as Marked[];
    expect(list.find((s) => s.name === 'marked')).not.toHaveProperty('marks');
    expect(files()).toEqual(before);
  });

  it('exits 2 on a colour it does not know or a tag that does not fit, changing nothing', async () => {
    const storeBefore = readFileSync(join(t.airlockHome, 'config.json'), 'utf8');
    const colour = await cli.run(['session', 'edit', 'marked', '--color', 'chartreuse']);
    expect(colour.code).toBe(2);
    expect(colour.stderr).toContain('chartreuse');
    const tag = await cli.run(['session', 'edit', 'marked', '--tags', `ok,${'x'.repeat(33)}`]);
    expect(tag.code).toBe(2);
    expect(tag.stderr).toContain('must be at most 32 characters');
    expect(readFileSync(join(t.airlockHome, 'config.json'), 'utf8')).toBe(storeBefore);
  });
});

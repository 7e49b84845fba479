// `airlock session region NAME REGION` with the bundled CLI: the AWS CLI reads the new region,
// every other byte of both files stays, and the STS peer (behind a counting proxy) gets no call.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAwsCli } from '../../test-support/aws-cli';
import { startFaultProxy, type FaultProxy } from '../../test-support/fault-proxy';
import { buildTestCli, type CliRun, type TestCli } from '../../test-support/test-cli';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

const { endpoint, seed } = inject('stsPeer');
let proxy: FaultProxy;
let t: TestCore;
let cli: TestCli;

/** A config file a person wrote: CRLF, comments, odd spacing, unknown keys, no final newline. */
const HAND_WRITTEN_CONFIG =
  '# my settings\r\n[default]\r\nregion = us-east-2\r\noutput = json\r\n\r\n' +
  '[profile mine]   \r\nregion=eu-north-1\r\n; keep me\r\ncli_pager =\r\n\r\n[profile x]\r\ns3 =\r\n  max_concurrent_requests = 4';

const airlock = (args: string[], stdin?: string): Promise<CliRun> =>
  cli.run(args, stdin === undefined ? {} : { stdin });

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await airlock(args, stdin);
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function addUser(name: string, profile: string): Promise<void> {
  await ok(
    [
      'session',
      'add',
      '--type',
      'iam-user',
      '--name',
      name,
      '--profile',
      profile,
      '--region',
      'eu-central-1',
      '--access-key-id',
      seed.user.accessKeyId,
      '--secret-access-key-stdin',
    ],
    `${seed.user.secretAccessKey}\n`,
  );
}

const files = () => [readFileSync(t.configFile, 'utf8'), readFileSync(t.credentialsFile, 'utf8')];

async function awsRegion(profile: string): Promise<string> {
  const r = await runAwsCli(['configure', 'get', 'region', '--profile', profile], {
    endpoint,
    home: t.home,
  });
  return r.stdout.trim();
}

beforeAll(async () => {
  proxy = await startFaultProxy(endpoint);
  t = await makeTestCore({ endpoint: proxy.endpoint });
  cli = await buildTestCli('session-region', t.env);
  mkdirSync(dirname(t.configFile), { recursive: true });
  writeFileSync(t.configFile, HAND_WRITTEN_CONFIG);
});

afterAll(async () => {
  cli?.dispose();
  await t?.close();
  await proxy?.close();
});

describe('airlock session region', () => {
  it('moves an active session’s profile to the new region at once: one line changes, no STS call', async () => {
    await addUser('reg-live', 'reg-live');
    await ok(['session', 'start', 'reg-live']);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(await awsRegion('reg-live')).toBe('eu-central-1');
    const [configBefore, credentialsBefore] = files();
    proxy.resetCount();

    const out = JSON.parse(await ok(['session', 'region', 'reg-live', 'ap-southeast-2'])) as {
      region: string;
      state: { status: string };
    };
    expect(out).toMatchObject({ region: 'ap-southeast-2', state: { status: 'active' } });
    expect(proxy.requests).toEqual([]);

    expect(await awsRegion('reg-live')).toBe('ap-southeast-2');
    const [configAfter, credentialsAfter] = files();
    expect(credentialsAfter).toBe(credentialsBefore);
    // Byte for byte: the file is the old one with exactly that region line changed.
    const before = configBefore!.split('\n');
    const after = configAfter!.split('\n');
    expect(after.length).toBe(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [i]));
    expect(changed).toHaveLength(1);
    expect(before[changed[0]!]).toMatch(/^region\s*=\s*eu-central-1\r?$/);
    before[changed[0]!] = before[changed[0]!]!.replace('eu-central-1', 'ap-southeast-2');
    expect(configAfter).toBe(before.join('\n'));
    expect(configAfter!.startsWith(HAND_WRITTEN_CONFIG.slice(0, 80))).toBe(true);

    // The same credentials still sign: a real call in the new region.
    const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'reg-live'], {
      endpoint,
      home: t.home,
    });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toBe(seed.user.arn);
    expect(proxy.requests).toEqual([]);

    // AWS CLI conventions: --query and --output text.
    const text = await ok([
      'session',
      'region',
      'reg-live',
      'us-west-2',
      '--query',
      'region',
      '--output',
      'text',
    ]);
    expect(text.trim()).toBe('us-west-2');
    expect(await awsRegion('reg-live')).toBe('us-west-2');
    await ok(['session', 'stop', 'reg-live']);
  });

  it('`session edit --region` on an active session moves its profile in place, as `session region` does: still active, no STS call', async () => {
    await addUser('reg-edit', 'reg-edit');
    await ok(['session', 'start', 'reg-edit']);
    const [, credentialsBefore] = files();
    proxy.resetCount();

    const out = JSON.parse(
      await ok(['session', 'edit', 'reg-edit', '--region', 'sa-east-1', '--color', 'teal']),
    ) as { region: string; marks?: { color?: string }; state: { status: string } };
    expect(out).toMatchObject({ region: 'sa-east-1', state: { status: 'active' } });
    expect(proxy.requests).toEqual([]);
    expect(await awsRegion('reg-edit')).toBe('sa-east-1');
    expect(files()[1]).toBe(credentialsBefore);
    const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'reg-edit'], {
      endpoint,
      home: t.home,
    });
    expect(who.code, who.stderr).toBe(0);
    await ok(['session', 'stop', 'reg-edit']);
  });

  it('changes only the stored region of an inactive session: neither file is touched', async () => {
    await addUser('reg-idle', 'reg-idle');
    const before = files();
    await ok(['session', 'region', 'reg-idle', 'ca-central-1']);
    expect(files()).toEqual(before);
    const list = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as {
      name: string;
      region?: string;
    }[];
    expect(list.find((s) => s.name === 'reg-idle')?.region).toBe('ca-central-1');
    proxy.resetCount();
    await ok(['session', 'start', 'reg-idle']);
    expect(await awsRegion('reg-idle')).toBe('ca-central-1');
    await ok(['session', 'stop', 'reg-idle']);
  });

  it('exits 2 on a malformed region, 1 on an unknown session (as other session commands), saying what is wrong, and changes nothing', async () => {
    const before = files();
    const storeBefore = readFileSync(`${t.airlockHome}/config.json`, 'utf8');
    for (const bad of ['eu-west', 'EU-WEST-1', 'eu-west-1 ', '']) {
      const r = await airlock(['session', 'region', 'reg-idle', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`"${bad}" is not a region like eu-west-1`);
      expect(r.stderr).toContain('reg-idle');
    }
    const unknown = await airlock(['session', 'region', 'no-such', 'eu-west-1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No session named no-such');
    const missing = await airlock(['session', 'region', 'reg-idle']);
    expect(missing.code).toBe(2);
    expect(files()).toEqual(before);
    expect(readFileSync(`${t.airlockHome}/config.json`, 'utf8')).toBe(storeBefore);
  });

  it('exits 1 and changes nothing when the active profile’s config section was written by hand', async () => {
    await addUser('reg-mine', 'mine');
    await ok(['session', 'start', 'reg-mine']);
    // The start kept the user's own region there.
    expect(await awsRegion('mine')).toBe('eu-north-1');
    const before = files();
    const r = await airlock(['session', 'region', 'reg-mine', 'eu-west-3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Profile mine in ${t.configFile} was written by hand`);
    expect(r.stderr).toContain('[PROFILE_CONFLICT]');
    expect(files()).toEqual(before);
    await ok(['session', 'stop', 'reg-mine']);
    expect(readFileSync(t.configFile, 'utf8').startsWith(HAND_WRITTEN_CONFIG)).toBe(true);
  });
});

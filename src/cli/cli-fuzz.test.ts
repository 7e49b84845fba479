// Fuzzed bad arguments: every one is a usage error (exit 2, a message on stderr, nothing on stdout) and changes nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { buildTestCli, type TestCli } from '../../test-support/test-cli';
import { runCli } from './main';

const { endpoint, seed } = inject('stsPeer');
const CASES = 400;
const SESSION = 'fuzz-a';
let t: TestCore;
let cli: TestCli;

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  // runCli builds its core from process.env; this worker process is ours alone.
  Object.assign(process.env, t.env);
  await t.core.sessions.add({
    config: { kind: 'iam-user', name: SESSION, profile: SESSION },
    keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
  });
  await t.core.sessions.start(SESSION);
  cli = await buildTestCli('fuzz', t.env);
});
afterAll(async () => {
  cli?.dispose();
  await t?.close();
});

const COMMANDS = [
  'session',
  'whoami',
  'env',
  'exec',
  'credential-process',
  'profile',
  'settings',
  'help',
];
const OPTIONS = [
  'help',
  'version',
  'output',
  'query',
  'mfa-code',
  'mfa-code-stdin',
  'saml-assertion-file',
  'web-identity-token-file',
  'all',
  'format',
  'type',
  'name',
  'profile',
  'region',
  'mfa-serial',
  'access-key-id',
  'secret-access-key-stdin',
  'role-arn',
  'parent',
  'external-id',
  'duration',
  'role-session-name',
  'source-identity',
  'idp-url',
  'principal-arn',
  'token-file',
  'federated-name',
  'policy-file',
];
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);
const anyText = fc.string({ maxLength: 40 });
const notIn = (list: readonly string[]) => word.filter((w) => !list.includes(w));
const VALID_PREFIXES: string[][] = [
  ['session', 'list'],
  ['session', 'start', SESSION],
  ['session', 'stop', SESSION],
  ['session', 'rotate', SESSION],
  ['whoami', SESSION],
  ['env', SESSION],
  ['settings', 'get'],
  ['profile', 'list'],
  ['credential-process', SESSION],
];
const MISSING_ARGUMENT: string[][] = [
  ['session', 'start'],
  ['session', 'rotate'],
  ['session', 'remove'],
  ['session', 'edit'],
  ['session', 'stop'],
  ['whoami'],
  ['env'],
  ['exec'],
  ['credential-process'],
  ['profile', 'default'],
  ['settings', 'set'],
  ['settings', 'set', 'rotation-window'],
];
const prefix = fc.constantFrom(...VALID_PREFIXES);

const badArgv: fc.Arbitrary<string[]> = fc.oneof(
  // An unknown command or subcommand.
  notIn(COMMANDS).map((w) => [w]),
  fc
    .tuple(
      fc.constantFrom('session', 'profile', 'settings'),
      notIn([
        'add',
        'edit',
        'list',
        'start',
        'stop',
        'rotate',
        'remove',
        'default',
        'get',
        'set',
        'help',
      ]),
    )
    .map(([c, w]) => [c, w]),
  // An unknown option on a valid command.
  fc.tuple(prefix, notIn(OPTIONS)).map(([p, w]) => [...p, `--${w}`]),
  fc
    .tuple(prefix, fc.constantFrom('-x', '-Z', '-q', '--', '---'))
    .map(([p, o]) => (o === '--' ? [...p, '--', 'extra'] : [...p, o])),
  // A required argument missing.
  fc.constantFrom(...MISSING_ARGUMENT),
  // A value outside the allowed choices.
  fc
    .tuple(
      prefix,
      notIn(['json', 'text', 'table', 'yaml-stream']).filter((w) => w !== 'yaml'),
    )
    .map(([p, w]) => [...p, '--output', w]),
  notIn(['sh', 'fish', 'powershell', 'json']).map((w) => ['env', SESSION, '--format', w]),
  notIn(['iam-user', 'iam-role', 'saml', 'web-identity', 'federated-user']).map((w) => [
    'session',
    'add',
    '--type',
    w,
    '--name',
    'x',
    '--profile',
    'x',
  ]),
  // Values that fail validation.
  anyText
    .filter((c) => !/^\d{6}$/.test(c) && !c.startsWith('-'))
    .map((c) => ['session', 'start', SESSION, '--mfa-code', c]),
  anyText
    .filter((v) => !/^\d+$/.test(v) && !v.startsWith('-'))
    .map((v) => ['settings', 'set', 'rotation-window', v]),
  fc
    .integer({ min: 0, max: 1_000_000 })
    .filter((n) => n < 60 || n > 3600)
    .map((n) => ['settings', 'set', 'rotation-window', String(n)]),
  notIn(['delivery-mode', 'rotation-window', 'default-region', 'keep-sessions-on-quit']).map(
    (k) => ['settings', 'set', k, 'v'],
  ),
  notIn(['file', 'credential-process']).map((v) => ['settings', 'set', 'delivery-mode', v]),
  notIn(['true', 'false']).map((v) => ['settings', 'set', 'keep-sessions-on-quit', v]),
  anyText
    .filter((v) => !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(v) && !v.startsWith('-'))
    .map((v) => ['settings', 'set', 'default-region', v]),
  anyText
    .filter((n) => !/^[A-Za-z0-9][\w.@+=-]*$/.test(n) && !n.startsWith('-'))
    .map((n) => ['session', 'add', '--type', 'iam-user', '--name', n, '--profile', 'p']),
  anyText
    .filter((d) => !/^\d+$/.test(d) && !d.startsWith('-'))
    .map((d) => [
      'session',
      'add',
      '--type',
      'iam-user',
      '--name',
      'x',
      '--profile',
      'x',
      '--duration',
      d,
    ]),
  anyText
    .filter((a) => !a.startsWith('arn:') && !a.startsWith('-'))
    .map((a) => [
      'session',
      'add',
      '--type',
      'iam-role',
      '--name',
      'x',
      '--profile',
      'x',
      '--parent',
      SESSION,
      '--role-arn',
      a,
    ]),
  fc.constant<string[]>(['session', 'stop', SESSION, '--all']),
  fc.constant<string[]>(['session', 'add', '--type', 'iam-user', '--name', 'x', '--profile', 'x']),
);

function state(): string[] {
  return [join(t.airlockHome, 'config.json'), t.credentialsFile, t.configFile].map((p) =>
    existsSync(p) ? readFileSync(p, 'utf8') : '<absent>',
  );
}

describe('CLI argument fuzzing', () => {
  it(`${CASES} generated bad argument lists: exit 2, a message on stderr, nothing on stdout, nothing changed (in process)`, async () => {
    const before = state();
    const cases = fc.sample(badArgv, { numRuns: CASES, seed: 0xc11 });
    const started = Date.now();
    for (const argv of cases) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, {
        stdout: (s) => (stdout += s),
        stderr: (s) => (stderr += s),
      });
      expect(code, `airlock ${JSON.stringify(argv)} → ${stderr}`).toBe(2);
      expect(stdout, JSON.stringify(argv)).toBe('');
      expect(stderr.trim().length, JSON.stringify(argv)).toBeGreaterThan(0);
      expect(stderr).not.toContain(seed.user.secretAccessKey);
    }
    expect(state()).toEqual(before);
    expect(t.core.sessions.list().map((s) => s.name)).toEqual([SESSION]);
    console.log(
      `[reliability] cli-fuzz in_process_cases=${cases.length} exit2=${cases.length} ms=${Date.now() - started}`,
    );
  }, 120_000);

  it('a handful through the real binary: exit 2 with a usage message', async () => {
    const before = state();
    const cases = fc.sample(badArgv, { numRuns: 8, seed: 0xb1 });
    for (const argv of cases) {
      const r = await cli.run(argv);
      expect(r.code, `airlock ${JSON.stringify(argv)} → ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    }
    expect(state()).toEqual(before);
    console.log(`[reliability] cli-fuzz binary_cases=${cases.length} exit2=${cases.length}`);
  }, 60_000);
});

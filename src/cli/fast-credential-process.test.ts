// The bundled CLI's credential_process fast path, against the real keychain and STS peer: it answers
// a cached session without the program's chunks, and hands every other case to the full program.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { CredentialCache } from '../main/secrets/credential-cache';
import { cachedCredentialProcess, fastPathName, writeAnswer } from './fast-credential-process';
import { credentialProcessJson } from './credential-process-output';

const { endpoint, seed } = inject('stsPeer');
let t: TestCore;
let cache: CredentialCache;
const outdir = resolve('dist', `test-cli-fast-${process.pid}`);

/** The packages only the full program may load. */
const PROGRAM_ONLY = /node_modules\/(zod|commander|conf|ajv|@aws-sdk|@smithy|jmespath|@xmldom)\//;

function run(
  bundle: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  Object.assign(env, t.env);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bundle, ...args], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

/** Builds the CLI into dir; returns the entry and the chunks that hold a program-only package. */
async function buildInto(
  dir: string,
): Promise<{ bundle: string; program: string; programChunks: string[] }> {
  const built = await buildCli(dir, { metafile: true });
  const programChunks = built.metafiles
    .flatMap((metafile) => Object.entries(metafile.outputs))
    .filter(([, output]) => Object.keys(output.inputs).some((input) => PROGRAM_ONLY.test(input)))
    .map(([path]) => resolve(path));
  // The CommonJS entry itself must hold none of them.
  expect(programChunks).not.toContain(built.entry);
  return { bundle: built.entry, program: built.program, programChunks };
}

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cache = new CredentialCache(t.secrets, () => Date.now());
  const user = await t.core.sessions.add({
    config: { kind: 'iam-user', name: 'fast-user', profile: 'fast-user', region: 'us-east-1' },
    keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
  });
  await t.core.sessions.add({
    config: {
      kind: 'iam-role',
      name: 'fast-role',
      profile: 'fast-role',
      parentId: user.id,
      roleArn: seed.roles.readonly,
    },
  });
  await t.core.sessions.start('fast-role');
});

afterAll(async () => {
  rmSync(outdir, { recursive: true, force: true });
  await t?.close();
});

describe('fastPathName', () => {
  it('takes `credential-process NAME` and nothing else', () => {
    expect(fastPathName(['credential-process', 'dev'])).toBe('dev');
    expect(fastPathName(['credential-process'])).toBeUndefined();
    expect(fastPathName(['credential-process', 'dev', '--mfa-code', '123456'])).toBeUndefined();
    expect(fastPathName(['credential-process', '--mfa-code-stdin', 'dev'])).toBeUndefined();
    expect(fastPathName(['credential-process', '--help'])).toBeUndefined();
    expect(fastPathName(['env', 'dev'])).toBeUndefined();
    expect(fastPathName(['--version'])).toBeUndefined();
  });
});

describe('writeAnswer', () => {
  it('writes every byte of a long answer to the descriptor', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'airlock-answer-')), 'out');
    const answer = `${JSON.stringify({ Version: 1, SessionToken: 'x'.repeat(200_000) })}\n`;
    const fd = openSync(path, 'w');
    try {
      writeAnswer(answer, fd);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, 'utf8')).toBe(answer);
  });
});

describe('cachedCredentialProcess', () => {
  it('answers with the cached credentials, byte for byte what the command prints', async () => {
    const role = t.core.sessions.get('fast-role');
    const cached = await cache.temporary(role.id, 600_000);
    expect(cached?.sessionToken).toBeTruthy();
    const answer = await cachedCredentialProcess('fast-role', { env: t.env, secrets: t.secrets });
    expect(answer).toBe(credentialProcessJson(cached!));
    // By id too, as findSession finds it.
    expect(await cachedCredentialProcess(role.id, { env: t.env, secrets: t.secrets })).toBe(answer);
  });

  it('declines credentials that expire within the rotation window, and an unknown name', async () => {
    // The peer issues an hour: 51 minutes on, less than the 10-minute window is left.
    const soon = { env: t.env, secrets: t.secrets, now: () => Date.now() + 51 * 60_000 };
    expect(await cachedCredentialProcess('fast-role', soon)).toBeUndefined();
    const later = { env: t.env, secrets: t.secrets, now: () => Date.now() + 45 * 60_000 };
    expect(await cachedCredentialProcess('fast-role', later)).toBeDefined();
    expect(
      await cachedCredentialProcess('nope', { env: t.env, secrets: t.secrets }),
    ).toBeUndefined();
  });
});

describe('the bundled CLI', () => {
  it('answers a cached session without loading commander, zod, conf or the SDK', async () => {
    const { bundle, program, programChunks } = await buildInto(outdir);
    // The program is one file (run through the code cache), and it holds every such package.
    expect(programChunks).toEqual([program]);
    const full = await run(bundle, ['credential-process', 'fast-role']);
    expect(full.code, full.stderr).toBe(0);
    for (const chunk of programChunks) unlinkSync(chunk);
    const fast = await run(bundle, ['credential-process', 'fast-role']);
    expect(fast).toEqual({ code: 0, stdout: full.stdout, stderr: '' });
    // The proof the chunks were needed: anything else now fails to load the program.
    const other = await run(bundle, ['credential-process', 'nope']);
    expect(other.code).not.toBe(0);
    rmSync(outdir, { recursive: true, force: true });
  });

  it('hands every other case to the full program, which answers as it always did', async () => {
    const { bundle } = await buildInto(outdir);
    const role = t.core.sessions.get('fast-role');

    // Unknown name: the program's message and exit code.
    const unknown = await run(bundle, ['credential-process', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'airlock: No session named nope. Run "airlock session list" to see them. [NOT_FOUND]\n',
    );
    // Options go through commander.
    const usage = await run(bundle, ['credential-process', 'fast-role', '--mfa-code', '12']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--mfa-code is 6 digits.');

    // About to expire (within the 10-minute window): the program asks STS and caches the new ones.
    const stale = await cache.temporary(role.id, 0);
    await cache.remember(role.id, {
      ...stale!,
      expiration: new Date(Date.now() + 5 * 60_000).toISOString(),
    });
    const renewed = await run(bundle, ['credential-process', 'fast-role']);
    expect(renewed.code, renewed.stderr).toBe(0);
    const answer = JSON.parse(renewed.stdout) as { AccessKeyId: string; Expiration: string };
    expect(answer.AccessKeyId).not.toBe(stale!.accessKeyId);
    expect(Date.parse(answer.Expiration) - Date.now()).toBeGreaterThan(30 * 60_000);
    // Written by the CLI's process: this one's cache must read the keychain again to see it.
    cache.release([role.id]);
    expect((await cache.temporary(role.id, 0))?.accessKeyId).toBe(answer.AccessKeyId);

    // A warning to print: the program prints it, then answers.
    mkdirSync(join(t.home, '.aws'), { recursive: true });
    writeFileSync(t.configFile, '', { flag: 'a' });
    chmodSync(t.configFile, 0o664);
    try {
      const warned = await run(bundle, ['credential-process', 'fast-role']);
      expect(warned.code).toBe(0);
      expect(warned.stderr).toMatch(
        /^airlock: warning: The AWS file .* is writable by other users/,
      );
      expect(JSON.parse(warned.stdout)).toMatchObject({ AccessKeyId: answer.AccessKeyId });
    } finally {
      chmodSync(t.configFile, 0o600);
    }

    // A store from before versioning: the program migrates it, then answers.
    const storePath = join(t.airlockHome, 'config.json');
    const raw = JSON.parse(readFileSync(storePath, 'utf8')) as Record<string, unknown>;
    delete raw.__internal__;
    writeFileSync(storePath, JSON.stringify(raw));
    const migrated = await run(bundle, ['credential-process', 'fast-role']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(readFileSync(storePath, 'utf8')).__internal__).toEqual({
      migrations: { version: '1.0.0' },
    });
  });
});

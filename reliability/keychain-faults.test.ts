// A missing or locked Secret Service: KEYCHAIN_UNAVAILABLE through the whole core and CLI, and never a plaintext fallback.
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { buildTestCli, type TestCli } from '../test-support/test-cli';

const { endpoint, seed } = inject('stsPeer');
const run = promisify(execFile);
const NO_SERVICE =
  'airlock: The OS keychain is not available (no Secret Service on D-Bus). Start gnome-keyring or KWallet and unlock it, then try again. [KEYCHAIN_UNAVAILABLE]\n';
const LOCKED =
  'airlock: The OS keychain is locked or refused access. Unlock your keyring (for example by logging in to the desktop session), then try again. [KEYCHAIN_UNAVAILABLE]\n';
const NEW_SECRET = 'kc-new-secret-0123456789abcdefXYZ';
const ORIGINAL = '# mine\n[hand]\naws_access_key_id = AKIAHANDWRITTEN0000\n';
let t: TestCore;
let cli: TestCli;
const figures: string[] = [];

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('keychain', t.env);
  await t.core.sessions.add({
    config: { kind: 'iam-user', name: 'kc-user', profile: 'kc-user' },
    keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
  });
  mkdirSync(dirname(t.credentialsFile), { recursive: true, mode: 0o700 });
  writeFileSync(t.credentialsFile, ORIGINAL, { mode: 0o600 });
});
afterAll(async () => {
  cli?.dispose();
  await t?.close();
  console.log(`[reliability] keychain ${figures.join(' ')}`);
});

/** Every regular file under dir, read as text. */
function everyFile(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) out.push(...everyFile(path));
    else if (info.isFile()) out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}

function expectNoPlaintext(dir: string, secrets: string[]): number {
  const files = everyFile(dir);
  for (const { path, text } of files) {
    for (const secret of secrets)
      expect(text.includes(secret), `${secret.slice(0, 6)}… in ${path}`).toBe(false);
  }
  return files.length;
}

describe('no Secret Service (D-Bus points at a dead socket)', () => {
  const dead = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/airlock-dead-bus' };

  it('start: exit 1 with KEYCHAIN_UNAVAILABLE, the session failed with that error, files untouched', async () => {
    const r = await cli.run(['session', 'start', 'kc-user'], { env: dead });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(NO_SERVICE);
    expect(r.stdout).toBe('');
    expect(t.core.sessions.get('kc-user').state).toMatchObject({
      status: 'failed',
      lastError: { code: 'KEYCHAIN_UNAVAILABLE' },
    });
    expect(readFileSync(t.credentialsFile, 'utf8')).toBe(ORIGINAL);
    figures.push('dead-bus-start=exit1');
  });

  it('add: exit 1, no session is added, and the secret lands nowhere on disk', async () => {
    const r = await cli.run(
      [
        'session',
        'add',
        '--type',
        'iam-user',
        '--name',
        'kc-new',
        '--profile',
        'kc-new',
        '--access-key-id',
        'AKIAKCNEWKCNEWKCNEW0',
        '--secret-access-key-stdin',
      ],
      { env: dead, stdin: `${NEW_SECRET}\n` },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(NO_SERVICE);
    expect(t.core.sessions.list().map((s) => s.name)).not.toContain('kc-new');
    const scanned = expectNoPlaintext(t.home, [NEW_SECRET, seed.user.secretAccessKey]);
    figures.push(`dead-bus-add=exit1 files_scanned=${scanned}`);
  });

  it('env, whoami and credential-process: exit 1 with the same message and print no credentials', async () => {
    for (const args of [
      ['env', 'kc-user'],
      ['whoami', 'kc-user'],
      ['credential-process', 'kc-user'],
    ]) {
      const r = await cli.run(args, { env: dead });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(NO_SERVICE);
      expect(r.stdout).toBe('');
    }
  });

  it('no D-Bus address at all: still KEYCHAIN_UNAVAILABLE, exit 1', async () => {
    const r = await cli.run(['session', 'start', 'kc-user'], {
      env: { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[KEYCHAIN_UNAVAILABLE\]\n$/);
  });
});

describe('a locked keyring', () => {
  it('start and add: exit 1 with the locked message (not "no access key"), and no plaintext fallback', async () => {
    const home = mkdtempSync(join(tmpdir(), 'airlock-locked-'));
    const scriptDir = mkdtempSync(join(tmpdir(), 'airlock-locked-script-'));
    try {
      const script = join(scriptDir, 'locked.sh');
      // A private bus and keyring: locking the shared one would break the tests beside this one.
      writeFileSync(
        script,
        [
          'set -u',
          `export HOME=${home} AIRLOCK_HOME=${home}/store AWS_SHARED_CREDENTIALS_FILE=${home}/.aws/credentials AWS_CONFIG_FILE=${home}/.aws/config AWS_ENDPOINT_URL_STS=${endpoint}`,
          `printf '%s\\n' '${seed.user.secretAccessKey}' | ${cli.command} session add --type iam-user --name locked --profile locked --access-key-id ${seed.user.accessKeyId} --secret-access-key-stdin >/dev/null; echo "add-before-lock=$?"`,
          'gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets --method org.freedesktop.Secret.Service.Lock "[\'/org/freedesktop/secrets/collection/login\']" >/dev/null; echo "lock=$?"',
          `${cli.command} session start locked 2>${scriptDir}/start.err; echo "start=$?"`,
          `printf '%s\\n' '${NEW_SECRET}' | ${cli.command} session add --type iam-user --name locked2 --profile locked2 --access-key-id AKIAKCNEWKCNEWKCNEW0 --secret-access-key-stdin 2>${scriptDir}/add.err >/dev/null; echo "add-locked=$?"`,
          `${cli.command} session list --output json > ${scriptDir}/list.json; echo "list=$?"`,
        ].join('\n'),
      );
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      for (const k of Object.keys(env))
        if (k.startsWith('AWS_') || k.startsWith('AIRLOCK_')) delete env[k];
      const { stdout } = await run(
        'bash',
        [resolve('test-support/with-keyring.sh'), 'bash', script],
        {
          env,
          timeout: 60_000,
        },
      );
      expect(stdout).toContain('add-before-lock=0');
      expect(stdout).toContain('lock=0');
      expect(stdout).toContain('start=1');
      expect(readFileSync(join(scriptDir, 'start.err'), 'utf8')).toBe(LOCKED);
      expect(stdout).toContain('add-locked=1');
      expect(readFileSync(join(scriptDir, 'add.err'), 'utf8')).toBe(LOCKED);
      const list = JSON.parse(readFileSync(join(scriptDir, 'list.json'), 'utf8')) as {
        name: string;
        state: { status: string; lastError?: { code: string } };
      }[];
      expect(list.map((s) => s.name)).toEqual(['locked']);
      expect(list[0]!.state).toMatchObject({
        status: 'failed',
        lastError: { code: 'KEYCHAIN_UNAVAILABLE' },
      });
      const scanned = expectNoPlaintext(home, [NEW_SECRET, seed.user.secretAccessKey]);
      figures.push(`locked-start=exit1 locked-add=exit1 files_scanned=${scanned}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(scriptDir, { recursive: true, force: true });
    }
  }, 90_000);
});

// The built CLI's defences of issue 11: the MFA code on stdin (not in ps), bounded token files, writable AWS files.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { totp } from '../../test-support/totp';
import { buildTestCli, type CliRun, type TestCli } from '../../test-support/test-cli';

const { endpoint, seed } = inject('stsPeer');
let cli: TestCli;
let t: TestCore;

function airlock(args: string[], stdin?: string): Promise<CliRun> {
  return cli.run(args, { env: { AIRLOCK_CLI_COMMAND: cli.command }, ...(stdin ? { stdin } : {}) });
}

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await airlock(args, stdin);
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Adds an iam-user with the peer's keys (the secret on stdin); extra flags go after them. */
function addUser(name: string, ...extra: string[]): Promise<string> {
  return ok(
    [
      'session',
      'add',
      '--type',
      'iam-user',
      '--name',
      name,
      '--profile',
      name,
      '--access-key-id',
      seed.user.accessKeyId,
      '--secret-access-key-stdin',
      ...extra,
    ],
    `${seed.user.secretAccessKey}\n`,
  );
}

/** An iam-user parent that needs MFA and an iam-role child on it (never started: nothing cached). */
async function addMfaChain(prefix: string): Promise<string> {
  const parent = `${prefix}-user`;
  const child = `${prefix}-role`;
  await addUser(parent, '--mfa-serial', seed.mfa.serial);
  await ok(
    ['session', 'add', '--type', 'iam-role', '--name', child, '--profile', child].concat([
      '--role-arn',
      seed.roles.admin,
      '--parent',
      parent,
    ]),
  );
  return child;
}

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('hardening', t.env);
});

afterAll(async () => {
  cli.dispose();
  await t.close();
});

describe('--mfa-code-stdin', () => {
  const code = () => `${totp(seed.mfa.secretBase32)}\n`;

  it('starts a session with the code read from stdin, the argv holding no code', async () => {
    const child = await addMfaChain('stdin-start');
    const out = await ok(['session', 'start', child, '--mfa-code-stdin'], code());
    expect((JSON.parse(out) as { state: { status: string } }).state.status).toBe('active');
    await ok(['session', 'stop', child]);
  });

  it.each([
    ['whoami', (n: string) => ['whoami', n, '--mfa-code-stdin']],
    ['env', (n: string) => ['env', n, '--mfa-code-stdin']],
    ['credential-process', (n: string) => ['credential-process', n, '--mfa-code-stdin']],
    ['exec (after NAME)', (n: string) => ['exec', n, '--mfa-code-stdin', '--', 'true']],
    ['exec (before NAME)', (n: string) => ['exec', '--mfa-code-stdin', n, '--', 'true']],
  ])('is taken by %s', async (what, args) => {
    const child = await addMfaChain(`stdin-${what.replace(/\W+/g, '-')}`);
    const r = await airlock(args(child), code());
    expect(r.code, r.stderr).toBe(0);
  });

  it('is taken by session rotate, which asks again for an iam-user with MFA', async () => {
    const user = `stdin-rotate-user`;
    await addUser(user, '--mfa-serial', seed.mfa.serial);
    await ok(['session', 'start', user, '--mfa-code-stdin'], code());
    const asked = await airlock(['session', 'rotate', user]);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('MFA');
    const rotated = await airlock(['session', 'rotate', user, '--mfa-code-stdin'], code());
    expect(rotated.code, rotated.stderr).toBe(0);
    await ok(['session', 'stop', user]);
  });

  it('leaves the rest of stdin to the command exec runs', async () => {
    const child = await addMfaChain('stdin-exec-rest');
    const cat = [process.execPath, '-e', 'process.stdin.pipe(process.stdout)'];
    const out = await ok(['exec', child, '--mfa-code-stdin', '--', ...cat], `${code()}payload\n`);
    expect(out).toBe('payload\n');
  });

  it('refuses --mfa-code together with --mfa-code-stdin, and a malformed line (exit 2)', async () => {
    for (const args of [
      ['whoami', 'x', '--mfa-code', '123456', '--mfa-code-stdin'],
      ['session', 'start', 'x', '--mfa-code-stdin', '--mfa-code', '123456'],
      ['exec', 'x', '--mfa-code', '123456', '--mfa-code-stdin', '--', 'true'],
    ]) {
      const r = await airlock(args, '123456\n');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe('airlock: Give --mfa-code or --mfa-code-stdin, not both.\n');
    }
    const bad = await airlock(['session', 'rotate', 'x', '--mfa-code-stdin'], '12345\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'airlock: --mfa-code-stdin reads a 6-digit code from the first line of stdin.\n',
    );
  });
});

describe('SAML IdP URLs', () => {
  const saml = (name: string, idpUrl: string) => [
    'session',
    'add',
    '--type',
    'saml',
    '--name',
    name,
    '--profile',
    name,
    '--idp-url',
    idpUrl,
    '--role-arn',
    seed.roles.saml,
    '--principal-arn',
    seed.samlProviderArn,
  ];

  it('refuses plain http off this machine (exit 2, nothing added), and takes https or loopback http', async () => {
    const r = await airlock(saml('plain-idp', 'http://idp.example.com/sso'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'airlock: Invalid session: idpUrl: must use https (http only for localhost, 127.0.0.1 or ::1).\n',
    );
    expect((await airlock(['session', 'list', '--output', 'json'])).stdout).not.toContain(
      'plain-idp',
    );
    await ok(saml('https-idp', 'https://idp.example.com/sso'));
    await ok(saml('local-idp', 'http://127.0.0.1:9/sso'));
    const edited = await airlock([
      'session',
      'edit',
      'https-idp',
      '--idp-url',
      'http://idp.example.com/sso',
    ]);
    expect(edited.code).toBe(2);
    await ok(['session', 'remove', 'https-idp']);
    await ok(['session', 'remove', 'local-idp']);
  });
});

describe('the SAML window settings', () => {
  it('saml-allowed-origins takes https origins only, and empty clears it (else exit 2, nothing changed)', async () => {
    await ok([
      'settings',
      'set',
      'saml-allowed-origins',
      'https://mfa.example.net,https://b.example:8443',
    ]);
    expect((await ok(['settings', 'get', 'saml-allowed-origins', '--output', 'json'])).trim()).toBe(
      JSON.stringify(['https://mfa.example.net', 'https://b.example:8443'], null, 2),
    );
    for (const bad of [
      'http://mfa.example.net',
      'https://mfa.example.net/path',
      'mfa.example.net',
    ]) {
      const r = await airlock(['settings', 'set', 'saml-allowed-origins', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('must be an https origin');
    }
    expect(
      JSON.parse(await ok(['settings', 'get', 'saml-allowed-origins', '--output', 'json'])),
    ).toHaveLength(2);
    await ok(['settings', 'set', 'saml-allowed-origins', '']);
    expect(
      JSON.parse(await ok(['settings', 'get', 'saml-allowed-origins', '--output', 'json'])),
    ).toEqual([]);
  });

  it('saml-persistent-login is true or false (else exit 2)', async () => {
    await ok(['settings', 'set', 'saml-persistent-login', 'false']);
    expect(
      (await ok(['settings', 'get', 'saml-persistent-login', '--output', 'text'])).trim(),
    ).toBe('false');
    const r = await airlock(['settings', 'set', 'saml-persistent-login', 'maybe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('airlock: saml-persistent-login is true or false.\n');
    await ok(['settings', 'set', 'saml-persistent-login', 'true']);
  });
});

describe('files named on the command line', () => {
  it(
    'refuses a FIFO as --web-identity-token-file at once (exit 2)',
    { timeout: 20_000 },
    async () => {
      const fifo = join(t.home, 'cli-token-fifo');
      execFileSync('mkfifo', [fifo]);
      const r = await airlock(['session', 'start', 'x', '--web-identity-token-file', fifo]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `airlock: The web identity token file ${fifo} is not a regular file.\n`,
      );
    },
  );
});

describe('AWS files others can write', () => {
  it('warns on stderr, once per command, naming the file and the chmod that fixes it', async () => {
    mkdirSync(join(t.home, '.aws'), { recursive: true, mode: 0o700 });
    writeFileSync(t.configFile, '[default]\nregion = eu-west-1\n');
    chmodSync(t.configFile, 0o664);
    try {
      const r = await airlock(['session', 'list', '--output', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(
        `airlock: warning: The AWS file ${t.configFile} is writable by other users, who could add a credential_process that runs as you. Fix it with: chmod go-w "${t.configFile}"\n`,
      );
    } finally {
      chmodSync(t.configFile, 0o600);
    }
    expect((await airlock(['session', 'list', '--output', 'json'])).stderr).toBe('');
  });
});

describe('no keychain to talk to', () => {
  // The entry opens the keychain early for commands that need it (keychain-warm-up.ts): without
  // a Secret Service that warm-up fails quietly, and the command's own call says what is wrong.
  const deadBus = {
    AIRLOCK_CLI_COMMAND: '',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/airlock-dead-bus',
    DISPLAY: '',
  };

  it('session start exits 1 naming the keychain and what to do, as it did without the warm-up', async () => {
    await addUser('no-bus-user');
    const r = await cli.run(['session', 'start', 'no-bus-user'], { env: deadBus });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^airlock: The OS keychain is not available \(no Secret Service on D-Bus\)\. Start gnome-keyring or KWallet and unlock it, then try again\./,
    );
  });

  it('a command that needs no keychain never notices', async () => {
    const r = await cli.run(['session', 'list', '--output', 'json'], { env: deadBus });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});

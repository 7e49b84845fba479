// The built `airlock` binary, run as a user would: real STS peer, real keychain, the AWS CLI as consumer.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { runAwsCli } from '../../test-support/aws-cli';
import { totp } from '../../test-support/totp';
import { buildTestCli, type CliRun, type TestCli } from '../../test-support/test-cli';
import { SESSION_KINDS } from '../shared/sessions';

const { endpoint, seed } = inject('stsPeer');
let cli: TestCli;
let CLI_COMMAND: string;
let t: TestCore;
const stderrSeen: string[] = [];

async function airlock(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const run = await cli.run(args, {
    ...options,
    env: { AIRLOCK_CLI_COMMAND: CLI_COMMAND, ...options.env },
  });
  stderrSeen.push(run.stderr);
  return run;
}

async function ok(args: string[], options?: { stdin?: string }): Promise<string> {
  const r = await airlock(args, options);
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function addUser(name: string, profile: string, extra: string[] = []): Promise<void> {
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
      ...extra,
    ],
    { stdin: `${seed.user.secretAccessKey}\n` },
  );
}

/** An iam-user parent that needs MFA and an iam-role child on it (never started: nothing cached). */
async function addMfaChain(prefix: string): Promise<{ parent: string; child: string }> {
  const parent = `${prefix}-user`;
  const child = `${prefix}-role`;
  await addUser(parent, parent, ['--mfa-serial', seed.mfa.serial]);
  await ok([
    'session',
    'add',
    '--type',
    'iam-role',
    '--name',
    child,
    '--profile',
    child,
    '--role-arn',
    seed.roles.admin,
    '--parent',
    parent,
  ]);
  return { parent, child };
}

/** The bytes of the store and both AWS files. */
function snapshot(): string[] {
  return [join(t.airlockHome, 'config.json'), t.credentialsFile, t.configFile].map((p) =>
    existsSync(p) ? readFileSync(p, 'utf8') : '<absent>',
  );
}

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('cli', t.env);
  CLI_COMMAND = cli.command;
});

afterAll(async () => {
  // No secret the peer issued may ever appear on stderr.
  const all = stderrSeen.join('\n');
  expect(all).not.toContain(seed.user.secretAccessKey);
  cli?.dispose();
  await t?.close();
});

describe('airlock CLI', () => {
  it('adds, starts, answers whoami with --query/--output, prints env, execs, and stops', async () => {
    await addUser('cli-dev', 'cli-dev');
    const list = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as {
      name: string;
      state: { status: string };
    }[];
    expect(list.map((s) => [s.name, s.state.status])).toContainEqual(['cli-dev', 'inactive']);
    expect(JSON.stringify(list)).not.toContain(seed.user.secretAccessKey);

    const started = JSON.parse(await ok(['session', 'start', 'cli-dev'])) as {
      state: { status: string };
    };
    expect(started.state.status).toBe('active');
    const aws = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'cli-dev'], {
      endpoint,
      home: t.home,
    });
    expect(aws.code).toBe(0);
    expect(JSON.parse(aws.stdout).Arn).toBe(seed.user.arn);

    expect(await ok(['whoami', 'cli-dev', '--query', 'Account', '--output', 'text'])).toBe(
      `${seed.user.arn.split(':')[4]}\n`,
    );
    const table = await ok(['session', 'list']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+KIND\s+STATUS\s+PROFILE/);

    const env = await ok(['env', 'cli-dev']);
    expect(env).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/m);
    expect(env).toMatch(/^export AWS_SESSION_TOKEN='/m);
    expect(env).toMatch(/^export AWS_CREDENTIAL_EXPIRATION='\d{4}-/m);
    const fish = await ok(['env', 'cli-dev', '--format', 'fish']);
    expect(fish).toMatch(/^set -gx AWS_REGION 'eu-central-1';$/m);
    const pwsh = await ok(['env', 'cli-dev', '--format', 'powershell']);
    expect(pwsh).toMatch(/^\$Env:AWS_DEFAULT_REGION = 'eu-central-1'$/m);

    const exec = await ok([
      'exec',
      'cli-dev',
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.AWS_CREDENTIAL_EXPIRATION, process.env.AWS_PROFILE ?? "none")',
    ]);
    expect(exec).toMatch(/^\d{4}-\d\d-\d\dT.* none\n$/);
    const failing = await airlock([
      'exec',
      'cli-dev',
      '--',
      process.execPath,
      '-e',
      'process.exit(7)',
    ]);
    expect(failing.code).toBe(7);

    await ok(['session', 'stop', 'cli-dev']);
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('[cli-dev]');
  });

  it('exits 2 with a usage message on bad arguments', async () => {
    for (const args of [
      ['nonsense'],
      ['session', 'add', '--name', 'x', '--profile', 'x'],
      [
        'session',
        'add',
        '--type',
        'iam-role',
        '--name',
        'x',
        '--profile',
        'x',
        '--role-arn',
        'not-an-arn',
        '--parent',
        'cli-dev',
      ],
      [
        'session',
        'add',
        '--type',
        'iam-role',
        '--name',
        'x',
        '--profile',
        'x',
        '--role-arn',
        seed.roles.admin,
        '--parent',
        'cli-dev',
        '--duration',
        'soon',
      ],
      ['session', 'stop'],
      ['settings', 'set', 'delivery-mode', 'carrier-pigeon'],
      ['session', 'start', 'cli-dev', '--mfa-code', '12'],
      ['whoami', 'cli-dev', '--output', 'yaml'],
    ]) {
      const r = await airlock(args);
      expect(r.code, `airlock ${args.join(' ')}`).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
      expect(r.stdout).toBe('');
    }
    const help = await airlock(['session', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--secret-access-key-stdin');
  });

  it('fails clearly (exit 1, no secrets) when MFA is needed and there is no terminal, and leaves the session inactive', async () => {
    await addUser('cli-mfa', 'cli-mfa', ['--mfa-serial', seed.mfa.serial]);
    const r = await airlock(['session', 'start', 'cli-mfa']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `airlock: Session cli-mfa needs an MFA code from device ${seed.mfa.serial}, and there is no terminal to ask on. Run "airlock session start cli-mfa" in a terminal, or pass --mfa-code. [MFA_REQUIRED]\n`,
    );
    const bad = await airlock(['session', 'start', 'cli-mfa', '--mfa-code', '000000']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('MFA code rejected for session cli-mfa');
    const list = JSON.parse(
      await ok([
        'session',
        'list',
        '--output',
        'json',
        '--query',
        "[?name=='cli-mfa'].state.status | [0]",
      ]),
    );
    expect(list).toBe('inactive');
    await ok(['session', 'start', 'cli-mfa', '--mfa-code', totp(seed.mfa.secretBase32)]);
    await ok(['session', 'stop', 'cli-mfa']);
  });

  it('serves credential_process to the AWS CLI through the config file', async () => {
    await addUser('cli-cp', 'cli-cp');
    await ok(['settings', 'set', 'delivery-mode', 'credential-process']);
    try {
      await ok(['session', 'start', 'cli-cp']);
      const config = readFileSync(t.configFile, 'utf8');
      expect(config).toContain(`credential_process = ${CLI_COMMAND} credential-process cli-cp`);
      expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('[cli-cp]');
      const raw = JSON.parse(await ok(['credential-process', 'cli-cp'])) as Record<string, unknown>;
      expect(Object.keys(raw).sort()).toEqual([
        'AccessKeyId',
        'Expiration',
        'SecretAccessKey',
        'SessionToken',
        'Version',
      ]);
      expect(raw.Version).toBe(1);
      const aws = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'cli-cp'], {
        endpoint,
        home: t.home,
        env: {
          AIRLOCK_HOME: t.airlockHome,
          AIRLOCK_KEYCHAIN_SERVICE: t.keychainService,
          AWS_ENDPOINT_URL_STS: endpoint,
        },
      });
      expect(aws.stderr).toBe('');
      expect(JSON.parse(aws.stdout).Arn).toBe(seed.user.arn);
      await ok(['session', 'stop', 'cli-cp']);
      expect(readFileSync(t.configFile, 'utf8')).not.toContain('credential-process cli-cp');
    } finally {
      await ok(['settings', 'set', 'delivery-mode', 'file']);
    }
  });

  it('loses nothing when two CLI processes race 100 starts and stops on different sessions', async () => {
    await addUser('race-a', 'race-a');
    await addUser('race-b', 'race-b');
    mkdirSync(dirname(t.credentialsFile), { recursive: true });
    const unrelated = '\n[hand-written]\naws_access_key_id = AKIAHANDWRITTEN\n';
    writeFileSync(t.credentialsFile, readFileSync(t.credentialsFile, 'utf8') + unrelated);
    const loop = async (name: string) => {
      for (let i = 0; i < 25; i++) {
        await ok(['session', 'start', name]);
        await ok(['session', 'stop', name]);
      }
      await ok(['session', 'start', name]);
    };
    await Promise.all([loop('race-a'), loop('race-b')]);
    const list = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as {
      name: string;
      state: { status: string };
    }[];
    expect(list.find((s) => s.name === 'race-a')?.state.status).toBe('active');
    expect(list.find((s) => s.name === 'race-b')?.state.status).toBe('active');
    const creds = readFileSync(t.credentialsFile, 'utf8');
    expect(creds).toContain(unrelated.trim());
    for (const p of ['race-a', 'race-b']) {
      const aws = await runAwsCli(['sts', 'get-caller-identity', '--profile', p], {
        endpoint,
        home: t.home,
      });
      expect(aws.code, aws.stderr).toBe(0);
    }
    await ok(['session', 'stop', '--all']);
    expect(readFileSync(t.credentialsFile, 'utf8')).toContain(unrelated.trim());
    expect(readFileSync(t.credentialsFile, 'utf8')).not.toContain('[race-');
    // 102 CLI processes: about 27 s on a quiet 2-core machine, so not the 60 s default on a busy one.
  }, 180_000);
});

describe('airlock CLI surface', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await ok(['--version'])).toBe(`${pkg.version}\n`);
  });

  it('offers every session kind as a --type choice', async () => {
    const help = (await ok(['session', 'add', '--help'])).replace(/\s+/g, ' ');
    expect(help).toContain(`choices: ${SESSION_KINDS.map((k) => `"${k}"`).join(', ')}`);
  });

  it('names exactly the flags an add of the chosen --type lacks (exit 2)', async () => {
    const role = await airlock(['session', 'add', '--type', 'iam-role', '--name', 'x']);
    expect(role.code).toBe(2);
    expect(role.stdout).toBe('');
    expect(role.stderr).toBe(
      'airlock: session add --type iam-role needs --profile, --role-arn and --parent.\n',
    );
    const user = await airlock([
      'session',
      'add',
      '--type',
      'iam-user',
      '--name',
      'x',
      '--profile',
      'x',
    ]);
    expect(user.code).toBe(2);
    expect(user.stderr).toBe('airlock: session add --type iam-user needs --access-key-id.\n');
  });

  it('hints on stderr how to add a session when there is none, and keeps stdout as scripts expect', async () => {
    const env = { AIRLOCK_HOME: join(t.home, 'empty-store') };
    for (const output of ['table', 'text']) {
      const r = await airlock(['session', 'list', '--output', output], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^No sessions yet\. Add one with "airlock session add --type iam-user --name NAME --profile PROFILE .*"/,
      );
    }
    const table = await airlock(['session', 'list'], { env });
    expect(table.stderr).toContain('No sessions yet.');
    const json = await airlock(['session', 'list', '--output', 'json'], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toBe('');
  });
});

describe('--mfa-code reaches an iam-user parent that needs MFA, with no terminal', () => {
  const needsMfa = (parent: string) =>
    `airlock: Session ${parent} needs an MFA code from device ${seed.mfa.serial}, and there is no terminal to ask on.`;

  /** Without a code the command fails asking for one; with it, it succeeds. Returns the success's stdout. */
  async function withAndWithout(prefix: string, args: (child: string, code?: string) => string[]) {
    const { parent, child } = await addMfaChain(prefix);
    const without = await airlock(args(child));
    expect(without.code, without.stderr).toBe(1);
    expect(without.stderr).toContain(needsMfa(parent));
    return { child, stdout: await ok(args(child, totp(seed.mfa.secretBase32))) };
  }
  const code = (c?: string) => (c ? ['--mfa-code', c] : []);

  it('session start CHILD --mfa-code', async () => {
    const { child, stdout } = await withAndWithout('mfa-start', (n, c) => [
      'session',
      'start',
      n,
      ...code(c),
    ]);
    expect((JSON.parse(stdout) as { state: { status: string } }).state.status).toBe('active');
    const aws = await runAwsCli(['sts', 'get-caller-identity', '--profile', child], {
      endpoint,
      home: t.home,
    });
    expect(aws.code, aws.stderr).toBe(0);
    expect(JSON.parse(aws.stdout).Arn).toContain(':assumed-role/');
    await ok(['session', 'stop', child]);
  });

  it('credential-process CHILD --mfa-code', async () => {
    const { stdout } = await withAndWithout('mfa-cp', (n, c) => [
      'credential-process',
      n,
      ...code(c),
    ]);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.Version).toBe(1);
    expect(out.AccessKeyId).toMatch(/^ASIA/);
  });

  it('whoami CHILD --mfa-code', async () => {
    const { stdout } = await withAndWithout('mfa-who', (n, c) => ['whoami', n, ...code(c)]);
    expect((JSON.parse(stdout) as { Arn: string }).Arn).toContain(':assumed-role/');
  });

  it('env CHILD --mfa-code', async () => {
    const { stdout } = await withAndWithout('mfa-env', (n, c) => ['env', n, ...code(c)]);
    expect(stdout).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/m);
  });

  it('exec --mfa-code, before NAME or after it', async () => {
    const print = [process.execPath, '-e', 'console.log(process.env.AWS_ACCESS_KEY_ID)'];
    const before = await withAndWithout('mfa-exec1', (n, c) => [
      'exec',
      ...code(c),
      n,
      '--',
      ...print,
    ]);
    expect(before.stdout).toMatch(/^ASIA\w+\n$/);
    const after = await withAndWithout('mfa-exec2', (n, c) => [
      'exec',
      n,
      ...code(c),
      '--',
      ...print,
    ]);
    expect(after.stdout).toMatch(/^ASIA\w+\n$/);
  });

  it('refuses a malformed --mfa-code on every command that takes one (exit 2)', async () => {
    for (const args of [
      ['whoami', 'cli-dev'],
      ['env', 'cli-dev'],
      ['credential-process', 'cli-dev'],
      ['session', 'rotate', 'cli-dev'],
      ['exec', 'cli-dev', '--mfa-code', '12345', '--', 'true'],
    ]) {
      const r = await airlock(args[0] === 'exec' ? args : [...args, '--mfa-code', '12345']);
      expect(r.code, `airlock ${args.join(' ')}`).toBe(2);
      expect(r.stderr).toBe('airlock: --mfa-code is 6 digits.\n');
      expect(r.stdout).toBe('');
    }
  });
});

describe('session rotate', () => {
  it('refuses an inactive session (exit 1, pointing to start) and changes nothing, not even the session holding its profile', async () => {
    await addUser('rot-live', 'rot-shared');
    await addUser('rot-idle', 'rot-shared');
    await ok(['session', 'start', 'rot-live']);
    const before = snapshot();
    const r = await airlock(['session', 'rotate', 'rot-idle']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'airlock: Session rot-idle is not active, so there is nothing to rotate. Start it with "airlock session start rot-idle". [NOT_ACTIVE]\n',
    );
    expect(snapshot()).toEqual(before);
    const status = JSON.parse(
      await ok([
        'session',
        'list',
        '--output',
        'json',
        '--query',
        "[?starts_with(name, 'rot-')].[name, state.status]",
      ]),
    );
    expect(status).toEqual([
      ['rot-live', 'active'],
      ['rot-idle', 'inactive'],
    ]);
    await ok(['session', 'stop', 'rot-live']);
  });
});

describe('store', () => {
  it('sets a corrupt store aside, reports it, and keeps working', async () => {
    const home = join(t.home, 'corrupt-store');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'config.json'), '{"sessions": {"x": ');
    const r = await airlock(['session', 'list', '--output', 'json'], {
      env: { AIRLOCK_HOME: home },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: The session store .* was corrupt\. It was saved as .*config\.corrupt-.*\.json/,
    );
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

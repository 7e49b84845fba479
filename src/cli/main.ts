// The `airlock` command: the same session core as the app, with AWS-CLI-style output and exit codes.
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { Command, CommanderError, Option } from 'commander';
import { AirlockError, toErrorView } from '../main/airlock-error';
import { createCore, type Core } from '../main/create-core';
import type { AwsCredentials } from '../main/sts/sts-gateway';
import { TtyPrompter } from './tty-prompter';
import { OUTPUT_FORMATS, render, type OutputFormat } from './output';
import { configFromFlags, toUsageError, UsageError, type SessionFlags } from './session-flags';
import {
  DELIVERY_MODES,
  settingsSchema,
  type Settings,
  type SessionView,
} from '../shared/sessions';

const VERSION = '0.1.0';

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const SETTING_KEYS: Record<string, keyof Settings> = {
  'delivery-mode': 'deliveryMode',
  'rotation-window': 'rotationWindowSeconds',
  'default-region': 'defaultRegion',
  'keep-sessions-on-quit': 'keepSessionsOnQuit',
};

function parseSetting(key: keyof Settings, value: string): Partial<Settings> {
  switch (key) {
    case 'rotationWindowSeconds':
      if (!/^\d+$/.test(value))
        throw new UsageError('rotation-window is a number of seconds (60-3600).');
      return { rotationWindowSeconds: Number(value) };
    case 'keepSessionsOnQuit':
      if (!['true', 'false'].includes(value))
        throw new UsageError('keep-sessions-on-quit is true or false.');
      return { keepSessionsOnQuit: value === 'true' };
    case 'deliveryMode':
      return { deliveryMode: value as Settings['deliveryMode'] };
    case 'defaultRegion':
      return { defaultRegion: value };
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function readSecret(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY) {
    throw new UsageError(
      'Give the secret access key on stdin with --secret-access-key-stdin (it is never taken as a flag value).',
    );
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Mute echo: the secret must not appear on screen or in scrollback.
  const out = rl as unknown as { _writeToOutput?: (s: string) => void };
  process.stderr.write('Secret access key: ');
  out._writeToOutput = () => undefined;
  try {
    return (await rl.question('')).trim();
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

function credentialEnv(creds: AwsCredentials, region: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
    ...(creds.expiration ? { AWS_CREDENTIAL_EXPIRATION: creds.expiration } : {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}

function quoteSh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

export function renderEnv(vars: Record<string, string>, format: string): string {
  const entries = Object.entries(vars);
  switch (format) {
    case 'sh':
      return entries.map(([k, v]) => `export ${k}=${quoteSh(v)}`).join('\n');
    case 'fish':
      return entries.map(([k, v]) => `set -gx ${k} ${quoteSh(v)};`).join('\n');
    case 'powershell':
      return entries.map(([k, v]) => `$Env:${k} = '${v.replace(/'/g, "''")}'`).join('\n');
    case 'json':
      return JSON.stringify(vars, null, 2);
    default:
      throw new UsageError(`--format must be sh, fish, powershell or json, not "${format}".`);
  }
}

const LIST_COLUMNS = ['name', 'kind', 'status', 'profile', 'account', 'region', 'expires'];

function listRow(s: SessionView, defaultRegion: string) {
  return {
    name: s.name,
    kind: s.kind,
    status: s.state.status,
    profile: s.profile,
    account: s.state.accountId ?? '',
    region: s.region ?? defaultRegion,
    expires: s.state.expiresAt ?? '',
    id: s.id,
    ...(s.state.lastError ? { error: s.state.lastError.message } : {}),
  };
}

/** Runs the CLI; resolves with the exit code. Exported for in-process tests and benchmarks. */
export async function runCli(
  argv: string[],
  io: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): Promise<number> {
  let core: Core | undefined;
  let exitCode = 0;
  const getCore = async (options: { sweep?: boolean } = {}): Promise<Core> => {
    core ??= await createCore({ prompter: new TtyPrompter() });
    for (const warning of core.store.warnings) io.stderr(`airlock: warning: ${warning}\n`);
    core.store.warnings.length = 0;
    if (options.sweep) await core.sessions.sweep();
    return core;
  };
  const print = (value: unknown, opts: { output?: string; query?: string }, columns?: string[]) => {
    const text = render(value, (opts.output ?? 'json') as OutputFormat, opts.query, columns);
    if (text !== '') io.stdout(`${text}\n`);
  };
  const outputOption = () =>
    new Option('--output <format>', 'output format').choices(OUTPUT_FORMATS as unknown as string[]);
  const queryOption = () =>
    new Option('--query <jmespath>', 'JMESPath query applied to the result');

  const program = new Command('airlock')
    .description('AWS temporary-credential sessions: start, stop, rotate and use them.')
    .version(VERSION)
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const session = program
    .command('session')
    .description('add, list, start, stop and manage sessions');

  const sessionOptions = (cmd: Command, forAdd: boolean) =>
    cmd
      .addOption(
        new Option('--type <kind>', 'session kind')
          .choices(['iam-user', 'iam-role', 'saml', 'web-identity', 'federated-user'])
          .makeOptionMandatory(forAdd),
      )
      .option('--name <name>', 'session name')
      .option('--profile <profile>', 'AWS profile the session writes')
      .option('--region <region>', 'region written to the config file')
      .option('--mfa-serial <arn>', 'MFA device ARN')
      .option('--access-key-id <id>', 'iam-user: long-term access key id')
      .option('--secret-access-key-stdin', 'iam-user: read the secret access key from stdin')
      .option('--role-arn <arn>', 'role to assume')
      .option('--parent <name>', 'parent session (iam-role, federated-user)')
      .option('--external-id <id>', 'iam-role: external id')
      .option('--duration <seconds>', 'credential lifetime in seconds')
      .option('--role-session-name <name>', 'role session name')
      .option('--source-identity <id>', 'iam-role: source identity')
      .option('--idp-url <url>', 'saml: IdP login URL')
      .option('--principal-arn <arn>', 'saml: SAML provider ARN')
      .option('--token-file <path>', 'web-identity: token file, re-read at every rotation')
      .option('--federated-name <name>', 'federated-user: name of the federated user')
      .option('--policy-file <file>', 'federated-user: session policy JSON')
      .addOption(outputOption());

  type AddFlags = SessionFlags & { secretAccessKeyStdin?: boolean; output?: string };
  const keysFrom = async (flags: AddFlags, required: boolean) => {
    if (!flags.accessKeyId) {
      if (required) throw new UsageError('--access-key-id is required for an iam-user session.');
      return undefined;
    }
    return {
      accessKeyId: flags.accessKeyId,
      secretAccessKey: await readSecret(flags.secretAccessKeyStdin),
    };
  };

  sessionOptions(session.command('add').description('add a session'), true).action(
    async (flags: AddFlags) => {
      const c = await getCore();
      if (!flags.name || !flags.profile) throw new UsageError('--name and --profile are required.');
      const config = configFromFlags(flags, (name) => c.sessions.get(name).id);
      const keys = await keysFrom(flags, config.kind === 'iam-user');
      print(await c.sessions.add({ config, ...(keys ? { keys } : {}) }), flags);
    },
  );

  sessionOptions(
    session.command('edit').argument('<name>').description('change a session'),
    false,
  ).action(async (name: string, flags: AddFlags) => {
    const c = await getCore();
    const current = c.sessions.get(name);
    const config = configFromFlags(flags, (n) => c.sessions.get(n).id, current);
    const keys = await keysFrom(flags, false);
    print(await c.sessions.edit(current.id, config, keys), flags);
  });

  session
    .command('list')
    .description('list sessions')
    .addOption(outputOption().default('table'))
    .addOption(queryOption())
    .action(async (opts: { output?: string; query?: string }) => {
      const c = await getCore({ sweep: true });
      const region = c.sessions.settings().defaultRegion;
      const list = c.sessions.list();
      print(
        opts.output === 'table' || opts.output === 'text'
          ? list.map((s) => listRow(s, region))
          : list,
        opts,
        LIST_COLUMNS,
      );
    });

  session
    .command('start')
    .argument('<name>')
    .description('start a session (prompts for MFA on a terminal)')
    .option('--mfa-code <code>', 'MFA code, instead of a prompt')
    .option('--saml-assertion-file <file>', 'a base64 SAMLResponse saved from your IdP')
    .option(
      '--web-identity-token-file <file>',
      'a web identity token to use instead of the configured file',
    )
    .addOption(outputOption())
    .addOption(queryOption())
    .action(
      async (
        name: string,
        opts: {
          mfaCode?: string;
          samlAssertionFile?: string;
          webIdentityTokenFile?: string;
          output?: string;
          query?: string;
        },
      ) => {
        if (opts.mfaCode !== undefined && !/^\d{6}$/.test(opts.mfaCode))
          throw new UsageError('--mfa-code is 6 digits.');
        const readArg = (file: string, what: string) => {
          try {
            return readFileSync(file, 'utf8').trim();
          } catch {
            throw new UsageError(`Cannot read the ${what} file ${file}.`);
          }
        };
        const c = await getCore({ sweep: true });
        const view = await c.sessions.start(name, {
          ...(opts.mfaCode ? { mfaCode: opts.mfaCode } : {}),
          ...(opts.samlAssertionFile
            ? { samlAssertion: readArg(opts.samlAssertionFile, 'SAML assertion') }
            : {}),
          ...(opts.webIdentityTokenFile
            ? { webIdentityToken: readArg(opts.webIdentityTokenFile, 'web identity token') }
            : {}),
        });
        print(view, opts);
      },
    );

  session
    .command('stop')
    .argument('[name]')
    .option('--all', 'stop every session')
    .description('stop a session and remove its profile')
    .addOption(outputOption())
    .action(async (name: string | undefined, opts: { all?: boolean; output?: string }) => {
      if (!name && !opts.all) throw new UsageError('Name a session, or pass --all.');
      if (name && opts.all) throw new UsageError('Name a session or pass --all, not both.');
      const c = await getCore({ sweep: true });
      print(opts.all ? await c.sessions.stopAll() : await c.sessions.stop(name!), opts);
    });

  session
    .command('rotate')
    .argument('<name>')
    .option('--mfa-code <code>', 'MFA code, instead of a prompt')
    .description('get fresh credentials for an active session now')
    .addOption(outputOption())
    .action(async (name: string, opts: { mfaCode?: string; output?: string }) => {
      const c = await getCore({ sweep: true });
      print(await c.sessions.rotate(name, opts.mfaCode ? { mfaCode: opts.mfaCode } : {}), opts);
    });

  session
    .command('remove')
    .argument('<name>')
    .description('stop and delete a session, with its keys in the keychain')
    .addOption(outputOption())
    .action(async (name: string, opts: { output?: string }) => {
      const c = await getCore();
      print(await c.sessions.remove(name), opts);
    });

  program
    .command('whoami')
    .argument('<name>')
    .description("GetCallerIdentity with the session's credentials")
    .addOption(outputOption())
    .addOption(queryOption())
    .action(async (name: string, opts: { output?: string; query?: string }) => {
      const c = await getCore();
      print(await c.sessions.whoami(name), opts);
    });

  program
    .command('env')
    .argument('<name>')
    .description('print export lines for the session credentials')
    .addOption(
      new Option('--format <shell>', 'sh, fish, powershell or json')
        .choices(['sh', 'fish', 'powershell', 'json'])
        .default('sh'),
    )
    .action(async (name: string, opts: { format: string }) => {
      const c = await getCore();
      const view = c.sessions.get(name);
      const creds = await c.sessions.credentials(name);
      io.stdout(
        `${renderEnv(credentialEnv(creds, view.region ?? c.sessions.settings().defaultRegion), opts.format)}\n`,
      );
    });

  program
    .command('exec')
    .argument('<name>')
    .argument('<command...>')
    .description('run a command with the session credentials in its environment')
    .passThroughOptions()
    .action(async (name: string, command: string[]) => {
      const c = await getCore();
      const view = c.sessions.get(name);
      const creds = await c.sessions.credentials(name);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...credentialEnv(creds, view.region ?? c.sessions.settings().defaultRegion),
      };
      delete env.AWS_PROFILE;
      const [cmd, ...args] = command[0] === '--' ? command.slice(1) : command;
      if (!cmd) throw new UsageError('Name the command to run after --.');
      exitCode = await new Promise<number>((resolve) => {
        const child = spawn(cmd!, args, { stdio: 'inherit', env });
        child.on('error', (error) => {
          io.stderr(
            `airlock: cannot run ${cmd}: ${(error as NodeJS.ErrnoException).code ?? error.message}\n`,
          );
          resolve(127);
        });
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      });
    });

  program
    .command('credential-process')
    .argument('<name>')
    .description('print Version 1 credential_process JSON (for the AWS config file)')
    .action(async (name: string) => {
      const c = await getCore();
      const creds = await c.sessions.credentials(name);
      io.stdout(
        `${JSON.stringify({
          Version: 1,
          AccessKeyId: creds.accessKeyId,
          SecretAccessKey: creds.secretAccessKey,
          ...(creds.sessionToken ? { SessionToken: creds.sessionToken } : {}),
          ...(creds.expiration ? { Expiration: creds.expiration } : {}),
        })}\n`,
      );
    });

  const profile = program.command('profile').description('named profiles');
  profile
    .command('default')
    .argument('<name>')
    .description("make this session's credentials the default profile too")
    .addOption(outputOption())
    .action(async (name: string, opts: { output?: string }) => {
      const c = await getCore({ sweep: true });
      print(await c.sessions.makeDefault(name), opts);
    });
  profile
    .command('list')
    .description('profiles in the AWS files and who owns them')
    .addOption(outputOption().default('table'))
    .addOption(queryOption())
    .action(async (opts: { output?: string; query?: string }) => {
      const c = await getCore();
      print(await c.sessions.listProfiles(), opts, [
        'name',
        'owner',
        'sessionName',
        'inCredentials',
        'inConfig',
      ]);
    });

  const settings = program
    .command('settings')
    .description('delivery mode, rotation window, default region');
  const keyArg = `one of ${Object.keys(SETTING_KEYS).join(', ')}`;
  settings
    .command('get')
    .argument('[key]', keyArg)
    .addOption(outputOption())
    .action(async (key: string | undefined, opts: { output?: string }) => {
      const c = await getCore();
      const all = c.sessions.settings();
      if (key === undefined) return print(all, opts);
      const field = SETTING_KEYS[key];
      if (!field) throw new UsageError(`Unknown setting ${key}: ${keyArg}.`);
      print(all[field], { output: opts.output ?? 'text' });
    });
  settings
    .command('set')
    .argument('<key>', keyArg)
    .argument('<value>')
    .addOption(outputOption())
    .action(async (key: string, value: string, opts: { output?: string }) => {
      const field = SETTING_KEYS[key];
      if (!field) throw new UsageError(`Unknown setting ${key}: ${keyArg}.`);
      const patch = parseSetting(field, value);
      const check = settingsSchema.partial().safeParse(patch);
      if (!check.success) {
        throw new UsageError(
          `Invalid ${key}: ${field === 'deliveryMode' ? `use ${DELIVERY_MODES.join(' or ')}` : check.error.issues[0]?.message}.`,
        );
      }
      const c = await getCore();
      print(await c.sessions.updateSettings(check.data), opts);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse failure is a usage error.
      return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)
        ? 0
        : 2;
    }
    const usage = toUsageError(error);
    if (usage) {
      io.stderr(`airlock: ${usage.message}\n`);
      return 2;
    }
    const view = toErrorView(error);
    io.stderr(
      `airlock: ${view.message}${error instanceof AirlockError ? ` [${view.code}]` : ''}\n`,
    );
    return 1;
  } finally {
    await core?.dispose();
  }
}

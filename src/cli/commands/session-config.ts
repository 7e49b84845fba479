// `session add` and `session edit`: flags of every kind → a validated config, plus keys to the keychain.
import { Option, type Command } from 'commander';
import { SESSION_KINDS } from '../../shared/sessions';
import { outputOption, type CliContext } from '../cli-context';
import { COLOR_CHOICES, marksFromFlags, type MarksFlags } from '../marks-flags';
import { configFromFlags, requireFlagsForAdd, type SessionFlags } from '../session-flags';
import { UsageError } from '../usage-error';

type ConfigFlags = SessionFlags & MarksFlags & { secretAccessKeyStdin?: boolean; output?: string };

function withConfigOptions(cmd: Command, forAdd: boolean): Command {
  return cmd
    .addOption(
      new Option('--type <kind>', 'session kind')
        .choices(SESSION_KINDS)
        .makeOptionMandatory(forAdd),
    )
    .option('--name <name>', 'session name')
    .option('--profile <profile>', 'AWS profile the session writes')
    .option('--region <region>', 'region written to the config file')
    .option('--mfa-serial <arn>', 'MFA device ARN')
    .option(
      '--mfa-process <command>',
      'iam-user, iam-role: command printing the MFA code, run without a shell ("" clears it)',
    )
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
    .option('--pin', 'list it first (the app, the switcher)')
    .option('--no-pin', 'unpin it')
    .addOption(
      new Option('--color <colour>', 'mark its row with a colour (none clears)').choices(
        COLOR_CHOICES,
      ),
    )
    .option('--tags <list>', 'comma-separated tags the search finds ("" clears)')
    .addOption(outputOption());
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

async function keysFrom(flags: ConfigFlags) {
  if (!flags.accessKeyId) return undefined;
  return {
    accessKeyId: flags.accessKeyId,
    secretAccessKey: await readSecret(flags.secretAccessKeyStdin),
  };
}

export function registerSessionConfigCommands(session: Command, ctx: CliContext): void {
  withConfigOptions(session.command('add').description('add a session'), true).action(
    async (flags: ConfigFlags, add: Command) => {
      requireFlagsForAdd(
        flags,
        add.options.map((o) => o.long ?? ''),
      );
      const marks = marksFromFlags(flags);
      const c = await ctx.core();
      const config = configFromFlags(flags, (name) => c.sessions.get(name).id);
      const keys = await keysFrom(flags);
      ctx.print(
        await c.sessions.add({ config, ...(keys ? { keys } : {}), ...(marks ? { marks } : {}) }),
        flags,
      );
    },
  );

  withConfigOptions(
    session.command('edit').argument('<name>').description('change a session'),
    false,
  ).action(async (name: string, flags: ConfigFlags) => {
    const marks = marksFromFlags(flags);
    const c = await ctx.core();
    const current = c.sessions.get(name);
    const config = configFromFlags(flags, (n) => c.sessions.get(n).id, current);
    const keys = await keysFrom(flags);
    const edited = await c.sessions.edit(current.id, config, keys);
    ctx.print(marks ? await c.sessions.setMarks(edited.id, marks) : edited, flags);
  });
}

// `airlock session …`: list, start, stop, rotate and remove sessions (add and edit in session-config.ts).
import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import { regionSchema, type SessionView } from '../../shared/sessions';
import {
  mfaCodeOption,
  mfaCodeStdinOption,
  mfaOptionsFrom,
  type MfaFlags,
  outputOption,
  queryOption,
  type CliContext,
  type OutputFlags,
} from '../cli-context';
import { BoundedReadError, readBoundedFile } from '../../main/fs/bounded-read';
import { MAX_WEB_IDENTITY_TOKEN_BYTES } from '../../main/sessions/web-identity-token-file';
import { UsageError } from '../usage-error';
import { registerSessionConfigCommands } from './session-config';

/** A base64 SAMLResponse with many roles is tens of KiB; 1 MiB leaves room and still bounds the read. */
const MAX_SAML_ASSERTION_BYTES = 1024 * 1024;

const LIST_COLUMNS = ['name', 'kind', 'status', 'profile', 'account', 'region', 'expires'];

const EMPTY_LIST_HINT =
  'No sessions yet. Add one with "airlock session add --type iam-user --name NAME --profile PROFILE --access-key-id ID --secret-access-key-stdin"; "airlock session add --help" lists the flags of every kind.';

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

/** A file named on the command line: a regular file within `maxBytes` (never a FIFO or device that would hang or flood). */
async function readArg(file: string, what: string, maxBytes: number): Promise<string> {
  try {
    return (await readBoundedFile(resolvePath(file), maxBytes)).toString('utf8').trim();
  } catch (error) {
    const reason = error instanceof BoundedReadError ? error.reason : undefined;
    if (reason === 'NOT_A_FILE')
      throw new UsageError(`The ${what} file ${file} is not a regular file.`);
    if (reason === 'TOO_LARGE')
      throw new UsageError(`The ${what} file ${file} is larger than ${maxBytes / 1024} KiB.`);
    throw new UsageError(`Cannot read the ${what} file ${file}.`);
  }
}

interface StartFlags extends OutputFlags, MfaFlags {
  samlAssertionFile?: string;
  webIdentityTokenFile?: string;
}

export function registerSessionCommands(program: Command, ctx: CliContext): void {
  const session = program
    .command('session')
    .description('add, list, start, stop and manage sessions');

  registerSessionConfigCommands(session, ctx);

  session
    .command('list')
    .description('list sessions')
    .addOption(outputOption().default('table'))
    .addOption(queryOption())
    .action(async (flags: OutputFlags) => {
      const c = await ctx.core({ sweep: true });
      const region = c.sessions.settings().defaultRegion;
      const list = c.sessions.list();
      const readable = flags.output === 'table' || flags.output === 'text';
      // stdout stays empty (scripts read it); the hint goes to the person at the terminal.
      if (readable && list.length === 0) ctx.io.stderr(`${EMPTY_LIST_HINT}\n`);
      ctx.print(readable ? list.map((s) => listRow(s, region)) : list, flags, LIST_COLUMNS);
    });

  session
    .command('start')
    .argument('<name>')
    .description('start a session (prompts for MFA on a terminal)')
    .addOption(mfaCodeOption())
    .addOption(mfaCodeStdinOption())
    .option('--saml-assertion-file <file>', 'a base64 SAMLResponse saved from your IdP')
    .option(
      '--web-identity-token-file <file>',
      'a web identity token to use instead of the configured file',
    )
    .addOption(outputOption())
    .addOption(queryOption())
    .action(async (name: string, flags: StartFlags) => {
      const options = mfaOptionsFrom(flags);
      if (flags.samlAssertionFile)
        options.samlAssertion = await readArg(
          flags.samlAssertionFile,
          'SAML assertion',
          MAX_SAML_ASSERTION_BYTES,
        );
      if (flags.webIdentityTokenFile)
        options.webIdentityToken = await readArg(
          flags.webIdentityTokenFile,
          'web identity token',
          MAX_WEB_IDENTITY_TOKEN_BYTES,
        );
      const c = await ctx.core({ sweep: true });
      ctx.print(await c.sessions.start(name, options), flags);
    });

  session
    .command('stop')
    .argument('[name]')
    .option('--all', 'stop every session')
    .description('stop a session and remove its profile')
    .addOption(outputOption())
    .action(async (name: string | undefined, flags: OutputFlags & { all?: boolean }) => {
      if (!name && !flags.all) throw new UsageError('Name a session, or pass --all.');
      if (name && flags.all) throw new UsageError('Name a session or pass --all, not both.');
      const c = await ctx.core({ sweep: true });
      ctx.print(flags.all ? await c.sessions.stopAll() : await c.sessions.stop(name!), flags);
    });

  session
    .command('rotate')
    .argument('<name>')
    .addOption(mfaCodeOption())
    .addOption(mfaCodeStdinOption())
    .description('get fresh credentials for an active session now')
    .addOption(outputOption())
    .action(async (name: string, flags: OutputFlags & MfaFlags) => {
      const options = mfaOptionsFrom(flags);
      const c = await ctx.core({ sweep: true });
      ctx.print(await c.sessions.rotate(name, options), flags);
    });

  session
    .command('region')
    .argument('<name>')
    .argument('<region>')
    .description("change a session's region; an active session's profile changes at once")
    .addOption(outputOption())
    .addOption(queryOption())
    .action(async (name: string, region: string, flags: OutputFlags) => {
      if (!regionSchema.safeParse(region).success) {
        throw new UsageError(
          `"${region}" is not a region like eu-west-1; session ${name} was not changed.`,
        );
      }
      const c = await ctx.core({ sweep: true });
      // An unknown session is NOT_FOUND, exit 1, as for every other session command.
      ctx.print(await c.sessions.setRegion(name, region), flags);
    });

  session
    .command('remove')
    .argument('<name>')
    .description('stop and delete a session, with its keys in the keychain')
    .addOption(outputOption())
    .action(async (name: string, flags: OutputFlags) => {
      const c = await ctx.core();
      ctx.print(await c.sessions.remove(name), flags);
    });
}

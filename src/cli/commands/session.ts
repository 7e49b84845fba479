// `airlock session …`: list, start, stop, rotate and remove sessions (add and edit in session-config.ts).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SessionView } from '../../shared/sessions';
import {
  mfaCodeOption,
  mfaOptions,
  outputOption,
  queryOption,
  type CliContext,
  type OutputFlags,
} from '../cli-context';
import { UsageError } from '../usage-error';
import { registerSessionConfigCommands } from './session-config';

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

function readArg(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new UsageError(`Cannot read the ${what} file ${file}.`);
  }
}

interface StartFlags extends OutputFlags {
  mfaCode?: string;
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
    .option('--saml-assertion-file <file>', 'a base64 SAMLResponse saved from your IdP')
    .option(
      '--web-identity-token-file <file>',
      'a web identity token to use instead of the configured file',
    )
    .addOption(outputOption())
    .addOption(queryOption())
    .action(async (name: string, flags: StartFlags) => {
      const options = mfaOptions(flags.mfaCode);
      if (flags.samlAssertionFile)
        options.samlAssertion = readArg(flags.samlAssertionFile, 'SAML assertion');
      if (flags.webIdentityTokenFile)
        options.webIdentityToken = readArg(flags.webIdentityTokenFile, 'web identity token');
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
    .description('get fresh credentials for an active session now')
    .addOption(outputOption())
    .action(async (name: string, flags: OutputFlags & { mfaCode?: string }) => {
      const options = mfaOptions(flags.mfaCode);
      const c = await ctx.core({ sweep: true });
      ctx.print(await c.sessions.rotate(name, options), flags);
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

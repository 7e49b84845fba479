// The `airlock` command tree: global settings of the commander program, and one register call per group.
import { Command } from 'commander';
import { version } from '../../package.json';
import type { CliContext } from './cli-context';
import { registerConsoleCommand } from './commands/console';
import { registerServeCommand } from './commands/credential-server';
import { registerCredentialCommands } from './commands/credentials';
import { registerImportCommand } from './commands/import';
import { registerProfileCommands } from './commands/profile';
import { registerSessionCommands } from './commands/session';
import { registerSettingsCommands } from './commands/settings';
import { registerSsoCommands } from './commands/sso';

export const CLI_VERSION: string = version;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('airlock')
    .description('AWS temporary-credential sessions: start, stop, rotate and use them.')
    .version(CLI_VERSION)
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr });
  registerSessionCommands(program, ctx);
  registerCredentialCommands(program, ctx);
  registerServeCommand(program, ctx);
  registerConsoleCommand(program, ctx);
  registerProfileCommands(program, ctx);
  registerSettingsCommands(program, ctx);
  registerSsoCommands(program, ctx);
  registerImportCommand(program, ctx);
  return program;
}

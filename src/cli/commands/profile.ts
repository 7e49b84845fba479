// `airlock profile …`: the default profile, and every profile in the AWS files with its owner.
import type { Command } from 'commander';
import { outputOption, queryOption, type CliContext, type OutputFlags } from '../cli-context';

const PROFILE_COLUMNS = ['name', 'owner', 'sessionName', 'inCredentials', 'inConfig'];

export function registerProfileCommands(program: Command, ctx: CliContext): void {
  const profile = program.command('profile').description('named profiles');
  profile
    .command('default')
    .argument('<name>')
    .description("make this session's credentials the default profile too")
    .addOption(outputOption())
    .action(async (name: string, flags: OutputFlags) => {
      const c = await ctx.core({ sweep: true });
      ctx.print(await c.sessions.makeDefault(name), flags);
    });
  profile
    .command('list')
    .description('profiles in the AWS files and who owns them')
    .addOption(outputOption().default('table'))
    .addOption(queryOption())
    .action(async (flags: OutputFlags) => {
      const c = await ctx.core();
      ctx.print(await c.sessions.listProfiles(), flags, PROFILE_COLUMNS);
    });
}

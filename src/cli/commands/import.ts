// `airlock import [--apply] [--profile P]... [--undo]`: the AWS files' profiles as sessions, and back.
import type { Command } from 'commander';
import { outputOption, type CliContext, type OutputFlags } from '../cli-context';
import { UsageError } from '../usage-error';
import type { ImportPlanLine } from '../../shared/import';

const PLAN_COLUMNS = ['profile', 'kind', 'session', 'parent', 'reason'];

/** One row per profile: what scripts and the table read. */
function row(line: ImportPlanLine) {
  return {
    profile: line.profile,
    kind: line.kind,
    ...(line.session ? { session: line.session.name } : {}),
    ...(line.parentProfile ? { parent: line.parentProfile } : {}),
    ...(line.integration ? { integration: line.integration.name } : {}),
    ...(line.reason ? { reason: line.reason } : {}),
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImportCommand(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description(
      'plan how the profiles of the AWS config and credentials files become sessions (changes nothing); --apply imports them, --undo gives them back',
    )
    .option('--apply', 'create the sessions and take the profiles under Airlock’s management')
    .option('--profile <name>', 'only this profile (repeatable)', collect, [])
    .option('--undo', 'remove the imported sessions and restore every imported section')
    .addOption(outputOption().default('table'))
    .action(async (flags: OutputFlags & { apply?: boolean; profile: string[]; undo?: boolean }) => {
      if (flags.undo && (flags.apply || flags.profile.length)) {
        throw new UsageError(
          '--undo takes back the whole import: use it without --apply or --profile.',
        );
      }
      const c = await ctx.core({ sweep: true });
      const only = flags.profile.length ? flags.profile : undefined;
      if (flags.undo) {
        ctx.print(await c.imports.undo(), flags);
      } else if (flags.apply) {
        const result = await c.imports.apply(only);
        ctx.print([...result.imported, ...result.skipped].map(row), flags, PLAN_COLUMNS);
      } else {
        const plan = await c.imports.plan(only);
        // stdout stays empty (scripts read it); the person at the terminal learns where we looked.
        if (plan.length === 0 && (flags.output === 'table' || flags.output === 'text')) {
          const { credentialsFile, configFile } = c.files.paths;
          ctx.io.stderr(
            `No profiles to import in ${credentialsFile} or ${configFile}. Set AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE if yours are elsewhere.\n`,
          );
        }
        ctx.print(plan.map(row), flags, PLAN_COLUMNS);
      }
    });
}

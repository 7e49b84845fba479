// `airlock console NAME`: opens the AWS console signed in as the session, or prints the URL.
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { launchBrowser } from '../../main/console/browser-launcher';
import { browserUnavailable } from '../../main/console/console-opener';
import { launchPlan } from '../../main/console/console-plan';
import { CONSOLE_BROWSERS, regionSchema, type ConsoleBrowser } from '../../shared/sessions';
import {
  mfaCodeOption,
  mfaCodeStdinOption,
  mfaOptionsFrom,
  type CliContext,
  type MfaFlags,
} from '../cli-context';
import { UsageError } from '../usage-error';

interface ConsoleFlags extends MfaFlags {
  print?: boolean;
  region?: string;
  destination?: string;
  browser?: ConsoleBrowser;
}

export function registerConsoleCommand(program: Command, ctx: CliContext): void {
  program
    .command('console')
    .argument('<name>')
    .description('open the AWS console signed in as the session (started first if needed)')
    .option('--print', 'write the sign-in URL to stdout and open nothing')
    .option('--region <region>', "the console's region (default: the session's)")
    .option('--destination <url>', 'the https console page to land on')
    .addOption(
      new Option(
        '--browser <browser>',
        'the browser (default: the console-browser setting)',
      ).choices(CONSOLE_BROWSERS),
    )
    .addOption(mfaCodeOption())
    .addOption(mfaCodeStdinOption())
    .action(async (name: string, flags: ConsoleFlags) => {
      if (flags.region !== undefined && !regionSchema.safeParse(flags.region).success) {
        throw new UsageError(`--region must be a region like eu-west-1, not "${flags.region}".`);
      }
      const options = mfaOptionsFrom(flags);
      const c = await ctx.core({ sweep: true });
      const signin = await c.console.signinUrl(name, {
        ...options,
        ...(flags.region ? { region: flags.region } : {}),
        ...(flags.destination !== undefined ? { destination: flags.destination } : {}),
      });
      if (flags.print) {
        ctx.io.stdout(`${signin.url}\n`);
        return;
      }
      const browser = flags.browser ?? c.sessions.settings().consoleBrowser;
      const profilesDir = join(c.store.dir, 'browser-profiles');
      try {
        await launchBrowser(launchPlan(browser, signin.session, signin.url, profilesDir));
      } catch (cause) {
        throw browserUnavailable(browser, signin.session.name, cause);
      }
    });
}

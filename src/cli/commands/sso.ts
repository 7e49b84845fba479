// `airlock sso …`: IAM Identity Center integrations: add, edit, list, login, sync, logout, remove.
import { Option, type Command } from 'commander';
import type { Core } from '../../main/create-core';
import type { SyncSummary } from '../../shared/identity-center';
import { outputOption, queryOption, type CliContext, type OutputFlags } from '../cli-context';
import { UsageError } from '../usage-error';

const INTEGRATION_COLUMNS = [
  'name',
  'startUrl',
  'region',
  'loginState',
  'tokenExpiresAt',
  'sessions',
];

/** The sync summary as issue 9 and the docs spell it: `{"added": N, "updated": N, "orphaned": N, "removed": N}`. */
function summaryLine(summary: SyncSummary): string {
  const { added, updated, orphaned, removed } = summary;
  return `{"added": ${added}, "updated": ${updated}, "orphaned": ${orphaned}, "removed": ${removed}}`;
}

/** An unknown integration is bad input (exit 2), named, with where to look. */
function known(core: Core, name: string): void {
  if (!core.store.read().integrations?.[name]) {
    throw new UsageError(
      `No Identity Center integration named ${name}. Run "airlock sso list" to see them, or "airlock sso add" to add one.`,
    );
  }
}

export function registerSsoCommands(program: Command, ctx: CliContext): void {
  const sso = program.command('sso').description('IAM Identity Center integrations');

  sso
    .command('add')
    .description('add an integration (it plays the role of an [sso-session NAME])')
    .requiredOption('--name <name>', 'integration name')
    .requiredOption('--start-url <url>', 'the AWS access portal URL, https://…/start')
    .requiredOption('--region <region>', 'the Identity Center region')
    .option('--scopes <list>', 'comma-separated scopes (default sso:account:access)')
    .addOption(outputOption())
    .action(
      async (
        flags: OutputFlags & { name: string; startUrl: string; region: string; scopes?: string },
      ) => {
        const scopes = flags.scopes
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const c = await ctx.core();
        const view = await c.identityCenter.add({
          name: flags.name,
          startUrl: flags.startUrl,
          region: flags.region,
          ...(scopes?.length ? { scopes } : {}),
        });
        ctx.print(view, flags);
      },
    );

  sso
    .command('edit')
    .argument('<name>')
    .description(
      'change start URL, region, scopes or sync templates (a new start URL or region ends the login)',
    )
    .option('--start-url <url>', 'the AWS access portal URL, https://…/start')
    .option('--region <region>', 'the Identity Center region')
    .option('--scopes <list>', 'comma-separated scopes')
    .option('--name-template <template>', 'names of synced sessions ("" for the default)')
    .option('--profile-template <template>', 'profiles of synced sessions ("" for the default)')
    .addOption(outputOption())
    .action(
      async (
        name: string,
        flags: OutputFlags & {
          startUrl?: string;
          region?: string;
          scopes?: string;
          nameTemplate?: string;
          profileTemplate?: string;
        },
      ) => {
        const c = await ctx.core();
        known(c, name);
        const current = c.store.read().integrations?.[name]?.syncTemplates ?? {};
        const template = (given: string | undefined, now: string | undefined) => {
          const value = given === undefined ? now : given;
          return value ? value : undefined;
        };
        const templates = {
          name: template(flags.nameTemplate, current.name),
          profile: template(flags.profileTemplate, current.profile),
        };
        const scopes = flags.scopes
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const view = await c.identityCenter.edit(name, {
          ...(flags.startUrl !== undefined ? { startUrl: flags.startUrl } : {}),
          ...(flags.region !== undefined ? { region: flags.region } : {}),
          ...(scopes ? { scopes } : {}),
          ...(flags.nameTemplate !== undefined || flags.profileTemplate !== undefined
            ? {
                syncTemplates: {
                  ...(templates.name ? { name: templates.name } : {}),
                  ...(templates.profile ? { profile: templates.profile } : {}),
                },
              }
            : {}),
        });
        if (view.loginState === 'logged-out' && (flags.startUrl || flags.region)) {
          ctx.io.stderr(
            `airlock: ${name} has a new start URL or region: its login ended. Run "airlock sso login ${name}".\n`,
          );
        }
        ctx.print(view, flags);
      },
    );

  sso
    .command('list')
    .description('the integrations, with their login state and token expiry (no secrets)')
    .addOption(outputOption().default('table'))
    .addOption(queryOption())
    .action(async (flags: OutputFlags) => {
      const c = await ctx.core();
      ctx.print(await c.identityCenter.list(), flags, INTEGRATION_COLUMNS);
    });

  sso
    .command('login')
    .argument('<name>')
    .description('log in: PKCE in the browser, or a device code')
    .option(
      '--use-device-code',
      'show a code to enter on any device, instead of a browser redirect',
    )
    .option('--no-browser', 'print the address to open on stderr instead of opening a browser')
    .addOption(outputOption())
    .action(
      async (name: string, flags: OutputFlags & { useDeviceCode?: boolean; browser: boolean }) => {
        if (!flags.browser) ctx.prompter.browser = 'print';
        const c = await ctx.core();
        known(c, name);
        const view = await c.identityCenter.login(name, {
          useDeviceCode: flags.useDeviceCode === true,
        });
        ctx.io.stderr(`airlock: logged in to Identity Center for ${name}.\n`);
        if (flags.output) ctx.print(view, flags);
      },
    );

  sso
    .command('sync')
    .argument('<name>')
    .description('turn every account and role into an sso-role session (a merge, never a rebuild)')
    .option('--prune', 'remove orphaned sessions nothing depends on')
    .addOption(
      new Option('--name-template <template>', 'session names, e.g. {accountName}-{roleName}'),
    )
    .addOption(new Option('--profile-template <template>', 'profile names, same fields'))
    .action(
      async (
        name: string,
        flags: { prune?: boolean; nameTemplate?: string; profileTemplate?: string },
      ) => {
        const c = await ctx.core({ sweep: true });
        known(c, name);
        const tty = process.stderr.isTTY === true;
        const summary = await c.identityCenter.sync(name, {
          prune: flags.prune === true,
          templates: {
            ...(flags.nameTemplate ? { name: flags.nameTemplate } : {}),
            ...(flags.profileTemplate ? { profile: flags.profileTemplate } : {}),
          },
          ...(tty
            ? {
                onProgress: (p) =>
                  ctx.io.stderr(`\rairlock: ${p.integration}: ${p.done}/${p.total} accounts`),
              }
            : {}),
        });
        if (tty) ctx.io.stderr('\n');
        ctx.io.stdout(`${summaryLine(summary)}\n`);
      },
    );

  sso
    .command('logout')
    .argument('<name>')
    .description('end the login; live sessions run until their credentials expire')
    .action(async (name: string) => {
      const c = await ctx.core();
      known(c, name);
      await c.identityCenter.logout(name);
      ctx.io.stderr(`airlock: logged out of Identity Center for ${name}.\n`);
    });

  sso
    .command('remove')
    .argument('<name>')
    .description('remove the integration, its sessions and its tokens')
    .option('--force', 'stop its active sessions first')
    .action(async (name: string, flags: { force?: boolean }) => {
      const c = await ctx.core({ sweep: true });
      known(c, name);
      await c.identityCenter.remove(name, { force: flags.force === true });
      ctx.io.stderr(`airlock: removed Identity Center integration ${name}.\n`);
    });
}

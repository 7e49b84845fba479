// `airlock settings get|set`: the CLI's names for the settings, and parsing their values.
import type { Command } from 'commander';
import { CONSOLE_BROWSERS, DELIVERY_MODES } from '../../shared/sessions';
import { settingsSchema, type Settings } from '../../shared/settings';
import { outputOption, type CliContext, type OutputFlags } from '../cli-context';
import { UsageError } from '../usage-error';

const SETTING_KEYS: Record<string, keyof Settings> = {
  'delivery-mode': 'deliveryMode',
  'rotation-window': 'rotationWindowSeconds',
  'default-region': 'defaultRegion',
  'keep-sessions-on-quit': 'keepSessionsOnQuit',
  'saml-persistent-login': 'samlPersistentLogin',
  'saml-allowed-origins': 'samlAllowedOrigins',
  'share-sso-login': 'shareSsoLogin',
  'console-browser': 'consoleBrowser',
  'console-switch-accounts': 'consoleSwitchAccounts',
  'switcher-shortcut': 'switcherShortcut',
  'launch-at-login': 'launchAtLogin',
  'start-hidden': 'startHidden',
};
const KEY_ARG = `one of ${Object.keys(SETTING_KEYS).join(', ')}`;

function settingField(key: string): keyof Settings {
  const field = SETTING_KEYS[key];
  if (!field) throw new UsageError(`Unknown setting ${key}: ${KEY_ARG}.`);
  return field;
}

type BooleanSetting = {
  [K in keyof Settings]: Settings[K] extends boolean ? K : never;
}[keyof Settings];

/** The settings that are true or false. launch-at-login and start-hidden are carried out by the
 * desktop app at its next start (macOS and Windows; unsupported on Linux). */
const BOOLEAN_SETTINGS: readonly BooleanSetting[] = [
  'keepSessionsOnQuit',
  'samlPersistentLogin',
  'shareSsoLogin',
  'consoleSwitchAccounts',
  'launchAtLogin',
  'startHidden',
];

const isBooleanSetting = (key: keyof Settings): key is BooleanSetting =>
  (BOOLEAN_SETTINGS as readonly string[]).includes(key);

const cliName = (field: keyof Settings): string =>
  Object.keys(SETTING_KEYS).find((name) => SETTING_KEYS[name] === field) ?? field;

function parseSetting(key: keyof Settings, value: string): Partial<Settings> {
  if (isBooleanSetting(key)) {
    if (value !== 'true' && value !== 'false') {
      throw new UsageError(`${cliName(key)} is true or false.`);
    }
    const parsed: Partial<Settings> = { [key]: value === 'true' };
    return parsed;
  }
  switch (key) {
    case 'rotationWindowSeconds':
      if (!/^\d+$/.test(value))
        throw new UsageError('rotation-window is a number of seconds (60-3600).');
      return { rotationWindowSeconds: Number(value) };
    case 'consoleBrowser':
      return { consoleBrowser: value as Settings['consoleBrowser'] };
    case 'samlAllowedOrigins':
      // Comma-separated; an empty value clears the list.
      return {
        samlAllowedOrigins: value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      };
    case 'deliveryMode':
      return { deliveryMode: value as Settings['deliveryMode'] };
    case 'defaultRegion':
      return { defaultRegion: value };
    case 'switcherShortcut':
      // An accelerator such as CommandOrControl+Shift+K; an empty value turns it off.
      return { switcherShortcut: value === '' ? null : value };
  }
}

export function registerSettingsCommands(program: Command, ctx: CliContext): void {
  const settings = program
    .command('settings')
    .description('delivery mode, rotation window, default region');
  settings
    .command('get')
    .argument('[key]', KEY_ARG)
    .addOption(outputOption())
    .action(async (key: string | undefined, flags: OutputFlags) => {
      const field = key === undefined ? undefined : settingField(key);
      const all = (await ctx.core()).sessions.settings();
      if (field === undefined) return ctx.print(all, flags);
      ctx.print(all[field], { output: flags.output ?? 'text' });
    });
  settings
    .command('set')
    .argument('<key>', KEY_ARG)
    .argument('<value>')
    .addOption(outputOption())
    .action(async (key: string, value: string, flags: OutputFlags) => {
      const field = settingField(key);
      const check = settingsSchema.partial().safeParse(parseSetting(field, value));
      if (!check.success) {
        const why =
          field === 'deliveryMode'
            ? `use ${DELIVERY_MODES.join(' or ')}`
            : field === 'consoleBrowser'
              ? `use one of ${CONSOLE_BROWSERS.join(', ')}`
              : check.error.issues[0]?.message;
        throw new UsageError(`Invalid ${key}: ${why}.`);
      }
      const c = await ctx.core();
      ctx.print(await c.sessions.updateSettings(check.data), flags);
    });
}

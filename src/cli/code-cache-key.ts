// Which code cache a command line takes: one per command (a group's per subcommand), since V8's
// cache holds what the command that wrote it compiled. A `session start` run on a cache that
// `session list` wrote compiled the STS client, the signer and the XML parser again: 146 against
// 128 ms in one run. Only the program's own command names reach a file name; anything else shares
// one cache.

/** Commands whose subcommand is the command that runs (program.ts's groups; a test checks them). */
export const COMMAND_GROUPS: Readonly<Record<string, readonly string[]>> = {
  session: ['add', 'edit', 'list', 'start', 'stop', 'rotate', 'region', 'remove'],
  profile: ['default', 'list'],
  settings: ['get', 'set'],
  sso: ['add', 'edit', 'list', 'login', 'sync', 'logout', 'remove'],
};

/** The program's other top-level commands. */
export const COMMANDS: readonly string[] = [
  'whoami',
  'env',
  'exec',
  'credential-process',
  'serve',
  'console',
  'import',
];

/** The cache's name for this command line: `session-start`, `whoami`, or `other`. */
export function codeCacheCommand(argv: readonly string[]): string {
  const [command, subcommand] = argv;
  if (command === undefined) return 'other';
  const group = Object.hasOwn(COMMAND_GROUPS, command) ? COMMAND_GROUPS[command] : undefined;
  if (group !== undefined) {
    return subcommand !== undefined && group.includes(subcommand)
      ? `${command}-${subcommand}`
      : 'other';
  }
  return COMMANDS.includes(command) ? command : 'other';
}

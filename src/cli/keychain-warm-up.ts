// Which commands open the keychain early: the CLI's entry starts libsecret's connection on a
// libuv thread while it loads the program (≈ 40 ms of work on the main thread), so the
// program's first keychain call does not wait for D-Bus and the Secret Service's session.
import { createRequire } from 'node:module';
import {
  KEYCHAIN_SERVICE,
  warmKeychain,
  type KeytarApi,
} from '../main/secrets/keytar-secret-store';

/** Commands that read or write the keychain on every run, by command and subcommand. */
const KEYCHAIN_COMMANDS: Readonly<Record<string, true | readonly string[]>> = {
  whoami: true,
  env: true,
  exec: true,
  'credential-process': true,
  console: true,
  serve: true,
  session: ['start', 'stop', 'rotate', 'add', 'remove'],
  sso: ['login', 'sync', 'logout', 'remove'],
};

/**
 * True when the command line names one of those commands (and asks for no help): for `--version`,
 * a bad command or `session list`, opening the keychain would only cost time.
 */
export function warmsKeychain(argv: readonly string[]): boolean {
  if (argv.some((arg) => arg === '-h' || arg === '--help' || arg === '-V' || arg === '--version'))
    return false;
  const [command, subcommand] = argv;
  const known = command === undefined ? undefined : KEYCHAIN_COMMANDS[command];
  if (known === undefined) return false;
  return known === true || (subcommand !== undefined && known.includes(subcommand));
}

/**
 * Starts the warm-up when argv asks for it; never throws: without keytar or a keychain the
 * program's first real call says what is wrong, as it would without this.
 */
export function warmKeychainFor(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  if (!warmsKeychain(argv)) return;
  let keytar: KeytarApi;
  try {
    keytar = createRequire(import.meta.url)('keytar') as KeytarApi;
  } catch {
    return;
  }
  void warmKeychain(keytar, env.AIRLOCK_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE);
}

// Where the store file lives and which schema version it carries; zod-free, so the CLI's
// credential_process fast path can find the store without loading the schema stack.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The schema version of the store; conf runs migrations keyed by it. */
export const STORE_VERSION = '1.0.0';

/** The store's file name inside its folder (electron-store's `config.json`). */
export const STORE_FILE_NAME = 'config.json';

/** Where the app (electron userData for "Airlock") and the CLI both keep the store. */
export function defaultAirlockHome(
  env: Record<string, string | undefined>,
  home = homedir(),
): string {
  if (env.AIRLOCK_HOME) return env.AIRLOCK_HOME;
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Airlock');
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Airlock');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Airlock');
}

// Finds an installed Electron executable without letting `electron`'s own entry start a download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Electron executable, when one is installed. Not `require('electron')`: when the binary is
 * missing, that starts a download, which this machine cannot (and a test must not) do.
 */
export function electronBinary(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const dir = dirname(pkg);
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
    const full = join(base, relative);
    return relative && existsSync(full) ? full : undefined;
  } catch {
    return undefined;
  }
}

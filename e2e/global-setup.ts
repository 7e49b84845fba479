// Builds the renderer (and shell) once before the specs when the build is missing or older than src.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function globalSetup(): void {
  const built = join(root, 'out', 'renderer', 'index.html');
  const stale =
    !existsSync(built) ||
    statSync(built).mtimeMs <
      Math.max(
        newestMtime(join(root, 'src', 'renderer')),
        newestMtime(join(root, 'src', 'shared')),
      );
  if (stale || process.env.AIRLOCK_E2E_REBUILD === '1') {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  }
}

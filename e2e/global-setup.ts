// Builds the renderer, the preload (and the shell) once before the specs when a bundle the specs
// load is missing or older than its sources. The chromium target loads out/renderer and
// out/preload; out/main matters only where an Electron binary can run it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { electronBinary } from './electron-binary';

const root = resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether the bundle is missing or older than any file under the source folders. */
function stale(bundle: string, ...sources: string[]): boolean {
  const built = join(root, bundle);
  if (!existsSync(built)) return true;
  const newestSource = Math.max(...sources.map((dir) => newestMtime(join(root, dir))));
  return statSync(built).mtimeMs < newestSource;
}

export default function globalSetup(): void {
  const rebuild =
    process.env.AIRLOCK_E2E_REBUILD === '1' ||
    stale('out/renderer/index.html', 'src/renderer', 'src/shared') ||
    stale('out/preload/index.cjs', 'src/preload', 'src/shared') ||
    (electronBinary() !== undefined && stale('out/main/index.js', 'src/main', 'src/shared'));
  if (rebuild) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
}

// Test helper: bundles a fixture script once into a single .mjs, so child processes start fast.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';

export async function bundleFixture(
  name: 'crash-writer' | 'error-probe',
  outDir: string,
): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(import.meta.dirname, `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  // Readable by the unprivileged user the permission tests run it as.
  await chmod(outDir, 0o755);
  await chmod(outfile, 0o755);
  return outfile;
}

// Bundles a TypeScript script once into a single .mjs, so the child processes tests spawn start fast.
import { chmod } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/** Returns the bundle's path in outDir; both are readable by the unprivileged user permission tests run as. */
export async function bundleScript(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, basename(entry).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // keytar is a native addon resolved from node_modules; CommonJS dependencies need `require`.
    external: ['keytar', 'electron'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'silent',
  });
  await chmod(outDir, 0o755);
  await chmod(outfile, 0o755);
  return outfile;
}

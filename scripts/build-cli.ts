// Bundles the `airlock` CLI into split ES modules, so a cold start resolves no module graph and
// loads the STS SDK, conf and the XML parser only on the paths that need them. The entry holds only
// the credential_process fast path; the program (commander, zod, the core) is a chunk it imports
// when the fast path declines (src/cli/fast-credential-process.ts).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

export function cliBuildOptions(outdir: string): BuildOptions {
  return {
    entryPoints: { airlock: 'src/cli/airlock.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    // The ES builds (the AWS SDK's dist-es) where a package has one: esbuild can drop what is not
    // imported, where each SDK package's dist-cjs is one file kept whole. A cold `session start`
    // parses and runs less (issue 13: 488.7 → 436.0 ms, same run).
    mainFields: ['module', 'main'],
    target: 'node20',
    format: 'esm',
    // keytar is a native addon, resolved from node_modules; electron is never loaded by the CLI.
    external: ['keytar', 'electron'],
    banner: {
      js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);",
    },
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** Builds into outdir (default dist/cli, where bin/airlock.mjs looks); returns the entry's path. */
export async function buildCli(outdir = resolve('dist/cli')): Promise<string> {
  // Chunk names carry content hashes: without this, every build would leave the last one's behind.
  rmSync(outdir, { recursive: true, force: true });
  await build(cliBuildOptions(outdir));
  return resolve(outdir, 'airlock.mjs');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await buildCli();
}

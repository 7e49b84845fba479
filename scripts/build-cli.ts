// Bundles the `airlock` CLI in two parts. The entry, dist/cli/airlock.cjs, holds only the
// credential_process fast path (src/cli/fast-credential-process.ts) as one CommonJS file: Node runs
// it without starting its ES module loader. The program (commander, zod, the core), which the
// entry imports when the fast path declines, is split ES modules (program.mjs and chunks/), so a
// cold start resolves no module graph and loads the STS SDK, conf and the XML parser only on the
// paths that need them. airlock.mjs runs the same entry for `node dist/cli/airlock.mjs`.
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  // The ES builds (the AWS SDK's dist-es) where a package has one: esbuild can drop what is not
  // imported, where each SDK package's dist-cjs is one file kept whole. A cold `session start`
  // parses and runs less (issue 13: 488.7 → 436.0 ms, same run).
  mainFields: ['module', 'main'],
  target: 'node20',
  // keytar is a native addon, resolved from node_modules; electron is never loaded by the CLI.
  external: ['keytar', 'electron'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** The program as split ES modules: program.mjs (exports runCli) and its chunks. */
export function programBuildOptions(outdir: string): BuildOptions {
  return {
    ...COMMON,
    entryPoints: { program: 'src/cli/main.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    banner: {
      js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);",
    },
  };
}

/** The entry's `import('./main')` is the program's build: program.mjs beside it, loaded as ESM. */
const programIsExternal: Plugin = {
  name: 'airlock-program-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/main$/ }, () => ({ path: './program.mjs', external: true }));
  },
};

/** The entry as one CommonJS file: airlock.cjs. */
export function entryBuildOptions(outdir: string): BuildOptions {
  return {
    ...COMMON,
    entryPoints: { airlock: 'src/cli/airlock.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // import.meta does not exist in CommonJS; the fast path resolves keytar from this file's URL.
    define: { 'import.meta.url': '__airlockImportMetaUrl' },
    banner: {
      js: "const __airlockImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    plugins: [programIsExternal],
  };
}

export interface BuiltCli {
  /** airlock.cjs: what bin/airlock.cjs runs. */
  entry: string;
  /** airlock.mjs: the same entry for `node dist/cli/airlock.mjs` (tests, older commands). */
  esmEntry: string;
  /** Both builds' metafiles, when asked for. */
  metafiles: Metafile[];
}

/** Builds into outdir (default dist/cli, where bin/ looks). */
export async function buildCli(
  outdir = resolve('dist/cli'),
  options: { metafile?: boolean } = {},
): Promise<BuiltCli> {
  // Chunk names carry content hashes: without this, every build would leave the last one's behind.
  rmSync(outdir, { recursive: true, force: true });
  const metafile = options.metafile === true;
  const results = await Promise.all([
    build({ ...programBuildOptions(outdir), metafile }),
    build({ ...entryBuildOptions(outdir), metafile }),
  ]);
  const esmEntry = join(outdir, 'airlock.mjs');
  writeFileSync(esmEntry, "import './airlock.cjs';\n");
  return {
    entry: join(outdir, 'airlock.cjs'),
    esmEntry,
    metafiles: results.flatMap((r) => (r.metafile ? [r.metafile] : [])),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await buildCli();
}

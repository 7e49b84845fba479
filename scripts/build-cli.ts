// Bundles the `airlock` CLI in two parts, each one CommonJS file, so Node never starts its ES
// module loader. The entry, dist/cli/airlock.cjs, holds only the credential_process fast path
// (src/cli/fast-credential-process.ts). The program (commander, zod, the core, the SDK), which the
// entry runs when the fast path declines, is dist/cli/program.cjs: the entry runs it through V8's
// code cache (src/cli/program-loader.ts), named by the program's content hash, which this build
// writes into the entry. Lazy imports stay lazy: esbuild wraps each module, so the SAML parser or
// the SSO clients come compiled from the cache but run only on the paths that need them.
// airlock.mjs runs the same entry for `node dist/cli/airlock.mjs`.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

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
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // import.meta does not exist in CommonJS: the bundles take this file's URL from the banner.
  define: { 'import.meta.url': '__airlockImportMetaUrl' },
  banner: {
    js: "const __airlockImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
};

/** The program as one CommonJS file, program.cjs (exports runCli). */
export function programBuildOptions(outdir: string): BuildOptions {
  return {
    ...COMMON,
    entryPoints: { program: 'src/cli/main.ts' },
    outdir,
    // keytar's import() becomes a require(): a vm.Script (the code cache) has no ES module loader.
    supported: { 'dynamic-import': false },
  };
}

/** The entry as one CommonJS file, airlock.cjs, told the program's hash (its code cache's name). */
export function entryBuildOptions(outdir: string, programHash: string): BuildOptions {
  return {
    ...COMMON,
    entryPoints: { airlock: 'src/cli/airlock.ts' },
    outdir,
    define: { ...COMMON.define, __AIRLOCK_PROGRAM_HASH__: JSON.stringify(programHash) },
  };
}

export interface BuiltCli {
  /** airlock.cjs: what bin/airlock.cjs runs. */
  entry: string;
  /** airlock.mjs: the same entry for `node dist/cli/airlock.mjs` (tests, older commands). */
  esmEntry: string;
  /** program.cjs: the program the entry runs when the fast path declines. */
  program: string;
  /** Both builds' metafiles, when asked for. */
  metafiles: Metafile[];
}

/** Builds into outdir (default dist/cli, where bin/ looks). */
export async function buildCli(
  outdir = resolve('dist/cli'),
  options: { metafile?: boolean } = {},
): Promise<BuiltCli> {
  // A clean folder: nothing of an earlier build (or an earlier layout: program.mjs, chunks/) stays.
  rmSync(outdir, { recursive: true, force: true });
  const metafile = options.metafile === true;
  const programResult = await build({ ...programBuildOptions(outdir), metafile });
  const program = join(outdir, 'program.cjs');
  const programHash = createHash('sha256').update(readFileSync(program)).digest('hex').slice(0, 16);
  const entryResult = await build({ ...entryBuildOptions(outdir, programHash), metafile });
  const esmEntry = join(outdir, 'airlock.mjs');
  writeFileSync(esmEntry, "import './airlock.cjs';\n");
  return {
    entry: join(outdir, 'airlock.cjs'),
    esmEntry,
    program,
    metafiles: [programResult, entryResult].flatMap((r) => (r.metafile ? [r.metafile] : [])),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await buildCli();
}

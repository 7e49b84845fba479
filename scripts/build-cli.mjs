// Bundles the `airlock` CLI into one ES module, so a cold start resolves no module graph.
import { build } from 'esbuild';

await build({
  entryPoints: { airlock: 'src/cli/airlock.ts' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Split chunks: the STS SDK, conf and the XML parser load only on the paths that need them.
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // keytar is a native addon and electron is never loaded by the CLI.
  external: ['keytar', 'electron'],
  banner: {
    js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);",
  },
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});

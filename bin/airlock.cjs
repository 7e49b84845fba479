#!/usr/bin/env node
// The `airlock` command: runs the bundled CLI (npm run build:cli). CommonJS, so a cached
// credential_process never starts Node's ES module loader.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose (above)
require('../dist/cli/airlock.cjs');

#!/usr/bin/env node
// `node bin/airlock.mjs`, as before bin/airlock.cjs: the same bundled CLI (npm run build:cli).
import '../dist/cli/airlock.mjs';

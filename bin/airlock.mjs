#!/usr/bin/env node
// The `airlock` command: runs the bundled CLI (npm run build:cli).
import '../dist/cli/airlock.mjs';

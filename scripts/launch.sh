#!/usr/bin/env bash
# Sets up and launches the Airlock app: installs dependencies (with the Electron binary), builds, starts.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if ! node -e "require('fs').accessSync(require('electron'))" 2>/dev/null; then
  echo "The Electron binary is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD?)." >&2
  echo "Run: rm -rf node_modules && npm ci   — on a machine that can download it." >&2
  exit 1
fi
npm run build --silent
exec npx electron-vite preview

#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it can, builds, then runs lint, types,
# unit/integration tests (vitest) and the e2e specs (Playwright in Debian's Chromium) against the
# real parts: a moto STS peer, a throwaway gnome-keyring, the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium gnome-keyring dbus dbus-x11 libsecret-1-dev libsecret-tools python3)

missing_apt=()
command -v chromium >/dev/null || missing_apt+=(chromium)
command -v gnome-keyring-daemon >/dev/null || missing_apt+=(gnome-keyring)
command -v dbus-run-session >/dev/null || missing_apt+=(dbus dbus-x11)
command -v secret-tool >/dev/null || missing_apt+=(libsecret-tools)
pkg-config --exists libsecret-1 2>/dev/null || [ -f /usr/include/libsecret-1/libsecret/secret.h ] || missing_apt+=(libsecret-1-dev)
if ! command -v aws >/dev/null; then missing_apt+=(awscli); fi
if [ ${#missing_apt[@]} -gt 0 ]; then
  echo "== installing system packages: ${missing_apt[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if [ "$(uname)" = Linux ] && command -v apt-get >/dev/null; then
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing_apt[@]}"
  else
    echo "Install these first (see README.md): ${missing_apt[*]}" >&2
    exit 1
  fi
fi

if ! python3 -c 'import moto.server' 2>/dev/null; then
  echo "== installing moto[server] for the STS peer"
  python3 -m pip install --user 'moto[server]>=5,<6' || {
    echo "The tests need Python's moto[server] 5 (pip install 'moto[server]')." >&2
    exit 1
  }
fi

# The Electron binary is not needed to test: only its types are.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

echo "== build"
npm run build --silent

echo "== lint and types"
npm run lint --silent
npm run typecheck --silent

mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json
status=0
echo "== unit and integration tests (vitest)"
bash test-support/with-keyring.sh npx vitest run --reporter=default --reporter=json \
  --outputFile.json=test-results/vitest.json || status=$?

echo "== e2e (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json \
  bash test-support/with-keyring.sh npx playwright test --reporter=list,json || status=$?

node scripts/summarize-tests.mjs test-results/vitest.json test-results/playwright.json || status=$?
exit $status

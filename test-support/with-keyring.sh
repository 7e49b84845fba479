#!/usr/bin/env bash
# Runs a command with a working Secret Service: the caller's own if it works, else a throwaway
# D-Bus session with a fresh, unlocked gnome-keyring whose data lives in a temp dir.
# Usage: bash test-support/with-keyring.sh npx vitest run src/main/secrets
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 64
fi

# A write that succeeds without a prompt proves the Secret Service is usable as it is.
probe_write() {
  printf 'probe' | timeout 5 secret-tool store --label='airlock keyring probe' \
    airlock-keyring-probe yes >/dev/null 2>&1 &&
    timeout 5 secret-tool clear airlock-keyring-probe yes >/dev/null 2>&1
}

# Already inside a working session (a desktop, or a nested call): don't start another keyring.
if [[ "${AIRLOCK_WITH_KEYRING_INNER:-}" != 1 && -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] &&
  command -v secret-tool >/dev/null && probe_write; then
  export AIRLOCK_KEYRING=1
  exec "$@"
fi

for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  if ! command -v "$tool" >/dev/null; then
    echo "with-keyring: '$tool' is missing; install dbus, gnome-keyring and libsecret-tools" >&2
    exit 69
  fi
done

if [[ "${AIRLOCK_WITH_KEYRING_INNER:-}" != 1 ]]; then
  export AIRLOCK_WITH_KEYRING_INNER=1 AIRLOCK_CALLER_HOME="$HOME"
  exec dbus-run-session -- bash "${BASH_SOURCE[0]}" "$@"
fi

# Inside the private bus, before any Secret Service call (one would D-Bus-activate a keyring with
# the caller's HOME). The keyring's files go to a throwaway HOME/XDG dirs so a real user's
# keyring is never read or written; the command itself gets the caller's HOME back.
keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/airlock-keyring.XXXXXX")"
cleanup() {
  if [[ -n "${keyring_pid:-}" ]]; then kill "$keyring_pid" 2>/dev/null || true; fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT
mkdir -p "$keyring_home/data" "$keyring_home/config" "$keyring_home/runtime"
chmod 700 "$keyring_home/runtime"

password="airlock-test-keyring"
# --unlock with a password on stdin creates the "login" collection, already unlocked, so keytar's
# writes go to the default collection without a GUI prompt.
eval "$(
  printf '%s' "$password" |
    HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" \
      XDG_CONFIG_HOME="$keyring_home/config" XDG_RUNTIME_DIR="$keyring_home/runtime" \
      gnome-keyring-daemon --daemonize --unlock --components=secrets
)"
keyring_pid="${GNOME_KEYRING_PID:-}"
HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" \
  XDG_CONFIG_HOME="$keyring_home/config" XDG_RUNTIME_DIR="$keyring_home/runtime" \
  gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1

if ! probe_write; then
  echo "with-keyring: gnome-keyring started but 'secret-tool store' failed; is D-Bus working?" >&2
  exit 70
fi

export HOME="$AIRLOCK_CALLER_HOME"
unset AIRLOCK_WITH_KEYRING_INNER AIRLOCK_CALLER_HOME
export AIRLOCK_KEYRING=1
set +e
"$@"
status=$?
set -e
exit "$status"

#!/usr/bin/env bash
# The seed's web server, sandboxed: `sandmux run -p opencode -- opencode serve` runs the
# real opencode (npm package opencode-ai, installed by scripts/install-deps) and the host
# reaches it on 127.0.0.1. Runs in a private HOME, XDG_RUNTIME_DIR and project.
# Usage: opencode_serve.sh SANDMUX_BINARY
set -euo pipefail
sandmux=$(realpath "${1:?usage: opencode_serve.sh SANDMUX_BINARY}")
opencode=$(command -v opencode) || { echo "FAIL: opencode is not installed (scripts/install-deps installs it)"; exit 1; }

work=$(mktemp -d /tmp/sandmux-opencode.XXXXXX)
chmod 0755 "$work"
# An existing ~/.config/opencode as opencode's first run on the host leaves it: bound
# read-only, opencode must still start (it writes .gitignore there when it is missing).
mkdir -p "$work/home/.config/opencode" "$work/project" "$work/runtime"
printf 'node_modules\npackage.json\npackage-lock.json\nbun.lock\n.gitignore\n' \
  >"$work/home/.config/opencode/.gitignore"
chmod 0700 "$work/runtime"
pid=""
cleanup() {
  local status=$?
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  for f in "$work"/runtime/sandmux/*.state/server.pid; do
    [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

port=$(( 20000 + (RANDOM % 20000) ))
cd "$work/project"
env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 \
    XDG_RUNTIME_DIR="$work/runtime" XDG_CONFIG_HOME="$work/home/.config" \
    "$sandmux" run -p opencode -- "$opencode" serve --port "$port" --hostname 127.0.0.1 \
    >"$work/log" 2>&1 </dev/null &
pid=$!

for _ in $(seq 240); do
  if code=$(curl -s -m 2 -o "$work/page" -w '%{http_code}' "http://127.0.0.1:$port/"); then
    if [ "$code" = 200 ]; then
      echo "PASS: the host reached the sandboxed opencode on 127.0.0.1:$port (HTTP 200, $(wc -c <"$work/page") bytes)"
      # The data and state directories the profile grants exist on the host, created
      # before the start; its read-only config directory stayed as it was.
      test -d "$work/home/.local/state/opencode" && test -d "$work/home/.local/share/opencode"
      test "$(ls -A "$work/home/.config/opencode")" = .gitignore
      exit 0
    fi
  fi
  kill -0 "$pid" 2>/dev/null || { echo "FAIL: sandmux run exited early:"; cat "$work/log"; exit 1; }
  sleep 0.5
done
echo "FAIL: no answer on 127.0.0.1:$port within 120 s:"
cat "$work/log"
exit 1

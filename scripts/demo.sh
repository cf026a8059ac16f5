#!/usr/bin/env bash
# One command on a fresh Debian 12: install, build, and serve the 平沙镇 demo on
# http://127.0.0.1:8080 with the embedded SQLite database in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
TARGETS=wangge scripts/build.sh   # the server and the web app; not the tests
exec ./build/wangge serve --demo "$@"

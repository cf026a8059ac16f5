#!/usr/bin/env bash
# Installs what wangge needs on Debian 12 (bookworm): the C++ toolchain and libraries,
# PostgreSQL (for the tests), Node.js 22 (from the npm registry when Debian's is older
# than 20); with --test, Chromium and a CJK font for the browser tests; with --bench,
# wrk, jq and PostgreSQL for bench/; HAProxy for both (scripts/cluster.sh).
# Idempotent; run as root or with sudo available.
set -euo pipefail

with_test=0 with_bench=0
for arg in "$@"; do
  [[ "$arg" == "--test" ]] && with_test=1
  [[ "$arg" == "--bench" ]] && with_bench=1
done

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

packages=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libxlsxwriter-dev zlib1g-dev
  libzip-dev libexpat1-dev
  libjpeg62-turbo-dev libpng-dev libwebp-dev
  libgtest-dev libbenchmark-dev
)
# Node.js and npm from Debian, unless the machine already has them (a NodeSource nodejs,
# for one, carries its own npm and conflicts with Debian's npm package).
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [[ $with_test -eq 1 ]]; then
  packages+=(postgresql chromium fonts-wqy-microhei procps haproxy)
fi
if [[ $with_bench -eq 1 ]]; then
  packages+=(postgresql postgresql-contrib wrk jq time procps haproxy)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  # Debian's PostgreSQL package would start a cluster of its own; tests run their own.
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/wangge.conf >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Vite 7 and playwright-core need Node.js 20+; Debian 12 ships 18. The npm registry's
# `node` package carries official Node.js binaries.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [[ "$node_major" -lt 20 ]]; then
  echo "installing Node.js 22 from the npm registry (Debian has $node_major)"
  $SUDO npm install -g --no-audit --no-fund node@22 >/dev/null
  hash -r
fi
echo "dependencies ready: $(g++ --version | head -1), cmake $(cmake --version | head -1 | cut -d' ' -f3), node $(node --version)"

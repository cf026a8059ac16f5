#!/usr/bin/env bash
# One command for the whole benchmark suite:
#   1. builds geo_bench and wangge in a Release build dir (BUILD=0 skips),
#   2. geo_bench, 3 repetitions, medians,
#   3. bench/http_bench.sh (GET, SQLite writes, pgbench baseline + PostgreSQL writes),
#   4. bench/import_bench.sh (whole-country import, SQLite and PostgreSQL, twice each),
#   5. prints a summary block (Markdown) ready to paste into docs/PERFORMANCE.md.
# Environment: BUILD_DIR [/tmp/bench-build], BUILD [1], BUILD_JOBS [1], QUICK=1 (short runs,
# validation only), SKIP_GEO / SKIP_HTTP / SKIP_IMPORT = 1, plus everything http_bench.sh and
# import_bench.sh accept. Results: $RESULTS_DIR/results.env and $RESULTS_DIR/summary.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
: "${BUILD_DIR:=/tmp/bench-build}" "${BUILD:=1}" "${BUILD_JOBS:=1}"
export WANGGE_BIN="${WANGGE_BIN:-$BUILD_DIR/wangge}"
export RESULTS_DIR="${RESULTS_DIR:-/tmp/wangge-bench-results}"
if [ "${QUICK:-0}" = 1 ]; then export DURATION="${DURATION:-3}" REPS="${REPS:-1}"; fi
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
mkdir -p "$RESULTS_DIR"
: >"$RESULTS_DIR/results.env"

if [ "$BUILD" = 1 ]; then
  log "building $BUILD_DIR (Release, -j$BUILD_JOBS)"
  cmake -S "$SRC" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWANGGE_TESTS=OFF \
    >"$RESULTS_DIR/cmake.log" 2>&1 || { tail -20 "$RESULTS_DIR/cmake.log"; die "cmake failed"; }
  ninja -C "$BUILD_DIR" -j"$BUILD_JOBS" geo_bench wangge >"$RESULTS_DIR/build.log" 2>&1 \
    || { grep -E 'FAILED|error' "$RESULTS_DIR/build.log" | head -20; die "build failed"; }
fi

# --- machine ---------------------------------------------------------------------------------
record machine_nproc "$(nproc)"
record machine_cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
record machine_ram "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
record machine_kernel "$(uname -r)"
record machine_debian "$(cat /etc/debian_version 2>/dev/null || echo '?')"
record machine_date "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
record machine_loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record commit "$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$SRC" diff --quiet HEAD -- src 2>/dev/null || echo ' (+ uncommitted src changes)')"
record quick "${QUICK:-0}"

# --- geo_bench -------------------------------------------------------------------------------
if [ "${SKIP_GEO:-0}" != 1 ]; then
  GEO="$BUILD_DIR/geo_bench"; [ -x "$GEO" ] || GEO="$BUILD_DIR/bench/geo_bench"
  [ -x "$GEO" ] || die "no geo_bench at $GEO"
  log "geo_bench, 3 repetitions"
  timeout 900 "$GEO" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_format=json >"$RESULTS_DIR/geo_bench.json" 2>"$RESULTS_DIR/geo_bench.err" \
    || { cat "$RESULTS_DIR/geo_bench.err" >&2; die "geo_bench failed"; }
  # median rows: name, time per iteration (in its unit), items/s
  while IFS=$'\t' read -r name t unit ips; do
    key=$(printf '%s' "$name" | tr '/' '_')
    record "geo_${key}_time" "$t $unit"
    record "geo_${key}_items_per_s" "$ips"
  done < <(jq -r '.benchmarks[] | select(.aggregate_name == "median") |
      [.run_name, ((.real_time * 1000 | round) / 1000 | tostring) + " (cpu " + ((.cpu_time * 1000 | round) / 1000 | tostring) + ")", .time_unit, ((.items_per_second // 0) | floor | tostring)] | @tsv' \
      "$RESULTS_DIR/geo_bench.json")
fi

# --- HTTP and import -------------------------------------------------------------------------
if [ "${SKIP_HTTP:-0}" != 1 ]; then "$HERE/http_bench.sh"; fi
if [ "${SKIP_IMPORT:-0}" != 1 ]; then "$HERE/import_bench.sh"; fi
record machine_loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- summary ---------------------------------------------------------------------------------
# shellcheck disable=SC1091
source "$RESULTS_DIR/results.env"
v() { local n="$1"; printf '%s' "${!n:-n/a}"; }
status() {  # status VALUE TARGET higher|lower
  awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN {
    if (a == "n/a" || a == "") { print "not run"; exit }
    if ((d == "higher" && a + 0 >= b + 0) || (d == "lower" && a + 0 <= b + 0)) print "met"; else print "MISSED" }'
}
row() {  # row LABEL VALUE UNIT TARGET higher|lower VALID
  local r; r=$(ratio "$2" "$4")
  printf '| %s | %s %s | %s %s %s | %s | %s%s |\n' "$1" "$2" "$3" "$([ "$5" = higher ] && echo '≥' || echo '<')" \
    "$4" "$3" "$r" "$(status "$2" "$4" "$5")" "$(case "${6:-yes}" in yes|n/a) ;; *) echo ", $6" ;; esac)"
}
{
  echo "### Wangge benchmark summary$([ "${QUICK:-0}" = 1 ] && echo ' (QUICK validation run, not for publication)')"
  echo
  echo "- Date: $(v machine_date); commit $(v commit)"
  echo "- Machine: $(v machine_nproc) × $(v machine_cpu), RAM $(v machine_ram), kernel $(v machine_kernel), Debian $(v machine_debian)"
  echo "- Load average at start / end: $(v machine_loadavg_start) / $(v machine_loadavg_end)"
  echo "- Runs: ${REPS:-3} × ${DURATION:-15} s per HTTP figure (median), wrk -t${WRK_THREADS:-2}; binary $WANGGE_BIN"
  echo
  echo "| Measurement | Median | Target | Ratio | Status |"
  echo "|---|---|---|---|---|"
  pgb=$(v pgbench_insert_c${PGBENCH_CLIENTS:-4}_tps)
  row "GET region, access log on, -c${GET_CONNS:-64}" "$(v get_log_true_rps)" req/s 30000 higher "$(v get_log_true_valid)"
  row "GET region, access log off, -c${GET_CONNS:-64}" "$(v get_log_false_rps)" req/s 30000 higher "$(v get_log_false_valid)"
  for c in ${WRITE_CONNS:-64 128}; do
    row "Durable write, SQLite, -c$c" "$(v write_sqlite_c${c}_rps)" req/s 10000 higher "$(v write_sqlite_c${c}_valid)"
  done
  for c in ${WRITE_CONNS:-64 128}; do
    row "Durable write, PostgreSQL, -c$c (target = pgbench)" "$(v write_pg_c${c}_rps)" req/s "$pgb" higher "$(v write_pg_c${c}_valid)"
  done
  echo "| pgbench insert-only baseline, -c${PGBENCH_CLIENTS:-4} -j2 | $pgb tps | | | |"
  for pc in ${PGBENCH_EXTRA_CLIENTS-64}; do
    echo "| pgbench insert-only, -c$pc -j2 (informational) | $(v pgbench_insert_c${pc}_tps) tps | | | |"
  done
  for c in ${WRITE_CONNS:-64 128}; do
    echo "| SQLite writes per group commit (last run), -c$c | $(v write_sqlite_c${c}_writes_per_commit_last) | | | |"
  done
  for db in sqlite pg; do
    for run in 1 2; do
      row "Import CN, $db, run $run wall" "$(v import_${db}_run${run}_wall_s)" s 60 lower
      row "Import CN, $db, run $run max RSS" "$(v import_${db}_run${run}_rss_mib)" MiB 1024 lower
    done
    echo "| Import CN, $db: rows / idempotent | $(v import_${db}_run2_rows) rows | | | $(v import_${db}_idempotent) |"
  done
  echo
  echo "geo_bench (median of 3):"
  echo
  echo "| Benchmark | Wall time (CPU time) | Items/s (from CPU time) |"
  echo "|---|---|---|"
  for b in BM_Locate10k BM_LocateIndex10k BM_Coverage_50 BM_Coverage_500; do
    echo "| $b | $(v geo_${b}_time) | $(v geo_${b}_items_per_s) |"
  done
} | tee "$RESULTS_DIR/summary.md"

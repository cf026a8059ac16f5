#!/usr/bin/env bash
# Durable event intake through HTTP on SQLite (issue 3 target: >= 10,000 events/s), for the
# native API (JSON, a resident's bearer token) and Open311 (form-encoded, an API key). Each
# run starts a fresh server (demo territory and its 24,000-event history), drives it with
# wrk for DURATION seconds, then checks that the database holds every event answered 201.
#
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  DURATION [15]  REPS [3]  CONNS ["64 256"]
#              WRK_THREADS [2]  MODES ["native open311"]  QUICK=1 (3 s, 1 run)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
if [ "${QUICK:-0}" = 1 ]; then : "${DURATION:=3}" "${REPS:=1}"; fi
: "${DURATION:=15}" "${REPS:=3}" "${CONNS:=64 256}" "${WRK_THREADS:=2}" "${MODES:=native open311}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
command -v wrk >/dev/null || die "wrk not installed"
command -v node >/dev/null || die "node not installed"
WORK=$(mktemp -d /tmp/wangge-bench-intake.XXXXXX)
cleanup() { stop_server; [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

count_events() { timeout 30 sqlite3 "$1/wangge.db" "SELECT COUNT(*) FROM events WHERE created_at >= 1735660800000"; }

for mode in $MODES; do
  for conns in $CONNS; do
    rps_list=(); invalid=0
    for i in $(seq 1 "$REPS"); do
      data="$WORK/$mode-c$conns-$i"
      mkdir -p "$data"
      cred=""
      if [ "$mode" = open311 ]; then
        cred=$("$WANGGE_BIN" api-key create --name bench --data "$data" 2>/dev/null | awk '{ print $NF }')
      fi
      start_server "$data" "$data.log"
      token=$(login)
      [ "$mode" = native ] && cred="$token"
      points_file "$token" "$WORK/points.txt"
      before=$(count_events "$data")
      out="$data.txt"
      run_wrk "$out" -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" --latency -s "$HERE/intake.lua" \
        "http://$BENCH_HOST:$SERVER_PORT" -- "$mode" "$cred" "$WORK/points.txt"
      batch=$(curl -s --max-time 5 "http://$BENCH_HOST:$SERVER_PORT/metrics" | awk '
        /^wangge_storage_commits_total/ { c = $2 } /^wangge_storage_writes_total/ { w = $2 }
        /^wangge_storage_exec_seconds_total/ { e = $2 } /^wangge_storage_commit_seconds_total/ { k = $2 }
        /^wangge_storage_syncs_total/ { n = $2 } /^wangge_storage_sync_seconds_total/ { y = $2 }
        END { if (c > 0) printf "%.1f (writer: exec %.1fs, commit %.1fs; %d syncs, %.1fs)", w / c, e, k, n, y; else print "?" }')
      stop_server
      read -r r non2xx sockerr p50 p99 < <(parse_wrk "$out")
      after=$(count_events "$data")
      answered=$(awk '/requests in/ { print $1 }' "$out")
      log "intake $mode c$conns run $i: $r events/s, non-2xx $non2xx, socket errors $sockerr, p50 $p50, p99 $p99, writes/commit $batch, events stored $((after - before)) of $answered answered"
      if [ "$non2xx" -ne 0 ] || [ "$sockerr" -ne 0 ]; then invalid=1; grep -m3 -E '"status":[45]' "$data.log" >&2 || true; fi
      # Every 201 is in the database (wrk counts requests it completed; all were 201).
      [ "$((after - before))" -ge "$answered" ] || { invalid=1; log "stored fewer events than answered"; }
      rps_list+=("$r")
      [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$data"
    done
    record "intake_${mode}_c${conns}_eps" "$(median "${rps_list[@]}")"
    record "intake_${mode}_c${conns}_runs" "${rps_list[*]}"
    record "intake_${mode}_c${conns}_p99_last" "$p99"
    record "intake_${mode}_c${conns}_valid" "$([ $invalid = 0 ] && echo yes || echo INVALID)"
  done
done
log "done"

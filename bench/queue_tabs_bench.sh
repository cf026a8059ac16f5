#!/usr/bin/env bash
# Every queue tab at ten million events (issue 23), each measured on its own: the tabs of
# the dispatcher's console (web/src/components/events/EventConsole.vue) as 平沙镇's
# dispatcher (a town), 立新社区's grid chief (a community) and the administrator; the
# handler's tasks (web/src/views/events/task) as the demo handler; the grid worker's own
# reports (web/src/views/events/mine) as the demo grid worker. Each tab is its first page
# and the next, requested in turn by one client for DURATION seconds, REPS times; the
# medians of p50 and p99 are printed as a table and recorded.
# Uses the data of bench/scale_bench.sh (run it first).
#
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  DATA [/var/tmp/wangge-scale]
#              DATABASE [postgresql://...: the data of DATABASE= bench/scale_bench.sh]
#              DURATION [3]  REPS [3]  ROLES ["dispatcher gridchief admin handler gridworker"]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${DATA:=/var/tmp/wangge-scale}" "${DURATION:=3}" "${REPS:=3}"
: "${ROLES:=dispatcher gridchief admin handler gridworker}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
WORK=$(mktemp -d /tmp/wangge-bench-tabs.XXXXXX)
cleanup() { stop_server; cp "$WORK/server.log" /tmp/wangge-tabs-server.log 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$HERE/.."
[ -f "$DATA/.generated" ] || die "no scale data in $DATA: run bench/scale_bench.sh first"
DB=()
[ -n "${DATABASE:-}" ] && DB=(--database "$DATABASE")
start_server "$DATA" "$WORK/server.log" --demo-history 0 "${DB[@]}"
wait_trained  # its first training reads 200,000 events: not beside the measurement

token_of() {
  if [ "$1" = admin ]; then login; return; fi
  curl -sS --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"${WANGGE_DEMO_PASSWORD:-Wangge@2026}\"}" \
    "http://$BENCH_HOST:$SERVER_PORT/api/v1/auth/login" | jq -r '.token // empty'
}
OPEN=at_grid,reported,accepted,dispatched,handling,handled
console_tabs() {
  printf '%s\n' "at_grid status=at_grid" "reported status=reported" "accepted status=accepted" \
    "extension status=handling&extension=true" "dispatched status=dispatched" "handling status=handling" \
    "handled status=handled" "overdue status=$OPEN&overdue=true" "supervised status=$OPEN&supervised=true" \
    "closed status=closed" "ended status=rejected,merged,withdrawn" "all "
}
tabs_of() {
  case "$1" in
    handler)
      printf '%s\n' "todo mine=department&status=dispatched,handling" "dispatched mine=department&status=dispatched" \
        "handling mine=department&status=handling" "overdue mine=department&status=dispatched,handling&overdue=true" \
        "whistle mine=whistled" "handled mine=department&status=handled" "closed mine=department&status=closed" \
        "all mine=department" ;;
    gridworker)
      printf '%s\n' "all mine=reported" "progress mine=reported&status=$OPEN" "verify mine=reported&status=handled" \
        "closed mine=reported&status=closed" "ended mine=reported&status=rejected,merged,withdrawn" ;;
    *) console_tabs ;;
  esac
}

printf '| role | tab | p50 ms | p99 ms | events on page 1 |\n|---|---|---|---|---|\n' >"$WORK/table.md"
for role in $ROLES; do
  tok=$(token_of "$role")
  [ -n "$tok" ] || die "$role: login failed"
  while read -r tab q; do
    first="/api/v1/events?limit=50${q:+&$q}"
    page=$(curl -s --max-time 60 -H "Authorization: Bearer $tok" "http://$BENCH_HOST:$SERVER_PORT$first")
    n=$(jq '.items | length' <<<"$page")
    cursor=$(jq -r '.next_cursor // empty' <<<"$page")
    { echo "$first"; [ -n "$cursor" ] && echo "$first&cursor=$cursor"; } >"$WORK/paths.txt"
    p50s=(); p99s=()
    for i in $(seq 1 "$REPS"); do
      out="$WORK/$role-$tab-$i.txt"
      run_wrk "$out" -t1 -c1 -d"${DURATION}s" --latency -s "$HERE/urls.lua" \
        "http://$BENCH_HOST:$SERVER_PORT" -- "$tok" "$WORK/paths.txt"
      read -r _ non2xx sockerr p50 p99 < <(parse_wrk "$out")
      [ "$non2xx" -eq 0 ] && [ "$sockerr" -eq 0 ] || die "$role $tab: non-2xx $non2xx, socket errors $sockerr"
      p50s+=("$(to_ms "$p50")"); p99s+=("$(to_ms "$p99")")
    done
    m50=$(median "${p50s[@]}") m99=$(median "${p99s[@]}")
    log "$role $tab: p50 $m50 ms, p99 $m99 ms ($n events on page 1)"
    record "tabs_${role}_${tab}_p50_ms" "$m50"
    record "tabs_${role}_${tab}_p99_ms" "$m99"
    printf '| %s | %s | %s | %s | %s |\n' "$role" "$tab" "$m50" "$m99" "$n" >>"$WORK/table.md"
  done < <(tabs_of "$role")
done
cat "$WORK/table.md"
mkdir -p "$RESULTS_DIR" && cp "$WORK/table.md" "$RESULTS_DIR/queue_tabs.md"

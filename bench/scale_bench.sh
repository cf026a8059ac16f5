#!/usr/bin/env bash
# Events at scale (issue 3 targets, SQLite): with COUNT (10 million) past events under
# 珠海市 (4404: 3 counties, 345 communities, the demo town's 72 grids), measured over HTTP:
#   - the dispatcher's queue pages (every console tab, first page and the next): p99 <= 10 ms;
#   - the statistics of a county for a year (and for an unaligned period): <= 50 ms;
#   - the leaders' cockpit of a town (<= 50 ms) and of a county (<= 200 ms), issue 22;
#   - each statistics period on its own (an unaligned county year, a town's year, the city's
#     five years, day ranges): p99 <= 50 ms (issue 23);
#   - the queue pages while events are reported at INTAKE_RATE (2,000/s) in the background
#     (sets mixed-*: p99 <= 20 ms), and that intake alone (intake-alone), issue 23;
#   - the server's resident memory after all of it: <= 300 MB.
# The data is generated once into DATA (about 15 GB for 10 M events with their timelines;
# `wangge generate-events`) and reused while its marker file says the same COUNT.
#
# On PostgreSQL: DATABASE=postgresql://... (an empty database, or one this script filled;
# e.g. `PG_SETTINGS="-c shared_buffers=6GB" scripts/pg.sh start /var/tmp/wangge-pg`); the
# marker file in DATA then names it.
#
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  DATA [/var/tmp/wangge-scale]
#              COUNT [10000000]  DURATION [10]  REPS [3]  CONNS ["1 8"]  SETS [every set]
#              INTAKE_RATE [2000]  INTAKE_CONNS [16]
# The mixed sets add events to DATA (INTAKE_RATE x DURATION per run): they come last.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${DATA:=/var/tmp/wangge-scale}" "${COUNT:=10000000}" "${DURATION:=10}" "${REPS:=3}" "${CONNS:=1 8}"
: "${INTAKE_RATE:=2000}" "${INTAKE_CONNS:=16}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
command -v wrk >/dev/null || die "wrk not installed"
WORK=$(mktemp -d /tmp/wangge-bench-scale.XXXXXX)
cleanup() { stop_server; cp "$WORK/server.log" /tmp/wangge-scale-server.log 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
SRC=$(cd "$HERE/.." && pwd)
cd "$SRC"  # the binary finds node_modules (holidays) from here

DB=()
marker=$COUNT
if [ -n "${DATABASE:-}" ]; then
  # The database's identity, not its address: a cluster restarted on another port keeps its
  # events (regenerating 10 M events on PostgreSQL takes over an hour).
  DB=(--database "$DATABASE")
  marker="$COUNT $(psql -Atc 'SELECT system_identifier FROM pg_control_system()' "$DATABASE")/${DATABASE##*/}"
  marker=${marker%%\?*}
fi
if [ "$(cat "$DATA/.generated" 2>/dev/null)" != "$marker" ]; then
  log "generating $COUNT events into ${DATABASE:-$DATA} (once)"
  rm -rf "$DATA"
  "$WANGGE_BIN" import-divisions --root 4404 --data "$DATA" "${DB[@]}" --source "$DIVISIONS" >&2
  start_server "$DATA" "$WORK/setup.log" --demo-history 0 "${DB[@]}"
  stop_server
  "$WANGGE_BIN" generate-events --root 4404 --count "$COUNT" --data "$DATA" "${DB[@]}" | tee "$WORK/generate.txt" >&2
  record scale_generate "$(cat "$WORK/generate.txt")"
  echo "$marker" >"$DATA/.generated"
fi
record scale_events "$COUNT"
if [ -n "${DATABASE:-}" ]; then
  record scale_db_bytes "$(psql -Atc 'SELECT pg_database_size(current_database())' "$DATABASE")"
else
  record scale_db_bytes "$(du -b "$DATA/wangge.db" | cut -f1)"
fi

start_server "$DATA" "$WORK/server.log" --demo-history 0 "${DB[@]}"
wait_trained
admin=$(login)
dispatcher=$(curl -sS --max-time 10 -H 'Content-Type: application/json' \
  -d "{\"username\":\"dispatcher\",\"password\":\"${WANGGE_DEMO_PASSWORD:-Wangge@2026}\"}" \
  "http://$BENCH_HOST:$SERVER_PORT/api/v1/auth/login" | jq -r '.token // empty')
[ -n "$dispatcher" ] || die "dispatcher login failed"

# The console's tabs (web/src/components/events/EventConsole.vue), page 1 and page 2.
queue_paths() {
  local token="$1" q first cursor
  for q in "status=reported" "status=accepted" "status=dispatched" "status=handling" "status=handled" \
    "status=reported,accepted,dispatched,handling,handled&overdue=true" "supervised=true" "status=closed" \
    "status=rejected,merged,withdrawn" "" "status=closed&category=03" "status=closed&source=hotline"; do
    first="/api/v1/events?limit=50&$q"
    echo "$first"
    cursor=$(curl -s --max-time 30 -H "Authorization: Bearer $token" "http://$BENCH_HOST:$SERVER_PORT$first" |
      jq -r '.next_cursor // empty')
    [ -n "$cursor" ] && echo "$first&cursor=$cursor"
  done
}
queue_paths "$dispatcher" >"$WORK/queue-dispatcher.txt"
queue_paths "$admin" >"$WORK/queue-admin.txt"
{
  echo "/api/v1/events/stats?region=440402&from=2025-01-01&to=2026-01-01"
  echo "/api/v1/events/stats?region=440403&from=2025-01-01&to=2026-01-01"
  echo "/api/v1/events/stats?region=440404&from=2025-01-01&to=2026-01-01"
} >"$WORK/stats-year.txt"
{
  echo "/api/v1/events/stats?region=440402&from=2024-03-17T09:30:00%2B08:00&to=2025-03-16T18:00:00%2B08:00"
  echo "/api/v1/events/stats?region=440404104&from=2025-01-01&to=2026-01-01"
  echo "/api/v1/events/stats?region=4404&from=2021-01-01&to=2026-01-01"
} >"$WORK/stats-other.txt"
# The same periods one by one, and day ranges a user may pick (a town's 107 days, a county's
# fortnight, the city's 40 days across a new year).
sed -n 1p "$WORK/stats-other.txt" >"$WORK/stats-unaligned.txt"
sed -n 2p "$WORK/stats-other.txt" >"$WORK/stats-town-year.txt"
sed -n 3p "$WORK/stats-other.txt" >"$WORK/stats-city-5y.txt"
{
  echo "/api/v1/events/stats?region=440404104&from=2023-05-09&to=2023-08-24"
  echo "/api/v1/events/stats?region=440403&from=2022-02-11&to=2022-02-25"
  echo "/api/v1/events/stats?region=4404&from=2024-12-12&to=2025-01-21"
} >"$WORK/stats-days.txt"
# The leaders' cockpit (issue 22: a town <= 50 ms, a county <= 200 ms): a year, a month, a
# quarter; each answer is the whole page (figures, 12-month trend, hotspots, categories,
# departments, visits, disputes, spike warnings).
{
  echo "/api/v1/cockpit?region=440404104&from=2025-01-01&to=2026-01-01"
  echo "/api/v1/cockpit?region=440404104&from=2025-11-01&to=2025-12-01"
  echo "/api/v1/cockpit?region=440404104&from=2025-07-01&to=2025-10-01"
} >"$WORK/cockpit-town.txt"
{
  echo "/api/v1/cockpit?region=440404&from=2025-01-01&to=2026-01-01"
  echo "/api/v1/cockpit?region=440402&from=2025-11-01&to=2025-12-01"
  echo "/api/v1/cockpit?region=440403&from=2025-07-01&to=2025-10-01"
} >"$WORK/cockpit-county.txt"

# Each list once before measuring (a first read from disk is not what a console sees).
for f in "$WORK"/queue-*.txt "$WORK"/stats-*.txt; do
  tok=$admin; case "$f" in *dispatcher*) tok=$dispatcher ;; esac
  while read -r p; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $tok" \
      "http://$BENCH_HOST:$SERVER_PORT$p")
    [ "$code" = 200 ] || die "$p answered $code"
  done <"$f"
done

# Events reported at INTAKE_RATE a second for DURATION (+ 1 s on each side of the reads when
# in the background): a resident's report through the native API, into the demo town's grids.
points_file "$admin" "$WORK/points.txt"
intake() {
  run_wrk "$1" -t1 -c"$INTAKE_CONNS" -d"$2s" --latency -s "$HERE/intake_paced.lua" \
    "http://$BENCH_HOST:$SERVER_PORT" -- native "$admin" "$WORK/points.txt" "$INTAKE_RATE"
}
intake_record() {  # KEY FILES...: the intake's median rate, p50, p99 and failures over runs
  local key="$1" f r non2xx sockerr p50 p99 rs=() p50s=() p99s=() failed=0
  shift
  for f in "$@"; do
    read -r r non2xx sockerr p50 p99 < <(parse_wrk "$f")
    rs+=("$r"); p50s+=("$(to_ms "$p50")"); p99s+=("$(to_ms "$p99")"); failed=$((failed + non2xx + sockerr))
  done
  record "${key}_eps" "$(median "${rs[@]}")"
  record "${key}_p50_ms" "$(median "${p50s[@]}")"
  record "${key}_p99_ms" "$(median "${p99s[@]}")"
  record "${key}_failed" "$failed"
}

for set in ${SETS:-queue-dispatcher queue-admin stats-year stats-other stats-unaligned stats-town-year stats-city-5y \
  stats-days cockpit-town cockpit-county intake-alone mixed-dispatcher mixed-admin}; do
  if [ "$set" = intake-alone ]; then
    runs=()
    for i in $(seq 1 "$REPS"); do intake "$WORK/intake-alone-$i.txt" "$DURATION"; runs+=("$WORK/intake-alone-$i.txt"); done
    intake_record scale_intake_alone "${runs[@]}"
    continue
  fi
  tok=$admin; [[ "$set" == *-dispatcher ]] && tok=$dispatcher
  paths="$WORK/$set.txt"; [[ "$set" == mixed-* ]] && paths="$WORK/queue-${set#mixed-}.txt"
  for conns in $CONNS; do
    p50s=(); p99s=(); rpss=(); intakes=()
    for i in $(seq 1 "$REPS"); do
      out="$WORK/$set-c$conns-$i.txt"
      if [[ "$set" == mixed-* ]]; then
        intake "$WORK/$set-c$conns-$i-intake.txt" $((DURATION + 2)) &
        intake_pid=$!
        intakes+=("$WORK/$set-c$conns-$i-intake.txt")
        sleep 1
      fi
      run_wrk "$out" -t1 -c"$conns" -d"${DURATION}s" --latency -s "$HERE/urls.lua" \
        "http://$BENCH_HOST:$SERVER_PORT" -- "$tok" "$paths"
      if [[ "$set" == mixed-* ]]; then wait "$intake_pid" || die "$set: the background intake failed"; fi
      read -r r non2xx sockerr p50 p99 < <(parse_wrk "$out")
      # Overload is answered 503 quickly (load shedding): counted and reported, the run goes on.
      [ "$sockerr" -eq 0 ] || die "$set: socket errors $sockerr"
      [ "$non2xx" -eq 0 ] || record "scale_${set//-/_}_c${conns}_run${i}_non2xx" "$non2xx"
      log "$set c$conns run $i: $r req/s, p50 $p50, p99 $p99, non-2xx $non2xx"
      p50s+=("$(to_ms "$p50")"); p99s+=("$(to_ms "$p99")"); rpss+=("$r")
    done
    record "scale_${set//-/_}_c${conns}_p50_ms" "$(median "${p50s[@]}")"
    record "scale_${set//-/_}_c${conns}_p99_ms" "$(median "${p99s[@]}")"
    record "scale_${set//-/_}_c${conns}_rps" "$(median "${rpss[@]}")"
    if [ "${#intakes[@]}" -gt 0 ]; then intake_record "scale_${set//-/_}_c${conns}_intake" "${intakes[@]}"; fi
  done
done
record scale_rss_mb "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
record scale_rss_peak_mb "$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
log "done"

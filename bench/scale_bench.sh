#!/usr/bin/env bash
# Events at scale (issue 3 targets, SQLite): with COUNT (10 million) past events under
# 珠海市 (4404: 3 counties, 345 communities, the demo town's 72 grids), measured over HTTP:
#   - the dispatcher's queue pages (every console tab, first page and the next): p99 <= 10 ms;
#   - the statistics of a county for a year (and for an unaligned period): <= 50 ms;
#   - the leaders' cockpit of a town (<= 50 ms) and of a county (<= 200 ms), issue 22;
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
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${DATA:=/var/tmp/wangge-scale}" "${COUNT:=10000000}" "${DURATION:=10}" "${REPS:=3}" "${CONNS:=1 8}"
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
if [ -n "${DATABASE:-}" ]; then DB=(--database "$DATABASE"); marker="$COUNT ${DATABASE%%\?*}"; fi
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

for set in ${SETS:-queue-dispatcher queue-admin stats-year stats-other cockpit-town cockpit-county}; do
  tok=$admin; [ "$set" = queue-dispatcher ] && tok=$dispatcher
  for conns in $CONNS; do
    p50s=(); p99s=(); rpss=()
    for i in $(seq 1 "$REPS"); do
      out="$WORK/$set-c$conns-$i.txt"
      run_wrk "$out" -t1 -c"$conns" -d"${DURATION}s" --latency -s "$HERE/urls.lua" \
        "http://$BENCH_HOST:$SERVER_PORT" -- "$tok" "$WORK/$set.txt"
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
  done
done
record scale_rss_mb "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
record scale_rss_peak_mb "$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
log "done"

#!/usr/bin/env bash
# The service desk (issue 18), on SQLite and on PostgreSQL:
#   (a) 64 takers racing over HTTP for 1,000 open orders (bench/take_race.py): takes per
#       second, and exactly 1,000 successes (each order taken once; the losers get 409);
#   (b) with COUNT (1 million) orders under the demo town (`wangge generate-orders`): the
#       community's order console, every tab, page 1 and the next, as the community's grid
#       chief and as the town's dispatcher, and the catalogue page: p99 <= 10 ms.
# Each wrk measurement is repeated REPS times; medians are reported.
#
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  COUNT [1000000]  DURATION [10]  REPS [3]
#              CONNS ["1 8"]  BACKENDS ["sqlite pg"]  TAKERS [64]  ORDERS [1000]
#              DATA [/var/tmp/wangge-orders]: the SQLite data, generated once per COUNT
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${COUNT:=1000000}" "${DURATION:=10}" "${REPS:=3}" "${CONNS:=1 8}" "${BACKENDS:=sqlite pg}"
: "${TAKERS:=64}" "${ORDERS:=1000}" "${DATA:=/var/tmp/wangge-orders}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
command -v wrk >/dev/null || die "wrk not installed"
WORK=$(mktemp -d /tmp/wangge-bench-services.XXXXXX)
cleanup() { stop_server; stop_pg; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
SRC=$(cd "$HERE/.." && pwd)
cd "$SRC"

demo_login() {
  curl -sS --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"${WANGGE_DEMO_PASSWORD:-Wangge@2026}\"}" \
    "http://$BENCH_HOST:$SERVER_PORT/api/v1/auth/login" | jq -r '.token // empty'
}

# The console's tabs (web/src/views/services/order/console), page 1 and page 2, then the
# catalogue and a community's list.
console_paths() {
  local token="$1" q first cursor
  for q in "" "status=ordered" "status=open" "status=assigned" "status=taken" "status=done" "overdue=true" \
    "status=confirmed" "status=declined,cancelled"; do
    first="/api/v1/service-orders?view=community&limit=50&$q"
    echo "$first"
    cursor=$(curl -s --max-time 30 -H "Authorization: Bearer $token" "http://$BENCH_HOST:$SERVER_PORT$first" |
      jq -r '.next_cursor // empty')
    [ -n "$cursor" ] && echo "$first&cursor=$cursor"
  done
}

for backend in $BACKENDS; do
  extra=()
  if [ "$backend" = pg ]; then
    start_pg
    pg_recreate_db wangge_race
    extra=(--database "$(pg_url wangge_race)")
  fi
  # (a) the race, on a fresh demo.
  start_server "$WORK/race-$backend" "$WORK/race-$backend.log" --demo-history 0 "${extra[@]}"
  out=$(python3 "$HERE/take_race.py" "http://$BENCH_HOST:$SERVER_PORT" "$ADMIN_PW" "$TAKERS" "$ORDERS") ||
    die "take race failed: $out"
  record "services_${backend}_race" "$out"
  stop_server
  # (b) the console at COUNT orders.
  if [ "$backend" = pg ]; then
    pg_recreate_db wangge_orders
    extra=(--database "$(pg_url wangge_orders)")
    data="$WORK/orders-pg"
    start_server "$data" "$WORK/setup-pg.log" --demo-history 0 "${extra[@]}"
    stop_server
    "$WANGGE_BIN" generate-orders --root 440404104 --count "$COUNT" --data "$data" "${extra[@]}" >"$WORK/gen.txt"
    record "services_pg_generate" "$(cat "$WORK/gen.txt")"
    record "services_pg_db_bytes" "$(pg_psql -d wangge_orders -tAc "SELECT pg_database_size('wangge_orders')")"
  else
    data="$DATA"
    if [ "$(cat "$DATA/.generated" 2>/dev/null)" != "$COUNT" ]; then
      rm -rf "$DATA"
      start_server "$DATA" "$WORK/setup.log" --demo-history 0
      stop_server
      "$WANGGE_BIN" generate-orders --root 440404104 --count "$COUNT" --data "$DATA" >"$WORK/gen.txt"
      record "services_sqlite_generate" "$(cat "$WORK/gen.txt")"
      echo "$COUNT" >"$DATA/.generated"
    fi
    record "services_sqlite_db_bytes" "$(du -b "$DATA/wangge.db" | cut -f1)"
  fi
  start_server "$data" "$WORK/server-$backend.log" --demo-history 0 "${extra[@]}"
  chief=$(demo_login gridchief)
  dispatcher=$(demo_login dispatcher)
  [ -n "$chief" ] && [ -n "$dispatcher" ] || die "demo login failed"
  console_paths "$chief" >"$WORK/console-chief.txt"
  console_paths "$dispatcher" >"$WORK/console-dispatcher.txt"
  {
    echo "/api/v1/service-items?region=440404104"
    echo "/api/v1/service-items?region=440404104001001"
    echo "/api/v1/communities/440404104001/service-items"
  } >"$WORK/catalogue.txt"
  measure "services_${backend}_console_chief" "$chief" "$WORK/console-chief.txt"
  measure "services_${backend}_console_dispatcher" "$dispatcher" "$WORK/console-dispatcher.txt"
  measure "services_${backend}_catalogue" "$chief" "$WORK/catalogue.txt"
  stop_server
  [ "$backend" = pg ] && stop_pg
done
log "done"

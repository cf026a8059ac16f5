#!/usr/bin/env bash
# Points (issue 19), on SQLite and on PostgreSQL:
#   (a) MIXED (100,000) awards and redemptions through HTTP by 16 threads
#       (bench/points_mixed.py): requests per second, p50/p99 of each, and zero anomalies
#       (balances = ledger sums = what was answered; stock = units added - redemptions);
#   (b) with HOLDERS (1 million) holders and ENTRIES (50 million) ledger entries under the
#       demo county (`wangge generate-points`, one year of entries): a holder's balance, a
#       holder's ledger page, and the county's, town's, community's and grid's rankings for
#       the year, a month and all time: p99 <= 10 ms (one client and eight).
# Each wrk measurement is repeated REPS times; medians are reported.
#
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  MIXED [100000]  HOLDERS [1000000]
#              ENTRIES [50000000]  DURATION [10]  REPS [3]  CONNS ["1 8"]  BACKENDS ["sqlite pg"]
#              PARTS ["mixed scale"]  DATA [/var/tmp/wangge-points]: the SQLite data, generated once
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${MIXED:=100000}" "${HOLDERS:=1000000}" "${ENTRIES:=50000000}" "${DURATION:=10}" "${REPS:=3}"
: "${CONNS:=1 8}" "${BACKENDS:=sqlite pg}" "${PARTS:=mixed scale}" "${DATA:=/var/tmp/wangge-points}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
command -v wrk >/dev/null || die "wrk not installed"
WORK=$(mktemp -d /tmp/wangge-bench-points.XXXXXX)
cleanup() { stop_server; stop_pg; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
SRC=$(cd "$HERE/.." && pwd)
cd "$SRC"

for backend in $BACKENDS; do
  extra=()
  [ "$backend" = pg ] && start_pg
  if [[ " $PARTS " == *" mixed "* ]]; then
    if [ "$backend" = pg ]; then
      pg_recreate_db wangge_points_mixed
      extra=(--database "$(pg_url wangge_points_mixed)")
    fi
    start_server "$WORK/mixed-$backend" "$WORK/mixed-$backend.log" --demo-history 0 "${extra[@]}"
    out=$(python3 "$HERE/points_mixed.py" "http://$BENCH_HOST:$SERVER_PORT" "$ADMIN_PW" "$MIXED") ||
      die "mixed run failed: $out"
    record "points_${backend}_mixed" "$out"
    stop_server
  fi
  if [[ " $PARTS " == *" scale "* ]]; then
    if [ "$backend" = pg ]; then
      pg_recreate_db wangge_points
      extra=(--database "$(pg_url wangge_points)")
      data="$WORK/points-pg"
      start_server "$data" "$WORK/setup-pg.log" --demo-history 0 "${extra[@]}"
      stop_server
      "$WANGGE_BIN" generate-points --root 440404 --holders "$HOLDERS" --entries "$ENTRIES" --from 2026-01-01 \
        --to 2027-01-01 --data "$data" "${extra[@]}" >"$WORK/gen.txt"
      record "points_pg_generate" "$(cat "$WORK/gen.txt")"
      record "points_pg_db_bytes" "$(pg_psql -d wangge_points -tAc "SELECT pg_database_size('wangge_points')")"
    else
      data="$DATA"
      if [ "$(cat "$DATA/.generated" 2>/dev/null)" != "$HOLDERS/$ENTRIES" ]; then
        rm -rf "$DATA"
        start_server "$DATA" "$WORK/setup.log" --demo-history 0
        stop_server
        "$WANGGE_BIN" generate-points --root 440404 --holders "$HOLDERS" --entries "$ENTRIES" --from 2026-01-01 \
          --to 2027-01-01 --data "$DATA" >"$WORK/gen.txt"
        record "points_sqlite_generate" "$(cat "$WORK/gen.txt")"
        echo "$HOLDERS/$ENTRIES" >"$DATA/.generated"
      fi
      record "points_sqlite_db_bytes" "$(du -b "$DATA/wangge.db" | cut -f1)"
    fi
    start_server "$data" "$WORK/server-$backend.log" --demo-history 0 "${extra[@]}"
    token=$(login)
    # Holders spread over the generated ids; their balance and their ledger's first page.
    first=$(curl -s -H "Authorization: Bearer $token" \
      "http://$BENCH_HOST:$SERVER_PORT/api/v1/point-holders?region=440404104&limit=1" | jq -r '.items[0].id')
    : >"$WORK/holder.txt"
    : >"$WORK/ledger.txt"
    for k in 1 7 13 101 997 4099 33331 99991 333331 777777; do
      id=$((first - k % HOLDERS))
      [ "$id" -ge 1 ] || continue
      echo "/api/v1/point-holders/$id" >>"$WORK/holder.txt"
      echo "/api/v1/point-holders/$id/entries?limit=50" >>"$WORK/ledger.txt"
    done
    : >"$WORK/ranking.txt"
    for node in 440404 440404104 440404104001 440404104001001; do
      for period in 2026 2026-06 all; do
        echo "/api/v1/point-rankings?region=$node&period=$period&limit=20" >>"$WORK/ranking.txt"
      done
    done
    grep "region=440404&" "$WORK/ranking.txt" >"$WORK/ranking-county.txt"
    measure "points_${backend}_balance" "$token" "$WORK/holder.txt"
    measure "points_${backend}_ledger" "$token" "$WORK/ledger.txt"
    measure "points_${backend}_ranking_county" "$token" "$WORK/ranking-county.txt"
    measure "points_${backend}_ranking_all_nodes" "$token" "$WORK/ranking.txt"
    stop_server
  fi
  [ "$backend" = pg ] && stop_pg
done
log "done"

#!/usr/bin/env bash
# Grid teams (issue 21), on SQLite and on PostgreSQL:
#   (a) coverage per carer for the demo county 440404 with CARERS (10,000) carers, HOUSEHOLDS
#       (1 million) households in their care and VISITS (5 million) care visits over the
#       twelve months up to MONTH (`wangge generate-care`): the coverage page (first and a
#       later page, by carer) and its totals for the county, a town and a community, as the
#       administrator: p99 <= 50 ms;
#   (b) the resident's "my grid team" card (GET /me/grid-team, the demo grid's roster):
#       p99 <= 5 ms.
# Each wrk measurement is repeated REPS times; medians are reported.
#
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  CARERS [10000]  HOUSEHOLDS [1000000]
#              VISITS [5000000]  MONTH [the current month]  DURATION [10]  REPS [3]
#              CONNS ["1 8"]  BACKENDS ["sqlite pg"]  DATA [/var/tmp/wangge-care]: the SQLite
#              data, generated once
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${CARERS:=10000}" "${HOUSEHOLDS:=1000000}" "${VISITS:=5000000}" "${MONTH:=$(date -u +%Y-%m)}"
: "${DURATION:=10}" "${REPS:=3}" "${CONNS:=1 8}" "${BACKENDS:=sqlite pg}" "${DATA:=/var/tmp/wangge-care}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
command -v wrk >/dev/null || die "wrk not installed"
WORK=$(mktemp -d /tmp/wangge-bench-care.XXXXXX)
cleanup() { stop_server; stop_pg; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
SRC=$(cd "$HERE/.." && pwd)
cd "$SRC"

# login_as USER PASSWORD -> the bearer token
login_as() {
  curl -sS --max-time 10 -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" \
    "http://$BENCH_HOST:$SERVER_PORT/api/v1/auth/login" | jq -r '.token // empty'
}

generate() {  # generate DATA_DIR [extra storage args]
  local data="$1"; shift
  "$WANGGE_BIN" generate-care --root 440404 --carers "$CARERS" --households "$HOUSEHOLDS" --visits "$VISITS" \
    --month "$MONTH" --data "$data" "$@" >"$WORK/gen.txt"
}

for backend in $BACKENDS; do
  extra=()
  if [ "$backend" = pg ]; then
    start_pg
    pg_recreate_db wangge_care
    extra=(--database "$(pg_url wangge_care)")
    data="$WORK/care-pg"
    start_server "$data" "$WORK/setup-pg.log" --demo-history 0 "${extra[@]}"
    stop_server
    generate "$data" "${extra[@]}"
    record "care_pg_generate" "$(cat "$WORK/gen.txt")"
    record "care_pg_db_bytes" "$(pg_psql -d wangge_care -tAc "SELECT pg_database_size('wangge_care')")"
  else
    data="$DATA"
    if [ "$(cat "$DATA/.generated" 2>/dev/null)" != "$CARERS/$HOUSEHOLDS/$VISITS/$MONTH" ]; then
      rm -rf "$DATA"
      start_server "$DATA" "$WORK/setup.log" --demo-history 0
      stop_server
      generate "$DATA"
      record "care_sqlite_generate" "$(cat "$WORK/gen.txt")"
      echo "$CARERS/$HOUSEHOLDS/$VISITS/$MONTH" >"$DATA/.generated"
    fi
    record "care_sqlite_db_bytes" "$(du -b "$DATA/wangge.db" | cut -f1)"
  fi
  start_server "$data" "$WORK/server-$backend.log" --demo-history 0 "${extra[@]}"
  token=$(login)
  # A later page: the cursor after the first pages of the county's carers.
  after=$(curl -s -H "Authorization: Bearer $token" \
    "http://$BENCH_HOST:$SERVER_PORT/api/v1/care/coverage?region=440404&month=$MONTH&limit=50" |
    jq -r '.next_cursor // .items[-1].member_id // empty')
  [ -n "$after" ] || die "no carers in the county's coverage"
  cat >"$WORK/county.txt" <<EOF
/api/v1/care/coverage?region=440404&month=$MONTH&limit=50
/api/v1/care/coverage?region=440404&month=$MONTH&limit=50&cursor=$after
EOF
  cat >"$WORK/nodes.txt" <<EOF
/api/v1/care/coverage?region=440404104&month=$MONTH&limit=50
/api/v1/care/coverage?region=440404104001&month=$MONTH&limit=50
/api/v1/care/coverage?region=440404104001001&month=$MONTH&limit=50
EOF
  measure "care_${backend}_coverage_county" "$token" "$WORK/county.txt"
  measure "care_${backend}_coverage_nodes" "$token" "$WORK/nodes.txt"
  resident=$(login_as resident "${DEMO_PW:-Wangge@2026}")
  [ -n "$resident" ] || die "the demo resident cannot log in"
  echo "/api/v1/me/grid-team" >"$WORK/card.txt"
  measure "care_${backend}_my_grid_team" "$resident" "$WORK/card.txt"
  stop_server
  [ "$backend" = pg ] && stop_pg
done
log "done"

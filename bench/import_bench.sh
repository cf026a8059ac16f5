#!/usr/bin/env bash
# Whole-country division import (import-divisions --root CN, ~665k rows) into a fresh database,
# timed with /usr/bin/time -v (wall time, max RSS). Targets: < 60 s wall, < 1 GiB RSS.
# Run twice on the same database: the second run is the idempotent re-import (row count must
# not change, nothing inserted or renamed). SQLite always; PostgreSQL unless SKIP_PG=1.
#
# Environment: WANGGE_BIN, DIVISIONS (see lib.sh), SKIP_PG=1, IMPORT_TIMEOUT [600] seconds,
#              RESULTS_DIR [/tmp/wangge-bench-results], KEEP_WORK=1 keeps the data dirs.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${IMPORT_TIMEOUT:=600}"

[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"
[ -x "$WANGGE_BIN" ] || die "no binary at $WANGGE_BIN"
WORK=$(mktemp -d /tmp/wangge-bench-import.XXXXXX)
cleanup() {
  stop_pg
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# import_once LABEL RUN DATA_DIR COUNT_CMD [extra args]  -> records wall seconds, RSS MiB, counts
import_once() {
  local label="$1" run="$2" data="$3" count_cmd="$4"; shift 4
  local out="$WORK/$label-$run.out" tv="$WORK/$label-$run.time"
  mkdir -p "$data"
  timeout "$IMPORT_TIMEOUT" /usr/bin/time -v -o "$tv" "$WANGGE_BIN" import-divisions --root CN \
    --data "$data" --source "$DIVISIONS" "$@" >"$out" 2>"$out.err" \
    || { tail -20 "$out.err" >&2; cat "$tv" >&2 2>/dev/null || true; die "import $label run $run failed"; }
  local wall rss_kb rows stats
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
           for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }' "$tv")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
  stats=$(grep -E '^read [0-9]+' "$out" | tail -1)
  rows=$($count_cmd)
  log "import $label run $run: wall ${wall}s, max RSS $((rss_kb / 1024)) MiB, rows $rows; $stats"
  record "import_${label}_run${run}_wall_s" "$wall"
  record "import_${label}_run${run}_rss_mib" "$((rss_kb / 1024))"
  record "import_${label}_run${run}_rows" "$rows"
  record "import_${label}_run${run}_stats" "$stats"
  LAST_ROWS=$rows LAST_STATS=$stats
}

# check_idempotent LABEL ROWS_AFTER_RUN1 (uses LAST_ROWS / LAST_STATS of run 2)
check_idempotent() {
  local label="$1" r1="$2"
  if [ "$r1" = "$LAST_ROWS" ] && [[ "$LAST_STATS" == *"inserted 0, renamed 0,"* ]]; then
    record "import_${label}_idempotent" yes
  else
    record "import_${label}_idempotent" "NO (rows $r1 -> $LAST_ROWS; second run: $LAST_STATS)"
  fi
}

Q="SELECT count(*) FROM regions"
SQLITE_DATA="$WORK/sqlite"
sqlite_count() { timeout 60 sqlite3 "$SQLITE_DATA/wangge.db" "$Q"; }
import_once sqlite 1 "$SQLITE_DATA" sqlite_count
rows1=$LAST_ROWS
import_once sqlite 2 "$SQLITE_DATA" sqlite_count
record import_sqlite_db_mib "$(du -sm "$SQLITE_DATA" | cut -f1)"
check_idempotent sqlite "$rows1"

if [ "${SKIP_PG:-0}" != 1 ]; then
  start_pg
  pg_recreate_db wangge_import
  pg_count() { pg_psql -d wangge_import -At -c "$Q"; }
  import_once pg 1 "$WORK/pg-data" pg_count --database "$(pg_url wangge_import)"
  rows1=$LAST_ROWS
  import_once pg 2 "$WORK/pg-data" pg_count --database "$(pg_url wangge_import)"
  check_idempotent pg "$rows1"
  stop_pg
fi
log "done"

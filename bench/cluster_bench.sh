#!/usr/bin/env bash
# Several nodes (issue 16, docs/SCALE.md): the cluster of scripts/cluster.sh (a primary, a
# synchronous streaming replica, N Wangge nodes, HAProxy) with N = 1, 2, 3, on this one
# machine. For each N: durable event intake (a resident's reports, JSON) and authenticated
# reads (the dispatcher's queue pages and event details) through HAProxy with wrk; the
# CPU seconds the nodes and PostgreSQL (primary and replica) spent per request, from
# /proc/PID/stat; and, during intake, the replica's lag (pg_stat_replication).
#
# Environment: WANGGE_BIN [build/wangge]  DURATION [10]  REPS [3]  CONNS [64]  NODES ["1 2 3"]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
: "${WANGGE_BIN:=$ROOT/build/wangge}" "${DURATION:=10}" "${REPS:=3}" "${CONNS:=64}" "${NODES:=1 2 3}"
export WANGGE_BIN
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
WRK_HARD_TIMEOUT=$((DURATION + 60))
base=$((59000 + RANDOM % 50 * 10))
WORK=$(mktemp -d /tmp/wangge-bench-cluster.XXXXXX)
chmod 755 "$WORK"
cleanup() { "$ROOT/scripts/cluster.sh" stop "$WORK/cluster" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
lb="http://127.0.0.1:$base"
ticks=$(getconf CLK_TCK)

token_of() {
  curl -s -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"Wangge@2026\"}" \
    "$lb/api/v1/auth/login" | jq -r .token
}
# utime + stime of the processes, in seconds
cpu_of() {
  local sum=0
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
  done
  awk -v s="$sum" -v t="$ticks" 'BEGIN { printf "%.3f\n", s / t }'
}
node_pids() { cat "$WORK"/cluster/node*.pid; }
pg_pids() { pgrep -f "postgres" -u postgres | while read -r p; do
  grep -q "$WORK/cluster" "/proc/$p/cmdline" 2>/dev/null && echo "$p"; done
  # the backends: children of the two postmasters
  for d in primary replica; do pgrep -P "$(head -1 "$WORK/cluster/$d/postmaster.pid")"; done; }

# run_measured NAME wrk-args...: prints "rps p99_ms node_cpu_ms_per_req pg_cpu_ms_per_req"
run_measured() {
  local name=$1; shift
  local np pp n0 p0 n1 p1 out
  np=$(node_pids | tr '\n' ' ')
  pp=$(pg_pids | sort -u | tr '\n' ' ')
  n0=$(cpu_of $np); p0=$(cpu_of $pp)
  out="$WORK/$name.txt"
  run_wrk "$out" "$@"
  n1=$(cpu_of $np); p1=$(cpu_of $(pg_pids | sort -u))
  read -r rps non2xx sockerr p50 p99 <<<"$(parse_wrk "$out")"
  [ "$non2xx" = 0 ] && [ "$sockerr" = 0 ] || log "$name: $non2xx non-2xx, $sockerr socket errors"
  local reqs
  reqs=$(awk -v r="$rps" -v d="$DURATION" 'BEGIN { print r * d }')
  awk -v r="$rps" -v p="$(to_ms "$p99")" -v n="$(awk -v a="$n1" -v b="$n0" 'BEGIN{print a-b}')" \
      -v g="$(awk -v a="$p1" -v b="$p0" 'BEGIN{print a-b}')" -v q="$reqs" \
      'BEGIN { printf "%.0f %.2f %.3f %.3f\n", r, p, n * 1000 / q, g * 1000 / q }'
}

printf '%-6s %-8s %10s %10s %14s %14s %s\n' nodes load "req/s" "p99 ms" "node CPU ms" "PG CPU ms" "replica lag (max)"
for nodes in $NODES; do
  rm -rf "$WORK/cluster"
  WANGGE_NODES=$nodes "$ROOT/scripts/cluster.sh" start "$WORK/cluster" "$base" >/dev/null
  resident=$(token_of resident)
  dispatcher=$(token_of dispatcher)
  # Points inside the demo's grids, and the dispatcher's pages.
  for c in 001 002 003 004 006 007 008 009 010 013 014; do
    curl -s -H "Authorization: Bearer $dispatcher" "$lb/api/v1/regions/440404104$c/geojson"
  done | node -e '
    let text = require("fs").readFileSync(0, "utf8");
    for (const doc of text.split(/(?<=\})(?=\{"type")/)) for (const f of JSON.parse(doc).features || []) {
      const ring = f.geometry.coordinates[0]; let lng = 0, lat = 0;
      for (let i = 0; i < ring.length - 1; i++) { lng += ring[i][0]; lat += ring[i][1]; }
      console.log((lat / (ring.length - 1)).toFixed(7) + " " + (lng / (ring.length - 1)).toFixed(7));
    }' >"$WORK/points.txt"
  for rep in $(seq 1 "$REPS"); do
    # Intake, with the replica's lag sampled meanwhile.
    ( end=$((SECONDS + DURATION)); while [ $SECONDS -lt $end ]; do
        as_pg psql -h 127.0.0.1 -p $((base + 10)) -U postgres -qAt -c \
          "SELECT pg_wal_lsn_diff(sent_lsn, replay_lsn), COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0) FROM pg_stat_replication"
        sleep 0.5; done ) >"$WORK/lag.txt" 2>/dev/null &
    sampler=$!
    wal0=$(as_pg psql -h 127.0.0.1 -p $((base + 10)) -U postgres -qAt -c "SELECT pg_current_wal_lsn()")
    intake=$(run_measured "intake-$nodes-$rep" -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$HERE/intake.lua" "$lb" \
      -- native "$resident" "$WORK/points.txt")
    wait "$sampler" || true
    wal=$(as_pg psql -h 127.0.0.1 -p $((base + 10)) -U postgres -qAt -c \
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0') / ($(awk -v r="${intake%% *}" -v d="$DURATION" 'BEGIN{print r*d}') + 1)")
    lag=$(awk -F'|' '{ if ($1 > b) b = $1; if ($2 > m) m = $2 } END { printf "%d KiB, %.0f ms", b / 1024, m }' "$WORK/lag.txt")
    printf '%-6s %-8s %10s %10s %14s %14s %s; WAL %.0f B/req\n' "$nodes" intake $intake "$lag" "$wal"
    # Reads: queue pages of every tab and event details, as the town's dispatcher.
    curl -s -H "Authorization: Bearer $dispatcher" "$lb/api/v1/events?limit=50" | jq -r '.items[].id' |
      sed 's|^|/api/v1/events/|' >"$WORK/paths.txt"
    for s in reported accepted handling closed; do echo "/api/v1/events?status=$s&limit=20"; done >>"$WORK/paths.txt"
    reads=$(run_measured "read-$nodes-$rep" -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$HERE/urls.lua" "$lb" \
      -- "$dispatcher" "$WORK/paths.txt")
    printf '%-6s %-8s %10s %10s %14s %14s\n' "$nodes" read $reads
  done
  "$ROOT/scripts/cluster.sh" stop "$WORK/cluster" >/dev/null
done

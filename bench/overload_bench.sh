#!/usr/bin/env bash
# Overload: thousands of connections more than the machine can serve, and what a load
# balancer's health check and a person (an authenticated read, a login) see meanwhile.
# wrk holds CONNS connections sending authenticated reads (and intake with MIX=intake);
# bench/overload_probe.py opens a new connection for each probe, as a health checker does.
# Each run alternates the binaries given in BINS (e.g. an older build first as the
# baseline) so that both see the same machine; medians over REPS runs.
#
#   BINS="/tmp/base-build/wangge build/wangge" CONNS=8000 DURATION=20 REPS=3 bench/overload_bench.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
: "${BINS:=$WANGGE_BIN}"
: "${CONNS:=8000}"
: "${DURATION:=20}"
: "${REPS:=3}"
: "${MIX:=reads}"
WORK=$(mktemp -d /tmp/wangge-overload.XXXXXX)
trap 'stop_server; [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"' EXIT
# Both the server and wrk need a descriptor per connection.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $((CONNS + 1000)) ] || die "open-file limit $(ulimit -n) is below $((CONNS + 1000))"

declare -A rows
for i in $(seq 1 "$REPS"); do
  for bin in $BINS; do
    WANGGE_BIN="$bin"
    data="$WORK/$(basename "$(dirname "$bin")")-$i"
    start_server "$data" "$data.log" --demo-history 2000
    token=$(login)
    printf '/api/v1/events?limit=20\n/api/v1/events?status=reported&limit=20\n/api/v1/regions/440404104\n' >"$WORK/paths.txt"
    out="$data.wrk"
    timeout --signal=INT --kill-after=10 $((DURATION + 60)) wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 30s --latency \
      -s "$HERE/urls.lua" "http://$BENCH_HOST:$SERVER_PORT" -- "$token" "$WORK/paths.txt" >"$out" 2>&1 &
    wrk_pid=$!
    sleep 3   # the connections are open and busy
    probe=$(python3 "$HERE/overload_probe.py" "$BENCH_HOST" "$SERVER_PORT" "$token" admin "$ADMIN_PW" $((DURATION - 6)))
    wait "$wrk_pid" || true
    shed=$(curl -s --max-time 10 "http://$BENCH_HOST:$SERVER_PORT/metrics" | awk '/^wangge_http_shed_total/ { s += $2 } END { print s + 0 }')
    stop_server
    read -r r non2xx sockerr p50 p99 < <(parse_wrk "$out")
    log "$bin run $i: wrk $r req/s, non-2xx $non2xx, socket errors $sockerr, p50 $p50, p99 $p99, shed $shed"
    log "  probes: $probe"
    key=$(basename "$(dirname "$bin")")
    rows[$key]+="$(printf '%s' "$probe" | jq -r '[.healthz.p99, .get.p99, .login.p99, .healthz.max, .get.max, .login.max] | @tsv') $r $non2xx"$'\n'
  done
done
echo
echo "CONNS=$CONNS DURATION=${DURATION}s REPS=$REPS, medians over runs (ms; wrk req/s and non-2xx per run)"
printf '%-16s %12s %12s %12s %12s %12s %12s %10s\n' binary healthz_p99 get_p99 login_p99 healthz_max get_max login_max wrk_rps
for key in "${!rows[@]}"; do
  mapfile -t lines < <(printf '%s' "${rows[$key]}" | sed '/^$/d')
  col() { local k=$1; printf '%s\n' "${lines[@]}" | awk -v k="$k" '{ print $k }' | tr '\n' ' '; }
  printf '%-16s %12s %12s %12s %12s %12s %12s %10s\n' "$key" \
    "$(median $(col 1))" "$(median $(col 2))" "$(median $(col 3))" "$(median $(col 4))" "$(median $(col 5))" \
    "$(median $(col 6))" "$(median $(col 7))"
  record "overload_${key}_healthz_p99_ms" "$(median $(col 1))"
  record "overload_${key}_get_p99_ms" "$(median $(col 2))"
  record "overload_${key}_login_p99_ms" "$(median $(col 3))"
done

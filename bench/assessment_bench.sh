#!/usr/bin/env bash
# A county's assessment (issue 22: an assessment period of a county with 10,000 grid workers
# computed in <= 60 s), on the events of bench/scale_bench.sh (10 million under 珠海市):
#   1. once: `wangge generate-workers` makes WORKERS grid workers over the communities of
#      COUNTY and attributes the county's events of 2025 to them (patrol reports to their
#      reporters, events solved at the grid to their handlers);
#   2. a quarterly and a monthly scheme of the grid workers over COUNTY (reports raised,
#      solved at the grid, visits, disputes found, households in care), activated over HTTP;
#   3. REPS computations of 2025-Q3 and of 2025-11 (POST /assessment/schemes/{id}/runs), each
#      timed by the client (curl) and by the server (the run's compute_ms); medians recorded.
# The scale data must exist (run bench/scale_bench.sh first, or set COUNT smaller there too).
#
# On PostgreSQL: DATABASE=postgresql://... as for bench/scale_bench.sh.
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  DATA [/var/tmp/wangge-scale]
#              COUNTY [440404]  WORKERS [10000]  REPS [3]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${DATA:=/var/tmp/wangge-scale}" "${COUNTY:=440404}" "${WORKERS:=10000}" "${REPS:=3}"
WORK=$(mktemp -d /tmp/wangge-bench-assess.XXXXXX)
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$HERE/.."
[ -f "$DATA/.generated" ] || die "no scale data in $DATA: run bench/scale_bench.sh first"

DB=()
[ -n "${DATABASE:-}" ] && DB=(--database "$DATABASE")
if [ "$(cat "$DATA/.workers" 2>/dev/null)" != "$COUNTY $WORKERS" ]; then
  log "generating $WORKERS grid workers under $COUNTY (once)"
  "$WANGGE_BIN" generate-workers --root "$COUNTY" --count "$WORKERS" --from 2025-01-01 --to 2026-01-01 \
    --data "$DATA" "${DB[@]}" | tee "$WORK/generate.txt" >&2
  echo "$COUNTY $WORKERS" >"$DATA/.workers"
fi

start_server "$DATA" "$WORK/server.log" --demo-history 0 "${DB[@]}"
wait_trained  # its first training reads 200,000 events: not beside the measurement
admin=$(login)
api() {  # METHOD PATH [BODY]: prints the body; fails on a non-2xx answer
  local out="$WORK/answer.json" code
  code=$(curl -sS --max-time 600 -o "$out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: bench-$RANDOM-$RANDOM" ${3:+-d "$3"} \
    "http://$BENCH_HOST:$SERVER_PORT$2")
  [[ $code == 2* ]] || die "$1 $2 answered $code: $(head -c 400 "$out")"
  cat "$out"
}
indicators='[{"key":"reports_raised","weight":40,"target":30},{"key":"self_handled","weight":30,"target":10},
  {"key":"visits","weight":10,"target":20},{"key":"disputes_found","weight":10,"target":2},
  {"key":"care_coverage","weight":10,"target":100}]'
for kind in quarter month; do
  period=2025-Q3; [ "$kind" = month ] && period=2025-11
  scheme=$(api POST /api/v1/assessment/schemes "{\"name\":\"基准 $kind $RANDOM\",\"post\":\"grid_worker\",
    \"region_code\":\"$COUNTY\",\"period_kind\":\"$kind\",\"indicators\":$indicators}" | jq -r .id)
  api POST "/api/v1/assessment/schemes/$scheme/activate" >/dev/null
  walls=(); computes=()
  for i in $(seq 1 "$REPS"); do
    t0=$(date +%s.%N)
    run=$(api POST "/api/v1/assessment/schemes/$scheme/runs" "{\"period\":\"$period\"}")
    t1=$(date +%s.%N)
    subjects=$(jq -r .subjects <<<"$run")
    [ "$subjects" -ge "$WORKERS" ] || die "the run assessed $subjects subjects, not $WORKERS"
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
    log "$kind $period run $i: $subjects subjects, $wall ms at the client, $(jq -r .compute_ms <<<"$run") ms computing"
    walls+=("$wall"); computes+=("$(jq -r .compute_ms <<<"$run")")
  done
  record "assessment_${kind}_subjects" "$subjects"
  record "assessment_${kind}_wall_ms" "$(median "${walls[@]}")"
  record "assessment_${kind}_compute_ms" "$(median "${computes[@]}")"
done
record assessment_rss_mb "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
log "done"

#!/usr/bin/env bash
# Deliberation and notices (issue 20), on SQLite and on PostgreSQL:
#   (a) a ballot of VOTERS (100,000) eligible residents of 立新社区 (`wangge generate-residents`:
#       each with a household, a registry person, a linked account and a session): the
#       ballot opened (its register copied; time), every voter's vote through HTTP by wrk
#       (bench/tokens.lua, each token once; votes/s over the wall time, all counted), the
#       count closed and frozen (time);
#   (b) a notice to the county read by every one of them (POST /read each), then its read
#       rate (GET /notices/{id}, GET /notices/{id}/receipts) by wrk: p50/p99, REPS runs of
#       DURATION s at each of CONNS connections, medians.
#
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  VOTERS [100000]  THREADS [2]  CONNS ["1 8"]
#              DURATION [10]  REPS [3]  BACKENDS ["sqlite pg"]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${VOTERS:=100000}" "${THREADS:=2}" "${CONNS:=1 8}" "${DURATION:=10}" "${REPS:=3}" "${BACKENDS:=sqlite pg}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
command -v wrk >/dev/null || die "wrk not installed"
WORK=$(mktemp -d /tmp/wangge-bench-ballot.XXXXXX)
cleanup() { stop_server; stop_pg; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$(cd "$HERE/.." && pwd)"

api() {  # api METHOD PATH TOKEN [BODY] -> the answer's body; dies on a non-2xx
  local out code
  out=$(curl -sS --max-time 600 -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' ${4:+-d "$4"} "http://$BENCH_HOST:$SERVER_PORT$2")
  code=${out##*$'\n'}
  [ "${code:0:1}" = 2 ] || die "$1 $2 answered $code: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
user_token() {
  curl -sS -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"Wangge@2026\"}" \
    "http://$BENCH_HOST:$SERVER_PORT/api/v1/auth/login" | jq -r .token
}
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# post_all LABEL PATH BODY COUNT_CMD: every token's one POST through wrk (tokens.lua), until
# COUNT_CMD (what the server has counted) reaches VOTERS or stops moving for 3 s (wrk
# itself always runs its whole -d); prints the wall time in ms until the count last moved. Then, untimed, a check pass
# over every token in order on one connection: a request wrk lost (refused for overload, or
# dropped with a reconnecting connection) is made there; the others answer 409 (a second
# vote) or 200 (a receipt kept once). Its answers are recorded.
post_all() {
  local label="$1" path="$2" body="$3" count_cmd="$4" t0 out n last=-1 still=0 wrk_pid ms=0
  t0=$(date +%s%N)
  out="$WORK/$label.txt"
  wrk -t"$THREADS" -c$((THREADS * 8)) -d900s -s "$HERE/tokens.lua" "http://$BENCH_HOST:$SERVER_PORT" -- \
    "$WORK/tokens.txt" "$path" "$body" "$THREADS" >"$out" 2>&1 &
  wrk_pid=$!
  while :; do
    sleep 0.5
    n=$($count_cmd)
    [ "$n" -lt "$VOTERS" ] || break
    if [ "$n" = "$last" ]; then still=$((still + 1)); else still=0; last=$n; ms=$(ms_since "$t0"); fi
    [ "$still" -lt 6 ] || break
  done
  [ "$n" -lt "$VOTERS" ] || ms=$(ms_since "$t0")
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
  record "${label}_counted_by_wrk" "$n"
  record "${label}_check_pass" "$(python3 - "$BENCH_HOST" "$SERVER_PORT" "$path" "$body" "$WORK/tokens.txt" <<'PY'
import collections, http.client, sys
host, port, path, body, tokens = sys.argv[1:]
conn, seen = http.client.HTTPConnection(host, int(port)), collections.Counter()
for t in open(tokens).read().split():
    conn.request("POST", path, body=body, headers={"Authorization": "Bearer " + t, "Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    seen[r.status] += 1
print(dict(seen))
PY
)"
  echo "$ms"
}

for backend in $BACKENDS; do
  extra=()
  data="$WORK/data-$backend"
  if [ "$backend" = pg ]; then
    start_pg
    pg_recreate_db wangge_ballot
    extra=(--database "$(pg_url wangge_ballot)")
  fi
  start_server "$data" "$WORK/setup-$backend.log" --demo-history 0 "${extra[@]}"
  stop_server
  gen=$("$WANGGE_BIN" generate-residents --root 440404104001 --count "$VOTERS" --tokens "$WORK/tokens.txt" \
    --data "$data" "${extra[@]}")
  record "ballot_${backend}_generate" "$gen"
  start_server "$data" "$WORK/server-$backend.log" --demo-history 0 "${extra[@]}"
  sec=$(user_token secretary)
  council=$(api GET /api/v1/councils "$sec" | jq -r '.items[0].id')
  topic=$(api POST /api/v1/topics "$sec" "{\"council_id\":$council,\"title\":\"基准议题 $backend\"}" | jq -r .id)
  api POST "/api/v1/topics/$topic/accept" "$sec" '{"version":1}' >/dev/null
  api POST "/api/v1/topics/$topic/notes" "$sec" '{"body":"走访"}' >/dev/null
  api POST "/api/v1/topics/$topic/deliberate" "$sec" '{"version":2}' >/dev/null
  t0=$(date +%s%N)
  ballot=$(api POST "/api/v1/topics/$topic/ballots" "$sec" \
    '{"question":"是否同意","electorate":"residents","secret":true}')
  record "ballot_${backend}_open_ms" "$(ms_since "$t0")"
  id=$(jq -r .id <<<"$ballot")
  eligible=$(jq -r .eligible <<<"$ballot")
  record "ballot_${backend}_eligible" "$eligible"
  cast_now() { api GET "/api/v1/ballots/$id" "$sec" | jq -r .cast_online; }
  ms=$(post_all "votes-$backend" "/api/v1/ballots/$id/vote" '{"option":0}' cast_now)
  b=$(api GET "/api/v1/ballots/$id" "$sec")
  cast=$(jq -r .cast_online <<<"$b")
  record "ballot_${backend}_votes_ms" "$ms"
  record "ballot_${backend}_votes_counted" "$cast"
  record "ballot_${backend}_votes_per_s" "$(awk -v n="$cast" -v ms="$ms" 'BEGIN { printf "%.0f", n * 1000 / ms }')"
  [ "$cast" -ge "$VOTERS" ] || die "only $cast of $VOTERS votes counted"
  t0=$(date +%s%N)
  closed=$(api POST "/api/v1/ballots/$id/close" "$sec" "{\"version\":$(jq -r .version <<<"$b")}")
  record "ballot_${backend}_close_ms" "$(ms_since "$t0")"
  record "ballot_${backend}_result" "$(jq -c '.result | {eligible, cast, votes, outcome}' <<<"$closed")"
  # (b) a notice to the county, read by every resident.
  admin=$(login)
  notice=$(api POST /api/v1/notices "$admin" \
    '{"region_code":"440404","kind":"policy","title":"基准通知","body":"正文","must_read":true,"publish":true}' | jq -r .id)
  readers_now() { api GET "/api/v1/notices/$notice" "$admin" | jq -r .readers; }
  ms=$(post_all "reads-$backend" "/api/v1/notices/$notice/read" '{}' readers_now)
  readers=$(api GET "/api/v1/notices/$notice" "$admin" | jq -r .readers)
  record "notice_${backend}_reads_ms" "$ms"
  record "notice_${backend}_readers" "$readers"
  echo "/api/v1/notices/$notice" >"$WORK/rate.txt"
  measure "notice_${backend}_read_rate" "$admin" "$WORK/rate.txt"
  echo "/api/v1/notices/$notice/receipts?read=false&limit=100" >"$WORK/receipts.txt"
  measure "notice_${backend}_receipts" "$admin" "$WORK/receipts.txt"
  stop_server
  [ "$backend" = pg ] && stop_pg
done
log "done"

#!/usr/bin/env bash
# Ledger export to .xlsx (issue 4 target: a 10,000-household community in <= 5 s), SQLite:
# imports PERSONS persons (about three a household) into one community (立新社区
# 440404104001) through the CSV import, then times GET /api/v1/exports/households and
# /persons for that community as its grid chief would ask, REPS times each; medians.
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  PERSONS [30000]  REPS [5]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${PERSONS:=30000}" "${REPS:=5}"
COMMUNITY=440404104001
WORK=$(mktemp -d /tmp/wangge-bench-export.XXXXXX)
cleanup() { stop_server; [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
SRC=$(cd "$HERE/.." && pwd)
cd "$SRC"

log "writing $PERSONS persons of community $COMMUNITY to CSV"
COMMUNITIES=001 python3 "$HERE/persons_csv.py" "$PERSONS" "$WORK/persons.csv"
start_server "$WORK/data" "$WORK/server.log" --demo-history 0
token=$(login)
base="http://$BENCH_HOST:$SERVER_PORT"
id=$(curl -sS -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' --data-binary @"$WORK/persons.csv" \
  "$base/api/v1/registry/imports?filename=persons.csv" | jq -r '.id')
while :; do
  job=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/registry/imports/$id")
  case "$(printf '%s' "$job" | jq -r '.status')" in queued|checking|applying) sleep 0.5 ;; done) break ;; *) die "import: $job" ;; esac
done
log "imported: $(printf '%s' "$job" | jq -c '{rows, inserted}')"

for ledger in households persons; do
  : >"$WORK/$ledger.times"
  for _ in $(seq "$REPS"); do
    curl -sS -o "$WORK/$ledger.xlsx" -w '%{time_total}\n' -H "Authorization: Bearer $token" \
      "$base/api/v1/exports/$ledger?node=$COMMUNITY" >>"$WORK/$ledger.times"
  done
  rows=$(python3 -c "import zipfile,sys; x=zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml'); print(x.count(b'<row ')-1)" "$WORK/$ledger.xlsx")
  record "export_${ledger}_rows" "$rows"
  record "export_${ledger}_bytes" "$(stat -c %s "$WORK/$ledger.xlsx")"
  record "export_${ledger}_median_s" "$(sort -g "$WORK/$ledger.times" | awk '{a[NR]=$1} END { printf "%.2f", a[int((NR+1)/2)] }')"
  record "export_${ledger}_max_s" "$(sort -g "$WORK/$ledger.times" | tail -1 | awk '{ printf "%.2f", $1 }')"
done

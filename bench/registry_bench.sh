#!/usr/bin/env bash
# Registry at scale (issue 4 targets, SQLite):
#   - CSV import of PERSONS (1,000,000) persons through HTTP: target <= 60 s from upload to
#     done, while reads keep answering (a probe reads a person list every 0.2 s and records
#     its latencies);
#   - the same file again (an idempotent re-import: everything unchanged);
#   - exact ID lookup through the blind index and a scoped name search: p50/p99 over wrk.
# Above PART_ROWS persons (PERSONS=10000000 for the 10-million lookup targets) the CSV is
# written and imported in parts of PART_ROWS rows, one after another, and not re-imported.
# Environment: WANGGE_BIN [/tmp/bench-build/wangge]  PERSONS [1000000]  DURATION [10]
#              REPS [3]  PART_ROWS [1000000]  KEEP_WORK=1 keeps the data dir
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
: "${PERSONS:=1000000}" "${DURATION:=10}" "${REPS:=3}" "${PART_ROWS:=1000000}"
WRK_HARD_TIMEOUT=$((DURATION + 60))
WORK=$(mktemp -d /tmp/wangge-bench-registry.XXXXXX)
cleanup() { stop_server; [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
SRC=$(cd "$HERE/.." && pwd)
cd "$SRC"

log "writing $PERSONS persons to CSV"
if [ "$PERSONS" -gt "$PART_ROWS" ]; then
  PART_ROWS="$PART_ROWS" python3 "$HERE/persons_csv.py" "$PERSONS" "$WORK/persons.csv"
  parts=("$WORK"/persons.*.csv)
else
  python3 "$HERE/persons_csv.py" "$PERSONS" "$WORK/persons.csv"
  parts=("$WORK/persons.csv")
fi
record registry_csv_bytes "$(cat "${parts[@]}" | wc -c)"
start_server "$WORK/data" "$WORK/server.log" --demo-history 0
token=$(login)
base="http://$BENCH_HOST:$SERVER_PORT"

# import FILE LABEL: uploads, waits for the job, records seconds; probes reads meanwhile.
import_file() {
  local file="$1" label="$2" t0 t1 id status job
  : >"$WORK/probe-$label.txt"
  ( while :; do
      curl -s -o /dev/null -w '%{time_total}\n' --max-time 30 -H "Authorization: Bearer $token" \
        "$base/api/v1/persons?limit=20" >>"$WORK/probe-$label.txt" || echo 30 >>"$WORK/probe-$label.txt"
      sleep 0.2
    done ) &
  local probe=$!
  t0=$(date +%s.%N)
  id=$(curl -sS --max-time 600 -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
    --data-binary @"$file" "$base/api/v1/registry/imports?filename=persons.csv" | jq -r '.id')
  [ -n "$id" ] && [ "$id" != null ] || { kill "$probe"; die "upload refused"; }
  while :; do
    job=$(curl -s --max-time 30 -H "Authorization: Bearer $token" "$base/api/v1/registry/imports/$id")
    status=$(printf '%s' "$job" | jq -r '.status')
    case "$status" in queued|checking|applying) sleep 0.5 ;; *) break ;; esac
  done
  t1=$(date +%s.%N)
  kill "$probe" 2>/dev/null || true
  wait "$probe" 2>/dev/null || true
  [ "$status" = done ] || die "import $label ended $status: $(printf '%s' "$job" | jq -c '{message, error_count, errors: .errors[:3]}')"
  log "import $label: $(printf '%s' "$job" | jq -c '{rows, inserted, updated, unchanged}')"
  record "registry_import_${label}_seconds" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
  record "registry_import_${label}_counts" "$(printf '%s' "$job" | jq -c '{rows, inserted, updated, unchanged}')"
  record "registry_import_${label}_probe_reads" "$(wc -l <"$WORK/probe-$label.txt")"
  record "registry_import_${label}_probe_p50_ms" "$(sort -g "$WORK/probe-$label.txt" | awk '{a[NR]=$1} END { printf "%.1f", a[int((NR+1)/2)] * 1000 }')"
  record "registry_import_${label}_probe_max_ms" "$(sort -g "$WORK/probe-$label.txt" | tail -1 | awk '{ printf "%.1f", $1 * 1000 }')"
}
if [ "${#parts[@]}" -eq 1 ]; then
  import_file "$WORK/persons.csv" first
  import_file "$WORK/persons.csv" again
else
  t_all=$SECONDS
  for i in "${!parts[@]}"; do import_file "${parts[$i]}" "part$i"; done
  record registry_import_all_parts_seconds "$((SECONDS - t_all))"
fi
record registry_db_bytes "$(du -b "$WORK/data/wangge.db" | cut -f1)"

# Lookups: exact ID numbers (blind index) and names (name prefix), as the admin (the whole
# territory: the widest scope, so the most candidate rows).
# 2,000 rows of each kind drawn uniformly from all parts (reservoir sampling).
python3 - "$WORK" "${parts[@]}" <<'PY'
import csv, random, sys, urllib.parse
rng = random.Random(7)
ids, names, seen = [], [], 0
for part in sys.argv[2:]:
    with open(part, encoding="utf-8") as f:
        for r in list(csv.reader(f))[1:]:
            seen += 1
            for sample in (ids, names):
                if len(sample) < 2000:
                    sample.append(r)
                elif (j := rng.randrange(seen)) < 2000:
                    sample[j] = r
with open(sys.argv[1] + "/ids.txt", "w") as f:
    for r in ids:
        f.write("/api/v1/persons?q=%s\n" % r[1])
with open(sys.argv[1] + "/names.txt", "w") as f:
    for r in names:
        f.write("/api/v1/persons?limit=20&q=%s\n" % urllib.parse.quote(r[0][:2]))
PY
for set in ids names; do
  p50s=(); p99s=()
  for i in $(seq 1 "$REPS"); do
    out="$WORK/$set-$i.txt"
    run_wrk "$out" -t1 -c4 -d"${DURATION}s" --latency -s "$HERE/urls.lua" "$base" -- "$token" "$WORK/$set.txt"
    read -r r non2xx sockerr p50 p99 < <(parse_wrk "$out")
    [ "$non2xx" -eq 0 ] || die "$set: $non2xx non-2xx"
    log "lookup $set run $i: $r req/s, p50 $p50, p99 $p99"
    p50s+=("$(to_ms "$p50")"); p99s+=("$(to_ms "$p99")")
  done
  record "registry_lookup_${set}_c4_p50_ms" "$(median "${p50s[@]}")"
  record "registry_lookup_${set}_c4_p99_ms" "$(median "${p99s[@]}")"
done
record registry_rss_mb "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
log "done"

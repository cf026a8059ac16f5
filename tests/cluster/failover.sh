#!/usr/bin/env bash
# Read replicas and failover without loss (docs/CLUSTER.md). A cluster from
# scripts/cluster.sh (synchronous replica applying WAL 300 ms late, three nodes, HAProxy):
# a grid worker reads each report of theirs at once through the balancer and always finds
# it, while the leader's reads of it go to the replica (and miss it). Then the cluster
# takes event reports from 16 retrying clients; the node doing the background work is
# killed with SIGKILL (another takes its lease), then the primary is. While no primary is
# reachable every node's /readyz answers 503 and the balancer answers 503 problem+json
# with Retry-After; then the replica is promoted and the nodes reconnect by themselves. Every report answered 2xx is there afterwards,
# exactly once, and no answer was other than 2xx or 503.
#   tests/cluster/failover.sh [BASE_PORT]     (WANGGE_BIN: the server binary)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:-$((57000 + RANDOM % 800 * 10))}
dir=$(mktemp -d /tmp/wangge-failover-XXXXXX)
chmod 755 "$dir"
cleanup() { "$root/scripts/cluster.sh" stop "$dir" || true; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -n 5 "$dir"/node*.log >&2 || true; exit 1; }

# The replica applies WAL 300 ms late: reads on it visibly lag.
WANGGE_REPLICA_APPLY_DELAY_MS=300 "$root/scripts/cluster.sh" start "$dir" "$base" >/dev/null
lb=http://127.0.0.1:$base

# Read replicas: a writer reads its own writes at once on any node; others read the replica
# (once the nodes have watched it for replica_max_lag_ms and found it close enough).
for n in 1 2 3; do
  for _ in $(seq 50); do
    curl -s "http://127.0.0.1:$((base + n))/metrics" | grep -q '^wangge_storage_replicas_usable 1' && break
    sleep 0.2
  done
done
ryw=$(node "$root/tests/cluster/ryw.mjs" "$lb" 40) || fail "read-your-writes: $ryw"
replica_reads=0
for n in 1 2 3; do
  r=$(curl -s "http://127.0.0.1:$((base + n))/metrics" | sed -n 's/^wangge_storage_replica_reads_total //p')
  replica_reads=$((replica_reads + ${r%.*}))
done
[[ $replica_reads -gt 0 ]] || fail "no read was served by the replica"

leader() {  # the node holding the background lease, or nothing (a scrape may be slow under load)
  for n in 1 2 3; do
    curl -s --max-time 3 "http://127.0.0.1:$((base + n))/metrics" | grep -q '^wangge_cluster_leading 1' && echo "$n"
  done
  return 0
}
node "$root/tests/cluster/load.mjs" "$lb" 16 16 >"$dir/load.out" 2>&1 &
load=$!
sleep 2
# A node dies under load: the one doing the background work. Its clients' connections
# break (they retry with the same Idempotency-Key), the balancer stops sending it requests,
# and another node takes the background lease within seconds.
for _ in $(seq 20); do
  killed=$(leader)
  [[ -n $killed ]] && break
  sleep 0.5
done
[[ -n $killed ]] || fail "no node leads: $(for n in 1 2 3; do curl -s --max-time 3 "http://127.0.0.1:$((base + n))/metrics" | grep -E '^wangge_(cluster|http_shed|http_loop)'; done)"
kill -9 "$(cat "$dir/node$killed.pid")"
for _ in $(seq 50); do
  new=$(leader)
  [[ -n $new && $new != "$killed" ]] && break
  sleep 0.2
done
[[ -n $new && $new != "$killed" ]] || fail "no node took the background lease over from node $killed"
sleep 2
"$root/scripts/cluster.sh" kill-primary "$dir" >/dev/null
sleep 1.5  # the nodes' next checks find no primary; HAProxy's (every 500 ms, fall 2) too
for n in 1 2 3; do
  [[ $n == "$killed" ]] && continue
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((base + n))/readyz")
  [[ $code == 503 ]] || fail "node $n /readyz answered $code without a primary"
done
headers=$(curl -s -D - -o "$dir/lb.body" -X POST "$lb/api/v1/events" -H 'Content-Type: application/json' -d '{}')
grep -q '^HTTP/1.1 503' <<<"$headers" || fail "the balancer answered $(head -1 <<<"$headers") without a primary"
grep -qi '^retry-after: 2' <<<"$headers" || fail "no Retry-After from the balancer"
grep -q '"code":"unavailable"' "$dir/lb.body" || fail "the balancer's 503 is not problem+json"
"$root/scripts/cluster.sh" promote "$dir" >/dev/null
wait "$load" || fail "load: $(cat "$dir/load.out")"
summary=$(cat "$dir/load.out")
acked=$(sed -n 's/.*"acknowledged":\([0-9]*\).*/\1/p' <<<"$summary")
[[ ${acked:-0} -gt 100 ]] || fail "too few reports acknowledged: $summary"
grep -q '"503":' <<<"$summary" || fail "no write met the switch (no 503): $summary"
stored=$(runuser -u postgres -- psql -h 127.0.0.1 -p $((base + 11)) -U postgres -d wangge -qAt \
  -c "SELECT count(*) FROM events WHERE description LIKE '故障切换%'" 2>/dev/null ||
  psql -h 127.0.0.1 -p $((base + 11)) -U postgres -d wangge -qAt -c "SELECT count(*) FROM events WHERE description LIKE '故障切换%'")
[[ $stored == "$acked" ]] || fail "$acked reports acknowledged, $stored stored"
for n in 1 2 3; do
  [[ $n == "$killed" ]] && continue
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((base + n))/readyz")
  [[ $code == 200 ]] || fail "node $n not ready after the promotion ($code)"
done
echo "read-your-writes: $ryw; $replica_reads reads on the replica"
echo "node $killed (leading) SIGKILLed under load; node $new took the background lease over"
echo "failover: $summary; $stored stored, every node ready on the promoted replica"

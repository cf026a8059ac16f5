#!/usr/bin/env bash
# Failover without loss (docs/CLUSTER.md): a cluster from scripts/cluster.sh (synchronous
# replica, three nodes, HAProxy) takes event reports from 16 retrying clients; the primary
# is killed with SIGKILL. While no primary is reachable every node's /readyz answers 503
# and the balancer answers 503 problem+json with Retry-After; then the replica is promoted
# and the nodes reconnect by themselves. Every report answered 2xx is there afterwards,
# exactly once, and no answer was other than 2xx or 503.
#   tests/cluster/failover.sh [BASE_PORT]     (WANGGE_BIN: the server binary)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:-$((57000 + RANDOM % 800 * 10))}
dir=$(mktemp -d /tmp/wangge-failover-XXXXXX)
chmod 755 "$dir"
cleanup() { "$root/scripts/cluster.sh" stop "$dir" || true; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -5 "$dir"/node*.log >&2 || true; exit 1; }

"$root/scripts/cluster.sh" start "$dir" "$base" >/dev/null
lb=http://127.0.0.1:$base
node "$root/tests/cluster/load.mjs" "$lb" 14 16 >"$dir/load.out" 2>&1 &
load=$!
sleep 4
"$root/scripts/cluster.sh" kill-primary "$dir" >/dev/null
sleep 1.5  # the nodes' next checks find no primary; HAProxy's (every 500 ms, fall 2) too
for n in 1 2 3; do
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
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((base + n))/readyz")
  [[ $code == 200 ]] || fail "node $n not ready after the promotion ($code)"
done
echo "failover: $summary; $stored stored, every node ready on the promoted replica"

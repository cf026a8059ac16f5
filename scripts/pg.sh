#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server on 127.0.0.1 for the tests and benchmarks.
#   eval "$(scripts/pg.sh start DIR)"   -> exports WANGGE_PG_URL, WANGGE_PG_DIR
#   scripts/pg.sh stop DIR
# A DIR that already holds a cluster is started again as it is (the benchmarks' 10 million
# events are generated once). PG_SETTINGS adds server settings ("-c shared_buffers=6GB ...").
# Runs the server as the `postgres` OS user when invoked as root (initdb refuses root).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}
bin=/usr/lib/postgresql/15/bin
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    fresh=0
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      fresh=1
      "${as_pg[@]}" "$bin/initdb" -D "$dir/data" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    for port in $(seq 55432 55532); do
      if "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=on -c synchronous_commit=on -c max_connections=300 -c shared_buffers=256MB ${PG_SETTINGS:-}" \
          start >/dev/null 2>&1; then
        [[ $fresh == 1 ]] && "${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres wangge_test
        echo "export WANGGE_PG_URL=postgresql://postgres@127.0.0.1:$port/wangge_test WANGGE_PG_DIR=$dir"
        exit 0
      fi
      grep -q "Address already in use" "$dir/server.log" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    done
    echo "no free port for PostgreSQL" >&2
    exit 1
    ;;
  stop)
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
esac

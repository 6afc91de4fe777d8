# shellcheck shell=bash
# A throwaway Citus cluster on one machine: a coordinator and workers, each a PostgreSQL 15
# cluster with citus preloaded, all listening on one private socket directory only (no TCP),
# on consecutive ports. Citus reaches a node by (socket directory, port): citus.local_hostname
# is the socket directory. Source this file; used by tests/citus/run.sh and bench/citus_*.sh.
# Env: PG_BIN (default the system PostgreSQL 15), CITUS_PRELOAD (shared_preload_libraries,
# default citus).
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
CITUS_PRELOAD=${CITUS_PRELOAD:-citus}

_citus_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# citus_start_node DIR PORT: initdb DIR/node-PORT and start it with its socket in DIR.
citus_start_node() {
  local dir=$1 port=$2 data=$1/node-$2
  mkdir -p "$dir"
  chown postgres "$dir" 2>/dev/null || true
  rm -rf "$data"
  _citus_as_postgres "$PG_BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb-$port.log"
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
shared_preload_libraries = '$CITUS_PRELOAD'
max_prepared_transactions = 100
wal_level = logical
max_wal_senders = 20
max_replication_slots = 20
citus.local_hostname = '$dir'
CONF
  # PostgreSQL 15.20 admits only listed logical decoding output plugins; Citus's own one
  # (create_distributed_table_concurrently, shard splits without blocking) must be listed.
  # (grep -c reads all of it: grep -q would stop early, and postgres's SIGPIPE fails the test
  # under pipefail.)
  if "$PG_BIN/postgres" --describe-config 2>/dev/null | grep -c '^output_plugin_libraries' >/dev/null; then
    echo "output_plugin_libraries = 'pgoutput, test_decoding, citus'" >>"$data/postgresql.conf"
  fi
  _citus_as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server-$port.log" -w -o "-p $port" start >/dev/null
}

# citus_stop_all DIR: stops every node under DIR and removes DIR.
citus_stop_all() {
  local dir=$1 data
  [ -d "$dir" ] || return 0
  for data in "$dir"/node-*; do
    [ -d "$data" ] && _citus_as_postgres "$PG_BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$dir"
}

# citus_crashes DIR: prints the lines of the server logs that tell of a crash (empty: none).
citus_crashes() {
  grep -hE "terminated by signal|PANIC|TRAP:|server process .* exited with exit code [^01]" "$1"/server-*.log 2>/dev/null || true
}

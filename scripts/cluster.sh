# Throwaway PostgreSQL 15 cluster for tests, demo and benchmarks, with schemaguard in
# shared_preload_libraries. Source this file.
# initdb/postgres refuse to run as root, so the cluster runs as user postgres,
# on a private socket directory and port, and is removed by stop_cluster.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

start_cluster() {  # start_cluster DIR PORT
  CLUSTER_DIR=$1
  export PGHOST=$CLUSTER_DIR PGPORT=$2 PGUSER=postgres
  rm -rf "$CLUSTER_DIR"
  mkdir -p "$CLUSTER_DIR"
  chown postgres "$CLUSTER_DIR"
  run_as_postgres "$PG_BIN/initdb" -D "$CLUSTER_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$CLUSTER_DIR/initdb.log"
  # The documented install (README, Install): the library is loaded at server start, so its
  # hooks see every statement. In postgresql.conf, so that restarts keep it. The library
  # must be installed in PG_BIN's installation before the cluster starts.
  local config=$PG_BIN/pg_config
  [ -x "$config" ] || config=pg_config
  if [ ! -f "$("$config" --pkglibdir)/schemaguard.so" ]; then
    echo "start_cluster: schemaguard.so is not installed in $("$config" --pkglibdir): make install first" >&2
    return 1
  fi
  echo "shared_preload_libraries = 'schemaguard'" >>"$CLUSTER_DIR/data/postgresql.conf"
  run_as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w \
    -o "-p $PGPORT -k $CLUSTER_DIR -c listen_addresses='' -c fsync=off -c max_prepared_transactions=10" start >/dev/null
}

stop_cluster() {
  [ -n "${CLUSTER_DIR:-}" ] && [ -d "$CLUSTER_DIR/data" ] || return 0
  run_as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$CLUSTER_DIR"
}

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

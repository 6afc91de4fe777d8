#!/usr/bin/env bash
# Citus: what schemaguard costs when Citus creates and moves shards (bench/README.md, "Citus").
# One Citus cluster (tests/citus/cluster.sh): a coordinator and three workers, the third
# without shards (shouldhaveshards false) until the rebalance. Two databases on it, each
# with citus: `sg_with` (CREATE EXTENSION schemaguard on the coordinator, propagated to
# the workers) and `sg_without` (no schemaguard). Each repetition, in each database, in
# alternating order:
#   distribute: create_distributed_table of 50 compliant tables (32 shards each, one
#               colocation group: 1,600 shards with their indexes), the tables made beforehand;
#   rebalance:  the third worker may now hold shards; rebalance_table_shards(block_writes);
# then the tables are dropped and the third worker emptied again. Prints the best and the
# median wall clock and CPU time (all processes of the four nodes) of each, and the ratios
# with/without.
# Env: PG_BIN (PostgreSQL 15 with citus and schemaguard installed; default the system one),
# SG_BENCH_RUNS (7), SG_CITUS_BENCH_PORT (55470, four ports), SG_CITUS_BENCH_DIR.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PG_BIN=${PG_BIN:-$(pg_config --bindir)}
RUNS=${SG_BENCH_RUNS:-7}
PORT=${SG_CITUS_BENCH_PORT:-55470}
DIR=${SG_CITUS_BENCH_DIR:-/tmp/sg-citus-bench}
TABLES=50
COORD=$PORT
export PGHOST=$DIR PGUSER=postgres
unset PGPORT PGDATABASE DATABASE_URL
# Both databases run on the same nodes, which preload citus and schemaguard (the documented
# install): without the extension in a database, the library does nothing there.
export CITUS_PRELOAD=${CITUS_PRELOAD:-citus,schemaguard}
# shellcheck source=../tests/citus/cluster.sh
source "$HERE/../tests/citus/cluster.sh"
[ "${SG_CITUS_BENCH_KEEP:-}" = 1 ] || trap 'citus_stop_all "$DIR"' EXIT  # 1: keep the cluster and its logs

q() {  # q PORT DB SQL
  "$PG_BIN/psql" -X -A -t -q -v ON_ERROR_STOP=1 -p "$1" -d "$2" -c "$3"
}
now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
# CPU time (ms) the four nodes' processes used so far: each postmaster's own and its reaped
# children's (cutime, cstime), plus its live children's (backends, cached Citus connections,
# background workers). Less disturbed than the wall clock by other work on the machine.
TICK_MS=$((1000 / $(getconf CLK_TCK)))
cluster_cpu_ms() {
  local total=0 postmaster child
  for postmaster in $(head -q -n1 "$DIR"/node-*/postmaster.pid); do
    total=$((total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")))
    for child in $(pgrep -P "$postmaster"); do
      total=$((total + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
  done
  echo $((total * TICK_MS))
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
best() { sort -g | head -1; }

citus_stop_all "$DIR"
for port in $COORD $((PORT + 1)) $((PORT + 2)) $((PORT + 3)); do citus_start_node "$DIR" "$port"; done
for db in sg_with sg_without; do
  for port in $COORD $((PORT + 1)) $((PORT + 2)) $((PORT + 3)); do
    q "$port" postgres "CREATE DATABASE $db" 2>/dev/null
    q "$port" "$db" "CREATE EXTENSION citus"
  done
  q $COORD "$db" "SELECT citus_set_coordinator_host('$DIR', $COORD)" >/dev/null
  for port in $((PORT + 1)) $((PORT + 2)) $((PORT + 3)); do q $COORD "$db" "SELECT citus_add_node('$DIR', $port)" >/dev/null; done
done
q $COORD sg_with "CREATE EXTENSION schemaguard"
[ "$(q $((PORT + 1)) sg_with "SELECT count(*) FROM pg_extension WHERE extname = 'schemaguard'")" = 1 ]
[ "$(q $((PORT + 1)) sg_without "SELECT count(*) FROM pg_extension WHERE extname = 'schemaguard'")" = 0 ]

tables_sql() {
  for i in $(seq 1 $TABLES); do
    echo "CREATE TABLE bench_$i (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), label text, ref_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
    CREATE INDEX idx_bench_${i}_label ON bench_$i (label);
    CREATE INDEX idx_bench_${i}_ref_id ON bench_$i (ref_id);"
  done
}
distribute_sql() {
  echo "SET citus.shard_count = 32;"
  for i in $(seq 1 $TABLES); do echo "SELECT create_distributed_table('bench_$i', 'id');"; done
}
drop_sql() {
  echo "SET client_min_messages = warning;"
  for i in $(seq 1 $TABLES); do echo "DROP TABLE IF EXISTS bench_$i;"; done
}
spare="'$DIR', $((PORT + 3))"

one_run() {  # one_run DB: appends "distribute_ms rebalance_ms distribute_cpu_ms rebalance_cpu_ms" to $DIR/times-DB
  local db=$1 start distribute rebalance cpu distribute_cpu rebalance_cpu
  drop_sql | "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -p $COORD -d "$db" >/dev/null
  q $COORD "$db" "SELECT citus_set_node_property($spare, 'shouldhaveshards', false)" >/dev/null
  tables_sql | "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -p $COORD -d "$db" >/dev/null
  start=$(now_ms) cpu=$(cluster_cpu_ms)
  distribute_sql | "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -p $COORD -d "$db" >/dev/null
  distribute=$(( $(now_ms) - start )) distribute_cpu=$(( $(cluster_cpu_ms) - cpu ))
  q $COORD "$db" "SELECT citus_set_node_property($spare, 'shouldhaveshards', true)" >/dev/null
  start=$(now_ms) cpu=$(cluster_cpu_ms)
  q $COORD "$db" "SELECT rebalance_table_shards(shard_transfer_mode => 'block_writes')" >/dev/null 2>&1
  rebalance=$(( $(now_ms) - start )) rebalance_cpu=$(( $(cluster_cpu_ms) - cpu ))
  # the moved shards' old placements now, not during the next measurement
  q $COORD "$db" "CALL citus_cleanup_orphaned_resources()" >/dev/null 2>&1
  local moved
  moved=$(q $COORD "$db" "SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid) WHERE n.nodeport = $((PORT + 3))")
  [ "$moved" -gt 0 ] || { echo "the rebalance moved nothing in $db" >&2; exit 1; }
  echo "$distribute $rebalance $distribute_cpu $rebalance_cpu" >>"$DIR/times-$db"
}

rm -f "$DIR"/times-*
echo "citus bench: $TABLES tables x 32 shards, $RUNS runs per variant, load $(cut -d' ' -f1 /proc/loadavg)" >&2
for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) = 1 ]; then order="sg_without sg_with"; else order="sg_with sg_without"; fi
  for db in $order; do one_run "$db"; done
  echo "  run $run: without $(tail -1 "$DIR/times-sg_without"), with $(tail -1 "$DIR/times-sg_with") (ms)" >&2
done

report() {  # report NAME COLUMN
  local without with
  without=$(cut -d' ' -f"$2" "$DIR/times-sg_without")
  with=$(cut -d' ' -f"$2" "$DIR/times-sg_with")
  local wb wm sb sm
  wb=$(best <<<"$without") wm=$(median <<<"$without") sb=$(best <<<"$with") sm=$(median <<<"$with")
  printf '%-16s without schemaguard: best %6d ms, median %8s ms | with: best %6d ms, median %8s ms | ratio best %.3f, median %.3f\n' \
    "$1" "$wb" "$wm" "$sb" "$sm" "$(echo "$sb / $wb" | bc -l)" "$(echo "$sm / $wm" | bc -l)"
}
report "distribute wall" 1
report "distribute CPU" 3
report "rebalance wall" 2
report "rebalance CPU" 4
echo "load at end $(cut -d' ' -f1 /proc/loadavg)" >&2

#!/usr/bin/env bash
# DDL overhead: the same compliant 500-table migration (bench/ddl_schema.sh, three
# statements per table, 1,500 statements) applied with psql -1 -f (one transaction) to a
# fresh database
#   (a) plain PostgreSQL,
#   (b) with CREATE EXTENSION schemaguard (mode enforce),
#   (c) with the hand-written PL/pgSQL event trigger of bench/ddl_plpgsql_baseline.sql.
# Wall clock of the psql run and CPU time of its server backend, SG_BENCH_DDL_RUNS (11)
# times each, interleaved (a b c, b c a, ...). Reported: the best run of each (other
# engineers' builds slow whole runs down by up to 2x on this shared 2-core machine; the
# best run is the least disturbed) and the median; ratios (b)/(a), (c)/(a), (b)/(c) of
# the best runs.
# Target: (b) at most 5 % over (a).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_cluster_up
TABLES=${SG_BENCH_DDL_TABLES:-500}
RUNS=${SG_BENCH_DDL_RUNS:-11}

schema=$BENCH_WORK/ddl_schema_$TABLES.sql
"$BENCH_DIR/ddl_schema.sh" "$TABLES" >"$schema"
# What psql -1 -f does (BEGIN, the file, COMMIT), plus the CPU time the server backend
# spent on it (/proc/PID/schedstat, ns), which other processes on a shared machine
# disturb far less than the wall clock. The COMMIT, with schemaguard's check, is inside.
run=$BENCH_WORK/ddl_run_$TABLES.sql
cat >"$run" <<SQL
SELECT pg_backend_pid() AS pid \\gset
\\setenv SG_BENCH_PID :pid
\\! cut -d' ' -f1 /proc/\$SG_BENCH_PID/schedstat
BEGIN;
\\i $schema
COMMIT;
\\! cut -d' ' -f1 /proc/\$SG_BENCH_PID/schedstat
SQL

setup() {  # setup VARIANT DB
  fresh_db "$2"  # drops only a leftover of an interrupted run
  case $1 in
    b) q "$2" -c "CREATE EXTENSION schemaguard" ;;
    c) q "$2" -v bench_dir="$BENCH_DIR" -f "$BENCH_DIR/ddl_plpgsql_baseline.sql" >/dev/null ;;
  esac
  q postgres -c CHECKPOINT
}

echo "== DDL overhead: $TABLES tables x 3 statements in one transaction, $RUNS runs each"
raw=$BENCH_WORK/ddl_overhead.txt
: >"$raw"
# Every run gets a database of its own, all dropped at the end: deleting files makes the
# next file creations slower for a few minutes (ext4 skips recently freed inodes), which
# would add noise to whatever runs next.
order=(a b c)
databases=()
for n in $(seq 1 "$RUNS"); do
  for v in "${order[@]}"; do
    db=sg_ddl_${v}_$n
    databases+=("$db")
    setup "$v" "$db"
    t0=$(now_ns)
    cpu=$(q "$db" -f "$run" | tr '\n' ' ')
    t1=$(now_ns)
    # variant, wall clock us, backend CPU us
    echo "$v $(( (t1 - t0) / 1000 )) $(echo "$cpu" | awk '{ printf "%d", ($2 - $1) / 1000 }')" >>"$raw"
  done
  order=("${order[@]:1}" "${order[0]}")
done

# Sanity: every variant built all tables; (b) and (c) do reject a violation.
for v in a b c; do
  n=$(q "sg_ddl_${v}_$RUNS" -Atc "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'item\_%'")
  [ "$n" = "$TABLES" ] || { echo "variant $v built $n tables, expected $TABLES" >&2; exit 1; }
done
for v in b c; do
  if q "sg_ddl_${v}_$RUNS" -c "CREATE TABLE not_compliant (id int)" 2>/dev/null; then
    echo "variant $v accepted a non-compliant table" >&2
    exit 1
  fi
done

declare -A wall cpu
for v in a b c; do
  ms=$(awk -v v="$v" '$1 == v { printf "%.1f\n", $2 / 1000 }' "$raw")
  wall[$v]=$(echo "$ms" | minimum)
  printf '    (%s) wall clock (ms):  %s (median %s)\n' "$v" "$(echo "$ms" | tr '\n' ' ')" "$(echo "$ms" | median)"
  ms=$(awk -v v="$v" '$1 == v { printf "%.1f\n", $3 / 1000 }' "$raw")
  cpu[$v]=$(echo "$ms" | minimum)
  printf '    (%s) backend CPU (ms): %s (median %s)\n' "$v" "$(echo "$ms" | tr '\n' ' ')" "$(echo "$ms" | median)"
done
for db in "${databases[@]}"; do q postgres -c "DROP DATABASE $db"; done

report() {  # report KEY A B C
  record "$1.plain_ms" "$2"
  record "$1.schemaguard_ms" "$3"
  record "$1.plpgsql_baseline_ms" "$4"
  record "$1.schemaguard_vs_plain" "$(ratio "$3" "$2") ($(pct "$3" "$2"))"
  record "$1.plpgsql_vs_plain" "$(ratio "$4" "$2") ($(pct "$4" "$2"))"
  record "$1.schemaguard_vs_plpgsql" "$(ratio "$3" "$4")"
}
report ddl "${wall[a]}" "${wall[b]}" "${wall[c]}"
report ddl.cpu "${cpu[a]}" "${cpu[b]}" "${cpu[c]}"
bench_extension_unchanged || echo "WARNING: $BENCH_LIB changed during the run; repeat it" >&2

#!/usr/bin/env bash
# Commit-time configuration cost of 0.4.0 (presets, former partitions): the same library,
# one database at extension version 0.3.0 (which has neither table, so the commit-time
# check skips both queries) and one at 0.4.0 with three presets enabled. Each run: N
# compliant CREATE TABLE statements, each its own transaction (autocommit); measured: the
# CPU time of the server backend over the run (/proc/PID/schedstat, which a loaded shared
# machine disturbs far less than the wall clock); SG_BENCH_RUNS_CONFIG (default 9) runs per
# database, interleaved (a b, b a, ...). Reported: the median run of each, the ratio (b)/(a)
# and the difference per statement.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_cluster_up
N=${SG_BENCH_STATEMENTS_PER_RUN:-300}
RUNS=${SG_BENCH_RUNS_CONFIG:-9}
gen() {  # gen PREFIX: the statements of one run, between two readings of the backend's CPU time
  echo "SELECT pg_backend_pid() AS pid \\gset"
  echo "\\setenv SG_BENCH_PID :pid"
  echo "\\! cut -d' ' -f1 /proc/\$SG_BENCH_PID/schedstat"
  for i in $(seq 1 "$N"); do
    echo "CREATE TABLE $1_$i (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz);"
  done
  echo "\\! cut -d' ' -f1 /proc/\$SG_BENCH_PID/schedstat"
}
for v in a b; do fresh_db "sg_bench_cfg_$v"; done
q sg_bench_cfg_a -c "CREATE EXTENSION schemaguard VERSION '0.3.0'"
q sg_bench_cfg_b -c "CREATE EXTENSION schemaguard" \
  -c "SELECT schemaguard.enable_preset(p) FROM (VALUES ('knex'), ('pg_partman'), ('pg_repack')) v(p)" >/dev/null
declare -A times
for run in $(seq 1 "$RUNS"); do
  order="a b"; [ $((run % 2)) = 0 ] && order="b a"
  for v in $order; do
    gen "t${run}" >"$BENCH_WORK/cfg_run.sql"
    readings=$(q "sg_bench_cfg_$v" -f "$BENCH_WORK/cfg_run.sql")
    times[$v]+="$(( ($(tail -1 <<<"$readings") - $(head -1 <<<"$readings")) / 1000 )) "
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ma=$(median "${times[a]}") mb=$(median "${times[b]}")
printf '%-58s %s\n' "backend CPU, CREATE TABLE x$N, 0.3.0 SQL (a), median of $RUNS" "$((ma / 1000)) ms"
printf '%-58s %s\n' "backend CPU, same, 0.4.0 SQL + 3 presets (b)" "$((mb / 1000)) ms"
awk -v a="$ma" -v b="$mb" -v n="$N" 'BEGIN { printf "%-58s %.3f (%+.3f ms per statement)\n", "  (b)/(a)", b / a, (b - a) / n / 1000 }'
for v in a b; do q postgres -c "DROP DATABASE sg_bench_cfg_$v" >/dev/null; done

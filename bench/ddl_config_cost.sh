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
gen() {  # gen PREFIX: the statements of one run
  for i in $(seq 1 "$N"); do
    echo "CREATE TABLE $1_$i (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz);"
  done
}
for v in a b; do fresh_db "sg_bench_cfg_$v"; done
q sg_bench_cfg_a -c "CREATE EXTENSION schemaguard VERSION '0.3.0'"
q sg_bench_cfg_b -c "CREATE EXTENSION schemaguard VERSION '0.4.0'" \
  -c "SELECT schemaguard.enable_preset(p) FROM (VALUES ('knex'), ('pg_partman'), ('pg_repack')) v(p)" >/dev/null
commit_cpu_ab sg_bench_cfg_a sg_bench_cfg_b "$RUNS" gen
printf '%-58s %s\n' "backend CPU, CREATE TABLE x$N, 0.3.0 SQL (a), median of $RUNS" "$((CPU_A_US / 1000)) ms"
printf '%-58s %s\n' "backend CPU, same, 0.4.0 SQL + 3 presets (b)" "$((CPU_B_US / 1000)) ms"
awk -v a="$CPU_A_US" -v b="$CPU_B_US" -v n="$N" 'BEGIN { printf "%-58s %.3f (%+.3f ms per statement)\n", "  (b)/(a)", b / a, (b - a) / n / 1000 }'
for v in a b; do q postgres -c "DROP DATABASE sg_bench_cfg_$v" >/dev/null; done

#!/usr/bin/env bash
# Commit-time cost of a non-default policy (issue 12): the same library and extension version
# in two databases, one with the V1 definition (no rule parameter set: a) and one with every
# rule parameter set (b), chosen so that the same DDL is compliant under both. Each run: N
# transactions, each creating a table with a foreign key and its index (N commits through
# the check, which reads the parameters in the severities' query and judges every rule
# against them); measured: the server backend's CPU time over the run; medians of
# SG_BENCH_RUNS_POLICY (default 21) runs per database, interleaved, each run's tables dropped after
# it (untimed); reported also the median of the ratios of the runs made one after the other.
# Goal: (b)/(a) <= 1.02.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_cluster_up
N=${SG_BENCH_STATEMENTS_PER_RUN:-100}
RUNS=${SG_BENCH_RUNS_POLICY:-21}
gen() {  # gen PREFIX: the statements of one run
  for i in $(seq 1 "$N"); do
    echo "BEGIN;"
    echo "CREATE TABLE $1_$i (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      parent_id uuid REFERENCES parent (id) ON DELETE CASCADE, name text,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz);"
    echo "CREATE INDEX idx_$1_${i}_parent_id ON $1_$i (parent_id);"
    echo "COMMIT;"
  done
}
drop_run() {  # drop_run PREFIX: the tables of one run, after its second reading
  local i
  for i in $(seq 1 "$N"); do echo "DROP TABLE $1_$i;"; done
}
setup="CREATE EXTENSION schemaguard;
CREATE TABLE parent (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz);"
for v in a b; do fresh_db "sg_bench_pol_$v" && q "sg_bench_pol_$v" -c "$setup" >/dev/null; done
q sg_bench_pol_b >/dev/null <<'SQL'
CREATE FUNCTION public.bench_uuid() RETURNS uuid LANGUAGE sql AS 'SELECT gen_random_uuid()';
CREATE FUNCTION public.bench_now() RETURNS timestamptz LANGUAGE sql AS 'SELECT now()';
SELECT schemaguard.set_rule_parameter(rule, parameter, value) FROM (VALUES
  ('primary_key', 'key_types', ARRAY['uuid', 'bigint']),
  ('primary_key', 'identity', ARRAY['always']),
  ('primary_key', 'key_defaults', ARRAY['public.bench_uuid()']),
  ('timestamps', 'columns', ARRAY['created_at', 'updated_at']),
  ('timestamps', 'default_functions', ARRAY['public.bench_now()']),
  ('soft_delete', 'column', ARRAY['deleted_at']),
  ('soft_delete', 'classes', ARRAY['entity']),
  ('fk_on_delete', 'actions', ARRAY['cascade', 'set null', 'restrict']),
  ('index_naming', 'template', ARRAY['idx_{table}_{columns}']),
  ('index_naming', 'unique_template', ARRAY['uq_{table}_{columns}']),
  ('index_naming', 'expression_template', ARRAY['idx_{table}_{any}'])) AS p(rule, parameter, value);
SQL
set_count=$(q sg_bench_pol_b -tAc "SELECT count(*) FROM schemaguard.rule_parameters")
commit_cpu_ab sg_bench_pol_a sg_bench_pol_b "$RUNS" gen drop_run
printf '%-62s %s\n' "backend CPU, $N x (table + FK + index), V1 (a), median of $RUNS" "$((CPU_A_US / 1000)) ms"
printf '%-62s %s\n' "backend CPU, same, $set_count parameters set (b)" "$((CPU_B_US / 1000)) ms"
awk -v a="$CPU_A_US" -v b="$CPU_B_US" -v n="$N" 'BEGIN {
  printf "%-62s %.3f (%+.3f ms per commit)\n", "  (b)/(a), medians", b / a, (b - a) / n / 1000 }'
awk -v r="$RATIO_MEDIAN" 'BEGIN {
  printf "%-62s %.3f  %s\n", "  (b)/(a), median of the runs made one after the other", r, r <= 1.02 ? "<= 1.02: met" : "<= 1.02: NOT met" }'
bad=$(q sg_bench_pol_b -tAc "SELECT count(*) FROM schemaguard.violations()")
[ "$bad" = 0 ] || echo "bench: $bad violations under the policy (b): the DDL is meant to be compliant" >&2
for v in a b; do q postgres -c "DROP DATABASE sg_bench_pol_$v" >/dev/null; done

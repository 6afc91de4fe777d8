#!/usr/bin/env bash
# Runs the extension benchmarks against a throwaway cluster (port 55460, /tmp/sg-bench)
# and prints a summary with the ratios and targets. See bench/README.md.
#   bench/scan_full.sh     violations() vs one catalog query, 500 and 5,000 tables
#   bench/ddl_scaling.sh   CREATE TABLE in a database of 10 vs 5,000 tables
#   bench/ddl_overhead.sh  500-table migration: plain vs schemaguard vs PL/pgSQL trigger
# SG_BENCH_RUNS (7) and SG_BENCH_DDL_RUNS (11) set the repetitions. About 1.5 minutes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_cluster_up
: >"$BENCH_RESULTS"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(now_ns)

status=0
# ddl_scaling before ddl_overhead, which creates and drops 33 databases: file creations
# are slower for a few minutes after many deletions (ext4 skips recently freed inodes)
"$BENCH_DIR/scan_full.sh" || status=1
"$BENCH_DIR/ddl_scaling.sh" || status=1
"$BENCH_DIR/ddl_overhead.sh" || status=1

val() { sed -n "s/^$1=//p" "$BENCH_RESULTS" | tail -1; }
first() { val "$1" | cut -d' ' -f1; }
verdict() {
  [ -n "$1" ] || { echo "no result"; return; }
  awk -v x="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=") ? x <= t : x >= t; print ok ? "met" : "NOT met" }'
}

echo
echo "== summary ($(date -u +%Y-%m-%d), $(nproc) cores, PostgreSQL $(q postgres -Atc 'SHOW server_version' | cut -d' ' -f1), schemaguard from ${BENCH_LABEL:-?})"
echo "best of $BENCH_RUNS (scans) / ${SG_BENCH_DDL_RUNS:-11} (DDL overhead) runs; load average at start: $load_start, now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %-26s %s\n' "measurement" "result" "target"
row() { printf '%-58s %-26s %s\n' "$1" "$2" "$3"; }
row "DDL 500 tables, plain PostgreSQL (a)" "$(val ddl.plain_ms) ms" ""
row "DDL 500 tables, schemaguard (b)" "$(val ddl.schemaguard_ms) ms" ""
row "DDL 500 tables, PL/pgSQL event trigger (c)" "$(val ddl.plpgsql_baseline_ms) ms" ""
row "  (b)/(a) schemaguard overhead" "$(val ddl.schemaguard_vs_plain)" \
    "<= 1.05: $(verdict "$(first ddl.schemaguard_vs_plain)" '<=' 1.05)"
row "  (c)/(a) PL/pgSQL overhead" "$(val ddl.plpgsql_vs_plain)" ""
row "  (b)/(c) schemaguard vs PL/pgSQL" "$(val ddl.schemaguard_vs_plpgsql)" ""
row "  backend CPU (a) / (b) / (c)" \
    "$(val ddl.cpu.plain_ms) / $(val ddl.cpu.schemaguard_ms) / $(val ddl.cpu.plpgsql_baseline_ms) ms" ""
row "  backend CPU (b)/(a)" "$(val ddl.cpu.schemaguard_vs_plain)" \
    "<= 1.05: $(verdict "$(first ddl.cpu.schemaguard_vs_plain)" '<=' 1.05)"
row "  backend CPU (c)/(a), (b)/(c)" "$(first ddl.cpu.plpgsql_vs_plain), $(val ddl.cpu.schemaguard_vs_plpgsql)" ""
for n in 500 5000; do
  row "violations(), $n tables" "$(val scan.$n.violations_ms) ms" ""
  row "catalog query, $n tables" "$(val scan.$n.catalog_query_ms) ms" ""
  row "  speedup (query/violations()), $n tables" "$(val scan.$n.speedup)x" \
      "$([ $n = 5000 ] && echo ">= 10: $(verdict "$(val scan.$n.speedup)" '>=' 10)")"
  row "  violations found (violations() / query)" \
      "$(val scan.$n.violations_count) / $(val scan.$n.catalog_query_count)" "$(val scan.$n.findings)"
done
row "  edge cases (bench/scan_edge_cases.sql)" "$(val scan.edge_cases.findings)" "same"
per_table() { awk -v ms="$1" -v n="$2" 'BEGIN { if (ms != "") printf "%.1f", ms * 1000 / n }'; }
row "growth 500 -> 5,000 tables, violations()" "$(val scan.growth_500_to_5000.violations)x" \
    "linear (<= 15): $(verdict "$(val scan.growth_500_to_5000.violations)" '<=' 15)"
row "  violations() per table, 500 / 5,000 tables" \
    "$(per_table "$(val scan.500.violations_ms)" 500) / $(per_table "$(val scan.5000.violations_ms)" 5000) us" ""
row "growth 500 -> 5,000 tables, catalog query" "$(val scan.growth_500_to_5000.catalog_query)x" ""
row "CREATE TABLE, 10-table database" "$(val scaling.10_tables_ms) ms" ""
row "CREATE TABLE, 5,000-table database" "$(val scaling.5000_tables_ms) ms" ""
row "  5,000 vs 10 tables" "$(val scaling.5000_vs_10)" ""
row "  same with schemaguard.mode = off (PostgreSQL alone)" "$(val scaling.mode_off.5000_vs_10)" ""
row "  schemaguard's share per statement, 10 / 5,000 tables" \
    "$(val scaling.extension_share.10_tables_ms) / $(val scaling.extension_share.5000_tables_ms) ms" ""
difference=$(val scaling.extension_share.difference_ms)
row "  difference of the shares" "$difference ms" \
    "|d| <= 0.05 ms: $(verdict "${difference#[+-]}" '<=' 0.05)"
echo "total $(( ($(now_ns) - started) / 1000000000 )) s; raw timings in $BENCH_WORK"
bench_extension_unchanged || { echo "WARNING: $BENCH_LIB changed during the run; repeat it" >&2; status=1; }
exit $status

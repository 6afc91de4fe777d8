#!/usr/bin/env bash
# Full scan: SELECT count(*) FROM schemaguard.violations() against the same checks written
# as one catalog query (tests/oracle/v1_violations.sql), over 500 and 5,000 tables (30 % of
# them non-compliant, bench/scan_tables.sh). Both must find the same violations: the
# per-rule counts and every (rule, table, object) are compared, also on the edge cases of
# bench/scan_edge_cases.sql. Then each query runs SG_BENCH_RUNS times, alternating, in one
# psql session (\timing, after one warm-up run each, jit off); the best run is reported
# (the median is printed too).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_cluster_up

# scan_db N: database sg_scan_N with N generated tables, then the extension. Kept for
# bench/ddl_scaling.sh, which reuses sg_scan_5000 when it exists.
scan_db() {
  local db=sg_scan_$1
  if db_exists "$db"; then return; fi
  q postgres -c "CREATE DATABASE $db TEMPLATE template0"
  "$BENCH_DIR/scan_tables.sh" "$1" >"$BENCH_WORK/scan_tables_$1.sql"
  q "$db" -f "$BENCH_WORK/scan_tables_$1.sql"
  q "$db" -c "CREATE EXTENSION schemaguard" -c "VACUUM ANALYZE"
}

catalog_query() { sed 's/;[[:space:]]*$//' "$ROOT/tests/oracle/v1_violations.sql"; }

# compare DB: per-rule counts of both, and the findings only one of them reports.
# Prints "same" or "DIFFERENT" last; returns 1 when they differ.
compare() {
  local out
  out=$({
    echo "CREATE TEMP TABLE from_extension AS SELECT rule, schema_name, table_name, coalesce(object_name, '') AS object_name FROM schemaguard.violations();"
    echo "CREATE TEMP TABLE from_query AS SELECT rule, schema_name, table_name, coalesce(object_name, '') AS object_name FROM ("
    catalog_query
    echo ") q;"
    cat <<'SQL'
SELECT rule, sum(e) AS "violations()", sum(q) AS "catalog query"
FROM (SELECT rule, 1 AS e, 0 AS q FROM from_extension UNION ALL SELECT rule, 0, 1 FROM from_query) x
GROUP BY ROLLUP (rule) ORDER BY rule NULLS LAST;
SELECT * FROM (
    SELECT 'only violations()' AS reported_by, * FROM (TABLE from_extension EXCEPT ALL TABLE from_query) a
    UNION ALL
    SELECT 'only catalog query', * FROM (TABLE from_query EXCEPT ALL TABLE from_extension) b) d
ORDER BY 2, 3, 4, 5;
SELECT CASE WHEN NOT EXISTS (TABLE from_extension EXCEPT ALL TABLE from_query)
             AND NOT EXISTS (TABLE from_query EXCEPT ALL TABLE from_extension)
            THEN 'same' ELSE 'DIFFERENT' END AS findings;
SQL
  } | q "$1" -P footer=off)
  awk '{ print "    " $0 }' <<<"$out"
  echo "$out" | tail -3 | grep -qw same
}

# time_queries DB: best ms of violations() and of the catalog query.
time_queries() {
  local db=$1 raw=$BENCH_WORK/scan_timing_$1.txt
  {
    # JIT off: with default settings the catalog query's plan costs enough for JIT
    # compilation, which takes longer than the query itself (violations() has no plan)
    echo "SET jit = off;"
    printf '%s\n' '\timing on'
    for _ in $(seq 0 "$BENCH_RUNS"); do
      echo "SELECT 'ext' AS which, count(*) FROM schemaguard.violations();"
      echo "SELECT 'sql' AS which, count(*) FROM ("
      catalog_query
      echo ") q;"
    done
  } | q "$db" -At -F ' ' >"$raw"
  # lines: "ext 5250", "Time: 61.2 ms", "sql 5250", "Time: ..." ; drop the warm-up pair
  awk '/^(ext|sql) / { which = $1; count[which] = $2; next }
       /^Time: / { n[which]++; if (n[which] > 1) print which, $2 }' "$raw" >"$raw.ms"
  ext_ms=$(awk '$1 == "ext" { print $2 }' "$raw.ms" | minimum)
  sql_ms=$(awk '$1 == "sql" { print $2 }' "$raw.ms" | minimum)
  ext_count=$(awk '$1 == "ext" { c = $2 } END { print c }' "$raw")
  sql_count=$(awk '$1 == "sql" { c = $2 } END { print c }' "$raw")
  echo "    runs (ms), violations(): $(awk '$1 == "ext" { printf "%s ", $2 }' "$raw.ms")(median $(awk '$1 == "ext" { print $2 }' "$raw.ms" | median))"
  echo "    runs (ms), catalog query: $(awk '$1 == "sql" { printf "%s ", $2 }' "$raw.ms")(median $(awk '$1 == "sql" { print $2 }' "$raw.ms" | median))"
}

echo "== full scan: schemaguard.violations() vs one catalog query"
status=0
declare -A ext sql
echo "-- edge cases (bench/scan_edge_cases.sql)"
fresh_db sg_scan_edge
q sg_scan_edge -c "CREATE EXTENSION schemaguard"
q sg_scan_edge -f "$BENCH_DIR/scan_edge_cases.sql"
if compare sg_scan_edge; then record scan.edge_cases.findings same; else record scan.edge_cases.findings DIFFERENT; status=1; fi

for n in 500 5000; do
  echo "-- $n tables"
  t0=$(now_ns)
  scan_db "$n"
  echo "    database ready in $(( ($(now_ns) - t0) / 1000000 )) ms"
  if compare "sg_scan_$n"; then record "scan.$n.findings" same; else record "scan.$n.findings" DIFFERENT; status=1; fi
  time_queries "sg_scan_$n"
  record "scan.$n.violations_count" "$ext_count"
  record "scan.$n.catalog_query_count" "$sql_count"
  record "scan.$n.violations_ms" "$ext_ms"
  record "scan.$n.catalog_query_ms" "$sql_ms"
  record "scan.$n.speedup" "$(ratio "$sql_ms" "$ext_ms")"
  ext[$n]=$ext_ms sql[$n]=$sql_ms
done
record scan.growth_500_to_5000.violations "$(ratio "${ext[5000]}" "${ext[500]}")"
record scan.growth_500_to_5000.catalog_query "$(ratio "${sql[5000]}" "${sql[500]}")"
exit $status

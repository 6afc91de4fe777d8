#!/usr/bin/env bash
# DDL cost against database size: compliant CREATE TABLE statements, each its own
# transaction (autocommit), timed one by one with psql \timing, in a database of 10 tables
# and in one of 5,000 (bench/scan_tables.sh; sg_scan_5000 of bench/scan_full.sh is reused
# when it exists, with its 5,250 violations baselined), both with schemaguard installed.
# In each session the statements come in pairs, one with schemaguard.mode = enforce and one
# with off (PostgreSQL's own cost, the trigger returning at once), in alternating order, so
# each enforced statement has a neighbour without schemaguard's work under the same
# conditions: schemaguard's share is the median of the differences within the pairs.
# SG_BENCH_SCALING_ROUNDS (10) sessions of SG_BENCH_STATEMENTS (10) pairs per database,
# the databases alternating, after one warm-up session each.
# The tables created stay (dropping them would slow later file creations down: ext4 skips
# recently freed inodes), so the small database ends with 230 tables, the large one with
# 5,221. File creation is also where PostgreSQL's own cost varies most between databases
# (with the recent history of the file system), hence the comparison of schemaguard's share.
# Target: schemaguard's cost per statement does not depend on the size of the database.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_cluster_up
STATEMENTS=${SG_BENCH_STATEMENTS:-10}
ROUNDS=${SG_BENCH_SCALING_ROUNDS:-10}

build_db() {  # build_db DB N: N generated tables (anchor included), then the extension
  db_exists "$1" && return
  q postgres -c "CREATE DATABASE $1 TEMPLATE template0"
  "$BENCH_DIR/scan_tables.sh" "$2" >"$BENCH_WORK/scan_tables_$2.sql"
  q "$1" -f "$BENCH_WORK/scan_tables_$2.sql"
  q "$1" -c "CREATE EXTENSION schemaguard" -c "VACUUM ANALYZE"
}

# session DB NAME: lines "enforce MS" and "off MS", one per CREATE TABLE, alternating.
session() {
  {
    echo "SELECT 1 FROM schemaguard.rules LIMIT 1;"  # loads the library before timing
    for i in $(seq -w 1 "$STATEMENTS"); do
      # the pair of statement i, in alternating order
      if [ $((10#$i % 2)) = 1 ]; then pair="enforce off"; else pair="off enforce"; fi
      for mode in $pair; do
        echo "SET schemaguard.mode = $mode;"
        printf '\\echo %s\n' "$mode"
        printf '%s\n' '\timing on'
        echo "CREATE TABLE scale_$2_${i}_$mode (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, name text NOT NULL, amount numeric(12, 2));"
        printf '%s\n' '\timing off'
      done
    done
  } | q "$1" -At | awk '/^(enforce|off)$/ { mode = $1; next } /^Time: / { print mode, $2 }'
}

tables() {
  q "$1" -Atc "SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p') AND NOT relispartition
               AND relnamespace IN ('public'::regnamespace, 'app'::regnamespace)"
}

echo "== DDL scaling: CREATE TABLE, one transaction each, $ROUNDS sessions of $STATEMENTS pairs per database"
build_db sg_scale_10 9
build_db sg_scan_5000 5000
# The large database is also an adopted one: its 5,250 violations baselined, so that a
# commit's configuration lookup (waivers, classes, baseline) is measured at size too.
q sg_scan_5000 -Atc "SELECT schemaguard.baseline()" >/dev/null
echo "    baseline entries: sg_scan_5000 $(q sg_scan_5000 -Atc "SELECT count(*) FROM schemaguard.baseline_entries")"
echo "    tables before: sg_scale_10 $(tables sg_scale_10), sg_scan_5000 $(tables sg_scan_5000)"
# Warm-up, not recorded: the first change to a page after a checkpoint writes the whole
# page to WAL, which costs more in larger catalogs. A checkpoint now (none comes during the
# measurement: it writes far less WAL than max_wal_size), then one session per database.
q postgres -c CHECKPOINT
for db in sg_scale_10 sg_scan_5000; do session "$db" "w_$$" >/dev/null; done
raw=$BENCH_WORK/ddl_scaling.txt
: >"$raw"
for round in $(seq 1 "$ROUNDS"); do
  for db in sg_scale_10 sg_scan_5000; do
    session "$db" "r${round}_$$" | sed "s/^/$db /" >>"$raw"
  done
done
echo "    tables after:  sg_scale_10 $(tables sg_scale_10), sg_scan_5000 $(tables sg_scan_5000)"

declare -A ms share
for db in sg_scale_10 sg_scan_5000; do
  for mode in enforce off; do
    ms[$db.$mode]=$(awk -v d="$db" -v m="$mode" '$1 == d && $2 == m { print $3 }' "$raw" | median)
  done
  # pairs: consecutive statements, one enforced and one not, in alternating order
  share[$db]=$(awk -v d="$db" '$1 == d { t[$2] = $3; if (++n % 2 == 0) printf "%.3f\n", t["enforce"] - t["off"] }' "$raw" | median)
  echo "    $db: with schemaguard ${ms[$db.enforce]} ms, mode off ${ms[$db.off]} ms, schemaguard's share ${share[$db]} ms (median of pairs)"
done
record scaling.10_tables_ms "${ms[sg_scale_10.enforce]}"
record scaling.5000_tables_ms "${ms[sg_scan_5000.enforce]}"
record scaling.5000_vs_10 "$(ratio "${ms[sg_scan_5000.enforce]}" "${ms[sg_scale_10.enforce]}")"
record scaling.mode_off.10_tables_ms "${ms[sg_scale_10.off]}"
record scaling.mode_off.5000_tables_ms "${ms[sg_scan_5000.off]}"
record scaling.mode_off.5000_vs_10 "$(ratio "${ms[sg_scan_5000.off]}" "${ms[sg_scale_10.off]}")"
record scaling.extension_share.10_tables_ms "${share[sg_scale_10]}"
record scaling.extension_share.5000_tables_ms "${share[sg_scan_5000]}"
record scaling.extension_share.difference_ms \
  "$(awk -v a="${share[sg_scan_5000]}" -v b="${share[sg_scale_10]}" 'BEGIN { printf "%+.3f", a - b }')"
bench_extension_unchanged || echo "WARNING: $BENCH_LIB changed during the run; repeat it" >&2

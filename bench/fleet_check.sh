#!/usr/bin/env bash
# fleet check over N databases vs a sequential loop of `schemaguard check` over the same DSNs,
# same cluster, same run, interleaved; then fleet check's wall time from 50 to N databases.
# Each database is a copy of one template: the extension, 20 compliant tables and 2 with
# violations (made in warn mode), so every check has findings to report.
# Env: SCHEMAGUARD_BIN, DATABASES (200), RUNS (7), JOBS (4), PG_BIN (to measure a private build),
# BENCH_PORT (55460).
source "$(dirname "$0")/migrate_common.sh"
DATABASES=${DATABASES:-200}
RUNS=${RUNS:-7}
JOBS=${JOBS:-4}

mkdir -p "$WORKDIR/m"
for i in $(seq 1 20); do table_sql "$i" >"$WORKDIR/m/$(printf '%03d' "$i")_t_$i.sql"; done
fresh_db fleet_tpl
"$SG" --dsn "dbname=fleet_tpl" -q migrate --dir "$WORKDIR/m"
PGOPTIONS="-c schemaguard.mode=warn" psql -X -q -d fleet_tpl -c "CREATE TABLE legacy_a (id serial PRIMARY KEY)" \
  -c "CREATE TABLE legacy_b (id bigserial PRIMARY KEY, created_at timestamptz)" 2>/dev/null
: >"$WORKDIR/targets.txt"
for i in $(seq -w 1 "$DATABASES"); do
  psql -X -q -d postgres -c "CREATE DATABASE fleet_$i TEMPLATE fleet_tpl"
  echo "tenant_$i dbname=fleet_$i" >>"$WORKDIR/targets.txt"
done
echo "$DATABASES databases ready (22 tables each, 2 with violations); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
loop_times=(); fleet_times=()
for r in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  while read -r name dsn; do
    rc=0; "$SG" --dsn "$dsn" check --format json >/dev/null || rc=$?
    [ "$rc" = 1 ] || { echo "check of $name exited $rc" >&2; exit 1; }
  done <"$WORKDIR/targets.txt"
  t1=$(now_ms); loop_times+=($((t1 - t0)))
  t0=$(now_ms)
  rc=0; "$SG" fleet check --targets "$WORKDIR/targets.txt" --jobs "$JOBS" --format json >"$WORKDIR/fleet.json" || rc=$?
  t1=$(now_ms); fleet_times+=($((t1 - t0)))
  [ "$rc" = 1 ] || { echo "fleet check exited $rc" >&2; exit 1; }
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['summary']['by_status'] == {'violations': int(sys.argv[2])}, d['summary']" \
    "$WORKDIR/fleet.json" "$DATABASES"
  echo "run $r: loop ${loop_times[-1]} ms, fleet --jobs $JOBS ${fleet_times[-1]} ms"
done
lm=$(printf '%s\n' "${loop_times[@]}" | median)
fm=$(printf '%s\n' "${fleet_times[@]}" | median)
echo "median of $RUNS runs over $DATABASES databases:"
echo "  sequential loop of schemaguard check   $lm ms"
echo "  schemaguard fleet check --jobs $JOBS     $fm ms"
awk -v a="$lm" -v b="$fm" 'BEGIN {printf "  ratio loop / fleet                     %.2fx\n", a / b}'

echo "fleet check wall time by fleet size (--jobs $JOBS, median of $RUNS):"
for n in 50 100 150 "$DATABASES"; do
  head -n "$n" "$WORKDIR/targets.txt" >"$WORKDIR/t$n.txt"
  times=()
  for r in $(seq 1 "$RUNS"); do
    t0=$(now_ms); "$SG" fleet check --targets "$WORKDIR/t$n.txt" --jobs "$JOBS" --format json >/dev/null || true; t1=$(now_ms)
    times+=($((t1 - t0)))
  done
  m=$(printf '%s\n' "${times[@]}" | median)
  awk -v n="$n" -v m="$m" 'BEGIN {printf "  %4d databases  %6d ms  (%.1f ms per database)\n", n, m, m / n}'
done
for j in 1 2 8; do
  times=()
  for r in $(seq 1 "$RUNS"); do
    t0=$(now_ms); "$SG" fleet check --targets "$WORKDIR/targets.txt" --jobs "$j" --format json >/dev/null || true; t1=$(now_ms)
    times+=($((t1 - t0)))
  done
  echo "  --jobs $j, $DATABASES databases: $(printf '%s\n' "${times[@]}" | median) ms"
done
echo "load at end $(cut -d' ' -f1 /proc/loadavg)"

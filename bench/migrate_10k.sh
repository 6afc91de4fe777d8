#!/usr/bin/env bash
# 10,000 tiny migrations applied by `schemaguard migrate`, and how the time grows from 1,000:
# 1k, 2.5k, 5k, 10k files, each into a fresh database. Target: 10k under 15 s, linear growth.
source "$(dirname "$0")/migrate_common.sh"
SIZES=${SIZES:-"1000 2500 5000 10000"}
max=0; for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
mkdir -p "$WORKDIR/all"
for i in $(seq 1 "$max"); do
  printf 'COMMENT ON TABLE tiny IS %s;\n' "'migration $i'" >"$WORKDIR/all/$(printf '%06d' "$i")_tiny_$i.sql"
done
{ table_sql 0 | sed 's/t_0/tiny/g'; } >"$WORKDIR/all/000000_tiny.sql"

declare -A ms
for n in $SIZES; do
  d=$WORKDIR/n$n; mkdir -p "$d"
  ln -s "$WORKDIR/all/000000_tiny.sql" "$d/"
  for i in $(seq 1 "$n"); do f=$(printf '%06d' "$i")_tiny_$i.sql; ln -s "$WORKDIR/all/$f" "$d/$f"; done
  fresh_db bench_tiny
  t0=$(now_ms); "$SG" --dsn "dbname=bench_tiny" -q migrate --dir "$d"; t1=$(now_ms)
  got=$(psql -X -A -t -d bench_tiny -c 'SELECT count(*) FROM schemaguard.migrations')
  [ "$got" = "$((n + 1))" ] || { echo "applied $got of $((n + 1))" >&2; exit 1; }
  ms[$n]=$((t1 - t0))
  # the second run (nothing pending) reads and checksums every file
  t0=$(now_ms); "$SG" --dsn "dbname=bench_tiny" -q migrate --dir "$d"; t1=$(now_ms)
  printf '%6d files: %6d ms  (%.2f ms/file; no-op rerun %d ms)\n' "$n" "${ms[$n]}" "$(awk -v a="${ms[$n]}" -v n="$n" 'BEGIN{print a/n}')" "$((t1 - t0))"
done
first=$(echo $SIZES | awk '{print $1}')
ratio=$(awk -v a="${ms[$max]}" -v b="${ms[$first]}" -v n="$max" -v f="$first" 'BEGIN {printf "%.2f", (a / n) / (b / f)}')
echo "per-file time at $max vs $first files: ${ratio}x (1.00 = perfectly linear)"
echo "$max files in ${ms[$max]} ms (target < 15000 ms)"
[ "${ms[$max]}" -lt 15000 ] && echo PASS || { echo FAIL; exit 1; }

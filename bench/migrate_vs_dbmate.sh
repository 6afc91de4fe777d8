#!/usr/bin/env bash
# 200 migration files (one table and one index each), schemaguard enforcing in every database:
#   schemaguard migrate  vs  dbmate up  vs  one `psql -1 -f` per file — same cluster, same run.
# Target: schemaguard <= 0.9x dbmate. Env: SCHEMAGUARD_BIN, FILES (200), RUNS (3), DBMATE (path).
source "$(dirname "$0")/migrate_common.sh"
FILES=${FILES:-200}
RUNS=${RUNS:-3}

DBMATE=${DBMATE:-}
if [ -z "$DBMATE" ]; then
  (cd "$WORKDIR" && npm install --silent --no-audit --no-fund dbmate >/dev/null 2>&1) || { echo "npm install dbmate failed" >&2; exit 2; }
  DBMATE=$WORKDIR/node_modules/.bin/dbmate
fi

mkdir -p "$WORKDIR/sg" "$WORKDIR/dbmate"
for i in $(seq 1 "$FILES"); do
  v=$(printf '%05d' "$i")
  table_sql "$i" >"$WORKDIR/sg/${v}_t_$i.sql"
  { echo "-- migrate:up"; table_sql "$i"; echo; echo "-- migrate:down"; echo "DROP TABLE t_$i;"; } >"$WORKDIR/dbmate/${v}_t_$i.sql"
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sg_times=(); dbmate_times=(); psql_times=()
for r in $(seq 1 "$RUNS"); do
  fresh_db bench_sg
  t0=$(now_ms); "$SG" --dsn "dbname=bench_sg" -q migrate --dir "$WORKDIR/sg"; t1=$(now_ms)
  sg_times+=($((t1 - t0)))
  [ "$(psql -X -A -t -d bench_sg -c 'SELECT count(*) FROM schemaguard.migrations')" = "$FILES" ] || { echo "schemaguard did not apply everything" >&2; exit 1; }

  fresh_db bench_dbmate
  # dbmate's own state table is not V1-shaped: create it beforehand with the guard off for it
  PGOPTIONS="-c schemaguard.mode=off" psql -X -q -d bench_dbmate -c "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)"
  url="postgres://$PGUSER@localhost:$PGPORT/bench_dbmate?sslmode=disable&socket=$PGHOST"
  t0=$(now_ms); "$DBMATE" --url "$url" --migrations-dir "$WORKDIR/dbmate" --no-dump-schema up >/dev/null; t1=$(now_ms)
  dbmate_times+=($((t1 - t0)))
  [ "$(psql -X -A -t -d bench_dbmate -c 'SELECT count(*) FROM schema_migrations')" = "$FILES" ] || { echo "dbmate did not apply everything" >&2; exit 1; }

  fresh_db bench_psql
  t0=$(now_ms); for f in "$WORKDIR"/sg/*.sql; do psql -X -q -1 -v ON_ERROR_STOP=1 -d bench_psql -f "$f" >/dev/null; done; t1=$(now_ms)
  psql_times+=($((t1 - t0)))
  echo "run $r: schemaguard ${sg_times[-1]} ms, dbmate ${dbmate_times[-1]} ms, psql -1 -f ${psql_times[-1]} ms"
done
sg=$(printf '%s\n' "${sg_times[@]}" | median)
dm=$(printf '%s\n' "${dbmate_times[@]}" | median)
ps=$(printf '%s\n' "${psql_times[@]}" | median)
echo "median of $RUNS runs, $FILES files, guard enforcing:"
echo "  schemaguard migrate   $sg ms"
echo "  dbmate up             $dm ms"
echo "  psql -1 -f per file   $ps ms"
ratio=$(awk -v a="$sg" -v b="$dm" 'BEGIN {printf "%.2f", a / b}')
ratio_psql=$(awk -v a="$sg" -v b="$ps" 'BEGIN {printf "%.2f", a / b}')
echo "  schemaguard / dbmate = ${ratio}x (target <= 0.90x)"
echo "  schemaguard / psql   = ${ratio_psql}x"
awk -v r="$ratio" 'BEGIN {exit !(r <= 0.90)}' && echo "PASS" || { echo "FAIL: above 0.9x dbmate"; exit 1; }

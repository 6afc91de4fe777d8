#!/usr/bin/env bash
# Cost of a check on what the rules do not need, before and after issue 9 (linear cost):
#   wide_check   schemaguard.check_table() of one compliant 1,600-column table whose
#                1,596 other columns all have a default (the commit-time read path)
#   wide_commit  COMMIT of COMMENT ON TABLE on that table (the commit-time check itself)
#   wide_memory  peak RSS growth of the backend over one check_table() (VmHWM, kB), after
#                a check_table() of a one-column table has loaded the library and caches
#   many_indexes ALTER TABLE ... RENAME COLUMN that misnames 6,000 indexes at once
#                (rejected: the check names each index and suggests a new name)
# "before" is the extension at SG_BENCH_BEFORE (default f04d2df, the main branch before
# issue 9), "after" is HEAD (SG_BENCH_AFTER=worktree: the working tree). Each is built into
# its own copy of PostgreSQL 15 and runs its own cluster (ports 55471 and 55472); both get
# the same schema, and the runs alternate before/after, SG_BENCH_RUNS (7) of each; the
# medians and after/before ratios are printed and appended to $SG_BENCH_WORK/wide_and_many.txt.
# SG_BENCH_KINDS selects measurements (default: all four); SG_BENCH_INDEXES (6000) the index count.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RUNS=${SG_BENCH_RUNS:-7}
BEFORE=${SG_BENCH_BEFORE:-f04d2df}
AFTER=${SG_BENCH_AFTER:-HEAD}
WORK=${SG_BENCH_WORK:-/tmp/sg-bench-work}/wide_and_many
INDEXES=${SG_BENCH_INDEXES:-6000}
mkdir -p "$WORK"
# shellcheck source=../scripts/private-pg.sh
source "$ROOT/scripts/private-pg.sh"
# shellcheck source=../scripts/cluster.sh
source "$ROOT/scripts/cluster.sh"

build() {  # build NAME REV: the extension at REV into /tmp/sg-bench-NAME; sets ${NAME}_BIN
  local name=$1 rev=$2 archive=$WORK/$1.tar
  if [ "$rev" = worktree ]; then
    tar -C "$ROOT" --exclude='*.o' --exclude='*.so' --exclude='*.bc' -cf "$archive" Makefile extension
  else
    git -C "$ROOT" archive --format=tar "$rev" Makefile extension >"$archive"
  fi
  echo "bench: building $name ($rev)" >&2
  private_pg_install "/tmp/sg-bench-$name" "$WORK/build-$name" "$archive"
  printf -v "${name}_BIN" '%s' "$PRIVATE_PG_BIN"
}
build before "$BEFORE"
build after "$AFTER"

declare -A PORT=([before]=55471 [after]=55472)
CLUSTERS=()
cleanup() {
  for name in "${CLUSTERS[@]}"; do
    run_as_postgres "/tmp/sg-bench-$name$(pg_config --bindir)/pg_ctl" -D "/tmp/sg-bench-cluster-$name/data" \
      -m immediate stop >/dev/null 2>&1 || true
    rm -rf "/tmp/sg-bench-cluster-$name"
  done
}
trap cleanup EXIT
for name in before after; do
  bin_var=${name}_BIN
  PG_BIN=${!bin_var} start_cluster "/tmp/sg-bench-cluster-$name" "${PORT[$name]}"
  CLUSTERS+=("$name")
done

q() {  # q NAME psql-args...: psql against that cluster's database
  local name=$1
  shift
  local bin_var=${name}_BIN
  PGHOST=/tmp/sg-bench-cluster-$name PGPORT=${PORT[$name]} PGUSER=postgres "${!bin_var}/psql" -X -q -At "$@"
}

for name in before after; do
  q "$name" -d postgres -c "CREATE DATABASE bench" >/dev/null
  q "$name" -d bench -v ON_ERROR_STOP=1 -v indexes="$INDEXES" >/dev/null <<'SQL'
CREATE EXTENSION schemaguard;
SET schemaguard.mode = off;
SELECT format('CREATE TABLE wide (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), '
              'created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), '
              'deleted_at timestamptz, %s)',
              string_agg(format('c%s integer DEFAULT %s', i, i), ', '))
FROM generate_series(1, 1596) i \gexec
CREATE TABLE small (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE ix (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, kind text);
SELECT format('CREATE INDEX idx_ix_kind_%s ON ix (kind)', i) FROM generate_series(1, :indexes) i \gexec
SQL
done

# One measurement in a fresh backend; prints the value.
measure() {  # measure NAME KIND
  local name=$1 kind=$2 out
  case $kind in
    wide_check)
      out=$(q "$name" -d bench -c '\timing on' -c "SELECT count(*) FROM schemaguard.check_table('wide')") ;;
    wide_commit)
      out=$(q "$name" -d bench -c "BEGIN" -c "COMMENT ON TABLE wide IS 'bench'" -c '\timing on' -c "COMMIT") ;;
    many_indexes)
      out=$(q "$name" -d bench -c '\timing on' -c "ALTER TABLE ix RENAME COLUMN kind TO type" 2>&1 || true)
      grep -q "schemaguard: $INDEXES violations on public.ix" <<<"$out" || { echo "bench: rename not rejected: $out" >&2; return 1; } ;;
    wide_memory)
      # The warm-up maps the catalog pages the check reads (shared buffers count in
      # VmHWM), loads the library and plans the configuration queries.
      out=$(q "$name" -d bench <<'SQL'
SELECT pg_backend_pid() AS pid \gset
\setenv BACKEND_PID :pid
SELECT count(*) FROM schemaguard.check_table('small');
SELECT count(*) FROM pg_attribute WHERE attrelid = 'wide'::regclass;
SELECT count(*) FROM pg_attrdef WHERE adrelid = 'wide'::regclass;
SELECT (SELECT count(*) FROM pg_attribute) + (SELECT count(*) FROM pg_attrdef) + (SELECT count(*) FROM pg_class)
     + (SELECT count(*) FROM pg_constraint) + (SELECT count(*) FROM pg_index) + (SELECT count(*) FROM pg_type)
     + (SELECT count(*) FROM pg_depend) + (SELECT count(*) FROM pg_inherits) AS catalog_rows;
\! awk '/VmHWM/ {print "HWM", $2}' /proc/$BACKEND_PID/status
SELECT count(*) FROM schemaguard.check_table('wide');
\! awk '/VmHWM/ {print "HWM", $2}' /proc/$BACKEND_PID/status
SQL
)
      awk '/^HWM/ {v[++n] = $2} END {print v[2] - v[1]}' <<<"$out"
      return ;;
  esac
  grep -o 'Time: [0-9.]* ms' <<<"$out" | tail -1 | awk '{print $2}'
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

results=$WORK/../wide_and_many.txt
{
  echo "# $(date -u +%FT%TZ) before=$BEFORE after=$AFTER runs=$RUNS indexes=$INDEXES"
  printf '%-14s %12s %12s %10s\n' measurement before after ratio
} | tee -a "$results"
for kind in ${SG_BENCH_KINDS:-wide_check wide_commit wide_memory many_indexes}; do
  : >"$WORK/$kind.before"
  : >"$WORK/$kind.after"
  for ((run = 1; run <= RUNS; run++)); do
    # alternate which goes first
    if ((run % 2)); then order=(before after); else order=(after before); fi
    for name in "${order[@]}"; do measure "$name" "$kind" >>"$WORK/$kind.$name"; done
  done
  b=$(median <"$WORK/$kind.before")
  a=$(median <"$WORK/$kind.after")
  unit=ms
  [ "$kind" = wide_memory ] && unit=kB
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {if (b > 0) printf "%.3g", a / b; else print "-"}')
  printf '%-14s %9s %s %9s %s %10s\n' "$kind" "$b" "$unit" "$a" "$unit" "$ratio" | tee -a "$results"
  echo "  raw before: $(tr '\n' ' ' <"$WORK/$kind.before")" >&2
  echo "  raw after:  $(tr '\n' ' ' <"$WORK/$kind.after")" >&2
done

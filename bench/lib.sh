# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are used by the scripts that source this file
# Shared helpers for the extension benchmarks (bench/ddl_*, bench/scan_*). Source this file.
# The benchmarks run against a throwaway cluster (scripts/cluster.sh) on port 55460 in
# /tmp/sg-bench; bench/bench_run.sh starts it once; a script started alone starts its own.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BENCH_PORT=${SG_BENCH_PORT:-55460}
BENCH_CLUSTER=${SG_BENCH_CLUSTER:-/tmp/sg-bench}
BENCH_RUNS=${SG_BENCH_RUNS:-7}  # repetitions of each timed measurement
BENCH_WORK=${SG_BENCH_WORK:-/tmp/sg-bench-work}  # generated SQL, raw timings
BENCH_RESULTS=${SG_BENCH_RESULTS:-$BENCH_WORK/results.txt}  # key=value lines for bench_run.sh

# Builds/installs what is measured and starts the cluster, unless a parent script already
# did (SG_BENCH_UP=1).
bench_cluster_up() {
  mkdir -p "$BENCH_WORK"
  if [ "${SG_BENCH_UP:-}" = 1 ]; then  # started by bench_run.sh, which exported these
    export PGHOST=$BENCH_CLUSTER PGPORT=$BENCH_PORT PGUSER=postgres
    return
  fi
  bench_install
  BENCH_LIB_SUM=$(sha256sum "$BENCH_LIB" | cut -c1-16)
  export BENCH_LIB BENCH_LIB_SUM BENCH_LABEL
  # shellcheck source=../scripts/cluster.sh
  source "$ROOT/scripts/cluster.sh"
  # a cluster left running by an interrupted benchmark run is stopped first
  if [ -f "$BENCH_CLUSTER/data/postmaster.pid" ]; then CLUSTER_DIR=$BENCH_CLUSTER stop_cluster; fi
  trap stop_cluster EXIT
  start_cluster "$BENCH_CLUSTER" "$BENCH_PORT"
  export SG_BENCH_UP=1
  echo "bench: schemaguard from $BENCH_LABEL; cluster $BENCH_CLUSTER, port $BENCH_PORT" >&2
}

# Which schemaguard is measured (SG_BENCH_SOURCE):
#   head      (default) git HEAD of this repository, built here with the normal PGXS flags
#   worktree  the working tree's Makefile and extension/, built the same way
#   installed the library `make install` put into the system PostgreSQL
# head and worktree install into a private copy of the PostgreSQL 15 installation
# (SG_BENCH_PG, /tmp/sg-bench-pg; PostgreSQL finds its share and lib directories relative
# to its binaries), so that other engineers installing another build meanwhile (the ASan
# build of scripts/test-sanitizers.sh, say) do not change what is measured mid-run.
BENCH_SOURCE=${SG_BENCH_SOURCE:-head}
BENCH_PG=${SG_BENCH_PG:-/tmp/sg-bench-pg}
SYSTEM_PG_BIN=$(pg_config --bindir)

bench_install() {
  local archive key stamp
  if [ "$BENCH_SOURCE" = installed ]; then
    PG_BIN=$SYSTEM_PG_BIN
    BENCH_LIB=$(pg_config --pkglibdir)/schemaguard.so
    BENCH_LABEL="installed $(sha256sum "$BENCH_LIB" | cut -c1-12)"
    bench_installed_ready
    return
  fi
  mkdir -p "$BENCH_PG"
  archive=$BENCH_PG/source.tar
  case $BENCH_SOURCE in
    head) git -C "$ROOT" archive --format=tar HEAD Makefile extension >"$archive"
          BENCH_LABEL="git $(git -C "$ROOT" rev-parse --short HEAD)" ;;
    worktree) tar -C "$ROOT" --sort=name --mtime=@0 --owner=0 --group=0 \
                --exclude='*.o' --exclude='*.so' --exclude='*.bc' -cf "$archive" Makefile extension
              BENCH_LABEL="working tree" ;;
    *) echo "bench: SG_BENCH_SOURCE must be head, worktree or installed" >&2; return 1 ;;
  esac
  key=$(sha256sum "$archive" | cut -c1-16)
  BENCH_LABEL="$BENCH_LABEL, sources $key"
  local root=$BENCH_PG/root
  PG_BIN=$root$SYSTEM_PG_BIN
  BENCH_LIB=$root$(pg_config --pkglibdir)/schemaguard.so
  stamp=$BENCH_PG/installed-key
  if [ -x "$PG_BIN/postgres" ] && [ -f "$BENCH_LIB" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
    return
  fi
  echo "bench: building schemaguard ($BENCH_LABEL) into $BENCH_PG" >&2
  rm -f "$stamp"
  # shellcheck source=../scripts/private-pg.sh
  source "$ROOT/scripts/private-pg.sh"
  private_pg_install "$root" "$BENCH_PG/build" "$archive"
  echo "$key" >"$stamp"
}

# The system's library must be a normal build: sanitizer runs install an ASan build for a
# while, which an ordinary server cannot load. Waits up to SG_BENCH_WAIT seconds (600).
bench_installed_ready() {
  local waited=0 limit=${SG_BENCH_WAIT:-600}
  while [ ! -f "$BENCH_LIB" ] || ldd "$BENCH_LIB" | grep -Eq 'lib(asan|ubsan|tsan)'; do
    if [ "$waited" -ge "$limit" ]; then
      echo "bench: $BENCH_LIB is missing or a sanitizer build; run make -s && make -s install" >&2
      return 1
    fi
    [ "$waited" = 0 ] && echo "bench: waiting for a normal build of $BENCH_LIB" >&2
    sleep 10
    waited=$((waited + 10))
  done
}

# True while the library is the one measured since bench_cluster_up.
bench_extension_unchanged() {
  [ "$(sha256sum "$BENCH_LIB" 2>/dev/null | cut -c1-16)" = "$BENCH_LIB_SUM" ]
}

# psql against database $1, quiet, stopping at the first error, no ~/.psqlrc.
q() {
  local db=$1
  shift
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

fresh_db() {  # fresh_db NAME
  q postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" \
    -c "CREATE DATABASE $1 TEMPLATE template0"
}

db_exists() {
  [ "$(q postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$1'")" = 1 ]
}

now_ns() { date +%s%N; }

# Median and minimum of the numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -g | head -1; }

# ratio A B: A / B with 3 decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.3f\n", a / b }'; }
# pct A B: how much A exceeds B, in percent.
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%\n", (a / b - 1) * 100 }'; }

# Milliseconds of every statement in a psql run with \timing on (lines "Time: 12.345 ms").
timing_ms() { sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'; }

record() {  # record KEY VALUE: for the summary of bench_run.sh
  echo "$1=$2" >>"$BENCH_RESULTS"
  printf '  %-36s %s\n' "$1" "$2"
}

# commit_cpu_ab DB_A DB_B RUNS GEN [CLEANUP]: the backend CPU time (/proc/PID/schedstat, which a
# loaded shared machine disturbs far less than the wall clock) of RUNS runs in each of two
# prepared databases, interleaved (a b, b a, ...). `GEN PREFIX` prints the statements of one run
# (each its own transaction, so that each commits through schemaguard's check); `CLEANUP PREFIX`,
# if given, what to run after the second reading (untimed: dropping what the run created keeps
# the catalogs the same size from run to run). Sets CPU_A_US and CPU_B_US to the median run of
# each, in microseconds, and RATIO_MEDIAN to the median of the ratios b/a of the runs made one
# after the other (robust to the machine's speed drifting over the whole measurement).
commit_cpu_ab() {
  local db_a=$1 db_b=$2 runs=$3 gen=$4 cleanup=${5:-} run v order readings us
  local -A runs_us=() pair=()
  local ratios=""
  for run in $(seq 1 "$runs"); do
    order="a b"; [ $((run % 2)) = 0 ] && order="b a"
    for v in $order; do
      {
        echo "SELECT pg_backend_pid() AS pid \\gset"
        echo "\\setenv SG_BENCH_PID :pid"
        echo "\\! cut -d' ' -f1 /proc/\$SG_BENCH_PID/schedstat"
        "$gen" "t${run}"
        echo "\\! cut -d' ' -f1 /proc/\$SG_BENCH_PID/schedstat"
        if [ -n "$cleanup" ]; then "$cleanup" "t${run}"; fi
      } >"$BENCH_WORK/ab_run.sql"
      if [ "$v" = a ]; then readings=$(q "$db_a" -f "$BENCH_WORK/ab_run.sql"); else readings=$(q "$db_b" -f "$BENCH_WORK/ab_run.sql"); fi
      us=$(( ($(tail -1 <<<"$readings") - $(head -1 <<<"$readings")) / 1000 ))
      runs_us[$v]+="$us"$'\n'
      pair[$v]=$us
    done
    ratios+="$(ratio "${pair[b]}" "${pair[a]}")"$'\n'
  done
  CPU_A_US=$(grep . <<<"${runs_us[a]}" | median | awk '{ printf "%d", $1 }')
  CPU_B_US=$(grep . <<<"${runs_us[b]}" | median | awk '{ printf "%d", $1 }')
  RATIO_MEDIAN=$(grep . <<<"$ratios" | median)
}

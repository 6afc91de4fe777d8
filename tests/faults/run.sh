#!/usr/bin/env bash
# Fault-injection suite: the real schemaguard CLI against its own throwaway PostgreSQL 15 cluster
# (port 55473, /tmp/sg-faults). Each scenario injects a fault while `migrate` runs and checks
#   - a clear message on stderr,
#   - the exit code documented in docs/client.md,
#   - no half-applied file (a table exists iff the file creating it is in schemaguard.migrations),
#   - that a rerun of `migrate` completes with exit 0.
# At the end the server log must not show a backend "terminated by signal" or a PANIC (apart from
# the deliberate immediate stops of scenarios 1a and 1c).
# Usage: tests/faults/run.sh [SCENARIO_NAME_PATTERN]   (run from the repository root, as root)
# Env: SCHEMAGUARD_BIN (default $PWD/build/client/schemaguard); KEEP_WORK=1 keeps the logs;
#      SG_FAULTS_NO_MOUNT=1 uses the temp_file_limit fallback instead of a real full tmpfs
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SG=${SCHEMAGUARD_BIN:-$PWD/build/client/schemaguard}
SG=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
[ -x "$SG" ] || { echo "schemaguard binary not found: $SG (build it or set SCHEMAGUARD_BIN)"; echo "faults: 0 survived, 1 failed"; exit 1; }
export SCHEMAGUARD_BIN=$SG NO_COLOR=1
unset DATABASE_URL PGDATABASE PGOPTIONS

PORT=55473
TINY=/tmp/sg-faults-tiny
WORK=$(mktemp -d /tmp/sg-faults-work.XXXXXX)
LOCK_KEY=6000850005618999636  # 0x53474D4947524154 ("SGMIGRAT"), client/db/lock.hpp
SUITE_START=${EPOCHREALTIME/./}

source "$ROOT/scripts/cluster.sh"
SERVER_OPTS=""  # set after start_cluster; the same -o options scripts/cluster.sh uses

cleanup() {
  # background helpers of the scenarios (only the ones we started, by pid)
  if [ -f "$WORK/bgpids" ]; then
    while read -r p; do kill "$p" 2>/dev/null || true; done <"$WORK/bgpids"
  fi
  if [ -n "${CLUSTER_DIR:-}" ] && [ -f "$CLUSTER_DIR/server.log" ]; then cp "$CLUSTER_DIR/server.log" "$WORK/server.log" 2>/dev/null || true; fi
  stop_cluster
  if mountpoint -q "$TINY" 2>/dev/null; then umount "$TINY" || umount -l "$TINY" || true; fi
  rmdir "$TINY" 2>/dev/null || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "(logs kept in $WORK)"; else rm -rf "$WORK"; fi
}
# another run (e.g. scripts/test.sh next to a manual run) would have its cluster removed by ours
if [ -f /tmp/sg-faults/data/postmaster.pid ] && kill -0 "$(head -1 /tmp/sg-faults/data/postmaster.pid)" 2>/dev/null; then
  echo "another server runs in /tmp/sg-faults (pid $(head -1 /tmp/sg-faults/data/postmaster.pid)): another run of this suite?"
  echo "not touching it; if it is a leftover: runuser -u postgres -- $PG_BIN/pg_ctl -D /tmp/sg-faults/data -m immediate stop"
  echo "faults: 0 survived, 1 failed"; rm -rf "$WORK"; exit 1
fi
trap cleanup EXIT

start_cluster /tmp/sg-faults $PORT
SERVER_OPTS="-p $PGPORT -k $CLUSTER_DIR -c listen_addresses='' -c fsync=off -c max_prepared_transactions=10"
if ! psql -X -A -t -d postgres -c "SELECT 1 FROM pg_available_extensions WHERE name = 'schemaguard'" 2>"$WORK/pre.err" | grep -q 1; then
  cat "$WORK/pre.err"; echo "the cluster did not start or has no schemaguard extension"
  echo "faults: 0 survived, 1 failed"; exit 1
fi

# ---------------------------------------------------------------- helpers
fail() { echo "FAIL: $*" >&2; exit 1; }
bug() { echo "CLIENT BUG: $*" >&2; }           # reported; the caller decides to fail
note() { echo "NOTE: $*" >&2; }
bg_started() { echo "$1" >>"$WORK/bgpids"; }

new_db() {
  export PGDATABASE="sgf_$1"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$PGDATABASE\" WITH (FORCE)" >/dev/null 2>&1
  psql -X -q -d postgres -c "CREATE DATABASE \"$PGDATABASE\"" >/dev/null
  psql -X -q -c "CREATE EXTENSION schemaguard" >/dev/null
}
sql() { PGOPTIONS='' psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }
new_dir() { D=$WORK/$1; rm -rf "$D"; mkdir -p "$D"; }
good_table() {  # good_table TABLE [TABLESPACE]: a compliant table on stdout
  local ts=${2:+ TABLESPACE $2}
  cat <<SQL
CREATE TABLE $1 (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
)$ts;
CREATE INDEX idx_$1_label ON $1 (label);
SQL
}
# a sleep that only sleeps when the migrator runs with PGOPTIONS='-c sgtest.slow=on'
SLOW_SLEEP="SELECT pg_sleep(CASE WHEN current_setting('sgtest.slow', true) = 'on' THEN 20 ELSE 0 END);"

# start_sg NAME ARGS...: the CLI in the background; pid in $SGPID, output in $WORK/NAME.{out,err}
start_sg() {
  local name=$1; shift
  # bash starts background jobs of a script with SIGINT/SIGQUIT ignored; give the client the
  # default dispositions back, as it would have when started from a terminal
  env --default-signal=INT,QUIT "$SG" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SGPID=$!; bg_started $SGPID
}
# wait_rc PID: the exit status of a background job in $RC
wait_rc() { set +e; wait "$1"; RC=$?; set -e; }
# run_sg NAME ARGS...: foreground; status in $RC, output in $OUT/$ERR
run_sg() {
  local name=$1; shift
  OUT=$WORK/$name.out; ERR=$WORK/$name.err
  set +e; "$SG" "$@" >"$OUT" 2>"$ERR"; RC=$?; set -e
}
show() { echo "--- $1:"; sed 's/^/    /' "$1"; }

# expect_rc NAME ACTUAL EXPECTED [WHY]: wrong exit code is a client bug
expect_rc() {
  local why=${4:-documented in docs/client.md}
  if [ "$2" != "$3" ]; then
    [ -f "$WORK/$1.err" ] && show "$WORK/$1.err"
    bug "$1: exit $2, expected $3 ($why)"; fail "$1: exit code"
  fi
  echo "  $1: exit $2 (expected $3: $why)"
}
# expect_msg FILE REGEX WHAT: the stderr must explain the fault
expect_msg() {
  if ! grep -qiE -- "$2" "$1"; then show "$1"; bug "stderr does not say $3 (/$2/)"; fail "unclear message"; fi
  echo "  message: $(grep -iE -- "$2" "$1" | head -1 | cut -c1-160)"
}

# wait_for SECONDS QUERY: polls until QUERY returns t
wait_for() {
  local n=$(( $1 * 20 ))
  for _ in $(seq "$n"); do [ "$(sql "$2" 2>/dev/null)" = t ] && return 0; sleep 0.05; done
  return 1
}
# the migrator's backend sleeping in its file
sleeping_migrator() {
  echo "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemaguard' AND state = 'active' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()"
}
wait_sleeping() { wait_for 10 "SELECT EXISTS ($(sleeping_migrator))" || fail "the migrator never reached the sleeping file"; }
wait_migrator_gone() {
  wait_for 10 "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemaguard' AND pid <> pg_backend_pid())" \
    || fail "the migrator's backend is still there 10 s after its client died"
}

# check_consistent DIR: every file is either recorded with all its tables and indexes, or not
# recorded and none of them exist; nothing recorded without a file; no leftover progress rows; no
# INVALID index (left by an interrupted CREATE INDEX CONCURRENTLY).
check_consistent() {
  local dir=$1 f v o bad=0 versions="" objs="" nobj=0
  for f in "$dir"/*.sql; do
    v=$(basename "$f" | grep -oE '^[0-9]+' | sed -E 's/^0+([0-9])/\1/')
    versions="$versions${versions:+,}('$v')"
    for o in $(grep -oiE 'CREATE TABLE (IF NOT EXISTS )?[a-z_0-9]+' "$f" | awk '{print $NF}') \
             $(grep -oiE 'CREATE (UNIQUE )?INDEX (CONCURRENTLY )?(IF NOT EXISTS )?[a-z_0-9]+' "$f" | awk '{print $NF}'); do
      objs="$objs${objs:+,}('$v','$o','$(basename "$f")')"; nobj=$((nobj + 1))
    done
  done
  # one query: objects whose existence differs from their file's state row, stray state rows,
  # leftover progress rows, INVALID indexes
  local report
  report=$(sql "
    WITH files(version) AS (VALUES $versions),
         objs(version, obj, file) AS (VALUES ${objs:-(NULL::text, NULL::text, NULL::text)})
    SELECT 'inconsistent: ' || o.file || ' recorded=' || (m.version IS NOT NULL) || ' but ' || o.obj || ' exists=' || (c.oid IS NOT NULL)
      FROM objs o LEFT JOIN schemaguard.migrations m ON m.version = o.version
      LEFT JOIN pg_class c ON c.relname = o.obj AND c.relnamespace = 'public'::regnamespace
     WHERE o.obj IS NOT NULL AND (m.version IS NOT NULL) <> (c.oid IS NOT NULL)
    UNION ALL
    SELECT 'state row without a file: version ' || version FROM schemaguard.migrations WHERE version NOT IN (SELECT version FROM files)
    UNION ALL
    SELECT 'leftover migration_progress row: version ' || version || ', ' || statements_done || ' statements' FROM schemaguard.migration_progress
    UNION ALL
    SELECT 'INVALID index: ' || indexrelid::regclass FROM pg_index WHERE NOT indisvalid")
  if [ -n "$report" ]; then
    echo "$report" | sed 's/^/  /' >&2
    bug "half-applied state in $PGDATABASE"; fail "state not consistent"
  fi
  local rows; rows=$(sql "SELECT count(*) FROM schemaguard.migrations")
  echo "  consistent: $rows of $(ls "$dir"/*.sql | wc -l) files recorded; their $nobj tables/indexes exist iff recorded; no progress row, no INVALID index"
}
recorded_versions() { sql "SELECT coalesce(string_agg(version, ',' ORDER BY version::numeric), '') FROM schemaguard.migrations"; }
expect_eq() { [ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"; }

# rerun_ok DIR [ARGS]: migrate completes, everything recorded and consistent
rerun_ok() {
  local dir=$1; shift
  run_sg rerun migrate --dir "$dir" "$@"
  if [ "$RC" != 0 ]; then show "$OUT"; show "$ERR"; fail "rerun of migrate exited $RC"; fi
  check_consistent "$dir"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migrations")" "$(ls "$dir"/*.sql | wc -l)" "rows after rerun"
  echo "  rerun: exit 0, all files recorded"
}

pg_restart_opts() { run_as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w -o "$SERVER_OPTS" "$@"; }
# crash_stop / crash_start: an immediate stop (crash of every backend, recovery at start), its
# window in the server log excluded from the final "terminated by signal" check
crash_stop() {
  echo "CRASH_FROM $(stat -c %s "$CLUSTER_DIR/server.log")" >>"$WORK/crash_window"
  run_as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate stop >/dev/null
}
crash_start() {
  pg_restart_opts start >/dev/null
  echo "CRASH_TO $(stat -c %s "$CLUSTER_DIR/server.log")" >>"$WORK/crash_window"
}
fast_restart() { pg_restart_opts -m fast restart >/dev/null; }

# a writer with an open transaction on table a: CREATE INDEX CONCURRENTLY on a waits for it
start_writer() {
  PGAPPNAME=sg-faults-writer psql -X -q -c "BEGIN" -c "INSERT INTO a (label) VALUES ('writer')" -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
  bg_started $!
  wait_for 5 "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity s USING (pid) WHERE s.application_name = 'sg-faults-writer' AND l.relation = 'a'::regclass AND l.granted)" \
    || fail "the writer did not get its lock on a"
}
stop_writer() {
  sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sg-faults-writer'" >/dev/null 2>&1 || true
}
# the migrator's CREATE INDEX CONCURRENTLY waiting for the writer
wait_cic_blocked() {
  wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemaguard' AND state = 'active' AND query LIKE '%CONCURRENTLY%' AND wait_event_type = 'Lock')" \
    || fail "the migrator's CREATE INDEX CONCURRENTLY never waited for the writer"
}
index_valid() {  # index_valid NAME: t, f, or empty when absent
  sql "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '$1'"
}
cic_file() {  # cic_file [IF_NOT_EXISTS]: a no-transaction file with two CREATE INDEX CONCURRENTLY on a
  local ine=${1:+IF NOT EXISTS }
  echo "-- schemaguard:no-transaction"
  echo "CREATE INDEX CONCURRENTLY ${ine}idx_a_created_at ON a (created_at);"
  echo "CREATE INDEX CONCURRENTLY ${ine}idx_a_updated_at ON a (updated_at);"
}
# invalid_index_rerun NAME INDEX DIR: the rerun names the INVALID index and the fix (exit 1) without
# recording the file; the advised DROP INDEX CONCURRENTLY makes the next rerun complete
invalid_index_rerun() {
  local name=$1 idx=$2 dir=$3
  run_sg "$name" migrate --dir "$dir"
  expect_rc "$name" "$RC" 1 "a migration failed"
  expect_msg "$ERR" "public\.$idx is an INVALID index.*DROP INDEX CONCURRENTLY public\.$idx;" "the INVALID index and how to drop it"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migrations WHERE version = '2'")" 0 "state row of the file with the INVALID index"
  sql "DROP INDEX CONCURRENTLY public.$idx" >/dev/null
  echo "  ran the advised DROP INDEX CONCURRENTLY public.$idx"
  rerun_ok "$dir"
  expect_eq "$(index_valid "$idx")" t "$idx valid after the rerun"
}

# ---------------------------------------------------------------- scenarios

# 1a. crash of the whole server (immediate stop) while a file sleeps between CREATE TABLEs
scenario_1a_server_crash() {
  new_db crash; new_dir crash
  good_table a >"$D/1_a.sql"
  { good_table b; echo "SELECT pg_sleep(3);"; good_table c; } >"$D/2_slow.sql"
  good_table d >"$D/3_d.sql"
  start_sg crash migrate --dir "$D"
  local pid=$SGPID
  wait_sleeping
  crash_stop
  wait_rc $pid
  crash_start
  expect_rc crash "$RC" 2   # connection error
  expect_msg "$WORK/crash.err" "error: .*(connection (to the server )?was lost|server closed)" "that the connection/server was lost"
  expect_msg "$WORK/crash.err" "2_slow" "which file was in flight"
  expect_eq "$(recorded_versions)" 1 "recorded after the crash"
  check_consistent "$D"
  rerun_ok "$D"
}

# 2a. the migrator's backend terminated (pg_terminate_backend) while its file sleeps
scenario_2a_backend_terminated() {
  new_db term; new_dir term
  good_table a >"$D/1_a.sql"
  { good_table b; echo "$SLOW_SLEEP"; good_table c; } >"$D/2_slow.sql"
  good_table d >"$D/3_d.sql"
  PGOPTIONS="-c sgtest.slow=on" start_sg term migrate --dir "$D"
  local pid=$SGPID
  wait_sleeping
  expect_eq "$(sql "SELECT count(pg_terminate_backend(pid)) FROM ($(sleeping_migrator)) s")" 1 "terminated backends"
  wait_rc $pid
  expect_rc term "$RC" 2   # connection lost
  expect_msg "$WORK/term.err" "error: .*(connection (to the server )?was lost|terminat)" "that the connection was terminated"
  expect_msg "$WORK/term.err" "2_slow" "which file was in flight"
  expect_eq "$(recorded_versions)" 1 "recorded after the cut"
  check_consistent "$D"
  rerun_ok "$D"
}

# 3a. statement_timeout (PGOPTIONS) hits a statement of a transactional file
scenario_3a_statement_timeout() {
  new_db stmt; new_dir stmt
  good_table a >"$D/1_a.sql"
  { good_table b; echo "SELECT pg_sleep(2);"; good_table c; } >"$D/2_slow.sql"
  good_table d >"$D/3_d.sql"
  PGOPTIONS='-c statement_timeout=300' run_sg stmt migrate --dir "$D"
  expect_rc stmt "$RC" 1   # a migration failed
  expect_msg "$ERR" "statement timeout" "that the statement timed out"
  expect_msg "$ERR" "2_slow" "which file failed"
  expect_eq "$(recorded_versions)" 1 "recorded after the timeout"
  check_consistent "$D"
  rerun_ok "$D"
}

# 4. disk full in a tablespace on a 6 MB tmpfs (fallback: temp_file_limit)
scenario_4_disk_full() {
  new_db disk; new_dir disk
  good_table a >"$D/1_a.sql"
  mkdir -p "$TINY"
  # SG_FAULTS_NO_MOUNT=1 forces the temp_file_limit fallback (to test it where mount works)
  if [ "${SG_FAULTS_NO_MOUNT:-0}" = 1 ]; then echo "SG_FAULTS_NO_MOUNT=1" >"$WORK/mount.err"; fi
  if [ "${SG_FAULTS_NO_MOUNT:-0}" != 1 ] && { mountpoint -q "$TINY" || mount -t tmpfs -o size=6M tmpfs "$TINY" 2>"$WORK/mount.err"; }; then
    chown postgres "$TINY"
    sql "CREATE TABLESPACE tiny LOCATION '$TINY'" >/dev/null 2>&1 || sql "SELECT 1 FROM pg_tablespace WHERE spcname = 'tiny'" | grep -q 1
    { good_table big tiny
      echo "INSERT INTO big (label) SELECT repeat('x', 500) || g FROM generate_series(1, 40000) g;"
    } >"$D/2_big.sql"
    good_table d >"$D/3_d.sql"
    run_sg disk migrate --dir "$D"
    expect_rc disk "$RC" 1
    expect_msg "$ERR" "No space left on device" "that the disk is full"
    expect_msg "$ERR" "could not extend file" "which file could not grow"
    expect_msg "$ERR" "2_big" "which migration failed"
    expect_eq "$(recorded_versions)" 1 "recorded after disk full"
    check_consistent "$D"
    local used; used=$(df --output=used -k "$TINY" | tail -1 | tr -d ' ')
    echo "  tmpfs after rollback: ${used} kB used"
    # the fixed (smaller) file
    { good_table big tiny
      echo "INSERT INTO big (label) SELECT repeat('x', 500) || g FROM generate_series(1, 2000) g;"
    } >"$D/2_big.sql"
    rerun_ok "$D"
    expect_eq "$(sql "SELECT count(*) FROM big")" 2000 "rows of the fixed file"
    echo "  real disk full on tmpfs $TINY (6 MB)"
  else
    note "mount of a tmpfs failed ($(cat "$WORK/mount.err")): FALLBACK to temp_file_limit"
    echo "  FALLBACK used: temp_file_limit instead of a full disk"
    { good_table big
      echo "INSERT INTO big (label) SELECT l FROM (SELECT repeat('x', 100) || g AS l FROM generate_series(1, 200000) g) s ORDER BY md5(l);"
    } >"$D/2_big.sql"
    good_table d >"$D/3_d.sql"
    PGOPTIONS='-c temp_file_limit=1MB' run_sg disk migrate --dir "$D"
    expect_rc disk "$RC" 1
    expect_msg "$ERR" "temp_file_limit" "that the temporary file limit was hit"
    expect_msg "$ERR" "2_big" "which migration failed"
    expect_eq "$(recorded_versions)" 1 "recorded after temp_file_limit"
    check_consistent "$D"
    { good_table big
      echo "INSERT INTO big (label) SELECT repeat('x', 100) || g FROM generate_series(1, 2000) g;"
    } >"$D/2_big.sql"
    PGOPTIONS='-c temp_file_limit=1MB' rerun_ok "$D"
  fi
}

# 5a. the migration lock (advisory lock) held by another session
scenario_5a_advisory_lock_held() {
  new_db advlock; new_dir advlock
  good_table a >"$D/1_a.sql"
  good_table b >"$D/2_b.sql"
  PGAPPNAME=sg-faults-holder psql -X -q -c "SELECT pg_advisory_lock($LOCK_KEY)" -c "SELECT pg_sleep(10)" >/dev/null 2>&1 &
  local holder=$!; bg_started $holder
  wait_for 5 "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted)" || fail "holder did not get the lock"
  local hpid; hpid=$(sql "SELECT pid FROM pg_stat_activity WHERE application_name = 'sg-faults-holder'")
  # the flag takes plain seconds: "2s" is a usage error that says so, before anything runs
  run_sg advlock_unit migrate --dir "$D" --lock-timeout 2s
  expect_rc advlock_unit "$RC" 2 "usage error"
  expect_msg "$ERR" "--lock-timeout: .*number of seconds.*got \"2s\"" "that --lock-timeout takes plain seconds"
  local t0=${EPOCHREALTIME/./}
  run_sg advlock migrate --dir "$D" --lock-timeout 2
  local ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
  echo "  gave up after ${ms} ms"
  [ $ms -ge 1900 ] && [ $ms -le 5000 ] || fail "lock timeout of 2 s took ${ms} ms"
  expect_rc advlock "$RC" 2
  expect_msg "$ERR" "could not get the migration lock" "that the lock was not obtained"
  expect_msg "$ERR" "held by pid $hpid" "the holder's pid ($hpid)"
  expect_msg "$ERR" "sg-faults-holder" "the holder's application"
  expect_eq "$(recorded_versions)" "" "nothing applied"
  check_consistent "$D"
  sql "SELECT pg_terminate_backend($hpid)" >/dev/null
  wait $holder 2>/dev/null || true
  wait_for 5 "SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory')" || fail "advisory lock not released"
  rerun_ok "$D"
}

# 5b. PostgreSQL lock_timeout: a table locked ACCESS EXCLUSIVE elsewhere while a file ALTERs it
scenario_5b_lock_timeout() {
  new_db locktmo; new_dir locktmo
  good_table x >"$D/1_x.sql"
  run_sg locktmo_pre migrate --dir "$D"
  expect_eq "$RC" 0 "first migrate"
  { good_table y; echo "ALTER TABLE x ADD COLUMN note text;"; } >"$D/2_alter.sql"
  good_table z >"$D/3_z.sql"
  PGAPPNAME=sg-faults-locker psql -X -q -c "BEGIN" -c "LOCK TABLE x IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep(10)" -c "COMMIT" >/dev/null 2>&1 &
  local locker=$!; bg_started $locker
  wait_for 5 "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'x'::regclass AND mode = 'AccessExclusiveLock' AND granted)" || fail "locker did not lock x"
  PGOPTIONS='-c lock_timeout=500' run_sg locktmo migrate --dir "$D" --lock-timeout 5
  expect_rc locktmo "$RC" 1
  expect_msg "$ERR" "lock timeout" "that the table lock timed out"
  expect_msg "$ERR" "2_alter" "which file failed"
  expect_eq "$(recorded_versions)" 1 "recorded after lock_timeout"
  expect_eq "$(sql "SELECT count(*) FROM pg_attribute WHERE attrelid = 'x'::regclass AND attname = 'note'")" 0 "column note rolled back"
  check_consistent "$D"
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sg-faults-locker'" >/dev/null
  wait $locker 2>/dev/null || true
  rerun_ok "$D"
  expect_eq "$(sql "SELECT count(*) FROM pg_attribute WHERE attrelid = 'x'::regclass AND attname = 'note'")" 1 "column note after rerun"
}

# 7. SIGINT / SIGTERM to the client while its file sleeps
signal_scenario() {  # signal_scenario SIG NUMBER
  local sig=$1 num=$2 name; name=sig$(echo "$1" | tr 'A-Z' 'a-z')
  new_db "$name"; new_dir "$name"
  good_table a >"$D/1_a.sql"
  { good_table b; echo "$SLOW_SLEEP"; good_table c; } >"$D/2_slow.sql"
  good_table d >"$D/3_d.sql"
  PGOPTIONS="-c sgtest.slow=on" start_sg "$name" migrate --dir "$D"
  local pid=$SGPID
  wait_sleeping
  kill -"$sig" "$pid"
  wait_rc $pid
  # docs/client.md: an interrupted migrate says what it left behind and exits with 128 + signal
  expect_rc "$name" "$RC" $((128 + num)) "128+n after a signal"
  expect_msg "$WORK/$name.err" "interrupted \\(signal $num\\) while applying 2_slow.sql: .*nothing of it is applied" \
    "which file was interrupted and that nothing of it is applied"
  wait_migrator_gone
  expect_eq "$(recorded_versions)" 1 "recorded after $sig"
  check_consistent "$D"
  rerun_ok "$D"
}
scenario_7a_sigint() { signal_scenario INT 2; }
scenario_7b_sigterm() { signal_scenario TERM 15; }

# 6. four migrators at once over 50 files
scenario_6_four_migrators() {
  new_db four; new_dir four
  local i
  for i in $(seq 1 50); do good_table "t$i" >"$D/$(printf %03d "$i")_t$i.sql"; done
  local pids=()
  for i in 1 2 3 4; do start_sg "four$i" migrate --dir "$D"; pids+=("$SGPID"); done
  local rcs=""
  for i in 0 1 2 3; do wait_rc "${pids[$i]}"; rcs="$rcs $RC"; done
  echo "  exit codes:$rcs"
  for i in 1 2 3 4; do sed "s/^/    four$i: /" "$WORK/four$i.err" | grep -v 'waiting for the migration lock' || true; done
  expect_eq "$rcs" " 0 0 0 0" "exit codes of the four migrators"
  local applied; applied=$(cat "$WORK"/four[1-4].out | grep -c '^applied ' || true)
  expect_eq "$applied" 50 "'applied' lines across the four runs"
  local dup; dup=$(cat "$WORK"/four[1-4].out | grep '^applied ' | sort | uniq -d | head -3)
  expect_eq "$dup" "" "files applied twice"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migrations")" 50 "state rows"
  for i in 1 2 3 4; do echo "  four$i: $(grep -c '^applied ' "$WORK/four$i.out" || true) files applied"; done
  check_consistent "$D"
  rerun_ok "$D"
}

# 2b. a no-transaction file cut mid-file: committed statements stay, the rerun resumes
scenario_2b_no_transaction_cut() {
  new_db notx; new_dir notx
  good_table a >"$D/1_a.sql"
  { echo "-- schemaguard:no-transaction"; good_table p1; echo "$SLOW_SLEEP"; good_table p2; } >"$D/2_notx.sql"
  good_table d >"$D/3_d.sql"
  PGOPTIONS="-c sgtest.slow=on" start_sg notx migrate --dir "$D"
  local pid=$SGPID
  wait_sleeping
  expect_eq "$(sql "SELECT count(pg_terminate_backend(pid)) FROM ($(sleeping_migrator)) s")" 1 "terminated backends"
  wait_rc $pid
  expect_rc notx "$RC" 2 "connection lost"
  expect_msg "$WORK/notx.err" "error: .*(connection (to the server )?was lost|terminat)" "that the connection was terminated"
  expect_msg "$WORK/notx.err" "2_notx" "which file was in flight"
  # by design the first two statements (CREATE TABLE p1, CREATE INDEX) committed and are recorded
  expect_eq "$(recorded_versions)" 1 "state rows after the cut"
  expect_eq "$(sql "SELECT statements_done FROM schemaguard.migration_progress WHERE version = '2'")" 2 "progress of 2_notx"
  expect_eq "$(sql "SELECT to_regclass('p1') IS NOT NULL")" t "p1 (committed statement)"
  expect_eq "$(sql "SELECT to_regclass('p2') IS NOT NULL")" f "p2 (not run)"
  echo "  progress row: statements_done=2, p1 exists, p2 not (as documented)"
  run_sg notx_status status --dir "$D"
  echo "  status after the cut: exit $RC"
  rerun_ok "$D"
  expect_msg "$OUT" "resuming 2_notx.sql after statement 2" "that the rerun resumes"
}

# 1b. fast restart of the server (pg_ctl restart -m fast) while a transactional file sleeps
scenario_1b_server_fast_restart() {
  new_db fast; new_dir fast
  good_table a >"$D/1_a.sql"
  { good_table b; echo "$SLOW_SLEEP"; good_table c; } >"$D/2_slow.sql"
  good_table d >"$D/3_d.sql"
  PGOPTIONS="-c sgtest.slow=on" start_sg fast migrate --dir "$D"
  local pid=$SGPID
  wait_sleeping
  fast_restart
  wait_rc $pid
  expect_rc fast "$RC" 2   # connection error
  expect_msg "$WORK/fast.err" "error: 2_slow.sql: the connection to the server was lost while applying it" "that the connection was lost, and in which file"
  expect_eq "$(recorded_versions)" 1 "recorded after the restart"
  check_consistent "$D"
  rerun_ok "$D"
}

# 1c. crash (immediate stop) between two statements of a no-transaction file with CREATE INDEX
#     CONCURRENTLY: the finished statement is counted, the rerun resumes after it
scenario_1c_no_transaction_crash_between_statements() {
  new_db notxcrash; new_dir notxcrash
  good_table a >"$D/1_a.sql"
  { echo "-- schemaguard:no-transaction"
    echo "CREATE INDEX CONCURRENTLY idx_a_created_at ON a (created_at);"
    echo "$SLOW_SLEEP"
    echo "CREATE INDEX CONCURRENTLY idx_a_updated_at ON a (updated_at);"
  } >"$D/2_idx.sql"
  good_table d >"$D/3_d.sql"
  PGOPTIONS="-c sgtest.slow=on" start_sg notxcrash migrate --dir "$D"
  local pid=$SGPID
  wait_sleeping
  crash_stop
  wait_rc $pid
  crash_start
  expect_rc notxcrash "$RC" 2   # connection error
  expect_msg "$WORK/notxcrash.err" "2_idx.sql: the connection to the server was lost at the statement on line 3; the statements before it stay applied" \
    "the statement that was cut and that the earlier ones stay"
  expect_eq "$(recorded_versions)" 1 "state rows after the crash"
  expect_eq "$(sql "SELECT statements_done FROM schemaguard.migration_progress WHERE version = '2'")" 1 "progress of 2_idx"
  expect_eq "$(index_valid idx_a_created_at)" t "idx_a_created_at (finished before the crash)"
  expect_eq "$(index_valid idx_a_updated_at)" "" "idx_a_updated_at (not started)"
  echo "  after recovery: statements_done=1, idx_a_created_at valid, idx_a_updated_at absent"
  rerun_ok "$D"
  expect_msg "$OUT" "resuming 2_idx.sql after statement 1 of 3" "that the rerun resumes"
}

# 1d. fast restart while CREATE INDEX CONCURRENTLY waits (for a writer's open transaction):
#     the index is left INVALID; the client says so, the rerun names it and the fix
scenario_1d_cic_cut_by_restart() {
  new_db cicrestart; new_dir cicrestart
  good_table a >"$D/1_a.sql"
  cic_file >"$D/2_idx.sql"
  good_table d >"$D/3_d.sql"
  run_sg cicrestart_pre migrate --dir "$D" --target 1
  expect_eq "$RC" 0 "first migrate"
  start_writer
  start_sg cicrestart migrate --dir "$D"
  local pid=$SGPID
  wait_cic_blocked
  fast_restart
  wait_rc $pid
  expect_rc cicrestart "$RC" 2   # connection error
  expect_msg "$WORK/cicrestart.err" "2_idx.sql: the connection to the server was lost at the statement on line 2" "the statement that was cut"
  expect_msg "$WORK/cicrestart.err" "note: a CREATE INDEX CONCURRENTLY cut off leaves an INVALID index idx_a_created_at" "the INVALID index it may leave"
  expect_eq "$(index_valid idx_a_created_at)" f "idx_a_created_at after the restart (INVALID)"
  expect_eq "$(recorded_versions)" 1 "state rows after the restart"
  invalid_index_rerun cicrestart_rerun idx_a_created_at "$D"
}

# 1e. the same with CREATE INDEX CONCURRENTLY IF NOT EXISTS, cut by pg_terminate_backend: the rerun
#     must not skip the INVALID index and record the file as applied
scenario_1e_cic_if_not_exists() {
  new_db cicine; new_dir cicine
  good_table a >"$D/1_a.sql"
  cic_file ine >"$D/2_idx.sql"
  run_sg cicine_pre migrate --dir "$D" --target 1
  expect_eq "$RC" 0 "first migrate"
  start_writer
  start_sg cicine migrate --dir "$D"
  local pid=$SGPID
  wait_cic_blocked
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'schemaguard' AND pid <> pg_backend_pid()" >/dev/null
  wait_rc $pid
  stop_writer
  expect_rc cicine "$RC" 2   # connection lost
  expect_eq "$(index_valid idx_a_created_at)" f "idx_a_created_at after the cut (INVALID)"
  run_sg cicine_skip migrate --dir "$D"
  expect_rc cicine_skip "$RC" 1 "a migration failed (IF NOT EXISTS skipped an INVALID index)"
  expect_msg "$ERR" "index public.idx_a_created_at exists but is INVALID \(CREATE INDEX CONCURRENTLY IF NOT EXISTS skipped it\)" "that IF NOT EXISTS skipped an INVALID index"
  expect_eq "$(recorded_versions)" 1 "2_idx not recorded while its index is INVALID"
  invalid_index_rerun cicine_rerun idx_a_created_at "$D"
}

# 2c. a completed statement of a no-transaction file and its progress row commit together: the
#     connection is cut while the progress upsert waits for a lock (held by another session)
scenario_2c_no_transaction_progress_window() {
  new_db notxwin; new_dir notxwin
  good_table a >"$D/1_a.sql"
  { echo "-- schemaguard:no-transaction"; good_table p1; good_table p2; } >"$D/2_notx.sql"
  run_sg notxwin_pre migrate --dir "$D" --target 1
  expect_eq "$RC" 0 "first migrate"
  PGAPPNAME=sg-faults-progress-locker psql -X -q -c "BEGIN" -c "LOCK TABLE schemaguard.migration_progress IN SHARE MODE" -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
  bg_started $!
  wait_for 5 "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'schemaguard.migration_progress'::regclass AND mode = 'ShareLock' AND granted)" || fail "locker did not lock migration_progress"
  start_sg notxwin migrate --dir "$D"
  local pid=$SGPID
  wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemaguard' AND wait_event_type = 'Lock')" \
    || fail "the migrator never waited for the progress lock"
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'schemaguard' AND pid <> pg_backend_pid()" >/dev/null
  wait_rc $pid
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sg-faults-progress-locker'" >/dev/null
  expect_rc notxwin "$RC" 2   # connection lost
  # before the fix the CREATE TABLE p1 had committed on its own, uncounted: the rerun ran it again
  # and failed forever with 'relation "p1" already exists'
  [ "$(sql "SELECT to_regclass('p1') IS NOT NULL")" = f ] || { bug "CREATE TABLE p1 committed but is not counted in migration_progress"; fail "half-applied statement"; }
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migration_progress")" 0 "progress rows"
  expect_msg "$WORK/notxwin.err" "2_notx.sql: the connection to the server was lost at the statement on line 2" "the statement that was cut"
  echo "  p1 absent and uncounted: statement and progress row rolled back together"
  rerun_ok "$D"
}

# 3b. a no-transaction file that SETs statement_timeout itself: its CREATE INDEX CONCURRENTLY
#     (waiting for a writer) is cancelled and leaves an INVALID index, named at once
scenario_3b_cic_statement_timeout() {
  new_db cictmo; new_dir cictmo
  good_table a >"$D/1_a.sql"
  { echo "-- schemaguard:no-transaction"
    echo "SET statement_timeout = '300ms';"
    echo "CREATE INDEX CONCURRENTLY idx_a_created_at ON a (created_at);"
    echo "RESET statement_timeout;"
  } >"$D/2_idx.sql"
  run_sg cictmo_pre migrate --dir "$D" --target 1
  expect_eq "$RC" 0 "first migrate"
  start_writer
  run_sg cictmo migrate --dir "$D"
  stop_writer
  expect_rc cictmo "$RC" 1 "a migration failed"
  expect_msg "$ERR" "2_idx.sql failed at the statement on line 3" "which statement failed"
  expect_msg "$ERR" "canceling statement due to statement timeout" "the statement timeout"
  expect_msg "$ERR" "note: public.idx_a_created_at is an INVALID index" "the INVALID index left behind"
  expect_eq "$(sql "SELECT statements_done FROM schemaguard.migration_progress WHERE version = '2'")" 1 "progress (the SET)"
  invalid_index_rerun cictmo_rerun idx_a_created_at "$D"
}

# 7c. SIGINT while CREATE INDEX CONCURRENTLY of a no-transaction file waits: the server aborts it
#     (client gone), the message says what stays, the rerun names the INVALID index
scenario_7c_sigint_cic() {
  new_db sigcic; new_dir sigcic
  good_table a >"$D/1_a.sql"
  cic_file >"$D/2_idx.sql"
  run_sg sigcic_pre migrate --dir "$D" --target 1
  expect_eq "$RC" 0 "first migrate"
  start_writer
  start_sg sigcic migrate --dir "$D"
  local pid=$SGPID
  wait_cic_blocked
  kill -INT "$pid"
  wait_rc $pid
  expect_rc sigcic "$RC" 130 "128+n after a signal"
  expect_msg "$WORK/sigcic.err" "interrupted \(signal 2\) while applying 2_idx.sql: the statements it completed stay applied.*INVALID index" \
    "which file was interrupted, what stays, and the INVALID index"
  wait_migrator_gone
  stop_writer
  expect_eq "$(index_valid idx_a_created_at)" f "idx_a_created_at after the interrupt (INVALID)"
  invalid_index_rerun sigcic_rerun idx_a_created_at "$D"
}

# ---------------------------------------------------------------- runner
pattern=${1:-}
survived=0; failed=0
for s in $(declare -F | awk '{print $3}' | grep '^scenario_' | sort); do
  [ -n "$pattern" ] && [[ "$s" != *$pattern* ]] && continue
  name=${s#scenario_}
  start=${EPOCHREALTIME/./}
  ( set -e; "$s" ) >"$WORK/$s.log" 2>&1
  rc=$?
  ms=$(( (${EPOCHREALTIME/./} - start) / 1000 )); secs="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
  if [ $rc = 0 ]; then
    survived=$((survived + 1)); echo "ok $name (${secs}s)"
  else
    failed=$((failed + 1)); echo "FAIL $name (${secs}s)"
  fi
  sed 's/^/    /' "$WORK/$s.log" | tail -30
  if [ ! -f "$CLUSTER_DIR/data/PG_VERSION" ]; then
    failed=$((failed + 1))
    echo "FAIL: $CLUSTER_DIR was removed by another process during $name (another run on port $PORT?); stopping"
    break
  fi
  # a scenario must not leave the server down
  if ! psql -X -A -t -d postgres -c "SELECT 1" >/dev/null 2>&1; then
    echo "    server down after $name: starting it again"
    pg_restart_opts start >/dev/null 2>&1 || true
  fi
done

# backends that died by a signal, outside the deliberate immediate stops of scenarios 1a and 1c
log=$CLUSTER_DIR/server.log
crash_lines() {  # server-log lines outside the crash window(s)
  if [ -f "$WORK/crash_window" ]; then
    python3 - "$log" "$WORK/crash_window" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
marks = [l.split() for l in open(sys.argv[2])]
windows, start = [], None
for kind, off in marks:
    if kind == 'CRASH_FROM': start = int(off)
    elif start is not None: windows.append((start, int(off))); start = None
keep, pos = b'', 0
for a, b in windows:
    keep += data[pos:a]; pos = b
keep += data[pos:]
sys.stdout.write(keep.decode('utf-8', 'replace'))
PY
  else
    cat "$log"
  fi
}
bad=$(crash_lines | grep -E "terminated by signal|PANIC" || true)
if [ -n "$bad" ]; then
  failed=$((failed + 1)); echo "FAIL server_log (a backend died by a signal)"; echo "$bad" | sed 's/^/    /' | head -20
  KEEP_WORK=1
else
  survived=$((survived + 1)); echo "ok server_log (no backend terminated by a signal, no PANIC, outside the deliberate crashes)"
fi
[ $failed = 0 ] || KEEP_WORK=1
total_ms=$(( (${EPOCHREALTIME/./} - SUITE_START) / 1000 ))
echo "runtime: $((total_ms / 1000)).$(( (total_ms % 1000) / 100 ))s"
echo "faults: $survived survived, $failed failed"
[ $failed = 0 ]

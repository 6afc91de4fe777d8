#!/usr/bin/env bash
# Fault-injection suite: the real schemaguard CLI against its own throwaway PostgreSQL 15 cluster
# (port 55473, /tmp/sg-faults). Each scenario injects a fault while `migrate` runs and checks
#   - a clear message on stderr,
#   - the exit code documented in docs/client.md,
#   - no half-applied file (a table exists iff the file creating it is in schemaguard.migrations),
#   - that a rerun of `migrate` completes with exit 0.
# At the end the server log must not show a backend "terminated by signal" (apart from the
# deliberate immediate stop of scenario 1).
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

# check_consistent DIR: every file is either recorded with all its tables, or not recorded and
# none of its tables exist; nothing recorded without a file; no leftover progress rows.
check_consistent() {
  local dir=$1 f v recorded t exists bad=0 n=0
  for f in "$dir"/*.sql; do
    v=$(basename "$f" | grep -oE '^[0-9]+' | sed -E 's/^0+([0-9])/\1/')
    recorded=$(sql "SELECT count(*) FROM schemaguard.migrations WHERE version = '$v'")
    for t in $(grep -oiE 'CREATE TABLE (IF NOT EXISTS )?[a-z_0-9]+' "$f" | awk '{print $NF}'); do
      exists=$(sql "SELECT count(*) FROM pg_class WHERE relname = '$t' AND relnamespace = 'public'::regnamespace")
      if [ "$exists" != "$recorded" ]; then
        echo "  inconsistent: $(basename "$f") recorded=$recorded but table $t exists=$exists" >&2; bad=1
      fi
    done
    n=$((n + recorded))
  done
  local rows; rows=$(sql "SELECT count(*) FROM schemaguard.migrations")
  [ "$rows" = "$n" ] || { echo "  $rows state rows but $n recorded files" >&2; bad=1; }
  local prog; prog=$(sql "SELECT count(*) FROM schemaguard.migration_progress" 2>/dev/null || echo 0)
  [ "$prog" = 0 ] || { echo "  $prog leftover migration_progress rows" >&2; bad=1; }
  if [ $bad = 1 ]; then bug "half-applied state in $PGDATABASE"; fail "state not consistent"; fi
  echo "  consistent: $rows of $(ls "$dir"/*.sql | wc -l) files recorded, their tables exist, the others' do not"
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

# ---------------------------------------------------------------- scenarios

# 1. crash of the whole server (immediate stop) while a file sleeps between CREATE TABLEs
scenario_1_server_crash() {
  new_db crash; new_dir crash
  good_table a >"$D/1_a.sql"
  { good_table b; echo "SELECT pg_sleep(3);"; good_table c; } >"$D/2_slow.sql"
  good_table d >"$D/3_d.sql"
  start_sg crash migrate --dir "$D"
  local pid=$SGPID
  wait_sleeping
  echo "CRASH_FROM $(stat -c %s "$CLUSTER_DIR/server.log")" >>"$WORK/crash_window"
  run_as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate stop >/dev/null
  wait_rc $pid
  pg_restart_opts start >/dev/null
  echo "CRASH_TO $(stat -c %s "$CLUSTER_DIR/server.log")" >>"$WORK/crash_window"
  expect_rc crash "$RC" 2   # connection error
  expect_msg "$WORK/crash.err" "error: .*(connection (to the server )?was lost|server closed)" "that the connection/server was lost"
  expect_msg "$WORK/crash.err" "2_slow" "which file was in flight"
  expect_eq "$(recorded_versions)" 1 "recorded after the crash"
  check_consistent "$D"
  rerun_ok "$D"
}

# 2. the migrator's backend terminated (pg_terminate_backend) while its file sleeps
scenario_2_backend_terminated() {
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

# 3. statement_timeout hits a statement of a file
scenario_3_statement_timeout() {
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

# 6. SIGINT / SIGTERM to the client while its file sleeps
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
scenario_6a_sigint() { signal_scenario INT 2; }
scenario_6b_sigterm() { signal_scenario TERM 15; }

# 7. four migrators at once over 40 files
scenario_7_four_migrators() {
  new_db four; new_dir four
  local i
  for i in $(seq 1 40); do good_table "t$i" >"$D/$(printf %03d "$i")_t$i.sql"; done
  local pids=()
  for i in 1 2 3 4; do start_sg "four$i" migrate --dir "$D"; pids+=("$SGPID"); done
  local rcs=""
  for i in 0 1 2 3; do wait_rc "${pids[$i]}"; rcs="$rcs $RC"; done
  echo "  exit codes:$rcs"
  for i in 1 2 3 4; do sed "s/^/    four$i: /" "$WORK/four$i.err" | grep -v 'waiting for the migration lock' || true; done
  expect_eq "$rcs" " 0 0 0 0" "exit codes of the four migrators"
  local applied; applied=$(cat "$WORK"/four[1-4].out | grep -c '^applied ' || true)
  expect_eq "$applied" 40 "'applied' lines across the four runs"
  local dup; dup=$(cat "$WORK"/four[1-4].out | grep '^applied ' | sort | uniq -d | head -3)
  expect_eq "$dup" "" "files applied twice"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migrations")" 40 "state rows"
  check_consistent "$D"
  rerun_ok "$D"
}

# 8. a no-transaction file cut mid-file: committed statements stay, the rerun resumes
scenario_8_no_transaction_cut() {
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
  # a scenario must not leave the server down
  if ! psql -X -A -t -d postgres -c "SELECT 1" >/dev/null 2>&1; then
    echo "    server down after $name: starting it again"
    pg_restart_opts start >/dev/null 2>&1 || true
  fi
done

# backends that died by a signal, outside the deliberate immediate stop of scenario 1
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
  survived=$((survived + 1)); echo "ok server_log (no backend terminated by a signal outside the deliberate crash)"
fi
[ $failed = 0 ] || KEEP_WORK=1
total_ms=$(( (${EPOCHREALTIME/./} - SUITE_START) / 1000 ))
echo "runtime: $((total_ms / 1000)).$(( (total_ms % 1000) / 100 ))s"
echo "faults: $survived survived, $failed failed"
[ $failed = 0 ]

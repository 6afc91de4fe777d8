#!/usr/bin/env bash
# A cancel (pg_cancel_backend) during the commit-time check ends it: the check runs at
# PRE_COMMIT and calls CHECK_FOR_INTERRUPTS for every catalog row, table and finding,
# so COMMIT fails with "canceling statement due to user request", the transaction rolls
# back, and the backend and the server carry on (no PANIC: an ERROR is never raised at
# COMMIT itself). The time from the cancel to COMMIT's return is printed, not asserted
# (bench/README.md has the figures).
# Setup: 600 tables of 300 columns, then one transaction touching all of them (COMMENT ON
# TABLE), whose COMMIT is cancelled once it is seen running.
# Needs a running cluster (PGHOST/PGPORT/PGUSER of a superuser). Prints "N passed, N failed".
set -uo pipefail
db=sg_cancel
work=$(mktemp -d)
passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "   ok: $1";
  else failed=$((failed + 1)); echo "   FAILED: $1: expected [$2], got [$3]"; fi
}
trap 'rm -rf "$work"; dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" && psql -X -q -d "$db" -c "CREATE EXTENSION schemaguard" || exit 1
TABLES=${CANCEL_TABLES:-600}
psql -X -q -d "$db" -v ON_ERROR_STOP=1 >/dev/null <<SQL || exit 1
SET schemaguard.mode = off;
DO \$\$
DECLARE cols text;
BEGIN
  SELECT string_agg(format('c%s int DEFAULT %s', i, i), ', ') INTO cols FROM generate_series(1, 296) i;
  FOR t IN 1..$TABLES LOOP
    EXECUTE format('CREATE TABLE t%s (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), '
                   'created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), '
                   'deleted_at timestamptz, %s)', t, cols);
  END LOOP;
END \$\$;
SQL

attempt() {  # one COMMIT, cancelled once seen active; prints "cancelled|committed LATENCY_MS"
  {
    echo "SET application_name = 'sg_cancel_victim';"
    echo "BEGIN;"
    for ((t = 1; t <= TABLES; t++)); do echo "COMMENT ON TABLE t$t IS 'touched';"; done
    echo "CREATE TABLE cancel_marker (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);"
    echo "COMMIT;"
    echo "\\! date +%s%N > $work/done"
    echo "SELECT 'alive';"
  } > "$work/victim.sql"
  rm -f "$work/done" "$work/cancelled_at"
  psql -X -q -At -d "$db" -f "$work/victim.sql" > "$work/victim.out" 2> "$work/victim.err" &
  local victim=$!
  local pid=""
  for ((i = 0; i < 3000; i++)); do
    pid=$(psql -X -q -At -d postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'sg_cancel_victim' AND query = 'COMMIT;' AND state = 'active'")
    [ -n "$pid" ] && break
    [ -e "$work/done" ] && break
  done
  if [ -n "$pid" ]; then
    date +%s%N > "$work/cancelled_at"
    psql -X -q -At -d postgres -c "SELECT pg_cancel_backend($pid)" >/dev/null
  fi
  wait "$victim"
  if [ -n "$pid" ] && grep -q "canceling statement due to user request" "$work/victim.err"; then
    echo "cancelled $(( ($(cat "$work/done") - $(cat "$work/cancelled_at")) / 1000000 ))"
  else
    echo "committed -"
  fi
}

result=""
for try in 1 2 3; do
  read -r result latency < <(attempt)
  [ "$result" = cancelled ] && break
  # the COMMIT ended before the cancel arrived: undo and try again
  psql -X -q -d "$db" -c "SET schemaguard.mode = off" -c "DROP TABLE IF EXISTS cancel_marker" >/dev/null
done
check "COMMIT cancelled during the check" cancelled "$result"
[ "$result" = cancelled ] && echo "   from pg_cancel_backend to COMMIT's return: ${latency} ms"
check "the transaction rolled back" 0 "$(psql -X -q -At -d "$db" -c "SELECT count(*) FROM pg_class WHERE relname = 'cancel_marker'")"
check "the session carried on after the cancelled COMMIT" alive "$(tail -1 "$work/victim.out")"
check "no PANIC in the transaction (the server stayed up)" 1 "$(psql -X -q -At -d "$db" -c "SELECT 1")"
check "the commit check still runs afterwards" 1 \
  "$(psql -X -q -d "$db" -c "CREATE TABLE still_guarded (a int)" 2>&1 | grep -c 'schemaguard: [0-9]* violations on public.still_guarded')"
echo "cancel_at_commit: $passed passed, $failed failed"
[ "$failed" = 0 ]

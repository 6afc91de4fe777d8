#!/usr/bin/env bash
# Integration tests: the real schemaguard CLI against a running PostgreSQL 15 cluster with the
# schemaguard extension installed. Env: SCHEMAGUARD_BIN, PGHOST, PGPORT, PGUSER (a superuser).
# Usage: run.sh [TEST_NAME_PATTERN]
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${SCHEMAGUARD_BIN:?set SCHEMAGUARD_BIN}"
export SCHEMAGUARD_BIN=$(cd "$(dirname "$SCHEMAGUARD_BIN")" && pwd)/$(basename "$SCHEMAGUARD_BIN")
export WORK=$(mktemp -d /tmp/sg-integration.XXXXXX)
export EXAMPLES=$(cd "$HERE/../../examples" 2>/dev/null && pwd || true)
export NO_COLOR=1
unset DATABASE_URL PGDATABASE
trap 'rm -rf "$WORK"' EXIT

if ! psql -X -A -t -d postgres -c "SELECT 1 FROM pg_available_extensions WHERE name = 'schemaguard'" 2>"$WORK/pre.err" | grep -q 1; then
  cat "$WORK/pre.err"
  echo "the server is unreachable (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-}) or has no schemaguard extension installed"
  echo "0 passed, 1 failed"
  exit 1
fi

source "$HERE/lib.sh"
for f in "$HERE"/tests/*.sh; do source "$f"; done

pattern=${1:-}
passed=0; failed=0; failed_names=()
for t in $(declare -F | awk '{print $3}' | grep '^test_' | sort); do
  [ -n "$pattern" ] && [[ "$t" != *$pattern* ]] && continue
  start=${EPOCHREALTIME/./}
  ( set -e; "$t" ) >"$WORK/$t.log" 2>&1
  rc=$?
  ms=$(( (${EPOCHREALTIME/./} - start) / 1000 )); secs="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
  if [ $rc = 0 ]; then
    passed=$((passed + 1)); echo "ok    $t (${secs}s)"
  else
    failed=$((failed + 1)); failed_names+=("$t"); echo "FAIL  $t (${secs}s)"; sed 's/^/      /' "$WORK/$t.log" | tail -40
  fi
done
# drop the databases the tests made
for db in $(psql -X -A -t -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'sgit\_%'"); do
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
done
echo "$passed passed, $failed failed"
[ $failed = 0 ]

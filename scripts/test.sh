#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every suite: Catch2 unit tests,
# pg_regress and isolation (make installcheck), tests/extension, the DDL fuzzer, the parser
# fuzz targets and the CLI integration tests against a throwaway cluster that is stopped and
# removed afterwards, then the fault-injection suite on a cluster of its own, and the Citus
# suite on a Citus cluster of its own (tests/citus/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-$ROOT/build}
PORT=${SCHEMAGUARD_TEST_PORT:-55499}

scripts/install-deps.sh

echo "== build and install the extension"
make -s -j2 >/dev/null
make -s install >/dev/null

echo "== build the client and unit tests"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j2 >/dev/null

failed=0
passed=0
suite() {  # suite NAME COMMAND...: runs one suite, counting it passed or failed
  local name=$1
  shift
  echo "== $name"
  set +e
  "$@"
  local status=$?
  set -e
  if [ "$status" = 0 ]; then passed=$((passed + 1)); echo "   ok: $name"; else failed=$((failed + 1)); echo "   FAILED: $name"; fi
}

suite "unit tests (ctest)" ctest --test-dir "$BUILD" --output-on-failure
pg_call_rule() { python3 scripts/check-pg-calls.py --self-test >/dev/null && python3 scripts/check-pg-calls.py; }
suite "pg_call rule (scripts/check-pg-calls.py)" pg_call_rule

source scripts/cluster.sh
trap stop_cluster EXIT
start_cluster /tmp/schemaguard-test-$PORT "$PORT"

regress() {
  chmod -R a+rwX "$ROOT" 2>/dev/null
  make -s installcheck PGUSER=postgres || { cat regression.diffs 2>/dev/null | head -200; return 1; }
}
suite "pg_regress (make installcheck)" regress

for script in tests/extension/*.sh; do suite "$script" "$script"; done
# The real migration tools and pg_partman, pg_repack, PostGIS (installed from Debian and npm).
suite "interop (tests/interop)" tests/interop/run.sh

if [ -x "$BUILD/ddl_fuzzer" ]; then suite "DDL fuzzer" env FUZZ_BIN="$BUILD/ddl_fuzzer" tests/fuzz/run.sh; fi
suite "parser fuzz (client, libFuzzer)" env BUILD="$BUILD" tests/fuzz/parsers/run.sh
if [ -x "$BUILD/client/schemaguard" ]; then
  suite "integration tests" env SCHEMAGUARD_BIN="$BUILD/client/schemaguard" tests/integration/run.sh
  suite "fault injection (own cluster)" env SCHEMAGUARD_BIN="$BUILD/client/schemaguard" tests/faults/run.sh
fi
# Builds Citus from ../shared/citus into this PostgreSQL first (idempotent, 1-3 minutes).
suite "Citus (own cluster: a coordinator and three workers)" env SCHEMAGUARD_BIN="$BUILD/client/schemaguard" tests/citus/run.sh

echo "suites: $passed passed, $failed failed"
[ "$failed" = 0 ]

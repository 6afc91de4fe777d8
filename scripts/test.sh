#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test:
# Catch2 unit tests, pg_regress (make installcheck) and the CLI integration tests,
# against a throwaway cluster that is stopped and removed afterwards.
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
record() {  # record NAME STATUS
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "   ok: $1"; else failed=$((failed + 1)); echo "   FAILED: $1"; fi
}

echo "== unit tests (ctest)"
set +e
(cd "$BUILD" && ctest --output-on-failure)
record "unit tests" $?
set -e

source scripts/cluster.sh
trap stop_cluster EXIT
start_cluster /tmp/schemaguard-test-$PORT "$PORT"

echo "== pg_regress (make installcheck)"
set +e
chmod -R a+rwX "$ROOT" 2>/dev/null
make -s installcheck PGUSER=postgres
status=$?
[ $status = 0 ] || cat regression.diffs 2>/dev/null | head -200
record "pg_regress" $status
set -e

for script in tests/extension/*.sh; do
  echo "== $script"
  set +e
  "$script"
  record "$script" $?
  set -e
done

if [ -x tests/fuzz/run.sh ] && [ -x "$BUILD/ddl_fuzzer" ]; then
  echo "== DDL fuzzer"
  set +e
  FUZZ_BIN="$BUILD/ddl_fuzzer" tests/fuzz/run.sh
  record "DDL fuzzer" $?
  set -e
fi

if [ -x tests/fuzz/parsers/run.sh ]; then
  echo "== parser fuzz (client, libFuzzer)"
  set +e
  BUILD="$BUILD" tests/fuzz/parsers/run.sh
  record "parser fuzz" $?
  set -e
fi

if [ -x tests/integration/run.sh ] && [ -x "$BUILD/client/schemaguard" ]; then
  echo "== integration tests"
  set +e
  SCHEMAGUARD_BIN="$BUILD/client/schemaguard" tests/integration/run.sh
  record "integration tests" $?
  set -e
fi

if [ -x tests/faults/run.sh ] && [ -x "$BUILD/client/schemaguard" ]; then
  echo "== fault injection (own cluster)"
  set +e
  SCHEMAGUARD_BIN="$BUILD/client/schemaguard" tests/faults/run.sh
  record "fault injection" $?
  set -e
fi

echo "suites: $passed passed, $failed failed"
[ "$failed" = 0 ]

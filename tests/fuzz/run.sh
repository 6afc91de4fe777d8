#!/usr/bin/env bash
# The DDL fuzzer (tests/fuzz/ddl_*.cpp, target ddl_fuzzer) against the cluster of
# PGHOST/PGPORT/PGUSER (a superuser), in a fresh database sgfuzz with schemaguard installed,
# dropped at the end:
#   1. self-test: 40 transactions with the server in warn mode while enforce verdicts are
#      expected; the fuzzer must report disagreements (its checks can fail);
#   2. FUZZ_TRANSACTIONS (3000) transactions with seed FUZZ_SEED from FUZZ_SESSIONS (2)
#      concurrent sessions, each in its own schemas (session k draws from seed + k - 1):
#      no disagreement with the oracle, no crash, no trace of a rejected transaction, no
#      deadlock or statement timeout.
# FUZZ_FLAGS (default empty) adds flags to run 2, e.g. --skip-typed-table-alter-type against
# an extension built before commit 2ce2b6d (tests/fuzz/README.md).
# Longer: FUZZ_TRANSACTIONS=100000 FUZZ_SEED=$RANDOM tests/fuzz/run.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ_BIN=${FUZZ_BIN:-$ROOT/build/ddl_fuzzer}
ORACLE=$ROOT/tests/oracle/v1_violations.sql
SEED=${FUZZ_SEED:-20240917}
FLAGS=${FUZZ_FLAGS:-}
db=sgfuzz
out=$(mktemp)

fresh_db() {
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" &&
    psql -X -q -d "$db" -c "CREATE EXTENSION schemaguard"
}
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; rm -f "$out"' EXIT
if [ ! -x "$FUZZ_BIN" ]; then
  echo "FAILED: no fuzzer at $FUZZ_BIN (cmake --build build --target ddl_fuzzer)"
  exit 1
fi

fresh_db || exit 1
"$FUZZ_BIN" --dsn "dbname=$db" --oracle "$ORACLE" --transactions 40 --seed "$SEED" --self-test >"$out" 2>&1
if [ $? != 1 ] || ! grep -q "=== DISAGREEMENT" "$out"; then
  cat "$out"
  echo "FAILED: the self-test (server in warn mode, enforce verdicts expected) found no disagreement"
  exit 1
fi
echo "   ok: self-test: with the server in warn mode the fuzzer reports $(grep -c "=== DISAGREEMENT" "$out") disagreements"

fresh_db || exit 1
t0=$SECONDS
# shellcheck disable=SC2086
"$FUZZ_BIN" --dsn "dbname=$db" --oracle "$ORACLE" --seed "$SEED" --transactions "${FUZZ_TRANSACTIONS:-3000}" \
  --sessions "${FUZZ_SESSIONS:-2}" $FLAGS >"$out" 2>&1
status=$?
if [ $status != 0 ]; then
  grep -v "^fuzz: session 1: " "$out" | head -400
  echo "FAILED: the DDL fuzzer (exit $status, seed $SEED, flags: $FLAGS)"
  exit 1
fi
tail -2 "$out" | sed 's/^/   /'
echo "   ok: ${FUZZ_TRANSACTIONS:-3000} transactions in ${FUZZ_SESSIONS:-2} sessions in $((SECONDS - t0)) s"

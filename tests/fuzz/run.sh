#!/usr/bin/env bash
# The DDL fuzzer (tests/fuzz/ddl) against the running cluster (PGHOST/PGPORT/PGUSER of a
# superuser), in a fresh database with schemaguard installed:
#   1. self-test: 50 transactions in warn mode must produce disagreements (the checks can fail)
#   2. FUZZ_TRANSACTIONS (3000) transactions in enforce mode with FUZZ_SEED (20261125):
#      no disagreement with the oracle, no crash, no trace of a rejected transaction;
#   3. FUZZ_CONCURRENT (2000) more, from FUZZ_SESSIONS (4) sessions at once, each in its own
#      schema: the same checks, and no deadlock or hang (statement_timeout 60 s).
# Longer: FUZZ_TRANSACTIONS=100000 FUZZ_SEED=$RANDOM tests/fuzz/run.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ_BIN=${FUZZ_BIN:-$ROOT/build/ddl_fuzzer}
ORACLE=$ROOT/tests/oracle/v1_violations.sql
db=sg_fuzz_$$

fresh_db() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" &&
    psql -X -q -d "$db" -c "CREATE EXTENSION schemaguard"
}
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT

fresh_db || exit 1
"$FUZZ_BIN" --dsn "dbname=$db" --oracle "$ORACLE" --transactions 50 --mode warn >"/tmp/$db.selftest" 2>&1
if [ $? != 1 ] || ! grep -q "DISAGREEMENT" "/tmp/$db.selftest"; then
  cat "/tmp/$db.selftest"
  echo "FAILED: the self-test in warn mode found no disagreement"
  rm -f "/tmp/$db.selftest"
  exit 1
fi
echo "   ok: self-test: in warn mode the fuzzer reports $(grep -c DISAGREEMENT "/tmp/$db.selftest") disagreements"
rm -f "/tmp/$db.selftest"

status=0
fresh_db || exit 1
"$FUZZ_BIN" --dsn "dbname=$db" --oracle "$ORACLE" --transactions "${FUZZ_TRANSACTIONS:-3000}" \
  --seed "${FUZZ_SEED:-20261125}" || status=1
fresh_db || exit 1
"$FUZZ_BIN" --dsn "dbname=$db" --oracle "$ORACLE" --transactions "${FUZZ_CONCURRENT:-2000}" \
  --sessions "${FUZZ_SESSIONS:-4}" --seed "${FUZZ_SEED:-20261125}" || status=1
exit $status

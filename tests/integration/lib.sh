# Helpers for the integration tests. Each test runs in a subshell with `set -e`; a failed
# expectation prints why and exits non-zero.
SG=${SCHEMAGUARD_BIN:?set SCHEMAGUARD_BIN to the schemaguard binary}
WORK=${WORK:-$(mktemp -d /tmp/sg-integration.XXXXXX)}
LOCK_KEY=6000850005618999636  # 0x53474D4947524154, db/lock.hpp

fail() { echo "FAIL: $*" >&2; exit 1; }

# new_db NAME [--no-extension]: a fresh database; exports PGDATABASE
new_db() {
  export PGDATABASE="sgit_$1"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$PGDATABASE\" WITH (FORCE)" >/dev/null 2>&1
  psql -X -q -d postgres -c "CREATE DATABASE \"$PGDATABASE\"" >/dev/null
  if [ "${2:-}" != --no-extension ]; then
    psql -X -q -c "CREATE EXTENSION schemaguard" >/dev/null
  fi
}

# sql QUERY: one value, unaligned
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }

# run EXPECTED_EXIT ARGS...: runs the CLI, output in $OUT / $ERR files
run() {
  local expected=$1; shift
  OUT=$WORK/out.$$; ERR=$WORK/err.$$
  set +e
  "$SG" "$@" >"$OUT" 2>"$ERR"
  local rc=$?
  set -e
  if [ "$rc" != "$expected" ]; then
    echo "--- stdout"; cat "$OUT"; echo "--- stderr"; cat "$ERR"
    fail "schemaguard $* exited $rc, expected $expected"
  fi
}

expect_eq() { [ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"; }
expect_in() {  # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected '$2' in output"; }
}
expect_not_in() { ! grep -qF -- "$2" "$1" || { cat "$1"; fail "did not expect '$2' in output"; }; }

# migration directory helpers
new_dir() { D=$WORK/$1; rm -rf "$D"; mkdir -p "$D"; }
# good_table FILE TABLE: a compliant table (FILE "-" = stdout)
good_table() {
  if [ "$1" != - ]; then good_table - "$2" >"$1"; return; fi
  cat <<SQL
CREATE TABLE $2 (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX idx_$2_label ON $2 (label);
SQL
}
applied_count() { sql "SELECT count(*) FROM schemaguard.migrations"; }
table_exists() { sql "SELECT to_regclass('$1') IS NOT NULL"; }

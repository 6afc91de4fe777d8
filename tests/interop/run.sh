#!/usr/bin/env bash
# Interop suite: the real migration tools and operational extensions against a guarded
# database (schemaguard.mode = enforce). For each tool: its first run succeeds with its
# preset enabled (and, for some, is rejected without it, the HINT naming the preset); a
# V1-compliant model written the tool's idiomatic way migrates; a non-compliant one is
# rejected and the table and rule appear in the tool's own output.
# Needs a running cluster (PGHOST/PGPORT/PGUSER of a superuser) whose PostgreSQL has
# pg_partman, pg_repack and PostGIS installed (tests/interop/install.sh installs
# everything: Debian packages and the npm tools, cached in tests/interop/node/node_modules).
# INTEROP_ONLY="knex dbmate" runs only those. Prints "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install.sh" || { echo "interop: could not install the tools"; exit 1; }
export PATH="$here/node/node_modules/.bin:$PATH" NODE_PATH="$here/node/node_modules"
export PGUSER=${PGUSER:-postgres} PGHOST=${PGHOST:-/var/run/postgresql} PGPORT=${PGPORT:-5432}
work=$(mktemp -d)
passed=0 failed=0 current=""
trap 'rm -rf "$work"; for d in $(psql -X -At -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE '"'"'sg_interop_%'"'"'"); do dropdb --if-exists "$d"; done' EXIT

ok() { passed=$((passed + 1)); echo "   ok: $current: $1"; }
bad() { failed=$((failed + 1)); echo "   FAILED: $current: $1"; [ -n "${2:-}" ] && sed 's/^/      | /' <<<"$2" | head -40; }

# succeeds NAME COMMAND...: the command exits 0.
succeeds() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then ok "$name"; else bad "$name (exit $?)" "$out"; fi
}
# rejected NAME TABLE RULE COMMAND...: the command fails and its output names the table
# (schema-qualified, as in the primary message) and the rule.
rejected() {
  local name=$1 table=$2 rule=$3 out status
  shift 3
  out=$("$@" 2>&1)
  status=$?
  last_output=$out
  if [ "$status" = 0 ]; then bad "$name: expected a failure, exit 0" "$out"; return; fi
  if grep -q "schemaguard: [0-9]* violations\? on $table (.*$rule" <<<"$out"; then ok "$name"
  else bad "$name: the output does not name $table and $rule" "$out"; fi
}
# shows NAME PATTERN: the output of the last rejected command contains PATTERN (grep -F).
shows() { if grep -qF -- "$2" <<<"$last_output"; then ok "$1"; else bad "$1: no [$2] in the output" "$last_output"; fi; }
# sql DB QUERY: one value.
sql() { psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# equals NAME EXPECTED ACTUAL
equals() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected [$2], got [$3]"; fi; }

# fresh_db TOOL: a new guarded database sg_interop_TOOL; sets DB and DATABASE_URL.
fresh_db() {
  DB=sg_interop_${1//-/_}
  dropdb --if-exists "$DB" >/dev/null 2>&1
  createdb "$DB" && sql "$DB" "CREATE EXTENSION schemaguard" >/dev/null
  local host=${PGHOST//\//%2F}
  DATABASE_URL="postgres://$PGUSER@$host:$PGPORT/$DB"
  export DB DATABASE_URL
}
enable() { sql "$DB" "SELECT schemaguard.enable_preset('$1'${2:+, '$2'})" >/dev/null; }
compliant() { sql "$DB" "SELECT count(*) FROM schemaguard.violations() WHERE status = 'open' AND severity = 'error'"; }

# v1_authors_table: the V1-compliant table the SQL-file tools migrate first.
v1_authors_table() {
  cat <<'SQL'
CREATE TABLE authors (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
SQL
}

tool_wanted() { [ -z "${INTEROP_ONLY:-}" ] || [[ " $INTEROP_ONLY " == *" $1 "* ]]; }

for tool_file in "$here"/tools/*.sh; do
  tool=$(basename "$tool_file" .sh)
  tool=${tool#*-}
  tool_wanted "$tool" || continue
  current=$tool
  echo "== $tool"
  dir="$work/$tool"
  mkdir -p "$dir"
  # shellcheck source=/dev/null
  (cd "$dir" && source "$tool_file")
  # counts come back through files: each tool runs in a subshell of its own directory
done 2>&1 | tee "$work/log"
passed=$(grep -c '^   ok: ' "$work/log")
failed=$(grep -c '^   FAILED: ' "$work/log")
echo "interop: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]

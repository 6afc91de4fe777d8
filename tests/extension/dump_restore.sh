#!/usr/bin/env bash
# A dump of a guarded database restores into a new guarded database with its waivers,
# classes, severities and baseline (pg_extension_config_dump), using the documented
# procedure: pg_restore --single-transaction, so the commit-time check judges the
# restored schema once, with its configuration already in place.
# Needs a running cluster (PGHOST/PGPORT/PGUSER of a superuser). Prints "N passed, N failed".
set -uo pipefail
passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "   ok: $1";
  else failed=$((failed + 1)); echo "   FAILED: $1: expected [$2], got [$3]"; fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists sg_dump_src; dropdb --if-exists sg_dump_dst; dropdb --if-exists sg_dump_plain' EXIT
dropdb --if-exists sg_dump_src >/dev/null 2>&1; dropdb --if-exists sg_dump_dst >/dev/null 2>&1
dropdb --if-exists sg_dump_plain >/dev/null 2>&1
createdb sg_dump_src && createdb sg_dump_dst && createdb sg_dump_plain

q -d sg_dump_src >/dev/null <<'SQL'
CREATE EXTENSION schemaguard;
SET schemaguard.mode = off;
CREATE TABLE users (id bigserial PRIMARY KEY, email text, avatar text);
CREATE INDEX ON users (email);
RESET schemaguard.mode;
BEGIN;
CREATE TABLE auth_tokens (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
SELECT schemaguard.classify('auth_tokens', 'internal');
COMMIT;
SELECT schemaguard.classify_pattern('public.*_sessions', 'internal');
SELECT schemaguard.baseline();
SELECT schemaguard.waive('users', 'index_naming', 'legacy bridge: users.avatar beside user_profiles.avatar_url');
SELECT schemaguard.set_rule('fk_index', 'error');
INSERT INTO schemaguard.migrations (version, name, checksum) VALUES ('0001', 'init', 'abc');
SQL
src_violations=$(q -d sg_dump_src -c "SELECT string_agg(rule || ':' || table_name || ':' || status, ',' ORDER BY 1) FROM schemaguard.violations()")

pg_dump -Fc -d sg_dump_src -f "$work/src.dump"
pg_restore --single-transaction --exit-on-error -d sg_dump_dst "$work/src.dump" 2>"$work/restore.err"
check "restore into a new database succeeds in one transaction" "0" "$?"
cat "$work/restore.err"
check "waivers restored" "users|index_naming|legacy bridge: users.avatar beside user_profiles.avatar_url" \
  "$(q -d sg_dump_dst -c "SELECT table_name, rule, reason FROM schemaguard.waivers")"
check "classes restored" "auth_tokens|internal" "$(q -d sg_dump_dst -c "SELECT relid, class FROM schemaguard.table_classes")"
check "class patterns restored" "public.*_sessions|internal" "$(q -d sg_dump_dst -c "SELECT pattern, class FROM schemaguard.class_patterns")"
check "severities restored" "fk_index|error" "$(q -d sg_dump_dst -c "SELECT rule, severity FROM schemaguard.rule_severity")"
check "migration state restored" "0001" "$(q -d sg_dump_dst -c "SELECT version FROM schemaguard.migrations")"
check "same violations and statuses after restore" "$src_violations" \
  "$(q -d sg_dump_dst -c "SELECT string_agg(rule || ':' || table_name || ':' || status, ',' ORDER BY 1) FROM schemaguard.violations()")"
out=$(q -d sg_dump_dst -c "CREATE TABLE more_users (id bigserial PRIMARY KEY)" 2>&1)
check "the restored database is guarded" "1" "$(grep -c 'schemaguard: 4 violations on public.more_users (primary_key, timestamps, soft_delete)' <<<"$out")"

# Without --single-transaction each statement commits alone: CREATE TABLE is judged
# before its primary key (added later by the dump) exists, and the restore is refused.
out=$(pg_restore --exit-on-error -d sg_dump_plain "$work/src.dump" 2>&1)
check "statement-by-statement restore is refused in enforce mode" "1" "$(grep -c 'schemaguard: [0-9]* violations\? on ' <<<"$out" | sed 's/^[1-9][0-9]*$/1/')"

echo "dump/restore: $passed passed, $failed failed"
[ "$failed" = 0 ]

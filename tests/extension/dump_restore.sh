#!/usr/bin/env bash
# A dump of a guarded database restores into a new guarded database with its waivers,
# classes, severities and baseline (pg_extension_config_dump), using the documented
# procedure: pg_restore --single-transaction, so the commit-time check judges the
# restored schema once, with its configuration already in place.
# Also: what a schema-only dump keeps (nothing of the configuration) and how its plain
# restore fails (a HINT saying how to restore).
# Needs a running cluster (PGHOST/PGPORT/PGUSER of a superuser). Prints "N passed, N failed".
set -uo pipefail
passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "   ok: $1";
  else failed=$((failed + 1)); echo "   FAILED: $1: expected [$2], got [$3]"; fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
work=$(mktemp -d)
dbs="sg_dump_src sg_dump_dst sg_dump_plain sg_dump_s1 sg_dump_s2 sg_dump_s3"
trap 'rm -rf "$work"; for d in $dbs; do dropdb --if-exists $d; done' EXIT
for d in $dbs; do dropdb --if-exists $d >/dev/null 2>&1; createdb $d; done

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
SELECT schemaguard.enable_preset('knex');
CREATE TABLE knex_migrations (id serial PRIMARY KEY, name varchar(255));
CREATE TABLE events (id uuid NOT NULL DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, PRIMARY KEY (id, created_at))
    PARTITION BY RANGE (created_at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE events DETACH PARTITION events_2024;
CREATE FUNCTION public.app_uuid() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()';
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['public.app_uuid()']);
CREATE DOMAIN public.account_id AS bigint;
SELECT schemaguard.set_rule_parameter('primary_key', 'key_types', ARRAY['uuid', 'bigint', 'public.account_id']);
SELECT schemaguard.set_rule_parameter('primary_key', 'identity', ARRAY['Always']);
-- Names and words that keep what the other tables here need (V1's), spelled as set.
SELECT schemaguard.set_rule_parameter('soft_delete', 'column', ARRAY['deleted_at']);
SELECT schemaguard.set_rule_parameter('soft_delete', 'classes', ARRAY['ENTITY']);
SELECT schemaguard.set_rule_parameter('timestamps', 'columns', ARRAY['updated_at', 'created_at']);
SELECT schemaguard.set_rule_parameter('fk_on_delete', 'actions', ARRAY['Set Null', 'cascade']);
SELECT schemaguard.set_rule_parameter('index_naming', 'unique_template', ARRAY['uq_{table}_{columns}']);
CREATE TABLE id_keys (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
-- key_types words the bigint key of users anew ("expected uuid, bigint or ..."): its
-- baselined finding is another one now; baseline again, as after any change of policy.
SELECT schemaguard.baseline();
CREATE TABLE app_keys (id uuid PRIMARY KEY DEFAULT public.app_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, code text);
CREATE UNIQUE INDEX uq_app_keys_code ON app_keys (code);
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
check "enabled presets restored" "knex|public|t" \
  "$(q -d sg_dump_dst -c "SELECT preset, schema_name, enabled FROM schemaguard.presets WHERE enabled")"
check "exemptions restored" "knex_migrations|preset knex" \
  "$(q -d sg_dump_dst -c "SELECT table_name, exempted_by FROM schemaguard.exemptions")"
check "former partitions restored" "events_2024|{created_at}" \
  "$(q -d sg_dump_dst -c "SELECT relid, key_columns FROM schemaguard.former_partitions")"
# Stored by name and resolved anew: the restored function has another OID.
check "rule parameters restored (by name)" "fk_on_delete|actions|{\"set null\",cascade}
index_naming|unique_template|{\"uq_{table}_{columns}\"}
primary_key|identity|{always}
primary_key|key_defaults|{public.app_uuid()}
primary_key|key_types|{uuid,bigint,public.account_id}
soft_delete|classes|{entity}
soft_delete|column|{deleted_at}
timestamps|columns|{updated_at,created_at}" \
  "$(q -d sg_dump_dst -c "SELECT rule, parameter, value FROM schemaguard.rule_parameters ORDER BY 1, 2")"
check "...a bigint identity key (key_types, identity): compliant after restore" "0" \
  "$(q -d sg_dump_dst -c "SELECT count(*) FROM schemaguard.violations() WHERE table_name = 'id_keys'")"
check "...the restored domain resolves anew (by name)" "t" \
  "$(q -d sg_dump_dst -c "SELECT 'public.account_id'::regtype = to_regtype((SELECT value[3] FROM schemaguard.rule_parameters WHERE parameter = 'key_types'))")"
check "...and in force: the table keyed by that function, its unique index named by the template, is compliant" "0" \
  "$(q -d sg_dump_dst -c "SELECT count(*) FROM schemaguard.violations() WHERE table_name = 'app_keys'")"
check "same violations and statuses after restore" "$src_violations" \
  "$(q -d sg_dump_dst -c "SELECT string_agg(rule || ':' || table_name || ':' || status, ',' ORDER BY 1) FROM schemaguard.violations()")"
out=$(q -d sg_dump_dst -c "CREATE TABLE more_users (id bigserial PRIMARY KEY)" 2>&1)
check "the restored database is guarded" "1" "$(grep -c 'schemaguard: 4 violations on public.more_users (primary_key, timestamps, soft_delete)' <<<"$out")"

# Without --single-transaction each statement commits alone: CREATE TABLE is judged
# before its primary key (added later by the dump) exists, and the restore is refused.
out=$(pg_restore --exit-on-error -d sg_dump_plain "$work/src.dump" 2>&1)
check "statement-by-statement restore is refused in enforce mode" "1" "$(grep -c 'schemaguard: [0-9]* violations\? on ' <<<"$out" | sed 's/^[1-9][0-9]*$/1/')"

# A schema-only dump (pg_dump -s) keeps no configuration (no rows of the configuration
# tables), and its plain SQL run statement by statement is refused with a HINT saying how
# to restore; in one transaction it restores, judged without waivers, classes or presets.
pg_dump -s -d sg_dump_src -f "$work/schema.sql"
check "a schema-only dump holds no configuration rows" "0" "$(grep -c '^COPY schemaguard\.' "$work/schema.sql")"
out=$(psql -X -d sg_dump_s1 -f "$work/schema.sql" 2>&1)
check "plain psql -f of a schema-only dump: rejected with the restore HINT" "1" \
  "$(grep -c 'HINT:  -- Restoring a dump? pg_dump adds primary keys' <<<"$out" | sed 's/^[1-9][0-9]*$/1/')"
check "...naming the table and rules" "1" \
  "$(grep -c 'schemaguard: 2 violations on public.auth_tokens (primary_key, soft_delete)' <<<"$out")"
out=$(psql -X -q -1 -v ON_ERROR_STOP=1 -d sg_dump_s2 -f "$work/schema.sql" 2>&1)
check "psql -1 of a schema-only dump with waived and baselined debt: rejected (no configuration)" "1" \
  "$(grep -c 'schemaguard: [0-9]* violations on [0-9]* tables' <<<"$out")"
PGOPTIONS='-c schemaguard.mode=warn' psql -X -q -1 -v ON_ERROR_STOP=1 -d sg_dump_s3 -f "$work/schema.sql" >/dev/null 2>&1
check "...restores with mode warn (superuser)" "0" "$?"
check "...and the debt is then open in violations()" "t" \
  "$(q -d sg_dump_s3 -c "SELECT count(*) > 0 FROM schemaguard.violations() WHERE status = 'open' AND table_name = 'users'")"

echo "dump/restore: $passed passed, $failed failed"
[ "$failed" = 0 ]

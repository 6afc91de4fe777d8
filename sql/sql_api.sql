-- The SQL interface: violations(), check_table(), compliance(), rules, check_now(),
-- touch_updated_at().
SELECT * FROM schemaguard.rules;

-- an empty database is compliant
SELECT rule, status, tables_checked, violations, waived, notes FROM schemaguard.compliance();

CREATE TABLE api_users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, email text);
CREATE INDEX idx_api_users_email ON api_users (email);
SET schemaguard.mode = off;
CREATE TABLE api_legacy (id bigserial PRIMARY KEY, user_id uuid REFERENCES api_users, email text);
CREATE INDEX ON api_legacy (email);
RESET schemaguard.mode;

SELECT * FROM schemaguard.violations() ORDER BY rule, table_name, object_name;
SELECT * FROM schemaguard.check_table('api_users');
SELECT rule, message FROM schemaguard.check_table('api_legacy') ORDER BY 1, 2;
SELECT rule, status, tables_checked, violations, waived, notes FROM schemaguard.compliance();

-- out of scope: no rows, no error
CREATE VIEW api_view AS SELECT 1 AS a;
SELECT count(*) FROM schemaguard.check_table('api_view');
SELECT count(*) FROM schemaguard.check_table('pg_class');
SELECT count(*) FROM schemaguard.check_table(NULL);
DROP VIEW api_view;

-- check_now() judges the pending DDL of the open transaction immediately
BEGIN;
CREATE TABLE api_pending (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
SELECT schemaguard.check_now();
ALTER TABLE api_pending DROP COLUMN updated_at;
SELECT schemaguard.check_now();
ROLLBACK;
SELECT to_regclass('api_pending');
-- with nothing pending it does nothing
SELECT schemaguard.check_now();

-- LIKE ... INCLUDING ALL copies indexes under names PostgreSQL makes up
BEGIN;
CREATE TABLE api_copy (LIKE api_users INCLUDING ALL);
SELECT rule, object_name FROM schemaguard.check_table('api_copy');
ROLLBACK;

-- the event trigger functions cannot be called directly
SELECT schemaguard.on_ddl_command_end();

-- touch_updated_at() keeps updated_at current
CREATE TRIGGER api_users_touch BEFORE UPDATE ON api_users
    FOR EACH ROW EXECUTE FUNCTION schemaguard.touch_updated_at();
INSERT INTO api_users (email, created_at, updated_at) VALUES ('a@example.com', '2020-01-01', '2020-01-01');
UPDATE api_users SET email = 'b@example.com';
SELECT email, created_at = '2020-01-01' AS created_kept, updated_at > '2020-01-01' AS updated_moved FROM api_users;

DROP TABLE api_legacy, api_users;
SELECT rule, status, tables_checked, violations FROM schemaguard.compliance();

-- tables_in_scope(): what the rules judge, with the class (a partition is marked: only its own
-- foreign keys are judged); temporary tables, views and the extension's own tables are not in it
SELECT schemaguard.classify_pattern('public.api_scope_*_tokens', 'internal');
CREATE TABLE api_scope_a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz) PARTITION BY LIST (id);
SET schemaguard.mode = warn;
CREATE TABLE api_scope_a_part PARTITION OF api_scope_a FOR VALUES IN ('00000000-0000-0000-0000-000000000000');
CREATE TABLE api_scope_auth_tokens (x int);
CREATE TEMP TABLE api_scope_temp (x int);
CREATE VIEW api_scope_view AS SELECT 1 AS x;
RESET schemaguard.mode;
SELECT * FROM schemaguard.tables_in_scope() WHERE table_name LIKE 'api\_scope%';
SELECT count(*) FROM schemaguard.tables_in_scope() WHERE schema_name = 'schemaguard';
-- the rules in the extension's order
SELECT rule FROM schemaguard.rule_catalog() WITH ORDINALITY AS r(rule, severity, description, position) ORDER BY position;
SET schemaguard.mode = off;
DROP TABLE api_scope_a, api_scope_auth_tokens, api_scope_temp;
DROP VIEW api_scope_view;
RESET schemaguard.mode;
SELECT schemaguard.unclassify_pattern('public.api_scope_*_tokens');

-- explain(rule): the rule's own definition, with the severity in force
SELECT schemaguard.set_rule('fk_index', 'error');
\pset format unaligned
\pset tuples_only on
SELECT schemaguard.explain('fk_index');
SELECT schemaguard.set_rule('fk_index', 'warning');
SELECT schemaguard.explain('soft_delete');
\pset format aligned
\pset tuples_only off
SELECT schemaguard.explain('no_such_rule');

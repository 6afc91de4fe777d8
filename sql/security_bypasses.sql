\set SHOW_CONTEXT never
-- Routes past the guard an ordinary role (LOGIN, owner of its tables, CREATE on the
-- database) once had (issue 9): each one is now refused or judged.
SELECT current_database() AS regress_db \gset
CREATE ROLE sg_app LOGIN;
GRANT CREATE ON SCHEMA public TO sg_app;
GRANT CREATE ON DATABASE :"regress_db" TO sg_app;
-- the documented install: the library is in shared_preload_libraries
SELECT schemaguard.library_preloaded();
SET ROLE sg_app;
CREATE SCHEMA app;
SET search_path = app, public;

-- 1. DDL that fires no ddl_command_end is recorded by the object access hook all the same:
-- EXPLAIN ANALYZE CREATE TABLE AS, SELECT INTO, EXECUTE of a prepared SELECT INTO, in a DO block
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) CREATE TABLE bad_ctas AS SELECT 1 AS x;
COMMIT;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 AS x INTO bad_into;
COMMIT;
PREPARE make_table AS SELECT 1 AS x INTO bad_prepared;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE make_table;
COMMIT;
DEALLOCATE make_table;
DO $$ BEGIN EXECUTE 'EXPLAIN ANALYZE CREATE TABLE bad_do AS SELECT 1 AS x'; END $$;
SELECT to_regclass('bad_ctas') AS ctas, to_regclass('bad_into') AS select_into,
       to_regclass('bad_prepared') AS prepared, to_regclass('bad_do') AS do_block;

-- INVALID indexes (a failed CREATE INDEX CONCURRENTLY here) are reported, never block
CREATE TABLE inv (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), code int,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
INSERT INTO inv (code) VALUES (1), (1);
CREATE UNIQUE INDEX CONCURRENTLY inv_code_misnamed ON inv (code);
SELECT rule, severity, object_name, message, hint, status FROM schemaguard.check_table('inv');
ALTER TABLE inv ADD COLUMN note text;  -- unrelated DDL on the table commits
DELETE FROM inv WHERE ctid = (SELECT max(ctid) FROM inv);
-- REINDEX fires no event trigger: one that would make it valid is judged (and rolled back)...
REINDEX INDEX inv_code_misnamed;
REINDEX TABLE inv;
-- ...or refused where it commits on its own, before any check could run
REINDEX INDEX CONCURRENTLY inv_code_misnamed;
REINDEX SCHEMA app;
-- REINDEX TABLE CONCURRENTLY skips INVALID indexes; it is judged like other DDL
REINDEX TABLE CONCURRENTLY inv;
SELECT indisvalid FROM pg_index WHERE indexrelid = 'inv_code_misnamed'::regclass;
-- an interrupted REINDEX CONCURRENTLY (here: its build fails) leaves an INVALID copy
-- idx_inv_label_ccnew behind: reported, and unrelated DDL on the table still commits
CREATE FUNCTION label_of(code int) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF current_setting('sg_test.fail', true) = 'on' THEN RAISE EXCEPTION 'build failed'; END IF;
    RETURN code::text;
END $$;
CREATE INDEX idx_inv_label ON inv (label_of(code));
SET sg_test.fail = on;
REINDEX INDEX CONCURRENTLY idx_inv_label;
RESET sg_test.fail;
SELECT object_name, severity, hint FROM schemaguard.check_table('inv') WHERE object_name LIKE '%ccnew';
ALTER TABLE inv ADD COLUMN note2 text;
DROP INDEX CONCURRENTLY idx_inv_label_ccnew;
-- TRUNCATE, CLUSTER and VACUUM FULL rebuild every index, which makes an INVALID
-- (non-unique) one valid: judged in the caller's transaction, refused where the command
-- commits on its own (VACUUM FULL)
SET sg_test.fail = on;
CREATE INDEX CONCURRENTLY inv_label_misnamed ON inv (label_of(code));
RESET sg_test.fail;
TRUNCATE inv;
CLUSTER inv USING inv_pkey;
VACUUM FULL inv;
VACUUM inv;  -- not FULL: rebuilds no index
SELECT indisvalid FROM pg_index WHERE indexrelid = 'inv_label_misnamed'::regclass;
DROP INDEX CONCURRENTLY inv_label_misnamed;
DROP INDEX idx_inv_label;
-- renamed to a compliant name, it may be made valid
ALTER INDEX inv_code_misnamed RENAME TO idx_inv_code;
REINDEX INDEX idx_inv_code;
SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_inv_code'::regclass;
SELECT rule, object_name, status FROM schemaguard.check_table('inv');

-- 2. A table may not depend on a temporary object, whose drop (ON COMMIT DROP, session
-- end) would cascade to it unchecked: the primary key INCLUDEing a column of a temporary
-- row type, a default calling a pg_temp function, a domain or array over a temporary type
CREATE TEMP TABLE tt (a int) ON COMMIT PRESERVE ROWS;
CREATE TABLE temp_include (id uuid DEFAULT gen_random_uuid(), x pg_temp.tt,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, PRIMARY KEY (id) INCLUDE (x));
BEGIN;
CREATE TEMP TABLE tt_dropped (a int) ON COMMIT DROP;
CREATE TABLE temp_on_commit_drop (id uuid DEFAULT gen_random_uuid(), x tt_dropped,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, PRIMARY KEY (id) INCLUDE (x));
COMMIT;
CREATE FUNCTION pg_temp.label() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
CREATE TABLE temp_default (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), label text DEFAULT pg_temp.label(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
BEGIN;
CREATE DOMAIN temp_domain AS pg_temp.tt;
CREATE TABLE temp_via_domain (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), d temp_domain,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
COMMIT;
CREATE TABLE okay (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
ALTER TABLE okay ADD COLUMN later pg_temp.tt[];
SELECT relname FROM pg_class WHERE relname LIKE 'temp\_%' ORDER BY 1;
SELECT attname FROM pg_attribute WHERE attrelid = 'okay'::regclass AND attnum > 0 ORDER BY attnum;

-- 3. A trusted extension the role created belongs to the role: its members stay in scope
CREATE EXTENSION citext;
SELECT extowner::regrole FROM pg_extension WHERE extname = 'citext';
BEGIN;
CREATE TABLE bad_member (a int);
ALTER EXTENSION citext ADD TABLE bad_member;
COMMIT;
-- a compliant member commits; DDL on it is judged
BEGIN;
CREATE TABLE member (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
ALTER EXTENSION citext ADD TABLE member;
COMMIT;
CREATE INDEX member_misnamed ON member (created_at);
-- a member with violations (added by a superuser in warn mode) is still reported on
RESET ROLE;
SET schemaguard.mode = warn;
SET client_min_messages = error;
CREATE TABLE app.legacy_member (a int);
ALTER TABLE app.legacy_member OWNER TO sg_app;
ALTER EXTENSION citext ADD TABLE app.legacy_member;
RESET client_min_messages;
RESET schemaguard.mode;
SET ROLE sg_app;
SELECT table_name, rule, status FROM schemaguard.violations() WHERE schema_name = 'app' ORDER BY 1, 2;
SELECT rule, status FROM schemaguard.check_table('legacy_member');
ALTER EXTENSION citext DROP TABLE member;
DROP EXTENSION citext;  -- and its member legacy_member

-- 4. The extension's schema belongs to a superuser: a role cannot drop it (a schema
-- schemaguard a role created before the extension is refused at install: at the end)
DROP SCHEMA schemaguard CASCADE;

-- 5. (races between sessions: specs/commit_locks.spec)
-- 6. waive() and classify() (and their inverses) refuse temporary tables
SELECT schemaguard.waive('tt', 'primary_key', 'scratch table');
SELECT schemaguard.classify('tt', 'internal');
SELECT schemaguard.unwaive('tt', 'primary_key');
SELECT schemaguard.unclassify('tt');
RESET ROLE;
RESET search_path;

-- 4. A schema schemaguard created by a role before the extension is refused at install
CREATE DATABASE sg_foreign_schema;
GRANT CREATE ON DATABASE sg_foreign_schema TO sg_app;
\c sg_foreign_schema
SET ROLE sg_app;
CREATE SCHEMA schemaguard;
RESET ROLE;
CREATE EXTENSION schemaguard;
SELECT count(*) AS installed FROM pg_extension WHERE extname = 'schemaguard';
-- ...and so is one where a role may create objects
ALTER SCHEMA schemaguard OWNER TO CURRENT_USER;
GRANT CREATE ON SCHEMA schemaguard TO sg_app;
CREATE EXTENSION schemaguard;
REVOKE CREATE ON SCHEMA schemaguard FROM sg_app;
CREATE EXTENSION schemaguard;
SELECT nspowner::regrole = current_user::regrole AS superuser_owns FROM pg_namespace WHERE nspname = 'schemaguard';
\c :regress_db
DROP DATABASE sg_foreign_schema;

DROP SCHEMA app CASCADE;
REVOKE CREATE ON SCHEMA public FROM sg_app;
REVOKE CREATE ON DATABASE :"regress_db" FROM sg_app;
DROP ROLE sg_app;

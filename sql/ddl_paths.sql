-- Every way DDL reaches a table is seen by the event trigger and judged at commit.
CREATE TABLE base (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);

-- A migration may build a table in several statements: only the committed shape counts.
BEGIN;
CREATE TABLE built (note text);
ALTER TABLE built ADD COLUMN id uuid PRIMARY KEY DEFAULT gen_random_uuid();
ALTER TABLE built ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
                  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
                  ADD COLUMN deleted_at timestamptz;
CREATE INDEX built_note_idx ON built (note);
ALTER INDEX built_note_idx RENAME TO idx_built_note;
COMMIT;
-- A table created and dropped in one transaction is not judged.
BEGIN;
CREATE TABLE scratch (a int);
DROP TABLE scratch;
COMMIT;

-- CREATE TABLE AS, SELECT INTO
CREATE TABLE ctas AS SELECT 1 AS a;
SELECT 1 AS a INTO selinto;
-- CREATE TABLE AS copies neither keys nor defaults
CREATE TABLE ctas_copy AS SELECT * FROM base WITH NO DATA;
SELECT to_regclass('ctas'), to_regclass('selinto'), to_regclass('ctas_copy');

-- LIKE ... INCLUDING ALL copies a compliant shape; LIKE alone drops the key
CREATE TABLE like_all (LIKE base INCLUDING ALL);
CREATE TABLE like_bare (LIKE base);

-- INHERITS: the child is checked; changing the parent changes the child
CREATE TABLE child_ok (LIKE base INCLUDING ALL, extra text) INHERITS (base);
CREATE TABLE child_bad (extra text) INHERITS (base);
ALTER TABLE base ALTER COLUMN deleted_at SET NOT NULL;
ALTER TABLE base DROP COLUMN deleted_at;

-- PARTITION OF: partitions follow their parent and are not checked themselves.
-- PostgreSQL requires the partition key in the primary key: (id, created_at) passes
CREATE TABLE events (id uuid DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
DROP TABLE events;
CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz) PARTITION BY LIST (id);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('00000000-0000-0000-0000-00000000000a');
BEGIN;
SET LOCAL schemaguard.mode = off;
CREATE TABLE events_rest (LIKE events);
COMMIT;
ALTER TABLE events ATTACH PARTITION events_rest DEFAULT;
CREATE INDEX idx_events_created_at ON events (created_at);
CREATE INDEX events_updated_at_idx ON events (updated_at);
-- DETACH turns a partition into a table of its own, which is then checked; the index
-- PostgreSQL named while it was a partition (events_a_created_at_idx) is not judged
-- (schemaguard.former_partitions, sql/presets.sql)
ALTER TABLE events DETACH PARTITION events_a;
SELECT relispartition FROM pg_class WHERE relname = 'events_a';

-- DO blocks and functions
DO $$ BEGIN EXECUTE 'CREATE TABLE from_do (a int)'; END $$;
CREATE FUNCTION make_table(name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN EXECUTE format('CREATE TABLE %I (a int)', name); END $$;
SELECT make_table('from_function');
SELECT to_regclass('from_do'), to_regclass('from_function');
DROP FUNCTION make_table(text);
-- a procedure that commits: each COMMIT inside it is checked
CREATE PROCEDURE make_tables() LANGUAGE plpgsql AS $$
BEGIN
    CREATE TABLE from_procedure_ok (LIKE base INCLUDING ALL);
    COMMIT;
    CREATE TABLE from_procedure_bad (a int);
    COMMIT;
END $$;
CALL make_tables();
SELECT to_regclass('from_procedure_ok'), to_regclass('from_procedure_bad');
DROP PROCEDURE make_tables();
DROP TABLE from_procedure_ok;

-- Savepoints: what a rolled-back savepoint did is not judged...
BEGIN;
CREATE TABLE sp_ok (LIKE base INCLUDING ALL);
SAVEPOINT s1;
CREATE TABLE sp_bad (a int);
ROLLBACK TO SAVEPOINT s1;
SAVEPOINT s2;
ALTER TABLE sp_ok DROP COLUMN updated_at;
ROLLBACK TO SAVEPOINT s2;
COMMIT;
-- ...but a released savepoint's work is
BEGIN;
SAVEPOINT s1;
CREATE TABLE sp_released (a int);
RELEASE SAVEPOINT s1;
COMMIT;
-- nested: the inner savepoint commits into the outer one, which rolls back
BEGIN;
SAVEPOINT outer_sp;
SAVEPOINT inner_sp;
CREATE TABLE sp_nested (a int);
RELEASE SAVEPOINT inner_sp;
ROLLBACK TO SAVEPOINT outer_sp;
COMMIT;
SELECT to_regclass('sp_ok'), to_regclass('sp_bad'), to_regclass('sp_released'), to_regclass('sp_nested');

-- Temporary tables are out of scope
CREATE TEMP TABLE temp_anything (a int);
CREATE TEMP TABLE temp_as AS SELECT 1 AS a;

-- Extension-owned tables are out of scope while they belong to the extension
CREATE EXTENSION IF NOT EXISTS btree_gist;
BEGIN;
CREATE TABLE ext_owned (a int);
ALTER EXTENSION btree_gist ADD TABLE ext_owned;
COMMIT;
-- ...and judged once released from it
ALTER EXTENSION btree_gist DROP TABLE ext_owned;
SELECT count(*) AS members FROM pg_depend
WHERE classid = 'pg_class'::regclass AND objid = 'ext_owned'::regclass AND deptype = 'e';

-- Quoted and Unicode identifiers are reported quoted
CREATE TABLE "Mixed Case" (a int);
CREATE TABLE "schéma_ü" (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE SCHEMA "Another Schema";
CREATE TABLE "Another Schema"."select" (LIKE base INCLUDING ALL, "Email" text);
CREATE INDEX ON "Another Schema"."select" ("Email");
CREATE INDEX "idx_select_Email" ON "Another Schema"."select" ("Email");

-- Moving a table between schemas is checked where it lands
CREATE TABLE "Another Schema".moved (a int);
BEGIN;
SET LOCAL schemaguard.mode = off;
CREATE TABLE moved (a int);
COMMIT;
CREATE SCHEMA archive;
ALTER TABLE moved SET SCHEMA archive;

-- DROP ... CASCADE can change a table that survives it: the table is judged again
-- (shown in warn mode, where each violation is a WARNING at commit)
CREATE DOMAIN stamp AS timestamptz;
SET schemaguard.mode = warn;
CREATE TABLE with_domain (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at stamp);
DROP DOMAIN stamp CASCADE;
CREATE FUNCTION my_now() RETURNS timestamptz LANGUAGE sql AS 'SELECT now()';
CREATE TABLE dropped_default (LIKE base INCLUDING ALL, touched_at timestamptz DEFAULT my_now());
ALTER TABLE dropped_default ALTER COLUMN created_at SET DEFAULT my_now();
DROP FUNCTION my_now() CASCADE;
RESET schemaguard.mode;

-- Typed tables (CREATE TABLE ... OF type): ALTER TYPE ... CASCADE changes their columns
-- although it reports only the type; the typed tables are judged
CREATE TYPE row_shape AS (id uuid, created_at timestamptz, updated_at timestamptz, deleted_at timestamptz);
CREATE TABLE typed_t OF row_shape (id WITH OPTIONS PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at WITH OPTIONS NOT NULL DEFAULT now(), updated_at WITH OPTIONS NOT NULL DEFAULT now());
ALTER TYPE row_shape RENAME ATTRIBUTE created_at TO made_at CASCADE;
ALTER TYPE row_shape ALTER ATTRIBUTE updated_at TYPE timestamp CASCADE;
ALTER TYPE row_shape DROP ATTRIBUTE deleted_at CASCADE;
ALTER TYPE row_shape ADD ATTRIBUTE note text CASCADE;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'typed_t'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
DROP TABLE typed_t;
DROP TYPE row_shape;

-- Views, materialized views, sequences and types are not checked
CREATE VIEW v AS SELECT 1 AS a;
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a;
CREATE SEQUENCE seq;
CREATE TYPE pair AS (a int, b int);

-- PREPARE TRANSACTION runs the check before preparing
BEGIN;
CREATE TABLE prepared_bad (a int);
PREPARE TRANSACTION 'sg_test';
SELECT count(*) AS prepared FROM pg_prepared_xacts WHERE gid = 'sg_test';
BEGIN;
CREATE TABLE prepared_ok (LIKE base INCLUDING ALL);
PREPARE TRANSACTION 'sg_test_ok';
COMMIT PREPARED 'sg_test_ok';

SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'archive', 'Another Schema')
ORDER BY 1, 2;
SELECT count(*) AS open_violations FROM schemaguard.violations() WHERE status = 'open';

DROP SCHEMA "Another Schema" CASCADE;
DROP SCHEMA archive CASCADE;
DROP VIEW v;
DROP MATERIALIZED VIEW mv;
DROP SEQUENCE seq;
DROP TYPE pair;
DROP TABLE built, like_all, child_ok, base, events, events_a, sp_ok, moved, with_domain,
    dropped_default, prepared_ok;

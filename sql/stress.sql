-- A few thousand generated DDL statements, valid and not, each its own transaction,
-- go through the trigger in warn mode; the server never restarts and this backend
-- survives them all.
SELECT pg_postmaster_start_time() AS started, pg_backend_pid() AS pid \gset
SET schemaguard.mode = warn;
SET client_min_messages = error;
CREATE SCHEMA stress;
-- the generated statements are not echoed: the checks below are the test
\set ECHO none
SELECT statement FROM (
    SELECT g, k, CASE k
        WHEN 1 THEN CASE WHEN g % 2 = 0
            THEN format('CREATE TABLE stress.t%s (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, v%s int)', g, g)
            ELSE format('CREATE TABLE stress.t%s (id bigserial PRIMARY KEY, "Vé %s" text, parent uuid)', g, g) END
        WHEN 2 THEN CASE WHEN g % 3 = 0
            THEN format('CREATE INDEX idx_t%s_id_x ON stress.t%s (id)', g, g)
            ELSE format('CREATE INDEX ON stress.t%s ((id::text))', g) END
        WHEN 3 THEN CASE WHEN g % 4 = 0
            THEN format('ALTER TABLE stress.t%s RENAME TO r%s', g, g)
            ELSE format('ALTER TABLE stress.t%s ADD COLUMN extra_%s timestamptz DEFAULT now(), ADD COLUMN ref %s REFERENCES stress.t%s (id) ON DELETE SET NULL', g, g, CASE WHEN g % 2 = 0 THEN 'uuid' ELSE 'bigint' END, g) END
        WHEN 4 THEN CASE WHEN g % 5 = 0
            THEN format('DROP TABLE IF EXISTS stress.t%s, stress.r%s CASCADE', g, g)
            ELSE format('DO $$ BEGIN EXECUTE ''CREATE TABLE stress.d%s AS SELECT %s AS n''; END $$', g, g) END
        ELSE format('CREATE TABLE stress.p%s (id uuid DEFAULT gen_random_uuid(), k int, PRIMARY KEY (id, k)) PARTITION BY LIST (k)', g)
    END AS statement
    FROM generate_series(1, 600) AS g, generate_series(1, 5) AS k
    ORDER BY g, k
) AS generated \gexec
\set ECHO all
RESET client_min_messages;
RESET schemaguard.mode;
SELECT pg_postmaster_start_time() = :'started' AS same_server, pg_backend_pid() = :pid AS same_backend;
SELECT count(*) AS tables FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'stress' AND c.relkind IN ('r', 'p');
SELECT rule, count(*) AS violations FROM schemaguard.violations() WHERE schema_name = 'stress' GROUP BY rule ORDER BY rule;
SET client_min_messages = warning;
DROP SCHEMA stress CASCADE;

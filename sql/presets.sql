\set SHOW_CONTEXT never
-- Exemptions that exist before the table: the exempt class (by table, by pattern) and
-- presets for the bookkeeping tables of migration tools. Only a superuser grants them.
\set VERBOSITY default

-- every preset, none enabled: nothing is exempt by name
SELECT preset, schema_name, tables, enabled FROM schemaguard.presets;

-- without the preset a tool's first table is rejected, and the hint proposes the preset
CREATE TABLE knex_migrations (id serial PRIMARY KEY, name varchar(255), batch integer,
    migration_time timestamptz);

SELECT schemaguard.enable_preset('knex');
CREATE TABLE knex_migrations (id serial PRIMARY KEY, name varchar(255), batch integer,
    migration_time timestamptz);
CREATE TABLE knex_migrations_lock (index serial PRIMARY KEY, is_locked integer);
-- the preset names exact tables: a look-alike is still checked
CREATE TABLE knex_migrations_backup (id serial PRIMARY KEY);
SELECT preset, schema_name, enabled, enabled_by = current_user AS by_me, enabled_at IS NOT NULL AS dated
FROM schemaguard.presets WHERE preset = 'knex';
SELECT schema_name, table_name, exempted_by, granted_by = current_user AS by_me FROM schemaguard.exemptions;
-- exempt tables are out of scope: not in violations(), counted in compliance()'s notes
SELECT count(*) FROM schemaguard.violations() WHERE table_name LIKE 'knex%';
SELECT rule, tables_checked, notes FROM schemaguard.compliance() WHERE rule = 'primary_key';

-- another schema needs the schema named; several schemas may be enabled
CREATE SCHEMA tools;
SELECT schemaguard.enable_preset('node-pg-migrate', 'tools');
CREATE TABLE tools.pgmigrations (id serial PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
CREATE TABLE public.pgmigrations (id serial PRIMARY KEY);
SELECT preset, schema_name, tables, enabled FROM schemaguard.presets WHERE preset = 'node-pg-migrate';

-- own-schema tools: sqitch's registry
SELECT schemaguard.enable_preset('sqitch');
CREATE SCHEMA sqitch;
CREATE TABLE sqitch.projects (project text PRIMARY KEY, uri text, created_at timestamptz NOT NULL DEFAULT clock_timestamp());
-- ...but not a table of the user's own in that schema
CREATE TABLE sqitch.mine (id serial PRIMARY KEY);

-- a preset whose schema the user names (one topology per schema)
SELECT schemaguard.enable_preset('postgis_topology');
SELECT schemaguard.enable_preset('no_such_tool');

-- the exempt class by pattern and by table (superuser)
SELECT schemaguard.classify_pattern('legacy.*', 'exempt');
CREATE SCHEMA legacy;
CREATE TABLE legacy.anything (n integer);
CREATE TABLE plain (n integer);
-- a '*' never spans the dot: a schema named "legacy.x" is not matched by legacy.*
CREATE SCHEMA "legacy.x";
CREATE TABLE "legacy.x".t (n integer);
DROP SCHEMA "legacy.x";
BEGIN;
CREATE TABLE plain (n integer);
SELECT schemaguard.classify('plain', 'exempt');
COMMIT;
SELECT schema_name, table_name, exempted_by FROM schemaguard.exemptions;

-- a table owner may not exempt, enable presets or add patterns
SELECT schemaguard.enable_preset('alembic');
CREATE ROLE sg_tool_owner LOGIN;
GRANT CREATE ON SCHEMA public TO sg_tool_owner;
SET ROLE sg_tool_owner;
BEGIN;
CREATE TABLE mine (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
SELECT schemaguard.classify('mine', 'exempt');
ROLLBACK;
CREATE TABLE mine (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
SELECT schemaguard.classify('mine', 'exempt');
SELECT schemaguard.classify('mine', 'internal');
SELECT schemaguard.enable_preset('typeorm');
SELECT schemaguard.disable_preset('knex');
SELECT schemaguard.classify_pattern('public.*', 'exempt');
INSERT INTO schemaguard.preset_entries (preset, schema_name) VALUES ('typeorm', 'public');
UPDATE schemaguard.table_classes SET class = 'exempt';
SELECT schemaguard.require_calling_superuser('x');
-- ...but creating a table with the name of an enabled preset's table is exempt for anyone
-- who may create tables in that schema: that is what enabling a preset means (documented)
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
SELECT schema_name, table_name, exempted_by FROM schemaguard.exemptions WHERE table_name = 'alembic_version';
DROP TABLE alembic_version;
RESET ROLE;
SELECT relid, class, classified_by FROM schemaguard.table_classes ORDER BY 1;

-- an owner may bring a superuser-exempted table back in scope, never the reverse
ALTER TABLE plain OWNER TO sg_tool_owner;
SET ROLE sg_tool_owner;
SELECT schemaguard.classify('plain', 'entity');
SELECT schemaguard.classify('plain', 'exempt');
RESET ROLE;
SELECT count(*) AS plain_violations FROM schemaguard.violations() WHERE table_name = 'plain';

-- disabling puts the tables back in scope (reported, blocking at the next DDL)
SELECT schemaguard.disable_preset('knex');
SELECT schemaguard.disable_preset('knex');
SELECT rule, table_name FROM schemaguard.violations() WHERE table_name LIKE 'knex%' ORDER BY 2, 1;
ALTER TABLE knex_migrations ADD COLUMN note text;
SELECT schemaguard.enable_preset('knex');

-- a partitioned table's key is (id, partition key), as PostgreSQL requires: no waiver needed
CREATE TABLE events (id uuid NOT NULL DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, PRIMARY KEY (created_at, id))
    PARTITION BY RANGE (created_at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- a key column beyond the partition key is still a composite key
CREATE TABLE events2 (id uuid NOT NULL DEFAULT gen_random_uuid(), kind text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, PRIMARY KEY (id, kind, created_at)) PARTITION BY RANGE (created_at);
-- ...and the id column must still be uuid DEFAULT gen_random_uuid()
CREATE TABLE events3 (id bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, PRIMARY KEY (id, created_at))
    PARTITION BY RANGE (created_at);

-- a detached partition keeps its parent's class (never exempt) and waivers, its partition
-- key in the key, and the index names PostgreSQL gave it as a partition of the parent's
-- indexes; an index of its own, made while it was a partition, is judged after the detach
CREATE INDEX idx_events_updated_at ON events (updated_at);
CREATE INDEX own_name ON events_2024 (deleted_at);
SELECT schemaguard.classify('events', 'internal');
SELECT schemaguard.waive('events', 'fk_index', 'append-only log');
ALTER TABLE events DETACH PARTITION events_2024;
DROP INDEX own_name;
ALTER TABLE events DETACH PARTITION events_2024;
SELECT relid, parent_name, key_columns, index_names FROM schemaguard.former_partitions;
SELECT relid, class FROM schemaguard.table_classes WHERE relid::text LIKE 'events%' ORDER BY 1;
SELECT table_name, rule, reason FROM schemaguard.waivers ORDER BY 1;
SELECT count(*) AS events_2024_violations FROM schemaguard.violations() WHERE table_name = 'events_2024';
-- what is added afterwards is judged as for any table
CREATE INDEX events_2024_deleted_at_idx ON events_2024 (deleted_at);
-- nobody but the trigger records a former partition
CREATE ROLE sg_detacher;
SET ROLE sg_detacher;
SELECT schemaguard.record_detached_partition('events_2024', 'events', '{}');
RESET ROLE;
DROP ROLE sg_detacher;
-- and the record goes with the table
DROP TABLE events_2024;
SELECT count(*) AS former_partitions FROM schemaguard.former_partitions;

-- DETACH PARTITION CONCURRENTLY (several transactions) records the same
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;
SELECT relid, key_columns, index_names FROM schemaguard.former_partitions WHERE relid = 'events_2023'::regclass;
DROP TABLE events_2023;

-- an exempt class is not carried over to a detached partition: the partition's owner
-- could otherwise attach any table of theirs to an exempt parent and detach it exempt
CREATE TABLE log_parent (id uuid NOT NULL DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, PRIMARY KEY (id, created_at))
    PARTITION BY RANGE (created_at);
SELECT schemaguard.classify('log_parent', 'exempt');
BEGIN;
SET LOCAL schemaguard.mode = off;
CREATE TABLE log_loose (id uuid NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
    deleted_at timestamptz);
COMMIT;
ALTER TABLE log_parent ATTACH PARTITION log_loose FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE log_parent DETACH PARTITION log_loose;
SELECT relid, class FROM schemaguard.table_classes WHERE relid::text LIKE 'log%' ORDER BY 1;
DROP TABLE log_parent, log_loose;

-- pg_repack --only-indexes builds index_<OID of the index it replaces>: accepted with the
-- pg_repack preset only, and only for the OID of another index of the same table
SELECT format('CREATE INDEX index_%s ON events (updated_at)', 'idx_events_updated_at'::regclass::oid) AS repack_index \gset
\set VERBOSITY sqlstate
:repack_index;
\set VERBOSITY default
SELECT schemaguard.enable_preset('pg_repack');
:repack_index;
CREATE INDEX index_1 ON events (updated_at);
SELECT schemaguard.disable_preset('pg_repack');

-- a rejection in a pg_dump/pg_restore session (check_function_bodies off) says how to restore
SET check_function_bodies = off;
CREATE TABLE restored (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
RESET check_function_bodies;

DROP TABLE events, knex_migrations, knex_migrations_lock, tools.pgmigrations, sqitch.projects,
    legacy.anything, plain, mine;
DROP SCHEMA tools, sqitch, legacy;
REVOKE CREATE ON SCHEMA public FROM sg_tool_owner;
DROP ROLE sg_tool_owner;
SELECT schemaguard.disable_preset(p) FROM (VALUES ('knex'), ('node-pg-migrate'), ('sqitch'), ('alembic')) AS v(p);
SELECT schemaguard.unclassify_pattern('legacy.*');
SELECT count(*) AS left_over FROM schemaguard.exemptions;

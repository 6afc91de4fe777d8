-- schemaguard 0.1.0: enforce the V1 schema invariants on every DDL change.
\echo Use "CREATE EXTENSION schemaguard" to load this file. \quit

-- Migration state written by the schemaguard client (SPEC §7).
CREATE TABLE schemaguard.migrations (
    version     text PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    applied_by  text NOT NULL DEFAULT CURRENT_USER,
    duration_ms integer
);
-- Progress of a "-- schemaguard:no-transaction" file while it is partly applied.
CREATE TABLE schemaguard.migration_progress (
    version         text PRIMARY KEY,
    checksum        text NOT NULL,
    statements_done integer NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now()
);
SELECT pg_catalog.pg_extension_config_dump('schemaguard.migrations', '');
SELECT pg_catalog.pg_extension_config_dump('schemaguard.migration_progress', '');

-- The checks.
CREATE FUNCTION schemaguard.violations(
    OUT rule text, OUT severity text, OUT schema_name text, OUT table_name text,
    OUT object_name text, OUT message text, OUT hint text, OUT status text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_violations' LANGUAGE C STABLE;

CREATE FUNCTION schemaguard.check_table(rel regclass,
    OUT rule text, OUT severity text, OUT schema_name text, OUT table_name text,
    OUT object_name text, OUT message text, OUT hint text, OUT status text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_check_table' LANGUAGE C STABLE STRICT;

CREATE FUNCTION schemaguard.compliance(
    OUT rule text, OUT description text, OUT status text, OUT tables_checked integer,
    OUT violations integer, OUT waived integer, OUT notes text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_compliance' LANGUAGE C STABLE;

CREATE FUNCTION schemaguard.rule_catalog(
    OUT rule text, OUT default_severity text, OUT description text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_rule_catalog' LANGUAGE C IMMUTABLE;

CREATE VIEW schemaguard.rules AS
    SELECT r.rule, r.default_severity AS severity, r.description
    FROM schemaguard.rule_catalog() AS r;

CREATE FUNCTION schemaguard.check_now() RETURNS void
AS 'MODULE_PATHNAME', 'schemaguard_check_now' LANGUAGE C VOLATILE;

-- BEFORE UPDATE ... FOR EACH ROW EXECUTE FUNCTION schemaguard.touch_updated_at()
CREATE FUNCTION schemaguard.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END;
$$;

-- Commit-time enforcement: the triggers record touched tables; the check runs at commit.
CREATE FUNCTION schemaguard.on_ddl_command_end() RETURNS event_trigger
AS 'MODULE_PATHNAME', 'schemaguard_ddl_command_end' LANGUAGE C;
CREATE FUNCTION schemaguard.on_sql_drop() RETURNS event_trigger
AS 'MODULE_PATHNAME', 'schemaguard_sql_drop' LANGUAGE C;

CREATE EVENT TRIGGER schemaguard_ddl_command_end ON ddl_command_end
    EXECUTE FUNCTION schemaguard.on_ddl_command_end();
CREATE EVENT TRIGGER schemaguard_sql_drop ON sql_drop
    EXECUTE FUNCTION schemaguard.on_sql_drop();

REVOKE ALL ON ALL TABLES IN SCHEMA schemaguard FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION schemaguard.on_ddl_command_end(), schemaguard.on_sql_drop() FROM PUBLIC;
GRANT USAGE ON SCHEMA schemaguard TO PUBLIC;
GRANT SELECT ON schemaguard.rules TO PUBLIC;

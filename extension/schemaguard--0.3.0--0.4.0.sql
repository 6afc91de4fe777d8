-- schemaguard 0.3.0 -> 0.4.0: closing the ways past the guard, coexistence with the tools
-- teams already run (exemptions that exist before their tables, presets), and Citus.
\echo Use "ALTER EXTENSION schemaguard UPDATE TO '0.4.0'" to load this file. \quit

-- == Security (issue 9) ==

-- Schema schemaguard must be the extension's own: a schema a role created before a
-- superuser ran CREATE EXTENSION would leave that role owning (and able to drop, with the
-- event triggers and configuration in it) what guards everyone. Refused, install and update.
DO $$
DECLARE
    schema_owner oid;
    intruders text;
BEGIN
    SELECT n.nspowner INTO schema_owner FROM pg_catalog.pg_namespace AS n WHERE n.nspname = 'schemaguard';
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = schema_owner) THEN
        RAISE EXCEPTION 'schemaguard: schema schemaguard is owned by role %, which is not a superuser',
            schema_owner::regrole
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Its owner could drop the schema, and with it the event triggers and the configuration of schemaguard.',
                  HINT = 'Check what is in that schema, then ALTER SCHEMA schemaguard OWNER TO a superuser (or drop it) and run CREATE EXTENSION schemaguard (or ALTER EXTENSION schemaguard UPDATE) again.';
    END IF;
    SELECT pg_catalog.string_agg(DISTINCT a.grantee::regrole::text, ', ') INTO intruders
    FROM pg_catalog.pg_namespace AS n, pg_catalog.aclexplode(n.nspacl) AS a
    WHERE n.nspname = 'schemaguard' AND a.privilege_type = 'CREATE'
      AND (a.grantee = 0 OR NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = a.grantee));
    IF intruders IS NOT NULL THEN
        RAISE EXCEPTION 'schemaguard: roles that are not superusers may create objects in schema schemaguard: %', intruders
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'REVOKE CREATE ON SCHEMA schemaguard FROM those roles, then run the command again.';
    END IF;
    SELECT pg_catalog.string_agg(DISTINCT o.owner::regrole::text, ', ') INTO intruders
    FROM (SELECT c.relowner AS owner FROM pg_catalog.pg_class AS c
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = 'schemaguard'
          UNION ALL
          SELECT p.proowner FROM pg_catalog.pg_proc AS p
            JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace WHERE n.nspname = 'schemaguard'
          UNION ALL
          SELECT t.typowner FROM pg_catalog.pg_type AS t
            JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace WHERE n.nspname = 'schemaguard') AS o
    WHERE NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = o.owner);
    IF intruders IS NOT NULL THEN
        RAISE EXCEPTION 'schemaguard: schema schemaguard holds objects owned by roles that are not superusers: %', intruders
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Drop those objects (or give them to a superuser), then run the command again.';
    END IF;
END;
$$;

-- Whether the library was loaded by shared_preload_libraries (the documented install):
-- otherwise DDL run before a session's first event trigger (EXPLAIN ANALYZE CREATE TABLE AS,
-- REINDEX) goes unchecked. compliance() says so with a WARNING; so does this script.
CREATE FUNCTION schemaguard.library_preloaded() RETURNS boolean
LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'schemaguard_library_preloaded';

DO $$
BEGIN
    IF NOT schemaguard.library_preloaded() THEN
        RAISE WARNING 'schemaguard is not in shared_preload_libraries: some DDL (EXPLAIN ANALYZE CREATE TABLE AS, REINDEX) is not checked in sessions that have not loaded it yet'
            USING HINT = 'Add schemaguard to shared_preload_libraries in postgresql.conf and restart the server.';
    END IF;
END;
$$;

-- waive()/classify() and their inverses refuse temporary tables: their rows would outlive
-- the table as dangling OIDs (which pg_dump writes out and a restore attaches to whatever
-- relation then has that OID). Temporary tables are never checked anyway.
CREATE OR REPLACE FUNCTION schemaguard.require_table_owner(rel regclass, caller regrole, action text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    owner oid;
    kind "char";
    persistence "char";
    schema name;
BEGIN
    SELECT c.relowner, c.relkind, c.relpersistence, n.nspname INTO owner, kind, persistence, schema
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = rel;
    IF kind IS NULL OR kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'schemaguard: % is not a table', rel USING ERRCODE = 'wrong_object_type';
    END IF;
    IF persistence = 't' THEN
        RAISE EXCEPTION 'schemaguard: table % is temporary: schemaguard does not check temporary tables', rel
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = 'A waiver or class would outlive the table as a dangling reference.';
    END IF;
    IF schema IN ('pg_catalog', 'information_schema', 'schemaguard') OR schema LIKE 'pg\_toast%' THEN
        RAISE EXCEPTION 'schemaguard: table % is not checked by schemaguard', rel
            USING ERRCODE = 'wrong_object_type';
    END IF;
    IF NOT pg_catalog.pg_has_role(caller, owner, 'USAGE') THEN
        RAISE EXCEPTION 'schemaguard: only the owner of table % or a superuser may %', rel, action
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END;
$$;

-- == Coexistence (issue 10) ==

-- == Citus (issue 11) ==

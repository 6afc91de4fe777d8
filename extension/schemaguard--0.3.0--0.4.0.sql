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
-- A third table class, exempt: out of scope, no rule checks the table. Only a superuser
-- grants it, by table (classify), by pattern (classify_pattern) or by preset (the
-- bookkeeping tables of one migration tool or operational extension, enable_preset).
-- Who granted a class, and when, is recorded.
ALTER TABLE schemaguard.table_classes
    DROP CONSTRAINT table_classes_class_check,
    ADD CONSTRAINT table_classes_class_check CHECK (class IN ('entity', 'internal', 'exempt')),
    ADD COLUMN classified_by text,
    ADD COLUMN classified_at timestamptz;
ALTER TABLE schemaguard.class_patterns
    DROP CONSTRAINT class_patterns_class_check,
    ADD CONSTRAINT class_patterns_class_check CHECK (class IN ('entity', 'internal', 'exempt')),
    ADD COLUMN classified_by text,
    ADD COLUMN classified_at timestamptz;

CREATE OR REPLACE FUNCTION schemaguard.require_class(class text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF class IS NULL OR class NOT IN ('entity', 'internal', 'exempt') THEN
        RAISE EXCEPTION 'schemaguard: unknown table class "%"', class
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The classes are: entity, internal, exempt.';
    END IF;
END;
$$;

-- The caller of a SECURITY DEFINER function is a superuser (CURRENT_USER there is the
-- definer, so require_superuser cannot tell).
CREATE FUNCTION schemaguard.require_calling_superuser(action text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = schemaguard.calling_role()) THEN
        RAISE EXCEPTION 'schemaguard: only a superuser may %', action
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A table owner may classify a table as entity or internal; exempt takes it out of scope.';
    END IF;
END;
$$;
REVOKE EXECUTE ON FUNCTION schemaguard.require_calling_superuser(text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION schemaguard.classify(rel regclass, class text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_table_owner(rel, schemaguard.calling_role(), 'classify it');
    PERFORM schemaguard.require_class(class);
    IF class = 'exempt' THEN
        PERFORM schemaguard.require_calling_superuser(pg_catalog.format('exempt table %s', rel));
    END IF;
    INSERT INTO schemaguard.table_classes AS t (relid, class, classified_by, classified_at)
    VALUES (rel, classify.class, schemaguard.calling_role()::text, pg_catalog.now())
    ON CONFLICT ON CONSTRAINT table_classes_pkey DO UPDATE
        SET class = EXCLUDED.class, classified_by = EXCLUDED.classified_by, classified_at = EXCLUDED.classified_at;
END;
$$;

CREATE OR REPLACE FUNCTION schemaguard.classify_pattern(pattern text, class text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_superuser('classify tables by pattern');
    PERFORM schemaguard.require_class(class);
    IF pattern IS NULL OR pattern !~ '^[^.]+\.[^.]+$' THEN
        RAISE EXCEPTION 'schemaguard: pattern "%" is not of the form schema.table', pattern
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use * as a wildcard, e.g. ''public.*_tokens''.';
    END IF;
    INSERT INTO schemaguard.class_patterns AS p (pattern, class, position, classified_by, classified_at)
    VALUES (classify_pattern.pattern, classify_pattern.class,
            (SELECT COALESCE(max(q.position), 0) + 1 FROM schemaguard.class_patterns AS q),
            CURRENT_USER, pg_catalog.now())
    ON CONFLICT ON CONSTRAINT class_patterns_pkey DO UPDATE
        SET class = EXCLUDED.class, classified_by = EXCLUDED.classified_by, classified_at = EXCLUDED.classified_at;
END;
$$;

-- Presets: the real table names of each tool, from the library (presets.cpp).
CREATE FUNCTION schemaguard.preset_catalog(
    OUT preset text, OUT tool text, OUT default_schema text, OUT table_name text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_preset_catalog' LANGUAGE C IMMUTABLE;

-- Enabled presets: their tables in schema_name are exempt, whoever creates them.
CREATE TABLE schemaguard.preset_entries (
    preset      text NOT NULL,
    schema_name text NOT NULL,
    enabled_by  text NOT NULL DEFAULT CURRENT_USER,
    enabled_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (preset, schema_name)
);
SELECT pg_catalog.pg_extension_config_dump('schemaguard.preset_entries', '');
REVOKE ALL ON schemaguard.preset_entries FROM PUBLIC;
GRANT SELECT ON schemaguard.preset_entries TO PUBLIC;

CREATE FUNCTION schemaguard.require_preset(preset text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM schemaguard.preset_catalog() AS c WHERE c.preset = require_preset.preset) THEN
        RAISE EXCEPTION 'schemaguard: unknown preset "%"', preset
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The presets are: ' || (SELECT string_agg(DISTINCT c.preset, ', ') FROM schemaguard.preset_catalog() AS c)
                         || '. SELECT * FROM schemaguard.presets shows their tables.';
    END IF;
END;
$$;

-- Superuser only. schema_name: where the tool keeps its tables, when not in the preset's
-- default schema (required for postgis_topology: the topology's schema).
CREATE FUNCTION schemaguard.enable_preset(preset text, schema_name text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target text;
BEGIN
    PERFORM schemaguard.require_superuser('enable a preset');
    PERFORM schemaguard.require_preset(preset);
    target := COALESCE(enable_preset.schema_name,
                       (SELECT c.default_schema FROM schemaguard.preset_catalog() AS c
                        WHERE c.preset = enable_preset.preset LIMIT 1));
    IF target IS NULL OR target = '' THEN
        RAISE EXCEPTION 'schemaguard: preset "%" needs a schema', preset
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = pg_catalog.format('Name the schema its tables are in, e.g. SELECT schemaguard.enable_preset(%L, ''city_data'');', preset);
    END IF;
    INSERT INTO schemaguard.preset_entries AS e (preset, schema_name, enabled_by, enabled_at)
    VALUES (enable_preset.preset, target, CURRENT_USER, pg_catalog.now())
    ON CONFLICT ON CONSTRAINT preset_entries_pkey DO UPDATE
        SET enabled_by = EXCLUDED.enabled_by, enabled_at = EXCLUDED.enabled_at;
END;
$$;

-- Superuser only. Without schema_name, in every schema it was enabled for. Returns how
-- many (preset, schema) entries were removed; their tables are in scope again.
CREATE FUNCTION schemaguard.disable_preset(preset text, schema_name text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed integer;
BEGIN
    PERFORM schemaguard.require_superuser('disable a preset');
    PERFORM schemaguard.require_preset(preset);
    DELETE FROM schemaguard.preset_entries AS e
    WHERE e.preset = disable_preset.preset
      AND (disable_preset.schema_name IS NULL OR e.schema_name = disable_preset.schema_name);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END;
$$;

-- Every preset: its tables (in the schema it is enabled for, else its default schema),
-- whether it is enabled, by whom and when. One row per schema it is enabled for.
CREATE VIEW schemaguard.presets AS
    WITH catalog AS (
        SELECT c.preset, min(c.tool) AS tool, min(c.default_schema) AS default_schema,
               array_agg(c.table_name ORDER BY c.n) AS tables, min(c.n) AS n
        FROM schemaguard.preset_catalog() WITH ORDINALITY AS c(preset, tool, default_schema, table_name, n)
        GROUP BY c.preset
    )
    SELECT c.preset, c.tool, COALESCE(e.schema_name, c.default_schema) AS schema_name,
           ARRAY(SELECT COALESCE(e.schema_name, c.default_schema, '<schema>') || '.' || t
                 FROM pg_catalog.unnest(c.tables) AS t) AS tables,
           e.preset IS NOT NULL AS enabled, e.enabled_by, e.enabled_at
    FROM catalog AS c
    LEFT JOIN schemaguard.preset_entries AS e ON e.preset = c.preset
    ORDER BY c.n, e.schema_name;
GRANT SELECT ON schemaguard.presets TO PUBLIC;

-- The existing tables that are out of scope by configuration, and why.
CREATE FUNCTION schemaguard.exempt_tables(
    OUT schema_name text, OUT table_name text, OUT source text, OUT source_name text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_exempt_tables' LANGUAGE C STABLE;

CREATE VIEW schemaguard.exemptions AS
    SELECT x.schema_name, x.table_name,
           CASE x.source WHEN 'classify' THEN 'classify' ELSE x.source || ' ' || x.source_name END AS exempted_by,
           COALESCE(t.classified_by, e.enabled_by, p.classified_by) AS granted_by,
           COALESCE(t.classified_at, e.enabled_at, p.classified_at) AS granted_at
    FROM schemaguard.exempt_tables() AS x
    LEFT JOIN schemaguard.table_classes AS t
        ON x.source = 'classify' AND t.relid = pg_catalog.format('%I.%I', x.schema_name, x.table_name)::regclass
    LEFT JOIN schemaguard.preset_entries AS e
        ON x.source = 'preset' AND e.preset = x.source_name AND e.schema_name = x.schema_name
    LEFT JOIN schemaguard.class_patterns AS p ON x.source = 'pattern' AND p.pattern = x.source_name
    ORDER BY x.schema_name, x.table_name;
GRANT SELECT ON schemaguard.exemptions TO PUBLIC;

-- A partition detached from its parent (ALTER TABLE ... DETACH PARTITION, pg_partman's
-- retention with retention_keep_table) becomes a table of its own and is checked again.
-- It keeps what it had as a partition: its parent's explicit class (except exempt, which
-- only a superuser grants table by table) and waivers, and primary_key accepts the
-- parent's partition key columns in its key, as when it was attached; index_naming does
-- not judge the indexes PostgreSQL made for it as partitions of its parent's indexes (a
-- partition's own other indexes are judged after the detach). Recorded by the event
-- triggers (the library calls record_detached_partition; nobody else may).
CREATE TABLE schemaguard.former_partitions (
    relid       regclass PRIMARY KEY,
    parent_name text NOT NULL,
    key_columns text[] NOT NULL,
    index_names text[] NOT NULL,
    detached_by text NOT NULL,
    detached_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
SELECT pg_catalog.pg_extension_config_dump('schemaguard.former_partitions', '');
REVOKE ALL ON schemaguard.former_partitions FROM PUBLIC;
GRANT SELECT ON schemaguard.former_partitions TO PUBLIC;

-- index_names: the partition's indexes that were partitions of its parent's indexes,
-- read by the ddl_command_start trigger before DETACH removed that link.
CREATE FUNCTION schemaguard.record_detached_partition(partition regclass, parent regclass, index_names text[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keys text[];
BEGIN
    SELECT array_agg(a.attname::text ORDER BY k.n) INTO keys
    FROM pg_catalog.pg_partitioned_table AS p
    CROSS JOIN LATERAL pg_catalog.unnest(p.partattrs::int2[]) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = p.partrelid AND a.attnum = k.attnum
    WHERE p.partrelid = parent AND k.attnum <> 0;
    IF keys IS NULL OR (SELECT c.relispartition FROM pg_catalog.pg_class AS c WHERE c.oid = partition) THEN
        RETURN;
    END IF;
    INSERT INTO schemaguard.former_partitions AS f (relid, parent_name, key_columns, index_names, detached_by)
    VALUES (partition, parent::text, keys,
            ARRAY(SELECT n FROM pg_catalog.unnest(COALESCE(record_detached_partition.index_names, '{}')) AS n ORDER BY 1),
            schemaguard.calling_role()::text)
    ON CONFLICT ON CONSTRAINT former_partitions_pkey DO UPDATE
        SET parent_name = EXCLUDED.parent_name, key_columns = EXCLUDED.key_columns, index_names = EXCLUDED.index_names,
            detached_by = EXCLUDED.detached_by, detached_at = EXCLUDED.detached_at;
    INSERT INTO schemaguard.table_classes (relid, class, classified_by, classified_at)
    SELECT partition, t.class, t.classified_by, pg_catalog.now()
    FROM schemaguard.table_classes AS t
    WHERE t.relid = parent AND t.class <> 'exempt'
    ON CONFLICT ON CONSTRAINT table_classes_pkey DO NOTHING;
    INSERT INTO schemaguard.waiver_entries (relid, rule, reason, expires, created_by)
    SELECT partition, w.rule, w.reason || ' (waived on ' || parent::text || ', kept on detach)', w.expires, w.created_by
    FROM schemaguard.waiver_entries AS w
    WHERE w.relid = parent
    ON CONFLICT ON CONSTRAINT waiver_entries_pkey DO NOTHING;
END;
$$;
REVOKE EXECUTE ON FUNCTION schemaguard.record_detached_partition(regclass, regclass, text[]) FROM PUBLIC;

CREATE FUNCTION schemaguard.on_ddl_command_start() RETURNS event_trigger
AS 'MODULE_PATHNAME', 'schemaguard_ddl_command_start' LANGUAGE C;
REVOKE EXECUTE ON FUNCTION schemaguard.on_ddl_command_start() FROM PUBLIC;
CREATE EVENT TRIGGER schemaguard_ddl_command_start ON ddl_command_start WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION schemaguard.on_ddl_command_start();

-- Configuration of a dropped table disappears with it (now with its former-partition record).
CREATE OR REPLACE FUNCTION schemaguard.forget_dropped_tables() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    dropped oid[];
BEGIN
    SELECT array_agg(d.objid) INTO dropped FROM pg_event_trigger_dropped_objects() AS d
    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
      AND d.object_type IN ('table', 'partitioned table');
    IF dropped IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM schemaguard.table_classes WHERE relid::oid = ANY (dropped);
    DELETE FROM schemaguard.waiver_entries WHERE relid::oid = ANY (dropped);
    DELETE FROM schemaguard.baseline_entries WHERE relid::oid = ANY (dropped);
    DELETE FROM schemaguard.former_partitions WHERE relid::oid = ANY (dropped);
END;
$$;

-- == Citus (issue 11) ==
-- No SQL objects: Citus's catalogs are read by name at run time (extension/citus.cpp), so the
-- same scripts install with or without Citus, before or after it.

-- == Read by the client: the scope and the rule order are the extension's ==
-- Every table in scope with its class, in schema, table order; a partition is judged only
-- by the rules that judge partitions (its own foreign keys, fk_on_delete).
CREATE FUNCTION schemaguard.tables_in_scope(OUT schema_name text, OUT table_name text, OUT class text,
    OUT is_partition boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_tables_in_scope' LANGUAGE C STABLE;

-- explain(rule): what a rule requires and why, its severity in force, a compliant example,
-- how to waive it.
CREATE FUNCTION schemaguard.explain(rule text) RETURNS text
AS 'MODULE_PATHNAME', 'schemaguard_explain' LANGUAGE C STABLE STRICT;

-- == Rules and cost (issue 9b) ==

-- A baseline entry records what its finding's object is (engine.cpp baseline_key): for a
-- foreign key its columns, referenced table and columns and ON DELETE action, so that
-- another foreign key added under a baselined one's name is a new violation. Empty for
-- findings whose object name and message say it all.
CREATE FUNCTION schemaguard.baseline_findings(
    OUT schema_name text, OUT table_name text, OUT rule text, OUT object_name text,
    OUT message text, OUT identity text, OUT status text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_baseline_findings' LANGUAGE C STABLE;
REVOKE EXECUTE ON FUNCTION schemaguard.baseline_findings() FROM PUBLIC;

ALTER TABLE schemaguard.baseline_entries ADD COLUMN identity text NOT NULL DEFAULT '';
ALTER TABLE schemaguard.baseline_entries DROP CONSTRAINT baseline_entries_pkey,
    ADD PRIMARY KEY (relid, rule, object_name, message, identity);

-- Entries recorded before 0.4.0 grandfathered the objects there now: they get those
-- objects' identities. An entry that matches no current finding keeps an empty identity
-- and so matches only findings without one (a foreign key finding of a key added later
-- under the same name is new).
UPDATE schemaguard.baseline_entries AS b SET identity = f.identity
FROM schemaguard.baseline_findings() AS f
WHERE b.relid = pg_catalog.format('%I.%I', f.schema_name, f.table_name)::regclass
  AND b.rule = f.rule AND b.object_name = COALESCE(f.object_name, '') AND b.message = f.message
  AND f.identity <> '';

CREATE OR REPLACE FUNCTION schemaguard.baseline() RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    recorded integer;
BEGIN
    PERFORM schemaguard.require_superuser('record a baseline');
    DELETE FROM schemaguard.baseline_entries;
    INSERT INTO schemaguard.baseline_entries (relid, rule, object_name, message, identity)
    SELECT DISTINCT pg_catalog.format('%I.%I', f.schema_name, f.table_name)::regclass,
           f.rule, COALESCE(f.object_name, ''), f.message, f.identity
    FROM schemaguard.baseline_findings() AS f
    WHERE f.status IN ('open', 'baselined');
    GET DIAGNOSTICS recorded = ROW_COUNT;
    RETURN recorded;
END;
$$;

-- == Policy: rule parameters (issue 12) ==
-- A rule's parameters are declared in its own definition (extension/rules/<rule>.cpp,
-- Rule::parameters) and listed by rule_parameter_catalog(). The values are stored as
-- names (functions schema-qualified, "public.uuid_generate_v4()"), so that pg_dump and a
-- restore carry them and the configuration reader (config.cpp) resolves them to OIDs
-- anew. No row: the V1 definition.
CREATE TABLE schemaguard.rule_parameters (
    rule text NOT NULL,
    parameter text NOT NULL,
    value text[] NOT NULL,
    set_by name NOT NULL DEFAULT CURRENT_USER,
    set_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (rule, parameter)
);
SELECT pg_catalog.pg_extension_config_dump('schemaguard.rule_parameters', '');
REVOKE ALL ON schemaguard.rule_parameters FROM PUBLIC;
GRANT SELECT ON schemaguard.rule_parameters TO PUBLIC;

CREATE FUNCTION schemaguard.rule_parameter_catalog(
    OUT rule text, OUT parameter text, OUT kind text, OUT returns text, OUT description text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_rule_parameter_catalog' LANGUAGE C IMMUTABLE;

-- The rules with their effective severity and their parameters in force: each declared
-- parameter and its value (an empty array when not set, i.e. V1).
CREATE OR REPLACE VIEW schemaguard.rules AS
    SELECT r.rule, COALESCE(s.severity, r.default_severity) AS severity, r.description,
           COALESCE((SELECT pg_catalog.jsonb_object_agg(c.parameter,
                                                        COALESCE(pg_catalog.to_jsonb(p.value), '[]'::jsonb))
                     FROM schemaguard.rule_parameter_catalog() AS c
                     LEFT JOIN schemaguard.rule_parameters AS p
                            ON p.rule = c.rule AND p.parameter = c.parameter
                     WHERE c.rule = r.rule), '{}'::jsonb) AS parameters
    FROM schemaguard.rule_catalog() AS r
    LEFT JOIN schemaguard.rule_severity AS s ON s.rule = r.rule;

-- set_rule_parameter(rule, parameter, value): a superuser sets one parameter of one rule,
-- replacing its value. Validated here, whole or not at all: a kind 'functions of no
-- arguments' value lists existing functions, each with its empty argument list, of no
-- arguments and returning the declared type.
CREATE FUNCTION schemaguard.set_rule_parameter(rule text, parameter text, value text[]) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    declared record;
    item text;
    fn regprocedure;
    proc record;
    canonical text[] := '{}';
BEGIN
    PERFORM schemaguard.require_superuser('set a rule parameter');
    PERFORM schemaguard.require_rule(rule);
    SELECT c.kind, c.returns INTO declared FROM schemaguard.rule_parameter_catalog() AS c
    WHERE c.rule = set_rule_parameter.rule AND c.parameter = set_rule_parameter.parameter;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'schemaguard: rule "%" has no parameter "%"', rule, parameter
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = COALESCE('Its parameters are: ' || (SELECT string_agg(c.parameter, ', ')
                                   FROM schemaguard.rule_parameter_catalog() AS c
                                   WHERE c.rule = set_rule_parameter.rule) || '.',
                                  'It takes no parameters; the rules that do: ' ||
                                  (SELECT string_agg(c.rule || '.' || c.parameter, ', ')
                                   FROM schemaguard.rule_parameter_catalog() AS c) || '.');
    END IF;
    IF value IS NULL OR pg_catalog.cardinality(value) = 0 OR pg_catalog.array_position(value, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'schemaguard: the value of %.% must be a non-empty array without NULLs', rule, parameter
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('To go back to the V1 definition: SELECT schemaguard.reset_rule_parameter(%L, %L);',
                                rule, parameter);
    END IF;
    -- kind: functions of no arguments (the only kind in this version)
    FOREACH item IN ARRAY value LOOP
        BEGIN
            fn := pg_catalog.to_regprocedure(item);
        EXCEPTION WHEN syntax_error OR invalid_text_representation OR invalid_name
                       OR undefined_object OR invalid_parameter_value THEN
            fn := NULL;
        END;
        IF fn IS NULL THEN
            RAISE EXCEPTION 'schemaguard: %.%: no function "%"', rule, parameter, item
                USING ERRCODE = 'undefined_function',
                      HINT = 'Name an existing function with its empty argument list, schema-qualified, '
                             'e.g. ''public.uuid_generate_v4()''.';
        END IF;
        SELECT p.pronargs, p.prorettype, p.proretset, p.prokind, n.nspname, p.proname INTO proc
        FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
        WHERE p.oid = fn;
        IF proc.prokind <> 'f' OR proc.pronargs <> 0 THEN
            RAISE EXCEPTION 'schemaguard: %.%: % is not a function of no arguments', rule, parameter, fn
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'A column default calls it with no arguments: give a function that takes none.';
        END IF;
        IF proc.prorettype <> declared.returns::regtype OR proc.proretset THEN
            RAISE EXCEPTION 'schemaguard: %.%: function % returns %, expected %', rule, parameter, fn,
                  CASE WHEN proc.proretset THEN 'SETOF ' ELSE '' END || proc.prorettype::regtype::text,
                  declared.returns::regtype
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT format('%I.%I()', proc.nspname, proc.proname) = ANY (canonical) THEN
            canonical := canonical || format('%I.%I()', proc.nspname, proc.proname);
        END IF;
    END LOOP;
    INSERT INTO schemaguard.rule_parameters AS p (rule, parameter, value)
    VALUES (set_rule_parameter.rule, set_rule_parameter.parameter, canonical)
    ON CONFLICT ON CONSTRAINT rule_parameters_pkey
    DO UPDATE SET value = EXCLUDED.value, set_by = CURRENT_USER, set_at = pg_catalog.now();
END;
$$;

-- reset_rule_parameter(rule, parameter): back to the V1 definition for that parameter.
CREATE FUNCTION schemaguard.reset_rule_parameter(rule text, parameter text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_superuser('reset a rule parameter');
    PERFORM schemaguard.require_rule(rule);
    IF NOT EXISTS (SELECT FROM schemaguard.rule_parameter_catalog() AS c
                   WHERE c.rule = reset_rule_parameter.rule AND c.parameter = reset_rule_parameter.parameter) THEN
        RAISE EXCEPTION 'schemaguard: rule "%" has no parameter "%"', rule, parameter
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM schemaguard.rule_parameters AS p
    WHERE p.rule = reset_rule_parameter.rule AND p.parameter = reset_rule_parameter.parameter;
END;
$$;

-- schemaguard 0.3.0 -> 0.4.0: closing the ways past the guard, coexistence with the tools
-- teams already run (exemptions that exist before their tables, presets), and Citus.
\echo Use "ALTER EXTENSION schemaguard UPDATE TO '0.4.0'" to load this file. \quit

-- == Security (issue 9) ==

-- == Coexistence (issue 10) ==

-- == Citus (issue 11) ==

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

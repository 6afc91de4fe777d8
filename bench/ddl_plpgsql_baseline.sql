-- The hand-written baseline of the DDL-overhead benchmark (bench/ddl_overhead.sh):
-- what a team would write without schemaguard, a PL/pgSQL event trigger.
--
-- What it does, per DDL command (ddl_command_end):
--   1. reads pg_event_trigger_ddl_commands(), keeps the objects in pg_class, and maps
--      each to its table (an index to the table it indexes), once per table;
--   2. runs bench_baseline.violations_of(table) for each: the query of
--      tests/oracle/v1_violations.sql restricted to that table (same scope, same five
--      error rules primary_key, timestamps, soft_delete, fk_on_delete, index_naming;
--      the warning rule fk_index is left out: it never blocks), in a PL/pgSQL function,
--      so its plan is prepared once per session and reused;
--   3. RAISEs 42P17 listing the violations if there are any.
-- PL/pgSQL cannot run at commit, so it judges every statement as it ends, not the
-- committed shape once per table as schemaguard does: a table built in three statements
-- is checked three times, and a migration that is only compliant at its end is rejected.
-- The benchmark schema (bench/ddl_schema.sh) is compliant after every statement.
--
-- Run with psql: psql -v bench_dir=/path/to/bench -f ddl_plpgsql_baseline.sql
\set rules_query `cat :bench_dir/../tests/oracle/v1_violations.sql`

CREATE SCHEMA bench_baseline;

SELECT format($create$
CREATE FUNCTION bench_baseline.violations_of(rel oid) RETURNS SETOF text
LANGUAGE plpgsql STABLE AS %L
$create$, format($body$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT v.rule || ': table ' || quote_ident(v.schema_name) || '.' || quote_ident(v.table_name)
           || ': ' || v.message
    FROM (%s) v
    WHERE v.rule <> 'fk_index';
END
$body$, replace(regexp_replace(:'rules_query', ';\s*$', ''), '/*scope*/', 'AND c.oid = rel')))
\gexec

CREATE FUNCTION bench_baseline.on_ddl_command_end() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
    tables oid[];
    problems text[];
BEGIN
    SELECT array_agg(DISTINCT coalesce(i.indrelid, c.oid)) INTO tables
    FROM pg_catalog.pg_event_trigger_ddl_commands() cmd
    JOIN pg_catalog.pg_class c ON c.oid = cmd.objid
    LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
    WHERE cmd.classid = 'pg_catalog.pg_class'::regclass AND c.relkind IN ('r', 'p', 'i', 'I');
    IF tables IS NULL THEN
        RETURN;
    END IF;
    SELECT array_agg(v.problem) INTO problems
    FROM unnest(tables) t (relid)
    CROSS JOIN LATERAL bench_baseline.violations_of(t.relid) v (problem);
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION 'bench baseline: % violations of the V1 invariants', cardinality(problems)
            USING ERRCODE = 'invalid_object_definition', DETAIL = array_to_string(problems, E'\n');
    END IF;
END
$$;

CREATE EVENT TRIGGER bench_baseline_ddl_command_end ON ddl_command_end
    EXECUTE FUNCTION bench_baseline.on_ddl_command_end();

-- schemaguard 0.3.0 -> 0.4.0: closing the ways past the guard, coexistence with the tools
-- teams already run (exemptions that exist before their tables, presets), and Citus.
\echo Use "ALTER EXTENSION schemaguard UPDATE TO '0.4.0'" to load this file. \quit

-- == Security (issue 9) ==

-- == Coexistence (issue 10) ==

-- == Citus (issue 11) ==

-- == Read by the client: the scope and the rule order are the extension's ==
-- Every table in scope with its class, in schema, table order.
CREATE FUNCTION schemaguard.tables_in_scope(OUT schema_name text, OUT table_name text, OUT class text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_tables_in_scope' LANGUAGE C STABLE;

-- explain(rule): what a rule requires and why, its severity in force, a compliant example,
-- how to waive it.
CREATE FUNCTION schemaguard.explain(rule text) RETURNS text
AS 'MODULE_PATHNAME', 'schemaguard_explain' LANGUAGE C STABLE STRICT;

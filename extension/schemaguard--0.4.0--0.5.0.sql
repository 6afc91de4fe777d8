-- schemaguard 0.4.0 -> 0.5.0: policy as data (issue 12): every kind of rule parameter
-- (functions, types, column names, words, name templates), validated when set by the
-- rule's own definition, and shown in the rules view, compliance() and explain().
\echo Use "ALTER EXTENSION schemaguard UPDATE TO '0.5.0'" to load this file. \quit

-- The catalog says what a client or explain needs of each parameter: its kind (kind: the
-- words explain() uses; kind_code: functions, types, names, choices or template), what
-- functions must return, what it changes, the V1 value it replaces, how many values it
-- takes (0: any number; 1: exactly one) and, for words, the accepted ones. Its first five
-- columns are those of 0.4.0 (the configuration reader of a newer library reads those).
-- New OUT columns: DROP and CREATE, with the view that depends on it.
DROP VIEW schemaguard.rules;
DROP FUNCTION schemaguard.rule_parameter_catalog();
CREATE FUNCTION schemaguard.rule_parameter_catalog(
    OUT rule text, OUT parameter text, OUT kind text, OUT returns text, OUT description text,
    OUT v1_value text, OUT max_values integer, OUT choices text[], OUT kind_code text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_rule_parameter_catalog' LANGUAGE C IMMUTABLE;

-- The rules with their effective severity and their parameters: parameters maps each
-- declared parameter to its value as set (an empty array when not set, i.e. V1), and
-- v1_parameters to the V1 value it replaces (as explain() words it).
CREATE VIEW schemaguard.rules AS
    SELECT r.rule, COALESCE(s.severity, r.default_severity) AS severity, r.description,
           COALESCE((SELECT pg_catalog.jsonb_object_agg(c.parameter,
                                                        COALESCE(pg_catalog.to_jsonb(p.value), '[]'::jsonb))
                     FROM schemaguard.rule_parameter_catalog() AS c
                     LEFT JOIN schemaguard.rule_parameters AS p
                            ON p.rule = c.rule AND p.parameter = c.parameter
                     WHERE c.rule = r.rule), '{}'::jsonb) AS parameters,
           COALESCE((SELECT pg_catalog.jsonb_object_agg(c.parameter, c.v1_value)
                     FROM schemaguard.rule_parameter_catalog() AS c
                     WHERE c.rule = r.rule), '{}'::jsonb) AS v1_parameters
    FROM schemaguard.rule_catalog() AS r
    LEFT JOIN schemaguard.rule_severity AS s ON s.rule = r.rule;
GRANT SELECT ON schemaguard.rules TO PUBLIC;

-- compliance(): a last column, the parameters set for each rule ({"parameter": [values]},
-- {} while the rule applies its V1 definition).
DROP FUNCTION schemaguard.compliance();
CREATE FUNCTION schemaguard.compliance(
    OUT rule text, OUT description text, OUT status text, OUT tables_checked integer,
    OUT violations integer, OUT waived integer, OUT notes text, OUT parameters jsonb)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_compliance' LANGUAGE C STABLE;

-- The checks of a value that need no server, by the rule's own definition (count, column
-- names, words, templates): one row with the message and hint of what is wrong (NULL when
-- nothing) and the value to store (words in lower case).
CREATE FUNCTION schemaguard.rule_parameter_problem(rule text, parameter text, value text[],
    OUT message text, OUT hint text, OUT canonical text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'schemaguard_rule_parameter_problem' LANGUAGE C IMMUTABLE STRICT;

-- set_rule_parameter(rule, parameter, value): a superuser sets one parameter of one rule,
-- replacing its value. Validated here, whole or not at all: first by the rule's definition
-- (rule_parameter_problem), then, for functions, each an existing function of no
-- arguments returning the declared type (stored schema-qualified, once each), and for
-- types, each an existing type (stored as format_type spells it, once each).
CREATE OR REPLACE FUNCTION schemaguard.set_rule_parameter(rule text, parameter text, value text[]) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    declared record;
    problem record;
    item text;
    fn regprocedure;
    typ regtype;
    proc record;
    canonical text[] := '{}';
BEGIN
    PERFORM schemaguard.require_superuser('set a rule parameter');
    PERFORM schemaguard.require_rule(rule);
    SELECT c.kind_code, c.returns INTO declared FROM schemaguard.rule_parameter_catalog() AS c
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
    SELECT * INTO problem FROM schemaguard.rule_parameter_problem(rule, parameter, value);
    IF problem.message IS NOT NULL THEN
        RAISE EXCEPTION '%', problem.message
            USING ERRCODE = 'invalid_parameter_value', HINT = COALESCE(problem.hint, '');
    END IF;
    IF declared.kind_code = 'functions' THEN
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
    ELSIF declared.kind_code = 'types' THEN
        FOREACH item IN ARRAY value LOOP
            BEGIN
                typ := pg_catalog.to_regtype(item);
            EXCEPTION WHEN syntax_error OR invalid_text_representation OR invalid_name
                           OR undefined_object OR invalid_parameter_value THEN
                typ := NULL;
            END;
            IF typ IS NULL THEN
                RAISE EXCEPTION 'schemaguard: %.%: no type "%"', rule, parameter, item
                    USING ERRCODE = 'undefined_object',
                          HINT = 'Name an existing type, schema-qualified unless it is built in, '
                                 'e.g. ''bigint'' or ''public.account_id''.';
            END IF;
            -- Outside pg_catalog format_type qualifies the name: this function's search_path.
            IF NOT pg_catalog.format_type(typ, NULL) = ANY (canonical) THEN
                canonical := canonical || pg_catalog.format_type(typ, NULL);
            END IF;
        END LOOP;
    ELSE
        canonical := problem.canonical;
    END IF;
    INSERT INTO schemaguard.rule_parameters AS p (rule, parameter, value)
    VALUES (set_rule_parameter.rule, set_rule_parameter.parameter, canonical)
    ON CONFLICT ON CONSTRAINT rule_parameters_pkey
    DO UPDATE SET value = EXCLUDED.value, set_by = CURRENT_USER, set_at = pg_catalog.now();
END;
$$;

-- The commit-time check caches the parameters per backend (extension/config.cpp): every change
-- of schemaguard.rule_parameters (by set_rule_parameter, reset_rule_parameter, a restore's COPY,
-- a superuser's own statement) invalidates the table's relcache entry, which tells every
-- backend to read them anew. A table without this trigger is read at every check.
CREATE FUNCTION schemaguard.rule_parameters_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'schemaguard_rule_parameters_changed' LANGUAGE C;
REVOKE ALL ON FUNCTION schemaguard.rule_parameters_changed() FROM PUBLIC;
CREATE TRIGGER rule_parameters_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemaguard.rule_parameters
    FOR EACH STATEMENT EXECUTE FUNCTION schemaguard.rule_parameters_changed();

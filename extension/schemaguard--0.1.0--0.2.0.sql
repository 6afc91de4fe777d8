-- schemaguard 0.1.0 -> 0.2.0: table classes, waivers, baseline and rule severities.
\echo Use "ALTER EXTENSION schemaguard UPDATE TO '0.2.0'" to load this file. \quit

-- Configuration. Tables are referenced by regclass: an entry follows its table
-- through renames, and pg_dump writes it as a name that a restore resolves again.
CREATE TABLE schemaguard.rule_severity (
    rule     text PRIMARY KEY,
    severity text NOT NULL CHECK (severity IN ('error', 'warning', 'off'))
);
CREATE TABLE schemaguard.table_classes (
    relid regclass PRIMARY KEY,
    class text NOT NULL CHECK (class IN ('entity', 'internal'))
);
CREATE TABLE schemaguard.class_patterns (
    pattern  text PRIMARY KEY,
    class    text NOT NULL CHECK (class IN ('entity', 'internal')),
    position integer NOT NULL UNIQUE
);
CREATE TABLE schemaguard.waiver_entries (
    relid      regclass NOT NULL,
    rule       text NOT NULL,
    reason     text NOT NULL CHECK (pg_catalog.btrim(reason) <> ''),
    expires    timestamptz,
    created_by text NOT NULL DEFAULT CURRENT_USER,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (relid, rule)
);
CREATE TABLE schemaguard.baseline_entries (
    relid       regclass NOT NULL,
    rule        text NOT NULL,
    object_name text NOT NULL,
    message     text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (relid, rule, object_name, message)
);
SELECT pg_catalog.pg_extension_config_dump('schemaguard.rule_severity', '');
SELECT pg_catalog.pg_extension_config_dump('schemaguard.table_classes', '');
SELECT pg_catalog.pg_extension_config_dump('schemaguard.class_patterns', '');
SELECT pg_catalog.pg_extension_config_dump('schemaguard.waiver_entries', '');
SELECT pg_catalog.pg_extension_config_dump('schemaguard.baseline_entries', '');
-- Everyone may read the configuration (the commit-time check reads it as the user
-- running the DDL); only the functions below, run by a superuser or as SECURITY
-- DEFINER after their own checks, write it.
REVOKE ALL ON schemaguard.rule_severity, schemaguard.table_classes, schemaguard.class_patterns,
    schemaguard.waiver_entries, schemaguard.baseline_entries FROM PUBLIC;
GRANT SELECT ON schemaguard.rule_severity, schemaguard.table_classes, schemaguard.class_patterns,
    schemaguard.waiver_entries, schemaguard.baseline_entries TO PUBLIC;

-- The rules with their effective severity.
CREATE OR REPLACE VIEW schemaguard.rules AS
    SELECT r.rule, COALESCE(s.severity, r.default_severity) AS severity, r.description
    FROM schemaguard.rule_catalog() AS r
    LEFT JOIN schemaguard.rule_severity AS s ON s.rule = r.rule;

CREATE VIEW schemaguard.waivers AS
    SELECT w.relid::text AS table_name, w.rule, w.reason, w.expires, w.created_by, w.created_at,
           (w.expires IS NOT NULL AND w.expires <= pg_catalog.now()) AS expired
    FROM schemaguard.waiver_entries AS w;
GRANT SELECT ON schemaguard.waivers TO PUBLIC;

-- Who may change what. calling_role() is CURRENT_USER of the caller even inside a
-- SECURITY DEFINER function (GetOuterUserId).
CREATE FUNCTION schemaguard.calling_role() RETURNS regrole
AS 'MODULE_PATHNAME', 'schemaguard_calling_role' LANGUAGE C STABLE;

CREATE FUNCTION schemaguard.require_superuser(action text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER) THEN
        RAISE EXCEPTION 'schemaguard: only a superuser may %', action
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END;
$$;

-- The table must be a table, and the caller its owner (has the privileges of the owning
-- role) or a superuser.
CREATE FUNCTION schemaguard.require_table_owner(rel regclass, caller regrole, action text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    owner oid;
    kind "char";
    schema name;
BEGIN
    SELECT c.relowner, c.relkind, n.nspname INTO owner, kind, schema
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = rel;
    IF kind IS NULL OR kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'schemaguard: % is not a table', rel USING ERRCODE = 'wrong_object_type';
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

CREATE FUNCTION schemaguard.require_rule(rule text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM schemaguard.rule_catalog() AS r WHERE r.rule = require_rule.rule) THEN
        RAISE EXCEPTION 'schemaguard: unknown rule "%"', rule
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The rules are: ' || (SELECT string_agg(r.rule, ', ') FROM schemaguard.rule_catalog() AS r);
    END IF;
END;
$$;

CREATE FUNCTION schemaguard.require_class(class text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF class IS NULL OR class NOT IN ('entity', 'internal') THEN
        RAISE EXCEPTION 'schemaguard: unknown table class "%"', class
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The classes are: entity, internal.';
    END IF;
END;
$$;

-- Rule severities: error (blocks in enforce mode), warning, off.
CREATE FUNCTION schemaguard.set_rule(rule text, severity text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_superuser('change a rule''s severity');
    PERFORM schemaguard.require_rule(rule);
    IF severity IS NULL OR severity NOT IN ('error', 'warning', 'off') THEN
        RAISE EXCEPTION 'schemaguard: unknown severity "%"', severity
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The severities are: error, warning, off.';
    END IF;
    INSERT INTO schemaguard.rule_severity AS s (rule, severity) VALUES (set_rule.rule, set_rule.severity)
    ON CONFLICT ON CONSTRAINT rule_severity_pkey DO UPDATE SET severity = EXCLUDED.severity;
END;
$$;

-- Table classes: explicit classification > first matching pattern > entity.
CREATE FUNCTION schemaguard.classify(rel regclass, class text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_table_owner(rel, schemaguard.calling_role(), 'classify it');
    PERFORM schemaguard.require_class(class);
    INSERT INTO schemaguard.table_classes AS t (relid, class) VALUES (rel, classify.class)
    ON CONFLICT ON CONSTRAINT table_classes_pkey DO UPDATE SET class = EXCLUDED.class;
END;
$$;

CREATE FUNCTION schemaguard.unclassify(rel regclass) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_table_owner(rel, schemaguard.calling_role(), 'unclassify it');
    DELETE FROM schemaguard.table_classes AS t WHERE t.relid = rel;
    RETURN FOUND;
END;
$$;

CREATE FUNCTION schemaguard.classify_pattern(pattern text, class text) RETURNS void
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
    INSERT INTO schemaguard.class_patterns AS p (pattern, class, position)
    VALUES (classify_pattern.pattern, classify_pattern.class,
            (SELECT COALESCE(max(q.position), 0) + 1 FROM schemaguard.class_patterns AS q))
    ON CONFLICT ON CONSTRAINT class_patterns_pkey DO UPDATE SET class = EXCLUDED.class;
END;
$$;

CREATE FUNCTION schemaguard.unclassify_pattern(pattern text) RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_superuser('remove a class pattern');
    DELETE FROM schemaguard.class_patterns AS p WHERE p.pattern = unclassify_pattern.pattern;
    RETURN FOUND;
END;
$$;

-- Waivers: documented debt. A waived violation is reported, never blocks.
CREATE FUNCTION schemaguard.waive(rel regclass, rule text, reason text, expires timestamptz DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_table_owner(rel, schemaguard.calling_role(), 'waive its rules');
    PERFORM schemaguard.require_rule(rule);
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'schemaguard: a waiver needs a reason'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Say why the debt is accepted, e.g. ''legacy bridge until the v2 cutover''.';
    END IF;
    IF expires IS NOT NULL AND expires <= now() THEN
        RAISE EXCEPTION 'schemaguard: the waiver would already be expired'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO schemaguard.waiver_entries AS w (relid, rule, reason, expires, created_by)
    VALUES (rel, waive.rule, waive.reason, waive.expires, schemaguard.calling_role()::text)
    ON CONFLICT ON CONSTRAINT waiver_entries_pkey DO UPDATE
        SET reason = EXCLUDED.reason, expires = EXCLUDED.expires,
            created_by = EXCLUDED.created_by, created_at = now();
END;
$$;

CREATE FUNCTION schemaguard.unwaive(rel regclass, rule text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM schemaguard.require_table_owner(rel, schemaguard.calling_role(), 'remove its waivers');
    DELETE FROM schemaguard.waiver_entries AS w WHERE w.relid = rel AND w.rule = unwaive.rule;
    RETURN FOUND;
END;
$$;

-- Baseline: grandfathers every current violation; from then on only new ones block.
-- Calling it again replaces the baseline with what is there now.
CREATE FUNCTION schemaguard.baseline() RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    recorded integer;
BEGIN
    PERFORM schemaguard.require_superuser('record a baseline');
    DELETE FROM schemaguard.baseline_entries;
    INSERT INTO schemaguard.baseline_entries (relid, rule, object_name, message)
    SELECT DISTINCT pg_catalog.format('%I.%I', v.schema_name, v.table_name)::regclass,
           v.rule, COALESCE(v.object_name, ''), v.message
    FROM schemaguard.violations() AS v
    WHERE v.status IN ('open', 'baselined');
    GET DIAGNOSTICS recorded = ROW_COUNT;
    RETURN recorded;
END;
$$;

-- Configuration of a dropped table disappears with it.
CREATE FUNCTION schemaguard.forget_dropped_tables() RETURNS event_trigger
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
END;
$$;
CREATE EVENT TRIGGER schemaguard_forget_dropped ON sql_drop
    EXECUTE FUNCTION schemaguard.forget_dropped_tables();

REVOKE EXECUTE ON FUNCTION schemaguard.forget_dropped_tables() FROM PUBLIC;

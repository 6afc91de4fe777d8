-- Upgrade path: every change to the SQL objects ships as schemaguard--A--B.sql.
-- Installing the first released version and updating gives the same objects as a
-- fresh install of the current one.
CREATE TEMP TABLE fresh AS
SELECT pg_describe_object(classid, objid, objsubid) AS object
FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'schemaguard');

SELECT name, version FROM pg_available_extension_versions WHERE name = 'schemaguard' ORDER BY version;
DROP EXTENSION schemaguard;
CREATE EXTENSION schemaguard VERSION '0.1.0';
SELECT extversion FROM pg_extension WHERE extname = 'schemaguard';
-- 0.1.0 enforces the five rules without any configuration tables
CREATE TABLE up_bad (a int);
SELECT rule, status FROM schemaguard.violations() LIMIT 0;

ALTER EXTENSION schemaguard UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'schemaguard';
SELECT object FROM fresh
EXCEPT
SELECT pg_describe_object(classid, objid, objsubid)
FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'schemaguard');
SELECT pg_describe_object(classid, objid, objsubid)
FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'schemaguard')
EXCEPT
SELECT object FROM fresh;
SELECT count(*) > 0 AS has_objects FROM fresh;
-- the updated extension keeps enforcing
CREATE TABLE up_bad (a int);
DROP TABLE fresh;
-- From 0.3.0 (before rule parameters) to the current version: every kind of parameter works
DROP EXTENSION schemaguard;
CREATE EXTENSION schemaguard VERSION '0.3.0';
ALTER EXTENSION schemaguard UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'schemaguard';
SELECT schemaguard.set_rule_parameter('primary_key', 'key_types', ARRAY['uuid', 'bigint']);
SELECT schemaguard.set_rule_parameter('primary_key', 'identity', ARRAY['always']);
SELECT schemaguard.set_rule_parameter('soft_delete', 'column', ARRAY['archived_at']);
CREATE TABLE up_keys (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz);
SELECT rule, parameters FROM schemaguard.compliance() WHERE parameters <> '{}' ORDER BY rule;
DROP TABLE up_keys;
SELECT schemaguard.reset_rule_parameter(rule, parameter) FROM schemaguard.rule_parameters;

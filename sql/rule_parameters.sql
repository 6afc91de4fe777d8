\set SHOW_CONTEXT never
-- Rule parameters (issue 12): V1 is the default; a superuser widens what primary_key and
-- timestamps accept as defaults, by function, validated when set.
CREATE SCHEMA rp_keys;
CREATE FUNCTION rp_keys.uuid_generate_v4() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()';
CREATE FUNCTION rp_keys.uuid_with_seed(seed int) RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()';
CREATE FUNCTION rp_keys.uuid_text() RETURNS text LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()::text';
CREATE FUNCTION rp_keys.app_clock() RETURNS timestamptz LANGUAGE sql STABLE AS 'SELECT now()';

-- nothing set: every rule's parameters are empty (V1)
SELECT rule, parameters FROM schemaguard.rules ORDER BY rule;
SELECT rule, parameter, kind, returns FROM schemaguard.rule_parameter_catalog();

-- V1: uuid_generate_v4() as the key's default is refused at commit
CREATE TABLE rp_tracks (id uuid PRIMARY KEY DEFAULT rp_keys.uuid_generate_v4(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);

-- set: names resolve without the caller's search_path (schema-qualified, or pg_catalog),
-- and are stored schema-qualified and once each
SET search_path = rp_keys, public;
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['uuid_generate_v4()']);
RESET search_path;
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults',
    ARRAY['"rp_keys".uuid_generate_v4()', 'gen_random_uuid()', 'rp_keys.uuid_generate_v4( )']);
SELECT rule, parameter, value, set_by FROM schemaguard.rule_parameters;
SELECT rule, parameters FROM schemaguard.rules WHERE rule = 'primary_key';

-- now accepted at commit
CREATE TABLE rp_tracks (id uuid PRIMARY KEY DEFAULT rp_keys.uuid_generate_v4(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
SELECT count(*) FROM schemaguard.violations() WHERE table_name = 'rp_tracks';
-- a cast around it is not the function itself
CREATE TABLE rp_cast (id uuid PRIMARY KEY DEFAULT (rp_keys.uuid_generate_v4()::text)::uuid,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);

-- timestamps.default_functions
CREATE TABLE rp_clock (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT rp_keys.app_clock(),
    updated_at timestamptz NOT NULL DEFAULT rp_keys.app_clock(), deleted_at timestamptz);
SELECT schemaguard.set_rule_parameter('timestamps', 'default_functions', ARRAY['rp_keys.app_clock()']);
CREATE TABLE rp_clock (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT rp_keys.app_clock(),
    updated_at timestamptz NOT NULL DEFAULT rp_keys.app_clock(), deleted_at timestamptz);
SELECT count(*) FROM schemaguard.violations() WHERE table_name = 'rp_clock';

-- explain() prints the parameters in force (read with the severities, in one query)
SELECT schemaguard.set_rule('timestamps', 'warning');
SELECT schemaguard.explain('primary_key');
SELECT schemaguard.explain('timestamps');
SELECT schemaguard.set_rule('timestamps', 'error');
DELETE FROM schemaguard.rule_severity;

-- bad values: nothing is stored
SELECT schemaguard.set_rule_parameter('no_such_rule', 'key_defaults', ARRAY['gen_random_uuid()']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_type', ARRAY['bigint']);
SELECT schemaguard.set_rule_parameter('fk_index', 'anything', ARRAY['x']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['rp_keys.no_such_function()']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['rp_keys.uuid_generate_v4']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['not a (function']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['rp_keys.uuid_with_seed(integer)']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['rp_keys.uuid_text()']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['rp_keys.app_clock()']);
SELECT schemaguard.set_rule_parameter('timestamps', 'default_functions', ARRAY['rp_keys.uuid_generate_v4()']);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['rp_keys.uuid_generate_v4()', NULL]);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY[]::text[]);
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', NULL);
SELECT schemaguard.reset_rule_parameter('primary_key', 'no_such_parameter');
SELECT rule, parameter, value FROM schemaguard.rule_parameters ORDER BY rule;

-- a non-superuser can read the parameters but not change them
CREATE ROLE rp_user;
SET ROLE rp_user;
SELECT rule, parameters FROM schemaguard.rules WHERE rule = 'timestamps';
SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', ARRAY['rp_keys.uuid_generate_v4()']);
SELECT schemaguard.reset_rule_parameter('primary_key', 'key_defaults');
DELETE FROM schemaguard.rule_parameters;
RESET ROLE;
DROP ROLE rp_user;

-- a stored function dropped since resolves to nothing: no error at commit
ALTER TABLE rp_clock ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN updated_at SET DEFAULT now();
DROP FUNCTION rp_keys.app_clock();
ALTER TABLE rp_tracks ADD COLUMN note text;

-- reset: back to V1, and the table is judged again as before
SELECT schemaguard.reset_rule_parameter('primary_key', 'key_defaults');
SELECT schemaguard.reset_rule_parameter('timestamps', 'default_functions');
SELECT count(*) FROM schemaguard.rule_parameters;
SELECT rule, parameters FROM schemaguard.rules WHERE rule IN ('primary_key', 'timestamps') ORDER BY rule;
SELECT rule, message FROM schemaguard.violations() WHERE table_name = 'rp_tracks';
ALTER TABLE rp_tracks ADD COLUMN more text;

DROP TABLE rp_tracks, rp_clock;
DROP SCHEMA rp_keys CASCADE;

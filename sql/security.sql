\set SHOW_CONTEXT never
-- A non-superuser that owns tables cannot get around the guard (SPEC §8).
CREATE ROLE sg_owner LOGIN;
CREATE ROLE sg_other LOGIN;
GRANT CREATE ON SCHEMA public TO sg_owner, sg_other;
SET ROLE sg_owner;
CREATE TABLE owned (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);

-- the owner may classify and waive its own table
SELECT schemaguard.classify('owned', 'internal');
SELECT schemaguard.waive('owned', 'index_naming', 'reporting index, renamed in Q3');
SELECT table_name, rule, created_by FROM schemaguard.waivers;

-- ...but may not change the mode or a severity, baseline, or add patterns
SET schemaguard.mode = off;
SELECT schemaguard.set_rule('primary_key', 'off');
SELECT schemaguard.baseline();
SELECT schemaguard.classify_pattern('public.*', 'internal');
SELECT schemaguard.unclassify_pattern('public.*');

-- ...nor write the configuration tables directly
INSERT INTO schemaguard.rule_severity VALUES ('primary_key', 'off');
INSERT INTO schemaguard.waiver_entries (relid, rule, reason) VALUES ('owned', 'primary_key', 'x');
DELETE FROM schemaguard.waiver_entries;
UPDATE schemaguard.table_classes SET class = 'entity';
INSERT INTO schemaguard.baseline_entries (relid, rule, object_name, message) VALUES ('owned', 'primary_key', '', 'x');
-- ...nor the migration state and its record of accepted changes
DELETE FROM schemaguard.migrations;
INSERT INTO schemaguard.checksum_acceptances (version, old_checksum, new_checksum) VALUES ('1', 'a', 'b');

-- ...nor disable, drop or replace the event triggers, or drop the extension
ALTER EVENT TRIGGER schemaguard_ddl_command_end DISABLE;
DROP EVENT TRIGGER schemaguard_ddl_command_end;
SET session_replication_role = replica;
DROP EXTENSION schemaguard;
CREATE OR REPLACE FUNCTION schemaguard.on_ddl_command_end() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION schemaguard.violations2() RETURNS int LANGUAGE sql AS 'SELECT 0';

-- ...nor call the internal helpers
SELECT schemaguard.forget_dropped_tables();
RESET ROLE;

-- another user may not waive or classify a table it does not own
SET ROLE sg_other;
SELECT schemaguard.waive('owned', 'primary_key', 'not mine');
SELECT schemaguard.unwaive('owned', 'index_naming');
SELECT schemaguard.classify('owned', 'entity');
SELECT schemaguard.unclassify('owned');
-- ...nor borrow the owner's identity through SET ROLE without membership
SET ROLE sg_owner;
RESET ROLE;

-- a member of the owning role acts as owner; SECURITY DEFINER does not hide the caller
GRANT sg_owner TO sg_other;
SET ROLE sg_other;
SELECT schemaguard.unwaive('owned', 'index_naming');
RESET ROLE;
REVOKE sg_owner FROM sg_other;

-- search_path cannot shadow what the checks call: look-alike functions and operators
-- in a schema searched first are never used
SET ROLE sg_owner;
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT 'epoch'::timestamptz $$;
CREATE FUNCTION public.btrim(text) RETURNS text LANGUAGE sql AS $$ SELECT 'x'::text $$;
CREATE FUNCTION public.fake_gt(timestamptz, timestamptz) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR public.> (LEFTARG = timestamptz, RIGHTARG = timestamptz, FUNCTION = public.fake_gt);
RESET ROLE;
INSERT INTO schemaguard.waiver_entries (relid, rule, reason, expires)
VALUES ('owned', 'index_naming', 'expired debt', now() - interval '1 day');
SET ROLE sg_owner;
SET search_path = public, pg_catalog;
-- an expired waiver stays expired although public.> says every time is later
CREATE INDEX owned_created ON owned (created_at);
SELECT rule, status FROM schemaguard.check_table('owned');
-- a blank reason stays blank although public.btrim() says otherwise
SELECT schemaguard.waive('owned', 'timestamps', '   ');
-- now() in a default is the function the catalog points to, public.now() here
CREATE TABLE shadowed (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
RESET search_path;
SELECT count(*) AS shadowed_tables FROM pg_class WHERE relname = 'shadowed';
RESET ROLE;

-- SECURITY DEFINER functions pin search_path
SELECT p.proname, p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'schemaguard' AND p.prosecdef ORDER BY 1;

-- the extension's objects belong to the superuser that installed it
SELECT evtname, pg_get_userbyid(evtowner) AS owner, evtenabled FROM pg_event_trigger ORDER BY 1;
SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'schemaguard' AND c.relkind = 'r' ORDER BY 1;

DROP TABLE owned;
DROP FUNCTION public.now(), public.btrim(text);
DROP OPERATOR public.> (timestamptz, timestamptz);
DROP FUNCTION public.fake_gt(timestamptz, timestamptz);
REVOKE CREATE ON SCHEMA public FROM sg_owner, sg_other;
DROP ROLE sg_owner, sg_other;

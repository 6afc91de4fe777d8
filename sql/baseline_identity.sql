\set SHOW_CONTEXT never
-- A baselined finding stays baselined only while its object is the same one: another
-- foreign key added under a baselined one's name, with the same action, is new.
SET schemaguard.mode = off;
CREATE TABLE bi_parents (id bigint PRIMARY KEY);
CREATE TABLE bi_others (id bigint PRIMARY KEY);
CREATE TABLE bi_kids (id bigint PRIMARY KEY, parent_id bigint, other_id bigint,
    CONSTRAINT bi_kids_fk FOREIGN KEY (parent_id) REFERENCES bi_parents ON DELETE RESTRICT);
-- wrong type and no default: both findings are recorded, so fixing only the type later
-- introduces nothing new
CREATE TABLE bi_times (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamp NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
RESET schemaguard.mode;
SELECT schemaguard.baseline() > 0 AS recorded;
SELECT rule, object_name, message, identity FROM schemaguard.baseline_entries
WHERE relid IN ('bi_kids'::regclass, 'bi_times'::regclass) ORDER BY 1, 2, 3;

-- the baselined key itself: a harmless change commits
CREATE INDEX idx_bi_kids_parent_id ON bi_kids (parent_id);
-- dropped and added again under the same name on another column and table: new
ALTER TABLE bi_kids DROP CONSTRAINT bi_kids_fk,
    ADD CONSTRAINT bi_kids_fk FOREIGN KEY (other_id) REFERENCES bi_others ON DELETE RESTRICT;
-- the same definition again (or re-created identically) stays baselined
ALTER TABLE bi_kids DROP CONSTRAINT bi_kids_fk,
    ADD CONSTRAINT bi_kids_fk FOREIGN KEY (parent_id) REFERENCES bi_parents ON DELETE RESTRICT;

-- fixing only the type: the default's finding was recorded with it
ALTER TABLE bi_times ALTER COLUMN created_at TYPE timestamptz;
SELECT rule, object_name, message, status FROM schemaguard.violations()
WHERE table_name = 'bi_times' ORDER BY 1, 2, 3;

-- a 0.3.0 entry (no identity) matches by name and message only where the finding has no
-- identity: as after the upgrade, for an entry whose key was gone then
DELETE FROM schemaguard.baseline_entries WHERE rule = 'fk_on_delete';
INSERT INTO schemaguard.baseline_entries (relid, rule, object_name, message)
VALUES ('bi_kids', 'fk_on_delete', 'bi_kids_fk', 'foreign key "bi_kids_fk" is ON DELETE RESTRICT, expected ON DELETE CASCADE or SET NULL');
SELECT rule, object_name, status FROM schemaguard.violations() WHERE table_name = 'bi_kids' AND rule = 'fk_on_delete';

DROP TABLE bi_kids, bi_parents, bi_others, bi_times;

-- Upgrading from 0.3.0: the library is installed first, and reads a 0.3.0 baseline as it
-- was (no identity); the update gives each entry the identity of the finding it matches.
DROP EXTENSION schemaguard;
CREATE EXTENSION schemaguard VERSION '0.3.0';
SET schemaguard.mode = off;
CREATE TABLE up_parents (id bigint PRIMARY KEY);
CREATE TABLE up_kids (id bigint PRIMARY KEY, parent_id bigint,
    CONSTRAINT up_kids_fk FOREIGN KEY (parent_id) REFERENCES up_parents ON DELETE RESTRICT);
RESET schemaguard.mode;
SELECT schemaguard.baseline() > 0 AS recorded;
SELECT status FROM schemaguard.violations() WHERE table_name = 'up_kids' AND rule = 'fk_on_delete';
ALTER EXTENSION schemaguard UPDATE TO '0.4.0';
SELECT object_name, identity FROM schemaguard.baseline_entries
WHERE relid = 'up_kids'::regclass AND rule = 'fk_on_delete';
SELECT status FROM schemaguard.violations() WHERE table_name = 'up_kids' AND rule = 'fk_on_delete';
DROP TABLE up_kids, up_parents;
-- back to the default version: the tests after this one run on it
ALTER EXTENSION schemaguard UPDATE;

\set SHOW_CONTEXT never
-- What a column's domain, a partition and an inheritance child change in the rules,
-- as an ordinary role that owns its tables (the reviewer's "app").
CREATE ROLE sg_app LOGIN;
GRANT CREATE ON SCHEMA public TO sg_app;
SET ROLE sg_app;
CREATE TABLE parents (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);

-- == SET NULL on a column of a NOT NULL domain: the delete would fail as with RESTRICT
CREATE DOMAIN required_uuid AS uuid NOT NULL;
CREATE DOMAIN still_required AS required_uuid;   -- nested: NOT NULL through its base
CREATE DOMAIN maybe_uuid AS uuid;
CREATE TABLE kids (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    parent_id required_uuid REFERENCES parents ON DELETE SET NULL);
CREATE INDEX idx_kids_parent_id ON kids (parent_id);
CREATE TABLE kids (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    parent_id still_required REFERENCES parents ON DELETE SET NULL);
-- a nullable domain passes
CREATE TABLE kids (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    parent_id maybe_uuid REFERENCES parents ON DELETE SET NULL);
CREATE INDEX idx_kids_parent_id ON kids (parent_id);
-- ALTER DOMAIN ... SET NOT NULL reports only the type: the tables using it are judged
ALTER DOMAIN maybe_uuid SET NOT NULL;
-- also through a domain based on it
CREATE DOMAIN derived_uuid AS maybe_uuid;
ALTER TABLE kids ALTER COLUMN parent_id TYPE derived_uuid;
ALTER DOMAIN maybe_uuid SET NOT NULL;
-- the same in one transaction with other DDL, and after a savepoint
BEGIN;
CREATE INDEX idx_kids_created_at ON kids (created_at);
SAVEPOINT s;
ALTER DOMAIN maybe_uuid SET NOT NULL;
COMMIT;
SELECT rule, object_name FROM schemaguard.check_table('kids');

-- == partitions: a partition's own foreign key is judged, on the partition
CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, parent_id uuid) PARTITION BY HASH (id);
CREATE TABLE events_p0 PARTITION OF events FOR VALUES WITH (MODULUS 2, REMAINDER 0);
ALTER TABLE events_p0 ADD CONSTRAINT events_p0_parent FOREIGN KEY (parent_id) REFERENCES parents ON DELETE RESTRICT;
CREATE TABLE events_p1 PARTITION OF events (
    CONSTRAINT events_p1_parent FOREIGN KEY (parent_id) REFERENCES parents)
    FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE events_p1 PARTITION OF events FOR VALUES WITH (MODULUS 2, REMAINDER 1);
-- its own misnamed index is not judged (tools such as pg_partman create them: the
-- parent's indexes are what index_naming judges)
CREATE INDEX events_p0_parent_id ON events_p0 (parent_id);
-- an ON DELETE CASCADE key of its own passes; the clones of the parent's keys are the
-- parent's, judged once there
ALTER TABLE events_p0 ADD CONSTRAINT events_p0_parent FOREIGN KEY (parent_id) REFERENCES parents ON DELETE CASCADE;
ALTER TABLE events ADD CONSTRAINT events_parent FOREIGN KEY (parent_id) REFERENCES parents ON DELETE RESTRICT;
RESET ROLE;
SET schemaguard.mode = off;
SET ROLE sg_app;
ALTER TABLE events ADD CONSTRAINT events_parent FOREIGN KEY (parent_id) REFERENCES parents ON DELETE RESTRICT;
ALTER TABLE events_p1 ADD CONSTRAINT events_p1_parent FOREIGN KEY (parent_id) REFERENCES parents;
CREATE INDEX events_p1_misnamed ON events_p1 (parent_id);
RESET ROLE;
RESET schemaguard.mode;
SET ROLE sg_app;
SELECT rule, table_name, object_name, message FROM schemaguard.violations()
WHERE table_name LIKE 'events%' ORDER BY 1, 2, 3;
-- the partition's owner may waive it there, as on a table
SELECT schemaguard.waive('events_p1', 'fk_on_delete', 'legacy key, replaced in Q3') IS NOT NULL AS waived;
SELECT table_name, status FROM schemaguard.violations() WHERE table_name = 'events_p1';
-- compliance() counts the two partitions under fk_on_delete only
SELECT (SELECT tables_checked FROM schemaguard.compliance() WHERE rule = 'fk_on_delete')
     - (SELECT tables_checked FROM schemaguard.compliance() WHERE rule = 'primary_key') AS partitions_judged,
       (SELECT tables_checked FROM schemaguard.compliance() WHERE rule = 'index_naming')
     - (SELECT tables_checked FROM schemaguard.compliance() WHERE rule = 'primary_key') AS index_naming_extra;

-- == inheritance: the fix hints for a parent and its child run one after the other
RESET ROLE;
SET schemaguard.mode = warn;
SET ROLE sg_app;
CREATE TABLE animals (name text);
CREATE TABLE dogs (breed text) INHERITS (animals);
RESET ROLE;
RESET schemaguard.mode;
SET ROLE sg_app;
SELECT table_name, hint FROM schemaguard.violations()
WHERE table_name IN ('animals', 'dogs') AND hint LIKE '%ADD COLUMN%' ORDER BY 1, 2;
-- run them in report order (parent first), then in the other order: no "already exists"
BEGIN;
DO $$
DECLARE h text;
BEGIN
    FOR h IN SELECT hint FROM schemaguard.violations() WHERE table_name IN ('animals', 'dogs')
             AND hint IS NOT NULL ORDER BY table_name, rule, object_name LOOP
        EXECUTE h;
    END LOOP;
END $$;
SELECT table_name, rule, message FROM schemaguard.violations() WHERE table_name IN ('animals', 'dogs');
ROLLBACK;
BEGIN;
DO $$
DECLARE h text;
BEGIN
    FOR h IN SELECT hint FROM schemaguard.violations() WHERE table_name IN ('animals', 'dogs')
             AND hint IS NOT NULL ORDER BY table_name DESC, rule, object_name LOOP
        EXECUTE h;
    END LOOP;
END $$;
SELECT table_name, rule, message FROM schemaguard.violations() WHERE table_name IN ('animals', 'dogs');
COMMIT;

RESET ROLE;
DROP TABLE dogs, animals, events, kids, parents;
DROP DOMAIN derived_uuid, maybe_uuid, still_required, required_uuid;
REVOKE CREATE ON SCHEMA public FROM sg_app;
DROP ROLE sg_app;

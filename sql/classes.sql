\set SHOW_CONTEXT never
-- Table classes: entity (every rule) and internal (no soft_delete).
-- Precedence: explicit classify() > first matching classify_pattern() > entity.
-- a table can be classified in the transaction that creates it
BEGIN;
CREATE TABLE cls_base (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
SELECT schemaguard.classify('cls_base', 'internal');
COMMIT;

-- a pattern registered before the tables exist applies when they are created
SELECT schemaguard.classify_pattern('public.*_tokens', 'internal');
SELECT schemaguard.classify_pattern('audit.*', 'internal');
CREATE TABLE auth_tokens (LIKE cls_base INCLUDING ALL);
CREATE SCHEMA audit;
CREATE TABLE audit.events (LIKE cls_base INCLUDING ALL);
-- ...and only to the tables it matches
CREATE TABLE tokens (LIKE cls_base INCLUDING ALL);

-- an explicit classification beats a pattern, both ways
SELECT schemaguard.classify('auth_tokens', 'entity');
SELECT rule, table_name FROM schemaguard.violations() WHERE table_name = 'auth_tokens';
SELECT schemaguard.unclassify('auth_tokens');
SELECT rule, table_name FROM schemaguard.violations() WHERE table_name = 'auth_tokens';

-- the first matching pattern wins; re-registering a pattern keeps its place
SELECT schemaguard.classify_pattern('public.*', 'entity');
SELECT schemaguard.classify_pattern('public.*_tokens', 'internal');
SELECT pattern, class, position FROM schemaguard.class_patterns ORDER BY position;
SELECT count(*) AS auth_tokens_violations FROM schemaguard.violations() WHERE table_name = 'auth_tokens';

-- without a classification a table is an entity
CREATE TABLE sessions (LIKE cls_base INCLUDING ALL);
BEGIN;
CREATE TABLE sessions (LIKE cls_base INCLUDING ALL);
SELECT schemaguard.classify('sessions', 'internal');
COMMIT;
-- a classification follows its table through a rename and disappears with it
ALTER TABLE sessions RENAME TO user_sessions;
SELECT relid, class FROM schemaguard.table_classes;
DROP TABLE user_sessions;
SELECT count(*) AS classifications FROM schemaguard.table_classes;

-- bad input
SELECT schemaguard.classify('cls_base', 'lookup');
SELECT schemaguard.classify('pg_class', 'internal');
SELECT schemaguard.classify('schemaguard.waiver_entries', 'internal');
SELECT schemaguard.classify_pattern('no_schema', 'internal');
SELECT schemaguard.classify_pattern('public.*', NULL);
SELECT schemaguard.unclassify_pattern('public.*');
SELECT schemaguard.unclassify_pattern('public.*');

-- classes appear in compliance(): soft_delete counts entity tables only
SELECT rule, tables_checked, violations FROM schemaguard.compliance() WHERE rule IN ('primary_key', 'soft_delete');

DROP TABLE cls_base, auth_tokens, audit.events;
DROP SCHEMA audit;
SELECT schemaguard.unclassify_pattern('public.*_tokens'), schemaguard.unclassify_pattern('audit.*');

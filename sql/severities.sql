\set SHOW_CONTEXT never
-- Per-rule severity: error (blocks in enforce mode), warning (reported), off (not checked).
SELECT rule, severity FROM schemaguard.rules;

SELECT schemaguard.set_rule('soft_delete', 'warning');
CREATE TABLE sev_no_deleted_at (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
SELECT rule, severity, status FROM schemaguard.violations() WHERE table_name = 'sev_no_deleted_at';

SELECT schemaguard.set_rule('soft_delete', 'off');
ALTER TABLE sev_no_deleted_at ADD COLUMN note text;
SELECT count(*) FROM schemaguard.violations() WHERE table_name = 'sev_no_deleted_at';
SELECT rule, status, notes FROM schemaguard.compliance() WHERE rule = 'soft_delete';

-- fk_index is a warning by default; raised to error it blocks
CREATE TABLE sev_parent (LIKE sev_no_deleted_at INCLUDING ALL);
CREATE TABLE sev_child (LIKE sev_no_deleted_at INCLUDING ALL,
    parent_id uuid REFERENCES sev_parent ON DELETE CASCADE);
SELECT schemaguard.set_rule('fk_index', 'error');
CREATE TABLE sev_child2 (LIKE sev_no_deleted_at INCLUDING ALL,
    parent_id uuid REFERENCES sev_parent ON DELETE CASCADE);

SELECT rule, severity FROM schemaguard.rules;

-- bad input
SELECT schemaguard.set_rule('no_such_rule', 'error');
SELECT schemaguard.set_rule('timestamps', 'fatal');
SELECT schemaguard.set_rule('timestamps', NULL);

SELECT schemaguard.set_rule('soft_delete', 'error');
SELECT schemaguard.set_rule('fk_index', 'warning');
DROP TABLE sev_child, sev_parent, sev_no_deleted_at;
DELETE FROM schemaguard.rule_severity;

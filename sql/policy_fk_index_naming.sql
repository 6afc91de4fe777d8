\set SHOW_CONTEXT never
-- Policy as data (issue 12): fk_on_delete.actions and index_naming's templates. Set by a
-- superuser, validated when set, read by the commit-time check and by violations(), and
-- reset back to the V1 definition.
CREATE TABLE pn_parents (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
-- compliant under V1; judged again below once the parameters are set
CREATE TABLE pn_users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, email text, org_id uuid, kind text,
    parent_id uuid REFERENCES pn_parents (id) ON DELETE SET NULL);
CREATE INDEX idx_pn_users_parent_id ON pn_users (parent_id);
CREATE INDEX idx_pn_users_org_id_kind ON pn_users (org_id, kind);
CREATE UNIQUE INDEX idx_pn_users_email ON pn_users (email);
CREATE INDEX idx_pn_users_lower_email ON pn_users (lower(email));

-- V1: ON DELETE RESTRICT is refused
BEGIN;
CREATE TABLE pn_orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, parent_id uuid NOT NULL REFERENCES pn_parents (id) ON DELETE RESTRICT);
CREATE INDEX idx_pn_orders_parent_id ON pn_orders (parent_id);
COMMIT;

-- fk_on_delete.actions: the accepted actions replace V1's CASCADE and SET NULL
SELECT schemaguard.set_rule_parameter('fk_on_delete', 'actions', ARRAY['restrict', 'cascade']);
SELECT rule, parameter, value FROM schemaguard.rule_parameters ORDER BY rule, parameter;
BEGIN;
CREATE TABLE pn_orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, parent_id uuid NOT NULL REFERENCES pn_parents (id) ON DELETE RESTRICT,
    coupon_id uuid);
CREATE INDEX idx_pn_orders_parent_id ON pn_orders (parent_id);
COMMIT;
-- SET NULL is no longer accepted, even on a nullable column: the hint restates with CASCADE
ALTER TABLE pn_orders ADD CONSTRAINT pn_orders_coupon_fkey FOREIGN KEY (coupon_id)
    REFERENCES pn_parents (id) ON DELETE SET NULL;
-- nor is NO ACTION
ALTER TABLE pn_orders ADD CONSTRAINT pn_orders_coupon_fkey FOREIGN KEY (coupon_id) REFERENCES pn_parents (id);
-- tables already there are judged by the policy in force
SELECT table_name, rule, object_name, message, hint FROM schemaguard.violations()
WHERE table_name LIKE 'pn\_%' ORDER BY table_name, rule, object_name;

-- {set null, restrict}: SET NULL where the columns are nullable, else RESTRICT
SELECT schemaguard.set_rule_parameter('fk_on_delete', 'actions', ARRAY['set null', 'restrict']);
ALTER TABLE pn_orders ADD CONSTRAINT pn_orders_coupon_fkey FOREIGN KEY (coupon_id)
    REFERENCES pn_parents (id) ON DELETE CASCADE;
ALTER TABLE pn_orders DROP CONSTRAINT pn_orders_parent_id_fkey, ADD CONSTRAINT pn_orders_parent_id_fkey
    FOREIGN KEY (parent_id) REFERENCES pn_parents (id) ON DELETE CASCADE;
-- SET NULL accepted: still only on nullable columns
ALTER TABLE pn_orders DROP CONSTRAINT pn_orders_parent_id_fkey, ADD CONSTRAINT pn_orders_parent_id_fkey
    FOREIGN KEY (parent_id) REFERENCES pn_parents (id) ON DELETE SET NULL;

-- bad values: a clear ERROR, nothing stored
SELECT schemaguard.set_rule_parameter('fk_on_delete', 'actions', ARRAY['delete']);
SELECT schemaguard.set_rule_parameter('fk_on_delete', 'actions', ARRAY['cascade', 'setnull']);
SELECT rule, parameter, value FROM schemaguard.rule_parameters ORDER BY rule, parameter;

-- index_naming templates
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['ix_{table}_{columns}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'unique_template', ARRAY['uq_{table}_{columns}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'expression_template', ARRAY['fx_{table}_{any}']);
SELECT rule, parameter, value FROM schemaguard.rule_parameters ORDER BY rule, parameter;
SELECT rule, parameters FROM schemaguard.rules WHERE rule IN ('fk_on_delete', 'index_naming') ORDER BY rule;
-- the indexes named for V1 now break the policy
SELECT table_name, rule, object_name, message, hint FROM schemaguard.violations()
WHERE table_name LIKE 'pn\_%' ORDER BY table_name, rule, object_name;
-- at commit: renaming to what the hints say passes
BEGIN;
ALTER INDEX idx_pn_users_parent_id RENAME TO ix_pn_users_parent_id;
ALTER INDEX idx_pn_users_org_id_kind RENAME TO ix_pn_users_org_id_kind;
ALTER INDEX idx_pn_users_email RENAME TO uq_pn_users_email;
ALTER INDEX idx_pn_users_lower_email RENAME TO fx_pn_users_lower_email;
ALTER INDEX idx_pn_orders_parent_id RENAME TO ix_pn_orders_parent_id;
COMMIT;
SELECT count(*) FROM schemaguard.violations() WHERE table_name LIKE 'pn\_%';
-- fk_index (a warning) proposes an index named by the template
ALTER TABLE pn_orders ADD CONSTRAINT pn_orders_coupon_fkey FOREIGN KEY (coupon_id)
    REFERENCES pn_parents (id) ON DELETE SET NULL;
CREATE INDEX ix_pn_orders_coupon_id ON pn_orders (coupon_id);
-- accepted: the expansion, or it followed by _<anything>; a constraint's index is not judged
CREATE INDEX ix_pn_users_kind_recent ON pn_users (kind) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX uq_pn_users_org_id_kind ON pn_users (org_id, kind);
CREATE INDEX fx_pn_users_upper ON pn_users (upper(email));
ALTER TABLE pn_users ADD CONSTRAINT pn_users_kind_email_key UNIQUE (kind, email);
-- rejected: names PostgreSQL generates, V1 names, a unique index named as a plain one
CREATE INDEX ON pn_users (org_id, kind);
CREATE INDEX idx_pn_users_kind ON pn_users (kind);
CREATE UNIQUE INDEX ix_pn_users_kind ON pn_users (kind);
CREATE INDEX ON pn_users (upper(kind));
CREATE UNIQUE INDEX ON pn_users (lower(kind));
-- names compare after PostgreSQL's 63-byte truncation
CREATE TABLE pn_table_name_long_enough_to_need_truncation_xxxxx (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, organization_identifier text);
CREATE INDEX ix_pn_table_name_long_enough_to_need_truncation_xxxxx_organization_identifier
    ON pn_table_name_long_enough_to_need_truncation_xxxxx (organization_identifier);
CREATE INDEX ix_pn_table_name_long_enough_to_need_truncation_xxxxx_organiza
    ON pn_table_name_long_enough_to_need_truncation_xxxxx (organization_identifier);

-- bad templates: a clear ERROR, nothing stored
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['ix_{tabel}_{column}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['ix_{table']);
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['ix_table}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['ix_{any}_{table}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['']);
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['ix_{column}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['{table}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'expression_template', ARRAY['fx_{table}_{column}']);
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['ix_{table}_{column}', 'ix2_{table}']);
SELECT rule, parameter, value FROM schemaguard.rule_parameters ORDER BY rule, parameter;

-- explain() shows the parameters in force
SELECT schemaguard.explain('index_naming');
SELECT schemaguard.explain('fk_on_delete');

-- a non-superuser can read the parameters but not change them
CREATE ROLE pn_user;
SET ROLE pn_user;
SELECT schemaguard.set_rule_parameter('index_naming', 'template', ARRAY['idx_{table}_{column}']);
SELECT schemaguard.reset_rule_parameter('fk_on_delete', 'actions');
RESET ROLE;
DROP ROLE pn_user;

-- reset: back to V1; the renamed indexes and the RESTRICT key break it again
SELECT schemaguard.reset_rule_parameter('fk_on_delete', 'actions');
SELECT schemaguard.reset_rule_parameter('index_naming', 'template');
SELECT schemaguard.reset_rule_parameter('index_naming', 'unique_template');
SELECT schemaguard.reset_rule_parameter('index_naming', 'expression_template');
SELECT count(*) FROM schemaguard.rule_parameters;
SELECT rule, parameters FROM schemaguard.rules WHERE rule IN ('fk_on_delete', 'index_naming') ORDER BY rule;
SELECT table_name, rule, object_name, message, hint FROM schemaguard.violations()
WHERE table_name LIKE 'pn\_%' ORDER BY table_name, rule, object_name;
ALTER TABLE pn_orders ADD COLUMN note text;

DROP TABLE pn_table_name_long_enough_to_need_truncation_xxxxx, pn_orders, pn_users, pn_parents;

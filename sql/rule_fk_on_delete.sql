-- fk_on_delete: every foreign key says ON DELETE CASCADE or ON DELETE SET NULL
-- (SET NULL only on nullable columns).

CREATE TABLE fk_parent (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);

-- accepted (with the index that fk_index, a warning-level rule, asks for)
BEGIN;
CREATE TABLE fk_cascade (LIKE fk_parent INCLUDING ALL,
    parent_id uuid NOT NULL REFERENCES fk_parent ON DELETE CASCADE);
CREATE INDEX idx_fk_cascade_parent_id ON fk_cascade (parent_id);
CREATE TABLE fk_setnull (LIKE fk_parent INCLUDING ALL,
    parent_id uuid REFERENCES fk_parent ON DELETE SET NULL);
CREATE INDEX idx_fk_setnull_parent_id ON fk_setnull (parent_id);
COMMIT;
-- the rejected cases below also show fk_index's WARNING: reported, never blocking

-- rejected: the implicit NO ACTION, RESTRICT, SET DEFAULT
CREATE TABLE fk_noaction (LIKE fk_parent INCLUDING ALL,
    parent_id uuid REFERENCES fk_parent);
CREATE TABLE fk_restrict (LIKE fk_parent INCLUDING ALL,
    parent_id uuid REFERENCES fk_parent ON DELETE RESTRICT);
CREATE TABLE fk_setdefault (LIKE fk_parent INCLUDING ALL,
    parent_id uuid REFERENCES fk_parent ON DELETE SET DEFAULT);
-- the HINT runs as it is: the same transaction with it is accepted
BEGIN;
CREATE TABLE fk_restrict (LIKE fk_parent INCLUDING ALL,
    parent_id uuid REFERENCES fk_parent ON DELETE RESTRICT);
ALTER TABLE public.fk_restrict DROP CONSTRAINT fk_restrict_parent_id_fkey, ADD CONSTRAINT fk_restrict_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.fk_parent (id) ON DELETE SET NULL;
CREATE INDEX idx_fk_restrict_parent_id ON public.fk_restrict (parent_id);
COMMIT;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'fk_restrict_parent_id_fkey';
DROP TABLE fk_restrict;
-- ON UPDATE CASCADE is not ON DELETE CASCADE
CREATE TABLE fk_onupdate (LIKE fk_parent INCLUDING ALL,
    parent_id uuid REFERENCES fk_parent ON UPDATE CASCADE);

-- rejected: SET NULL on a NOT NULL column
CREATE TABLE fk_setnull_notnull (LIKE fk_parent INCLUDING ALL,
    parent_id uuid NOT NULL REFERENCES fk_parent ON DELETE SET NULL);

-- PostgreSQL 15 column list: only the listed columns must be nullable
CREATE TABLE fk_multi_parent (LIKE fk_parent INCLUDING ALL, tenant uuid NOT NULL,
    CONSTRAINT fk_multi_parent_tenant_id UNIQUE (tenant, id));
CREATE TABLE fk_multi_ok (LIKE fk_parent INCLUDING ALL, tenant uuid NOT NULL, parent_id uuid,
    FOREIGN KEY (tenant, parent_id) REFERENCES fk_multi_parent (tenant, id) ON DELETE SET NULL (parent_id));
CREATE TABLE fk_multi_bad (LIKE fk_parent INCLUDING ALL, tenant uuid NOT NULL, parent_id uuid,
    FOREIGN KEY (tenant, parent_id) REFERENCES fk_multi_parent (tenant, id) ON DELETE SET NULL);

-- rejected later: a foreign key added by ALTER TABLE
ALTER TABLE fk_cascade ADD COLUMN other_id uuid REFERENCES fk_parent;
ALTER TABLE fk_cascade ADD CONSTRAINT fk_cascade_other FOREIGN KEY (id) REFERENCES fk_parent (id);
-- accepted: replacing the action in one transaction
BEGIN;
ALTER TABLE fk_setnull ADD CONSTRAINT fk_setnull_restrict FOREIGN KEY (parent_id) REFERENCES fk_parent ON DELETE RESTRICT;
ALTER TABLE fk_setnull DROP CONSTRAINT fk_setnull_restrict;
COMMIT;
SELECT conname, confdeltype FROM pg_constraint WHERE conrelid = 'fk_cascade'::regclass AND contype = 'f' ORDER BY 1;

-- a foreign key to a partitioned table is judged once, although PostgreSQL stores an
-- internal clone of it per referenced partition (fk_part_child_parent_id_fkey1, ...)
CREATE TABLE fk_part (LIKE fk_parent INCLUDING ALL) PARTITION BY HASH (id);
CREATE TABLE fk_part_0 PARTITION OF fk_part FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE fk_part_1 PARTITION OF fk_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
-- rejected once, with one fk_index warning
CREATE TABLE fk_part_child (LIKE fk_parent INCLUDING ALL, parent_id uuid REFERENCES fk_part);
-- accepted
BEGIN;
CREATE TABLE fk_part_child (LIKE fk_parent INCLUDING ALL,
    parent_id uuid REFERENCES fk_part ON DELETE CASCADE);
CREATE INDEX idx_fk_part_child_parent_id ON fk_part_child (parent_id);
COMMIT;
SELECT count(*) AS constraints_stored FROM pg_constraint WHERE conrelid = 'fk_part_child'::regclass AND contype = 'f';
SELECT rule, object_name FROM schemaguard.violations() WHERE table_name = 'fk_part_child';
DROP TABLE fk_part_child, fk_part;

SELECT relname FROM pg_class WHERE relname LIKE 'fk\_%' AND relkind = 'r' ORDER BY 1;
DROP TABLE fk_cascade, fk_setnull, fk_multi_ok, fk_multi_parent, fk_parent;

-- index_naming: indexes that back no PRIMARY KEY / UNIQUE / EXCLUDE constraint are
-- named idx_<table>_<first key column>[_<anything>]; expression indexes need idx_<table>_.

CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, email text, org_id uuid, kind text, during tstzrange);

-- accepted
CREATE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_org_id_kind ON users (org_id, kind);
CREATE INDEX idx_users_email_active ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX idx_users_lower_email ON users (lower(email));
CREATE UNIQUE INDEX idx_users_kind_unique ON users (kind, email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE users ADD CONSTRAINT users_no_overlap EXCLUDE USING gist (org_id WITH =, during WITH &&);

-- rejected: names PostgreSQL generates, other names
CREATE INDEX ON users (email);
CREATE INDEX users_by_email ON users (email);
CREATE INDEX idx_users_org_id ON users (kind);
CREATE INDEX idx_userskind ON users (kind);
CREATE UNIQUE INDEX users_kind_uq ON users (kind);
CREATE INDEX ON users (lower(email));
CREATE INDEX idx_users_ ON users (upper(email));
-- CONCURRENTLY runs outside a transaction block: the check runs at the commit of its
-- last step, and as after any failed CREATE INDEX CONCURRENTLY an INVALID index stays
SET client_min_messages = error;
CREATE INDEX CONCURRENTLY users_conc ON users (kind);
RESET client_min_messages;
SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_conc'::regclass;
DROP INDEX IF EXISTS users_conc;
CREATE INDEX CONCURRENTLY idx_users_kind ON users (kind);

-- renames are checked
ALTER INDEX idx_users_kind RENAME TO kind_idx;
ALTER TABLE users RENAME COLUMN kind TO category;
ALTER TABLE users RENAME TO accounts;
BEGIN;
ALTER TABLE users RENAME COLUMN kind TO category;
ALTER INDEX idx_users_kind RENAME TO idx_users_category;
ALTER INDEX idx_users_kind_unique RENAME TO idx_users_category_unique;
COMMIT;

-- 63-byte truncation: PostgreSQL truncates both the table name and the index name
CREATE TABLE a_table_with_a_very_long_name_that_goes_on_and_on_past_the_limit_of_names
    (LIKE users INCLUDING DEFAULTS INCLUDING CONSTRAINTS, PRIMARY KEY (id));
SELECT relname, octet_length(relname) FROM pg_class WHERE relname LIKE 'a_table_with%' AND relkind = 'r';
CREATE INDEX idx_a_table_with_a_very_long_name_that_goes_on_and_on_past_the_limit_of_names_email
    ON a_table_with_a_very_long_name_that_goes_on_and_on_past_the_limit_of_names (email);
-- the same with multibyte characters: truncation never splits a character
CREATE TABLE "ééééééééééééééééééééééééééééé" (LIKE users INCLUDING DEFAULTS, PRIMARY KEY (id));
CREATE INDEX "idx_ééééééééééééééééééééééééééééé_email" ON "ééééééééééééééééééééééééééééé" (email);
SELECT relname, octet_length(relname) FROM pg_class WHERE relname LIKE 'idx_éé%';
CREATE INDEX "idx_éééééééééééééééééééééééééééé_email" ON "ééééééééééééééééééééééééééééé" (email);

SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'users'::regclass ORDER BY 1::text;
DROP TABLE users, a_table_with_a_very_long_name_that_goes_on_and_on_past_the_limit_of_names,
    "ééééééééééééééééééééééééééééé";

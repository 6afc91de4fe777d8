-- soft_delete: entity tables have deleted_at timestamptz, nullable, without default.

CREATE TABLE sd_ok (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);

-- rejected: missing
CREATE TABLE sd_missing (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
-- rejected: wrong type
CREATE TABLE sd_bool (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at boolean);
CREATE TABLE sd_notz (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamp);
-- rejected: NOT NULL, has a default
CREATE TABLE sd_notnull (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz NOT NULL DEFAULT 'infinity');

-- rejected later
ALTER TABLE sd_ok ALTER COLUMN deleted_at SET DEFAULT now();
ALTER TABLE sd_ok DROP COLUMN deleted_at;
SELECT count(*) AS deleted_at_columns FROM pg_attribute
WHERE attrelid = 'sd_ok'::regclass AND attname = 'deleted_at' AND NOT attisdropped;

SELECT relname FROM pg_class WHERE relname LIKE 'sd\_%' AND relkind = 'r' ORDER BY 1;
DROP TABLE sd_ok;

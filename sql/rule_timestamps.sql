-- timestamps: created_at and updated_at, timestamptz NOT NULL DEFAULT <current time>.

-- accepted: every current-time default
CREATE TABLE ts_now (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE ts_funcs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT transaction_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT statement_timestamp());
CREATE TABLE ts_clock (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP(3));

-- rejected: missing columns
CREATE TABLE ts_missing (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now());

-- rejected: timestamp without time zone
CREATE TABLE ts_notz (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now());

-- rejected: nullable, no default, a constant default
CREATE TABLE ts_loose (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz NOT NULL);
CREATE TABLE ts_constant (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT '2020-01-01',
    updated_at timestamptz NOT NULL DEFAULT now() + interval '1 day');

-- rejected: wrong type
CREATE TABLE ts_date (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), deleted_at timestamptz,
    created_at date NOT NULL DEFAULT CURRENT_DATE,
    updated_at timestamptz NOT NULL DEFAULT now());

-- rejected later: ALTER TABLE on a compliant table
ALTER TABLE ts_now ALTER COLUMN updated_at DROP NOT NULL;
ALTER TABLE ts_now ALTER COLUMN updated_at DROP DEFAULT;
ALTER TABLE ts_now ALTER COLUMN created_at TYPE timestamp;
ALTER TABLE ts_now DROP COLUMN created_at;
ALTER TABLE ts_now RENAME COLUMN created_at TO inserted_at;
-- ...and nothing of the rejected ALTERs remains
SELECT attname, format_type(atttypid, atttypmod), attnotnull, pg_get_expr(adbin, adrelid)
FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
WHERE attrelid = 'ts_now'::regclass AND attnum > 0 ORDER BY attnum;

SELECT relname FROM pg_class WHERE relname LIKE 'ts\_%' AND relkind = 'r' ORDER BY 1;
DROP TABLE ts_now, ts_funcs, ts_clock;

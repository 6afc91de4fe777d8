-- primary_key: exactly one uuid column, DEFAULT pg_catalog.gen_random_uuid() (by OID).

-- accepted
CREATE TABLE pk_ok (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
SELECT * FROM schemaguard.check_table('pk_ok');

-- the key may have any name and be declared as a table constraint
CREATE TABLE pk_named (
    track_id uuid DEFAULT pg_catalog.gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT pk_named_pk PRIMARY KEY (track_id)
);

-- rejected: no primary key at all
CREATE TABLE pk_none (
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
SELECT to_regclass('pk_none') IS NULL AS nothing_left;

-- rejected: no primary key, but a uuid column named id exists: the hint makes it the key
CREATE TABLE pk_none_id (
    id uuid DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- rejected: bigint / serial key
CREATE TABLE pk_bigint (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
SELECT count(*) AS sequences_left FROM pg_class WHERE relname LIKE 'pk_bigint%';

-- rejected: composite key
CREATE TABLE pk_composite (
    a uuid DEFAULT gen_random_uuid(),
    b uuid DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (a, b)
);

-- rejected: uuid key without a default
CREATE TABLE pk_nodefault (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- rejected: uuid key with another default expression
CREATE TABLE pk_otherdefault (
    id uuid PRIMARY KEY DEFAULT '00000000-0000-0000-0000-000000000000',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- rejected: a look-alike public.gen_random_uuid() is judged by OID, not by name
CREATE FUNCTION public.gen_random_uuid() RETURNS uuid
    LANGUAGE sql AS $$ SELECT '00000000-0000-0000-0000-000000000001'::uuid $$;
CREATE TABLE pk_lookalike (
    id uuid PRIMARY KEY DEFAULT public.gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
-- search_path cannot smuggle it in either
SET search_path = public, pg_catalog;
CREATE TABLE pk_lookalike2 (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
RESET search_path;
DROP FUNCTION public.gen_random_uuid();

-- rejected: text key
CREATE TABLE pk_text (
    id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- rejected later: dropping the key or its default
ALTER TABLE pk_ok ALTER COLUMN id DROP DEFAULT;
ALTER TABLE pk_ok DROP CONSTRAINT pk_ok_pkey;
SELECT column_default FROM information_schema.columns WHERE table_name = 'pk_ok' AND column_name = 'id';

SELECT relname FROM pg_class WHERE relname LIKE 'pk\_%' AND relkind = 'r' ORDER BY 1;
DROP TABLE pk_ok, pk_named;

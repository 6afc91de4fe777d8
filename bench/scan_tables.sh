#!/usr/bin/env bash
# scan_tables.sh N: prints SQL creating N tables (plus a referenced anchor table) for the
# full-scan benchmark, in transactions of 250 tables. Load it BEFORE CREATE EXTENSION
# schemaguard (or with schemaguard.mode = off): 30 % of the tables break rules.
#   i % 20 in 0..13   compliant: uuid key, timestamps, deleted_at, FK ON DELETE CASCADE with
#                     its idx_ index; variants: CURRENT_TIMESTAMP and timestamptz(3) defaults,
#                     clock_timestamp(), UNIQUE, expression/partial/multi-column indexes,
#                     ON DELETE SET NULL, hash-partitioned tables with two partitions
#   i % 20 in 14..19  one non-compliant shape each (bigint identity key, timestamp without
#                     time zone, look-alike public.gen_random_uuid(), composite key, no key,
#                     NO ACTION / RESTRICT / SET NULL on NOT NULL, misnamed indexes...)
# Every 10th table lives in schema app, the others in public.
set -euo pipefail
n=${1:?usage: scan_tables.sh N}
cat <<'SQL'
CREATE SCHEMA app;
CREATE FUNCTION public.gen_random_uuid() RETURNS uuid LANGUAGE sql AS 'SELECT pg_catalog.gen_random_uuid()';
CREATE TABLE public.anchor (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
SQL
awk -v n="$n" 'BEGIN {
  ts = "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz"
  key = "id uuid PRIMARY KEY DEFAULT gen_random_uuid()"
  for (i = 1; i <= n; i++) {
    if (i % 250 == 1) print "BEGIN;"
    s = (i % 10 == 0) ? "app" : "public"
    t = sprintf("s_%05d", i); q = s "." t; k = i % 20
    if (k == 1) {
      printf "CREATE TABLE %s (%s, created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at timestamptz(3) NOT NULL DEFAULT now(), deleted_at timestamptz, name text NOT NULL, status text, UNIQUE (name));\n", q, key
      printf "CREATE INDEX idx_%s_lower_name ON %s (lower(name));\n", t, q
      printf "CREATE INDEX idx_%s_status_active ON %s (status) WHERE deleted_at IS NULL;\n", t, q
    } else if (k == 2) {
      printf "CREATE TABLE %s (%s, created_at timestamptz NOT NULL DEFAULT clock_timestamp(), updated_at timestamptz NOT NULL DEFAULT transaction_timestamp(), deleted_at timestamptz, name text, status text, anchor_id uuid REFERENCES public.anchor ON DELETE SET NULL);\n", q, key
      printf "CREATE INDEX idx_%s_anchor_id_status ON %s (anchor_id, status);\n", t, q
    } else if (k == 3) {
      printf "CREATE TABLE %s (%s, %s, name text) PARTITION BY HASH (id);\n", q, key, ts
      printf "CREATE TABLE %s_p0 PARTITION OF %s FOR VALUES WITH (MODULUS 2, REMAINDER 0);\n", q, q
      printf "CREATE TABLE %s_p1 PARTITION OF %s FOR VALUES WITH (MODULUS 2, REMAINDER 1);\n", q, q
      printf "CREATE INDEX idx_%s_name ON %s (name);\n", t, q
    } else if (k <= 13) {
      printf "CREATE TABLE %s (%s, %s, name text NOT NULL, amount numeric(12, 2), anchor_id uuid REFERENCES public.anchor ON DELETE CASCADE);\n", q, key, ts
      printf "CREATE INDEX idx_%s_anchor_id ON %s (anchor_id);\n", t, q
    } else if (k == 14) {  # primary_key (bigint), timestamps (updated_at missing)
      printf "CREATE TABLE %s (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, name text);\n", q
    } else if (k == 15) {  # timestamps x3, soft_delete x2, index_naming
      printf "CREATE TABLE %s (%s, created_at timestamp NOT NULL DEFAULT now(), updated_at timestamptz, deleted_at timestamptz NOT NULL DEFAULT now(), name text);\n", q, key
      printf "CREATE INDEX ON %s (name);\n", q
    } else if (k == 16) {  # primary_key (look-alike), fk_on_delete (NO ACTION), fk_index
      printf "CREATE TABLE %s (id uuid PRIMARY KEY DEFAULT public.gen_random_uuid(), %s, anchor_id uuid REFERENCES public.anchor);\n", q, ts
    } else if (k == 17) {  # primary_key (composite), fk_on_delete x2, index_naming
      printf "CREATE TABLE %s (id uuid DEFAULT gen_random_uuid(), k int, %s, status text, a_id uuid NOT NULL REFERENCES public.anchor ON DELETE SET NULL, b_id uuid REFERENCES public.anchor ON DELETE RESTRICT, PRIMARY KEY (id, k));\n", q, ts
      printf "CREATE INDEX idx_%s_a_id ON %s (a_id);\nCREATE INDEX idx_%s_b_id ON %s (b_id);\n", t, q, t, q
      printf "CREATE INDEX idx_%s_a_id_status ON %s (status);\n", t, q
    } else if (k == 18) {  # primary_key (none), soft_delete (type), index_naming (expression)
      printf "CREATE TABLE %s (id uuid DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at text, name text);\n", q
      printf "CREATE INDEX %s_expr ON %s (upper(name));\n", t, q
    } else {               # primary_key (no default), timestamps (other default), index_naming (unique)
      printf "CREATE TABLE %s (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now() - interval '\''1 hour'\'', updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, code text);\n", q
      printf "CREATE UNIQUE INDEX %s_code_key ON %s (code);\n", t, q
    }
    if (i % 250 == 0 || i == n) print "COMMIT;"
  }
}'

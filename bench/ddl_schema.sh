#!/usr/bin/env bash
# ddl_schema.sh N [PREFIX]: prints a compliant N-table migration, three statements per table:
#   CREATE TABLE (uuid key DEFAULT gen_random_uuid(), created_at/updated_at/deleted_at,
#                 a few columns, a foreign key ON DELETE CASCADE to the previous table)
#   CREATE INDEX idx_<table>_parent_id
#   ALTER TABLE ... ADD COLUMN
# Every statement leaves the schema compliant, so a checker that judges each statement
# (the PL/pgSQL baseline) and one that judges at commit (schemaguard) both accept it.
set -euo pipefail
n=${1:?usage: ddl_schema.sh N [PREFIX]}
prefix=${2:-item}
awk -v n="$n" -v p="$prefix" 'BEGIN {
  for (i = 1; i <= n; i++) {
    t = sprintf("%s_%04d", p, i)
    fk = (i > 1) ? sprintf(",\n    parent_id uuid REFERENCES %s_%04d (id) ON DELETE CASCADE", p, i - 1) \
                 : ",\n    parent_id uuid"
    printf "CREATE TABLE %s (\n    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n", t
    printf "    created_at timestamptz NOT NULL DEFAULT now(),\n"
    printf "    updated_at timestamptz NOT NULL DEFAULT now(),\n"
    printf "    deleted_at timestamptz,\n"
    printf "    name text NOT NULL,\n    amount numeric(12, 2),\n    status text NOT NULL DEFAULT '\''new'\''%s\n);\n", fk
    printf "CREATE INDEX idx_%s_parent_id ON %s (parent_id);\n", t, t
    printf "ALTER TABLE %s ADD COLUMN note text;\n", t
  }
}'

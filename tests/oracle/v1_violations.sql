-- The checks of schemaguard.violations() written independently, as one query over
-- pg_catalog: the oracle of the DDL fuzzer (tests/fuzz, which keeps the rows of severity
-- error), the baseline of the full-scan benchmark (bench/scan_full.sh), and, restricted to
-- one table, the PL/pgSQL event trigger baseline (bench/ddl_plpgsql_baseline.sql).
--
-- Same scope and rules as SPEC §2 and extension/rules/*.cpp: the five V1 rules
-- (primary_key, timestamps, soft_delete, fk_on_delete, index_naming; severity error) and
-- the warning rule fk_index, which violations() reports too. One row per finding, as
-- violations(): rule, severity, schema_name, table_name, object_name (NULL when the
-- table itself is concerned), message. No configuration (classes, waivers, baseline,
-- presets): every table is an entity and every finding is open, as with a fresh
-- installation; except what the event triggers record themselves: a detached partition's
-- former partition key and the index names PostgreSQL gave it (schemaguard.former_partitions).
-- primary_key accepts a partitioned table's partition key columns (a detached partition's
-- former ones) plus one uuid key column.
--
-- Defaults are classified from the stored expression tree (pg_attrdef.adbin as text),
-- never from their text: a bare call f() with no arguments (by function OID), or
-- CURRENT_TIMESTAMP (SQLValueFunction op 3 or 4), after stripping one implicit coercion
-- (a typmod cast such as timestamptz(3), or a binary-compatible relabel).
-- A foreign key to a partitioned table is judged once: PostgreSQL also stores one
-- internal clone per referenced partition (conparentid <> 0), which the user never wrote.
-- A partition is judged by fk_on_delete only, on its own foreign keys (conparentid = 0,
-- not the clones of its parent's): table ptbl; everything else of it is its parent's.
-- A column of a domain that is NOT NULL (itself or a domain it is based on, at any depth)
-- refuses nulls as a NOT NULL column does (col.not_null_domain).
-- Extension members are out of scope only when the extension's owner is a superuser.
-- INVALID indexes (indisvalid = false) are not judged by name and cover no foreign key;
-- violations() reports them with severity warning, which this query leaves out.
-- The line /*scope*/ is where the PL/pgSQL baseline adds "AND c.oid = rel".
WITH all_tbl AS MATERIALIZED (
    SELECT c.oid, n.nspname::text AS schema_name, c.relname::text AS table_name, c.relispartition
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND NOT (n.nspname = 'schemaguard'
               AND n.oid = (SELECT x.extnamespace FROM pg_catalog.pg_extension x WHERE x.extname = 'schemaguard'))
      AND NOT starts_with(n.nspname::text, 'pg_toast')
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                      JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
                      JOIN pg_catalog.pg_roles r ON r.oid = x.extowner
                      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                        AND d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
                        AND r.rolsuper)
      /*scope*/
),
tbl AS MATERIALIZED (SELECT oid, schema_name, table_name FROM all_tbl WHERE NOT relispartition),
ptbl AS MATERIALIZED (SELECT oid, schema_name, table_name FROM all_tbl WHERE relispartition),
-- domains that refuse nulls, and the domains based on them
notnull_domain AS MATERIALIZED (
    WITH RECURSIVE d (oid) AS (
        SELECT t.oid FROM pg_catalog.pg_type t WHERE t.typtype = 'd' AND t.typnotnull
        UNION
        SELECT t.oid FROM pg_catalog.pg_type t JOIN d ON t.typbasetype = d.oid WHERE t.typtype = 'd')
    SELECT oid FROM d
),
-- each default's first node (up to its first "}"; a bare call f() has no nested node),
-- after stripping an outer implicit coercion
def AS MATERIALIZED (
    SELECT ad.adrelid, ad.adnum, split_part(CASE
        WHEN starts_with(d.d, '{FUNCEXPR ') AND split_part(d.d, ' :args ', 1) LIKE '% :funcformat 2 %'
            THEN substr(d.d, strpos(d.d, ' :args (') + 8)
        WHEN starts_with(d.d, '{RELABELTYPE :arg ') AND d.d ~ ' :relabelformat 2 :location -?\d+\}$'
            THEN substr(d.d, 19)
        ELSE d.d END, '}', 1) AS node
    FROM tbl
    JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = tbl.oid
    CROSS JOIN LATERAL (SELECT ad.adbin::text AS d OFFSET 0) d
),
col AS MATERIALIZED (
    SELECT a.attrelid AS relid, a.attnum, a.attname::text AS name, a.atttypid AS typid,
           a.attnotnull AS not_null,
           CASE WHEN def.node IS NULL THEN 'none'
                WHEN starts_with(def.node, '{SQLVALUEFUNCTION :op 3 ')
                  OR starts_with(def.node, '{SQLVALUEFUNCTION :op 4 ') THEN 'current_timestamp'
                WHEN starts_with(def.node, '{FUNCEXPR :funcid ')
                 AND def.node LIKE '% :funcformat 0 % :args <> :location %'
                 AND strpos(substr(def.node, 2), '{') = 0 THEN 'call'
                ELSE 'other' END AS default_kind,
           CASE WHEN starts_with(def.node, '{FUNCEXPR :funcid ')
                THEN split_part(def.node, ' ', 3)::oid END AS default_fn
    FROM tbl
    JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN def ON def.adrelid = a.attrelid AND def.adnum = a.attnum
),
-- columns PostgreSQL requires in the primary key: the partition key, or for a detached
-- partition its former partition key (when every column is still there)
req AS MATERIALIZED (
    SELECT t.oid AS relid, array_agg(k.attnum) AS attnums
    FROM tbl t
    JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = t.oid
    CROSS JOIN LATERAL unnest(p.partattrs::int2[]) AS k(attnum)
    WHERE k.attnum <> 0
    GROUP BY t.oid
    UNION ALL
    SELECT t.oid, array_agg(a.attnum)
    FROM tbl t
    JOIN schemaguard.former_partitions f ON f.relid = t.oid
    CROSS JOIN LATERAL unnest(f.key_columns) AS kc(name)
    LEFT JOIN col a ON a.relid = t.oid AND a.name = kc.name
    WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_partitioned_table p WHERE p.partrelid = t.oid)
    GROUP BY t.oid
    HAVING count(a.attnum) = count(*)
),
-- the key column proper: the only one, or the one left beside exactly the required ones
pkey AS MATERIALIZED (
    SELECT t.oid AS relid, pk.oid AS conoid, pk.conkey,
           CASE WHEN cardinality(pk.conkey) = 1 THEN pk.conkey[1]
                WHEN r.attnums <@ pk.conkey AND cardinality(pk.conkey) = cardinality(r.attnums) + 1
                THEN (SELECT x FROM unnest(pk.conkey) x WHERE x <> ALL (r.attnums)) END AS attnum
    FROM tbl t
    LEFT JOIN pg_catalog.pg_constraint pk ON pk.conrelid = t.oid AND pk.contype = 'p'
    LEFT JOIN req r ON r.relid = t.oid
),
finding (rule, relid, object_name, message) AS (
    -- primary_key: one uuid column DEFAULT pg_catalog.gen_random_uuid() (by OID)
    SELECT 'primary_key', t.oid, k.name,
           CASE WHEN pk.conoid IS NULL THEN 'table has no primary key'
                WHEN pk.attnum IS NULL THEN 'composite primary key'
                WHEN k.typid <> 'pg_catalog.uuid'::regtype THEN format('primary key column "%s" is not uuid', k.name)
                ELSE format('primary key column "%s" has no or another default', k.name) END
    FROM tbl t
    JOIN pkey pk ON pk.relid = t.oid
    LEFT JOIN col k ON k.relid = t.oid AND k.attnum = pk.attnum
    WHERE pk.conoid IS NULL OR pk.attnum IS NULL
       OR k.typid <> 'pg_catalog.uuid'::regtype
       OR k.typid IS NOT NULL AND (k.default_kind <> 'call'
                                   OR k.default_fn <> 'pg_catalog.gen_random_uuid()'::regprocedure)
    UNION ALL
    -- timestamps: created_at, updated_at timestamptz NOT NULL DEFAULT <current time>
    SELECT 'timestamps', t.oid, w.name, m.message
    FROM tbl t
    CROSS JOIN (VALUES ('created_at'), ('updated_at')) w (name)
    LEFT JOIN col c ON c.relid = t.oid AND c.name = w.name
    CROSS JOIN LATERAL (
        SELECT format('column "%s" is missing', w.name) WHERE c.relid IS NULL
        UNION ALL SELECT format('column "%s" is %s, expected timestamptz', w.name, c.typid::regtype)
                  WHERE c.typid <> 'pg_catalog.timestamptz'::regtype
        UNION ALL SELECT format('column "%s" is nullable, expected NOT NULL', w.name) WHERE NOT c.not_null
        -- whatever the type (the default is read without its implicit cast to the type)
        UNION ALL SELECT format('column "%s" has no or another default, expected DEFAULT now()', w.name)
                  WHERE c.relid IS NOT NULL
                    AND c.default_kind <> 'current_timestamp'
                    AND NOT (c.default_kind = 'call' AND c.default_fn IN (
                        'pg_catalog.now()'::regprocedure, 'pg_catalog.transaction_timestamp()'::regprocedure,
                        'pg_catalog.statement_timestamp()'::regprocedure,
                        'pg_catalog.clock_timestamp()'::regprocedure))
    ) m (message)
    UNION ALL
    -- soft_delete: deleted_at timestamptz, nullable, no default
    SELECT 'soft_delete', t.oid, 'deleted_at', m.message
    FROM tbl t
    LEFT JOIN col c ON c.relid = t.oid AND c.name = 'deleted_at'
    CROSS JOIN LATERAL (
        SELECT 'column "deleted_at" is missing' WHERE c.relid IS NULL
        UNION ALL SELECT format('column "deleted_at" is %s, expected timestamptz', c.typid::regtype)
                  WHERE c.typid <> 'pg_catalog.timestamptz'::regtype
        UNION ALL SELECT 'column "deleted_at" is NOT NULL, expected nullable' WHERE c.not_null
        UNION ALL SELECT 'column "deleted_at" has a default, expected none' WHERE c.default_kind <> 'none'
    ) m (message)
    UNION ALL
    -- fk_on_delete: ON DELETE CASCADE, or SET NULL on nullable columns only (a NOT NULL
    -- domain refuses nulls too); on tables and on partitions (their own keys)
    SELECT 'fk_on_delete', t.oid, fk.conname::text,
           format('foreign key "%s" is ON DELETE %s', fk.conname,
                  CASE fk.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                                      WHEN 'd' THEN 'SET DEFAULT' ELSE 'SET NULL on a NOT NULL column' END)
    FROM all_tbl t
    JOIN pg_catalog.pg_constraint fk ON fk.conrelid = t.oid AND fk.contype = 'f' AND fk.conparentid = 0
    WHERE fk.confdeltype IN ('a', 'r', 'd')
       OR fk.confdeltype = 'n' AND EXISTS (
              SELECT FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = t.oid
                AND (a.attnotnull OR a.atttypid IN (SELECT oid FROM notnull_domain))
                AND a.attnum = ANY (coalesce(nullif(fk.confdelsetcols, '{}'), fk.conkey)))
    UNION ALL
    -- index_naming: indexes backing no PRIMARY KEY/UNIQUE/EXCLUDE constraint are named
    -- idx_<table>_<first key column>[_...] (expression: idx_<table>_...), after the
    -- 63-byte truncation (text::name truncates as PostgreSQL does)
    SELECT 'index_naming', t.oid, ic.relname::text, format('index "%s" is misnamed', ic.relname)
    FROM tbl t
    JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    LEFT JOIN col k ON k.relid = t.oid AND k.attnum = i.indkey[0] AND i.indkey[0] > 0
    CROSS JOIN LATERAL (SELECT 'idx_' || t.table_name || '_' || coalesce(k.name || '_', '') AS prefix,
                               ic.relname::text AS name) p
    WHERE i.indisvalid
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint b
                      WHERE b.conrelid = t.oid AND b.contype IN ('p', 'u', 'x') AND b.conindid = i.indexrelid)
      AND NOT EXISTS (SELECT FROM schemaguard.former_partitions f
                      WHERE f.relid = t.oid AND ic.relname::text = ANY (f.index_names))
      AND NOT (k.name IS NOT NULL AND p.name = ('idx_' || t.table_name || '_' || k.name)::name::text)
      AND NOT (starts_with(p.name, p.prefix) AND octet_length(p.name) > octet_length(p.prefix))
      AND NOT (octet_length(p.prefix) + 4 > 63 AND p.name = p.prefix::name::text)
    UNION ALL
    -- fk_index (warning): every foreign key's columns lead some index, in any order
    SELECT 'fk_index', t.oid, fk.conname::text, format('foreign key "%s" has no index', fk.conname)
    FROM tbl t
    JOIN pg_catalog.pg_constraint fk ON fk.conrelid = t.oid AND fk.contype = 'f' AND fk.conparentid = 0
    WHERE NOT EXISTS (
        SELECT FROM pg_catalog.pg_index i
        WHERE i.indrelid = t.oid AND i.indisvalid AND i.indnkeyatts >= cardinality(fk.conkey)
          AND (SELECT array_agg(x ORDER BY x) FROM unnest(fk.conkey) x)
            = (SELECT array_agg(x ORDER BY x)
               FROM unnest((i.indkey::int2[])[0:cardinality(fk.conkey) - 1]) x))
)
SELECT f.rule, CASE f.rule WHEN 'fk_index' THEN 'warning' ELSE 'error' END AS severity,
       t.schema_name, t.table_name, f.object_name, f.message
FROM finding f
JOIN all_tbl t ON t.oid = f.relid
ORDER BY t.schema_name, t.table_name, f.rule;

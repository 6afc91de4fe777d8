# pg_repack 1.4: its working tables repack.log_<oid> / repack.table_<oid> (preset
# pg_repack); --only-indexes builds index_<oid> beside each index before swapping it in.
fresh_db pg_repack
repack=$(command -v pg_repack || echo /usr/lib/postgresql/15/bin/pg_repack)
sql "$DB" "CREATE EXTENSION pg_repack;
  CREATE TABLE items (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz);
  CREATE INDEX idx_items_name ON items (name);
  INSERT INTO items (name) SELECT g::text FROM generate_series(1, 2000) AS g;
  DELETE FROM items WHERE random() < 0.5" >/dev/null
rejected "a full repack without the preset is rejected, naming its log table" 'repack.log_[0-9]*' primary_key \
  "$repack" -d "$DB" -t items
shows "...and says which preset to enable" "SELECT schemaguard.enable_preset('pg_repack')"
enable pg_repack
succeeds "full repack with the preset" "$repack" -d "$DB" -t items
succeeds "repack --only-indexes with the preset" "$repack" -d "$DB" -t items --only-indexes
equals "the indexes are back, valid, under their names" "idx_items_name|true,items_pkey|true" \
  "$(sql "$DB" "SELECT string_agg(indexrelid::regclass::text || '|' || indisvalid::text, ','
                                  ORDER BY indexrelid::regclass::text)
                FROM pg_index WHERE indrelid = 'items'::regclass")"
equals "no open violations" 0 "$(compliant)"
equals "nothing is left in the repack schema" 0 \
  "$(sql "$DB" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'repack' AND c.relkind = 'r'")"

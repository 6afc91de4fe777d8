# postgrator (postgrator-cli): bookkeeping table schemaversion (preset postgrator).
fresh_db postgrator
mkdir migrations
v1_authors_table >migrations/001.do.authors.sql
up() { postgrator --driver pg --host "$PGHOST" --port "$PGPORT" --database "$DB" --username "$PGUSER" \
         --migration-pattern 'migrations/*'; }
rejected "first run without the preset is rejected, naming schemaversion" public.schemaversion primary_key up
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('postgrator')"
enable postgrator
succeeds "first run with the preset and a V1 model migrates" up
equals "no open violations" 0 "$(compliant)"
cat >migrations/002.do.legacy.sql <<'SQL'
CREATE TABLE legacy (id serial PRIMARY KEY, name text);
SQL
rejected "a serial-keyed table is rejected, table and rule in postgrator's output" public.legacy primary_key up

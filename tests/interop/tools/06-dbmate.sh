# dbmate: bookkeeping table schema_migrations (preset dbmate).
fresh_db dbmate
mkdir -p db/migrations
url="postgres://$PGUSER@:$PGPORT/$DB?socket=$PGHOST&sslmode=disable"
{ echo '-- migrate:up'; v1_authors_table; cat <<'SQL'; } >db/migrations/20240101000000_authors.sql
CREATE TABLE books (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    author_id uuid REFERENCES authors ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX idx_books_author_id ON books (author_id);
-- migrate:down
DROP TABLE books, authors;
SQL
up() { dbmate --url "$url" --no-dump-schema up; }
rejected "first run without the preset is rejected, naming schema_migrations" public.schema_migrations primary_key up
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('dbmate')"
enable dbmate
succeeds "first run with the preset and a V1 model migrates" up
equals "no open violations" 0 "$(compliant)"
cat >db/migrations/20240102000000_legacy.sql <<'SQL'
-- migrate:up
CREATE TABLE legacy (id bigserial PRIMARY KEY, name text);
-- migrate:down
DROP TABLE legacy;
SQL
rejected "a bigserial-keyed table is rejected, table and rule in dbmate's output" public.legacy primary_key up

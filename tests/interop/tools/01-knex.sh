# knex: bookkeeping tables knex_migrations and knex_migrations_lock (preset knex).
fresh_db knex
cat >knexfile.js <<'JS'
module.exports = { client: 'pg', connection: process.env.DATABASE_URL, migrations: { directory: './migrations' } };
JS
mkdir migrations
cat >migrations/20240101000000_authors.js <<'JS'
// V1 the knex way: uuid key defaulting to gen_random_uuid(), timestamps(true, true) gives
// created_at/updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, a nullable deleted_at.
exports.up = (knex) =>
  knex.schema.createTable('authors', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.string('name').notNullable();
    t.timestamps(true, true);
    t.timestamp('deleted_at');
  }).createTable('books', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('author_id').references('id').inTable('authors').onDelete('CASCADE');
    t.index(['author_id'], 'idx_books_author_id');
    t.timestamps(true, true);
    t.timestamp('deleted_at');
  });
exports.down = (knex) => knex.schema.dropTable('books').dropTable('authors');
JS
rejected "first run without the preset is rejected, naming knex_migrations" public.knex_migrations primary_key \
  knex migrate:latest
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('knex')"
enable knex
succeeds "first run with the preset and a V1 model migrates" knex migrate:latest
equals "no open violations" 0 "$(compliant)"
cat >migrations/20240102000000_legacy.js <<'JS'
exports.up = (knex) => knex.schema.createTable('legacy', (t) => { t.increments('id'); t.string('name'); });
exports.down = (knex) => knex.schema.dropTable('legacy');
JS
rejected "a serial-keyed table is rejected, table and rule in knex's output" public.legacy primary_key \
  knex migrate:latest
equals "the rejected migration left nothing" "" "$(sql "$DB" "SELECT to_regclass('public.legacy')")"

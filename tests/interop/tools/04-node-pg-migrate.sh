# node-pg-migrate: bookkeeping table pgmigrations (preset node-pg-migrate).
fresh_db node-pg-migrate
mkdir migrations
cat >migrations/1704067200000_authors.js <<'JS'
// V1 the node-pg-migrate way: pgm.func() for database-side defaults.
const v1 = (pgm) => ({
  id: { type: 'uuid', primaryKey: true, default: pgm.func('gen_random_uuid()') },
  created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  updated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  deleted_at: { type: 'timestamptz' },
});
exports.up = (pgm) => {
  pgm.createTable('authors', { ...v1(pgm), name: { type: 'text' } });
  pgm.createTable('books', { ...v1(pgm), author_id: { type: 'uuid', references: 'authors', onDelete: 'CASCADE' } });
  pgm.createIndex('books', 'author_id', { name: 'idx_books_author_id' });
};
exports.down = (pgm) => { pgm.dropTable('books'); pgm.dropTable('authors'); };
JS
npm_migrate() { node-pg-migrate up -m migrations --no-check-order -j js 2>&1; }
rejected "first run without the preset is rejected, naming pgmigrations" public.pgmigrations primary_key npm_migrate
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('node-pg-migrate')"
enable node-pg-migrate
succeeds "first run with the preset and a V1 model migrates" npm_migrate
equals "no open violations" 0 "$(compliant)"
cat >migrations/1704153600000_legacy.js <<'JS'
exports.up = (pgm) => { pgm.createTable('legacy', { id: 'id', name: { type: 'text' } }); };
exports.down = (pgm) => { pgm.dropTable('legacy'); };
JS
rejected "a serial 'id' table is rejected, table and rule in node-pg-migrate's output" public.legacy primary_key npm_migrate

# drizzle-kit / drizzle-orm migrate: bookkeeping table drizzle.__drizzle_migrations (preset drizzle).
fresh_db drizzle

cat >schema.js <<'JS'
// V1 the drizzle way: uuid().primaryKey().defaultRandom() is DEFAULT gen_random_uuid();
// timestamp(..., { withTimezone: true }).notNull().defaultNow() is timestamptz NOT NULL DEFAULT now().
const { pgTable, uuid, text, timestamp, index } = require('drizzle-orm/pg-core');
const v1 = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deleted_at: timestamp('deleted_at', { withTimezone: true }),
});
exports.authors = pgTable('authors', { ...v1(), name: text('name') });
exports.books = pgTable('books', {
  ...v1(),
  author_id: uuid('author_id').references(() => exports.authors.id, { onDelete: 'cascade' }),
}, (t) => ({ author: index('idx_books_author_id').on(t.author_id) }));
JS
cat >drizzle.config.js <<'JS'
const env = process.env;
module.exports = { dialect: 'postgresql', schema: './schema.js', out: './drizzle',
  dbCredentials: { host: env.PGHOST, port: Number(env.PGPORT), user: env.PGUSER, database: env.DB, ssl: false } };
JS
cat >migrate.js <<'JS'
// drizzle-orm's migrator, as an application runs it at start-up.
const { drizzle } = require('drizzle-orm/node-postgres');
const { migrate } = require('drizzle-orm/node-postgres/migrator');
const { Client } = require('pg');
(async () => {
  const client = new Client({ database: process.env.DB });
  await client.connect();
  try { await migrate(drizzle(client), { migrationsFolder: './drizzle' }); }
  catch (e) { console.error(e.message); process.exitCode = 1; }
  finally { await client.end(); }
})();
JS
succeeds "drizzle-kit generates the migration" drizzle-kit generate --name authors
rejected "first migrate without the preset is rejected, naming drizzle.__drizzle_migrations" \
  drizzle.__drizzle_migrations primary_key node migrate.js
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('drizzle')"
enable drizzle
succeeds "first migrate with the preset and a V1 schema migrates" node migrate.js
equals "no open violations" 0 "$(compliant)"
cat >>schema.js <<'JS'
const { serial } = require('drizzle-orm/pg-core');
exports.legacy = pgTable('legacy', { id: serial('id').primaryKey(), name: text('name') });
JS
succeeds "drizzle-kit generates the second migration" drizzle-kit generate --name legacy
rejected "a serial-keyed table is rejected, table and rule in the migrator's output" public.legacy primary_key node migrate.js
rejected "drizzle-kit migrate shows it too" public.legacy primary_key drizzle-kit migrate

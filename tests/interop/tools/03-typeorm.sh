# TypeORM: bookkeeping table "migrations" (and "typeorm_metadata"; preset typeorm).
fresh_db typeorm
mkdir migrations
cat >datasource.js <<'JS'
const { DataSource } = require('typeorm');
const env = process.env;
// uuidExtension pgcrypto: generated uuid columns default to gen_random_uuid() (the built-in
// function since PostgreSQL 13), not uuid-ossp's uuid_generate_v4().
module.exports = new DataSource({
  type: 'postgres', host: env.PGHOST, port: Number(env.PGPORT), username: env.PGUSER, database: env.DB,
  uuidExtension: 'pgcrypto', migrations: [__dirname + '/migrations/*.js'], migrationsTransactionMode: 'each',
});
JS
cat >migrations/1704067200000-Authors.js <<'JS'
const { Table } = require('typeorm');
const v1 = [
  { name: 'id', type: 'uuid', isPrimary: true, isGenerated: true, generationStrategy: 'uuid' },
  { name: 'created_at', type: 'timestamptz', default: 'now()' },
  { name: 'updated_at', type: 'timestamptz', default: 'now()' },
  { name: 'deleted_at', type: 'timestamptz', isNullable: true },
];
module.exports = class Authors1704067200000 {
  name = 'Authors1704067200000';
  async up(queryRunner) {
    await queryRunner.createTable(new Table({ name: 'authors', columns: [...v1, { name: 'name', type: 'varchar' }] }));
    await queryRunner.createTable(new Table({
      name: 'books',
      columns: [...v1, { name: 'author_id', type: 'uuid', isNullable: true }],
      foreignKeys: [{ columnNames: ['author_id'], referencedTableName: 'authors', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [{ name: 'idx_books_author_id', columnNames: ['author_id'] }],
    }));
  }
  async down(queryRunner) {
    await queryRunner.dropTable('books');
    await queryRunner.dropTable('authors');
  }
};
JS
rejected "first run without the preset is rejected, naming migrations" public.migrations primary_key \
  typeorm migration:run -d datasource.js
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('typeorm')"
enable typeorm
succeeds "first run with the preset and a V1 model migrates" typeorm migration:run -d datasource.js
equals "no open violations" 0 "$(compliant)"
cat >migrations/1704153600000-Legacy.js <<'JS'
module.exports = class Legacy1704153600000 {
  name = 'Legacy1704153600000';
  async up(queryRunner) {
    await queryRunner.query('CREATE TABLE "legacy" ("id" SERIAL NOT NULL, "name" character varying, CONSTRAINT "PK_legacy" PRIMARY KEY ("id"))');
  }
  async down(queryRunner) { await queryRunner.query('DROP TABLE "legacy"'); }
};
JS
rejected "a SERIAL-keyed entity is rejected, table and rule in typeorm's output" public.legacy primary_key \
  typeorm migration:run -d datasource.js

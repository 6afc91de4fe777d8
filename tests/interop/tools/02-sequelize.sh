# sequelize-cli: bookkeeping table "SequelizeMeta" (and "SequelizeData" for seeders; preset sequelize).
fresh_db sequelize
mkdir -p migrations
echo "module.exports = { config: require('path').resolve('config.js') };" >.sequelizerc
cat >config.js <<'JS'
const env = process.env;
module.exports = { development: { dialect: 'postgres', host: env.PGHOST, port: env.PGPORT, username: env.PGUSER,
                                  database: env.DB, logging: false } };
JS
cat >migrations/20240101000000-create-authors.js <<'JS'
'use strict';
// V1 the Sequelize way: UUID key with defaultValue literal gen_random_uuid() (Sequelize.UUIDV4
// is generated in JavaScript, not in the database), DATE is timestamptz in PostgreSQL, and
// the timestamps default to now() in the database.
const v1 = (Sequelize) => ({
  id: { type: Sequelize.UUID, primaryKey: true, allowNull: false, defaultValue: Sequelize.literal('gen_random_uuid()') },
  created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn('now') },
  updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn('now') },
  deleted_at: { type: Sequelize.DATE, allowNull: true },
});
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.createTable('authors', { ...v1(Sequelize), name: { type: Sequelize.STRING } }, { transaction });
      await queryInterface.createTable('books', {
        ...v1(Sequelize),
        author_id: { type: Sequelize.UUID, references: { model: 'authors', key: 'id' }, onDelete: 'CASCADE' },
      }, { transaction });
      await queryInterface.addIndex('books', ['author_id'], { name: 'idx_books_author_id', transaction });
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('books');
    await queryInterface.dropTable('authors');
  },
};
JS
rejected "first run without the preset is rejected, naming SequelizeMeta" 'public."SequelizeMeta"' primary_key \
  sequelize-cli db:migrate
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('sequelize')"
enable sequelize
succeeds "first run with the preset and a V1 model migrates" sequelize-cli db:migrate
equals "no open violations" 0 "$(compliant)"
cat >migrations/20240102000000-create-legacy.js <<'JS'
'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('legacy', {
      id: { type: Sequelize.INTEGER, autoIncrement: true, primaryKey: true },
      createdAt: { type: Sequelize.DATE, allowNull: false },
      updatedAt: { type: Sequelize.DATE, allowNull: false },
    });
  },
  async down(queryInterface) { await queryInterface.dropTable('legacy'); },
};
JS
rejected "a model with an integer key is rejected, table and rule in sequelize-cli's output" public.legacy primary_key \
  sequelize-cli db:migrate

# Rails (ActiveRecord migrations): bookkeeping tables schema_migrations and
# ar_internal_metadata (preset rails).
fresh_db rails
mkdir -p db/migrate
cat >migrate.rb <<'RB'
require 'active_record'
ActiveRecord::Base.establish_connection(adapter: 'postgresql', host: ENV['PGHOST'], port: ENV['PGPORT'],
                                        username: ENV['PGUSER'], database: ENV['DB'])
ActiveRecord::Migration.verbose = false
ActiveRecord::MigrationContext.new('db/migrate', ActiveRecord::SchemaMigration).migrate
RB
cat >db/migrate/20240101000000_create_authors.rb <<'RB'
# V1 the Rails way: id: :uuid (gen_random_uuid() is the PostgreSQL adapter's default for
# uuid keys); Rails 6.1's t.timestamps are timestamp without time zone, so the columns are
# declared as timestamptz with a database default.
class CreateAuthors < ActiveRecord::Migration[6.1]
  def change
    create_table :authors, id: :uuid do |t|
      t.text :name
      t.column :created_at, :timestamptz, null: false, default: -> { 'now()' }
      t.column :updated_at, :timestamptz, null: false, default: -> { 'now()' }
      t.column :deleted_at, :timestamptz
    end
    create_table :books, id: :uuid do |t|
      t.references :author, type: :uuid, foreign_key: { on_delete: :cascade }, index: { name: 'idx_books_author_id' }
      t.column :created_at, :timestamptz, null: false, default: -> { 'now()' }
      t.column :updated_at, :timestamptz, null: false, default: -> { 'now()' }
      t.column :deleted_at, :timestamptz
    end
  end
end
RB
up() { ruby migrate.rb; }
rejected "first run without the preset is rejected, naming schema_migrations" public.schema_migrations primary_key up
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('dbmate') (or 'golang-migrate' or 'rails')"
enable rails
succeeds "first run with the preset and a V1 model migrates" up
equals "no open violations" 0 "$(compliant)"
cat >db/migrate/20240102000000_create_legacy.rb <<'RB'
class CreateLegacy < ActiveRecord::Migration[6.1]
  def change
    create_table :legacy do |t|
      t.text :name
      t.timestamps
    end
  end
end
RB
rejected "a bigint-keyed table with Rails timestamps is rejected, table and rule in the output" public.legacy primary_key up

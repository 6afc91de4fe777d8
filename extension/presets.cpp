#include "presets.hpp"

#include "engine.hpp"
#include "table_shape.hpp"

namespace schemaguard {

// The names come from each tool's own source (defaults of its configuration):
// knex migrator-configuration-merger.js and table-resolver.js, node-pg-migrate bin,
// sequelize-cli umzug-helper.js, typeorm MigrationExecutor.js and DataSource.js,
// drizzle-orm pg-core/dialect.js, postgrator.js, graphile-migrate's migration.ts,
// sqitch's Engine/Pg registry, Django's MigrationRecorder, Alembic's MigrationContext,
// ActiveRecord's SchemaMigration and InternalMetadata, pg_partman's create_parent
// (template_<schema>_<table>) and pg_repack's repack.log_<oid> / repack.table_<oid>.
const std::vector<Preset>& all_presets() {
  static const std::vector<Preset> presets = {
      {"knex", "knex migrations", "public", false, {"knex_migrations", "knex_migrations_lock"}, {}},
      {"node-pg-migrate", "node-pg-migrate", "public", false, {"pgmigrations"}, {}},
      {"sequelize", "sequelize-cli", "public", false, {"SequelizeMeta", "SequelizeData"}, {}},
      {"typeorm", "TypeORM migrations", "public", false, {"migrations", "typeorm_metadata"}, {}},
      {"prisma", "Prisma Migrate", "public", false, {"_prisma_migrations"}, {}},
      {"drizzle", "drizzle-kit / drizzle-orm migrate", "drizzle", true, {"__drizzle_migrations"}, {}},
      {"dbmate", "dbmate", "public", false, {"schema_migrations"}, {}},
      {"golang-migrate", "golang-migrate", "public", false, {"schema_migrations"}, {}},
      {"goose", "goose", "public", false, {"goose_db_version"}, {}},
      {"sqlx", "sqlx migrate", "public", false, {"_sqlx_migrations"}, {}},
      {"flyway", "Flyway", "public", false, {"flyway_schema_history"}, {}},
      {"liquibase", "Liquibase", "public", false, {"databasechangelog", "databasechangeloglock"}, {}},
      {"rails", "Rails (ActiveRecord)", "public", false, {"schema_migrations", "ar_internal_metadata"}, {}},
      {"django", "Django migrations", "public", false, {"django_migrations"}, {}},
      {"django-contrib",
       "Django's contrib apps (auth, contenttypes, sessions, admin, sites)",
       "public",
       false,
       {"auth_group", "auth_group_permissions", "auth_permission", "auth_user", "auth_user_groups",
        "auth_user_user_permissions", "django_admin_log", "django_content_type", "django_session", "django_site"},
       {}},
      {"alembic", "Alembic", "public", false, {"alembic_version"}, {}},
      {"sqitch",
       "Sqitch registry",
       "sqitch",
       true,
       {"changes", "dependencies", "events", "projects", "releases", "tags"},
       {}},
      {"postgrator", "postgrator", "public", false, {"schemaversion"}, {}},
      {"graphile-migrate", "graphile-migrate", "graphile_migrate", true, {"migrations", "current"}, {}},
      {"atlas", "Atlas revisions", "atlas_schema_revisions", true, {"atlas_schema_revisions"}, {}},
      {"pg_partman", "pg_partman template tables", "partman", true, {"template_*"}, {}},
      {"pg_repack", "pg_repack working tables", "repack", true, {"log_*", "table_*"}, {}},
      {"postgis_topology",
       "PostGIS topology (one schema per topology)",
       "",
       true,
       {"face", "node", "edge_data", "relation"},
       {"mbr", "containing_face", "next_left_edge", "topogeo_id"}},
  };
  return presets;
}

const Preset* find_preset(const std::string& name) {
  for (const Preset& preset : all_presets())
    if (preset.name == name) return &preset;
  return nullptr;
}

bool preset_covers(const Preset& preset, const std::string& preset_schema, const std::string& schema,
                   const std::string& table) {
  if (schema != preset_schema) return false;
  for (const std::string& pattern : preset.tables)
    if (pattern_matches(pattern, table)) return true;
  return false;
}

std::vector<const Preset*> presets_naming(const TableShape& table) {
  std::vector<const Preset*> found;
  for (const Preset& preset : all_presets()) {
    if (preset.schema.empty()) {
      for (std::size_t i = 0; i < preset.tables.size() && i < preset.signature_columns.size(); ++i)
        if (preset.tables[i] == table.name && table.column(preset.signature_columns[i]) != nullptr) {
          found.push_back(&preset);
          break;
        }
      continue;
    }
    if (preset_covers(preset, preset.own_schema ? preset.schema : table.schema, table.schema, table.name))
      found.push_back(&preset);
  }
  return found;
}

}  // namespace schemaguard

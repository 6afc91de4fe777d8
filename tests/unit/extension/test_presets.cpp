// Presets and the exempt class: which tables a superuser's configuration takes out of scope.
#include <catch2/catch.hpp>
#include <set>

#include "engine.hpp"
#include "presets.hpp"
#include "shape_builder.hpp"

using namespace sgtest;

namespace {

// A table a migration tool creates: serial key, no timestamps.
TableShape tool_table(const std::string& name, const std::string& schema = "public") {
  TableShape table = compliant_table(name, schema);
  column_named(table, "id").type_oid = kInteger;
  column_named(table, "id").type_name = "integer";
  drop_column(table, "created_at");
  return table;
}

}  // namespace

TEST_CASE("presets: names are unique and every preset names tables") {
  std::set<std::string> names;
  for (const Preset& preset : all_presets()) {
    CHECK(names.insert(preset.name).second);
    CHECK_FALSE(preset.tables.empty());
  }
  for (const char* name : {"knex",       "node-pg-migrate",  "sequelize",     "typeorm",
                           "dbmate",     "golang-migrate",   "goose",         "sqlx",
                           "flyway",     "liquibase",        "rails",         "django",
                           "alembic",    "prisma",           "drizzle",       "sqitch",
                           "postgrator", "graphile-migrate", "atlas",         "pg_partman",
                           "pg_repack",  "postgis_topology", "django-contrib"})
    CHECK(find_preset(name) != nullptr);
  CHECK(find_preset("Knex") == nullptr);
}

TEST_CASE("presets: nothing is exempt unless a preset is enabled") {
  TableShape table = tool_table("knex_migrations");
  Config config;
  CHECK_FALSE(judge(table, config).empty());
  CHECK(table.table_class == TableClass::kEntity);
}

TEST_CASE("presets: an enabled preset exempts exactly its tables in its schema") {
  Config config;
  config.presets = {{"knex", "public"}};
  TableShape migrations = tool_table("knex_migrations");
  CHECK(judge(migrations, config).empty());
  CHECK(migrations.table_class == TableClass::kExempt);
  ClassOrigin origin = config.class_origin(migrations);
  CHECK(origin.source == ClassSource::kPreset);
  CHECK(origin.name == "knex");

  TableShape lock = tool_table("knex_migrations_lock");
  CHECK(judge(lock, config).empty());
  // another schema, a longer name, another case: in scope
  TableShape elsewhere = tool_table("knex_migrations", "app");
  CHECK_FALSE(judge(elsewhere, config).empty());
  TableShape longer = tool_table("knex_migrations_2");
  CHECK_FALSE(judge(longer, config).empty());
  TableShape upper = tool_table("KNEX_MIGRATIONS");
  CHECK_FALSE(judge(upper, config).empty());

  config.presets = {{"knex", "app"}};
  CHECK(judge(elsewhere, config).empty());
  CHECK_FALSE(judge(migrations, config).empty());
}

TEST_CASE("presets: wildcard tables (pg_partman templates, pg_repack) stay inside their schema") {
  Config config;
  config.presets = {{"pg_partman", "partman"}, {"pg_repack", "repack"}};
  TableShape table = tool_table("template_public_events", "partman");
  CHECK(judge(table, config).empty());
  TableShape log = tool_table("log_16385", "repack");
  CHECK(judge(log, config).empty());
  TableShape other = tool_table("template_public_events", "public");
  CHECK_FALSE(judge(other, config).empty());
  TableShape repack_other = tool_table("other", "repack");
  CHECK_FALSE(judge(repack_other, config).empty());
}

TEST_CASE("exempt: explicit classification beats a preset, a preset beats patterns") {
  TableShape table = tool_table("schema_migrations");
  Config config;
  config.presets = {{"dbmate", "public"}};
  config.class_patterns = {{"public.*", TableClass::kEntity}};
  CHECK(judge(table, config).empty());
  config.classes[table.oid] = TableClass::kEntity;
  CHECK_FALSE(judge(table, config).empty());
  CHECK(config.class_origin(table).source == ClassSource::kExplicit);

  Config by_pattern;
  by_pattern.class_patterns = {{"sqitch.*", TableClass::kExempt}};
  TableShape changes = tool_table("changes", "sqitch");
  CHECK(judge(changes, by_pattern).empty());
  CHECK(by_pattern.class_origin(changes).source == ClassSource::kPattern);
  CHECK(by_pattern.class_origin(changes).name == "sqitch.*");
}

TEST_CASE("class patterns: '*' never spans the dot between schema and table") {
  CHECK(class_pattern_matches("sqitch.*", "sqitch", "changes"));
  CHECK_FALSE(class_pattern_matches("sqitch.*", "sqitch.x", "t"));
  CHECK(class_pattern_matches("public.*", "public", "x"));
  CHECK_FALSE(class_pattern_matches("public.a*", "public", "b.a"));
  CHECK(class_pattern_matches("*.*_log*", "a", "event_log_2024"));
  CHECK_FALSE(class_pattern_matches("*.*_log*", "a_log", "events"));
  CHECK(class_pattern_matches("public.*_tokens", "public", "auth_tokens"));
  CHECK_FALSE(class_pattern_matches("public.*_tokens", "publicx", "auth_tokens"));
}

TEST_CASE("fix hints: a tool's bookkeeping table gets the preset, not DDL") {
  Config config;
  TableShape table = tool_table("knex_migrations");
  auto violations = judge(table, config);
  REQUIRE_FALSE(violations.empty());
  for (const Violation& violation : violations)
    CHECK(violation.hint ==
          "SELECT schemaguard.enable_preset('knex');  -- if this is a table of knex: a superuser exempts a "
          "tool's tables (schemaguard.presets) instead of rewriting them");

  SECTION("in another schema the hint names it") {
    TableShape app = tool_table("pgmigrations", "app");
    auto found = judge(app, config);
    REQUIRE_FALSE(found.empty());
    CHECK(found[0].hint.rfind("SELECT schemaguard.enable_preset('node-pg-migrate', 'app');", 0) == 0);
  }
  SECTION("a name several tools use lists them") {
    TableShape shared = tool_table("schema_migrations");
    auto found = judge(shared, config);
    REQUIRE_FALSE(found.empty());
    CHECK(found[0].hint ==
          "SELECT schemaguard.enable_preset('dbmate');  -- or 'golang-migrate' or 'rails', whichever tool this "
          "table belongs to: a superuser exempts a tool's tables (schemaguard.presets) instead of rewriting them");
    CHECK(describe_rejection(found, kRejectionLines).message ==
          "schemaguard: 2 violations on public.schema_migrations (primary_key, timestamps); a migration tool's "
          "table? a superuser runs SELECT schemaguard.enable_preset('dbmate') (or 'golang-migrate' or 'rails')");
  }
  SECTION("own-schema tools match only in their schema") {
    TableShape changes = tool_table("changes", "public");
    auto found = judge(changes, config);
    REQUIRE_FALSE(found.empty());
    CHECK(found[0].hint.find("enable_preset") == std::string::npos);
    TableShape registry = tool_table("changes", "sqitch");
    CHECK(judge(registry, config)[0].hint.rfind("SELECT schemaguard.enable_preset('sqitch');", 0) == 0);
  }
  SECTION("an explicit classification keeps the ordinary hints") {
    config.classes[table.oid] = TableClass::kInternal;
    auto found = judge(table, config);
    REQUIRE_FALSE(found.empty());
    for (const Violation& violation : found) CHECK(violation.hint.find("enable_preset") == std::string::npos);
  }
  SECTION("postgis topology tables are matched by name and signature column, in any schema") {
    TableShape node = tool_table("node", "city_data");
    CHECK(judge(node, config)[0].hint.find("enable_preset") == std::string::npos);
    add_column(node, "containing_face", kInteger);
    CHECK(judge(node, config)[0].hint.rfind("SELECT schemaguard.enable_preset('postgis_topology', 'city_data');", 0) ==
          0);
  }
}

TEST_CASE("former partitions: the parent's partition key columns stay accepted in the key") {
  TableShape table = compliant_table("events_p2024_01_01");
  AttrNumber id = column_named(table, "id").attnum;
  AttrNumber created_at = column_named(table, "created_at").attnum;
  table.primary_key = {id, created_at};
  Config config;
  REQUIRE(judge(table, config).size() == 1);  // on its own, a composite key

  config.former_partitions[table.oid].key_columns = {"created_at"};
  CHECK(judge(table, config).empty());
  CHECK(table.required_key_columns == std::vector<AttrNumber>{created_at});

  SECTION("a key column that no longer exists: no requirement, judged as on its own") {
    TableShape renamed = compliant_table("events_p2024_01_01");
    renamed.primary_key = {id, created_at};
    config.former_partitions[renamed.oid].key_columns = {"occurred_at"};
    CHECK(judge(renamed, config).size() == 1);
  }
}

TEST_CASE("former partitions: index_naming skips the indexes it had at detach, not later ones") {
  TableShape table = compliant_table("events_p1");
  AttrNumber created_at = column_named(table, "created_at").attnum;
  add_index(table, "events_p1_created_at_idx", {created_at});
  add_index(table, "later_idx", {created_at});
  Config config;
  CHECK(judge(table, config).size() == 2);
  config.former_partitions[table.oid].index_names = {"events_p1_created_at_idx"};
  auto violations = judge(table, config);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].object_name == "later_idx");
}

TEST_CASE("pg_repack --only-indexes: index_<OID of another index> passes only with the preset") {
  TableShape table = compliant_table("items");
  AttrNumber created_at = column_named(table, "created_at").attnum;
  add_index(table, "idx_items_created_at", {created_at});
  table.indexes.back().oid = 40001;
  add_index(table, "index_40001", {created_at});
  table.indexes.back().oid = 40002;
  add_index(table, "index_99999", {created_at});  // no such index: not pg_repack's
  table.indexes.back().oid = 40003;
  Config config;
  CHECK(judge(table, config).size() == 2);
  config.presets = {{"pg_repack", "repack"}};
  auto violations = judge(table, config);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].object_name == "index_99999");
}

TEST_CASE("describe_rejection: when only tools' tables are rejected, the primary message says what to run") {
  Config config;
  TableShape migrations = tool_table("knex_migrations");
  TableShape lock = tool_table("knex_migrations_lock");
  auto violations = judge(migrations, config);
  for (Violation& v : judge(lock, config)) violations.push_back(v);
  Rejection rejection = describe_rejection(violations, kRejectionLines);
  CHECK(rejection.message ==
        "schemaguard: 4 violations on 2 tables (primary_key 2, timestamps 2); a migration tool's "
        "table? a superuser runs SELECT schemaguard.enable_preset('knex')");
  CHECK(rejection.hint.find('\n') == std::string::npos);  // one line for both tables

  SECTION("a user's table among them: the ordinary message") {
    TableShape users = tool_table("users");
    for (Violation& v : judge(users, config)) violations.push_back(v);
    CHECK(describe_rejection(violations, kRejectionLines).message ==
          "schemaguard: 6 violations on 3 tables (primary_key 3, timestamps 3)");
  }
}

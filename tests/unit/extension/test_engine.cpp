// The engine: classes, severities, waivers and baseline applied to findings.
#include <catch2/catch.hpp>

#include "engine.hpp"
#include "shape_builder.hpp"

using namespace sgtest;

namespace {

TableShape table_without_deleted_at(const std::string& name) {
  TableShape table = compliant_table(name);
  drop_column(table, "deleted_at");
  return table;
}

}  // namespace

TEST_CASE("pattern_matches: '*' matches any run, the rest matches itself") {
  CHECK(pattern_matches("public.*_tokens", "public.auth_tokens"));
  CHECK(pattern_matches("public.*_tokens", "public._tokens"));
  CHECK_FALSE(pattern_matches("public.*_tokens", "public.tokens"));
  CHECK_FALSE(pattern_matches("public.*_tokens", "other.auth_tokens"));
  CHECK(pattern_matches("analytics.*", "analytics.events"));
  CHECK(pattern_matches("*", "x.y"));
  CHECK(pattern_matches("*.*_log*", "a.event_log_2024"));
  CHECK_FALSE(pattern_matches("analytics.events", "analytics.events2"));
  CHECK(pattern_matches("a**b", "ab"));
}

TEST_CASE("judge: a default configuration reports every rule at its default severity") {
  TableShape table = table_without_deleted_at("sessions");
  auto violations = judge(table, Config{});
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].rule == "soft_delete");
  CHECK(violations[0].severity == Severity::kError);
  CHECK(violations[0].status == Status::kOpen);
  CHECK(violations[0].detail_line() == "soft_delete: table public.sessions: column \"deleted_at\" is missing");
}

TEST_CASE("judge: class precedence is explicit > first matching pattern > entity") {
  TableShape table = table_without_deleted_at("auth_tokens");
  Config config;
  config.class_patterns = {{"public.*_tokens", TableClass::kInternal}, {"public.*", TableClass::kEntity}};
  CHECK(judge(table, config).empty());
  CHECK(table.table_class == TableClass::kInternal);

  config.classes[table.oid] = TableClass::kEntity;
  CHECK(judge(table, config).size() == 1);
  CHECK(table.table_class == TableClass::kEntity);

  Config only_later_pattern;
  only_later_pattern.class_patterns = {{"public.*", TableClass::kEntity}, {"public.*_tokens", TableClass::kInternal}};
  CHECK(judge(table, only_later_pattern).size() == 1);
}

TEST_CASE("judge: severities override the default, off skips the rule") {
  TableShape table = table_without_deleted_at("users");
  Config config;
  config.severities["soft_delete"] = Severity::kWarning;
  auto violations = judge(table, config);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].severity == Severity::kWarning);
  config.severities["soft_delete"] = Severity::kOff;
  CHECK(judge(table, config).empty());
}

TEST_CASE("judge: a waiver marks every finding of its rule on its table waived") {
  TableShape table = table_without_deleted_at("users");
  Config config;
  config.waivers.insert({table.oid, "soft_delete"});
  auto violations = judge(table, config);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].status == Status::kWaived);

  TableShape other = table_without_deleted_at("other");
  other.oid = table.oid + 1;
  CHECK(judge(other, config)[0].status == Status::kOpen);
}

TEST_CASE("judge: the baseline grandfathers exactly the recorded findings") {
  TableShape table = table_without_deleted_at("users");
  Config config;
  config.baseline.insert(baseline_key(table.oid, "soft_delete", "deleted_at", "column \"deleted_at\" is missing", ""));
  auto violations = judge(table, config);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].status == Status::kBaselined);

  // A new, different finding on the same table is open.
  column_named(table, "created_at").not_null = false;
  violations = judge(table, config);
  REQUIRE(violations.size() == 2);
  CHECK(violations[0].rule == "timestamps");
  CHECK(violations[0].status == Status::kOpen);
  CHECK(violations[1].status == Status::kBaselined);
}

namespace {

Violation violation_on(const std::string& table, const std::string& rule, const std::string& hint) {
  Violation violation;
  violation.rule = rule;
  violation.schema = "public";
  violation.table = table;
  violation.qualified_table = "public." + table;
  violation.message = "something is wrong";
  violation.hint = hint;
  return violation;
}

}  // namespace

TEST_CASE("describe_rejection: one table is named with its rules in rule order") {
  std::vector<Violation> violations = {violation_on("tracks", "timestamps", "ALTER 1;"),
                                       violation_on("tracks", "primary_key", ""),
                                       violation_on("tracks", "timestamps", "ALTER 1;")};
  Rejection rejection = describe_rejection(violations, kRejectionLines);
  CHECK(rejection.message == "schemaguard: 3 violations on public.tracks (primary_key, timestamps)");
  CHECK(rejection.detail ==
        "timestamps: table public.tracks: something is wrong\n"
        "primary_key: table public.tracks: something is wrong\n"
        "timestamps: table public.tracks: something is wrong");
  CHECK(rejection.hint == "ALTER 1;");
  CHECK(describe_rejection({violations[1]}, 5).message == "schemaguard: 1 violation on public.tracks (primary_key)");
}

TEST_CASE("describe_rejection: many tables are counted per rule; DETAIL and HINT are capped") {
  std::vector<Violation> violations;
  for (int i = 0; i < 5; ++i) {
    violations.push_back(violation_on("t" + std::to_string(i), "primary_key", ""));
    violations.push_back(violation_on("t" + std::to_string(i), "soft_delete", "ALTER " + std::to_string(i) + ";"));
  }
  violations.push_back(violation_on("t0", "index_naming", "ALTER 0;"));
  Rejection rejection = describe_rejection(violations, 3);
  CHECK(rejection.message == "schemaguard: 11 violations on 5 tables (primary_key 5, soft_delete 5, index_naming 1)");
  CHECK(rejection.detail ==
        "primary_key: table public.t0: something is wrong\n"
        "soft_delete: table public.t0: something is wrong\n"
        "primary_key: table public.t1: something is wrong\n"
        "... and 8 more: SELECT * FROM schemaguard.violations() WHERE status = 'open'");
  CHECK(rejection.hint ==
        "ALTER 0;\nALTER 1;\nALTER 2;\n"
        "-- and 2 more: SELECT * FROM schemaguard.violations() WHERE status = 'open'");
}

TEST_CASE("judge: a baselined foreign key finding stays baselined only for the same foreign key") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid);
  AttrNumber account_id = add_column(table, "account_id", oids::kUuid);
  add_fk(table, "orders_fk", {user_id}, OnDelete::kRestrict);
  add_index(table, "idx_orders_user_id", {user_id});
  add_index(table, "idx_orders_account_id", {account_id});
  auto found = judge(table, Config{});
  REQUIRE(found.size() == 1);
  Config config;
  config.baseline.insert(
      baseline_key(table.oid, found[0].rule, found[0].object_name, found[0].message, found[0].identity));
  CHECK(judge(table, config)[0].status == Status::kBaselined);

  // Dropped, and another foreign key added under the same name with the same action.
  table.foreign_keys[0].columns = {account_id};
  auto replaced = judge(table, config);
  REQUIRE(replaced.size() == 1);
  CHECK(replaced[0].message == found[0].message);
  CHECK(replaced[0].status == Status::kOpen);

  SECTION("a baseline of 0.3.0 (no identity) matches by name and message, as it did") {
    Config legacy;
    legacy.baseline_without_identity = true;
    legacy.baseline.insert(baseline_key(table.oid, found[0].rule, found[0].object_name, found[0].message, ""));
    CHECK(judge(table, legacy)[0].status == Status::kBaselined);
  }
}

TEST_CASE("judge: a partition is judged by fk_on_delete only") {
  TableShape partition = compliant_table("events_2024");
  partition.is_partition = true;
  partition.primary_key.clear();
  drop_column(partition, "deleted_at");
  AttrNumber user_id = add_column(partition, "user_id", oids::kUuid);
  add_fk(partition, "events_2024_user_fk", {user_id}, OnDelete::kRestrict);
  add_index(partition, "events_2024_misnamed", {user_id});
  auto violations = judge(partition, Config{});
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].rule == "fk_on_delete");
  CHECK(violations[0].qualified_table == "public.events_2024");

  partition.is_partition = false;
  CHECK(judge(partition, Config{}).size() == 4);  // primary_key, soft_delete, fk_on_delete, index_naming
}

TEST_CASE("judge: a finding that never blocks has severity warning and is report-only") {
  TableShape table = compliant_table("users");
  add_index(table, "users_code_misnamed", {1});
  table.indexes.back().valid = false;
  Config config;
  config.severities["index_naming"] = Severity::kError;
  auto violations = judge(table, config);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].rule == "index_naming");
  CHECK(violations[0].severity == Severity::kWarning);
  CHECK(violations[0].report_only);
  // an off rule reports nothing, an INVALID index included
  config.severities["index_naming"] = Severity::kOff;
  CHECK(judge(table, config).empty());
}

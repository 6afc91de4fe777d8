// Rule parameters (issue 12): the checks read them from TableShape::parameters, which
// judge() fills from the configuration; empty parameters are the V1 definition.
#include <catch2/catch.hpp>

#include "engine.hpp"
#include "shape_builder.hpp"

using namespace sgtest;

namespace {
constexpr ObjectId kUuidGenerateV4 = 99999;  // stands for public.uuid_generate_v4()
constexpr ObjectId kOtherUuidFunction = 99998;
constexpr ObjectId kAppClock = 88888;  // stands for a public.app_clock() returning timestamptz
}  // namespace

TEST_CASE("primary_key.key_defaults: a configured function is accepted as the key's default") {
  TableShape table = compliant_table("tracks");
  column_named(table, "id").default_value = call(kUuidGenerateV4, "uuid_generate_v4()");

  SECTION("not configured: refused, exactly as in V1") {
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key column \"id\" has DEFAULT uuid_generate_v4(), expected gen_random_uuid()");
  }
  SECTION("configured: accepted") {
    table.parameters.key_defaults = {kUuidGenerateV4};
    CHECK(check_primary_key(table).empty());
  }
  SECTION("another function configured: still refused, by OID not by text") {
    table.parameters.key_defaults = {kOtherUuidFunction};
    REQUIRE(check_primary_key(table).size() == 1);
  }
  SECTION("gen_random_uuid() stays accepted when others are configured") {
    table.parameters.key_defaults = {kUuidGenerateV4};
    column_named(table, "id").default_value = gen_random_uuid();
    CHECK(check_primary_key(table).empty());
  }
  SECTION("the configured function only as a bare call: a cast around it is refused") {
    table.parameters.key_defaults = {kUuidGenerateV4};
    column_named(table, "id").default_value = other("(uuid_generate_v4())::text::uuid");
    column_named(table, "id").default_value.function_oid = kUuidGenerateV4;
    REQUIRE(check_primary_key(table).size() == 1);
  }
  SECTION("the key's type is still uuid") {
    table.parameters.key_defaults = {kUuidGenerateV4};
    column_named(table, "id").type_oid = kBigint;
    column_named(table, "id").type_name = "bigint";
    REQUIRE(check_primary_key(table).size() == 1);
  }
}

TEST_CASE("timestamps.default_functions: a configured function is accepted as the default") {
  TableShape table = compliant_table("tracks");
  column_named(table, "created_at").default_value = call(kAppClock, "app_clock()");

  SECTION("not configured: refused, exactly as in V1") {
    auto findings = check_timestamps(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "column \"created_at\" has DEFAULT app_clock(), expected now()");
  }
  SECTION("configured: accepted on both columns") {
    table.parameters.timestamp_defaults = {kAppClock};
    column_named(table, "updated_at").default_value = call(kAppClock, "app_clock()");
    CHECK(check_timestamps(table).empty());
  }
  SECTION("the built-in current-time defaults stay accepted") {
    table.parameters.timestamp_defaults = {kAppClock};
    column_named(table, "created_at").default_value = current_timestamp();
    CHECK(check_timestamps(table).empty());
  }
  SECTION("a key default is not a timestamp default") {
    table.parameters.key_defaults = {kAppClock};
    REQUIRE(check_timestamps(table).size() == 1);
  }
}

TEST_CASE("judge() hands the configuration's parameters to the checks") {
  TableShape table = compliant_table("tracks");
  column_named(table, "id").default_value = call(kUuidGenerateV4, "uuid_generate_v4()");
  Config config;
  CHECK(judge(table, config).size() == 1);
  config.parameters.key_defaults = {kUuidGenerateV4};
  CHECK(judge(table, config).empty());
}

TEST_CASE("rules declare their parameters in their own definition; explain prints those in force") {
  const RuleParameter* key_defaults = find_parameter(kPrimaryKeyRule, "key_defaults");
  REQUIRE(key_defaults != nullptr);
  CHECK(std::string(key_defaults->returns) == "uuid");
  CHECK(key_defaults->oids == &RuleParameters::key_defaults);
  const RuleParameter* timestamp_defaults = find_parameter(kTimestampsRule, "default_functions");
  REQUIRE(timestamp_defaults != nullptr);
  CHECK(std::string(timestamp_defaults->returns) == "timestamptz");
  CHECK(timestamp_defaults->oids == &RuleParameters::timestamp_defaults);
  CHECK(find_parameter(kPrimaryKeyRule, "default_functions") == nullptr);
  CHECK(kFkIndexRule.parameters.empty());

  // A rule without parameters: the V1 line, unchanged.
  CHECK(explain_rule(kFkIndexRule, Severity::kError)
            .find("Parameters: none; this version applies the V1 definition.\n") != std::string::npos);
  std::string unset = explain_rule(kPrimaryKeyRule, Severity::kError);
  CHECK(unset.find("  key_defaults: ") != std::string::npos);
  CHECK(unset.find("In force: not set (V1: gen_random_uuid() only).") != std::string::npos);
  std::string set = explain_rule(kPrimaryKeyRule, Severity::kError,
                                 {{"key_defaults", {"public.uuid_generate_v4()", "public.uuid7()"}}});
  CHECK(set.find("In force: public.uuid_generate_v4(), public.uuid7() (V1: gen_random_uuid() only).") !=
        std::string::npos);
}

#include <catch2/catch.hpp>

#include "shape_builder.hpp"

using namespace sgtest;

TEST_CASE("soft_delete accepts a nullable deleted_at timestamptz without default") {
  CHECK(check_soft_delete(compliant_table()).empty());
}

TEST_CASE("soft_delete: missing deleted_at") {
  TableShape table = compliant_table("tracks");
  drop_column(table, "deleted_at");
  auto findings = check_soft_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "soft_delete");
  CHECK(findings[0].object_name == "deleted_at");
  CHECK(findings[0].message == "column \"deleted_at\" is missing");
  CHECK(findings[0].hint == "ALTER TABLE public.tracks ADD COLUMN deleted_at timestamptz;");
}

TEST_CASE("soft_delete: the rule is for entity tables only") {
  CHECK(kSoftDeleteRule.entity_only);
  for (const Rule& rule : all_rules())
    if (std::string(rule.name) != "soft_delete") CHECK_FALSE(rule.entity_only);
}

TEST_CASE("soft_delete: wrong type") {
  TableShape table = compliant_table("tracks");
  Column& deleted = column_named(table, "deleted_at");
  deleted.type_oid = oids::kTimestamp;
  deleted.type_name = "timestamp without time zone";
  auto findings = check_soft_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "column \"deleted_at\" is timestamp without time zone, expected timestamptz");
  CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN deleted_at TYPE timestamptz;");

  deleted.type_oid = kBigint;
  deleted.type_name = "bigint";
  findings = check_soft_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "column \"deleted_at\" is bigint, expected timestamptz");
  CHECK(findings[0].hint == "");
}

TEST_CASE("soft_delete: NOT NULL and default are separate findings") {
  TableShape table = compliant_table("tracks");
  Column& deleted = column_named(table, "deleted_at");
  deleted.not_null = true;
  deleted.default_value = other("'infinity'::timestamp with time zone");
  auto findings = check_soft_delete(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].object_name == "deleted_at");
  CHECK(findings[0].message == "column \"deleted_at\" is NOT NULL, expected nullable");
  CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN deleted_at DROP NOT NULL;");
  CHECK(findings[1].message ==
        "column \"deleted_at\" has DEFAULT 'infinity'::timestamp with time zone, expected no "
        "default");
  CHECK(findings[1].hint == "ALTER TABLE public.tracks ALTER COLUMN deleted_at DROP DEFAULT;");

  SECTION("a current-time default is still a default") {
    deleted.not_null = false;
    deleted.default_value = now();
    findings = check_soft_delete(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "column \"deleted_at\" has DEFAULT now(), expected no default");
  }
}

TEST_CASE("soft_delete: wrong type, NOT NULL and default all reported") {
  TableShape table = compliant_table("tracks");
  Column& deleted = column_named(table, "deleted_at");
  deleted.type_oid = kText;
  deleted.type_name = "text";
  deleted.not_null = true;
  deleted.default_value = other("''::text");
  CHECK(check_soft_delete(table).size() == 3);
}

#include <catch2/catch.hpp>

#include "shape_builder.hpp"

using namespace sgtest;

TEST_CASE("fk_index: a foreign key leading some index is covered") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  add_fk(table, "orders_user_id_fkey", {user_id}, OnDelete::kCascade);
  add_index(table, "idx_orders_user_id_created_at", {user_id, 2});
  CHECK(check_fk_index(table).empty());
}

TEST_CASE("fk_index: a foreign key that is only a later column of an index is not covered") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  add_fk(table, "orders_user_id_fkey", {user_id}, OnDelete::kCascade);
  add_index(table, "idx_orders_created_at_user_id", {2, user_id});
  add_index(table, "idx_orders_expr", {0, user_id});
  auto findings = check_fk_index(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "fk_index");
  CHECK(findings[0].object_name == "orders_user_id_fkey");
  CHECK(findings[0].message == "foreign key \"orders_user_id_fkey\" has no index on its columns (\"user_id\")");
  CHECK(findings[0].hint == "CREATE INDEX idx_orders_user_id ON public.orders (user_id);");
}

TEST_CASE("fk_index: multi-column keys may lead an index in any order") {
  TableShape table = compliant_table("orders");
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, true);
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  AttrNumber other = add_column(table, "other", kText);
  add_fk(table, "orders_fk", {tenant, user_id}, OnDelete::kCascade);

  SECTION("same order") {
    add_index(table, "idx_orders_tenant_id_user_id", {tenant, user_id});
    CHECK(check_fk_index(table).empty());
  }
  SECTION("other order, plus a trailing column") {
    add_index(table, "idx_orders_user_id_tenant_id_other", {user_id, tenant, other});
    CHECK(check_fk_index(table).empty());
  }
  SECTION("a unique constraint's index counts") {
    add_index(table, "orders_user_id_tenant_id_key", {user_id, tenant}, IndexBacking::kUnique);
    CHECK(check_fk_index(table).empty());
  }
  SECTION("only one of the columns leads") {
    add_index(table, "idx_orders_tenant_id", {tenant});
    add_index(table, "idx_orders_tenant_id_other_user_id", {tenant, other, user_id});
    auto findings = check_fk_index(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "foreign key \"orders_fk\" has no index on its columns (\"tenant_id\", \"user_id\")");
    CHECK(findings[0].hint == "CREATE INDEX idx_orders_tenant_id_user_id ON public.orders (tenant_id, user_id);");
  }
}

TEST_CASE("fk_index: the primary key's index covers a foreign key on the key") {
  TableShape table = compliant_table("profiles");
  add_fk(table, "profiles_id_fkey", {table.primary_key[0]}, OnDelete::kCascade);
  CHECK(check_fk_index(table).empty());
}

TEST_CASE("fk_index: hints quote names and avoid existing index names") {
  TableShape table = compliant_table("Order Items", "Shop");
  AttrNumber user_id = add_column(table, "UserId", oids::kUuid, true);
  add_fk(table, "Order Items_UserId_fkey", {user_id}, OnDelete::kCascade);
  auto findings = check_fk_index(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "foreign key \"Order Items_UserId_fkey\" has no index on its columns (\"UserId\")");
  CHECK(findings[0].hint == "CREATE INDEX \"idx_Order Items_UserId\" ON \"Shop\".\"Order Items\" (\"UserId\");");

  add_index(table, "idx_Order Items_UserId", {2});  // taken by an index on another column
  findings = check_fk_index(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint == "CREATE INDEX \"idx_Order Items_UserId_2\" ON \"Shop\".\"Order Items\" (\"UserId\");");
}

TEST_CASE("fk_index: the suggested index satisfies index_naming and fk_index") {
  const std::string long_name(60, 'o');
  TableShape table = compliant_table(long_name);
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  add_fk(table, "fk", {user_id}, OnDelete::kCascade);
  auto findings = check_fk_index(table);
  REQUIRE(findings.size() == 1);
  const std::string expected_name = truncate_identifier("idx_" + long_name + "_user_id");
  CHECK(expected_name.size() == 63);
  CHECK(findings[0].hint == "CREATE INDEX " + expected_name + " ON public." + long_name + " (user_id);");
  add_index(table, expected_name, {user_id});
  CHECK(check_fk_index(table).empty());
  CHECK(check_index_naming(table).empty());
}

TEST_CASE("fk_index: one finding per uncovered foreign key") {
  TableShape table = compliant_table("orders");
  AttrNumber a = add_column(table, "a_id", oids::kUuid);
  AttrNumber b = add_column(table, "b_id", oids::kUuid);
  add_fk(table, "fk_a", {a}, OnDelete::kCascade);
  add_fk(table, "fk_b", {b}, OnDelete::kSetNull);
  add_index(table, "idx_orders_b_id", {b});
  auto findings = check_fk_index(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "fk_a");
  CHECK(check_fk_index(compliant_table()).empty());
}

TEST_CASE("fk_index: an INVALID index covers nothing") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  add_fk(table, "orders_user_id_fkey", {user_id}, OnDelete::kCascade);
  add_index(table, "idx_orders_user_id", {user_id});
  table.indexes.back().valid = false;
  REQUIRE(check_fk_index(table).size() == 1);
  table.indexes.back().valid = true;
  CHECK(check_fk_index(table).empty());
}

#include <catch2/catch.hpp>

#include "shape_builder.hpp"

using namespace sgtest;

TEST_CASE("fk_on_delete accepts CASCADE and SET NULL on nullable columns") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  AttrNumber coupon_id = add_column(table, "coupon_id", oids::kUuid, false);
  add_fk(table, "orders_user_id_fkey", {user_id}, OnDelete::kCascade);
  add_fk(table, "orders_coupon_id_fkey", {coupon_id}, OnDelete::kSetNull);
  CHECK(check_fk_on_delete(table).empty());
  CHECK(check_fk_on_delete(compliant_table()).empty());
}

TEST_CASE("fk_on_delete rejects NO ACTION, RESTRICT and SET DEFAULT") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  add_fk(table, "fk_no_action", {user_id}, OnDelete::kNoAction);
  add_fk(table, "fk_restrict", {user_id}, OnDelete::kRestrict);
  add_fk(table, "Fk Set Default", {user_id}, OnDelete::kSetDefault);
  // add_fk leaves the referenced columns unknown: no hint can restate the constraint
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].rule == "fk_on_delete");
  CHECK(findings[0].object_name == "fk_no_action");
  CHECK(findings[0].message ==
        "foreign key \"fk_no_action\" has no ON DELETE action (NO ACTION), expected ON DELETE "
        "CASCADE or SET NULL");
  CHECK(findings[0].hint == "");
  CHECK(findings[1].object_name == "fk_restrict");
  CHECK(findings[1].message ==
        "foreign key \"fk_restrict\" is ON DELETE RESTRICT, expected ON DELETE CASCADE or SET NULL");
  CHECK(findings[1].hint == "");
  CHECK(findings[2].object_name == "Fk Set Default");
  CHECK(findings[2].message ==
        "foreign key \"Fk Set Default\" is ON DELETE SET DEFAULT, expected ON DELETE CASCADE or "
        "SET NULL");
  CHECK(findings[2].hint == "");
}

TEST_CASE("fk_on_delete: SET NULL on a NOT NULL column") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  add_fk(table, "orders_user_id_fkey", {user_id}, OnDelete::kSetNull);
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "orders_user_id_fkey");
  CHECK(findings[0].message ==
        "foreign key \"orders_user_id_fkey\" is ON DELETE SET NULL but column \"user_id\" is NOT "
        "NULL");
  CHECK(findings[0].hint == "ALTER TABLE public.orders ALTER COLUMN user_id DROP NOT NULL;");
}

TEST_CASE("fk_on_delete: composite SET NULL names every NOT NULL column") {
  TableShape table = compliant_table("orders");
  AttrNumber tenant = add_column(table, "Tenant", oids::kUuid, true);
  AttrNumber nullable = add_column(table, "note_id", oids::kUuid, false);
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  add_fk(table, "orders_fk", {tenant, nullable, user_id}, OnDelete::kSetNull);
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "foreign key \"orders_fk\" is ON DELETE SET NULL but columns \"Tenant\", \"user_id\" are "
        "NOT NULL");
  CHECK(findings[0].hint ==
        "ALTER TABLE public.orders ALTER COLUMN \"Tenant\" DROP NOT NULL, ALTER COLUMN user_id "
        "DROP NOT NULL;");
}

TEST_CASE("fk_on_delete: SET NULL (columns) only judges the columns it sets") {
  TableShape table = compliant_table("orders");
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, true);
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, false);
  add_fk(table, "orders_fk", {tenant, user_id}, OnDelete::kSetNull, {user_id});
  CHECK(check_fk_on_delete(table).empty());

  table.foreign_keys[0].set_null_columns = {tenant};
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "foreign key \"orders_fk\" is ON DELETE SET NULL but column \"tenant_id\" is NOT NULL");
}

TEST_CASE("fk_on_delete: SET NULL on a primary key column has no hint") {
  TableShape table = compliant_table("profiles");
  AttrNumber id = table.primary_key[0];
  add_fk(table, "profiles_id_fkey", {id}, OnDelete::kSetNull);
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "foreign key \"profiles_id_fkey\" is ON DELETE SET NULL but column \"id\" is NOT NULL");
  CHECK(findings[0].hint == "");
}

TEST_CASE("fk_on_delete hints restate the constraint with CASCADE or SET NULL") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);
  AttrNumber coupon_id = add_column(table, "Coupon Id", oids::kUuid, false);
  add_fk(table, "orders_user_id_fkey", {user_id}, OnDelete::kNoAction);
  add_fk(table, "orders_coupon_fkey", {coupon_id}, OnDelete::kRestrict);
  for (ForeignKey& fk : table.foreign_keys) fk.referenced_columns = {"id"};
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 2);
  // NOT NULL: CASCADE is the only fix
  CHECK(findings[0].hint ==
        "ALTER TABLE public.orders DROP CONSTRAINT orders_user_id_fkey, ADD CONSTRAINT "
        "orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.parents (id) ON DELETE CASCADE;");
  // nullable: SET NULL keeps the referencing rows
  CHECK(findings[1].hint ==
        "ALTER TABLE public.orders DROP CONSTRAINT orders_coupon_fkey, ADD CONSTRAINT orders_coupon_fkey "
        "FOREIGN KEY (\"Coupon Id\") REFERENCES public.parents (id) ON DELETE SET NULL;");
}

TEST_CASE("fk_on_delete hints keep MATCH, ON UPDATE, DEFERRABLE and NOT VALID") {
  TableShape table = compliant_table("orders");
  AttrNumber tenant = add_column(table, "tenant", oids::kUuid, true);
  AttrNumber parent = add_column(table, "parent_id", oids::kUuid, false);
  add_fk(table, "orders_parent_fkey", {tenant, parent}, OnDelete::kSetDefault);
  ForeignKey& fk = table.foreign_keys.back();
  fk.referenced_columns = {"tenant", "id"};
  fk.match = "FULL";
  fk.on_update = "CASCADE";
  fk.deferrable = true;
  fk.initially_deferred = true;
  fk.validated = false;
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint ==
        "ALTER TABLE public.orders DROP CONSTRAINT orders_parent_fkey, ADD CONSTRAINT orders_parent_fkey "
        "FOREIGN KEY (tenant, parent_id) REFERENCES public.parents (tenant, id) MATCH FULL "
        "ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED NOT VALID;");
}

TEST_CASE("fk_on_delete: SET NULL on a column of a NOT NULL domain") {
  // The domain refuses the null the action would write: the delete fails as with
  // RESTRICT, although attnotnull is false.
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, false);
  column_named(table, "user_id").not_null_domain = "required_uuid";
  add_fk(table, "orders_user_id_fkey", {user_id}, OnDelete::kSetNull);
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "foreign key \"orders_user_id_fkey\" is ON DELETE SET NULL but column \"user_id\" is NOT NULL "
        "(\"user_id\" through domain required_uuid)");
  CHECK(findings[0].hint == "");  // DROP NOT NULL would not help

  SECTION("the replacement hint of a RESTRICT key picks CASCADE, not SET NULL") {
    table.foreign_keys[0].on_delete = OnDelete::kRestrict;
    table.foreign_keys[0].referenced_columns = {"id"};
    findings = check_fk_on_delete(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].hint.find("ON DELETE CASCADE") != std::string::npos);
  }
  SECTION("SET NULL (columns) leaving the domain column alone passes") {
    AttrNumber note = add_column(table, "note_id", oids::kUuid, false);
    table.foreign_keys[0].columns = {user_id, note};
    table.foreign_keys[0].set_null_columns = {note};
    CHECK(check_fk_on_delete(table).empty());
  }
}

TEST_CASE("fk_on_delete: a finding's identity is what the foreign key is, not its name") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, false);
  AttrNumber account_id = add_column(table, "account_id", oids::kUuid, false);
  add_fk(table, "orders_fk", {user_id}, OnDelete::kRestrict);
  table.foreign_keys[0].referenced_columns = {"id"};
  auto before = check_fk_on_delete(table);
  REQUIRE(before.size() == 1);
  CHECK(before[0].identity == "FOREIGN KEY (user_id) REFERENCES public.parents (id) ON DELETE RESTRICT");

  // Dropped and added again under the same name on other columns, or to another table:
  // same object name and message, another identity.
  table.foreign_keys[0].columns = {account_id};
  auto other_columns = check_fk_on_delete(table);
  REQUIRE(other_columns.size() == 1);
  CHECK(other_columns[0].object_name == before[0].object_name);
  CHECK(other_columns[0].message == before[0].message);
  CHECK(other_columns[0].identity != before[0].identity);

  table.foreign_keys[0].columns = {user_id};
  table.foreign_keys[0].referenced_table = "public.accounts";
  CHECK(check_fk_on_delete(table)[0].identity != before[0].identity);
}

TEST_CASE("fk_on_delete never proposes SET NULL on a key with Citus's distribution column") {
  TableShape table = compliant_table("orders");
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, false);
  AttrNumber coupon = add_column(table, "coupon_id", oids::kUuid, false);
  table.distribution_column = tenant;
  add_fk(table, "orders_coupon_fkey", {tenant, coupon}, OnDelete::kNoAction);
  add_fk(table, "orders_coupon_only_fkey", {coupon}, OnDelete::kNoAction);
  table.foreign_keys[0].referenced_columns = {"tenant_id", "id"};
  table.foreign_keys[1].referenced_columns = {"id"};
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 2);
  // both columns are nullable, but Citus refuses SET NULL when the key holds tenant_id
  CHECK(findings[0].hint ==
        "ALTER TABLE public.orders DROP CONSTRAINT orders_coupon_fkey, ADD CONSTRAINT orders_coupon_fkey "
        "FOREIGN KEY (tenant_id, coupon_id) REFERENCES public.parents (tenant_id, id) ON DELETE CASCADE;");
  // a key without the distribution column may still be SET NULL
  CHECK(findings[1].hint ==
        "ALTER TABLE public.orders DROP CONSTRAINT orders_coupon_only_fkey, ADD CONSTRAINT "
        "orders_coupon_only_fkey FOREIGN KEY (coupon_id) REFERENCES public.parents (id) ON DELETE SET NULL;");
}

TEST_CASE("fk_on_delete: SET NULL on a NOT NULL distribution column proposes no DROP NOT NULL") {
  TableShape table = compliant_table("orders");
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, true);
  table.distribution_column = tenant;
  add_fk(table, "orders_tenant_fkey", {tenant}, OnDelete::kSetNull);
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint == "");
}

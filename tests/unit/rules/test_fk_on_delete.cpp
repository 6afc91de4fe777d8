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
  CHECK(findings[0].message == "foreign key \"orders_fk\" is ON DELETE SET NULL but column \"tenant_id\" is NOT NULL");
}

TEST_CASE("fk_on_delete: SET NULL on a primary key column has no hint") {
  TableShape table = compliant_table("profiles");
  AttrNumber id = table.primary_key[0];
  add_fk(table, "profiles_id_fkey", {id}, OnDelete::kSetNull);
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "foreign key \"profiles_id_fkey\" is ON DELETE SET NULL but column \"id\" is NOT NULL");
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

// fk_on_delete.actions (issue 12): the accepted actions replace the V1 list.
namespace {

TableShape orders_with_every_action() {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid, true);       // NOT NULL
  AttrNumber coupon_id = add_column(table, "coupon_id", oids::kUuid, false);  // nullable
  add_fk(table, "fk_cascade", {user_id}, OnDelete::kCascade);
  add_fk(table, "fk_set_null", {coupon_id}, OnDelete::kSetNull);
  add_fk(table, "fk_set_default", {coupon_id}, OnDelete::kSetDefault);
  add_fk(table, "fk_restrict", {user_id}, OnDelete::kRestrict);
  add_fk(table, "fk_no_action", {coupon_id}, OnDelete::kNoAction);
  for (ForeignKey& fk : table.foreign_keys) fk.referenced_columns = {"id"};
  return table;
}

std::vector<std::string> flagged(const std::vector<Finding>& findings) {
  std::vector<std::string> names;
  for (const Finding& finding : findings) names.push_back(finding.object_name);
  return names;
}

std::string restate(const std::string& name, const std::string& column, const std::string& action) {
  return "ALTER TABLE public.orders DROP CONSTRAINT " + name + ", ADD CONSTRAINT " + name + " FOREIGN KEY (" + column +
         ") REFERENCES public.parents (id) ON DELETE " + action + ";";
}

}  // namespace

TEST_CASE("fk_on_delete.actions: the parameter is declared with its choices") {
  const Rule* rule = find_rule("fk_on_delete");
  REQUIRE(rule != nullptr);
  const RuleParameter* actions = find_parameter(*rule, "actions");
  REQUIRE(actions != nullptr);
  CHECK(actions->kind == ParameterKind::kChoices);
  CHECK(actions->texts == &RuleParameters::fk_actions);
  CHECK(actions->oids == nullptr);
  CHECK(actions->max_values == 0);
  CHECK(actions->choices == std::vector<std::string>{"cascade", "set null", "set default", "restrict", "no action"});
  CHECK(std::string(actions->v1_value) == "cascade, set null");
}

TEST_CASE("fk_on_delete.actions: not set, or set to the V1 list in any order, is V1 exactly") {
  TableShape table = orders_with_every_action();
  const std::vector<Finding> v1 = check_fk_on_delete(table);
  CHECK(flagged(v1) == std::vector<std::string>{"fk_set_default", "fk_restrict", "fk_no_action"});
  CHECK(v1[0].message ==
        "foreign key \"fk_set_default\" is ON DELETE SET DEFAULT, expected ON DELETE CASCADE or SET NULL");
  for (const std::vector<std::string>& value :
       {std::vector<std::string>{"cascade", "set null"}, std::vector<std::string>{"set null", "cascade"}}) {
    table.parameters.fk_actions = value;
    const std::vector<Finding> same = check_fk_on_delete(table);
    REQUIRE(same.size() == v1.size());
    for (std::size_t i = 0; i < v1.size(); ++i) {
      CHECK(same[i].message == v1[i].message);
      CHECK(same[i].hint == v1[i].hint);
      CHECK(same[i].identity == v1[i].identity);
    }
  }
}

TEST_CASE("fk_on_delete.actions {cascade, restrict}") {
  TableShape table = orders_with_every_action();
  table.parameters.fk_actions = {"restrict", "cascade"};
  auto findings = check_fk_on_delete(table);
  CHECK(flagged(findings) == std::vector<std::string>{"fk_set_null", "fk_set_default", "fk_no_action"});
  REQUIRE(findings.size() == 3);
  // listed in the order of the choices, whatever the order set
  CHECK(findings[0].message ==
        "foreign key \"fk_set_null\" is ON DELETE SET NULL, expected ON DELETE CASCADE or RESTRICT");
  CHECK(findings[0].hint == restate("fk_set_null", "coupon_id", "CASCADE"));
  CHECK(findings[1].message ==
        "foreign key \"fk_set_default\" is ON DELETE SET DEFAULT, expected ON DELETE CASCADE or RESTRICT");
  CHECK(findings[2].message ==
        "foreign key \"fk_no_action\" has no ON DELETE action (NO ACTION), expected ON DELETE CASCADE or RESTRICT");
  // a nullable column, but SET NULL is not accepted: CASCADE
  CHECK(findings[2].hint == restate("fk_no_action", "coupon_id", "CASCADE"));
  CHECK(findings[2].identity == "FOREIGN KEY (coupon_id) REFERENCES public.parents (id) ON DELETE NO ACTION");
}

TEST_CASE("fk_on_delete.actions: the hint prefers SET NULL on nullable columns, then CASCADE, then the first") {
  TableShape table = orders_with_every_action();
  SECTION("{set null, restrict}: SET NULL where nullable, else RESTRICT") {
    table.parameters.fk_actions = {"set null", "restrict"};
    auto findings = check_fk_on_delete(table);
    REQUIRE(flagged(findings) == std::vector<std::string>{"fk_cascade", "fk_set_default", "fk_no_action"});
    CHECK(findings[0].message ==
          "foreign key \"fk_cascade\" is ON DELETE CASCADE, expected ON DELETE SET NULL or RESTRICT");
    CHECK(findings[0].hint == restate("fk_cascade", "user_id", "RESTRICT"));  // user_id is NOT NULL
    CHECK(findings[1].hint == restate("fk_set_default", "coupon_id", "SET NULL"));
    CHECK(findings[2].hint == restate("fk_no_action", "coupon_id", "SET NULL"));
  }
  SECTION("{no action}: a bare REFERENCES passes; the rest are restated with NO ACTION") {
    table.parameters.fk_actions = {"no action"};
    auto findings = check_fk_on_delete(table);
    REQUIRE(flagged(findings) ==
            std::vector<std::string>{"fk_cascade", "fk_set_null", "fk_set_default", "fk_restrict"});
    CHECK(findings[0].message == "foreign key \"fk_cascade\" is ON DELETE CASCADE, expected ON DELETE NO ACTION");
    CHECK(findings[1].hint == restate("fk_set_null", "coupon_id", "NO ACTION"));
  }
  SECTION("{set default, restrict, no action}: SET DEFAULT comes first in the choices") {
    table.parameters.fk_actions = {"no action", "restrict", "set default"};
    auto findings = check_fk_on_delete(table);
    REQUIRE(flagged(findings) == std::vector<std::string>{"fk_cascade", "fk_set_null"});
    CHECK(findings[0].message ==
          "foreign key \"fk_cascade\" is ON DELETE CASCADE, expected ON DELETE SET DEFAULT, RESTRICT or NO ACTION");
    CHECK(findings[0].hint == restate("fk_cascade", "user_id", "SET DEFAULT"));
  }
  SECTION("{set null} only, on a NOT NULL column: no action fits, no hint") {
    table.parameters.fk_actions = {"set null"};
    auto findings = check_fk_on_delete(table);
    REQUIRE(flagged(findings) ==
            std::vector<std::string>{"fk_cascade", "fk_set_default", "fk_restrict", "fk_no_action"});
    CHECK(findings[0].message == "foreign key \"fk_cascade\" is ON DELETE CASCADE, expected ON DELETE SET NULL");
    CHECK(findings[0].hint == "");
    CHECK(findings[1].hint == restate("fk_set_default", "coupon_id", "SET NULL"));
  }
  SECTION("every action: everything passes but SET NULL on a NOT NULL column") {
    table.parameters.fk_actions = {"cascade", "set null", "set default", "restrict", "no action"};
    CHECK(check_fk_on_delete(table).empty());
    table.foreign_keys[1].columns = {column_named(table, "user_id").attnum};
    auto findings = check_fk_on_delete(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "foreign key \"fk_set_null\" is ON DELETE SET NULL but column \"user_id\" is NOT NULL");
    CHECK(findings[0].hint == "ALTER TABLE public.orders ALTER COLUMN user_id DROP NOT NULL;");
  }
}

TEST_CASE("fk_on_delete.actions: Citus's distribution column still never gets SET NULL") {
  TableShape table = compliant_table("orders");
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, false);
  table.distribution_column = tenant;
  add_fk(table, "orders_tenant_fkey", {tenant}, OnDelete::kCascade);
  table.foreign_keys[0].referenced_columns = {"id"};
  table.parameters.fk_actions = {"set null", "restrict"};
  auto findings = check_fk_on_delete(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint == restate("orders_tenant_fkey", "tenant_id", "RESTRICT"));
}

// index_naming's templates (issue 12): template, unique_template, expression_template.
// Not set, or set to the V1 templates: the V1 rule exactly (test_index_naming.cpp).
#include <catch2/catch.hpp>

#include <set>

#include "shape_builder.hpp"

using namespace sgtest;

namespace {

void make_unique(TableShape& table) { table.indexes.back().unique = true; }

std::string renamed_to(const Finding& finding) {
  const std::size_t at = finding.hint.find(" RENAME TO ");
  if (at == std::string::npos) return "";
  std::string name = finding.hint.substr(at + 11);
  name.pop_back();  // ';'
  if (name.front() == '"') name = name.substr(1, name.size() - 2);
  return name;
}

std::string validate(const std::string& text, IndexTemplateKind kind = IndexTemplateKind::kPlain) {
  return validate_index_template(text, kind);
}

}  // namespace

TEST_CASE("index_naming: the three template parameters are declared") {
  const Rule* rule = find_rule("index_naming");
  REQUIRE(rule != nullptr);
  REQUIRE(rule->parameters.size() == 3);
  struct Expected {
    const char* name;
    std::vector<std::string> RuleParameters::*texts;
    const char* v1_value;
  };
  for (const Expected& expected :
       {Expected{"template", &RuleParameters::index_template, "idx_{table}_{column}"},
        Expected{"unique_template", &RuleParameters::unique_index_template, "the template"},
        Expected{"expression_template", &RuleParameters::expression_index_template, "idx_{table}_{any}"}}) {
    const RuleParameter* parameter = find_parameter(*rule, expected.name);
    REQUIRE(parameter != nullptr);
    INFO(expected.name);
    CHECK(parameter->kind == ParameterKind::kTemplate);
    CHECK(parameter->max_values == 1);
    CHECK(parameter->texts == expected.texts);
    CHECK(parameter->oids == nullptr);
    CHECK(std::string(parameter->v1_value) == expected.v1_value);
    REQUIRE(parameter->validate != nullptr);
    CHECK(parameter->validate({"ix_{table}_{any}"}) == "");
  }
  // {column} is refused in the expression template only
  CHECK(find_parameter(*rule, "template")->validate({"ix_{table}_{column}"}) == "");
  CHECK(find_parameter(*rule, "expression_template")->validate({"ix_{table}_{column}"}) != "");
}

TEST_CASE("index_naming templates: validation") {
  for (const std::string& good :
       {v1_templates::kIndex, v1_templates::kExpressionIndex, std::string("uq_{table}_{columns}"),
        std::string("{table}_{column}_idx"), std::string("{table}{any}"), std::string("IX {table} {columns}"),
        std::string("ix_{table}_{column}_{columns}_{any}")}) {
    INFO(good);
    CHECK(validate(good) == "");
  }
  CHECK(validate("ix_{table}_{any}", IndexTemplateKind::kExpression) == "");
  CHECK(validate("ix_{table}_expr", IndexTemplateKind::kExpression) == "");

  CHECK(validate("") == "the template is empty");
  CHECK(validate("ix_{tabel}_{column}") ==
        "template \"ix_{tabel}_{column}\" has an unknown placeholder {tabel}: the placeholders are {table}, "
        "{column}, {columns} and {any}");
  CHECK(validate("ix_{}") ==
        "template \"ix_{}\" has an unknown placeholder {}: the placeholders are {table}, {column}, {columns} and "
        "{any}");
  CHECK(validate("ix_{table") == "template \"ix_{table\" has a \"{\" without a closing \"}\"");
  CHECK(validate("ix_{{table}}") == "template \"ix_{{table}}\" has a \"{\" without a closing \"}\"");
  CHECK(validate("ix_table}") == "template \"ix_table}\" has a \"}\" without an opening \"{\"");
  CHECK(validate("ix_{any}_{table}") == "template \"ix_{any}_{table}\": {any} may only end a template");
  CHECK(validate("ix_{table}_{any}{any}") == "template \"ix_{table}_{any}{any}\": {any} may only end a template");
  CHECK(validate("ix_{table}_{column}", IndexTemplateKind::kExpression) ==
        "template \"ix_{table}_{column}\": an expression index has no key column to name; use {table} and {any}, "
        "e.g. \"idx_{table}_{any}\"");
  CHECK(validate("ix_{table}_{columns}", IndexTemplateKind::kExpression) != "");
  CHECK(validate("ix_{column}") ==
        "template \"ix_{column}\" has no {table}: index names are unique per schema, so each must name its table");
  CHECK(validate("{any}") ==
        "template \"{any}\" has no {table}: index names are unique per schema, so each must "
        "name its table");
  CHECK(validate("___") != "");
  CHECK(validate("{table}") ==
        "template \"{table}\" names an index like its table, a name the table already has: add fixed text, e.g. "
        "\"ix_{table}_{columns}\"");
  CHECK(validate("ix_{table}\t") == "template \"ix_{table}\t\" contains a control character");
  CHECK(validate("ix_{table}_" + std::string(61, 'x')) ==
        "template \"ix_{table}_" + std::string(61, 'x') +
            "\" has 65 bytes of fixed text: PostgreSQL cuts names at 63 bytes");
  CHECK(validate("ix_{table}_" + std::string(59, 'x')) == "");
}

TEST_CASE("index_naming.template ix_{table}_{columns}") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  AttrNumber org_id = add_column(table, "org_id", oids::kUuid);
  AttrNumber kind = add_column(table, "kind", kText);
  table.parameters.index_template = {"ix_{table}_{columns}"};
  add_index(table, "ix_users_email", {email});
  add_index(table, "ix_users_org_id_kind", {org_id, kind});
  add_index(table, "ix_users_org_id_kind_active", {org_id, kind});
  add_index(table, "ix_users_org_id_expr", {org_id, 0});
  add_index(table, "users_email_key", {email}, IndexBacking::kUnique);  // backs a constraint: not judged
  make_unique(table);
  CHECK(check_index_naming(table).empty());

  for (const char* name : {"idx_users_email", "ix_users_org_id", "ix_users_org_id_kindx", "ix_users_kind_org_id"}) {
    TableShape copy = table;
    add_index(copy, name, {org_id, kind});
    INFO(name);
    auto findings = check_index_naming(copy);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "index \"" + std::string(name) +
              "\" should be named \"ix_users_org_id_kind\" or \"ix_users_org_id_kind_<suffix>\"");
    CHECK(findings[0].hint == "ALTER INDEX public." + std::string(name) + " RENAME TO ix_users_org_id_kind_2;");
  }

  SECTION("an expression index keeps the V1 expression template") {
    add_index(table, "idx_users_lower_email", {0});
    add_index(table, "ix_users_lower_email", {0});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "index \"ix_users_lower_email\" on an expression should be named \"idx_users_<suffix>\"");
    CHECK(findings[0].hint == "ALTER INDEX public.ix_users_lower_email RENAME TO idx_users_expr;");
  }
  SECTION("a unique index without a unique_template: the template") {
    add_index(table, "idx_users_kind", {kind});
    make_unique(table);
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "index \"idx_users_kind\" should be named \"ix_users_kind\" or \"ix_users_kind_<suffix>\"");
  }
}

TEST_CASE("index_naming.unique_template uq_{table}_{columns}") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  AttrNumber org_id = add_column(table, "org_id", oids::kUuid);
  table.parameters.unique_index_template = {"uq_{table}_{columns}"};
  add_index(table, "uq_users_org_id_email", {org_id, email});
  make_unique(table);
  add_index(table, "idx_users_email", {email});  // not unique: the template (V1)
  add_index(table, "users_org_id_email_key", {org_id, email}, IndexBacking::kUnique);
  make_unique(table);
  CHECK(check_index_naming(table).empty());

  add_index(table, "users_email_idx", {email});
  make_unique(table);
  add_index(table, "uq_users_email", {email});  // a name for unique indexes on a plain one
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].message ==
        "unique index \"users_email_idx\" should be named \"uq_users_email\" or \"uq_users_email_<suffix>\"");
  CHECK(findings[0].hint ==
        "ALTER INDEX public.users_email_idx RENAME TO uq_users_email_2;");  // uq_users_email is taken
  CHECK(findings[1].message ==
        "index \"uq_users_email\" should be named \"idx_users_email\" or \"idx_users_email_<suffix>\"");
  CHECK(findings[1].hint == "ALTER INDEX public.uq_users_email RENAME TO idx_users_email_2;");

  SECTION("a unique expression index: the expression template comes first") {
    TableShape expressions = compliant_table("users");
    expressions.parameters.unique_index_template = {"uq_{table}_{columns}"};
    add_index(expressions, "idx_users_lower_email", {0});
    make_unique(expressions);
    CHECK(check_index_naming(expressions).empty());
  }
}

TEST_CASE("index_naming.expression_template") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);

  SECTION("without {any}: the expansion, or it followed by _<anything>") {
    table.parameters.expression_index_template = {"ix_{table}_expr"};
    add_index(table, "ix_users_expr", {0});
    add_index(table, "ix_users_expr_lower_email", {0, email});
    add_index(table, "idx_users_email", {email});
    CHECK(check_index_naming(table).empty());
    add_index(table, "idx_users_lower_email", {0});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "index \"idx_users_lower_email\" on an expression should be named "
          "\"ix_users_expr\" or \"ix_users_expr_<suffix>\"");
    CHECK(findings[0].hint == "ALTER INDEX public.idx_users_lower_email RENAME TO ix_users_expr_2;");
  }
  SECTION("with {any}: any non-empty text after the prefix") {
    table.parameters.expression_index_template = {"fx_{table}_{any}"};
    add_index(table, "fx_users_lower", {0});
    CHECK(check_index_naming(table).empty());
    add_index(table, "fx_users_", {0});
    add_index(table, "idx_users_lower", {0, email});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].message == "index \"fx_users_\" on an expression should be named \"fx_users_<suffix>\"");
    CHECK(findings[0].hint == "ALTER INDEX public.fx_users_ RENAME TO fx_users_expr;");
    CHECK(findings[1].hint == "ALTER INDEX public.idx_users_lower RENAME TO fx_users_expr_email;");
  }
}

TEST_CASE("index_naming templates: other shapes") {
  TableShape table = compliant_table("users");
  AttrNumber org_id = add_column(table, "org_id", oids::kUuid);
  AttrNumber kind = add_column(table, "kind", kText);

  SECTION("a suffix after the column: {table}_{column}_idx") {
    table.parameters.index_template = {"{table}_{column}_idx"};
    add_index(table, "users_org_id_idx", {org_id, kind});
    add_index(table, "users_org_id_idx_kind", {org_id, kind});
    CHECK(check_index_naming(table).empty());
    add_index(table, "users_org_id_kind_idx", {org_id, kind});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "index \"users_org_id_kind_idx\" should be named \"users_org_id_idx\" or \"users_org_id_idx_<suffix>\"");
    // {columns} in place of {column} would not be accepted: numbered names of the expansion
    CHECK(findings[0].hint == "ALTER INDEX public.users_org_id_kind_idx RENAME TO users_org_id_idx_2;");
  }
  SECTION("{any} in the template for columns") {
    table.parameters.index_template = {"ix_{table}_{any}"};
    add_index(table, "ix_users_anything", {org_id});
    CHECK(check_index_naming(table).empty());
    add_index(table, "users_org_kind", {org_id, kind});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "index \"users_org_kind\" should be named \"ix_users_<suffix>\"");
    CHECK(findings[0].hint == "ALTER INDEX public.users_org_kind RENAME TO ix_users_org_id_kind;");
  }
  SECTION("{column} then {any}: numbered names") {
    table.parameters.index_template = {"ix_{table}_{column}_{any}"};
    add_index(table, "ix_users_org_id_x", {org_id});
    CHECK(check_index_naming(table).empty());
    add_index(table, "ix_users_org_id_", {org_id});
    add_index(table, "ix_users_org_id", {org_id});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].message == "index \"ix_users_org_id_\" should be named \"ix_users_org_id_<suffix>\"");
    CHECK(findings[0].hint == "ALTER INDEX public.ix_users_org_id_ RENAME TO ix_users_org_id_2;");
    CHECK(findings[1].hint == "ALTER INDEX public.ix_users_org_id RENAME TO ix_users_org_id_3;");
  }
  SECTION("upper case and spaces are compared raw and quoted in hints") {
    table.parameters.index_template = {"IX {table} {column}"};
    add_index(table, "IX users org_id", {org_id});
    CHECK(check_index_naming(table).empty());
    add_index(table, "ix users kind", {kind});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].hint == "ALTER INDEX public.\"ix users kind\" RENAME TO \"IX users kind\";");
  }
  SECTION("a stored template that is not valid counts as V1") {
    table.parameters.index_template = {"ix_{tabel}"};
    table.parameters.expression_index_template = {"ix_{table}_{column}"};
    add_index(table, "idx_users_org_id", {org_id});
    add_index(table, "idx_users_lower", {0});
    CHECK(check_index_naming(table).empty());
  }
}

TEST_CASE("index_naming templates: set to the V1 templates, findings are V1's (a unique one says so)") {
  const std::string long_table(50, 't');
  for (const std::string& table_name : {std::string("users"), long_table, std::string("My Table")}) {
    TableShape table = compliant_table(table_name);
    AttrNumber a = add_column(table, "first_column_with_a_long_name", kText);
    AttrNumber b = add_column(table, "B", kText);
    add_index(table, "bad1", {a, b});
    add_index(table, "bad2", {0, a});
    add_index(table, "bad3", {b});
    make_unique(table);
    add_index(table, "idx_" + table_name + "_B", {b});
    add_index(table, "idx_" + table_name + "_", {0});
    const std::vector<Finding> v1 = check_index_naming(table);
    REQUIRE(v1.size() == 4);
    table.parameters.index_template = {v1_templates::kIndex};
    table.parameters.unique_index_template = {v1_templates::kIndex};
    table.parameters.expression_index_template = {v1_templates::kExpressionIndex};
    const std::vector<Finding> same = check_index_naming(table);
    REQUIRE(same.size() == v1.size());
    for (std::size_t i = 0; i < v1.size(); ++i) {
      INFO(table_name << " " << v1[i].object_name);
      // a unique template set apart, even V1's, says which one judges the index
      CHECK(same[i].message == (v1[i].object_name == "bad3" ? "unique " : "") + v1[i].message);
      CHECK(same[i].hint == v1[i].hint);
    }
  }
}

TEST_CASE("index_naming templates compare after 63-byte truncation") {
  const std::string table_name(50, 't');
  TableShape table = compliant_table(table_name);
  AttrNumber col = add_column(table, "organization_identifier", kText);
  AttrNumber kind = add_column(table, "kind", kText);

  SECTION("no {any}: the truncated expansion is accepted, a shorter cut is not") {
    table.parameters.index_template = {"ix_{table}_{columns}"};
    const std::string expansion = "ix_" + table_name + "_organization_identifier_kind";
    const std::string truncated = truncate_identifier(expansion);
    REQUIRE(truncated == "ix_" + table_name + "_organizat");
    TableShape good = table;
    add_index(good, truncated, {col, kind});
    CHECK(check_index_naming(good).empty());
    TableShape bad = table;
    add_index(bad, truncated.substr(0, 62), {col, kind});
    auto findings = check_index_naming(bad);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "index \"" + truncated.substr(0, 62) + "\" should be named \"" + truncated + "\"");
    CHECK(findings[0].hint == "ALTER INDEX public." + truncated.substr(0, 62) + " RENAME TO " + truncated + ";");
  }
  SECTION("a suffix template loses its suffix to truncation, as PostgreSQL would") {
    table.parameters.index_template = {"{table}_{column}_idx"};
    const std::string truncated = truncate_identifier(table_name + "_organization_identifier_idx");
    REQUIRE(truncated.size() == 63);
    add_index(table, truncated, {col});
    CHECK(check_index_naming(table).empty());
  }
  SECTION("{any} after a prefix of 63 bytes or more: the truncated prefix itself is accepted") {
    const std::string long_name(61, 'u');
    TableShape wide = compliant_table(long_name);
    AttrNumber email = add_column(wide, "email", kText);
    wide.parameters.index_template = {"ix_{table}_{any}"};
    const std::string cut = truncate_identifier("ix_" + long_name + "_");
    REQUIRE(cut.size() == 63);
    add_index(wide, cut, {email});
    CHECK(check_index_naming(wide).empty());
    add_index(wide, cut.substr(0, 62), {email});
    auto findings = check_index_naming(wide);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].hint == "");  // the only acceptable name is taken
  }
  SECTION("multibyte: never cut inside a character") {
    std::string accents;
    for (int i = 0; i < 30; ++i) accents += "\xC3\xA9";  // 60 bytes
    TableShape cafe = compliant_table(accents);
    AttrNumber email = add_column(cafe, "email", kText);
    cafe.parameters.unique_index_template = {"uq_{table}_{columns}"};
    const std::string truncated = truncate_identifier("uq_" + accents + "_email");  // "uq_" + 30 é = 63 bytes
    REQUIRE(truncated == "uq_" + accents);
    add_index(cafe, "wrong", {email});
    make_unique(cafe);
    auto findings = check_index_naming(cafe);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "unique index \"wrong\" should be named \"" + truncated + "\"");
    CHECK(renamed_to(findings[0]) == truncated);
  }
}

TEST_CASE("index_naming templates: every suggested name passes, and no name is suggested twice") {
  const std::vector<std::vector<std::string>> templates = {
      {"ix_{table}_{columns}", "uq_{table}_{columns}", "fx_{table}_{any}"},
      {"{table}_{column}_idx", "{table}_{columns}_key", "{table}_expr"},
      {"ix_{table}_{any}", "uq_{table}_{column}_{any}", "fx_{table}{any}"},
  };
  const std::string long_table(54, 'w');
  for (const auto& set : templates) {
    for (const std::string& table_name : {std::string("users"), long_table, std::string("My Table")}) {
      TableShape table = compliant_table(table_name);
      AttrNumber a = add_column(table, "first_column_with_a_long_name", kText);
      AttrNumber b = add_column(table, "B", kText);
      table.parameters.index_template = {set[0]};
      table.parameters.unique_index_template = {set[1]};
      table.parameters.expression_index_template = {set[2]};
      const std::size_t before = table.indexes.size();
      for (int copy = 0; copy < 3; ++copy) {
        add_index(table, "bad_a_b_" + std::to_string(copy), {a, b});
        add_index(table, "bad_expr_" + std::to_string(copy), {0, a});
        add_index(table, "bad_b_" + std::to_string(copy), {b});
        add_index(table, "bad_unique_" + std::to_string(copy), {b, a});
        make_unique(table);
      }
      auto findings = check_index_naming(table);
      INFO(set[0] << " | " << set[1] << " | " << set[2] << " | " << table_name);
      REQUIRE(findings.size() == 12);
      TableShape renamed = table;
      std::set<std::string> names;
      std::size_t without_hint = 0;
      for (std::size_t i = 0; i < findings.size(); ++i) {
        const std::string name = renamed_to(findings[i]);
        if (name.empty()) {
          ++without_hint;
          continue;
        }
        CHECK(name.size() <= 63);
        CHECK(names.insert(name).second);
        renamed.indexes[before + i].name = name;
      }
      CHECK(without_hint <= (table_name == long_table ? 12u : 0u));
      CHECK(check_index_naming(renamed).size() == without_hint);
    }
  }
}

TEST_CASE("index_naming templates: many misnamed indexes get distinct names, then none (linear)") {
  TableShape table = compliant_table("events");
  AttrNumber kind = add_column(table, "kind", kText);
  table.parameters.unique_index_template = {"uq_{table}_{columns}"};
  const int count = 3000;
  for (int i = 0; i < count; ++i) {
    add_index(table, "events_kind_" + std::to_string(i), {kind});
    if (i % 2 == 0) make_unique(table);
  }
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == static_cast<std::size_t>(count));
  std::set<std::string> names;
  std::size_t unique_hints = 0;
  std::size_t plain_hints = 0;
  for (const Finding& finding : findings) {
    const std::string name = renamed_to(finding);
    if (name.empty()) continue;
    CHECK(names.insert(name).second);
    (name.rfind("uq_", 0) == 0 ? unique_hints : plain_hints) += 1;
  }
  CHECK(unique_hints == 99);  // uq_events_kind, then _2 ... _99
  CHECK(plain_hints == 99);   // idx_events_kind, then _2 ... _99
  CHECK(names.count("uq_events_kind_99") == 1);
  CHECK(names.count("idx_events_kind_99") == 1);
}

TEST_CASE("fk_index: the CREATE INDEX hint follows the template in force") {
  TableShape table = compliant_table("orders");
  AttrNumber user_id = add_column(table, "user_id", oids::kUuid);
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid);
  add_fk(table, "orders_user_fkey", {user_id}, OnDelete::kCascade);
  add_fk(table, "orders_tenant_user_fkey", {tenant, user_id}, OnDelete::kCascade);
  table.parameters.index_template = {"ix_{table}_{columns}"};
  table.parameters.unique_index_template = {"uq_{table}_{columns}"};
  auto findings = check_fk_index(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].hint == "CREATE INDEX ix_orders_user_id ON public.orders (user_id);");
  CHECK(findings[1].hint == "CREATE INDEX ix_orders_tenant_id_user_id ON public.orders (tenant_id, user_id);");
}

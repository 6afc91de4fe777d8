#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "shape_builder.hpp"

using namespace sgtest;

TEST_CASE("registry lists the rules in report order with their default severities") {
  const auto& rules = all_rules();
  REQUIRE(rules.size() == 6);
  CHECK(std::string(rules[0].name) == "primary_key");
  CHECK(std::string(rules[1].name) == "timestamps");
  CHECK(std::string(rules[2].name) == "soft_delete");
  CHECK(std::string(rules[3].name) == "fk_on_delete");
  CHECK(std::string(rules[4].name) == "index_naming");
  CHECK(std::string(rules[5].name) == "fk_index");
  for (std::size_t i = 0; i < 5; ++i) CHECK(rules[i].default_severity == Severity::kError);
  CHECK(rules[5].default_severity == Severity::kWarning);
  for (const Rule& rule : rules) {
    CHECK(rule.check != nullptr);
    CHECK(std::string(rule.description).size() > 10);
  }
}

TEST_CASE("every rule accepts a compliant table and tags findings with its name") {
  TableShape table = compliant_table();
  for (const Rule& rule : all_rules()) {
    INFO(rule.name);
    CHECK(rule.check(table).empty());
  }
  TableShape bad;
  bad.schema = "public";
  bad.name = "t";
  bad.qualified_name = "public.t";
  add_column(bad, "x", kInteger);
  AttrNumber x = 1;
  add_fk(bad, "t_x_fkey", {x}, OnDelete::kNoAction);
  add_index(bad, "t_x", {0});
  for (const Rule& rule : all_rules()) {
    INFO(rule.name);
    auto findings = rule.check(bad);
    CHECK_FALSE(findings.empty());
    for (const Finding& finding : findings) CHECK(finding.rule == rule.name);
  }
}

TEST_CASE("find_rule looks rules up by exact name") {
  REQUIRE(find_rule("fk_index") != nullptr);
  CHECK(find_rule("fk_index")->check == &check_fk_index);
  CHECK(find_rule("primary_key") == &all_rules()[0]);
  CHECK(find_rule("nope") == nullptr);
  CHECK(find_rule("") == nullptr);
  CHECK(find_rule("PRIMARY_KEY") == nullptr);
}

TEST_CASE("severity names round-trip") {
  CHECK(std::string(severity_name(Severity::kError)) == "error");
  CHECK(std::string(severity_name(Severity::kWarning)) == "warning");
  CHECK(std::string(severity_name(Severity::kOff)) == "off");
  for (Severity s : {Severity::kError, Severity::kWarning, Severity::kOff}) {
    Severity parsed = Severity::kOff;
    REQUIRE(parse_severity(severity_name(s), &parsed));
    CHECK(parsed == s);
  }
  Severity parsed = Severity::kOff;
  CHECK(parse_severity("WARNING", &parsed));
  CHECK(parsed == Severity::kWarning);
  parsed = Severity::kError;
  CHECK_FALSE(parse_severity("warn", &parsed));
  CHECK_FALSE(parse_severity("", &parsed));
  CHECK_FALSE(parse_severity(" error", &parsed));
  CHECK(parsed == Severity::kError);  // untouched on failure
}

TEST_CASE("TableShape::column finds columns by attnum and by exact raw name") {
  TableShape table = compliant_table();
  add_column(table, "Email", kText);
  REQUIRE(table.column(AttrNumber{2}) != nullptr);
  CHECK(table.column(AttrNumber{2})->name == "created_at");
  CHECK(table.column(AttrNumber{0}) == nullptr);
  CHECK(table.column(AttrNumber{99}) == nullptr);
  REQUIRE(table.column(std::string("Email")) != nullptr);
  CHECK(table.column(std::string("Email"))->attnum == 5);
  CHECK(table.column(std::string("email")) == nullptr);
}

TEST_CASE("truncate_identifier cuts to 63 bytes without splitting UTF-8 characters") {
  CHECK(truncate_identifier("") == "");
  CHECK(truncate_identifier(std::string(63, 'a')) == std::string(63, 'a'));
  CHECK(truncate_identifier(std::string(64, 'a')) == std::string(63, 'a'));
  CHECK(truncate_identifier(std::string(200, 'b')) == std::string(63, 'b'));

  std::string e_acute = "\xC3\xA9";  // é, 2 bytes
  std::string thirty_two;
  for (int i = 0; i < 32; ++i) thirty_two += e_acute;  // 64 bytes
  std::string thirty_one;
  for (int i = 0; i < 31; ++i) thirty_one += e_acute;  // 62 bytes
  CHECK(truncate_identifier(thirty_two) == thirty_one);

  // 62 ASCII bytes then a 4-byte character: the character does not fit at all.
  std::string emoji = "\xF0\x9F\x98\x80";
  CHECK(truncate_identifier(std::string(62, 'x') + emoji) == std::string(62, 'x'));
  CHECK(truncate_identifier(std::string(59, 'x') + emoji) == std::string(59, 'x') + emoji);
  CHECK(truncate_identifier(std::string(60, 'x') + emoji + "y") == std::string(60, 'x'));
  // 3-byte character straddling the limit
  std::string euro = "\xE2\x82\xAC";
  CHECK(truncate_identifier(std::string(61, 'x') + euro) == std::string(61, 'x'));
  CHECK(truncate_identifier(std::string(60, 'x') + euro + "z") == std::string(60, 'x') + euro);
}

TEST_CASE("quote_identifier_simple quotes all but plain lower-case names") {
  CHECK(quote_identifier_simple("users") == "users");
  CHECK(quote_identifier_simple("_x1") == "_x1");
  CHECK(quote_identifier_simple("idx_users_email") == "idx_users_email");
  CHECK(quote_identifier_simple("Users") == "\"Users\"");
  CHECK(quote_identifier_simple("1abc") == "\"1abc\"");
  CHECK(quote_identifier_simple("my table") == "\"my table\"");
  CHECK(quote_identifier_simple("a$b") == "\"a$b\"");
  CHECK(quote_identifier_simple("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(quote_identifier_simple("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
  CHECK(quote_identifier_simple("") == "\"\"");
  CHECK(quote_identifier_simple("user") == "\"user\"");
  CHECK(quote_identifier_simple("select") == "\"select\"");
  CHECK(quote_identifier_simple("order") == "\"order\"");
  CHECK(quote_identifier_simple("group") == "\"group\"");
  CHECK(quote_identifier_simple("table") == "\"table\"");
}

TEST_CASE("explain_rule: requirement, scope, reason, example and how to waive, from the rule's definition") {
  std::string text = explain_rule(kSoftDeleteRule, Severity::kWarning);
  CHECK(text.rfind("soft_delete (severity warning, default error)\n", 0) == 0);
  CHECK(text.find(std::string("Requires: ") + kSoftDeleteRule.description + ".\n") != std::string::npos);
  CHECK(text.find("Applies to: tables of class entity (not internal).") != std::string::npos);
  CHECK(text.find(std::string("Compliant: ") + kSoftDeleteRule.example) != std::string::npos);
  CHECK(text.find("SELECT schemaguard.waive('schema.table', 'soft_delete', 'reason'") != std::string::npos);
  CHECK(text.find("classify('schema.table', 'internal')") != std::string::npos);
  std::string index = explain_rule(kIndexNamingRule, Severity::kError);
  CHECK(index.find("Applies to: every table in scope") != std::string::npos);
  CHECK(index.find("classify(") == std::string::npos);
  for (const Rule& rule : all_rules()) {
    CHECK(std::string(rule.rationale).size() > 40);
    CHECK(std::string(rule.example).size() > 10);
  }
}

TEST_CASE("judges_default: the defaults the rules judge are the key's and the named columns'") {
  CHECK(judges_default("created_at", false));
  CHECK(judges_default("updated_at", false));
  CHECK(judges_default("deleted_at", false));
  CHECK(judges_default("anything", true));
  CHECK_FALSE(judges_default("id", false));
  CHECK_FALSE(judges_default("email", false));
  CHECK_FALSE(judges_default("Created_At", false));
}

TEST_CASE("judges_default is complete: no rule's findings depend on another column's default") {
  // The catalog reads defaults only where judges_default() says so. Give every other
  // column of many shapes every kind of default: no rule's findings may change.
  std::vector<ColumnDefault> kinds = {no_default(), now(), gen_random_uuid(), current_timestamp(), other("42")};
  for (int variant = 0; variant < 8; ++variant) {
    TableShape table = compliant_table("shapes");
    if (variant & 1) column_named(table, "created_at").default_value = no_default();
    if (variant & 2) column_named(table, "deleted_at").default_value = now();
    if (variant & 4) {
      table.primary_key.clear();  // no key: id's default is then nobody's business
      table.indexes.clear();
    }
    AttrNumber a = add_column(table, "a", oids::kUuid, true);
    add_column(table, "b", oids::kTimestamptz, true);
    add_column(table, "id2", oids::kUuid);
    add_fk(table, "shapes_a_fkey", {a}, OnDelete::kSetDefault);
    add_index(table, "shapes_b", {2});
    auto findings_with = [&](const ColumnDefault& value) {
      TableShape copy = table;
      for (Column& column : copy.columns) {
        bool in_key =
            std::find(copy.primary_key.begin(), copy.primary_key.end(), column.attnum) != copy.primary_key.end();
        if (!judges_default(column.name, in_key)) column.default_value = value;
      }
      std::vector<std::string> out;
      for (const Rule& rule : all_rules())
        for (const Finding& finding : rule.check(copy))
          out.push_back(finding.rule + "|" + finding.object_name + "|" + finding.message + "|" + finding.hint);
      return out;
    };
    auto reference = findings_with(no_default());
    for (const ColumnDefault& value : kinds) {
      INFO("variant " << variant << " default " << value.text);
      CHECK(findings_with(value) == reference);
    }
  }
}

#include <catch2/catch.hpp>

#include <string>

#include <boost/json.hpp>

#include "output/compliance.hpp"
#include "policy/policy.hpp"
#include "support/common.hpp"

using namespace sg::policy;

namespace {

// A catalog as an extension declares it; the names are the test's own (the client knows none).
Catalog catalog() {
  return Catalog{{{"alpha", "error", {"first", "second"}}, {"beta", "warning", {}}, {"gamma", "error", {"only"}}}};
}

std::string message_of(const std::string& text) {
  try {
    parse_policy(text, catalog());
  } catch (const sg::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("policy: an empty rules object is the V1 policy, every rule at its default", "[policy]") {
  Policy p = parse_policy(R"({"schemaguard_policy": 1, "rules": {}})", catalog());
  REQUIRE(p.rules.size() == 3);
  CHECK(p.rules[0].rule == "alpha");
  CHECK(p.rules[0].severity == "error");
  CHECK(p.rules[1].severity == "warning");
  CHECK(p.rules[2].parameters.empty());
  CHECK(diff_policies(default_policy(catalog()), p, catalog()).empty());
}

TEST_CASE("policy: rules and parameters in the catalog's order whatever the file's; [] is not set", "[policy]") {
  Policy p = parse_policy(R"({"rules": {"gamma": {"parameters": {"only": ["x"]}},
                                          "alpha": {"severity": "off",
                                                    "parameters": {"second": ["b1", "b2"], "first": ["a"]}},
                                          "beta": {"parameters": {}}},
                                "schemaguard_policy": 1})",
                          catalog());
  REQUIRE(p.rules.size() == 3);
  CHECK(p.rules[0].severity == "off");
  REQUIRE(p.rules[0].parameters.size() == 2);
  CHECK(p.rules[0].parameters[0] == Parameter{"first", {"a"}});
  CHECK(p.rules[0].parameters[1] == Parameter{"second", {"b1", "b2"}});
  CHECK(p.rules[1].severity == "warning");  // left out: the default
  CHECK(p.rules[2].severity == "error");
  CHECK(p.rules[2].parameters == std::vector<Parameter>{{"only", {"x"}}});

  Policy q = parse_policy(R"({"schemaguard_policy": 1, "rules": {"alpha": {"parameters": {"first": []}}}})", catalog());
  CHECK(q.rules[0].parameters.empty());
}

TEST_CASE("policy: render is stable, pretty, ends in a newline and parses back to the same policy", "[policy]") {
  Policy p = default_policy(catalog());
  p.rules[0].parameters = {{"first", {"public.f()", "quote\"d"}}, {"second", {"s"}}};
  p.rules[1].severity = "off";
  std::string text = render_policy(p);
  CHECK(text ==
        "{\n"
        "  \"schemaguard_policy\": 1,\n"
        "  \"rules\": {\n"
        "    \"alpha\": {\n"
        "      \"severity\": \"error\",\n"
        "      \"parameters\": {\n"
        "        \"first\": [\"public.f()\", \"quote\\\"d\"],\n"
        "        \"second\": [\"s\"]\n"
        "      }\n"
        "    },\n"
        "    \"beta\": {\n"
        "      \"severity\": \"off\",\n"
        "      \"parameters\": {}\n"
        "    },\n"
        "    \"gamma\": {\n"
        "      \"severity\": \"error\",\n"
        "      \"parameters\": {}\n"
        "    }\n"
        "  }\n"
        "}\n");
  Policy back = parse_policy(text, catalog());
  CHECK(diff_policies(p, back, catalog()).empty());
  CHECK(render_policy(back) == text);
  CHECK(boost::json::parse(text).at("rules").at("alpha").at("parameters").at("first").at(1) == "quote\"d");
}

TEST_CASE("policy: diff lists severities and parameters, database -> file, in catalog order", "[policy]") {
  Policy from = default_policy(catalog());
  from.rules[2].parameters = {{"only", {"old()"}}};
  Policy to = default_policy(catalog());
  to.rules[0].parameters = {{"second", {"n1", "n2"}}};
  to.rules[1].severity = "error";
  auto changes = diff_policies(from, to, catalog());
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].line() == "alpha.second: (V1 default) -> [\"n1\", \"n2\"]");
  CHECK(changes[1].line() == "beta.severity: warning -> error");
  CHECK(changes[2].line() == "gamma.only: [\"old()\"] -> (V1 default)");
  // the order of values matters to the extension's stored value, so it is a difference
  Policy reordered = to;
  reordered.rules[0].parameters = {{"second", {"n2", "n1"}}};
  CHECK(diff_policies(to, reordered, catalog()).size() == 1);
}

TEST_CASE("policy: bad files are refused with a message that says what and where", "[policy]") {
  CHECK(message_of("").find("not JSON") != std::string::npos);
  CHECK(message_of("{\"schemaguard_policy\": 1,\n  \"rules\": {,}}") ==
        "invalid policy file: syntax error (line 2, column 13): not JSON");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {}} trailing)") ==
        "invalid policy file: text after the JSON value (line 1, column 40): not JSON");
  CHECK(message_of("{\"schemaguard_policy\": 1, \"rules\": {}}\n\n") == "");  // trailing blanks are fine
  CHECK(message_of("{\"schemaguard_policy\": 1, \"rules\": {}} {}").find("text after") != std::string::npos);
  CHECK(message_of("[]") == "invalid policy file: the policy must be an object, not an array");
  CHECK(message_of(R"({"rules": {}})") ==
        "not a schemaguard policy file: it has no \"schemaguard_policy\": 1 (schemaguard policy export writes one)");
  CHECK(message_of(R"({"schemaguard_policy": 2, "rules": {}})") ==
        "unsupported policy file: \"schemaguard_policy\" is 2, this schemaguard reads version 1");
  CHECK(message_of(R"({"schemaguard_policy": "1", "rules": {}})").find("is \"1\"") != std::string::npos);
  CHECK(message_of(R"({"schemaguard_policy": 1.0, "rules": {}})").find("unsupported policy file") != std::string::npos);
  CHECK(message_of(R"({"schemaguard_policy": 1})") ==
        "invalid policy file: no \"rules\" (write \"rules\": {} for the V1 defaults)");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {}, "comment": "x"})") ==
        "invalid policy file: unknown key \"comment\" at the top level (the keys are \"schemaguard_policy\" and "
        "\"rules\")");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": []})") ==
        "invalid policy file: \"rules\" must be an object, not an array");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"delta": {}}})") ==
        "invalid policy file: unknown rule \"delta\" (the rules of this database are: alpha, beta, gamma)");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": "off"}})") ==
        "invalid policy file: rules.alpha must be an object, not a string");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"severity": "fatal"}}})") ==
        "invalid policy file: rules.alpha.severity is \"fatal\"; it must be one of: error, warning, off");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"severity": null}}})").find("is null") !=
        std::string::npos);
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"severtiy": "off"}}})") ==
        "invalid policy file: unknown key \"severtiy\" in rules.alpha (the keys are \"severity\" and \"parameters\")");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"parameters": {"third": ["x"]}}}})") ==
        "invalid policy file: rule \"alpha\" has no parameter \"third\" (its parameters: first, second)");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"beta": {"parameters": {"first": ["x"]}}}})") ==
        "invalid policy file: rule \"beta\" has no parameter \"first\" (its parameters: (none))");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"parameters": {"first": "x"}}}})") ==
        "invalid policy file: rules.alpha.parameters.first must be an array of strings, not a string");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"parameters": {"first": ["x", 3]}}}})") ==
        "invalid policy file: rules.alpha.parameters.first must be an array of strings; it holds 3");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"parameters": {"first": [""]}}}})") ==
        "invalid policy file: rules.alpha.parameters.first holds an empty string");
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"parameters": []}}})") ==
        "invalid policy file: rules.alpha.parameters must be an object, not an array");
}

TEST_CASE("policy: a duplicate key is refused, not silently the last one (Boost.JSON keeps the last)", "[policy]") {
  CHECK(message_of(R"({"schemaguard_policy": 1, "rules": {"alpha": {"severity": "off"}, "alpha": {}}})") ==
        "invalid policy file: duplicate key \"alpha\" (line 1, column 73)");
  CHECK(message_of(
            "{\"schemaguard_policy\": 1,\n\"rules\": {\"alpha\": {\"severity\": \"off\", \"severity\": \"error\"}}}")
            .find("duplicate key \"severity\" (line 2") != std::string::npos);
  CHECK(message_of(R"({"schemaguard_policy": 1, "schemaguard_policy": 1, "rules": {}})").find("duplicate key") !=
        std::string::npos);
  // the same key in different objects is fine
  CHECK_NOTHROW(parse_policy(
      R"({"schemaguard_policy": 1, "rules": {"alpha": {"severity": "off"}, "gamma": {"severity": "off"}}})",
      catalog()));
}

TEST_CASE("policy: newly flagged and cleared findings; a severity change alone is neither", "[policy]") {
  Finding a{"alpha", "error", "public", "t", "id", "bad key"};
  Finding b{"gamma", "error", "public", "u", "", "no column"};
  Finding c{"alpha", "error", "app", "v", "id", "bad key"};
  Finding a_warning = a;
  a_warning.severity = "warning";
  auto d = compare_findings({a, b}, {a_warning, c});
  REQUIRE(d.flagged.size() == 1);
  CHECK(d.flagged[0].line() == "error alpha app.v (id): bad key");
  REQUIRE(d.cleared.size() == 1);
  CHECK(d.cleared[0].line() == "error gamma public.u: no column");
  CHECK(compare_findings({a, b}, {b, a}).flagged.empty());
}

TEST_CASE("report: the Policy section lists the parameters in force, or V1 defaults", "[policy][report]") {
  using namespace sg::output;
  ComplianceReport r;
  r.database = "app";
  std::string md = render_compliance_markdown(r, FailOn::error);
  CHECK(md.find("## Policy") == std::string::npos);  // an extension without parameters
  r.policy = std::vector<PolicyParameter>{};
  md = render_compliance_markdown(r, FailOn::error);
  CHECK(md.find("## Policy\n\nV1 defaults: no rule parameter is set.\n") != std::string::npos);
  r.policy = std::vector<PolicyParameter>{{"alpha", "first", {"public.f()", "a|b"}}};
  md = render_compliance_markdown(r, FailOn::error);
  CHECK(md.find("| `alpha` | `first` | `public.f()`, `a\\|b` |\n") != std::string::npos);
  CHECK(md.find("## Policy") < md.find("## Open violations"));
  r.invariants = {{"beta", "b", "off", "off", 0, 0, 0, "rule is off: not checked"}};
  md = render_compliance_markdown(r, FailOn::error);
  CHECK(md.find("| off | ➖ off (not checked) |") != std::string::npos);
}

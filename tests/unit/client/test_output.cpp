#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <vector>

#include <boost/json.hpp>

#include "output/compliance.hpp"
#include "output/report.hpp"
#include "support/common.hpp"

using namespace sg::output;

namespace {

CheckReport sample() {
  CheckReport r;
  r.database = "app";
  r.rules = {{"primary_key", "error", "single uuid primary key"},
             {"timestamps", "error", "created_at/updated_at"},
             {"fk_index", "warning", "foreign keys are indexed"}};
  r.tables = {"public.tracks", "public.users", "public.legacy"};
  Finding a{"primary_key", "error", "public", "tracks", "id", "primary key column \"id\" is bigint", "", "open", "", 0};
  Finding b{"timestamps",
            "error",
            "public",
            "tracks",
            "updated_at",
            "column \"updated_at\" is missing",
            "ALTER TABLE public.tracks ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();",
            "open",
            "migrations/0011_tracks.sql",
            3};
  Finding c{"fk_index", "warning", "public", "users", "users_org_fkey", "foreign key has no index, 100% <sure>",
            "",         "open",    "",       0};
  Finding d{"primary_key", "error", "public", "legacy", "id", "primary key column \"id\" is bigint", "",
            "waived",      "",      0};
  r.findings = {a, b, c, d};
  return r;
}

// Minimal XML well-formedness: balanced tags, quoted attributes, only known entities.
bool well_formed_xml(const std::string& xml, std::string& why) {
  std::vector<std::string> stack;
  size_t i = xml.find("?>");
  if (xml.rfind("<?xml", 0) != 0 || i == std::string::npos) {
    why = "no XML declaration";
    return false;
  }
  i += 2;
  static const std::regex entity("&(amp|lt|gt|quot|apos);");
  while (i < xml.size()) {
    size_t lt = xml.find('<', i);
    std::string text = xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    for (size_t k = text.find('&'); k != std::string::npos; k = text.find('&', k + 1))
      if (!std::regex_search(text.substr(k, 6), entity, std::regex_constants::match_continuous)) {
        why = "bad entity";
        return false;
      }
    if (text.find('>') != std::string::npos) {
      why = "raw > in text";
      return false;
    }
    if (lt == std::string::npos) break;
    size_t gt = xml.find('>', lt);
    if (gt == std::string::npos) {
      why = "unclosed tag";
      return false;
    }
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    if (std::count(tag.begin(), tag.end(), '"') % 2) {
      why = "unbalanced quotes in <" + tag + ">";
      return false;
    }
    if (tag.find('<') != std::string::npos) {
      why = "< inside tag";
      return false;
    }
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) {
        why = "mismatched </" + tag.substr(1) + ">";
        return false;
      }
      stack.pop_back();
    } else if (tag.back() != '/') {
      stack.push_back(tag.substr(0, tag.find_first_of(" \n")));
    }
    i = gt + 1;
  }
  if (!stack.empty()) {
    why = "unclosed <" + stack.back() + ">";
    return false;
  }
  return true;
}

int attr_int(const std::string& xml, const std::string& tag, const std::string& attr) {
  std::smatch m;
  std::regex re("<" + tag + "[^>]* " + attr + "=\"([0-9]+)\"");
  REQUIRE(std::regex_search(xml, m, re));
  return std::stoi(m[1]);
}

size_t count_of(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("exit codes follow --fail-on and ignore waived findings", "[output][exit]") {
  auto r = sample();
  CHECK(exit_code_for(r, FailOn::error) == sg::kExitFailed);
  CHECK(exit_code_for(r, FailOn::never) == sg::kExitOk);
  r.findings.erase(r.findings.begin(), r.findings.begin() + 2);  // only the warning and the waived error remain
  CHECK(exit_code_for(r, FailOn::error) == sg::kExitOk);
  CHECK(exit_code_for(r, FailOn::warning) == sg::kExitFailed);
  r.findings.erase(r.findings.begin());  // only the waived error
  CHECK(exit_code_for(r, FailOn::warning) == sg::kExitOk);
  CHECK_THROWS_AS(parse_fail_on("sometimes"), sg::InputError);
}

TEST_CASE("SARIF 2.1.0 shape", "[output][sarif]") {
  auto r = sample();
  auto root = boost::json::parse(render_sarif(r)).as_object();
  CHECK(root.at("version").as_string() == "2.1.0");
  CHECK(std::string(root.at("$schema").as_string()).find("sarif-2.1.0") != std::string::npos);
  auto& runs = root.at("runs").as_array();
  REQUIRE(runs.size() == 1);
  auto& run = runs[0].as_object();
  auto& driver = run.at("tool").as_object().at("driver").as_object();
  CHECK(driver.at("name").as_string() == "schemaguard");
  auto& rules = driver.at("rules").as_array();
  REQUIRE(rules.size() == 3);
  std::vector<std::string> ids;
  for (auto& rule : rules) {
    auto& o = rule.as_object();
    ids.push_back(std::string(o.at("id").as_string()));
    CHECK_FALSE(o.at("shortDescription").as_object().at("text").as_string().empty());
    std::string level(o.at("defaultConfiguration").as_object().at("level").as_string());
    CHECK((level == "error" || level == "warning"));
  }
  auto& results = run.at("results").as_array();
  REQUIRE(results.size() == 4);
  std::set<std::string> levels{"none", "note", "warning", "error"};
  size_t suppressed = 0;
  for (auto& res : results) {
    auto& o = res.as_object();
    std::string id(o.at("ruleId").as_string());
    auto idx = (size_t)o.at("ruleIndex").as_int64();
    REQUIRE(idx < ids.size());
    CHECK(ids[idx] == id);
    CHECK(levels.count(std::string(o.at("level").as_string())));
    CHECK_FALSE(o.at("message").as_object().at("text").as_string().empty());
    auto& loc = o.at("locations").as_array().at(0).as_object();
    CHECK(loc.at("logicalLocations").as_array().at(0).as_object().at("kind").as_string() == "table");
    if (o.contains("suppressions")) ++suppressed;
  }
  CHECK(suppressed == 1);
  auto& with_file = results[1].as_object().at("locations").as_array()[0].as_object();
  auto& phys = with_file.at("physicalLocation").as_object();
  CHECK(phys.at("artifactLocation").as_object().at("uri").as_string() == "migrations/0011_tracks.sql");
  CHECK(phys.at("region").as_object().at("startLine").as_int64() == 3);
}

TEST_CASE("JUnit XML shape", "[output][junit]") {
  auto r = sample();
  std::string xml = render_junit(r, FailOn::error);
  std::string why;
  INFO(xml);
  REQUIRE(well_formed_xml(xml, why));
  CHECK(why.empty());
  // one suite per rule, one case per table and rule
  CHECK(count_of(xml, "<testsuite ") == 3);
  CHECK(count_of(xml, "<testcase ") == 9);
  CHECK(attr_int(xml, "testsuites", "tests") == 9);
  CHECK(attr_int(xml, "testsuites", "failures") == 2);  // tracks/primary_key, tracks/timestamps
  CHECK(attr_int(xml, "testsuites", "skipped") == 1);   // legacy/primary_key waived
  CHECK(count_of(xml, "<failure ") == 2);
  CHECK(xml.find("100% &lt;sure&gt;") != std::string::npos);  // escaped warning text in system-out
  std::string strict = render_junit(r, FailOn::warning);
  CHECK(attr_int(strict, "testsuites", "failures") == 3);
  CHECK(well_formed_xml(strict, why));
}

TEST_CASE("GitHub annotations", "[output][github]") {
  auto r = sample();
  std::string out = render_github(r, FailOn::error);
  CHECK(count_of(out, "::error ") == 2);
  CHECK(count_of(out, "::warning ") == 1);
  CHECK(out.find("file=migrations/0011_tracks.sql,line=3,title=schemaguard timestamps%3A public.tracks::") !=
        std::string::npos);
  CHECK(out.find("%0AFix: ALTER TABLE") != std::string::npos);
  CHECK(out.find("100%25 <sure>") != std::string::npos);
  CHECK(github_escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A");
}

TEST_CASE("JSON output is stable and complete", "[output][json]") {
  auto r = sample();
  auto root = boost::json::parse(render_json(r, FailOn::error)).as_object();
  CHECK(root.at("database").as_string() == "app");
  auto& s = root.at("summary").as_object();
  CHECK(s.at("open").as_int64() == 3);
  CHECK(s.at("errors").as_int64() == 2);
  CHECK(s.at("warnings").as_int64() == 1);
  CHECK(s.at("waived").as_int64() == 1);
  CHECK(s.at("tables_checked").as_int64() == 3);
  CHECK(s.at("passed").as_bool() == false);
  auto& v = root.at("violations").as_array();
  REQUIRE(v.size() == 4);
  CHECK(v[0].as_object().at("hint").is_null());
  CHECK(v[1].as_object().at("line").as_int64() == 3);
  for (const char* key : {"rule", "severity", "status", "schema", "table", "object", "message", "hint", "file", "line"})
    CHECK(v[2].as_object().contains(key));
}

TEST_CASE("Markdown and text list open findings; cells are escaped", "[output][markdown]") {
  auto r = sample();
  r.findings[0].message = "a | b";
  std::string md = render_markdown(r);
  CHECK(md.find("a \\| b") != std::string::npos);
  CHECK(md.find("legacy") == std::string::npos);  // waived: hidden unless --all
  r.include_suppressed = true;
  CHECK(render_markdown(r).find("legacy") != std::string::npos);
  sg::Console plain;
  std::string text = render_text(sample(), plain);
  CHECK(text.find("3 open violations (2 errors, 1 warnings)") != std::string::npos);
  CHECK(text.find("\033[") == std::string::npos);  // no color without a TTY
}

TEST_CASE("compliance report sections and verdict", "[output][report]") {
  ComplianceReport c;
  c.database = "app";
  c.check = sample();
  c.tables = 3;
  c.schemas = {{"public", 3}};
  c.migrations_applied = 11;
  c.latest_version = "11";
  c.latest_name = "tracks";
  c.invariants = {{"primary_key", "single uuid primary key", "error", "violations", 3, 1, 1, "1 open"}};
  c.waivers = std::vector<Waiver>{
      {"public.legacy", "primary_key", "bigint ids until the rewrite", "", "postgres", "2024-01-01", false}};
  std::string md = render_compliance_markdown(c, FailOn::error);
  for (const char* h : {"## Overview", "## Core invariants", "## Open violations", "## Technical debt: waivers",
                        "## Baseline", "## Verdict"})
    CHECK(md.find(h) != std::string::npos);
  CHECK(md.find("bigint ids until the rewrite") != std::string::npos);
  CHECK(md.find("**Not compliant.**") != std::string::npos);
  CHECK(verdict_of(c, FailOn::error) == Verdict::not_compliant);
  c.check.findings = {c.check.findings[2]};  // just the warning
  CHECK(verdict_of(c, FailOn::error) == Verdict::compliant_with_warnings);
  c.check.findings.clear();
  c.waivers.reset();
  md = render_compliance_markdown(c, FailOn::error);
  CHECK(md.find("**Compliant.**") != std::string::npos);
  CHECK(md.find("has no waivers") != std::string::npos);
}

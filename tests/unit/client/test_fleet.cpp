#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "fleet/inspect.hpp"
#include "fleet/targets.hpp"
#include "output/fleet.hpp"
#include "support/common.hpp"

using namespace sg::fleet;

namespace {

size_t count_of(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

std::vector<std::string> names(const std::vector<Target>& ts, const std::vector<size_t>& idx) {
  std::vector<std::string> out;
  for (size_t i : idx) out.push_back(ts[i].name);
  return out;
}

Row judged_row(const std::string& name, const std::string& fp, std::vector<sg::output::Finding> findings = {}) {
  Row r;
  r.target.name = name;
  r.database = name;
  r.status = check_status(findings, sg::output::FailOn::error);
  r.extension_version = "0.4.0";
  r.mode = "enforce";
  r.fingerprint = fp;
  r.rules = {{"primary_key", "error", "pk", 0, 0, 0}, {"fk_index", "warning", "fk idx", 0, 0, 0}};
  for (const auto& f : findings)
    for (auto& rc : r.rules)
      if (rc.rule == f.rule) (f.open() ? rc.open : f.status == "waived" ? rc.waived : rc.baselined)++;
  r.findings = std::move(findings);
  r.migrations = MigrationState{3, "3", "orders", true, 1, 0, 0, 0};
  return r;
}

sg::output::Finding finding(const std::string& rule, const std::string& sev, const std::string& status) {
  return sg::output::Finding{rule, sev, "public", "t", "id", "a <problem> & more", "fix it", status, "", 0};
}

FleetResult sample() {
  FleetResult r;
  r.command = "check";
  r.rows.push_back(judged_row("eu-1", "aaaaaaaaaaaa"));
  r.rows.push_back(judged_row("eu-2", "aaaaaaaaaaaa", {finding("primary_key", "error", "open")}));
  r.rows.push_back(judged_row("us-1", "bbbbbbbbbbbb",
                              {finding("fk_index", "warning", "open"), finding("primary_key", "error", "waived")}));
  Row down;
  down.target.name = "down";
  down.target.dsn = "host=db password=secret dbname=x";
  down.status = Status::unreachable;
  down.reason = "connection refused";
  r.rows.push_back(down);
  finalize(r);
  return r;
}

}  // namespace

TEST_CASE("targets file: lines with optional labels, comments, DSNs with blanks", "[fleet]") {
  auto ts = parse_targets(
      "# tenants\n\n"
      "eu-1 [region=eu, tier=gold] postgresql://app:secret@db1/app?sslmode=require\n"
      "  us-1   host=db2 dbname=app user=app  \r\n"
      "local [canary=yes] dbname=x\n",
      "fleet.txt");
  REQUIRE(ts.size() == 3);
  CHECK(ts[0].name == "eu-1");
  CHECK(ts[0].labels == std::map<std::string, std::string>{{"region", "eu"}, {"tier", "gold"}});
  CHECK(ts[0].dsn == "postgresql://app:secret@db1/app?sslmode=require");
  CHECK(ts[1].name == "us-1");
  CHECK(ts[1].labels.empty());
  CHECK(ts[1].dsn == "host=db2 dbname=app user=app");
  CHECK(ts[2].labels.at("canary") == "yes");
}

TEST_CASE("targets file: JSON, object or bare array", "[fleet]") {
  auto ts = parse_targets(
      R"({"targets":[{"name":"a","dsn":"dbname=a","labels":{"region":"eu"}},{"name":"b","dsn":"dbname=b"}]})",
      "f.json");
  REQUIRE(ts.size() == 2);
  CHECK(ts[0].labels.at("region") == "eu");
  CHECK(ts[1].dsn == "dbname=b");
  CHECK(parse_targets(R"(  [{"name":"c","dsn":"dbname=c"}])", "f.json").size() == 1);
}

TEST_CASE("targets file: every mistake named with its place", "[fleet]") {
  auto msg = [](const std::string& text) {
    try {
      parse_targets(text, "t.txt");
    } catch (const sg::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(msg("a dbname=a\nb\n") == "t.txt:2: target \"b\" has no connection string");
  CHECK(msg("a dbname=a\na dbname=b\n") == "t.txt: target name \"a\" is given twice (names must be unique)");
  CHECK(msg("a [region eu] dbname=a\n") == "t.txt:1: expected a label as key=value, got \"region\"");
  CHECK(msg("a [region=eu dbname=a\n") == "t.txt:1: unclosed [ of the labels");
  CHECK(msg("a host='x\n").find("t.txt:1: target \"a\": invalid connection string") == 0);
  CHECK(msg("a dbname=a\n[x=y] b dbname=b\n").find("t.txt:2: a line starts with the target's name") == 0);
  CHECK(msg("{\"targets\": [{\"name\": \"a\"}]}") == "t.txt: targets[0]: target \"a\" has no connection string");
  CHECK(msg("{\"targets\": [{\"name\": \"a\", \"dsn\": \"x=1\", \"lables\": {}}]}")
            .find("unexpected member \"lables\"") != std::string::npos);
  CHECK(msg("{\"targets\": [ }").find("t.txt: invalid JSON") == 0);
  CHECK(msg("[1]") == "t.txt: targets[0]: expected an object with name and dsn");
}

TEST_CASE("labels, globs and redaction", "[fleet]") {
  Target t{"tenant_7", "dbname=x", {{"region", "eu"}, {"tier", "gold"}}};
  CHECK(matches_labels(t, {{"region", "eu"}}));
  CHECK(matches_labels(t, {{"region", "eu"}, {"tier", "gold"}}));
  CHECK_FALSE(matches_labels(t, {{"region", "eu"}, {"tier", "free"}}));
  CHECK_FALSE(matches_labels(t, {{"zone", "a"}}));
  CHECK(parse_label("a.b/c=x=y", "--label") == std::pair<std::string, std::string>{"a.b/c", "x=y"});
  CHECK_THROWS_AS(parse_label("=x", "--label"), sg::InputError);
  CHECK_THROWS_AS(parse_label("k=", "--label"), sg::InputError);
  CHECK(glob_match("tenant_*", "tenant_7"));
  CHECK(glob_match("t?nant_*7", "tenant_17"));
  CHECK_FALSE(glob_match("tenant_*", "postgres"));
  CHECK(glob_match("*", ""));
  CHECK(redact_dsn("postgresql://app:s3cr3t@db1:5432/app") == "postgresql://app:***@db1:5432/app");
  CHECK(redact_dsn("postgresql://app@db1/app") == "postgresql://app@db1/app");
  CHECK(redact_dsn("host=db password='a b' user=x") == "host=db password=*** user=x");
  CHECK(redact_dsn("postgres:///x?user=a&password=pw&sslmode=disable") ==
        "postgres:///x?user=a&password=***&sslmode=disable");
  // found by the fuzz_targets target: a password starting with '&' was shown
  CHECK(redact_dsn("host=h password=&\"targets\":[{! user=u") == "host=h password=*** user=u");
  CHECK(redact_dsn("host=h PASSWORD = 'it\\'s' user=u") == "host=h PASSWORD = *** user=u");
  CHECK(redact_dsn("password=" + std::string(5000, 'x')) == "password=***");
  CHECK(redact_dsn("passwordx=1 password=2") == "passwordx=1 password=***");
  CHECK(redact_dsn("postgresql:///x?password=a%26b#frag") == "postgresql:///x?password=***#frag");
}

TEST_CASE("fleet conninfo: connect_timeout unless the DSN sets one", "[fleet]") {
  CHECK(fleet_conninfo("dbname=x", 7).find("connect_timeout=7") != std::string::npos);
  auto ci = fleet_conninfo("dbname=x connect_timeout=3", 7);
  CHECK(ci.find("connect_timeout='3'") != std::string::npos);
  CHECK(ci.find("connect_timeout=7") == std::string::npos);
  CHECK(fleet_conninfo("postgresql:///x", 0).find("connect_timeout") == std::string::npos);
}

TEST_CASE("connection errors: unauthorised or unreachable", "[fleet]") {
  CHECK(classify_connect_error("connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: FATAL:  password "
                               "authentication failed for user \"x\"") == Status::unauthorized);
  CHECK(classify_connect_error("FATAL:  permission denied for database \"a\"") == Status::unauthorized);
  CHECK(classify_connect_error("FATAL:  role \"r\" is not permitted to log in") == Status::unauthorized);
  CHECK(classify_connect_error("could not connect: No such file or directory") == Status::unreachable);
  CHECK(classify_connect_error("timeout expired") == Status::unreachable);
  CHECK(classify_connect_error("FATAL:  database \"nope\" does not exist") == Status::unreachable);
}

TEST_CASE("waves: canary by name and label first, then waves in targets order", "[fleet]") {
  std::vector<Target> ts;
  for (int i = 1; i <= 7; ++i) ts.push_back(Target{"t" + std::to_string(i), "dbname=x", {}});
  ts[4].labels["canary"] = "yes";
  auto st = plan_stages(ts, {"t3", "canary=yes"}, 2);
  REQUIRE(st.size() == 4);
  CHECK(st[0].name == "canary");
  CHECK(names(ts, st[0].targets) == std::vector<std::string>{"t3", "t5"});
  CHECK(st[1].name == "wave 1");
  CHECK(names(ts, st[1].targets) == std::vector<std::string>{"t1", "t2"});
  CHECK(names(ts, st[2].targets) == std::vector<std::string>{"t4", "t6"});
  CHECK(st[3].name == "wave 3");
  CHECK(names(ts, st[3].targets) == std::vector<std::string>{"t7"});

  auto one = plan_stages(ts, {}, 0);
  REQUIRE(one.size() == 1);
  CHECK(one[0].name == "wave 1");
  CHECK(one[0].targets.size() == 7);
  // a canary named twice (by name and label) is migrated once
  CHECK(plan_stages(ts, {"t5", "canary=yes"}, 0)[0].targets.size() == 1);
  // everything is canary: no waves
  CHECK(plan_stages({ts[0]}, {"t1"}, 3).size() == 1);
  CHECK_THROWS_WITH(plan_stages(ts, {"t9"}, 0), "--canary t9: no selected target has that name");
  CHECK_THROWS_WITH(plan_stages(ts, {"tier=gold"}, 0), "--canary tier=gold: no selected target carries that label");
}

TEST_CASE("fingerprint: canonical, order-insensitive except for patterns", "[fleet]") {
  ConfigSnapshot a;
  a.severities = {{"primary_key", "error"}, {"fk_index", "warning"}};
  a.classes = {{"public.a", "internal"}};
  a.patterns = {{"^tmp_", "internal"}, {"^audit_", "internal"}};
  a.waivers = {"public.t soft_delete", "public.u primary_key until 2030-01-01T00:00:00Z"};
  ConfigSnapshot b = a;
  std::swap(b.severities[0], b.severities[1]);
  std::swap(b.waivers[0], b.waivers[1]);
  CHECK(fingerprint(a) == fingerprint(b));
  CHECK(fingerprint(a).size() == 12);
  ConfigSnapshot c = a;
  c.severities[1].second = "error";
  CHECK(fingerprint(c) != fingerprint(a));
  ConfigSnapshot d = a;
  std::swap(d.patterns[0], d.patterns[1]);  // the first matching pattern wins: order is configuration
  CHECK(fingerprint(d) != fingerprint(a));
  ConfigSnapshot e = a;
  e.waivers.pop_back();
  CHECK(fingerprint(e) != fingerprint(a));
  CHECK(canonical_text(a).find("waiver public.t soft_delete\n") != std::string::npos);
}

TEST_CASE("aggregation: outliers, status counts, verdict, worst exit code", "[fleet]") {
  auto r = sample();
  CHECK(r.rules == std::vector<std::string>{"primary_key", "fk_index"});
  CHECK_FALSE(r.rows[0].outlier);
  CHECK_FALSE(r.rows[1].outlier);
  CHECK(r.rows[2].outlier);
  CHECK_FALSE(r.rows[3].outlier);  // no fingerprint: not an outlier, not judged
  auto groups = fingerprint_groups(r);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0] == std::pair<std::string, size_t>{"aaaaaaaaaaaa", 2});
  auto counts = count_by_status(r);
  CHECK(counts[Status::ok] == 2);
  CHECK(counts[Status::violations] == 1);
  CHECK(counts[Status::unreachable] == 1);
  CHECK(verdict(r) == "not_compliant");
  CHECK(exit_code(r) == sg::kExitError);
  r.rows.pop_back();
  CHECK(exit_code(r) == sg::kExitFailed);
  r.rows.erase(r.rows.begin() + 1);
  CHECK(verdict(r) == "compliant_with_warnings");
  CHECK(exit_code(r) == sg::kExitOk);
  r.fail_on = sg::output::FailOn::warning;
  r.rows[1].status = check_status(r.rows[1].findings, r.fail_on);
  CHECK(r.rows[1].status == Status::violations);
  CHECK(exit_code(r) == sg::kExitFailed);
  // every row the same: nobody is an outlier
  FleetResult same;
  same.rows = {judged_row("a", "x"), judged_row("b", "x")};
  finalize(same);
  CHECK_FALSE(same.rows[0].outlier);
  CHECK(verdict(same) == "compliant");
  Row skipped;
  skipped.status = Status::skipped;
  same.rows.push_back(skipped);
  CHECK(verdict(same) == "incomplete");
  CHECK(exit_code(same) == sg::kExitOk);
}

TEST_CASE("fleet JSON: a row per database with its reason, rules and migrations", "[fleet][render]") {
  auto r = sample();
  auto v = boost::json::parse(sg::output::render_fleet_json(r)).as_object();
  CHECK(v["command"] == "check");
  auto& s = v["summary"].as_object();
  CHECK(s["databases"].as_int64() == 4);
  CHECK(s["exit_code"].as_int64() == 2);
  CHECK(s["verdict"] == "not_compliant");
  CHECK(s["by_status"].as_object()["unreachable"].as_int64() == 1);
  auto& rows = v["databases"].as_array();
  REQUIRE(rows.size() == 4);
  auto& eu2 = rows[1].as_object();
  CHECK(eu2["status"] == "violations");
  CHECK(eu2["rules"].as_object()["primary_key"].as_object()["open"].as_int64() == 1);
  CHECK(eu2["migrations"].as_object()["head"] == "3");
  CHECK(eu2["migrations"].as_object()["pending"].as_int64() == 1);
  CHECK(eu2["violations"].as_array().size() == 1);
  auto& us1 = rows[2].as_object();
  CHECK(us1["config"].as_object()["outlier"].as_bool());
  CHECK(us1["summary"].as_object()["waived"].as_int64() == 1);
  auto& down = rows[3].as_object();
  CHECK(down["dsn"] == "host=db password=*** dbname=x");
  CHECK(down["status"] == "unreachable");
  CHECK(down["reason"] == "connection refused");
  CHECK(down["extension"].as_object()["installed"].as_bool() == false);
  CHECK(down["summary"].is_null());
  CHECK(down["migrations"].is_null());
}

TEST_CASE("fleet Markdown: database column, per-rule cells, verdict, outliers, not judged", "[fleet][render]") {
  auto md = sg::output::render_fleet_markdown(sample());
  CHECK(md.find("# Fleet compliance report: 4 databases") == 0);
  CHECK(md.find("**Not compliant.** 1 of 4 databases have blocking violations") != std::string::npos);
  CHECK(md.find("1 databases could not be judged") != std::string::npos);
  CHECK(md.find("| Database | Labels | Status | Extension | Mode | `primary_key` | `fk_index` |") != std::string::npos);
  CHECK(md.find("| `eu-2` |  | violations | 0.4.0 | enforce | ❌ 1 | ✅ |") != std::string::npos);
  CHECK(md.find("`bbbbbbbbbbbb` ⚠️ outlier") != std::string::npos);
  CHECK(md.find("| `down` | unreachable | connection refused |") != std::string::npos);
  CHECK(md.find("| `eu-2` | error | `primary_key` | `public.t` | a <problem> & more | `fix it` |") !=
        std::string::npos);
}

TEST_CASE("fleet SARIF: a run per database; unreachable ones as failed invocations", "[fleet][render]") {
  auto v = boost::json::parse(sg::output::render_fleet_sarif(sample())).as_object();
  CHECK(v["version"] == "2.1.0");
  auto& runs = v["runs"].as_array();
  REQUIRE(runs.size() == 4);
  auto& eu2 = runs[1].as_object();
  CHECK(eu2["properties"].as_object()["target"] == "eu-2");
  CHECK(eu2["results"].as_array().size() == 1);
  CHECK(eu2["invocations"].as_array()[0].as_object()["executionSuccessful"].as_bool());
  auto& us1 = runs[2].as_object();
  CHECK(us1["results"].as_array()[1].as_object().contains("suppressions"));  // the waived one
  auto& down = runs[3].as_object()["invocations"].as_array()[0].as_object();
  CHECK_FALSE(down["executionSuccessful"].as_bool());
  CHECK(down["toolExecutionNotifications"].as_array().size() == 1);
}

TEST_CASE("fleet JUnit: a suite per database, a case per rule, errors for unreachable ones", "[fleet][render]") {
  auto x = sg::output::render_fleet_junit(sample());
  CHECK(count_of(x, "<testsuite ") == 4);
  CHECK(x.find("<testsuites name=\"schemaguard fleet\" tests=\"10\" failures=\"1\" errors=\"1\">") !=
        std::string::npos);
  CHECK(x.find("<testcase classname=\"schemaguard.eu-2\" name=\"primary_key\">") != std::string::npos);
  CHECK(x.find("a &lt;problem&gt; &amp; more") != std::string::npos);
  CHECK(x.find("<error message=\"unreachable: connection refused\" type=\"unreachable\">") != std::string::npos);
  CHECK(count_of(x, "<testcase ") == 10);  // 3 databases x (2 rules + migrations) + 1
}

TEST_CASE("fleet text: one line per database, reasons, verdict, outliers", "[fleet][render]") {
  sg::Console c;
  auto t = sg::output::render_fleet_text(sample(), c);
  CHECK(t.find("DATABASE  STATUS") == 0);
  CHECK(t.find("down: unreachable: connection refused") != std::string::npos);
  CHECK(t.find("4 databases: 2 ok, 1 violations, 1 unreachable.") != std::string::npos);
  CHECK(t.find("Configuration: 2 databases share aaaaaaaaaaaa; outliers: us-1 (bbbbbbbbbbbb)") != std::string::npos);
  CHECK(t.find("Fleet verdict: not compliant.") != std::string::npos);
}

#include <algorithm>
#include <map>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "output/fleet.hpp"

namespace sg::output {

using fleet::FleetResult;
using fleet::Row;
using fleet::Status;

namespace {

bool judged(const Row& row) {
  return row.status == Status::ok || row.status == Status::violations || row.status == Status::drift;
}

std::string labels_text(const fleet::Target& t) {
  std::string out;
  for (const auto& [k, v] : t.labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

struct Totals {
  long open = 0, errors = 0, warnings = 0, waived = 0, baselined = 0;
};
Totals totals(const Row& row) {
  Totals t;
  for (const auto& f : row.findings) {
    if (f.open()) {
      ++t.open;
      (f.severity == "error" ? t.errors : t.warnings)++;
    } else if (f.status == "waived") {
      ++t.waived;
    } else if (f.status == "baselined") {
      ++t.baselined;
    }
  }
  return t;
}

std::string summary_line(const FleetResult& r) {
  std::string out = fmt::format("{} databases:", r.rows.size());
  bool first = true;
  for (const auto& [s, n] : fleet::count_by_status(r)) {
    out += fmt::format("{} {} {}", first ? "" : ",", n, fleet::to_string(s));
    first = false;
  }
  return out;
}

std::string verdict_words(const std::string& v) {
  if (v == "compliant") return "compliant";
  if (v == "compliant_with_warnings") return "compliant, with warnings";
  if (v == "not_compliant") return "not compliant";
  return "incomplete (some databases could not be judged)";
}

std::string migrate_words(const FleetResult& r) {
  size_t done = 0, failed = 0, other = 0;
  for (const auto& row : r.rows) {
    if (row.status == Status::ok)
      ++done;
    else if (row.status == Status::failed)
      ++failed;
    else
      ++other;
  }
  return fmt::format("{}: {} done, {} failed, {} not migrated", r.dry_run ? "dry run" : "migrate", done, failed, other);
}

}  // namespace

std::string render_fleet_text(const FleetResult& r, const Console& c) {
  size_t w = 8;
  for (const auto& row : r.rows) w = std::max(w, row.target.name.size());
  std::string out;
  bool mig = r.command == "migrate", status = r.command == "status";
  if (mig)
    out += fmt::format("{:<{}}  {:<12} {:<8} {:<12} {:>7} {:>8} {:>7}\n", "DATABASE", w, "STATUS", "STAGE", "RESULT",
                       "APPLIED", "HEAD", "PENDING");
  else if (status)
    out += fmt::format("{:<{}}  {:<12} {:<7} {:<8} {:>8} {:>7} {:>7} {:>7} {:>7}  {}\n", "DATABASE", w, "STATUS", "EXT",
                       "MODE", "HEAD", "APPLIED", "PENDING", "CHANGED", "MISSING", "CONFIG");
  else
    out += fmt::format("{:<{}}  {:<12} {:<7} {:<8} {:>5} {:>5} {:>5} {:>6} {:>5} {:>8} {:>7}  {}\n", "DATABASE", w,
                       "STATUS", "EXT", "MODE", "OPEN", "ERR", "WARN", "WAIVED", "BASE", "HEAD", "PENDING", "CONFIG");
  for (const auto& row : r.rows) {
    std::string st = fmt::format("{:<12}", fleet::to_string(row.status));
    st = row.status == Status::ok                                             ? c.green(st)
         : row.status == Status::skipped || row.status == Status::not_started ? c.dim(st)
                                                                              : c.red(st);
    std::string ext = row.extension_version.value_or("-");
    std::string head = row.migrations && !row.migrations->head.empty() ? row.migrations->head : "-";
    std::string pending = row.migrations && row.migrations->have_dir ? std::to_string(row.migrations->pending) : "-";
    std::string config = row.fingerprint.empty() ? "-" : row.fingerprint + (row.outlier ? c.yellow(" (outlier)") : "");
    if (mig) {
      const auto& m = row.migrate;
      out += fmt::format("{:<{}}  {} {:<8} {:<12} {:>7} {:>8} {:>7}\n", row.target.name, w, st, m ? m->stage : "-",
                         m ? m->result : "-", m ? std::to_string(m->applied) : "-", head, pending);
    } else if (status) {
      auto n = [&](long v) {
        return row.migrations && row.migrations->have_dir ? std::to_string(v) : std::string("-");
      };
      out += fmt::format("{:<{}}  {} {:<7} {:<8} {:>8} {:>7} {:>7} {:>7} {:>7}  {}\n", row.target.name, w, st, ext,
                         row.mode.empty() ? "-" : row.mode, head,
                         row.migrations ? std::to_string(row.migrations->applied) : "-", pending,
                         row.migrations ? n(row.migrations->changed) : "-",
                         row.migrations ? n(row.migrations->missing) : "-", config);
    } else {
      auto t = totals(row);
      bool j = judged(row);
      auto n = [&](long v) { return j ? std::to_string(v) : std::string("-"); };
      out += fmt::format("{:<{}}  {} {:<7} {:<8} {:>5} {:>5} {:>5} {:>6} {:>5} {:>8} {:>7}  {}\n", row.target.name, w,
                         st, ext, row.mode.empty() ? "-" : row.mode, n(t.open), n(t.errors), n(t.warnings), n(t.waived),
                         n(t.baselined), head, pending, config);
    }
  }
  bool any_reason = false;
  for (const auto& row : r.rows) {
    if (row.reason.empty()) continue;
    if (!any_reason) out += "\n";
    any_reason = true;
    std::string reason = row.reason;
    std::string indented;
    for (char ch : reason) {
      indented.push_back(ch);
      if (ch == '\n') indented += "    ";
    }
    out += fmt::format("{}: {}: {}\n", c.bold(row.target.name), fleet::to_string(row.status), indented);
  }
  out += "\n" + summary_line(r) + ".\n";
  if (!r.stopped_reason.empty()) out += r.stopped_reason + "\n";
  auto groups = fleet::fingerprint_groups(r);
  if (groups.size() > 1) {
    out += fmt::format("Configuration: {} databases share {}; outliers:", groups.front().second, groups.front().first);
    for (const auto& row : r.rows)
      if (row.outlier) out += " " + row.target.name + " (" + row.fingerprint + ")";
    out += "\n";
  }
  if (mig)
    out += migrate_words(r) + ".\n";
  else if (!status)
    out += "Fleet verdict: " + verdict_words(fleet::verdict(r)) + ".\n";
  if (r.interrupted) out += "Interrupted: the databases not marked ok or failed were not finished.\n";
  return out;
}

std::string render_fleet_json(const FleetResult& r) {
  boost::json::array rows;
  for (const auto& row : r.rows) {
    boost::json::object o;
    o["name"] = row.target.name;
    boost::json::object labels;
    for (const auto& [k, v] : row.target.labels) labels[k] = v;
    o["labels"] = std::move(labels);
    o["dsn"] = fleet::redact_dsn(row.target.dsn);
    o["server"] = row.server.empty() ? boost::json::value(nullptr) : boost::json::value(row.server);
    o["database"] = row.database.empty() ? boost::json::value(nullptr) : boost::json::value(row.database);
    o["status"] = fleet::to_string(row.status);
    o["exit_code"] = fleet::exit_code_of(row.status);
    o["reason"] = row.reason.empty() ? boost::json::value(nullptr) : boost::json::value(row.reason);
    o["extension"] = boost::json::object{
        {"installed", row.extension_version.has_value()},
        {"version", row.extension_version ? boost::json::value(*row.extension_version) : boost::json::value(nullptr)}};
    o["mode"] = row.mode.empty() ? boost::json::value(nullptr) : boost::json::value(row.mode);
    if (r.command == "check" || r.command == "report") {
      auto t = totals(row);
      o["tables_checked"] = row.tables;
      o["summary"] = judged(row) ? boost::json::value(boost::json::object{{"open", t.open},
                                                                          {"errors", t.errors},
                                                                          {"warnings", t.warnings},
                                                                          {"waived", t.waived},
                                                                          {"baselined", t.baselined}})
                                 : boost::json::value(nullptr);
    }
    boost::json::object rules;
    for (const auto& rc : row.rules)
      rules[rc.rule] = boost::json::object{
          {"severity", rc.severity}, {"open", rc.open}, {"waived", rc.waived}, {"baselined", rc.baselined}};
    o["rules"] = std::move(rules);
    if (row.migrations) {
      const auto& m = *row.migrations;
      boost::json::object mo{
          {"applied", m.applied},
          {"head", m.head.empty() ? boost::json::value(nullptr) : boost::json::value(m.head)},
          {"head_name", m.head.empty() ? boost::json::value(nullptr) : boost::json::value(m.head_name)}};
      for (auto [k, v] : {std::pair<const char*, long>{"pending", m.pending},
                          {"changed", m.changed},
                          {"missing", m.missing},
                          {"out_of_order", m.out_of_order}})
        mo[k] = m.have_dir ? boost::json::value(v) : boost::json::value(nullptr);
      o["migrations"] = std::move(mo);
    } else {
      o["migrations"] = nullptr;
    }
    o["config"] = boost::json::object{
        {"fingerprint", row.fingerprint.empty() ? boost::json::value(nullptr) : boost::json::value(row.fingerprint)},
        {"outlier", row.outlier}};
    if (r.command == "migrate") {
      if (row.migrate) {
        const auto& m = *row.migrate;
        o["migrate"] = boost::json::object{
            {"stage", m.stage},
            {"result", m.result},
            {"applied", m.applied},
            {"failed_file", m.failed_file.empty() ? boost::json::value(nullptr) : boost::json::value(m.failed_file)}};
      } else {
        o["migrate"] = nullptr;
      }
    }
    if (r.command == "check" || r.command == "report") {
      boost::json::array findings;
      for (const auto& f : row.findings)
        findings.push_back(
            boost::json::object{{"rule", f.rule},
                                {"severity", f.severity},
                                {"status", f.status},
                                {"schema", f.schema},
                                {"table", f.table},
                                {"object", f.object},
                                {"message", f.message},
                                {"hint", f.hint.empty() ? boost::json::value(nullptr) : boost::json::value(f.hint)},
                                {"file", f.file.empty() ? boost::json::value(nullptr) : boost::json::value(f.file)},
                                {"line", f.file.empty() ? boost::json::value(nullptr) : boost::json::value(f.line)}});
      o["violations"] = std::move(findings);
    }
    o["duration_ms"] = row.duration_ms;
    rows.push_back(std::move(o));
  }
  boost::json::object by_status;
  for (const auto& [s, n] : fleet::count_by_status(r)) by_status[fleet::to_string(s)] = n;
  boost::json::array fps;
  for (const auto& [fp, n] : fleet::fingerprint_groups(r))
    fps.push_back(boost::json::object{{"fingerprint", fp}, {"databases", n}});
  boost::json::object summary{{"databases", r.rows.size()},
                              {"by_status", std::move(by_status)},
                              {"exit_code", fleet::exit_code(r)},
                              {"fingerprints", std::move(fps)},
                              {"interrupted", r.interrupted}};
  if (r.command == "check" || r.command == "report") {
    summary["verdict"] = fleet::verdict(r);
    summary["fail_on"] = r.fail_on == FailOn::error ? "error" : r.fail_on == FailOn::warning ? "warning" : "never";
  }
  if (r.command == "migrate") {
    summary["dry_run"] = r.dry_run;
    summary["stopped"] = r.stopped_reason.empty() ? boost::json::value(nullptr) : boost::json::value(r.stopped_reason);
  }
  boost::json::array rules;
  for (const auto& id : r.rules) rules.push_back(boost::json::value(id));
  boost::json::object root{{"schemaguard", SCHEMAGUARD_VERSION},
                           {"command", r.command},
                           {"summary", std::move(summary)},
                           {"rules", std::move(rules)},
                           {"databases", std::move(rows)}};
  return boost::json::serialize(root) + "\n";
}

std::string render_fleet_markdown(const FleetResult& r) {
  std::string v = fleet::verdict(r);
  std::string out = fmt::format("# Fleet compliance report: {} databases\n\n", r.rows.size());
  out += fmt::format("Generated {}by schemaguard {} (`fleet {}`).\n\n",
                     r.generated_at.empty() ? "" : r.generated_at + " ", SCHEMAGUARD_VERSION, r.command);
  out += "## Verdict\n\n";
  size_t failing = 0, unjudged = 0;
  for (const auto& row : r.rows) {
    if (row.status == Status::violations || row.status == Status::drift)
      ++failing;
    else if (!judged(row))
      ++unjudged;
  }
  if (r.command == "migrate")
    out += "**" + migrate_words(r) + ".**";
  else if (v == "compliant")
    out += fmt::format("**Compliant.** All {} databases satisfy the V1 invariants.", r.rows.size());
  else if (v == "compliant_with_warnings")
    out += fmt::format("**Compliant, with warnings.** No blocking violation in {} databases.", r.rows.size());
  else if (v == "not_compliant")
    out += fmt::format("**Not compliant.** {} of {} databases have blocking violations or drifted migrations.", failing,
                       r.rows.size());
  else
    out += "**Incomplete.**";
  if (unjudged && r.command != "migrate")
    out += fmt::format(" {} databases could not be judged (see below).", unjudged);
  if (r.interrupted) out += " The run was interrupted: not every database was inspected.";
  out += "\n\n" + summary_line(r) + ".\n\n";

  out += "## Databases\n\n| Database | Labels | Status | Extension | Mode |";
  for (const auto& rule : r.rules) out += " `" + rule + "` |";
  out += " Waived | Baselined | Migration head | Pending | Changed | Missing | Config |\n|---|---|---|---|---|";
  for (size_t i = 0; i < r.rules.size(); ++i) out += "---|";
  out += "---|---|---|---|---|---|---|\n";
  for (const auto& row : r.rows) {
    auto t = totals(row);
    bool j = judged(row) && r.command != "status";
    out += fmt::format("| `{}` | {} | {} | {} | {} |", markdown_cell(row.target.name),
                       markdown_cell(labels_text(row.target)), fleet::to_string(row.status),
                       row.extension_version.value_or("—"), row.mode.empty() ? "—" : row.mode);
    for (const auto& rule : r.rules) {
      auto it = std::find_if(row.rules.begin(), row.rules.end(), [&](const auto& rc) { return rc.rule == rule; });
      out += !j || it == row.rules.end() ? " — |" : it->open ? fmt::format(" ❌ {} |", it->open) : " ✅ |";
    }
    const auto* m = row.migrations ? &*row.migrations : nullptr;
    auto n = [&](long x) { return m && m->have_dir ? std::to_string(x) : std::string("—"); };
    out += fmt::format(
        " {} | {} | {} | {} | {} | {} | {} |\n", j ? std::to_string(t.waived) : "—",
        j ? std::to_string(t.baselined) : "—", m && !m->head.empty() ? "`" + m->head + "`" : "—",
        m ? n(m->pending) : "—", m ? n(m->changed) : "—", m ? n(m->missing) : "—",
        row.fingerprint.empty() ? "—" : "`" + row.fingerprint + "`" + (row.outlier ? " ⚠️ outlier" : ""));
  }
  out += "\n";

  if (r.command == "check" || r.command == "report") {
    out +=
        "## Rules across the fleet\n\n| Rule | Databases with open violations | Open | Waived | Baselined |\n"
        "|---|---|---|---|---|\n";
    for (const auto& rule : r.rules) {
      long dbs = 0, open = 0, waived = 0, baselined = 0;
      for (const auto& row : r.rows)
        for (const auto& rc : row.rules)
          if (rc.rule == rule) {
            dbs += rc.open ? 1 : 0;
            open += rc.open;
            waived += rc.waived;
            baselined += rc.baselined;
          }
      out += fmt::format("| `{}` | {} | {} | {} | {} |\n", rule, dbs, open, waived, baselined);
    }
    out += "\n## Open violations\n\n";
    size_t shown = 0, total = 0;
    for (const auto& row : r.rows)
      for (const auto& f : row.findings) {
        if (!f.open()) continue;
        ++total;
        if (shown >= 500) continue;
        if (shown++ == 0) out += "| Database | Severity | Rule | Table | Problem | Fix |\n|---|---|---|---|---|---|\n";
        out += fmt::format("| `{}` | {} | `{}` | `{}` | {} | {} |\n", markdown_cell(row.target.name), f.severity,
                           f.rule, f.qualified_table(), markdown_cell(f.message),
                           f.hint.empty() ? "" : "`" + markdown_cell(f.hint) + "`");
      }
    if (total == 0)
      out += "None.\n";
    else if (total > shown)
      out += fmt::format("\n… and {} more (the JSON output lists all).\n", total - shown);
    out += "\n";
  }

  auto groups = fleet::fingerprint_groups(r);
  out += "## Configuration\n\n";
  if (groups.empty())
    out += "No database reported its configuration.\n\n";
  else if (groups.size() == 1)
    out += fmt::format("All {} judged databases share configuration `{}` (severities, classes, waivers).\n\n",
                       groups.front().second, groups.front().first);
  else {
    out +=
        "Databases grouped by the fingerprint of their configuration (severities, classes, waivers); the "
        "smaller groups are outliers.\n\n| Fingerprint | Databases | Which |\n|---|---|---|\n";
    for (const auto& [fp, n] : groups) {
      std::string which;
      size_t listed = 0;
      for (const auto& row : r.rows)
        if (row.fingerprint == fp && listed++ < 10)
          which += (which.empty() ? "" : ", ") + ("`" + row.target.name + "`");
      if (n > 10) which += fmt::format(" and {} more", n - 10);
      out += fmt::format("| `{}` | {} | {} |\n", fp, n, markdown_cell(which));
    }
    out += "\n";
  }

  out += r.command == "migrate" ? "## Not migrated\n\n" : "## Not judged\n\n";
  bool any = false;
  for (const auto& row : r.rows) {
    if (row.reason.empty() || judged(row)) continue;
    if (!any) out += "| Database | Status | Reason |\n|---|---|---|\n";
    any = true;
    out += fmt::format("| `{}` | {} | {} |\n", markdown_cell(row.target.name), fleet::to_string(row.status),
                       markdown_cell(row.reason));
  }
  if (!any) out += r.command == "migrate" ? "None.\n" : "Every database answered.\n";
  if (!r.stopped_reason.empty()) out += "\n" + markdown_cell(r.stopped_reason) + "\n";
  return out;
}

std::string render_fleet_sarif(const FleetResult& r) {
  boost::json::array runs;
  for (const auto& row : r.rows) {
    CheckReport cr;
    cr.database = row.database.empty() ? row.target.name : row.database;
    for (const auto& rc : row.rules) cr.rules.push_back(Rule{rc.rule, rc.severity, rc.description});
    cr.findings = row.findings;
    boost::json::value doc = boost::json::parse(render_sarif(cr));
    boost::json::object run = doc.as_object()["runs"].as_array()[0].as_object();
    boost::json::object props{
        {"target", row.target.name}, {"database", cr.database}, {"status", fleet::to_string(row.status)}};
    boost::json::object labels;
    for (const auto& [k, v] : row.target.labels) labels[k] = v;
    props["labels"] = std::move(labels);
    if (!row.fingerprint.empty()) props["configFingerprint"] = row.fingerprint;
    run["properties"] = std::move(props);
    run["automationDetails"] = boost::json::object{{"id", "schemaguard/fleet/" + row.target.name + "/"}};
    boost::json::object inv{{"executionSuccessful", judged(row)}};
    if (!row.reason.empty() && !judged(row))
      inv["toolExecutionNotifications"] = boost::json::array{boost::json::object{
          {"level", "error"},
          {"message",
           boost::json::object{{"text", row.target.name + ": " + fleet::to_string(row.status) + ": " + row.reason}}}}};
    run["invocations"] = boost::json::array{std::move(inv)};
    runs.push_back(std::move(run));
  }
  boost::json::object root{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", std::move(runs)}};
  return boost::json::serialize(root) + "\n";
}

std::string render_fleet_junit(const FleetResult& r) {
  std::string suites;
  size_t tests = 0, failures = 0, errors = 0;
  for (const auto& row : r.rows) {
    std::string cls = "schemaguard." + xml_escape(row.target.name);
    std::string cases;
    size_t t = 0, f = 0, e = 0, sk = 0;
    if (!judged(row)) {
      ++t;
      bool is_error = row.status != Status::failed && row.status != Status::skipped;
      if (row.status == Status::skipped) ++sk;
      if (row.status == Status::skipped)
        cases += fmt::format("    <testcase classname=\"{}\" name=\"database\"><skipped message=\"{}\"/></testcase>\n",
                             cls, xml_escape(row.reason));
      else {
        (is_error ? e : f)++;
        cases += fmt::format(
            "    <testcase classname=\"{}\" name=\"database\">\n      <{} message=\"{}\" type=\"{}\">{}</{}>\n "
            "   </testcase>\n",
            cls, is_error ? "error" : "failure",
            xml_escape(fleet::to_string(row.status) + std::string(": ") + row.reason.substr(0, row.reason.find('\n'))),
            fleet::to_string(row.status), xml_escape(row.reason), is_error ? "error" : "failure");
      }
    } else {
      for (const auto& rc : row.rules) {
        if (rc.severity == "off") continue;
        ++t;
        std::string failing;
        for (const auto& fi : row.findings)
          if (fi.rule == rc.rule && fails(fi, r.fail_on)) failing += fi.qualified_table() + ": " + fi.message + "\n";
        if (failing.empty()) {
          cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\"/>\n", cls, xml_escape(rc.rule));
        } else {
          ++f;
          cases += fmt::format(
              "    <testcase classname=\"{}\" name=\"{}\">\n      <failure message=\"{} open violations\" "
              "type=\"{}\">{}</failure>\n    </testcase>\n",
              cls, xml_escape(rc.rule), rc.open, xml_escape(rc.rule), xml_escape(failing));
        }
      }
      if (row.migrations && row.migrations->have_dir) {
        ++t;
        if (row.status == Status::drift) {
          ++f;
          cases += fmt::format(
              "    <testcase classname=\"{}\" name=\"migrations\">\n      <failure message=\"{}\" "
              "type=\"drift\"/>\n    </testcase>\n",
              cls, xml_escape(row.reason));
        } else {
          cases += fmt::format("    <testcase classname=\"{}\" name=\"migrations\"/>\n", cls);
        }
      }
    }
    tests += t;
    failures += f;
    errors += e;
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n", cls, t,
        f, e, sk, row.duration_ms / 1000.0);
    suites += "    <properties><property name=\"status\" value=\"" + std::string(fleet::to_string(row.status)) +
              "\"/>" +
              (row.fingerprint.empty() ? "" : "<property name=\"config\" value=\"" + row.fingerprint + "\"/>") +
              "</properties>\n";
    suites += cases + "  </testsuite>\n";
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"schemaguard fleet\" tests=\"{}\" "
      "failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
      tests, failures, errors, suites);
}

std::string render_fleet(const FleetResult& r, const std::string& format, const Console& c) {
  if (format == "json") return render_fleet_json(r);
  if (format == "markdown") return render_fleet_markdown(r);
  if (format == "sarif") return render_fleet_sarif(r);
  if (format == "junit") return render_fleet_junit(r);
  return render_fleet_text(r, c);
}

}  // namespace sg::output

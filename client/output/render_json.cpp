#include <boost/json.hpp>

#include "output/report.hpp"

namespace sg::output {

std::string render_json(const CheckReport& r, FailOn fail_on) {
  boost::json::array findings;
  size_t open = 0, errors = 0, warnings = 0, waived = 0, baselined = 0;
  for (const auto& f : r.findings) {
    if (f.open()) {
      ++open;
      (f.severity == "error" ? errors : warnings)++;
    } else if (f.status == "waived") {
      ++waived;
    } else if (f.status == "baselined") {
      ++baselined;
    }
    boost::json::object o;
    o["rule"] = f.rule;
    o["severity"] = f.severity;
    o["status"] = f.status;
    o["schema"] = f.schema;
    o["table"] = f.table;
    o["object"] = f.object;
    o["message"] = f.message;
    o["hint"] = f.hint.empty() ? boost::json::value(nullptr) : boost::json::value(f.hint);
    o["file"] = f.file.empty() ? boost::json::value(nullptr) : boost::json::value(f.file);
    o["line"] = f.file.empty() ? boost::json::value(nullptr) : boost::json::value(f.line);
    findings.push_back(std::move(o));
  }
  boost::json::array rules;
  for (const auto& rule : r.rules)
    rules.push_back(
        boost::json::object{{"rule", rule.id}, {"severity", rule.severity}, {"description", rule.description}});
  boost::json::object summary{{"tables_checked", r.tables.size()},
                              {"open", open},
                              {"errors", errors},
                              {"warnings", warnings},
                              {"waived", waived},
                              {"baselined", baselined},
                              {"fail_on", fail_on == FailOn::error     ? "error"
                                          : fail_on == FailOn::warning ? "warning"
                                                                       : "never"},
                              {"passed", exit_code_for(r, fail_on) == kExitOk}};
  boost::json::object root{{"schemaguard", r.tool_version},
                           {"database", r.database},
                           {"summary", std::move(summary)},
                           {"rules", std::move(rules)},
                           {"violations", std::move(findings)}};
  return boost::json::serialize(root) + "\n";
}

}  // namespace sg::output

#include <map>

#include <boost/json.hpp>

#include "output/report.hpp"

namespace sg::output {

namespace {
std::string sarif_level(const std::string& severity) {
  if (severity == "error") return "error";
  if (severity == "warning") return "warning";
  if (severity == "off") return "none";
  return "note";
}
std::string pascal(const std::string& id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '_') {
      up = true;
      continue;
    }
    out.push_back(up ? (char)std::toupper((unsigned char)c) : c);
    up = false;
  }
  return out;
}
}  // namespace

std::string render_sarif(const CheckReport& r) {
  boost::json::array rules;
  std::map<std::string, size_t> index;
  for (const auto& rule : r.rules) {
    index[rule.id] = rules.size();
    rules.push_back(boost::json::object{
        {"id", rule.id},
        {"name", pascal(rule.id)},
        {"shortDescription", boost::json::object{{"text", rule.description}}},
        {"fullDescription", boost::json::object{{"text", "V1 schema invariant " + rule.id + ": " + rule.description}}},
        {"defaultConfiguration",
         boost::json::object{{"level", sarif_level(rule.severity)}, {"enabled", rule.severity != "off"}}},
        {"help", boost::json::object{{"text", rule.description}}},
        {"properties", boost::json::object{{"tags", boost::json::array{"schema", "postgresql", "schemaguard"}}}}});
  }
  boost::json::array results;
  for (const auto& f : r.findings) {
    std::string text = "table " + f.qualified_table() + ": " + f.message;
    if (!f.hint.empty()) text += "\nFix: " + f.hint;
    boost::json::object logical{{"name", f.table}, {"fullyQualifiedName", f.qualified_table()}, {"kind", "table"}};
    boost::json::object location{{"logicalLocations", boost::json::array{logical}}};
    if (!f.file.empty())
      location["physicalLocation"] =
          boost::json::object{{"artifactLocation", boost::json::object{{"uri", f.file}}},
                              {"region", boost::json::object{{"startLine", f.line < 1 ? 1 : f.line}}}};
    boost::json::object res{
        {"ruleId", f.rule},
        {"level", sarif_level(f.severity)},
        {"message", boost::json::object{{"text", text}}},
        {"locations", boost::json::array{location}},
        {"partialFingerprints",
         boost::json::object{{"schemaguardFinding/v1", f.rule + ":" + f.qualified_table() + ":" + f.object}}}};
    if (auto it = index.find(f.rule); it != index.end()) res["ruleIndex"] = it->second;
    if (!f.open())
      res["suppressions"] = boost::json::array{boost::json::object{
          {"kind", "external"}, {"status", "accepted"}, {"justification", "schemaguard status: " + f.status}}};
    results.push_back(std::move(res));
  }
  boost::json::object driver{{"name", "schemaguard"},
                             {"version", r.tool_version},
                             {"semanticVersion", r.tool_version},
                             {"informationUri", "https://github.com/schemaguard/schemaguard"},
                             {"rules", std::move(rules)}};
  boost::json::object run{{"tool", boost::json::object{{"driver", std::move(driver)}}},
                          {"results", std::move(results)},
                          {"properties", boost::json::object{{"database", r.database}}}};
  boost::json::object root{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                           {"version", "2.1.0"},
                           {"runs", boost::json::array{std::move(run)}}};
  return boost::json::serialize(root) + "\n";
}

}  // namespace sg::output

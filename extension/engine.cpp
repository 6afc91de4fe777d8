#include "engine.hpp"

namespace schemaguard {

const char* status_name(Status status) {
  switch (status) {
    case Status::kWaived: return "waived";
    case Status::kBaselined: return "baselined";
    default: return "open";
  }
}

std::string Violation::detail_line() const {
  return rule + ": table " + qualified_table + ": " + message;
}

Severity Config::severity_of(const Rule& rule) const {
  auto found = severities.find(rule.name);
  return found == severities.end() ? rule.default_severity : found->second;
}

TableClass Config::class_of(const TableShape& table) const {
  auto explicit_class = classes.find(table.oid);
  if (explicit_class != classes.end()) return explicit_class->second;
  std::string name = table.schema + "." + table.name;
  for (const auto& [pattern, table_class] : class_patterns)
    if (pattern_matches(pattern, name)) return table_class;
  return TableClass::kEntity;
}

std::string baseline_key(ObjectId table, const std::string& rule, const std::string& object_name,
                         const std::string& message) {
  return std::to_string(table) + "\x1f" + rule + "\x1f" + object_name + "\x1f" + message;
}

bool pattern_matches(const std::string& pattern, const std::string& text) {
  // Iterative wildcard match with backtracking to the last '*'.
  std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<Violation> judge(TableShape& table, const Config& config) {
  table.table_class = config.class_of(table);
  std::vector<Violation> violations;
  for (const Rule& rule : all_rules()) {
    Severity severity = config.severity_of(rule);
    if (severity == Severity::kOff) continue;
    bool waived = config.waivers.count({table.oid, rule.name}) > 0;
    for (Finding& finding : rule.check(table)) {
      Violation violation;
      violation.rule = rule.name;
      violation.severity = severity;
      violation.schema = table.schema;
      violation.table = table.name;
      violation.qualified_table = table.qualified_name;
      violation.object_name = std::move(finding.object_name);
      violation.message = std::move(finding.message);
      violation.hint = std::move(finding.hint);
      if (waived)
        violation.status = Status::kWaived;
      else if (config.baseline.count(baseline_key(table.oid, rule.name, violation.object_name, violation.message)))
        violation.status = Status::kBaselined;
      violations.push_back(std::move(violation));
    }
  }
  return violations;
}

}  // namespace schemaguard

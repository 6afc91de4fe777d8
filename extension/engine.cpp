#include "engine.hpp"

#include <unordered_set>

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
      violation.severity = finding.never_blocks ? Severity::kWarning : severity;
      violation.report_only = finding.never_blocks;
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

namespace {

// "rule count" pairs in rule order, e.g. "primary_key 3, timestamps 1"; without counts
// when with_counts is false.
std::string rule_summary(const std::vector<Violation>& violations, bool with_counts) {
  std::string summary;
  for (const Rule& rule : all_rules()) {
    std::size_t count = 0;
    for (const Violation& violation : violations) count += violation.rule == rule.name;
    if (count == 0) continue;
    if (!summary.empty()) summary += ", ";
    summary += rule.name;
    if (with_counts) summary += " " + std::to_string(count);
  }
  return summary;
}

// The first max_lines lines, then one line saying how many more there are.
std::string capped_lines(const std::vector<std::string>& lines, std::size_t max_lines, const char* more) {
  std::string joined;
  for (std::size_t i = 0; i < lines.size() && i < max_lines; ++i) {
    if (!joined.empty()) joined += '\n';
    joined += lines[i];
  }
  if (lines.size() > max_lines)
    joined += "\n" + std::string(more) + std::to_string(lines.size() - max_lines) +
              " more: SELECT * FROM schemaguard.violations() WHERE status = 'open'";
  return joined;
}

}  // namespace

Rejection describe_rejection(const std::vector<Violation>& violations, std::size_t max_lines) {
  Rejection rejection;
  std::vector<std::string> details, hints;
  std::unordered_set<std::string> seen_hints, tables;
  for (const Violation& violation : violations) {
    tables.insert(violation.qualified_table);
    details.push_back(violation.detail_line());
    if (!violation.hint.empty() && seen_hints.insert(violation.hint).second) hints.push_back(violation.hint);
  }
  std::string count = std::to_string(violations.size()) + (violations.size() == 1 ? " violation" : " violations");
  if (tables.size() == 1)
    rejection.message = "schemaguard: " + count + " on " + violations.front().qualified_table + " (" +
                        rule_summary(violations, false) + ")";
  else
    rejection.message = "schemaguard: " + count + " on " + std::to_string(tables.size()) + " tables (" +
                        rule_summary(violations, true) + ")";
  rejection.detail = capped_lines(details, max_lines, "... and ");
  // A comment, so that the hint stays runnable when pasted.
  rejection.hint = capped_lines(hints, max_lines, "-- and ");
  return rejection;
}

}  // namespace schemaguard

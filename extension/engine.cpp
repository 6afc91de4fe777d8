#include "engine.hpp"

#include <algorithm>
#include <unordered_set>

#include "presets.hpp"
#include "rules/rule_util.hpp"

namespace schemaguard {

const char* status_name(Status status) {
  switch (status) {
    case Status::kWaived:
      return "waived";
    case Status::kBaselined:
      return "baselined";
    default:
      return "open";
  }
}

const char* class_name(TableClass table_class) {
  switch (table_class) {
    case TableClass::kInternal:
      return "internal";
    case TableClass::kExempt:
      return "exempt";
    default:
      return "entity";
  }
}

std::string Violation::detail_line() const { return rule + ": table " + qualified_table + ": " + message; }

Severity Config::severity_of(const Rule& rule) const {
  auto found = severities.find(rule.name);
  return found == severities.end() ? rule.default_severity : found->second;
}

ClassOrigin Config::class_origin(const TableShape& table) const {
  auto explicit_class = classes.find(table.oid);
  if (explicit_class != classes.end()) return {explicit_class->second, ClassSource::kExplicit, ""};
  for (const EnabledPreset& enabled : presets) {
    const Preset* preset = find_preset(enabled.name);
    if (preset != nullptr && preset_covers(*preset, enabled.schema, table.schema, table.name))
      return {TableClass::kExempt, ClassSource::kPreset, enabled.name};
  }
  for (const auto& [pattern, table_class] : class_patterns)
    if (class_pattern_matches(pattern, table.schema, table.name)) return {table_class, ClassSource::kPattern, pattern};
  return {};
}

TableClass Config::class_of(const TableShape& table) const { return class_origin(table).table_class; }

std::string baseline_key(ObjectId table, const std::string& rule, const std::string& object_name,
                         const std::string& message, const std::string& identity) {
  return std::to_string(table) + "\x1f" + rule + "\x1f" + object_name + "\x1f" + message + "\x1f" + identity;
}

bool rule_applies(const Rule& rule, const TableShape& table) {
  if (!rule_judges_class(rule, table.table_class, table.parameters)) return false;
  return !table.is_partition || rule.judges_partitions;
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

bool class_pattern_matches(const std::string& pattern, const std::string& schema, const std::string& table) {
  std::size_t dot = pattern.find('.');
  if (dot == std::string::npos) return pattern_matches(pattern, schema + "." + table);
  return pattern_matches(pattern.substr(0, dot), schema) && pattern_matches(pattern.substr(dot + 1), table);
}

namespace {

std::string sql_literal(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

constexpr const char* kPresetCall = "SELECT schemaguard.enable_preset(";

std::string preset_hint(const TableShape& table) {
  std::vector<const Preset*> owners = presets_naming(table);
  if (owners.empty()) return "";
  const Preset& first = *owners.front();
  std::string call = kPresetCall + sql_literal(first.name);
  if (table.schema != first.schema) call += ", " + sql_literal(table.schema);
  call += ");";
  // No table name in it: one line for all the tables of one tool in the capped HINT.
  std::string comment = "  -- if this is a table of " + first.name;
  if (owners.size() > 1) {
    // Several tools use this name (schema_migrations): the others' presets, the same way.
    std::vector<std::string> others;
    for (std::size_t i = 1; i < owners.size(); ++i) others.push_back(sql_literal(owners[i]->name));
    comment = "  -- or " + join_list(others, " or ") + ", whichever tool this table belongs to";
  }
  return call + comment + ": a superuser exempts a tool's tables (schemaguard.presets) instead of rewriting them";
}

namespace {

// pg_repack --only-indexes builds each new index as index_<OID of the index it replaces>
// on the user's table, then swaps it in and drops the old one. With the pg_repack preset
// enabled, index_naming does not judge such a transient index.
bool is_repack_index(const TableShape& table, const std::string& index_name, const Config& config) {
  if (index_name.compare(0, 6, "index_") != 0 || index_name.size() == 6) return false;
  if (index_name.find_first_not_of("0123456789", 6) != std::string::npos) return false;
  bool enabled = false;
  for (const EnabledPreset& preset : config.presets) enabled = enabled || preset.name == "pg_repack";
  if (!enabled) return false;
  for (const Index& other : table.indexes)
    if (other.name != index_name && std::to_string(other.oid) == index_name.substr(6)) return true;
  return false;
}

}  // namespace

std::vector<Violation> judge(TableShape& table, const Config& config) {
  ClassOrigin origin = config.class_origin(table);
  table.table_class = origin.table_class;
  std::vector<Violation> violations;
  if (table.table_class == TableClass::kExempt) return violations;
  table.parameters = config.parameters;  // no allocation while none are set
  auto found_former = config.former_partitions.find(table.oid);
  const FormerPartition* former = found_former == config.former_partitions.end() ? nullptr : &found_former->second;
  if (former != nullptr && table.required_key_columns.empty()) {
    std::vector<AttrNumber> required;
    for (const std::string& name : former->key_columns)
      if (const Column* column = table.column(name)) required.push_back(column->attnum);
    if (required.size() == former->key_columns.size()) table.required_key_columns = std::move(required);
  }
  for (const Rule& rule : all_rules()) {
    Severity severity = config.severity_of(rule);
    if (severity == Severity::kOff || !rule_applies(rule, table)) continue;
    bool waived = config.waivers.count({table.oid, rule.name}) > 0;
    for (Finding& finding : rule.check(table)) {
      if (rule.check == check_index_naming && ((former != nullptr && former->index_names.count(finding.object_name)) ||
                                               is_repack_index(table, finding.object_name, config)))
        continue;
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
      violation.identity = std::move(finding.identity);
      const std::string& identity = config.baseline_without_identity ? std::string() : violation.identity;
      if (waived)
        violation.status = Status::kWaived;
      else if (config.baseline.count(
                   baseline_key(table.oid, rule.name, violation.object_name, violation.message, identity)))
        violation.status = Status::kBaselined;
      violations.push_back(std::move(violation));
    }
  }
  if (!violations.empty() && origin.source != ClassSource::kExplicit) {
    std::string hint = preset_hint(table);
    if (!hint.empty())
      for (Violation& violation : violations) violation.hint = hint;
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
  // Many clients print the primary message only: when every rejected table is named like
  // a tool's bookkeeping table (its first run without the preset), say what to run there.
  std::vector<std::string> preset_calls;
  for (const Violation& violation : violations) {
    if (violation.hint.rfind(kPresetCall, 0) != 0) {
      preset_calls.clear();
      break;
    }
    std::string call = violation.hint.substr(0, violation.hint.find(';'));
    std::size_t others = violation.hint.find("  -- or ");
    if (others != std::string::npos) {
      std::size_t end = violation.hint.find(", whichever", others);
      call += " (or " + violation.hint.substr(others + 8, end - others - 8) + ")";
    }
    if (std::find(preset_calls.begin(), preset_calls.end(), call) == preset_calls.end()) preset_calls.push_back(call);
  }
  if (!preset_calls.empty() && preset_calls.size() <= 3) {
    rejection.message += "; a migration tool's table? a superuser runs ";
    for (std::size_t i = 0; i < preset_calls.size(); ++i) rejection.message += (i ? "; " : "") + preset_calls[i];
  }
  rejection.detail = capped_lines(details, max_lines, "... and ");
  // A comment, so that the hint stays runnable when pasted.
  rejection.hint = capped_lines(hints, max_lines, "-- and ");
  return rejection;
}

}  // namespace schemaguard

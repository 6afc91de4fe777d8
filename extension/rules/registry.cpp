// The rule registry, severities, identifier truncation, and TableShape lookups.
#include <algorithm>
#include <cstddef>

#include "rules.hpp"

namespace schemaguard {

const Column* TableShape::column(AttrNumber attnum) const {
  // columns are in attnum order: a binary search, so rules that look up every column
  // of every foreign key stay linear in practice on wide tables.
  auto found = std::lower_bound(columns.begin(), columns.end(), attnum,
                                [](const Column& column, AttrNumber value) { return column.attnum < value; });
  return found != columns.end() && found->attnum == attnum ? &*found : nullptr;
}

const Column* TableShape::column(const std::string& column_name) const {
  for (const Column& candidate : columns) {
    if (candidate.name == column_name) return &candidate;
  }
  return nullptr;
}

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {kPrimaryKeyRule, kTimestampsRule,  kSoftDeleteRule,
                                          kFkOnDeleteRule, kIndexNamingRule, kFkIndexRule};
  return rules;
}

namespace {
// Each kind's code (rule_parameter_catalog().kind_code, what set_rule_parameter() branches on)
// and its description (for people: explain(), rule_parameter_catalog().kind).
struct KindText {
  ParameterKind kind;
  const char* code;
  const char* description;
};
constexpr KindText kKindTexts[] = {
    {ParameterKind::kFunctions, "functions", "functions of no arguments"},
    {ParameterKind::kTypes, "types", "types"},
    {ParameterKind::kNames, "names", "column names"},
    {ParameterKind::kChoices, "choices", "words"},
    {ParameterKind::kTemplate, "template", "a name template"},
};
const KindText& kind_text(ParameterKind kind) {
  for (const KindText& text : kKindTexts)
    if (text.kind == kind) return text;
  return kKindTexts[0];
}
}  // namespace

const char* parameter_kind_name(ParameterKind kind) { return kind_text(kind).description; }
const char* parameter_kind_code(ParameterKind kind) { return kind_text(kind).code; }

namespace {

// What values a parameter takes, for explain(): its kind, and what the kind allows.
std::string parameter_shape(const RuleParameter& parameter) {
  std::string text = parameter_kind_name(parameter.kind);
  if (parameter.kind == ParameterKind::kFunctions) text += std::string(" returning ") + parameter.returns;
  if (parameter.kind == ParameterKind::kChoices) {
    text += " among ";
    for (std::size_t i = 0; i < parameter.choices.size(); ++i)
      text += (i ? ", " : "") + ("'" + parameter.choices[i] + "'");
  }
  if (parameter.max_values == 1) text += ", exactly one";
  return text;
}

// The values set for the parameter stored in `field` of RuleParameters, or nullptr.
const std::vector<std::string>* set_value(const Rule& rule, std::vector<std::string> RuleParameters::*field,
                                          const ParameterValues& values) {
  for (const RuleParameter& parameter : rule.parameters)
    if (parameter.texts == field)
      for (const auto& [name, value] : values)
        if (name == parameter.name) return &value;
  return nullptr;
}

}  // namespace

std::string explain_rule(const Rule& rule, Severity severity, const ParameterValues& values) {
  std::string text = std::string(rule.name) + " (severity " + severity_name(severity) + ", default " +
                     severity_name(rule.default_severity) + ")\n";
  text += std::string("Requires: ") + rule.description + ".\n";
  const std::vector<std::string>* classes = rule.classes == nullptr ? nullptr : set_value(rule, rule.classes, values);
  bool judges_internal = !rule.entity_only;
  if (classes != nullptr) {
    bool entity = std::find(classes->begin(), classes->end(), "entity") != classes->end();
    judges_internal = std::find(classes->begin(), classes->end(), "internal") != classes->end();
    text += std::string("Applies to: ") +
            (entity && judges_internal ? "every table in scope (entity and internal)"
             : judges_internal         ? "tables of class internal (not entity)"
                                       : "tables of class entity (not internal)") +
            ".\n";
  } else {
    text +=
        std::string("Applies to: ") +
        (rule.entity_only ? "tables of class entity (not internal)" : "every table in scope (entity and internal)") +
        ".\n";
  }
  text += std::string("Why: ") + rule.rationale + "\n";
  text += std::string("Compliant: ") + rule.example + "\n";
  if (rule.parameters.empty()) {
    text += "Parameters: none; this version applies the V1 definition.\n";
  } else {
    text += "Parameters (one not set keeps the V1 definition):\n";
    for (const RuleParameter& parameter : rule.parameters) {
      text += std::string("  ") + parameter.name + ": " + parameter.description + "; " + parameter_shape(parameter) +
              ".\n    In force: ";
      const std::vector<std::string>* set = nullptr;
      for (const auto& [name, value] : values)
        if (name == parameter.name) set = &value;
      if (set == nullptr) {
        text += std::string("not set (V1: ") + parameter.v1_value + ").";
      } else {
        for (std::size_t i = 0; i < set->size(); ++i) text += (i ? ", " : "") + (*set)[i];
        text += std::string(" (V1: ") + parameter.v1_value + ").";
      }
      text += std::string(" Set: SELECT schemaguard.set_rule_parameter('") + rule.name + "', '" + parameter.name +
              "', ARRAY[...]);\n";
    }
  }
  text += std::string("Waive for one table (its owner or a superuser): SELECT schemaguard.waive('schema.table', '") +
          rule.name + "', 'reason', expires => now() + interval '90 days');";
  if (!judges_internal) text += "\nOr classify the table: SELECT schemaguard.classify('schema.table', 'internal');";
  return text;
}

const std::vector<std::string>& columns_in_force(const Rule& rule, const RuleParameters& parameters) {
  return rule.columns != nullptr && !(parameters.*(rule.columns)).empty() ? parameters.*(rule.columns)
                                                                          : rule.default_columns;
}

bool judges_default(const std::string& column_name, bool in_primary_key, const RuleParameters& parameters) {
  for (const Rule& rule : all_rules()) {
    if (in_primary_key && rule.judges_key_default) return true;
    for (const std::string& name : columns_in_force(rule, parameters))
      if (name == column_name) return true;
  }
  return false;
}

const RuleParameter* find_parameter(const Rule& rule, const std::string& name) {
  for (const RuleParameter& parameter : rule.parameters)
    if (name == parameter.name) return &parameter;
  return nullptr;
}

const Rule* find_rule(const std::string& name) {
  for (const Rule& rule : all_rules()) {
    if (name == rule.name) return &rule;
  }
  return nullptr;
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::kOff:
      return "off";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string ascii_lower(const std::string& text) {
  std::string lower = text;
  for (char& ch : lower)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return lower;
}

bool parse_severity(const std::string& text, Severity* out) {
  const std::string lower = ascii_lower(text);
  Severity parsed;
  if (lower == "error") {
    parsed = Severity::kError;
  } else if (lower == "warning") {
    parsed = Severity::kWarning;
  } else if (lower == "off") {
    parsed = Severity::kOff;
  } else {
    return false;
  }
  if (out != nullptr) *out = parsed;
  return true;
}

std::string truncate_identifier(const std::string& name) {
  constexpr std::size_t kMaxBytes = 63;  // NAMEDATALEN - 1
  if (name.size() <= kMaxBytes) return name;
  std::size_t cut = kMaxBytes;
  // Back up to the start of the character that straddles the limit:
  // UTF-8 continuation bytes are 10xxxxxx.
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return name.substr(0, cut);
}

}  // namespace schemaguard

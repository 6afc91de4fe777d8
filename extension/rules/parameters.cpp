// The generic checks of rule parameter values (issue 12), by kind: what set_rule_parameter()
// refuses before it asks the server about functions and types. Pure: no PostgreSQL headers.
#include <algorithm>
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr std::size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1

// 'a', 'b' and 'c'
std::string quoted_list(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  for (const std::string& word : words) quoted.push_back("'" + word + "'");
  return join_list(quoted, " and ");
}

std::string full_name(const char* rule, const RuleParameter& parameter) {
  return std::string(rule) + "." + parameter.name;
}

std::string reset_hint(const char* rule, const RuleParameter& parameter) {
  return std::string("To go back to the V1 definition: SELECT schemaguard.reset_rule_parameter('") + rule + "', '" +
         parameter.name + "');";
}

}  // namespace

ParameterProblem parameter_problem(const char* rule, const RuleParameter& parameter,
                                   const std::vector<std::string>& value) {
  const std::string name = full_name(rule, parameter);
  if (value.empty())
    return {"schemaguard: the value of " + name + " must be a non-empty array without NULLs",
            reset_hint(rule, parameter)};
  if (parameter.max_values != 0 && value.size() > parameter.max_values)
    return {"schemaguard: " + name + " takes " +
                (parameter.max_values == 1 ? std::string("exactly one value")
                                           : "at most " + std::to_string(parameter.max_values) + " values") +
                ", got " + std::to_string(value.size()),
            std::string("Give one, e.g. SELECT schemaguard.set_rule_parameter('") + rule + "', '" + parameter.name +
                "', ARRAY['" + value[0] + "']);"};
  if (parameter.kind == ParameterKind::kNames) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string& item = value[i];
      if (item.empty())
        return {"schemaguard: " + name + ": a column name is empty",
                "Name columns as they are spelled in the catalog, e.g. 'created_at'."};
      if (item.size() > kMaxIdentifierBytes)
        return {"schemaguard: " + name + ": column name \"" + item + "\" is longer than 63 bytes",
                "PostgreSQL truncates identifiers to 63 bytes: no column can have this name."};
      if (std::find(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(i), item) !=
          value.begin() + static_cast<std::ptrdiff_t>(i))
        return {"schemaguard: " + name + ": column \"" + item + "\" is named twice", "Name each column once."};
    }
  }
  if (parameter.kind == ParameterKind::kChoices) {
    std::vector<std::string> seen;
    for (const std::string& item : value) {
      const std::string word = ascii_lower(item);
      if (std::find(parameter.choices.begin(), parameter.choices.end(), word) == parameter.choices.end())
        return {"schemaguard: " + name + ": \"" + item + "\" is not one of " + quoted_list(parameter.choices),
                "The accepted words are: " + quoted_list(parameter.choices) + " (any case)."};
      if (std::find(seen.begin(), seen.end(), word) != seen.end())
        return {"schemaguard: " + name + ": \"" + item + "\" is given twice", "Give each word once."};
      seen.push_back(word);
    }
  }
  if (parameter.validate != nullptr) {
    std::string message = parameter.validate(value);
    if (!message.empty()) {
      if (message.rfind("schemaguard: ", 0) != 0) message = "schemaguard: " + name + ": " + message;
      return {message, std::string("See SELECT schemaguard.explain('") + rule + "');"};
    }
  }
  return {};
}

std::vector<std::string> canonical_parameter_value(const RuleParameter& parameter,
                                                   const std::vector<std::string>& value) {
  if (parameter.kind != ParameterKind::kChoices) return value;
  std::vector<std::string> canonical;
  for (const std::string& item : value) canonical.push_back(ascii_lower(item));
  return canonical;
}

bool rule_judges_class(const Rule& rule, TableClass table_class, const RuleParameters& parameters) {
  if (table_class == TableClass::kExempt) return false;
  if (rule.classes != nullptr && !(parameters.*(rule.classes)).empty()) {
    const std::vector<std::string>& classes = parameters.*(rule.classes);
    const char* wanted = table_class == TableClass::kInternal ? "internal" : "entity";
    return std::find(classes.begin(), classes.end(), wanted) != classes.end();
  }
  return !rule.entity_only || table_class == TableClass::kEntity;
}

}  // namespace schemaguard

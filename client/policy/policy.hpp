// The policy file (`schemaguard policy export|apply|diff`, docs/client.md "Policy"): the rules'
// severities and parameters as JSON kept in git. Pure C++: the rules, their parameters and their
// order come from the extension (Catalog, read by policy/store.hpp), never from the client.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace sg::policy {

// The version of the file format, the value of "schemaguard_policy".
constexpr int kFormatVersion = 1;

// What the extension declares: its rules in its order, each with its default severity and its
// parameters in its order (rule_catalog(), rule_parameter_catalog()).
struct RuleInfo {
  std::string rule;
  std::string default_severity;
  std::vector<std::string> parameters;
};

struct Catalog {
  std::vector<RuleInfo> rules;
  const RuleInfo* find(const std::string& rule) const;
};

// A parameter that is set; an empty value is never stored (no value = the V1 definition).
using Parameter = std::pair<std::string, std::vector<std::string>>;

struct RuleSetting {
  std::string rule;
  std::string severity;
  std::vector<Parameter> parameters;  // only the set ones, in the catalog's order
};

// A whole policy: every rule of the catalog, in its order (normalised: a rule the file leaves out
// has its default severity and no parameter set).
struct Policy {
  std::vector<RuleSetting> rules;
  const RuleSetting* find(const std::string& rule) const;
};

// The V1 policy of a catalog: default severities, no parameter.
Policy default_policy(const Catalog& catalog);

// Parses a policy file against the catalog. Throws InputError naming the problem (and where:
// "line 3, column 5", "rules.primary_key.parameters.key_defaults") for invalid JSON, duplicate or
// unknown keys, a missing or other "schemaguard_policy" version, an unknown rule or parameter, or
// a value of the wrong type. An empty parameter array means "not set", as in the rules view.
Policy parse_policy(const std::string& text, const Catalog& catalog);

// The policy as stable, pretty-printed JSON in the catalog's order, ending in a newline.
std::string render_policy(const Policy& policy);

// One difference between two policies: field is "severity" or a parameter's name.
struct Change {
  std::string rule;
  std::string field;
  std::string from;  // rendered: a severity, a JSON array, or "(V1 default)"
  std::string to;
  std::string line() const;  // "rule.field: from -> to"
};

// What differs from `from` to `to`, in the catalog's order (both are whole policies of it).
std::vector<Change> diff_policies(const Policy& from, const Policy& to, const Catalog& catalog);

// A parameter value as shown in a Change: a compact JSON array, or "(V1 default)" when unset.
std::string describe_value(const std::vector<std::string>& value);

// An open finding of schemaguard.violations(), for `apply --dry-run`.
struct Finding {
  std::string rule;
  std::string severity;
  std::string schema;
  std::string table;
  std::string object;
  std::string message;
  std::string line() const;  // "error primary_key public.t (id): message"
};

struct FindingDelta {
  std::vector<Finding> flagged;  // open after, not before
  std::vector<Finding> cleared;  // open before, not after
};

// Findings compare by rule, table, object and message (not severity: a severity change alone
// neither flags nor clears). Output sorted by table, rule, object, message.
FindingDelta compare_findings(const std::vector<Finding>& before, const std::vector<Finding>& after);

}  // namespace sg::policy

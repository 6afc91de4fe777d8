// The V1 rules: pure functions from a TableShape to its findings.
// No PostgreSQL headers here or in any rules/*.cpp: they are unit-tested without a server.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "../table_shape.hpp"

namespace schemaguard {

enum class Severity { kOff, kWarning, kError };

using RuleCheck = std::vector<Finding> (*)(const TableShape&);

// A parameter a rule declares in its own definition (Rule::parameters). Set with
// schemaguard.set_rule_parameter(rule, parameter, value text[]), which validates a value
// by its kind (and the parameter's own validate()); the configuration reader (config.cpp)
// resolves it into RuleParameters. Not set: the V1 definition, exactly.
enum class ParameterKind {
  kFunctions,  // functions of no arguments returning `returns`, stored as regprocedure text,
               // resolved to OIDs (into `oids`)
  kTypes,      // types, stored as format_type text, resolved to OIDs (into `oids`)
  kNames,      // column names, raw identifiers (into `texts`)
  kChoices,    // words from `choices`, lower case (into `texts`)
  kTemplate,   // a name template (into `texts`), checked by `validate`
};

struct RuleParameter {
  const char* name;
  ParameterKind kind;
  const char* returns;      // kFunctions: the type the functions must return; "" otherwise
  const char* description;  // what it changes, one line
  const char* v1_value;     // what the V1 definition uses while it is not set, for explain()
  std::size_t max_values;   // 0: any number of values; 1: exactly one
  // Where the configuration reader puts the value for the check: the resolved OIDs
  // (kFunctions, kTypes) or the texts (kNames, kChoices, kTemplate). One of them is set.
  std::vector<ObjectId> RuleParameters::*oids;
  std::vector<std::string> RuleParameters::*texts;
  std::vector<std::string> choices = {};  // kChoices: the accepted words
  // Pure validation after the generic checks of the kind: empty when valid, else the
  // message of the ERROR set_rule_parameter() raises.
  std::string (*validate)(const std::vector<std::string>& value) = nullptr;
  // kFunctions, kTypes: where the reader puts the stored names of the values that resolved,
  // in the order of `oids`, so that messages name what the policy accepts; nullptr: none.
  std::vector<std::string> RuleParameters::*names = nullptr;
};

// What is wrong with a value for a parameter, by the checks that need no server: the
// count (non-empty, max_values), and by kind: kNames (non-empty, at most 63 bytes, no
// duplicates), kChoices (words of `choices`, case-insensitive, no duplicates), then
// validate(). Empty message: none of these. The message names rule.parameter and the bad
// item; the hint says what is accepted. set_rule_parameter() raises it as an ERROR
// (through schemaguard.rule_parameter_problem()); the server checks functions and types.
struct ParameterProblem {
  std::string message;
  std::string hint;
};
ParameterProblem parameter_problem(const char* rule, const RuleParameter& parameter,
                                   const std::vector<std::string>& value);

// A value as stored: kChoices in lower case; every other kind as given (functions and
// types are stored canonical by the server).
std::vector<std::string> canonical_parameter_value(const RuleParameter& parameter,
                                                   const std::vector<std::string>& value);

// The kinds' SQL spellings in rule_parameter_catalog(): "functions", "types", "names",
// "choices", "template".
const char* parameter_kind_code(ParameterKind kind);

// The values set for one rule's parameters, by parameter name, as stored (names).
using ParameterValues = std::vector<std::pair<std::string, std::vector<std::string>>>;

const char* parameter_kind_name(ParameterKind kind);

// Everything about one rule, defined once in the rule's own file (rules/<name>.cpp):
// the SQL functions, the commit check, compliance(), explain() and the client (through
// rule_catalog()) read it from there.
struct Rule {
  const char* name;
  Severity default_severity;
  bool entity_only;         // judged on tables of class entity only (not internal)
  const char* description;  // what a table must have, one line
  const char* rationale;    // why
  const char* example;      // compliant DDL
  RuleCheck check;
  // The columns, by name, whose defaults this rule judges (the catalog reads and deparses
  // only the defaults some rule judges: see judges_default below).
  std::vector<std::string> default_columns = {};
  // Whether it judges the default of the primary key's column.
  bool judges_key_default = false;
  // Whether it judges partitions: a partition's own foreign keys (not the clones of
  // its parent's) are judged by fk_on_delete; everything else of a partition (its
  // columns, key, indexes) is its parent's business.
  bool judges_partitions = false;
  // The parameters it takes (issue 12); none: the V1 definition only.
  std::vector<RuleParameter> parameters = {};
  // The kChoices parameter (its RuleParameters field) naming the classes it judges,
  // "entity" and/or "internal"; while not set, entity_only decides. nullptr: none.
  std::vector<std::string> RuleParameters::*classes = nullptr;
  // Its kNames parameter (its RuleParameters field) naming the columns it judges: once set,
  // those columns' defaults are read instead of default_columns'. nullptr: none.
  std::vector<std::string> RuleParameters::*columns = nullptr;
};

// Whether the rule judges tables of this class (entity or internal) under these parameters.
bool rule_judges_class(const Rule& rule, TableClass table_class, const RuleParameters& parameters);

// The names of the columns the timestamps and soft_delete rules judge.
namespace judged_columns {
inline const std::vector<std::string> kTimestamps = {"created_at", "updated_at"};
inline const std::string kSoftDelete = "deleted_at";
}  // namespace judged_columns

extern const Rule kPrimaryKeyRule, kTimestampsRule, kSoftDeleteRule, kFkOnDeleteRule, kIndexNamingRule, kFkIndexRule;

std::vector<Finding> check_primary_key(const TableShape& table);
std::vector<Finding> check_timestamps(const TableShape& table);
std::vector<Finding> check_soft_delete(const TableShape& table);
std::vector<Finding> check_fk_on_delete(const TableShape& table);
std::vector<Finding> check_index_naming(const TableShape& table);
std::vector<Finding> check_fk_index(const TableShape& table);

// Every rule, in report order.
const std::vector<Rule>& all_rules();

// What schemaguard.explain(rule) and `schemaguard explain RULE` print: what the rule
// requires and why, its severity in force, its parameters in force (values: those set),
// a compliant example, how to waive it.
std::string explain_rule(const Rule& rule, Severity severity, const ParameterValues& values = {});

// The columns a rule judges by name: its columns parameter (Rule::columns) when set, else
// its V1 default_columns. The check, and the catalog through judges_default(), both read this.
const std::vector<std::string>& columns_in_force(const Rule& rule, const RuleParameters& parameters);

// Whether some rule judges the default of this column (named so, or in the primary key):
// derived from all_rules(), the one list of what the rules read.
// With parameters: a rule whose columns are set (Rule::columns) judges those instead.
bool judges_default(const std::string& column_name, bool in_primary_key,
                    const RuleParameters& parameters = RuleParameters{});
const Rule* find_rule(const std::string& name);
const RuleParameter* find_parameter(const Rule& rule, const std::string& name);

const char* severity_name(Severity severity);
bool parse_severity(const std::string& text, Severity* out);

// text with A-Z in lower case (identifiers and keywords: ASCII only, as PostgreSQL folds them).
std::string ascii_lower(const std::string& text);

// Truncate an identifier as PostgreSQL does (NAMEDATALEN - 1 = 63 bytes),
// never splitting a UTF-8 character.
std::string truncate_identifier(const std::string& name);

}  // namespace schemaguard

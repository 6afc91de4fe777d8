// soft_delete: entity tables carry deleted_at timestamptz, nullable, no default.
// Internal tables (tokens, sessions, event logs) are not judged (entity_only below).
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {
constexpr const char* kRule = "soft_delete";
}  // namespace

std::vector<Finding> check_soft_delete(const TableShape& table) {
  std::vector<Finding> findings;

  // soft_delete.column, or V1's deleted_at.
  const std::string& name = columns_in_force(kSoftDeleteRule, table.parameters).front();
  const Column* column = table.column(name);
  if (column == nullptr) {
    findings.push_back(make_finding(kRule, name, "column " + dq(name) + " is missing",
                                    add_column_sql(table, quote_identifier_simple(name) + " timestamptz")));
    return findings;
  }

  if (column->type_oid != oids::kTimestamptz) {
    std::string hint;
    if (column->type_oid == oids::kTimestamp) {
      hint = alter_column_sql(table, *column, "TYPE timestamptz");
    }
    findings.push_back(
        make_finding(kRule, column->name,
                     "column " + dq(column->name) + " is " + column->type_name + ", expected timestamptz", hint));
  }
  if (column->not_null) {
    findings.push_back(make_finding(kRule, column->name,
                                    "column " + dq(column->name) + " is NOT NULL, expected nullable",
                                    alter_column_sql(table, *column, "DROP NOT NULL")));
  }
  if (column->default_value.kind != DefaultKind::kNone) {
    findings.push_back(make_finding(
        kRule, column->name,
        "column " + dq(column->name) + " has DEFAULT " + default_text(column->default_value) + ", expected no default",
        alter_column_sql(table, *column, "DROP DEFAULT")));
  }
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kSoftDeleteRule{
    "soft_delete",
    Severity::kError,
    true,
    "every entity table has a nullable deleted_at timestamptz without a default",
    "User-facing data is not destroyed by accident: a delete sets deleted_at, and the row can be audited or restored. "
    "Tables of class internal (tokens, sessions, event logs) are not judged by this rule.",
    "deleted_at timestamptz",
    &check_soft_delete,
    {judged_columns::kSoftDelete},
    false,
    false,
    {{"column", ParameterKind::kNames, "", "the soft-delete column (a raw column name)", "deleted_at", 1, nullptr,
      &RuleParameters::soft_delete_column},
     {"classes",
      ParameterKind::kChoices,
      "",
      "the table classes judged",
      "entity",
      0,
      nullptr,
      &RuleParameters::soft_delete_classes,
      {"entity", "internal"}}},
    &RuleParameters::soft_delete_classes,
    &RuleParameters::soft_delete_column};

}  // namespace schemaguard

// soft_delete: entity tables carry deleted_at timestamptz, nullable, no default.
// Internal tables (tokens, sessions, event logs) are exempt.
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {
constexpr const char* kRule = "soft_delete";
}  // namespace

std::vector<Finding> check_soft_delete(const TableShape& table) {
  std::vector<Finding> findings;
  if (table.table_class != TableClass::kEntity) return findings;

  const std::string& name = judged_columns::kSoftDelete;
  const Column* column = table.column(name);
  if (column == nullptr) {
    findings.push_back(make_finding(kRule, name, "column " + dq(name) + " is missing",
                                    add_column_sql(table, name + " timestamptz")));
    return findings;
  }

  if (column->type_oid != oids::kTimestamptz) {
    std::string hint;
    if (column->type_oid == oids::kTimestamp) {
      hint = alter_column_sql(table, *column, "TYPE timestamptz");
    }
    findings.push_back(make_finding(
        kRule, column->name,
        "column " + dq(column->name) + " is " + column->type_name + ", expected timestamptz", hint));
  }
  if (column->not_null) {
    findings.push_back(make_finding(kRule, column->name,
                                    "column " + dq(column->name) + " is NOT NULL, expected nullable",
                                    alter_column_sql(table, *column, "DROP NOT NULL")));
  }
  if (column->default_value.kind != DefaultKind::kNone) {
    findings.push_back(make_finding(kRule, column->name,
                                    "column " + dq(column->name) + " has DEFAULT " +
                                        default_text(column->default_value) +
                                        ", expected no default",
                                    alter_column_sql(table, *column, "DROP DEFAULT")));
  }
  return findings;
}

}  // namespace schemaguard

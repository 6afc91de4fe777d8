// fk_on_delete: every foreign key is ON DELETE CASCADE or ON DELETE SET NULL,
// and SET NULL only sets nullable columns to null.
#include <algorithm>
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "fk_on_delete";
constexpr const char* kExpected = ", expected ON DELETE CASCADE or SET NULL";

// Restates the constraint with another ON DELETE action, in one ALTER TABLE so that
// the table is never without it. Where the key columns may be null, SET NULL keeps the
// referencing rows; where one of them is NOT NULL or is Citus's distribution column
// (Citus refuses SET NULL there), CASCADE is the only fix. Empty
// when the referenced columns are unknown.
std::string replace_constraint_sql(const TableShape& table, const ForeignKey& fk) {
  if (fk.referenced_columns.empty()) return "";
  std::vector<std::string> columns;
  bool nullable = true;
  for (AttrNumber attnum : fk.columns) {
    const Column* column = table.column(attnum);
    if (column == nullptr) return "";
    columns.push_back(column->quoted_name);
    // Citus refuses SET NULL on a key that contains the distribution column.
    if (refuses_null(*column) || attnum == table.distribution_column) nullable = false;
  }
  std::string sql = "ALTER TABLE " + table.qualified_name + " DROP CONSTRAINT " + fk.quoted_name +
                    ", ADD CONSTRAINT " + fk.quoted_name + " FOREIGN KEY (" + join(columns, ", ") +
                    ") REFERENCES " + fk.referenced_table + " (" + join(fk.referenced_columns, ", ") + ")";
  if (!fk.match.empty()) sql += " MATCH " + fk.match;
  if (!fk.on_update.empty()) sql += " ON UPDATE " + fk.on_update;
  sql += nullable ? " ON DELETE SET NULL" : " ON DELETE CASCADE";
  if (fk.deferrable) sql += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  if (!fk.validated) sql += " NOT VALID";
  return sql + ";";
}

// The finding for one foreign key, if it breaks the rule.
void check_one(const TableShape& table, const ForeignKey& fk, std::vector<Finding>& findings) {
  const std::string subject = "foreign key " + dq(fk.name);
  switch (fk.on_delete) {
    case OnDelete::kCascade:
      break;
    case OnDelete::kNoAction:
      findings.push_back(make_finding(kRule, fk.name,
                                      subject + " has no ON DELETE action (NO ACTION)" + kExpected,
                                      replace_constraint_sql(table, fk)));
      break;
    case OnDelete::kRestrict:
      findings.push_back(
          make_finding(kRule, fk.name, subject + " is ON DELETE RESTRICT" + kExpected,
                       replace_constraint_sql(table, fk)));
      break;
    case OnDelete::kSetDefault:
      findings.push_back(
          make_finding(kRule, fk.name, subject + " is ON DELETE SET DEFAULT" + kExpected,
                       replace_constraint_sql(table, fk)));
      break;
    case OnDelete::kSetNull: {
      const std::vector<AttrNumber>& set_null =
          fk.set_null_columns.empty() ? fk.columns : fk.set_null_columns;
      std::vector<std::string> names;
      std::vector<const Column*> not_null;
      std::vector<std::string> domains;  // "column" through domain d
      bool in_primary_key = false;
      for (AttrNumber attnum : set_null) {
        const Column* column = table.column(attnum);
        if (column == nullptr || !refuses_null(*column)) continue;
        names.push_back(column->name);
        if (column->not_null) not_null.push_back(column);
        if (!column->not_null_domain.empty())
          domains.push_back(dq(column->name) + " through domain " + column->not_null_domain);
        if (std::find(table.primary_key.begin(), table.primary_key.end(), attnum) !=
                table.primary_key.end() ||
            attnum == table.distribution_column) {
          in_primary_key = true;  // or Citus's distribution column: it stays NOT NULL
        }
      }
      if (names.empty()) break;
      // The constraint declares that these columns may become null, so the fix is
      // to make them nullable (impossible for primary key columns). A NOT NULL domain
      // has no one-line fix here (the column's type or the domain must change).
      std::string hint;
      if (!in_primary_key && domains.empty()) {
        hint = "ALTER TABLE " + table.qualified_name;
        for (std::size_t i = 0; i < not_null.size(); ++i) {
          hint += (i == 0 ? " " : ", ");
          hint += "ALTER COLUMN " + not_null[i]->quoted_name + " DROP NOT NULL";
        }
        hint += ";";
      }
      std::string message = subject + " is ON DELETE SET NULL but " +
                            (names.size() == 1 ? "column " : "columns ") + dq_list(names) +
                            (names.size() == 1 ? " is" : " are") + " NOT NULL";
      if (!domains.empty()) message += " (" + join(domains, ", ") + ")";
      findings.push_back(make_finding(kRule, fk.name, message, hint));
      break;
    }
  }
}

}  // namespace

std::vector<Finding> check_fk_on_delete(const TableShape& table) {
  std::vector<Finding> findings;
  for (const ForeignKey& fk : table.foreign_keys) {
    const std::size_t before = findings.size();
    check_one(table, fk, findings);
    if (findings.size() > before) findings.back().identity = foreign_key_identity(table, fk);
  }
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kFkOnDeleteRule{
    "fk_on_delete", Severity::kError, false,
    "every foreign key is ON DELETE CASCADE or ON DELETE SET NULL on nullable columns",
    "What happens to referencing rows when the referenced row goes is a decision written into the schema: CASCADE removes them, SET NULL detaches them. The implicit NO ACTION makes deletes fail at run time, far from the migration that caused it.",
    "album_id uuid REFERENCES albums (id) ON DELETE SET NULL",
    &check_fk_on_delete, {}, false, true};

}  // namespace schemaguard

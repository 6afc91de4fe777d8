// fk_index (warning): every foreign key's columns are the leading key columns
// of some index, in any order, so that deletes on the referenced table and
// joins do not scan this table.
#include <algorithm>
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "fk_index";

bool leads_index(const std::vector<AttrNumber>& fk_columns, const Index& index) {
  if (fk_columns.empty() || index.key_columns.size() < fk_columns.size()) return false;
  std::vector<AttrNumber> wanted(fk_columns);
  std::vector<AttrNumber> leading(index.key_columns.begin(),
                                  index.key_columns.begin() + fk_columns.size());
  std::sort(wanted.begin(), wanted.end());
  std::sort(leading.begin(), leading.end());
  return wanted == leading;
}

}  // namespace

std::vector<Finding> check_fk_index(const TableShape& table) {
  std::vector<Finding> findings;
  for (const ForeignKey& fk : table.foreign_keys) {
    bool covered = false;
    for (const Index& index : table.indexes) {
      if (index.valid && leads_index(fk.columns, index)) {
        covered = true;
        break;
      }
    }
    if (covered) continue;

    std::vector<std::string> names;
    std::vector<std::string> quoted;
    bool known = true;
    for (AttrNumber attnum : fk.columns) {
      const Column* column = table.column(attnum);
      if (column == nullptr) {
        known = false;
        names.push_back("#" + std::to_string(attnum));
        continue;
      }
      names.push_back(column->name);
      quoted.push_back(column->quoted_name);
    }

    std::string hint;
    if (known && !fk.columns.empty()) {
      const std::string index_name = choose_index_name(table, fk.columns, std::string());
      if (!index_name.empty()) {
        hint = "CREATE INDEX " + quote_identifier_simple(index_name) + " ON " +
               table.qualified_name + " (" + join(quoted, ", ") + ");";
      }
    }
    findings.push_back(make_finding(
        kRule, fk.name,
        "foreign key " + dq(fk.name) + " has no index on its columns (" + dq_list(names) + ")",
        hint));
  }
  return findings;
}

}  // namespace schemaguard

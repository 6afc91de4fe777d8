// fk_index (warning): every foreign key's columns are the leading key columns
// of some index, in any order, so that deletes on the referenced table and
// joins do not scan this table.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "fk_index";

// The sorted leading column sets of every index, each prefix length: a foreign key is
// covered when its sorted columns are one of them. Built once per table, so judging F
// foreign keys against N indexes costs O((N·k + F) log) rather than O(F·N).
std::set<std::vector<AttrNumber>> leading_column_sets(const TableShape& table) {
  std::set<std::vector<AttrNumber>> sets;
  for (const Index& index : table.indexes) {
    if (!index.valid) continue;  // an INVALID index serves no lookup
    std::vector<AttrNumber> leading;
    for (AttrNumber attnum : index.key_columns) {
      leading.push_back(attnum);
      std::vector<AttrNumber> sorted(leading);
      std::sort(sorted.begin(), sorted.end());
      sets.insert(std::move(sorted));
    }
  }
  return sets;
}

}  // namespace

std::vector<Finding> check_fk_index(const TableShape& table) {
  std::vector<Finding> findings;
  if (table.foreign_keys.empty()) return findings;
  const std::set<std::vector<AttrNumber>> covered = leading_column_sets(table);
  IndexNamer namer(table);
  // Foreign keys on the same columns get the same suggestion (and so one hint).
  std::map<std::vector<AttrNumber>, std::string> suggested;
  for (const ForeignKey& fk : table.foreign_keys) {
    std::vector<AttrNumber> wanted(fk.columns);
    std::sort(wanted.begin(), wanted.end());
    if (!wanted.empty() && covered.count(wanted)) continue;

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
      auto found = suggested.find(fk.columns);
      if (found == suggested.end())
        found = suggested.emplace(fk.columns, namer.choose(fk.columns, std::string())).first;
      const std::string& index_name = found->second;
      if (!index_name.empty()) {
        hint = "CREATE INDEX " + quote_identifier_simple(index_name) + " ON " + table.qualified_name + " (" +
               join(quoted, ", ") + ");";
      }
    }
    findings.push_back(make_finding(
        kRule, fk.name, "foreign key " + dq(fk.name) + " has no index on its columns (" + dq_list(names) + ")", hint));
    findings.back().identity = foreign_key_identity(table, fk);
  }
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kFkIndexRule{
    "fk_index",
    Severity::kWarning,
    false,
    "every foreign key's columns lead some index",
    "A delete or key update on the referenced table looks up the referencing rows; without an index led by the foreign "
    "key's columns that is a scan of this table per row, and ON DELETE CASCADE holds its locks for as long.",
    "CREATE INDEX idx_tracks_album_id ON tracks (album_id);",
    &check_fk_index};

}  // namespace schemaguard

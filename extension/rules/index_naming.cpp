// index_naming: every index that backs no PRIMARY KEY, UNIQUE or EXCLUDE
// constraint is named idx_<table>_<first key column>[_<anything>]; an
// expression index only needs idx_<table>_<something>. Names compare after
// PostgreSQL's 63-byte identifier truncation. An INVALID index is reported as such,
// with severity warning: it never blocks.
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {
constexpr const char* kRule = "index_naming";
}  // namespace

std::vector<Finding> check_index_naming(const TableShape& table) {
  std::vector<Finding> findings;
  IndexNamer namer(table);
  for (const Index& index : table.indexes) {
    if (!index.valid) {
      // Whatever its name: reported, never blocking (it would otherwise block every later
      // DDL on the table); a REINDEX that makes it valid is judged (extension/hooks.cpp).
      Finding finding = make_finding(
          kRule, index.name,
          "index " + dq(index.name) +
              " is INVALID (left by a failed CREATE INDEX CONCURRENTLY, REINDEX CONCURRENTLY or pg_repack): "
              "it is not used and never blocks a commit; drop it",
          "DROP INDEX CONCURRENTLY " + index.quoted_name + ";");
      finding.never_blocks = true;
      findings.push_back(std::move(finding));
      continue;
    }
    if (index.backing != IndexBacking::kNone) continue;
    const Column* first = index.key_columns.empty() ? nullptr
                                                    : key_column(table, index.key_columns[0]);
    if (index_name_acceptable(table.name, first, index.name)) continue;

    std::string message = "index " + dq(index.name);
    if (first == nullptr) {
      message += " on an expression should be named " + dq("idx_" + table.name + "_<suffix>");
    } else {
      const std::string expected = "idx_" + table.name + "_" + first->name;
      message += " should be named " + dq(truncate_identifier(expected));
      if (expected.size() + 2 <= 63) message += " or " + dq(expected + "_<suffix>");
    }

    std::string hint;
    const std::string new_name = namer.choose(index.key_columns, index.name);
    if (!new_name.empty()) {
      hint = "ALTER INDEX " + index.quoted_name + " RENAME TO " +
             quote_identifier_simple(new_name) + ";";
    }
    findings.push_back(make_finding(kRule, index.name, message, hint));
  }
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kIndexNamingRule{
    "index_naming", Severity::kError, false,
    "every index not backing a constraint is named idx_<table>_<first key column>[_...]",
    "Predictable names make migrations reviewable and let people and tools find, drop and recreate an index without looking it up; PostgreSQL's generated names change with the column list and are truncated.",
    "CREATE INDEX idx_tracks_album_id ON tracks (album_id);",
    &check_index_naming};

}  // namespace schemaguard

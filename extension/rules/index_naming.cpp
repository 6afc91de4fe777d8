// index_naming: every index that backs no PRIMARY KEY, UNIQUE or EXCLUDE
// constraint is named idx_<table>_<first key column>[_<anything>]; an
// expression index only needs idx_<table>_<something>. Names compare after
// PostgreSQL's 63-byte identifier truncation. An INVALID index is reported as such,
// with severity warning: it never blocks.
//
// Parameters (issue 12), one template each (placeholders {table}, {column}, {columns},
// {any}: see IndexNamePattern in rule_util.hpp). Which one judges an index, first match:
//   1. its first key is an expression: expression_template (V1 idx_{table}_{any});
//   2. it is UNIQUE (and backs no constraint): unique_template, when set;
//   3. otherwise: template (V1 idx_{table}_{column}).
// Not set: the V1 definition above, exactly (messages and hints included).
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "index_naming";

std::string validate_plain(const std::vector<std::string>& value) {
  for (const std::string& text : value) {
    std::string error = validate_index_template(text, IndexTemplateKind::kPlain);
    if (!error.empty()) return error;
  }
  return std::string();
}

std::string validate_expression(const std::vector<std::string>& value) {
  for (const std::string& text : value) {
    std::string error = validate_index_template(text, IndexTemplateKind::kExpression);
    if (!error.empty()) return error;
  }
  return std::string();
}

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
    const IndexNamePattern pattern(table, namer.templates(), index.key_columns, index.unique);
    if (pattern.accepts(index.name)) continue;

    // "unique index" only where a unique template set apart judges it.
    std::string message = pattern.kind() == IndexTemplateKind::kUnique ? "unique index " : "index ";
    message += dq(index.name);
    if (pattern.kind() == IndexTemplateKind::kExpression) message += " on an expression";
    message += " should be named " + pattern.describe();

    std::string hint;
    const std::string new_name = namer.choose(index.key_columns, index.name, index.unique);
    if (!new_name.empty()) {
      hint = "ALTER INDEX " + index.quoted_name + " RENAME TO " + quote_identifier_simple(new_name) + ";";
    }
    findings.push_back(make_finding(kRule, index.name, message, hint));
  }
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kIndexNamingRule{
    "index_naming",
    Severity::kError,
    false,
    "every index not backing a constraint is named idx_<table>_<first key column>[_...]",
    "Predictable names make migrations reviewable and let people and tools find, drop and recreate an index without "
    "looking it up; PostgreSQL's generated names change with the column list and are truncated.",
    "CREATE INDEX idx_tracks_album_id ON tracks (album_id);",
    &check_index_naming,
    {},
    false,
    false,
    {{"template",
      ParameterKind::kTemplate,
      "",
      "the name of an index on columns: {table}, {column} (the first key column), {columns} (the key columns "
      "joined by _), {any} (any text, at the end); a name may add _<anything> unless the template ends in {any}",
      "idx_{table}_{column}",
      1,
      nullptr,
      &RuleParameters::index_template,
      {},
      &validate_plain},
     {"unique_template",
      ParameterKind::kTemplate,
      "",
      "the name of a UNIQUE index not backing a constraint (e.g. uq_{table}_{columns}); not set: the template",
      "the template",
      1,
      nullptr,
      &RuleParameters::unique_index_template,
      {},
      &validate_plain},
     {"expression_template",
      ParameterKind::kTemplate,
      "",
      "the name of an index whose first key is an expression: {table} and {any} only",
      "idx_{table}_{any}",
      1,
      nullptr,
      &RuleParameters::expression_index_template,
      {},
      &validate_expression}}};

}  // namespace schemaguard

// fk_on_delete: every foreign key is ON DELETE CASCADE or ON DELETE SET NULL,
// and SET NULL only sets nullable columns to null.
//
// Parameter (issue 12): actions, the ON DELETE actions accepted, replacing the V1 list
// (cascade, set null). SET NULL, when accepted, still only on nullable columns. Not set:
// the V1 definition, exactly (messages and hints included).
#include <algorithm>
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "fk_on_delete";

// The actions, in the order messages list them; the words of fk_on_delete.actions are
// these in lower case.
const std::vector<OnDelete> kActions = {OnDelete::kCascade, OnDelete::kSetNull, OnDelete::kSetDefault,
                                        OnDelete::kRestrict, OnDelete::kNoAction};
const std::vector<OnDelete> kV1Actions = {OnDelete::kCascade, OnDelete::kSetNull};

// "set null": the word fk_on_delete.actions takes for it.
std::string choice_word(OnDelete action) { return ascii_lower(on_delete_words(action)); }

std::vector<std::string> choice_words() {
  std::vector<std::string> words;
  for (OnDelete action : kActions) words.push_back(choice_word(action));
  return words;
}

// The actions accepted, in kActions order: V1's when the parameter is not set.
std::vector<OnDelete> accepted_actions(const TableShape& table) {
  const std::vector<std::string>& set = table.parameters.fk_actions;
  if (set.empty()) return kV1Actions;
  std::vector<OnDelete> accepted;
  for (OnDelete action : kActions) {
    if (std::find(set.begin(), set.end(), choice_word(action)) != set.end()) accepted.push_back(action);
  }
  // Only words outside the choices (never stored: set_rule_parameter refuses them): V1.
  return accepted.empty() ? kV1Actions : accepted;
}

bool accepts(const std::vector<OnDelete>& accepted, OnDelete action) {
  return std::find(accepted.begin(), accepted.end(), action) != accepted.end();
}

// ", expected ON DELETE CASCADE or SET NULL"
std::string expected_text(const std::vector<OnDelete>& accepted) {
  std::vector<std::string> words;
  for (OnDelete action : accepted) words.push_back(on_delete_words(action));
  return ", expected ON DELETE " + join_list(words, " or ");
}

// Restates the constraint with an accepted ON DELETE action, in one ALTER TABLE so that
// the table is never without it. Where the key columns may be null and SET NULL is
// accepted, SET NULL keeps the referencing rows; where one of them is NOT NULL or is
// Citus's distribution column (Citus refuses SET NULL there), CASCADE if accepted, else
// the first other action accepted. Empty when the referenced columns are unknown or no
// accepted action fits.
std::string replace_constraint_sql(const TableShape& table, const ForeignKey& fk,
                                   const std::vector<OnDelete>& accepted) {
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
  std::vector<OnDelete> fits;  // best first
  if (nullable && accepts(accepted, OnDelete::kSetNull)) fits.push_back(OnDelete::kSetNull);
  if (accepts(accepted, OnDelete::kCascade)) fits.push_back(OnDelete::kCascade);
  for (OnDelete candidate : accepted)
    if (candidate != OnDelete::kSetNull) fits.push_back(candidate);
  if (fits.empty()) return "";
  std::string sql = "ALTER TABLE " + table.qualified_name + " DROP CONSTRAINT " + fk.quoted_name + ", ADD CONSTRAINT " +
                    fk.quoted_name + " FOREIGN KEY (" + join(columns, ", ") + ") REFERENCES " + fk.referenced_table +
                    " (" + join(fk.referenced_columns, ", ") + ")";
  if (!fk.match.empty()) sql += " MATCH " + fk.match;
  if (!fk.on_update.empty()) sql += " ON UPDATE " + fk.on_update;
  sql += std::string(" ON DELETE ") + on_delete_words(fits.front());
  if (fk.deferrable) sql += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  if (!fk.validated) sql += " NOT VALID";
  return sql + ";";
}

// The finding for one foreign key, if it breaks the rule.
void check_one(const TableShape& table, const ForeignKey& fk, const std::vector<OnDelete>& accepted,
               std::vector<Finding>& findings) {
  const std::string subject = "foreign key " + dq(fk.name);
  if (!accepts(accepted, fk.on_delete)) {
    const std::string what = fk.on_delete == OnDelete::kNoAction
                                 ? " has no ON DELETE action (NO ACTION)"
                                 : std::string(" is ON DELETE ") + on_delete_words(fk.on_delete);
    findings.push_back(make_finding(kRule, fk.name, subject + what + expected_text(accepted),
                                    replace_constraint_sql(table, fk, accepted)));
    return;
  }
  switch (fk.on_delete) {
    case OnDelete::kCascade:
    case OnDelete::kNoAction:
    case OnDelete::kRestrict:
    case OnDelete::kSetDefault:
      break;
    case OnDelete::kSetNull: {
      const std::vector<AttrNumber>& set_null = fk.set_null_columns.empty() ? fk.columns : fk.set_null_columns;
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
        if (std::find(table.primary_key.begin(), table.primary_key.end(), attnum) != table.primary_key.end() ||
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
      std::string message = subject + " is ON DELETE SET NULL but " + (names.size() == 1 ? "column " : "columns ") +
                            dq_list(names) + (names.size() == 1 ? " is" : " are") + " NOT NULL";
      if (!domains.empty()) message += " (" + join(domains, ", ") + ")";
      findings.push_back(make_finding(kRule, fk.name, message, hint));
      break;
    }
  }
}

}  // namespace

std::vector<Finding> check_fk_on_delete(const TableShape& table) {
  std::vector<Finding> findings;
  const std::vector<OnDelete> accepted = accepted_actions(table);
  for (const ForeignKey& fk : table.foreign_keys) {
    const std::size_t before = findings.size();
    check_one(table, fk, accepted, findings);
    if (findings.size() > before) findings.back().identity = foreign_key_identity(table, fk);
  }
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kFkOnDeleteRule{
    "fk_on_delete",
    Severity::kError,
    false,
    "every foreign key is ON DELETE CASCADE or ON DELETE SET NULL on nullable columns",
    "What happens to referencing rows when the referenced row goes is a decision written into the schema: CASCADE "
    "removes them, SET NULL detaches them. The implicit NO ACTION makes deletes fail at run time, far from the "
    "migration that caused it.",
    "album_id uuid REFERENCES albums (id) ON DELETE SET NULL",
    &check_fk_on_delete,
    {},
    false,
    true,
    {{"actions", ParameterKind::kChoices, "",
      "the ON DELETE actions accepted, replacing cascade and set null (set null still only on nullable columns)",
      "cascade, set null", 0, nullptr, &RuleParameters::fk_actions, choice_words()}}};

}  // namespace schemaguard

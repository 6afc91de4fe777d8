// timestamps: created_at and updated_at, each timestamptz NOT NULL with a
// current-time default (now(), CURRENT_TIMESTAMP, transaction_timestamp(),
// statement_timestamp(), clock_timestamp(), identified by OID).
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "timestamps";

// A bare call that reads like an accepted function but is another one.
bool is_look_alike(const ColumnDefault& value) {
  return value.kind == DefaultKind::kFunctionCall &&
         (ends_with(value.text, "now()") || ends_with(value.text, "transaction_timestamp()") ||
          ends_with(value.text, "statement_timestamp()") ||
          ends_with(value.text, "clock_timestamp()"));
}

void check_column(const TableShape& table, const char* name, std::vector<Finding>* findings) {
  const Column* column = table.column(std::string(name));
  if (column == nullptr) {
    findings->push_back(make_finding(kRule, name, "column " + dq(name) + " is missing",
                                     "ALTER TABLE " + table.qualified_name + " ADD COLUMN " +
                                         name + " timestamptz NOT NULL DEFAULT now();"));
    return;
  }

  const bool type_ok = column->type_oid == oids::kTimestamptz;
  if (!type_ok) {
    // A default on a column of another type is stored with a cast to that type
    // (now() on a timestamp column is timestamp(now())), so it is not judged
    // here; the fix converts the column and resets its default in one statement.
    std::string hint;
    if (column->type_oid == oids::kTimestamp) {
      const std::string alter = " ALTER COLUMN " + column->quoted_name;
      hint = "ALTER TABLE " + table.qualified_name + alter + " TYPE timestamptz," + alter +
             " SET DEFAULT now();";
    }
    findings->push_back(make_finding(
        kRule, column->name,
        "column " + dq(column->name) + " is " + column->type_name + ", expected timestamptz",
        hint));
  }

  if (!column->not_null) {
    findings->push_back(make_finding(kRule, column->name,
                                     "column " + dq(column->name) + " is nullable, expected NOT NULL",
                                     alter_column_sql(table, *column, "SET NOT NULL")));
  }

  if (!type_ok) return;
  const ColumnDefault& value = column->default_value;
  if (is_current_time_default(value)) return;
  if (value.kind == DefaultKind::kNone) {
    findings->push_back(make_finding(
        kRule, column->name, "column " + dq(column->name) + " has no default, expected DEFAULT now()",
        alter_column_sql(table, *column, "SET DEFAULT now()")));
    return;
  }
  const std::string expected = is_look_alike(value) ? "pg_catalog.now()" : "now()";
  findings->push_back(make_finding(
      kRule, column->name,
      "column " + dq(column->name) + " has DEFAULT " + default_text(value) + ", expected " + expected,
      alter_column_sql(table, *column, "SET DEFAULT " + expected)));
}

}  // namespace

std::vector<Finding> check_timestamps(const TableShape& table) {
  std::vector<Finding> findings;
  check_column(table, "created_at", &findings);
  check_column(table, "updated_at", &findings);
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kTimestampsRule{
    "timestamps", Severity::kError, false,
    "every table has created_at and updated_at timestamptz NOT NULL DEFAULT now()",
    "Every row says when it was created and last changed, in absolute time, so audits, syncs and incremental exports work on every table without knowing it; keep updated_at current with the trigger function schemaguard.touch_updated_at().",
    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()",
    &check_timestamps};

}  // namespace schemaguard

// timestamps: created_at and updated_at, each timestamptz NOT NULL with a
// current-time default (now(), CURRENT_TIMESTAMP, transaction_timestamp(),
// statement_timestamp(), clock_timestamp(), identified by OID).
#include <algorithm>
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
          ends_with(value.text, "statement_timestamp()") || ends_with(value.text, "clock_timestamp()"));
}

void check_column(const TableShape& table, const std::string& name, std::vector<Finding>* findings) {
  const Column* column = table.column(name);
  if (column == nullptr) {
    findings->push_back(
        make_finding(kRule, name, "column " + dq(name) + " is missing",
                     add_column_sql(table, quote_identifier_simple(name) + " timestamptz NOT NULL DEFAULT now()")));
    return;
  }

  const bool type_ok = column->type_oid == oids::kTimestamptz;
  // For a timestamp column the fix converts the column and resets its default in one
  // statement; the default's own finding carries the same hint (shown once).
  std::string type_hint;
  if (!type_ok) {
    if (column->type_oid == oids::kTimestamp) {
      const std::string alter = " ALTER COLUMN " + column->quoted_name;
      type_hint = "ALTER TABLE " + table.qualified_name + alter + " TYPE timestamptz," + alter + " SET DEFAULT now();";
    }
    findings->push_back(
        make_finding(kRule, column->name,
                     "column " + dq(column->name) + " is " + column->type_name + ", expected timestamptz", type_hint));
  }

  if (!column->not_null) {
    findings->push_back(make_finding(kRule, column->name,
                                     "column " + dq(column->name) + " is nullable, expected NOT NULL",
                                     alter_column_sql(table, *column, "SET NOT NULL")));
  }

  // The default is judged whatever the type, so that a baseline taken while the type
  // is wrong already holds the default's finding: fixing only the type then introduces
  // nothing new. A default is read without its implicit cast to the column's type
  // (now() on a timestamp column is stored as timestamp(now())), which is also what
  // ALTER COLUMN ... TYPE keeps of it.
  const ColumnDefault& value = column->default_value;
  if (is_current_time_default(value)) return;
  if (value.kind == DefaultKind::kFunctionCall &&
      std::find(table.parameters.timestamp_defaults.begin(), table.parameters.timestamp_defaults.end(),
                value.function_oid) != table.parameters.timestamp_defaults.end())
    return;
  const std::string expected = is_look_alike(value) ? "pg_catalog.now()" : "now()";
  // With timestamps.default_functions set, the message names those too.
  std::string others;
  const RuleParameters& parameters = table.parameters;
  for (std::size_t i = 0; i < parameters.timestamp_default_names.size() && i < parameters.timestamp_defaults.size();
       ++i) {
    ColumnDefault configured;
    configured.kind = DefaultKind::kFunctionCall;
    configured.function_oid = parameters.timestamp_defaults[i];
    if (!is_current_time_default(configured)) others += " or " + parameters.timestamp_default_names[i];
  }
  // On another type than timestamp, the type needs a migration first: no hint.
  const std::string hint = type_ok ? alter_column_sql(table, *column, "SET DEFAULT " + expected) : type_hint;
  if (value.kind == DefaultKind::kNone) {
    findings->push_back(make_finding(
        kRule, column->name, "column " + dq(column->name) + " has no default, expected DEFAULT now()" + others, hint));
    return;
  }
  findings->push_back(make_finding(
      kRule, column->name,
      "column " + dq(column->name) + " has DEFAULT " + default_text(value) + ", expected " + expected + others, hint));
}

}  // namespace

std::vector<Finding> check_timestamps(const TableShape& table) {
  std::vector<Finding> findings;
  // timestamps.columns, or V1's created_at and updated_at.
  for (const std::string& name : columns_in_force(kTimestampsRule, table.parameters))
    check_column(table, name, &findings);
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kTimestampsRule{
    "timestamps",
    Severity::kError,
    false,
    "every table has created_at and updated_at timestamptz NOT NULL DEFAULT now()",
    "Every row says when it was created and last changed, in absolute time, so audits, syncs and incremental exports "
    "work on every table without knowing it; keep updated_at current with the trigger function "
    "schemaguard.touch_updated_at().",
    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()",
    &check_timestamps,
    judged_columns::kTimestamps,
    false,
    false,
    {{"default_functions",
      ParameterKind::kFunctions,
      "timestamptz",
      "functions accepted as the default of created_at and updated_at besides now(), CURRENT_TIMESTAMP, "
      "transaction_timestamp(), statement_timestamp() and clock_timestamp()",
      "now(), CURRENT_TIMESTAMP, transaction_timestamp(), statement_timestamp(), clock_timestamp()",
      0,
      &RuleParameters::timestamp_defaults,
      nullptr,
      {},
      nullptr,
      &RuleParameters::timestamp_default_names},
     {"columns", ParameterKind::kNames, "", "the timestamp columns every table has (raw column names)",
      "created_at, updated_at", 0, nullptr, &RuleParameters::timestamp_columns}},
    nullptr,
    &RuleParameters::timestamp_columns};

}  // namespace schemaguard

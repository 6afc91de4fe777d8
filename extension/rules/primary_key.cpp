// primary_key: a single-column uuid primary key DEFAULT gen_random_uuid(),
// where gen_random_uuid is the built-in pg_catalog function (by OID). Where PostgreSQL or
// Citus require more key columns (TableShape::required_key_columns), exactly those plus
// one such uuid column, in any order.
#include <algorithm>
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "primary_key";

// A bare call whose text reads like gen_random_uuid() but is another function:
// name the built-in explicitly so the message and the fix are unambiguous.
std::string column_name(const TableShape& table, AttrNumber attnum) {
  const Column* column = table.column(attnum);
  return column != nullptr ? column->name : "#" + std::to_string(attnum);
}

bool is_look_alike(const ColumnDefault& value) {
  return value.kind == DefaultKind::kFunctionCall && ends_with(value.text, "gen_random_uuid()");
}

}  // namespace

std::vector<Finding> check_primary_key(const TableShape& table) {
  std::vector<Finding> findings;

  if (table.primary_key.empty()) {
    std::string hint;
    const Column* id = table.column(std::string("id"));
    if (id == nullptr && !table.inherits) {
      hint = "ALTER TABLE " + table.qualified_name +
             " ADD COLUMN id uuid PRIMARY KEY DEFAULT gen_random_uuid();";
    } else if (id == nullptr) {
      // A parent's ADD COLUMN id adds the column (not its key) to this child first.
      hint = "ALTER TABLE " + table.qualified_name +
             " ADD COLUMN IF NOT EXISTS id uuid DEFAULT gen_random_uuid(), ADD PRIMARY KEY (id);";
    } else if (id->type_oid == oids::kUuid) {
      // Where PostgreSQL or Citus require more key columns, they lead the key.
      std::string columns;
      for (AttrNumber attnum : table.required_key_columns)
        if (attnum != id->attnum)
          if (const Column* column = table.column(attnum)) columns += column->quoted_name + ", ";
      hint = "ALTER TABLE " + table.qualified_name + " ADD PRIMARY KEY (" + columns + id->quoted_name + ");";
    }
    findings.push_back(make_finding(kRule, "", "table has no primary key", hint));
    return findings;
  }

  // The key column proper: the only one, or, where PostgreSQL or Citus require more
  // (required_key_columns), the one left once exactly those are set aside.
  AttrNumber key_attnum = 0;
  // A single column is the key whatever is required: PostgreSQL and Citus refuse a key
  // without their columns, and a former partition (detached) may drop them.
  if (table.primary_key.size() == 1) {
    key_attnum = table.primary_key[0];
  } else {
    std::vector<AttrNumber> extra;
    bool has_required = !table.required_key_columns.empty();
    for (AttrNumber required : table.required_key_columns)
      if (std::find(table.primary_key.begin(), table.primary_key.end(), required) == table.primary_key.end())
        has_required = false;
    for (AttrNumber attnum : table.primary_key)
      if (std::find(table.required_key_columns.begin(), table.required_key_columns.end(), attnum) ==
          table.required_key_columns.end())
        extra.push_back(attnum);
    if (has_required && extra.size() == 1) key_attnum = extra[0];
  }
  if (key_attnum == 0) {
    std::vector<std::string> names;
    for (AttrNumber attnum : table.primary_key) names.push_back(column_name(table, attnum));
    std::string expected = "expected one uuid column";
    if (!table.required_key_columns.empty()) {
      std::vector<std::string> required;
      for (AttrNumber attnum : table.required_key_columns) required.push_back(column_name(table, attnum));
      expected = "expected id uuid plus the required key column" +
                 std::string(required.size() == 1 ? " " : "s ") + dq_list(required);
    }
    findings.push_back(make_finding(
        kRule, "",
        "primary key has " + std::to_string(names.size()) + " columns (" + dq_list(names) + "), " + expected,
        ""));
    return findings;
  }

  const Column* key = table.column(key_attnum);
  if (key == nullptr) return findings;  // inconsistent shape: nothing to judge

  if (key->type_oid != oids::kUuid) {
    // Changing the key's type is a migration, not a one-line fix; the default
    // is judged once the type is right.
    findings.push_back(make_finding(kRule, key->name,
                                    "primary key column " + dq(key->name) + " is " +
                                        key->type_name +
                                        ", expected uuid DEFAULT gen_random_uuid()",
                                    ""));
    return findings;
  }

  const ColumnDefault& value = key->default_value;
  if (value.kind == DefaultKind::kFunctionCall &&
      (value.function_oid == oids::kGenRandomUuid ||
       std::find(table.parameters.key_defaults.begin(), table.parameters.key_defaults.end(),
                 value.function_oid) != table.parameters.key_defaults.end())) {
    return findings;
  }
  if (value.kind == DefaultKind::kNone) {
    findings.push_back(make_finding(
        kRule, key->name,
        "primary key column " + dq(key->name) + " has no default, expected DEFAULT gen_random_uuid()",
        alter_column_sql(table, *key, "SET DEFAULT gen_random_uuid()")));
    return findings;
  }
  const std::string expected =
      is_look_alike(value) ? "pg_catalog.gen_random_uuid()" : "gen_random_uuid()";
  findings.push_back(make_finding(
      kRule, key->name,
      "primary key column " + dq(key->name) + " has DEFAULT " + default_text(value) + ", expected " + expected,
      alter_column_sql(table, *key, "SET DEFAULT " + expected)));
  return findings;
}

// The rule's one definition; rules.hpp's all_rules() only orders the rules.
extern const Rule kPrimaryKeyRule{
    "primary_key", Severity::kError, false,
    "every table has a single-column uuid primary key DEFAULT gen_random_uuid()",
    "Keys generated by the database that carry no meaning can be made anywhere (clients, other services, offline) without a sequence round trip, never collide across tables or shards, and leak no row counts; one uuid column gives every foreign key the same shape.",
    "CREATE TABLE tracks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), ...);",
    &check_primary_key, {}, true, false,
    {{"key_defaults", ParameterKind::kFunctions, "uuid",
      "functions accepted as the key's default besides pg_catalog.gen_random_uuid() (e.g. public.uuid_generate_v4(), a UUIDv7 function)",
      "gen_random_uuid() only", 0, &RuleParameters::key_defaults, nullptr, {}, nullptr,
      &RuleParameters::key_default_names},
     {"key_types", ParameterKind::kTypes, "",
      "the types accepted for the key column (e.g. uuid and bigint, with identity)", "uuid", 0,
      &RuleParameters::key_types, nullptr, {}, nullptr, &RuleParameters::key_type_names},
     {"identity", ParameterKind::kChoices, "",
      "identity columns accepted as the key, with no default: GENERATED ALWAYS and/or BY DEFAULT AS IDENTITY, of one of key_types",
      "none", 0, nullptr, &RuleParameters::key_identity, {"always", "by default"}}}};

}  // namespace schemaguard

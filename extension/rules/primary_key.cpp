// primary_key: a single-column uuid primary key DEFAULT gen_random_uuid(),
// where gen_random_uuid is the built-in pg_catalog function (by OID).
#include <string>
#include <vector>

#include "rule_util.hpp"

namespace schemaguard {

namespace {

constexpr const char* kRule = "primary_key";

// A bare call whose text reads like gen_random_uuid() but is another function:
// name the built-in explicitly so the message and the fix are unambiguous.
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
      hint = "ALTER TABLE " + table.qualified_name + " ADD PRIMARY KEY (" + id->quoted_name + ");";
    }
    findings.push_back(make_finding(kRule, "", "table has no primary key", hint));
    return findings;
  }

  if (table.primary_key.size() > 1) {
    std::vector<std::string> names;
    for (AttrNumber attnum : table.primary_key) {
      const Column* column = table.column(attnum);
      names.push_back(column != nullptr ? column->name : "#" + std::to_string(attnum));
    }
    findings.push_back(make_finding(
        kRule, "",
        "primary key has " + std::to_string(names.size()) + " columns (" + dq_list(names) +
            "), expected one uuid column",
        ""));
    return findings;
  }

  const Column* key = table.column(table.primary_key[0]);
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
  if (value.kind == DefaultKind::kFunctionCall && value.function_oid == oids::kGenRandomUuid) {
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

}  // namespace schemaguard

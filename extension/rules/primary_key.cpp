// primary_key: a single-column uuid primary key DEFAULT gen_random_uuid(),
// where gen_random_uuid is the built-in pg_catalog function (by OID). A table that
// must carry other columns in its key (a Citus distribution column) has exactly
// those plus id, and id is judged the same way.
#include <algorithm>
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

// The key column itself: uuid DEFAULT gen_random_uuid().
std::vector<Finding> judge_key_column(const TableShape& table, const Column* key) {
  std::vector<Finding> findings;
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

std::vector<std::string> column_names(const TableShape& table, const std::vector<AttrNumber>& attnums) {
  std::vector<std::string> names;
  for (AttrNumber attnum : attnums) {
    const Column* column = table.column(attnum);
    names.push_back(column != nullptr ? column->name : "#" + std::to_string(attnum));
  }
  return names;
}

// A table that must carry other columns in its key (required_key_columns): exactly
// those plus id, in any order, and id itself judged like a single-column key.
std::vector<Finding> check_required_key(const TableShape& table) {
  std::vector<Finding> findings;
  const Column* id = table.column(std::string("id"));
  std::vector<AttrNumber> expected = table.required_key_columns;
  bool id_required =
      id != nullptr && std::find(expected.begin(), expected.end(), id->attnum) != expected.end();
  if (id != nullptr && !id_required) expected.push_back(id->attnum);
  std::vector<std::string> expected_names = column_names(table, table.required_key_columns);
  if (!id_required) expected_names.push_back("id");

  if (table.primary_key.empty()) {
    std::string hint;
    if (id != nullptr && id->type_oid == oids::kUuid) {
      std::vector<std::string> quoted;
      for (AttrNumber attnum : expected)
        if (const Column* column = table.column(attnum)) quoted.push_back(column->quoted_name);
      if (quoted.size() == expected.size())
        hint = "ALTER TABLE " + table.qualified_name + " ADD PRIMARY KEY (" + join(quoted, ", ") + ");";
    }
    findings.push_back(
        make_finding(kRule, "", "table has no primary key, expected (" + dq_list(expected_names) + ")",
                     hint));
    return findings;
  }
  std::vector<AttrNumber> actual = table.primary_key, wanted = expected;
  std::sort(actual.begin(), actual.end());
  std::sort(wanted.begin(), wanted.end());
  if (id == nullptr || actual != wanted) {
    findings.push_back(make_finding(kRule, "",
                                    "primary key is (" + dq_list(column_names(table, table.primary_key)) +
                                        "), expected (" + dq_list(expected_names) + ")",
                                    ""));
    return findings;
  }
  return judge_key_column(table, id);
}

}  // namespace

std::vector<Finding> check_primary_key(const TableShape& table) {
  if (!table.required_key_columns.empty()) return check_required_key(table);
  std::vector<Finding> findings;

  if (table.primary_key.empty()) {
    std::string hint;
    const Column* id = table.column(std::string("id"));
    if (id == nullptr) {
      hint = "ALTER TABLE " + table.qualified_name +
             " ADD COLUMN id uuid PRIMARY KEY DEFAULT gen_random_uuid();";
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

  return judge_key_column(table, table.column(table.primary_key[0]));
}

}  // namespace schemaguard

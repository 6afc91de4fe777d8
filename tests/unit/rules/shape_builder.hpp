// Tiny helpers to build TableShape values by hand for the rule tests.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "rules/rule_util.hpp"
#include "rules/rules.hpp"

namespace sgtest {

using namespace schemaguard;

constexpr ObjectId kBigint = 20;
constexpr ObjectId kInteger = 23;
constexpr ObjectId kText = 25;

inline std::string type_name_of(ObjectId oid) {
  switch (oid) {
    case oids::kUuid:
      return "uuid";
    case oids::kTimestamp:
      return "timestamp without time zone";
    case oids::kTimestamptz:
      return "timestamp with time zone";
    case kBigint:
      return "bigint";
    case kInteger:
      return "integer";
    case kText:
      return "text";
    default:
      return "oid" + std::to_string(oid);
  }
}

inline ColumnDefault no_default() { return ColumnDefault{}; }

inline ColumnDefault call(ObjectId function_oid, std::string text) {
  ColumnDefault value;
  value.kind = DefaultKind::kFunctionCall;
  value.function_oid = function_oid;
  value.text = std::move(text);
  return value;
}

inline ColumnDefault current_timestamp() {
  ColumnDefault value;
  value.kind = DefaultKind::kCurrentTimestamp;
  value.text = "CURRENT_TIMESTAMP";
  return value;
}

inline ColumnDefault other(std::string text) {
  ColumnDefault value;
  value.kind = DefaultKind::kOther;
  value.text = std::move(text);
  return value;
}

inline ColumnDefault gen_random_uuid() { return call(oids::kGenRandomUuid, "gen_random_uuid()"); }
inline ColumnDefault now() { return call(oids::kNow, "now()"); }

// Adds a column with the next attnum and returns that attnum.
inline AttrNumber add_column(TableShape& table, const std::string& name, ObjectId type_oid, bool not_null = false,
                             ColumnDefault value = ColumnDefault{}) {
  Column column;
  column.attnum = static_cast<AttrNumber>(table.columns.size() + 1);
  column.name = name;
  column.quoted_name = quote_identifier_simple(name);
  column.type_oid = type_oid;
  column.type_name = type_name_of(type_oid);
  column.not_null = not_null;
  column.default_value = std::move(value);
  table.columns.push_back(column);
  return column.attnum;
}

inline Column& column_named(TableShape& table, const std::string& name) {
  for (Column& column : table.columns) {
    if (column.name == name) return column;
  }
  throw std::logic_error("no column " + name);
}

inline void drop_column(TableShape& table, const std::string& name) {
  for (auto it = table.columns.begin(); it != table.columns.end(); ++it) {
    if (it->name == name) {
      table.columns.erase(it);
      return;
    }
  }
}

inline void add_index(TableShape& table, const std::string& name, std::vector<AttrNumber> key_columns,
                      IndexBacking backing = IndexBacking::kNone) {
  Index index;
  index.name = name;
  index.quoted_name = quote_identifier_simple(table.schema) + "." + quote_identifier_simple(name);
  index.key_columns = std::move(key_columns);
  index.backing = backing;
  table.indexes.push_back(index);
}

inline void add_fk(TableShape& table, const std::string& name, std::vector<AttrNumber> columns, OnDelete on_delete,
                   std::vector<AttrNumber> set_null_columns = {}) {
  ForeignKey fk;
  fk.name = name;
  fk.quoted_name = quote_identifier_simple(name);
  fk.columns = std::move(columns);
  fk.set_null_columns = std::move(set_null_columns);
  fk.on_delete = on_delete;
  fk.referenced_table = "public.parents";
  table.foreign_keys.push_back(fk);
}

// A table that satisfies every rule: id uuid PK DEFAULT gen_random_uuid(),
// created_at/updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz.
inline TableShape compliant_table(const std::string& name = "users", const std::string& schema = "public") {
  TableShape table;
  table.oid = 16384;
  table.schema = schema;
  table.name = name;
  table.qualified_name = quote_identifier_simple(schema) + "." + quote_identifier_simple(name);
  AttrNumber id = add_column(table, "id", oids::kUuid, true, gen_random_uuid());
  add_column(table, "created_at", oids::kTimestamptz, true, now());
  add_column(table, "updated_at", oids::kTimestamptz, true, now());
  add_column(table, "deleted_at", oids::kTimestamptz);
  table.primary_key = {id};
  add_index(table, name + "_pkey", {id}, IndexBacking::kPrimaryKey);
  return table;
}

}  // namespace sgtest

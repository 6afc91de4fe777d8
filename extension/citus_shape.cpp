#include "citus_shape.hpp"

#include "rules/rule_util.hpp"

namespace schemaguard {

std::uint64_t shard_suffix(const std::string& name) {
  std::size_t underscore = name.rfind('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == name.size()) return 0;
  std::string digits = name.substr(underscore + 1);
  if (digits.size() > 19 || digits[0] == '0') return 0;
  std::uint64_t id = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    id = id * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return id;
}

namespace {

// name without "_<shard_id>" when it ends so; unchanged otherwise.
std::string strip(const std::string& name, const std::string& suffix) {
  return ends_with(name, suffix) && name.size() > suffix.size() ? name.substr(0, name.size() - suffix.size()) : name;
}

}  // namespace

void to_logical_form(TableShape& shape, std::uint64_t shard_id) {
  const std::string suffix = "_" + std::to_string(shard_id);
  shape.name = strip(shape.name, suffix);
  shape.qualified_name = quote_identifier_simple(shape.schema) + "." + quote_identifier_simple(shape.name);
  for (Index& index : shape.indexes) {
    index.name = strip(index.name, suffix);
    index.quoted_name = quote_identifier_simple(shape.schema) + "." + quote_identifier_simple(index.name);
  }
  for (ForeignKey& key : shape.foreign_keys) {
    key.name = strip(key.name, suffix);
    key.quoted_name = quote_identifier_simple(key.name);
  }
  if (shape.distribution_column == 0 && shape.required_key_columns.empty() && shape.primary_key.size() == 2) {
    const Column* id = shape.column(std::string("id"));
    if (id != nullptr && (shape.primary_key[0] == id->attnum || shape.primary_key[1] == id->attnum)) {
      AttrNumber other = shape.primary_key[0] == id->attnum ? shape.primary_key[1] : shape.primary_key[0];
      shape.distribution_column = other;
      shape.required_key_columns = {other};
    }
  }
}

}  // namespace schemaguard

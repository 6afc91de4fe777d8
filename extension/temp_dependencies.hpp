// Whether a table depends on a temporary object (temp_dependencies.cpp).
#pragma once

#include <optional>
#include <string>

#include "table_shape.hpp"

namespace schemaguard {

struct TempDependency {
  std::string dependent;  // e.g. column x of table t
  std::string temporary;  // e.g. type tt
};

// The first dependency of the table (its columns, defaults, constraints, indexes) on an
// object in a temporary schema, directly or through types and functions; nullopt if none.
std::optional<TempDependency> find_temp_dependency(ObjectId table);

}  // namespace schemaguard

// Citus shards as the rules see them: pure C++ (no PostgreSQL headers), unit-tested.
// Citus names a shard, its indexes and its constraints after the logical table's
// objects with "_<shard id>" appended (citus.cpp decides which relations are shards).
#pragma once

#include <cstdint>
#include <string>

#include "table_shape.hpp"

namespace schemaguard {

// The shard id of a name "<prefix>_<digits>", 0 when the name has no such suffix.
std::uint64_t shard_suffix(const std::string& name);

// Turns a shard's shape into its logical table's: "_<shard_id>" is removed from the
// table's name and from the names of its indexes and constraints that carry it. When
// the distribution column is unknown (no metadata yet) and the key is two columns
// of which one is id, the other is taken as the distribution column: the key a
// hash-distributed table must have.
void to_logical_form(TableShape& shape, std::uint64_t shard_id);

}  // namespace schemaguard

// Files on disk vs. rows of schemaguard.migrations: what is applied, pending, changed, missing.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "migrations/files.hpp"

namespace sg::migrations {

struct AppliedRow {
  std::string version;
  std::string name;
  std::string checksum;
  std::string applied_at;
  std::string applied_by;
  std::optional<long> duration_ms;
};

enum class State {
  applied,       // file present, checksum matches
  pending,       // file present, not applied, above every applied version
  out_of_order,  // file present, not applied, below the highest applied version
  changed,       // applied, file present, checksum differs (drift)
  missing,       // applied, file gone
};
const char* to_string(State s);

struct Entry {
  std::string version;
  std::string name;
  State state = State::pending;
  const MigrationFile* file = nullptr;  // null when missing
  std::optional<AppliedRow> applied;
};

struct Plan {
  std::vector<Entry> entries;   // version order
  std::string highest_applied;  // empty when nothing is applied
  size_t count(State s) const;
  // Files to run, in order: pending, plus out-of-order ones when allowed, up to target (inclusive).
  std::vector<const MigrationFile*> to_apply(bool include_out_of_order, const std::string& target) const;
};

Plan make_plan(const std::vector<MigrationFile>& files, const std::vector<AppliedRow>& applied);

}  // namespace sg::migrations

// The migration run shared by `migrate` and `verify`.
#pragma once
#include <vector>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "migrations/files.hpp"

namespace sg::commands {

struct MigrateSummary {
  int exit_code = kExitOk;
  size_t applied = 0;
  size_t total_applied = 0;  // rows in the state table afterwards
  size_t pending = 0;        // files this run set out to apply (dry run: that would apply)
  std::string failed_file;   // the file that failed, if one did
  std::string error;         // why, in a few lines (what print_failure printed)
};

// Lock, state, plan, checks (drift, out of order, transaction control), then apply or dry-run.
MigrateSummary migrate_database(db::Database& db, const std::vector<migrations::MigrationFile>& files,
                                const MigrateOptions& o, const Console& console);

}  // namespace sg::commands

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
};

// Lock, state, plan, checks (drift, out of order, transaction control), then apply or dry-run.
MigrateSummary migrate_database(db::Database& db, const std::vector<migrations::MigrationFile>& files,
                                const MigrateOptions& o, const Console& console);

}  // namespace sg::commands

// Access to schemaguard.migrations and schemaguard.migration_progress (created by the extension).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "migrations/files.hpp"
#include "migrations/plan.hpp"

namespace sg::db {

// Throws Error(kExitError) naming the database when the extension (its state table) is missing.
void require_extension(Database& db);

std::vector<migrations::AppliedRow> read_applied(Database& db);

struct Progress {
  std::string version;
  std::string checksum;
  int statements_done = 0;
};
std::optional<Progress> read_progress(Database& db, const std::string& version);
std::vector<Progress> read_all_progress(Database& db);

// SQL (with quoted literals) inserting the state row of a file; duration = time since the
// transaction started, measured by the server.
std::string insert_row_sql(Database& db, const migrations::MigrationFile& f);

// SQL (with quoted literals) upserting the progress row of a no-transaction file. Sent in the same
// query as the statement it counts where possible, so both commit together.
std::string progress_sql(Database& db, const migrations::MigrationFile& f, int statements_done);
// Completes a no-transaction file: state row written and progress row removed, in one transaction.
void finish_no_transaction(Database& db, const migrations::MigrationFile& f, long duration_ms);

// `migrate --accept-changed`: the stored checksum becomes the file's current one, and the
// acceptance is recorded in schemaguard.checksum_acceptances, in one transaction. Returns
// false when the extension is older than 0.3.0 and has no table to record it in.
bool accept_checksum(Database& db, const migrations::MigrationFile& f);

// `baseline --version`: rows for files marked applied without running them (duration NULL).
void insert_baseline_rows(Database& db, const std::vector<const migrations::MigrationFile*>& files);

}  // namespace sg::db

// Runs migration files. A transactional file goes to the server in one round trip:
//   BEGIN;<file>\n;INSERT INTO schemaguard.migrations ...;COMMIT;
// so the file and its state row commit together or not at all; the extension's commit-time check
// rejects the COMMIT of a non-compliant file (SQLSTATE 42P17). "BEGIN;" shares the file's first
// line, so line numbers in server errors are the file's own.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "migrations/files.hpp"
#include "migrations/sql.hpp"
#include "support/common.hpp"

namespace sg::db {

struct FileOutcome {
  bool ok = true;
  bool rejected = false;  // SQLSTATE 42P17 from schemaguard
  bool connection_lost = false;
  ServerMessage error;
  int failed_statement_line = 0;  // no-transaction files: line of the failing statement
  std::vector<std::string> warnings;
  long duration_ms = 0;
  int resumed_at = 0;  // no-transaction files: statements skipped because a previous run did them
  std::string note;    // what the failure left behind and how to go on (e.g. an INVALID index)
};

class Executor {
 public:
  Executor(Database& db, const Console& console) : db_(db), console_(console) {}
  FileOutcome apply(const migrations::MigrationFile& f);
  // Inside a transaction opened by the caller: savepoint, file, schemaguard.check_now().
  FileOutcome dry_run(const migrations::MigrationFile& f);

 private:
  FileOutcome apply_transactional(const migrations::MigrationFile& f);
  FileOutcome apply_no_transaction(const migrations::MigrationFile& f);
  void collect_warnings(FileOutcome& out);
  void run_counted(const migrations::MigrationFile& f, const migrations::Statement& st, int n,
                   const std::optional<migrations::ConcurrentIndex>& cic, FileOutcome& out);
  std::string index_name(const migrations::ConcurrentIndex& ci);
  // the index a CREATE INDEX CONCURRENTLY builds, if it exists and is INVALID (qualified name)
  std::optional<std::string> invalid_index(const migrations::ConcurrentIndex& ci);
  static std::string invalid_index_advice(const std::string& index);
  Database& db_;
  const Console& console_;
};

}  // namespace sg::db

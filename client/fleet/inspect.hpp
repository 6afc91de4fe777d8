// One database of the fleet: connect with timeouts, read what the row shows, never throw.
#pragma once
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "fleet/fleet.hpp"
#include "migrations/files.hpp"

namespace sg::fleet {

struct Limits {
  int connect_timeout_s = 10;
  long statement_timeout_ms = 0;            // 0: none
  bool statement_timeout_explicit = false;  // given with --statement-timeout: wins over the session's own
};

struct InspectOptions {
  Limits limits;
  bool findings = true;                                           // check/report: violations per rule
  const std::vector<migrations::MigrationFile>* files = nullptr;  // --dir: pending/changed/missing
  std::string dir;                                                // for locating findings (check --dir)
  output::FailOn fail_on = output::FailOn::error;
};

// The status of a failed connection attempt, from libpq's message.
Status classify_connect_error(const std::string& message);

// Connects for a fleet job; throws Error as db::Database does. connect_timeout unless the DSN has
// one; statement_timeout: --statement-timeout when given, else the command's default unless the
// session already has one (DSN options, role or database setting).
std::unique_ptr<db::Database> connect(const Target& t, const Limits& limits);

// Reads the row of `check`, `report` and `status`.
Row inspect(const Target& t, const InspectOptions& o);

// The error of a fleet job as a row status and reason (connection, SQL, timeout, other).
void record_exception(Row& row, const std::exception_ptr& e, const Limits& limits);

// Whether `db` reaches PostgreSQL through a pooler in transaction (or statement) mode, where
// consecutive transactions of one client may run on different server sessions. Opens one more
// connection with the same conninfo: in a direct session its backend pid can never be the pid of
// the first, still open session; behind such a pooler it is, when the second client's
// transaction gets the server connection the first one just released (and the first one's
// next statement then runs in another server session). Returns "" or the reason to refuse.
std::string transaction_pooler_probe(db::Database& db, const Target& t, const Limits& limits);

// The migration state (applied rows, head; with files: pending/changed/missing/out of order).
MigrationState read_migration_state(db::Database& db, const std::vector<migrations::MigrationFile>* files);

}  // namespace sg::fleet

#include "db/lock.hpp"

#include <thread>

namespace sg::db {

std::string describe_lock_holder(Database& db) {
  auto r = db.exec_params(
      "SELECT a.pid, coalesce(a.usename::text, '?'), coalesce(nullif(a.application_name, ''), '?'), "
      "coalesce(host(a.client_addr), 'local'), "
      "coalesce(extract(epoch FROM now() - a.backend_start)::bigint, 0) "
      "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
      "(SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
      "AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 1",
      std::to_string((uint64_t)kMigrationLockKey >> 32), std::to_string((uint64_t)kMigrationLockKey & 0xFFFFFFFFu));
  if (r.empty()) return "another session";
  const auto& row = r[0];
  return std::string("pid ") + row[0].c_str() + " (user " + row[1].c_str() + ", application " + row[2].c_str() +
         ", from " + row[3].c_str() + ", connected " + row[4].c_str() + " s ago)";
}

MigrationLock::MigrationLock(Database& db, std::chrono::milliseconds timeout, const Console& console) : db_(db) {
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  auto delay = std::chrono::milliseconds(20);
  bool announced = false;
  for (;;) {
    auto r = db_.exec_params("SELECT pg_catalog.pg_try_advisory_lock($1)", kMigrationLockKey);
    if (r[0][0].as<bool>()) {
      if (announced) console.debug("got the migration lock");
      return;
    }
    auto waited = clock::now() - start;
    if (waited >= timeout) {
      throw Error(kExitError, "could not get the migration lock of " + db_.describe() + " within " +
                                  std::to_string(timeout.count() / 1000.0).substr(0, 5) + " s: held by " +
                                  describe_lock_holder(db_) + " (see --lock-timeout)");
    }
    if (!announced) {
      announced = true;
      if (!console.quiet)
        std::fprintf(stderr, "%swaiting for the migration lock, held by %s\n", console.prefix.c_str(),
                     describe_lock_holder(db_).c_str());
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - waited);
    std::this_thread::sleep_for(std::min(delay, left));
    delay = std::min(delay * 2, std::chrono::milliseconds(250));
  }
}

MigrationLock::~MigrationLock() {
  try {
    db_.exec_params("SELECT pg_catalog.pg_advisory_unlock($1)", kMigrationLockKey);
  } catch (...) {
    // connection gone: the server released the session lock already
  }
}

}  // namespace sg::db

// One migrator per database: a session-level advisory lock, taken by polling pg_try_advisory_lock
// in autocommit (a blocking pg_advisory_lock would sit in a transaction that CREATE INDEX
// CONCURRENTLY of the lock holder waits for: a deadlock).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "support/common.hpp"

namespace sg::db {

// "SGMIGRAT" as a 64-bit key; visible in pg_locks as classid 0x53474D49, objid 0x47524154, objsubid 1.
constexpr int64_t kMigrationLockKey = 0x53474D4947524154LL;

// Who holds the lock, for messages ("pid 123, user postgres, application schemaguard, running for 3 s").
std::string describe_lock_holder(Database& db);

class MigrationLock {
 public:
  // Polls until the lock is held or timeout passes (throws Error(kExitError) naming the holder).
  MigrationLock(Database& db, std::chrono::milliseconds timeout, const Console& console);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  Database& db_;
};

}  // namespace sg::db

// The commit-time check: judges exactly the tables DDL touched in this transaction.
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "catalog.hpp"
#include "config.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"

namespace schemaguard {
namespace {

// The tables behind the touched relations (the typed tables of an altered composite
// type, the tables with columns of an altered domain too), plus inheritance children,
// which an ALTER TABLE on their parent changes too. Dropped relations resolve to nothing.
std::vector<ObjectId> touched_tables() {
  std::vector<ObjectId> tables;
  std::unordered_set<ObjectId> seen;
  for (ObjectId relid : touched_relations().relations()) {
    check_for_interrupts();
    std::vector<ObjectId> owners = typed_tables(relid);
    for (ObjectId table : domain_tables(relid)) owners.push_back(table);
    if (ObjectId table = owning_table(relid)) owners.push_back(table);
    for (ObjectId table : owners) {
      if (!seen.insert(table).second) continue;
      tables.push_back(table);
      for (ObjectId child : inheritance_children(table))
        if (seen.insert(child).second) tables.push_back(child);
    }
  }
  return tables;
}

constexpr const char* kRestoreHint =
    "-- Restoring a dump? pg_dump adds primary keys and indexes after CREATE TABLE: restore in one "
    "transaction into a database without schemaguard (psql -1 -v ON_ERROR_STOP=1 -f dump.sql, or "
    "pg_restore --single-transaction --exit-on-error). A schema-only dump (pg_dump -s) has no waivers, "
    "classes or presets: restore it with PGOPTIONS='-c schemaguard.mode=warn' (superuser), then check "
    "schemaguard.violations().";

void warn(const Violation& violation) {
  std::string message = "schemaguard: " + violation.detail_line();
  pg_call([&] {
    ereport(WARNING, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION), errmsg("%s", message.c_str()),
                      violation.hint.empty() ? 0 : errhint("%s", violation.hint.c_str())));
  });
}

}  // namespace

void run_pending_checks() {
  Mode mode = current_mode();
  if (mode == Mode::kOff) return;
  std::vector<ObjectId> tables = touched_tables();
  if (tables.empty()) return;
  Config config = load_config(&tables);

  std::vector<Violation> blocking;
  for (TableShape& table : read_tables(tables)) {
    check_for_interrupts();
    for (Violation& violation : judge(table, config)) {
      check_for_interrupts();
      if (violation.status != Status::kOpen) continue;
      if (mode == Mode::kWarn || violation.severity != Severity::kError) {
        warn(violation);
        continue;
      }
      blocking.push_back(std::move(violation));
    }
  }
  if (blocking.empty()) return;
  Rejection rejection = describe_rejection(blocking, kRejectionLines);
  // pg_dump and pg_restore sessions turn check_function_bodies off: say how to restore.
  if (!pg_call([] { return check_function_bodies; }))
    rejection.hint = std::string(kRestoreHint) + (rejection.hint.empty() ? "" : "\n") + rejection.hint;
  throw GuardError(ERRCODE_INVALID_OBJECT_DEFINITION, rejection.message, rejection.detail, rejection.hint);
}

}  // namespace schemaguard

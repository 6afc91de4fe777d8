// The commit-time check: judges exactly the tables DDL touched in this transaction.
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "catalog.hpp"
#include "citus.hpp"
#include "config.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"
#include "temp_dependencies.hpp"

extern "C" {
#include "storage/lmgr.h"
}

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
    // Temporary relations (recorded by the object access hook) are never in scope.
    // (A relation dropped since, like the transient heap of a table rewrite, is skipped below.)
    bool temporary = pg_call([&] {
      HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
      if (!HeapTupleIsValid(tuple)) return false;
      bool is_temp = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->relpersistence == RELPERSISTENCE_TEMP;
      ReleaseSysCache(tuple);
      return is_temp;
    });
    if (temporary) continue;
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

// Locks each table in ShareUpdateExclusiveLock before it is read, so that the check sees
// what concurrent transactions commit to it: the lock conflicts with every DDL lock on
// the table (not with DML), waits for those transactions to end, and accepts their
// invalidations, so the catalog read afterwards is current. ALTER INDEX ... RENAME locks
// only the index: that transaction's check waits here for one that changes the table
// (ALTER TABLE ... RENAME COLUMN) and then judges the index against the new column name.
// Skipped where this transaction already holds that mode or a stronger one: the lock
// already excludes concurrent DDL, and two CREATE INDEX (each holding ShareLock) would
// otherwise deadlock. Tables only, never indexes, in OID order.
void lock_for_check(std::vector<ObjectId> tables) {
  std::sort(tables.begin(), tables.end());
  for (ObjectId relid : tables) {
    pg_call([&] {
      LOCKTAG tag;
      SET_LOCKTAG_RELATION(tag, MyDatabaseId, relid);
      for (LOCKMODE mode = ShareUpdateExclusiveLock; mode <= AccessExclusiveLock; ++mode)
        if (LockHeldByMe(&tag, mode)) return;
      LockRelationOid(relid, ShareUpdateExclusiveLock);
    });
  }
}

// A table may not depend on a temporary object (temp_dependencies.cpp).
void check_temp_dependencies(const std::vector<TableShape>& shapes, Mode mode) {
  for (const TableShape& table : shapes) {
    std::optional<TempDependency> found = find_temp_dependency(table.oid);
    if (!found) continue;
    std::string message = "schemaguard: " + found->dependent + " depends on temporary " + found->temporary;
    std::string detail =
        "A temporary object is dropped at the end of its session or transaction, and the drop cascades to "
        "what depends on it in table " +
        table.qualified_name + ", unchecked.";
    std::string hint = "Use a permanent " + found->temporary.substr(0, found->temporary.find(' ')) +
                       " instead, or make the table temporary.";
    if (mode == Mode::kEnforce) throw GuardError(ERRCODE_INVALID_OBJECT_DEFINITION, message, detail, hint);
    pg_call([&] {
      ereport(WARNING, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION), errmsg("%s", message.c_str()),
                        errdetail("%s", detail.c_str()), errhint("%s", hint.c_str())));
    });
  }
}

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
  // The library is loaded in every database; only where the extension is does it judge.
  if (!extension_installed()) return;
  std::vector<ObjectId> touched = touched_tables();
  if (touched.empty()) return;
  CitusCommitPlan plan = plan_citus_commit(touched);  // without Citus: every table, as it is
  if (plan.tables.empty()) return;
  lock_for_check(plan.tables);
  std::vector<ObjectId> tables = plan.tables;
  for (const auto& [relid, form] : plan.logical_forms)
    if (form.logical != 0) tables.push_back(form.logical);  // its waivers and baseline apply
  Config config = load_config(&tables);

  std::vector<TableShape> shapes = read_tables(plan.tables, false, &config.parameters);
  check_temp_dependencies(shapes, mode);
  std::vector<Violation> blocking;
  for (TableShape& table : shapes) {
    check_for_interrupts();
    auto found = plan.logical_forms.find(table.oid);
    const LogicalForm* form = found == plan.logical_forms.end() ? nullptr : &found->second;
    const TableShape shard = form ? table : TableShape{};
    if (form) apply_logical_form(table, *form);
    for (Violation& violation : judge(table, config)) {
      check_for_interrupts();
      if (form) attribute_to_shard(violation, *form, shard);
      if (violation.status != Status::kOpen || violation.report_only) continue;
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

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

namespace schemaguard {
namespace {

// The tables behind the touched relations (the typed tables of an altered composite
// type too), plus inheritance children, which an ALTER TABLE on their parent changes
// too. Dropped relations resolve to nothing.
std::vector<ObjectId> touched_tables() {
  std::vector<ObjectId> tables;
  std::unordered_set<ObjectId> seen;
  for (ObjectId relid : touched_relations().relations()) {
    std::vector<ObjectId> owners = typed_tables(relid);
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
  std::vector<ObjectId> touched = touched_tables();
  if (touched.empty()) return;
  CitusCommitPlan plan = plan_citus_commit(touched);  // without Citus: every table, as it is
  if (plan.tables.empty()) return;
  std::vector<ObjectId> tables = plan.tables;
  for (const auto& [relid, form] : plan.logical_forms)
    if (form.logical != 0) tables.push_back(form.logical);  // its waivers and baseline apply
  Config config = load_config(&tables);

  std::vector<Violation> blocking;
  for (TableShape& table : read_tables(plan.tables, false)) {
    auto found = plan.logical_forms.find(table.oid);
    const LogicalForm* form = found == plan.logical_forms.end() ? nullptr : &found->second;
    const TableShape shard = form ? table : TableShape{};
    if (form) apply_logical_form(table, *form);
    for (Violation& violation : judge(table, config)) {
      if (form) attribute_to_shard(violation, *form, shard);
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
  throw GuardError(ERRCODE_INVALID_OBJECT_DEFINITION, rejection.message, rejection.detail, rejection.hint);
}

}  // namespace schemaguard

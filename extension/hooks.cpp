// Hooks that see DDL no event trigger reports (they need shared_preload_libraries):
//
//  * object_access_hook: every relation created, whatever created it. EXPLAIN ANALYZE
//    CREATE TABLE AS / SELECT INTO / EXECUTE of a prepared SELECT INTO creates a table
//    without ddl_command_end; the hook records it all the same.
//  * ProcessUtility_hook: REINDEX, which fires no event trigger and can turn an INVALID
//    index (never blocking, see index_naming) into a valid one that must be judged.
//    REINDEX TABLE/INDEX runs in the caller's transaction: its table is recorded and
//    judged at commit. The forms that commit on their own (REINDEX INDEX CONCURRENTLY,
//    REINDEX SCHEMA/DATABASE) cannot be judged before their effect is committed, so they
//    are refused when they would make an INVALID index of a table in scope valid.
//
// Both run their C++ inside guarded(); the PostgreSQL code they chain to is called from
// the hook's own frame, where no C++ object is alive.
#include <string>
#include <vector>

#include "catalog.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"

extern "C" {
#include "catalog/index.h"
#include "catalog/objectaccess.h"
#include "commands/defrem.h"
#include "commands/trigger.h"
#include "tcop/utility.h"
}

namespace schemaguard {
namespace {

object_access_hook_type previous_object_access = nullptr;
ProcessUtility_hook_type previous_utility = nullptr;

// Like the event triggers, the hooks stand aside where schemaguard is off and under
// session_replication_role = replica (both superuser-only settings).
bool hooks_active() {
  return current_mode() != Mode::kOff && SessionReplicationRole != SESSION_REPLICATION_ROLE_REPLICA;
}

void on_object_access(ObjectAccessType access, Oid class_id, Oid object_id, int sub_id, void* arg) {
  if (previous_object_access) previous_object_access(access, class_id, object_id, sub_id, arg);
  // A new relation (sub_id 0) or a column added to one: a vector append, no catalog access.
  if (access == OAT_POST_CREATE && class_id == RelationRelationId && hooks_active() && IsTransactionState())
    guarded([&] { remember_relation(object_id); });
}

bool reindex_concurrently(const ReindexStmt* statement) {
  return pg_call([&] {
    bool concurrently = false;
    ListCell* cell;
    foreach (cell, statement->params) {
      DefElem* option = lfirst_node(DefElem, cell);
      if (strcmp(option->defname, "concurrently") == 0) concurrently = defGetBoolean(option);
    }
    return concurrently;
  });
}

// Tables with an INVALID index, in one schema or (InvalidOid) anywhere.
std::vector<ObjectId> tables_with_invalid_indexes(Oid namespace_oid) {
  std::vector<ObjectId> tables;
  pg_call([&] {
    Relation relation = table_open(IndexRelationId, AccessShareLock);
    SysScanDesc scan = systable_beginscan(relation, InvalidOid, false, NULL, 0, NULL);
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
      auto* form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
      if (form->indisvalid) continue;
      if (OidIsValid(namespace_oid) && get_rel_namespace(form->indrelid) != namespace_oid) continue;
      tables.push_back(form->indrelid);
    }
    systable_endscan(scan);
    table_close(relation, AccessShareLock);
  });
  return tables;
}

// Refuses a REINDEX that commits on its own when it would make one of these INVALID
// indexes (of tables in scope; only_index: just that one) valid unchecked.
void refuse_if_invalid(const std::vector<ObjectId>& tables, const std::string& command,
                       const std::string& only_index = {}) {
  std::vector<std::string> invalid;
  for (const TableShape& table : read_tables(tables))
    for (const Index& index : table.indexes)
      if (!index.valid && (only_index.empty() || index.name == only_index))
        invalid.push_back(index.quoted_name);
  if (invalid.empty()) return;
  std::string list, drops;
  for (std::size_t i = 0; i < invalid.size(); ++i) {
    if (i == 20) {
      list += " and " + std::to_string(invalid.size() - 20) + " more";
      break;
    }
    list += (i ? ", " : "") + invalid[i];
    drops += (i ? " " : "") + std::string("DROP INDEX CONCURRENTLY ") + invalid[i] + ";";
  }
  throw GuardError(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
                   "schemaguard: " + command + " would make INVALID index " + list +
                       " valid in a transaction of its own, unchecked",
                   "An INVALID index is left by a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY; "
                   "it never blocks a commit, but once valid it is judged like any index.",
                   "Drop it and create it again (" + drops +
                       "), or rebuild it with REINDEX INDEX or REINDEX TABLE without CONCURRENTLY: both are "
                       "judged at commit.");
}

// Before a REINDEX runs: records its table, or refuses it (see the file comment).
void before_reindex(const ReindexStmt* statement) {
  if (!extension_installed()) return;
  bool concurrently = reindex_concurrently(statement);
  switch (statement->kind) {
    case REINDEX_OBJECT_INDEX: {
      Oid index = pg_call([&] { return RangeVarGetRelid(statement->relation, NoLock, true); });
      if (!OidIsValid(index)) return;  // PostgreSQL reports it
      Oid table = pg_call([&] { return IndexGetRelation(index, true); });
      if (!OidIsValid(table)) return;
      if (!concurrently) {
        remember_relation(table);
        return;
      }
      bool valid = pg_call([&] { return get_index_isvalid(index); });
      if (!valid) {
        char* name = pg_call([&] { return get_rel_name(index); });
        if (name == nullptr) return;  // dropped meanwhile: PostgreSQL reports it
        refuse_if_invalid({table}, "REINDEX INDEX CONCURRENTLY", name);
      }
      return;
    }
    case REINDEX_OBJECT_TABLE: {
      // CONCURRENTLY skips INVALID indexes; the copies it creates are recorded by the
      // object access hook.
      if (concurrently) return;
      Oid table = pg_call([&] { return RangeVarGetRelid(statement->relation, NoLock, true); });
      if (OidIsValid(table)) remember_relation(table);
      return;
    }
    case REINDEX_OBJECT_SCHEMA: {
      if (concurrently) return;  // skips INVALID indexes
      Oid namespace_oid = pg_call([&] { return get_namespace_oid(statement->name, true); });
      if (!OidIsValid(namespace_oid)) return;
      refuse_if_invalid(tables_with_invalid_indexes(namespace_oid), "REINDEX SCHEMA");
      return;
    }
    case REINDEX_OBJECT_DATABASE:
      if (concurrently) return;
      refuse_if_invalid(tables_with_invalid_indexes(InvalidOid), "REINDEX DATABASE");
      return;
    case REINDEX_OBJECT_SYSTEM:  // system catalogs only: out of scope
      return;
  }
}

void on_utility(PlannedStmt* planned, const char* query, bool read_only_tree, ProcessUtilityContext context,
                ParamListInfo params, QueryEnvironment* environment, DestReceiver* destination,
                QueryCompletion* completion) {
  Node* statement = planned->utilityStmt;
  if (statement != nullptr && IsA(statement, ReindexStmt) && hooks_active())
    guarded([&] { before_reindex(castNode(ReindexStmt, statement)); });
  if (previous_utility)
    previous_utility(planned, query, read_only_tree, context, params, environment, destination, completion);
  else
    standard_ProcessUtility(planned, query, read_only_tree, context, params, environment, destination,
                            completion);
}

}  // namespace

void install_hooks() {
  previous_object_access = object_access_hook;
  object_access_hook = on_object_access;
  previous_utility = ProcessUtility_hook;
  ProcessUtility_hook = on_utility;
}

}  // namespace schemaguard

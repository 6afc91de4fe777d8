// Hooks that see DDL no event trigger reports (they need shared_preload_libraries):
//
//  * object_access_hook: every relation created, whatever created it. EXPLAIN ANALYZE
//    CREATE TABLE AS / SELECT INTO / EXECUTE of a prepared SELECT INTO creates a table
//    without ddl_command_end; the hook records it all the same.
//  * ProcessUtility_hook: REINDEX, which fires no event trigger and can turn an INVALID
//    index (never blocking, see index_naming) into a valid one that must be judged.
//    REINDEX TABLE/INDEX runs in the caller's transaction: its table is recorded (when
//    the rebuild can make an INVALID index valid) and judged at commit. The forms that commit on their own (REINDEX
//    INDEX CONCURRENTLY, REINDEX SCHEMA/DATABASE) cannot be judged before their effect is committed, so they are
//    refused when they would make an INVALID index of a table in scope valid. TRUNCATE, CLUSTER and VACUUM FULL rebuild
//    every index of their tables, and a rebuild marks an INVALID (non-unique) index valid: TRUNCATE and CLUSTER of a
//    table run in the caller's transaction and record the tables that have one; VACUUM FULL and CLUSTER of every table
//    commit table by table and are refused over one.
//
// Both run their C++ inside guarded(); the PostgreSQL code they chain to is called from
// the hook's own frame, where no C++ object is alive.
#include <algorithm>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "catalog_scan.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"

extern "C" {
#include "catalog/heap.h"
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

// Whether a list of DefElem options sets this boolean option.
bool option_set(List* options, const char* name) {
  return pg_call([&] {
    bool set = false;
    ListCell* cell;
    foreach (cell, options) {
      DefElem* option = lfirst_node(DefElem, cell);
      if (strcmp(option->defname, name) == 0) set = defGetBoolean(option);
    }
    return set;
  });
}

bool reindex_concurrently(const ReindexStmt* statement) { return option_set(statement->params, "concurrently"); }

// Tables with an INVALID index, in one schema or (InvalidOid) anywhere; with
// only_clustered, only tables that also have an index marked for CLUSTER.
std::vector<ObjectId> tables_with_invalid_indexes(Oid namespace_oid, bool only_clustered = false) {
  std::vector<ObjectId> tables;
  std::vector<ObjectId> clustered;
  scan_catalog(IndexRelationId, InvalidOid, nullptr, 0, [&](HeapTuple tuple, TupleDesc) {
    auto* form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
    if (form->indisclustered) clustered.push_back(form->indrelid);
    if (form->indisvalid) return;
    Oid table = form->indrelid;
    if (OidIsValid(namespace_oid) && pg_call([&] { return get_rel_namespace(table); }) != namespace_oid) return;
    tables.push_back(table);
  });
  if (!only_clustered) return tables;
  std::vector<ObjectId> both;
  for (ObjectId table : tables)
    if (std::find(clustered.begin(), clustered.end(), table) != clustered.end()) both.push_back(table);
  return both;
}

// Whether a table has an INVALID index (pg_index by indrelid).
bool has_invalid_index(Oid table) {
  bool found = false;
  ScanKeyData key;
  ScanKeyInit(&key, Anum_pg_index_indrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(table));
  scan_catalog(IndexRelationId, IndexIndrelidIndexId, &key, 1, [&](HeapTuple tuple, TupleDesc) {
    found = found || !reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple))->indisvalid;
  });
  return found;
}

Oid relation_of(RangeVar* name) {
  return pg_call([&] { return name ? RangeVarGetRelid(name, NoLock, true) : InvalidOid; });
}

// Refuses a REINDEX that commits on its own when it would make one of these INVALID
// indexes (of tables in scope; only_index: just that one) valid unchecked.
void refuse_if_invalid(const std::vector<ObjectId>& tables, const std::string& command,
                       const std::string& only_index = {}) {
  std::vector<std::string> invalid;
  for (const TableShape& table : read_tables(tables))
    for (const Index& index : table.indexes)
      if (!index.valid && (only_index.empty() || index.name == only_index)) invalid.push_back(index.quoted_name);
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
  throw GuardError(
      ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
      "schemaguard: " + command + " would make INVALID index " + list + " valid in a transaction of its own, unchecked",
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
      bool valid = pg_call([&] { return get_index_isvalid(index); });
      if (!concurrently) {
        if (!valid) remember_relation(table);
        return;
      }
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
      if (OidIsValid(table) && has_invalid_index(table)) remember_relation(table);
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

// TRUNCATE rebuilds the indexes of the tables it names, their inheritance children and
// (CASCADE) the tables referencing them, in the caller's transaction: those with an
// INVALID index are recorded and judged at commit.
void before_truncate(const TruncateStmt* statement) {
  if (!extension_installed()) return;
  std::vector<ObjectId> tables;
  pg_call([&] {
    List* relids = NIL;
    ListCell* cell;
    foreach (cell, statement->relations) {
      RangeVar* name = lfirst_node(RangeVar, cell);
      Oid relid = RangeVarGetRelid(name, NoLock, true);
      if (!OidIsValid(relid)) continue;
      relids = list_append_unique_oid(relids, relid);
      if (name->inh && has_subclass(relid))
        relids = list_concat_unique_oid(relids, find_all_inheritors(relid, NoLock, NULL));
    }
    if (statement->behavior == DROP_CASCADE) {
      for (List* added = heap_truncate_find_FKs(relids); added != NIL; added = heap_truncate_find_FKs(relids)) {
        int before = list_length(relids);
        relids = list_concat_unique_oid(relids, added);
        if (list_length(relids) == before) break;
      }
    }
    foreach (cell, relids) tables.push_back(lfirst_oid(cell));
  });
  for (ObjectId table : tables)
    if (has_invalid_index(table)) remember_relation(table);
}

// CLUSTER of one table runs in the caller's transaction (recorded if the rebuild can make
// an INVALID index valid); CLUSTER of every clustered table commits table by table.
void before_cluster(const ClusterStmt* statement) {
  if (!extension_installed()) return;
  if (statement->relation == nullptr) {
    refuse_if_invalid(tables_with_invalid_indexes(InvalidOid, true), "CLUSTER");
    return;
  }
  Oid table = relation_of(statement->relation);
  if (OidIsValid(table) && has_invalid_index(table)) remember_relation(table);
}

// VACUUM FULL commits table by table.
void before_vacuum(const VacuumStmt* statement) {
  if (!statement->is_vacuumcmd || !option_set(statement->options, "full")) return;
  if (!extension_installed()) return;
  if (statement->rels == NIL) {
    refuse_if_invalid(tables_with_invalid_indexes(InvalidOid), "VACUUM FULL");
    return;
  }
  std::vector<ObjectId> tables;
  pg_call([&] {
    ListCell* cell;
    foreach (cell, statement->rels) {
      VacuumRelation* target = lfirst_node(VacuumRelation, cell);
      Oid relid = OidIsValid(target->oid) ? target->oid : RangeVarGetRelid(target->relation, NoLock, true);
      if (OidIsValid(relid)) tables.push_back(relid);
    }
  });
  refuse_if_invalid(tables, "VACUUM FULL");
}

void before_utility(Node* statement) {
  switch (nodeTag(statement)) {
    case T_ReindexStmt:
      before_reindex(castNode(ReindexStmt, statement));
      return;
    case T_TruncateStmt:
      before_truncate(castNode(TruncateStmt, statement));
      return;
    case T_ClusterStmt:
      before_cluster(castNode(ClusterStmt, statement));
      return;
    case T_VacuumStmt:
      before_vacuum(castNode(VacuumStmt, statement));
      return;
    default:
      return;
  }
}

void on_utility(PlannedStmt* planned, const char* query, bool read_only_tree, ProcessUtilityContext context,
                ParamListInfo params, QueryEnvironment* environment, DestReceiver* destination,
                QueryCompletion* completion) {
  Node* statement = planned->utilityStmt;
  if (statement != nullptr &&
      (IsA(statement, ReindexStmt) || IsA(statement, TruncateStmt) || IsA(statement, ClusterStmt) ||
       IsA(statement, VacuumStmt)) &&
      hooks_active())
    guarded([&] { before_utility(statement); });
  if (previous_utility)
    previous_utility(planned, query, read_only_tree, context, params, environment, destination, completion);
  else
    standard_ProcessUtility(planned, query, read_only_tree, context, params, environment, destination, completion);
}

}  // namespace

void install_hooks() {
  previous_object_access = object_access_hook;
  object_access_hook = on_object_access;
  previous_utility = ProcessUtility_hook;
  ProcessUtility_hook = on_utility;
}

}  // namespace schemaguard

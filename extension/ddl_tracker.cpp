// The event triggers: remember which tables each DDL command touched, to be
// judged once before commit (commit_check.cpp).
#include <string>
#include <utility>
#include <vector>

#include "citus.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"

extern "C" {
#include "parser/parse_func.h"
}

extern "C" {
PG_FUNCTION_INFO_V1(schemaguard_ddl_command_end);
PG_FUNCTION_INFO_V1(schemaguard_sql_drop);
PG_FUNCTION_INFO_V1(schemaguard_ddl_command_start);
}

namespace schemaguard {

TouchedRelations& touched_relations() {
  static TouchedRelations relations;
  return relations;
}

void remember_relation(unsigned int relid) { touched_relations().add(GetCurrentSubTransactionId(), relid); }

bool extension_installed() {
  return pg_call([] { return OidIsValid(get_extension_oid("schemaguard", true)); });
}

namespace {

// Calls a set-returning event trigger support function (pg_event_trigger_ddl_commands,
// pg_event_trigger_dropped_objects) directly, in materialize mode, and hands each row
// to on_row. Avoids SPI's parse and plan on every DDL statement.
// Calls its callback inside pg_call: on_row calls PostgreSQL and holds no C++ value
// (scripts/check-pg-calls.py checks the lambdas given here).
template <typename OnRow>
void for_each_row(Oid function_oid, OnRow&& on_row) {
  pg_call([&] {
    FmgrInfo flinfo;
    fmgr_info(function_oid, &flinfo);
    ExprContext* econtext = CreateStandaloneExprContext();
    ReturnSetInfo rsinfo;
    MemSet(&rsinfo, 0, sizeof(rsinfo));
    rsinfo.type = T_ReturnSetInfo;
    rsinfo.econtext = econtext;
    rsinfo.allowedModes = SFRM_Materialize;
    rsinfo.returnMode = SFRM_Materialize;
    LOCAL_FCINFO(call, 0);
    InitFunctionCallInfoData(*call, &flinfo, 0, InvalidOid, NULL, reinterpret_cast<Node*>(&rsinfo));
    FunctionCallInvoke(call);
    if (rsinfo.setResult) {
      TupleTableSlot* slot = MakeSingleTupleTableSlot(rsinfo.setDesc, &TTSOpsMinimalTuple);
      while (tuplestore_gettupleslot(rsinfo.setResult, true, false, slot)) on_row(slot);
      ExecDropSingleTupleTableSlot(slot);
      tuplestore_end(rsinfo.setResult);
    }
    FreeExprContext(econtext, true);
  });
}

void remember(Oid relid) { remember_relation(relid); }

void check_called_as_event_trigger(FunctionCallInfo fcinfo) {
  if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
    throw GuardError(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                     "schemaguard: function can only be called as an event trigger");
}

// For objects that belonged to a table (a column's default, a constraint), the
// table's schema and name are the first two address names.
// Runs inside pg_call (a callback of for_each_row): PostgreSQL only.
Oid table_of_address(TupleTableSlot* slot) {
  bool is_null = false;
  Datum names = slot_getattr(slot, 11, &is_null);
  if (is_null) return InvalidOid;
  Datum* items;
  bool* nulls;
  int count;
  deconstruct_array(DatumGetArrayTypeP(names), TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &count);
  if (count < 2 || nulls[0] || nulls[1]) return InvalidOid;
  Oid namespace_oid = get_namespace_oid(TextDatumGetCString(items[0]), true);
  if (!OidIsValid(namespace_oid)) return InvalidOid;
  return get_relname_relid(TextDatumGetCString(items[1]), namespace_oid);
}

// Tables a command changes without reporting them as its object: the partition an
// ALTER TABLE ... DETACH PARTITION turns into a table of its own, and the table an
// ALTER EXTENSION ... ADD/DROP TABLE adds to or releases from its extension (a member
// of an extension not owned by a superuser stays in scope, SPEC §2).
// detached receives (partition, parent) pairs.
void collect_from_parsetree(Node* parsetree, std::vector<Oid>& relids, std::vector<std::pair<Oid, Oid>>& detached) {
  pg_call([&] {
    if (parsetree == nullptr) return;
    if (IsA(parsetree, AlterTableStmt)) {
      Oid parent = RangeVarGetRelid(castNode(AlterTableStmt, parsetree)->relation, NoLock, true);
      ListCell* cell;
      foreach (cell, castNode(AlterTableStmt, parsetree)->cmds) {
        AlterTableCmd* command = lfirst_node(AlterTableCmd, cell);
        if (command->subtype != AT_DetachPartition && command->subtype != AT_DetachPartitionFinalize) continue;
        Oid relid = RangeVarGetRelid(castNode(PartitionCmd, command->def)->name, NoLock, true);
        if (!OidIsValid(relid)) continue;
        relids.push_back(relid);
        if (OidIsValid(parent)) detached.emplace_back(relid, parent);
      }
    } else if (IsA(parsetree, AlterExtensionContentsStmt)) {
      auto* statement = castNode(AlterExtensionContentsStmt, parsetree);
      if (statement->objtype != OBJECT_TABLE) return;
      RangeVar* table = makeRangeVarFromNameList(castNode(List, statement->object));
      Oid relid = RangeVarGetRelid(table, NoLock, true);
      if (OidIsValid(relid)) relids.push_back(relid);
    }
  });
}

// The indexes a partition about to be detached has as partitions of its parent's
// indexes (relispartition): PostgreSQL named them, and DETACH PARTITION forgets the link.
// Read at ddl_command_start, used at ddl_command_end of the same command.
struct PartitionIndexes {
  Oid partition;
  std::vector<std::string> names;
};
std::vector<PartitionIndexes>& pending_partition_indexes() {
  static std::vector<PartitionIndexes> pending;
  return pending;
}

std::vector<std::string> attached_index_names(Oid partition) {
  std::vector<Oid> indexes;
  pg_call([&] {
    Relation relation = try_table_open(partition, AccessShareLock);
    if (relation == nullptr) return;
    List* index_list = RelationGetIndexList(relation);
    table_close(relation, AccessShareLock);
    ListCell* cell;
    foreach (cell, index_list) indexes.push_back(lfirst_oid(cell));
  });
  std::vector<std::string> names;
  for (Oid index : indexes) {
    char* name = pg_call([&]() -> char* { return get_rel_relispartition(index) ? get_rel_name(index) : nullptr; });
    if (name != nullptr) names.push_back(name);
  }
  return names;
}

// A detached partition keeps its parent's class, waivers and key requirement
// (schemaguard.record_detached_partition, 0.4.0). Called directly, so that it runs as its
// SECURITY DEFINER owner whatever the user's EXECUTE privilege (revoked from PUBLIC).
void record_detached(const std::vector<std::pair<Oid, Oid>>& detached) {
  if (detached.empty()) return;
  std::vector<std::vector<std::string>> index_names;
  for (const auto& pair : detached) {
    index_names.emplace_back();
    for (const PartitionIndexes& entry : pending_partition_indexes())
      if (entry.partition == pair.first) index_names.back() = entry.names;
  }
  pending_partition_indexes().clear();
  for (std::size_t i = 0; i < detached.size(); ++i) {
    Oid partition = detached[i].first, parent = detached[i].second;
    std::vector<const char*> texts;
    for (const std::string& name : index_names[i]) texts.push_back(name.c_str());
    const char* const* text_items = texts.data();
    int count = static_cast<int>(texts.size());
    pg_call([&] {
      Oid arguments[3] = {REGCLASSOID, REGCLASSOID, TEXTARRAYOID};
      List* name = list_make2(makeString(pstrdup("schemaguard")), makeString(pstrdup("record_detached_partition")));
      Oid function = LookupFuncName(name, 3, arguments, true);
      if (!OidIsValid(function)) return;  // SQL older than 0.4.0
      Datum* items = static_cast<Datum*>(palloc0(sizeof(Datum) * (count + 1)));
      for (int j = 0; j < count; ++j) items[j] = CStringGetTextDatum(text_items[j]);
      ArrayType* array = construct_array(items, count, TEXTOID, -1, false, TYPALIGN_INT);
      OidFunctionCall3(function, ObjectIdGetDatum(partition), ObjectIdGetDatum(parent), PointerGetDatum(array));
    });
  }
}

}  // namespace
}  // namespace schemaguard

using namespace schemaguard;

// ddl_command_end: every command's object that is a relation (a table, an index,
// a sequence...) is remembered; commit time sorts out which are tables in scope.
extern "C" Datum schemaguard_ddl_command_end(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    check_called_as_event_trigger(fcinfo);
    if (current_mode() == Mode::kOff || citus_superuser_session()) PG_RETURN_NULL();
    std::vector<Oid> relids;
    for_each_row(F_PG_EVENT_TRIGGER_DDL_COMMANDS, [&](TupleTableSlot* slot) {
      bool classid_null = false, objid_null = false;
      Oid classid = DatumGetObjectId(slot_getattr(slot, 1, &classid_null));
      Oid objid = DatumGetObjectId(slot_getattr(slot, 2, &objid_null));
      // A type too (ALTER DOMAIN ... SET NOT NULL): commit_check.cpp maps it to the
      // tables using it (domain_tables).
      if (!classid_null && !objid_null && (classid == RelationRelationId || classid == TypeRelationId))
        relids.push_back(objid);
    });
    std::vector<std::pair<Oid, Oid>> detached;
    collect_from_parsetree(reinterpret_cast<EventTriggerData*>(fcinfo->context)->parsetree, relids, detached);
    record_detached(detached);
    for (Oid relid : relids) remember(relid);
    PG_RETURN_NULL();
  });
}

// ddl_command_start (ALTER TABLE only): before DETACH PARTITION, note which indexes of the
// partition PostgreSQL attached to its parent's indexes.
extern "C" Datum schemaguard_ddl_command_start(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    check_called_as_event_trigger(fcinfo);
    pending_partition_indexes().clear();
    if (current_mode() == Mode::kOff) PG_RETURN_NULL();
    std::vector<Oid> relids;
    std::vector<std::pair<Oid, Oid>> detached;
    collect_from_parsetree(reinterpret_cast<EventTriggerData*>(fcinfo->context)->parsetree, relids, detached);
    for (const auto& pair : detached)
      pending_partition_indexes().push_back(PartitionIndexes{pair.first, attached_index_names(pair.first)});
    PG_RETURN_NULL();
  });
}

// sql_drop: a DROP can change a table that survives it: DROP DOMAIN ... CASCADE
// drops columns, DROP FUNCTION ... CASCADE drops defaults.
extern "C" Datum schemaguard_sql_drop(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    check_called_as_event_trigger(fcinfo);
    if (current_mode() == Mode::kOff || citus_superuser_session()) PG_RETURN_NULL();
    std::vector<Oid> relids;
    for_each_row(F_PG_EVENT_TRIGGER_DROPPED_OBJECTS, [&](TupleTableSlot* slot) {
      bool is_null = false;
      Oid classid = DatumGetObjectId(slot_getattr(slot, 1, &is_null));
      Oid objid = DatumGetObjectId(slot_getattr(slot, 2, &is_null));
      int32 objsubid = DatumGetInt32(slot_getattr(slot, 3, &is_null));
      if (classid == RelationRelationId && objsubid != 0) {
        relids.push_back(objid);  // a column of a table
      } else if (classid == AttrDefaultRelationId || classid == ConstraintRelationId) {
        Oid table = table_of_address(slot);
        if (OidIsValid(table)) relids.push_back(table);
      }
    });
    for (Oid relid : relids) remember(relid);
    PG_RETURN_NULL();
  });
}

// The event triggers: remember which tables each DDL command touched, to be
// judged once before commit (commit_check.cpp).
#include <string>
#include <vector>

#include "citus.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"

extern "C" {
PG_FUNCTION_INFO_V1(schemaguard_ddl_command_end);
PG_FUNCTION_INFO_V1(schemaguard_sql_drop);
}

namespace schemaguard {

TouchedRelations& touched_relations() {
  static TouchedRelations relations;
  return relations;
}

namespace {

// Calls a set-returning event trigger support function (pg_event_trigger_ddl_commands,
// pg_event_trigger_dropped_objects) directly, in materialize mode, and hands each row
// to on_row. Avoids SPI's parse and plan on every DDL statement.
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

void remember(Oid relid) {
  touched_relations().add(GetCurrentSubTransactionId(), relid);
}

void check_called_as_event_trigger(FunctionCallInfo fcinfo) {
  if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
    throw GuardError(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                     "schemaguard: function can only be called as an event trigger");
}

// For objects that belonged to a table (a column's default, a constraint), the
// table's schema and name are the first two address names.
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
// ALTER EXTENSION ... DROP TABLE releases from its extension.
void collect_from_parsetree(Node* parsetree, std::vector<Oid>& relids) {
  pg_call([&] {
    if (parsetree == nullptr) return;
    if (IsA(parsetree, AlterTableStmt)) {
      ListCell* cell;
      foreach (cell, castNode(AlterTableStmt, parsetree)->cmds) {
        AlterTableCmd* command = lfirst_node(AlterTableCmd, cell);
        if (command->subtype != AT_DetachPartition && command->subtype != AT_DetachPartitionFinalize) continue;
        Oid relid = RangeVarGetRelid(castNode(PartitionCmd, command->def)->name, NoLock, true);
        if (OidIsValid(relid)) relids.push_back(relid);
      }
    } else if (IsA(parsetree, AlterExtensionContentsStmt)) {
      auto* statement = castNode(AlterExtensionContentsStmt, parsetree);
      if (statement->action >= 0 || statement->objtype != OBJECT_TABLE) return;
      RangeVar* table = makeRangeVarFromNameList(castNode(List, statement->object));
      Oid relid = RangeVarGetRelid(table, NoLock, true);
      if (OidIsValid(relid)) relids.push_back(relid);
    }
  });
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
      if (!classid_null && !objid_null && classid == RelationRelationId) relids.push_back(objid);
    });
    collect_from_parsetree(reinterpret_cast<EventTriggerData*>(fcinfo->context)->parsetree, relids);
    for (Oid relid : relids) remember(relid);
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

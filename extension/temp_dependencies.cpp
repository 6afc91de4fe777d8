// A permanent table in scope may not depend on a temporary object: the temporary
// object is dropped at the end of its session or transaction (ON COMMIT DROP runs after
// the commit-time check), and the drop cascades to what depends on it (a column of the
// temporary row type, the primary key INCLUDEing that column, a default calling a
// pg_temp function) with no event trigger and no check.
//
// Walks pg_depend from the table, its columns and what it owns (defaults, constraints,
// indexes, owned sequences) through the objects they reference. It descends through
// types, functions and composite types (a permanent domain over a temporary type is
// dropped with it), never into other tables, and stops at objects created by initdb.
#include <string>
#include <unordered_set>
#include <vector>

#include "catalog_scan.hpp"
#include "pg_boundary.hpp"
#include "temp_dependencies.hpp"

extern "C" {
#include "access/transam.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_attrdef.h"
}

namespace schemaguard {
namespace {

struct Address {
  Oid class_id;
  Oid object_id;
  int32 sub_id;
};

struct AddressHash {
  std::size_t operator()(const Address& a) const {
    std::uint64_t key = (std::uint64_t(a.class_id) << 32) ^ a.object_id ^ (std::uint64_t(a.sub_id) << 48);
    return std::hash<std::uint64_t>()(key);
  }
};
bool operator==(const Address& a, const Address& b) {
  return a.class_id == b.class_id && a.object_id == b.object_id && a.sub_id == b.sub_id;
}

// One pg_depend row seen from its dependent side.
struct Reference {
  Address dependent;
  Address referenced;
  char type;
};

// The pg_depend rows of (class_id, object_id), any sub_id: what it references.
void references_of(Oid class_id, Oid object_id, std::vector<Reference>& out) {
  ScanKeyData keys[2];
  ScanKeyInit(&keys[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(class_id));
  ScanKeyInit(&keys[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(object_id));
  scan_catalog(DependRelationId, DependDependerIndexId, keys, 2, [&](HeapTuple tuple, TupleDesc) {
    auto* form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
    out.push_back(Reference{{form->classid, form->objid, form->objsubid},
                            {form->refclassid, form->refobjid, form->refobjsubid},
                            form->deptype});
  });
}

// What the table owns: its defaults, constraints, indexes and owned sequences.
std::vector<Address> owned_objects(Oid table) {
  std::vector<Address> owned;
  ScanKeyData keys[2];
  ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
              ObjectIdGetDatum(RelationRelationId));
  ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(table));
  scan_catalog(DependRelationId, DependReferenceIndexId, keys, 2, [&](HeapTuple tuple, TupleDesc) {
    auto* form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
    if (form->deptype != DEPENDENCY_AUTO && form->deptype != DEPENDENCY_INTERNAL) return;
    if (form->classid == AttrDefaultRelationId || form->classid == ConstraintRelationId ||
        form->classid == RelationRelationId)
      owned.push_back(Address{form->classid, form->objid, 0});
  });
  return owned;
}

bool is_temporary(const Address& address) {
  return pg_call([&] {
    if (address.class_id == NamespaceRelationId) return isAnyTempNamespace(address.object_id);
    if (!is_objectclass_supported(address.class_id)) return false;
    ObjectAddress object{address.class_id, address.object_id, 0};
    Oid namespace_oid = get_object_namespace(&object);
    return OidIsValid(namespace_oid) && isAnyTempNamespace(namespace_oid);
  });
}

// Whether the walk continues through this object to what it references.
bool descend_into(const Address& address) {
  if (address.class_id == TypeRelationId || address.class_id == ProcedureRelationId) return true;
  if (address.class_id != RelationRelationId) return false;
  return pg_call([&] { return get_rel_relkind(address.object_id) == RELKIND_COMPOSITE_TYPE; });
}

std::string describe_dependent(const Address& address) {
  const char* text = pg_call([&]() -> const char* {
    ObjectAddress object{address.class_id, address.object_id, address.sub_id};
    return getObjectDescription(&object, true);
  });
  return text ? text : "an object";
}

// "type tt", "function f": without the session's own pg_temp_N schema name.
std::string describe_temporary(const Address& address) {
  const char* text = pg_call([&]() -> const char* {
    ObjectAddress object{address.class_id, address.object_id, 0};
    const char* kind = getObjectTypeDescription(&object, true);
    const char* name = nullptr;
    if (address.class_id == TypeRelationId)
      name = format_type_be(address.object_id);
    else if (address.class_id == ProcedureRelationId)
      name = get_func_name(address.object_id);
    else if (address.class_id == RelationRelationId)
      name = get_rel_name(address.object_id);
    if (name == nullptr)
      name = getObjectDescription(&object, true);
    else if (kind != nullptr)
      name = psprintf("%s %s", kind, name);
    return name;
  });
  return text ? text : "an object";
}

}  // namespace

std::optional<TempDependency> find_temp_dependency(ObjectId table) {
  std::unordered_set<Address, AddressHash> visited;
  struct Pending {
    Address object;
    Address origin;  // the table's column or owned object the walk started from
  };
  std::vector<Pending> pending;
  std::vector<Address> starts = owned_objects(table);
  starts.insert(starts.begin(), Address{RelationRelationId, table, 0});
  for (const Address& start : starts) visited.insert(start);
  std::vector<Reference> references;
  for (const Address& start : starts) {
    references.clear();
    references_of(start.class_id, start.object_id, references);
    for (const Reference& reference : references) pending.push_back(Pending{reference.referenced, reference.dependent});
  }
  while (!pending.empty()) {
    pg_call([] { CHECK_FOR_INTERRUPTS(); });
    Pending item = pending.back();
    pending.pop_back();
    const Address& object = item.object;
    if (object.object_id < FirstNormalObjectId) continue;  // created by initdb
    // Columns of the table itself were walked from the start.
    if (object.class_id == RelationRelationId && object.object_id == table) continue;
    Address whole{object.class_id, object.object_id, 0};
    if (!visited.insert(whole).second) continue;
    if (is_temporary(whole)) return TempDependency{describe_dependent(item.origin), describe_temporary(whole)};
    if (!descend_into(whole)) continue;
    references.clear();
    references_of(whole.class_id, whole.object_id, references);
    for (const Reference& reference : references)
      if (reference.type != DEPENDENCY_EXTENSION && reference.type != DEPENDENCY_AUTO_EXTENSION)
        pending.push_back(Pending{reference.referenced, item.origin});
  }
  return std::nullopt;
}

}  // namespace schemaguard

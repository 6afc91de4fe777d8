#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog.hpp"
#include "citus.hpp"
#include "pg_boundary.hpp"

extern "C" {
#include "utils/ruleutils.h"
}

static_assert(schemaguard::oids::kUuid == UUIDOID);
static_assert(schemaguard::oids::kTimestamp == TIMESTAMPOID);
static_assert(schemaguard::oids::kTimestamptz == TIMESTAMPTZOID);
static_assert(schemaguard::oids::kGenRandomUuid == F_GEN_RANDOM_UUID);
static_assert(schemaguard::oids::kNow == F_NOW);
static_assert(schemaguard::oids::kTransactionTimestamp == F_TRANSACTION_TIMESTAMP);
static_assert(schemaguard::oids::kStatementTimestamp == F_STATEMENT_TIMESTAMP);
static_assert(schemaguard::oids::kClockTimestamp == F_CLOCK_TIMESTAMP);

namespace schemaguard {
namespace {

// Catalog rows as read, before they are joined into shapes.
struct ClassRow {
  Oid oid;
  std::string name;
  Oid namespace_oid;
  char relkind;
  char persistence;
  bool is_partition;
  Oid owner;
};

struct AttributeRow {
  Oid relid;
  Column column;
};

struct DefaultRow {
  Oid relid;
  AttrNumber attnum;
  ColumnDefault value;
};

struct ConstraintRow {
  Oid relid;
  char type;
  std::string name;
  std::vector<AttrNumber> key;
  std::vector<AttrNumber> set_null_columns;
  char delete_action;
  Oid referenced_relid;
  Oid index_oid;
  std::vector<AttrNumber> referenced_key;  // confkey
  char match_type;
  char update_action;
  bool deferrable;
  bool initially_deferred;
  bool validated;
};

struct IndexRow {
  Oid index_oid;
  Oid relid;
  std::vector<AttrNumber> key_columns;
};

struct CatalogRows {
  std::vector<ClassRow> tables;                          // candidate tables
  std::unordered_map<Oid, std::string> relation_names;  // indexes and referenced tables
  std::unordered_map<Oid, Oid> relation_namespaces;
  std::vector<AttributeRow> attributes;
  std::vector<DefaultRow> defaults;
  std::vector<ConstraintRow> constraints;
  std::vector<IndexRow> indexes;
  std::unordered_map<Oid, std::string> namespace_names;
  std::unordered_set<Oid> extension_members;
  CitusMetadata citus;     // empty without Citus
  bool hide_citus = true;  // leave out shards (and on a worker Citus's tables)
};

bool is_system_namespace(const std::string& name) {
  return name == "pg_catalog" || name == "information_schema" || name == "schemaguard" ||
         name.compare(0, 8, "pg_toast") == 0;
}

// One catalog scan, by index when keys are given, else a heap pass.
template <typename OnRow>
void scan_catalog(Oid catalog, Oid index, ScanKeyData* keys, int key_count, OnRow&& on_row) {
  pg_call([&] {
    Relation relation = table_open(catalog, AccessShareLock);
    SysScanDesc scan = systable_beginscan(relation, index, OidIsValid(index), NULL, key_count, keys);
    TupleDesc descriptor = RelationGetDescr(relation);
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) on_row(tuple, descriptor);
    systable_endscan(scan);
    table_close(relation, AccessShareLock);
  });
}

std::vector<AttrNumber> int2_array(HeapTuple tuple, TupleDesc descriptor, int attribute) {
  std::vector<AttrNumber> values;
  bool is_null = false;
  Datum datum = heap_getattr(tuple, attribute, descriptor, &is_null);
  if (is_null) return values;
  ArrayType* array = DatumGetArrayTypeP(datum);
  int count = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
  const int16* items = reinterpret_cast<const int16*>(ARR_DATA_PTR(array));
  values.assign(items, items + count);
  return values;
}

const char* well_known_function_name(Oid function) {
  switch (function) {
    case F_GEN_RANDOM_UUID: return "gen_random_uuid()";
    case F_NOW: return "now()";
    case F_TRANSACTION_TIMESTAMP: return "transaction_timestamp()";
    case F_STATEMENT_TIMESTAMP: return "statement_timestamp()";
    case F_CLOCK_TIMESTAMP: return "clock_timestamp()";
    default: return nullptr;
  }
}

// Classifies a stored default expression (pg_attrdef.adbin) by its node tree.
// Writes into a caller-owned value: this calls PostgreSQL, which may longjmp.
void read_default(const char* adbin, Oid relid, ColumnDefault& result) {
  // Implicit coercions (a typmod change such as timestamptz(3)) do not change what
  // the default computes; the column type is judged separately.
  Node* expression = strip_implicit_coercions(static_cast<Node*>(stringToNode(adbin)));
  if (IsA(expression, FuncExpr) && castNode(FuncExpr, expression)->args == NIL &&
      castNode(FuncExpr, expression)->funcformat == COERCE_EXPLICIT_CALL) {
    Oid function = castNode(FuncExpr, expression)->funcid;
    result.kind = DefaultKind::kFunctionCall;
    result.function_oid = function;
    if (const char* known = well_known_function_name(function)) {
      result.text = known;
      return;
    }
    char* schema = get_namespace_name(get_func_namespace(function));
    char* name = get_func_name(function);
    result.text = quote_qualified_identifier(schema, name);
    result.text += "()";
    return;
  }
  if (IsA(expression, SQLValueFunction)) {
    SQLValueFunctionOp op = castNode(SQLValueFunction, expression)->op;
    if (op == SVFOP_CURRENT_TIMESTAMP || op == SVFOP_CURRENT_TIMESTAMP_N) {
      result.kind = DefaultKind::kCurrentTimestamp;
      result.text = "CURRENT_TIMESTAMP";
      return;
    }
  }
  result.kind = DefaultKind::kOther;
  char* relname = get_rel_name(relid);
  List* context = deparse_context_for(relname ? relname : "", relid);
  result.text = deparse_expression(expression, context, false, false);
}

void read_class_row(HeapTuple tuple, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
  Oid oid = form->oid;
  if (form->relkind == RELKIND_RELATION || form->relkind == RELKIND_PARTITIONED_TABLE) {
    rows.tables.push_back(ClassRow{oid, NameStr(form->relname), form->relnamespace, form->relkind,
                                   form->relpersistence, form->relispartition, form->relowner});
  }
  rows.relation_names[oid] = NameStr(form->relname);
  rows.relation_namespaces[oid] = form->relnamespace;
}

void read_attribute_row(HeapTuple tuple, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple));
  if (form->attnum <= 0 || form->attisdropped) return;
  AttributeRow row;
  row.relid = form->attrelid;
  row.column.attnum = form->attnum;
  row.column.name = NameStr(form->attname);
  row.column.type_oid = form->atttypid;
  row.column.not_null = form->attnotnull;
  rows.attributes.push_back(std::move(row));
}

void read_default_row(HeapTuple tuple, TupleDesc descriptor, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_attrdef>(GETSTRUCT(tuple));
  bool is_null = false;
  Datum adbin = heap_getattr(tuple, Anum_pg_attrdef_adbin, descriptor, &is_null);
  if (is_null) return;
  rows.defaults.push_back(DefaultRow{form->adrelid, form->adnum, {}});
  read_default(TextDatumGetCString(adbin), form->adrelid, rows.defaults.back().value);
}

void read_constraint_row(HeapTuple tuple, TupleDesc descriptor, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
  if (!OidIsValid(form->conrelid)) return;  // domain constraints
  char type = form->contype;
  if (type != CONSTRAINT_PRIMARY && type != CONSTRAINT_UNIQUE && type != CONSTRAINT_EXCLUSION &&
      type != CONSTRAINT_FOREIGN)
    return;
  // A foreign key to a partitioned table has an internal clone per referenced partition
  // (conparentid set); the user wrote only the parent constraint, judged once.
  if (type == CONSTRAINT_FOREIGN && OidIsValid(form->conparentid)) return;
  ConstraintRow row{form->conrelid,         type,
                    NameStr(form->conname), {},
                    {},                     form->confdeltype,
                    form->confrelid,        form->conindid,
                    {},                     form->confmatchtype,
                    form->confupdtype,      form->condeferrable,
                    form->condeferred,      form->convalidated};
  row.key = int2_array(tuple, descriptor, Anum_pg_constraint_conkey);
  if (type == CONSTRAINT_FOREIGN) {
    row.set_null_columns = int2_array(tuple, descriptor, Anum_pg_constraint_confdelsetcols);
    row.referenced_key = int2_array(tuple, descriptor, Anum_pg_constraint_confkey);
  }
  rows.constraints.push_back(std::move(row));
}

void read_index_row(HeapTuple tuple, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
  IndexRow row{form->indexrelid, form->indrelid, {}};
  for (int i = 0; i < form->indnkeyatts; ++i) row.key_columns.push_back(form->indkey.values[i]);
  rows.indexes.push_back(std::move(row));
}

OnDelete to_on_delete(char action) {
  switch (action) {
    case FKCONSTR_ACTION_CASCADE: return OnDelete::kCascade;
    case FKCONSTR_ACTION_SETNULL: return OnDelete::kSetNull;
    case FKCONSTR_ACTION_SETDEFAULT: return OnDelete::kSetDefault;
    case FKCONSTR_ACTION_RESTRICT: return OnDelete::kRestrict;
    default: return OnDelete::kNoAction;
  }
}

// The words of an ON UPDATE clause; "" for the default, NO ACTION.
const char* update_action_words(char action) {
  switch (action) {
    case FKCONSTR_ACTION_CASCADE: return "CASCADE";
    case FKCONSTR_ACTION_SETNULL: return "SET NULL";
    case FKCONSTR_ACTION_SETDEFAULT: return "SET DEFAULT";
    case FKCONSTR_ACTION_RESTRICT: return "RESTRICT";
    default: return "";
  }
}

IndexBacking to_backing(char constraint_type) {
  switch (constraint_type) {
    case CONSTRAINT_PRIMARY: return IndexBacking::kPrimaryKey;
    case CONSTRAINT_UNIQUE: return IndexBacking::kUnique;
    case CONSTRAINT_EXCLUSION: return IndexBacking::kExclusion;
    default: return IndexBacking::kNone;
  }
}

std::string quote(const std::string& identifier) {
  return pg_call([&] { return std::string(quote_identifier(identifier.c_str())); });
}

// Names for everything PostgreSQL must render: namespaces, qualified names, types.
class Names {
 public:
  explicit Names(CatalogRows& rows) : rows_(rows) {}

  const std::string& namespace_name(Oid namespace_oid) {
    auto found = rows_.namespace_names.find(namespace_oid);
    if (found != rows_.namespace_names.end()) return found->second;
    char* name = pg_call([&] { return get_namespace_name(namespace_oid); });
    return rows_.namespace_names[namespace_oid] = name ? name : "";
  }

  std::string qualified(Oid namespace_oid, const std::string& name) {
    return quote(namespace_name(namespace_oid)) + "." + quote(name);
  }

  std::string qualified_relation(Oid relid) {
    auto name = rows_.relation_names.find(relid);
    auto namespace_oid = rows_.relation_namespaces.find(relid);
    if (name != rows_.relation_names.end() && namespace_oid != rows_.relation_namespaces.end())
      return qualified(namespace_oid->second, name->second);
    Oid found_namespace = InvalidOid;
    char* found_name = pg_call([&] {
      found_namespace = get_rel_namespace(relid);
      return get_rel_name(relid);
    });
    if (!found_name) return "?";
    return qualified(found_namespace, found_name);
  }

  // Quoted names of a relation's columns; empty if one of them cannot be found.
  std::vector<std::string> quoted_columns(Oid relid, const std::vector<AttrNumber>& attnums) {
    std::vector<std::string> quoted;
    for (AttrNumber attnum : attnums) {
      char* name = pg_call([&] { return get_attname(relid, attnum, true); });
      if (name == nullptr) return {};
      quoted.push_back(quote(name));
    }
    return quoted;
  }

  const std::string& type_name(Oid type_oid) {
    auto found = type_names_.find(type_oid);
    if (found != type_names_.end()) return found->second;
    return type_names_[type_oid] = pg_call([&] { return std::string(format_type_be(type_oid)); });
  }

 private:
  CatalogRows& rows_;
  std::unordered_map<Oid, std::string> type_names_;
};

bool in_scope(const ClassRow& table, Names& names, const CatalogRows& rows) {
  if (table.is_partition || table.persistence == RELPERSISTENCE_TEMP) return false;
  if (rows.extension_members.count(table.oid)) return false;
  if (is_system_namespace(names.namespace_name(table.namespace_oid))) return false;
  return !rows.hide_citus || !rows.citus.hidden(table.oid, table.name, table.namespace_oid, table.owner);
}

template <typename Row>
std::unordered_map<Oid, std::vector<const Row*>> by_relid(const std::vector<Row>& items) {
  std::unordered_map<Oid, std::vector<const Row*>> grouped;
  for (const Row& item : items) grouped[item.relid].push_back(&item);
  return grouped;
}

// Joins the rows into shapes, for the tables in scope.
std::vector<TableShape> assemble(CatalogRows& rows) {
  Names names(rows);
  auto attributes = by_relid(rows.attributes);
  auto defaults = by_relid(rows.defaults);
  auto constraints = by_relid(rows.constraints);
  auto indexes = by_relid(rows.indexes);

  std::vector<TableShape> shapes;
  for (const ClassRow& table : rows.tables) {
    if (!in_scope(table, names, rows)) continue;
    TableShape shape;
    shape.oid = table.oid;
    shape.schema = names.namespace_name(table.namespace_oid);
    shape.name = table.name;
    shape.qualified_name = quote(shape.schema) + "." + quote(shape.name);

    for (const AttributeRow* row : attributes[table.oid]) {
      Column column = row->column;
      column.quoted_name = quote(column.name);
      column.type_name = names.type_name(column.type_oid);
      shape.columns.push_back(std::move(column));
    }
    std::sort(shape.columns.begin(), shape.columns.end(),
              [](const Column& a, const Column& b) { return a.attnum < b.attnum; });
    // A hash-distributed Citus table's key must contain its distribution column.
    if (AttrNumber distribution = rows.citus.distribution_column(table.oid)) {
      shape.distribution_column = distribution;
      shape.required_key_columns = {distribution};
    }
    for (const DefaultRow* row : defaults[table.oid]) {
      for (Column& column : shape.columns)
        if (column.attnum == row->attnum) column.default_value = row->value;
    }

    std::unordered_map<Oid, IndexBacking> backing;
    for (const ConstraintRow* row : constraints[table.oid]) {
      if (row->type == CONSTRAINT_PRIMARY) shape.primary_key = row->key;
      if (row->type != CONSTRAINT_FOREIGN) {
        backing[row->index_oid] = to_backing(row->type);
        continue;
      }
      ForeignKey key;
      key.name = row->name;
      key.quoted_name = quote(row->name);
      key.columns = row->key;
      key.set_null_columns = row->set_null_columns;
      key.on_delete = to_on_delete(row->delete_action);
      key.referenced_table = names.qualified_relation(row->referenced_relid);
      // Only needed for a hint; read only where the action breaks the rule.
      if (key.on_delete != OnDelete::kCascade && key.on_delete != OnDelete::kSetNull)
        key.referenced_columns = names.quoted_columns(row->referenced_relid, row->referenced_key);
      key.match = row->match_type == FKCONSTR_MATCH_FULL ? "FULL" : "";
      key.on_update = update_action_words(row->update_action);
      key.deferrable = row->deferrable;
      key.initially_deferred = row->initially_deferred;
      key.validated = row->validated;
      shape.foreign_keys.push_back(std::move(key));
    }
    std::sort(shape.foreign_keys.begin(), shape.foreign_keys.end(),
              [](const ForeignKey& a, const ForeignKey& b) { return a.name < b.name; });

    for (const IndexRow* row : indexes[table.oid]) {
      Index index;
      index.name = rows.relation_names[row->index_oid];
      index.quoted_name = quote(shape.schema) + "." + quote(index.name);
      index.key_columns = row->key_columns;
      auto found = backing.find(row->index_oid);
      if (found != backing.end()) index.backing = found->second;
      shape.indexes.push_back(std::move(index));
    }
    std::sort(shape.indexes.begin(), shape.indexes.end(),
              [](const Index& a, const Index& b) { return a.name < b.name; });
    shapes.push_back(std::move(shape));
  }
  std::sort(shapes.begin(), shapes.end(), [](const TableShape& a, const TableShape& b) {
    return a.schema != b.schema ? a.schema < b.schema : a.name < b.name;
  });
  return shapes;
}

void scan_by_relid(Oid catalog, Oid index, AttrNumber key_attribute, Oid relid,
                   CatalogRows& rows, void (*on_row)(HeapTuple, TupleDesc, CatalogRows&)) {
  ScanKeyData key;
  ScanKeyInit(&key, key_attribute, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
  scan_catalog(catalog, index, &key, 1, [&](HeapTuple tuple, TupleDesc descriptor) {
    on_row(tuple, descriptor, rows);
  });
}

// Reads pg_class rows by OID through the syscache into rows.
void read_class_by_oid(Oid relid, CatalogRows& rows) {
  pg_call([&] {
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple)) return;
    try {
      read_class_row(tuple, rows);
    } catch (...) {
      ReleaseSysCache(tuple);
      throw;
    }
    ReleaseSysCache(tuple);
  });
}

}  // namespace

std::vector<TableShape> read_tables(const std::vector<ObjectId>& relids, bool hide_citus_objects) {
  CatalogRows rows;
  rows.citus = CitusMetadata::load();
  rows.hide_citus = hide_citus_objects;
  for (ObjectId relid : relids) {
    std::size_t before = rows.tables.size();
    read_class_by_oid(relid, rows);
    if (rows.tables.size() == before) continue;
    bool member = pg_call([&] { return OidIsValid(getExtensionOfObject(RelationRelationId, relid)); });
    if (member) rows.extension_members.insert(relid);
    scan_by_relid(AttributeRelationId, AttributeRelidNumIndexId, Anum_pg_attribute_attrelid, relid, rows,
                  [](HeapTuple t, TupleDesc, CatalogRows& r) { read_attribute_row(t, r); });
    scan_by_relid(AttrDefaultRelationId, AttrDefaultIndexId, Anum_pg_attrdef_adrelid, relid, rows,
                  read_default_row);
    scan_by_relid(ConstraintRelationId, ConstraintRelidTypidNameIndexId, Anum_pg_constraint_conrelid,
                  relid, rows, read_constraint_row);
    std::size_t first_index = rows.indexes.size();
    scan_by_relid(IndexRelationId, IndexIndrelidIndexId, Anum_pg_index_indrelid, relid, rows,
                  [](HeapTuple t, TupleDesc, CatalogRows& r) { read_index_row(t, r); });
    for (std::size_t i = first_index; i < rows.indexes.size(); ++i)
      read_class_by_oid(rows.indexes[i].index_oid, rows);
  }
  return assemble(rows);
}

std::vector<TableShape> read_all_tables() {
  CatalogRows rows;
  rows.citus = CitusMetadata::load();
  scan_catalog(RelationRelationId, InvalidOid, nullptr, 0,
               [&](HeapTuple t, TupleDesc) { read_class_row(t, rows); });
  std::unordered_set<Oid> candidates;
  for (const ClassRow& table : rows.tables) candidates.insert(table.oid);

  ScanKeyData extension_key;
  ScanKeyInit(&extension_key, Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
              ObjectIdGetDatum(ExtensionRelationId));
  scan_catalog(DependRelationId, DependReferenceIndexId, &extension_key, 1,
               [&](HeapTuple t, TupleDesc) {
                 auto* form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(t));
                 if (form->classid == RelationRelationId && form->deptype == DEPENDENCY_EXTENSION)
                   rows.extension_members.insert(form->objid);
               });
  scan_catalog(NamespaceRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) {
    auto* form = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(t));
    rows.namespace_names[form->oid] = NameStr(form->nspname);
  });
  scan_catalog(AttributeRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) {
    if (candidates.count(reinterpret_cast<Form_pg_attribute>(GETSTRUCT(t))->attrelid))
      read_attribute_row(t, rows);
  });
  scan_catalog(AttrDefaultRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc d) {
    if (candidates.count(reinterpret_cast<Form_pg_attrdef>(GETSTRUCT(t))->adrelid))
      read_default_row(t, d, rows);
  });
  scan_catalog(ConstraintRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc d) {
    if (candidates.count(reinterpret_cast<Form_pg_constraint>(GETSTRUCT(t))->conrelid))
      read_constraint_row(t, d, rows);
  });
  scan_catalog(IndexRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) {
    if (candidates.count(reinterpret_cast<Form_pg_index>(GETSTRUCT(t))->indrelid)) read_index_row(t, rows);
  });
  return assemble(rows);
}

ObjectId owning_table(ObjectId relid) {
  return pg_call([&]() -> Oid {
    char relkind = get_rel_relkind(relid);
    if (relkind == RELKIND_RELATION || relkind == RELKIND_PARTITIONED_TABLE) return relid;
    if (relkind != RELKIND_INDEX && relkind != RELKIND_PARTITIONED_INDEX) return InvalidOid;
    HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple)) return InvalidOid;
    Oid table = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple))->indrelid;
    ReleaseSysCache(tuple);
    return table;
  });
}

std::vector<ObjectId> typed_tables(ObjectId relid) {
  std::vector<ObjectId> tables;
  Oid row_type = pg_call([&] {
    return get_rel_relkind(relid) == RELKIND_COMPOSITE_TYPE ? get_rel_type_id(relid) : InvalidOid;
  });
  if (!OidIsValid(row_type)) return tables;
  ScanKeyData keys[2];
  ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(TypeRelationId));
  ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(row_type));
  std::vector<Oid> dependents;
  scan_catalog(DependRelationId, DependReferenceIndexId, keys, 2, [&](HeapTuple t, TupleDesc) {
    auto* form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(t));
    if (form->classid == RelationRelationId && form->objsubid == 0) dependents.push_back(form->objid);
  });
  for (Oid dependent : dependents) {
    bool typed = pg_call([&] {
      HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(dependent));
      if (!HeapTupleIsValid(tuple)) return false;
      bool of_type = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->reloftype == row_type;
      ReleaseSysCache(tuple);
      return of_type;
    });
    if (typed) tables.push_back(dependent);
  }
  return tables;
}

std::vector<ObjectId> inheritance_children(ObjectId relid) {
  std::vector<ObjectId> children;
  pg_call([&] {
    if (get_rel_relkind(relid) != RELKIND_RELATION || !has_subclass(relid)) return;
    List* all = find_all_inheritors(relid, NoLock, NULL);
    ListCell* cell;
    foreach (cell, all) {
      Oid child = lfirst_oid(cell);
      if (child != relid) children.push_back(child);
    }
  });
  return children;
}

}  // namespace schemaguard

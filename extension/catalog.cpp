#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog.hpp"
#include "rules/rules.hpp"
#include "catalog_scan.hpp"
#include "citus.hpp"
#include "pg_boundary.hpp"

extern "C" {
#include "catalog/pg_partitioned_table.h"
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

// A default some rule judges (judges_default()): its stored expression, classified
// per table (classify_defaults) once the table's rows are all read.
struct DefaultRow {
  Oid relid;
  AttrNumber attnum;
  std::string adbin;
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
  bool valid;   // indisvalid
  bool unique;  // indisunique
};

struct CatalogRows {
  std::vector<ClassRow> tables;                         // candidate tables
  std::unordered_map<Oid, std::string> relation_names;  // indexes and referenced tables
  std::unordered_map<Oid, Oid> relation_namespaces;
  std::vector<AttributeRow> attributes;
  std::vector<DefaultRow> defaults;
  std::vector<ConstraintRow> constraints;
  std::vector<IndexRow> indexes;
  std::unordered_map<Oid, std::string> namespace_names;
  // Tables that belong to an extension owned by a superuser: out of scope (SPEC §2). A
  // member of a (trusted) extension a non-superuser created and owns stays in scope.
  std::unordered_set<Oid> extension_members;
  std::unordered_set<Oid> inheritance_children;  // tables with an INHERITS parent
  // Where PostgreSQL allocates what is copied into C++ values at once: reset per
  // default and per table, so memory stays bounded by the widest table.
  MemoryContext scratch = nullptr;
  std::unordered_set<Oid> superuser_extensions;  // extensions owned by a superuser
  Oid guard_namespace = InvalidOid;              // schema of extension schemaguard
  CitusMetadata citus;                           // empty without Citus
  bool hide_citus = true;                        // leave out shards (and on a worker Citus's tables)
  // The rule parameters in force: the columns they name have their defaults read too.
  const RuleParameters* parameters = nullptr;
};

// Out of scope: the system schemas, and schema schemaguard only when it is the installed
// extension's own (a schema of that name created by anyone else is judged).
bool is_system_namespace(const std::string& name, Oid namespace_oid, const CatalogRows& rows) {
  if (name == "schemaguard") return namespace_oid == rows.guard_namespace;
  return name == "pg_catalog" || name == "information_schema" || name.compare(0, 8, "pg_toast") == 0;
}

MemoryContext create_scratch() {
  return pg_call(
      [] { return AllocSetContextCreate(CurrentMemoryContext, "schemaguard catalog", ALLOCSET_DEFAULT_SIZES); });
}

void reset_scratch(MemoryContext scratch) {
  pg_call([&] { MemoryContextReset(scratch); });
}

void delete_scratch(MemoryContext scratch) {
  pg_call([&] { MemoryContextDelete(scratch); });
}

// An int2[] attribute (conkey, confkey, confdelsetcols); empty when NULL.
std::vector<AttrNumber> int2_array(HeapTuple tuple, TupleDesc descriptor, int attribute) {
  const int16* items = nullptr;
  int count = 0;
  pg_call([&] {
    bool is_null = false;
    Datum datum = heap_getattr(tuple, attribute, descriptor, &is_null);
    if (is_null) return;
    ArrayType* array = DatumGetArrayTypeP(datum);
    count = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
    items = reinterpret_cast<const int16*>(ARR_DATA_PTR(array));
  });
  return std::vector<AttrNumber>(items, items + count);
}

// Runs inside pg_call (classify_default): plain C.
const char* well_known_function_name(Oid function) {
  switch (function) {
    case F_GEN_RANDOM_UUID:
      return "gen_random_uuid()";
    case F_NOW:
      return "now()";
    case F_TRANSACTION_TIMESTAMP:
      return "transaction_timestamp()";
    case F_STATEMENT_TIMESTAMP:
      return "statement_timestamp()";
    case F_CLOCK_TIMESTAMP:
      return "clock_timestamp()";
    default:
      return nullptr;
  }
}

// A default as PostgreSQL classifies it; text is palloc'd (or static).
struct ClassifiedDefault {
  DefaultKind kind;
  Oid function;
  const char* text;
};

// Classifies a stored default expression (pg_attrdef.adbin) by its node tree. The deparse
// context of the table is built on first need and kept in *context for the table's
// other defaults.
// Runs inside pg_call: PostgreSQL only, no C++ value.
ClassifiedDefault classify_default(const char* adbin, Oid relid, List** context) {
  // Implicit coercions (a typmod change such as timestamptz(3)) do not change what
  // the default computes; the column type is judged separately.
  Node* expression = strip_implicit_coercions(static_cast<Node*>(stringToNode(adbin)));
  if (IsA(expression, FuncExpr) && castNode(FuncExpr, expression)->args == NIL &&
      castNode(FuncExpr, expression)->funcformat == COERCE_EXPLICIT_CALL) {
    Oid function = castNode(FuncExpr, expression)->funcid;
    if (const char* known = well_known_function_name(function))
      return ClassifiedDefault{DefaultKind::kFunctionCall, function, known};
    char* schema = get_namespace_name(get_func_namespace(function));
    char* name = get_func_name(function);
    return ClassifiedDefault{DefaultKind::kFunctionCall, function,
                             psprintf("%s()", quote_qualified_identifier(schema, name))};
  }
  if (IsA(expression, SQLValueFunction)) {
    SQLValueFunctionOp op = castNode(SQLValueFunction, expression)->op;
    if (op == SVFOP_CURRENT_TIMESTAMP || op == SVFOP_CURRENT_TIMESTAMP_N)
      return ClassifiedDefault{DefaultKind::kCurrentTimestamp, InvalidOid, "CURRENT_TIMESTAMP"};
  }
  if (*context == NIL) {
    char* relname = get_rel_name(relid);
    *context = deparse_context_for(relname ? relname : "", relid);
  }
  return ClassifiedDefault{DefaultKind::kOther, InvalidOid, deparse_expression(expression, *context, false, false)};
}

// Classifies every default read, table by table: one deparse context per table at
// most, and the scratch memory freed after each table.
void classify_defaults(CatalogRows& rows) {
  std::stable_sort(rows.defaults.begin(), rows.defaults.end(),
                   [](const DefaultRow& a, const DefaultRow& b) { return a.relid < b.relid; });
  List* context = NIL;
  Oid context_relid = InvalidOid;
  for (DefaultRow& row : rows.defaults) {
    if (row.relid != context_relid) {
      reset_scratch(rows.scratch);
      context = NIL;
      context_relid = row.relid;
    }
    ClassifiedDefault classified =
        pg_call_in(rows.scratch, [&] { return classify_default(row.adbin.c_str(), row.relid, &context); });
    row.value.kind = classified.kind;
    row.value.function_oid = classified.function;
    row.value.text = classified.text;
  }
  reset_scratch(rows.scratch);
}

void read_class_row(HeapTuple tuple, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
  Oid oid = form->oid;
  if (form->relkind == RELKIND_RELATION || form->relkind == RELKIND_PARTITIONED_TABLE) {
    rows.tables.push_back(ClassRow{oid, NameStr(form->relname), form->relnamespace, form->relkind, form->relpersistence,
                                   form->relispartition, form->relowner});
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
  row.column.identity = form->attidentity;
  rows.attributes.push_back(std::move(row));
}

std::uint64_t column_key(Oid relid, AttrNumber attnum) {
  return (static_cast<std::uint64_t>(relid) << 16) | static_cast<std::uint16_t>(attnum);
}

// The columns whose defaults some rule judges (judges_default()), from the attribute
// and primary key rows read so far: only these defaults are read and deparsed.
std::unordered_set<std::uint64_t> judged_default_columns(const CatalogRows& rows, std::size_t first_attribute = 0,
                                                         std::size_t first_constraint = 0) {
  std::unordered_set<std::uint64_t> wanted;
  static const RuleParameters kV1;
  const RuleParameters& parameters = rows.parameters != nullptr ? *rows.parameters : kV1;
  const bool key_defaults = judges_default(std::string(), true, parameters);
  for (std::size_t i = first_constraint; key_defaults && i < rows.constraints.size(); ++i) {
    const ConstraintRow& row = rows.constraints[i];
    if (row.type != CONSTRAINT_PRIMARY) continue;
    for (AttrNumber attnum : row.key) wanted.insert(column_key(row.relid, attnum));
  }
  for (std::size_t i = first_attribute; i < rows.attributes.size(); ++i) {
    const AttributeRow& row = rows.attributes[i];
    if (judges_default(row.column.name, false, parameters)) wanted.insert(column_key(row.relid, row.column.attnum));
  }
  return wanted;
}

void read_default_row(HeapTuple tuple, TupleDesc descriptor, CatalogRows& rows,
                      const std::unordered_set<std::uint64_t>& wanted) {
  auto* form = reinterpret_cast<Form_pg_attrdef>(GETSTRUCT(tuple));
  if (!wanted.count(column_key(form->adrelid, form->adnum))) return;
  const char* adbin = pg_call_in(rows.scratch, [&]() -> const char* {
    bool is_null = false;
    Datum datum = heap_getattr(tuple, Anum_pg_attrdef_adbin, descriptor, &is_null);
    return is_null ? nullptr : TextDatumGetCString(datum);
  });
  if (adbin == nullptr) return;
  rows.defaults.push_back(DefaultRow{form->adrelid, form->adnum, adbin, {}});
  reset_scratch(rows.scratch);
}

void read_constraint_row(HeapTuple tuple, TupleDesc descriptor, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tuple));
  if (!OidIsValid(form->conrelid)) return;  // domain constraints
  char type = form->contype;
  if (type != CONSTRAINT_PRIMARY && type != CONSTRAINT_UNIQUE && type != CONSTRAINT_EXCLUSION &&
      type != CONSTRAINT_FOREIGN)
    return;
  // A foreign key to a partitioned table has an internal clone per referenced partition,
  // and a partition one per foreign key of its parent (conparentid set); the user wrote
  // only the parent constraint, judged once.
  if (type == CONSTRAINT_FOREIGN && OidIsValid(form->conparentid)) return;
  // The arrays first: reading them calls PostgreSQL, which may raise an error, and no
  // C++ value of this row is alive while it does (pg_boundary.hpp).
  std::vector<AttrNumber> key = int2_array(tuple, descriptor, Anum_pg_constraint_conkey);
  std::vector<AttrNumber> set_null_columns, referenced_key;
  if (type == CONSTRAINT_FOREIGN) {
    set_null_columns = int2_array(tuple, descriptor, Anum_pg_constraint_confdelsetcols);
    referenced_key = int2_array(tuple, descriptor, Anum_pg_constraint_confkey);
  }
  rows.constraints.push_back(
      ConstraintRow{form->conrelid, type, NameStr(form->conname), std::move(key), std::move(set_null_columns),
                    form->confdeltype, form->confrelid, form->conindid, std::move(referenced_key), form->confmatchtype,
                    form->confupdtype, form->condeferrable, form->condeferred, form->convalidated});
}

void read_index_row(HeapTuple tuple, CatalogRows& rows) {
  auto* form = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
  IndexRow row{form->indexrelid, form->indrelid, {}, form->indisvalid, form->indisunique};
  for (int i = 0; i < form->indnkeyatts; ++i) row.key_columns.push_back(form->indkey.values[i]);
  rows.indexes.push_back(std::move(row));
}

void read_inherits_row(HeapTuple tuple, CatalogRows& rows) {
  rows.inheritance_children.insert(reinterpret_cast<Form_pg_inherits>(GETSTRUCT(tuple))->inhrelid);
}

OnDelete to_on_delete(char action) {
  switch (action) {
    case FKCONSTR_ACTION_CASCADE:
      return OnDelete::kCascade;
    case FKCONSTR_ACTION_SETNULL:
      return OnDelete::kSetNull;
    case FKCONSTR_ACTION_SETDEFAULT:
      return OnDelete::kSetDefault;
    case FKCONSTR_ACTION_RESTRICT:
      return OnDelete::kRestrict;
    default:
      return OnDelete::kNoAction;
  }
}

// The words of an ON UPDATE clause; "" for the default, NO ACTION.
const char* update_action_words(char action) {
  switch (action) {
    case FKCONSTR_ACTION_CASCADE:
      return "CASCADE";
    case FKCONSTR_ACTION_SETNULL:
      return "SET NULL";
    case FKCONSTR_ACTION_SETDEFAULT:
      return "SET DEFAULT";
    case FKCONSTR_ACTION_RESTRICT:
      return "RESTRICT";
    default:
      return "";
  }
}

IndexBacking to_backing(char constraint_type) {
  switch (constraint_type) {
    case CONSTRAINT_PRIMARY:
      return IndexBacking::kPrimaryKey;
    case CONSTRAINT_UNIQUE:
      return IndexBacking::kUnique;
    case CONSTRAINT_EXCLUSION:
      return IndexBacking::kExclusion;
    default:
      return IndexBacking::kNone;
  }
}

// Names for everything PostgreSQL must render: namespaces, qualified names, types.
// PostgreSQL's allocations go to rows.scratch, which the caller resets per table.
class Names {
 public:
  explicit Names(CatalogRows& rows) : rows_(rows) {}

  std::string quote(const std::string& identifier) {
    const char* quoted = pg_call_in(rows_.scratch, [&] { return quote_identifier(identifier.c_str()); });
    return quoted;
  }

  const std::string& namespace_name(Oid namespace_oid) {
    auto found = rows_.namespace_names.find(namespace_oid);
    if (found != rows_.namespace_names.end()) return found->second;
    char* name = pg_call_in(rows_.scratch, [&] { return get_namespace_name(namespace_oid); });
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
    char* found_name = pg_call_in(rows_.scratch, [&] {
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
      char* name = pg_call_in(rows_.scratch, [&] { return get_attname(relid, attnum, true); });
      if (name == nullptr) return {};
      quoted.push_back(quote(name));
    }
    return quoted;
  }

  const std::string& type_name(Oid type_oid) {
    auto found = type_names_.find(type_oid);
    if (found != type_names_.end()) return found->second;
    const char* name = pg_call_in(rows_.scratch, [&] { return format_type_be(type_oid); });
    return type_names_[type_oid] = name;
  }

  // The type's name when it is a domain that refuses nulls: NOT NULL itself or on a
  // domain it is based on, at any depth. Empty otherwise.
  const std::string& not_null_domain(Oid type_oid) {
    auto found = not_null_domains_.find(type_oid);
    if (found != not_null_domains_.end()) return found->second;
    bool refuses = pg_call([&] {
      Oid type = type_oid;
      for (int depth = 0; depth < 256 && OidIsValid(type); ++depth) {
        HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
        if (!HeapTupleIsValid(tuple)) return false;
        auto* form = reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple));
        bool domain = form->typtype == TYPTYPE_DOMAIN, not_null = form->typnotnull;
        Oid base = form->typbasetype;
        ReleaseSysCache(tuple);
        if (!domain) return false;
        if (not_null) return true;
        type = base;
      }
      return false;
    });
    return not_null_domains_[type_oid] = refuses ? type_name(type_oid) : std::string();
  }

 private:
  CatalogRows& rows_;
  std::unordered_map<Oid, std::string> type_names_;
  std::unordered_map<Oid, std::string> not_null_domains_;
};

// Tables in scope (SPEC §2). A partition is in scope as its own foreign keys are
// (Rule::judges_partitions); its other parts are not judged.
bool in_scope(const ClassRow& table, Names& names, const CatalogRows& rows) {
  if (table.persistence == RELPERSISTENCE_TEMP) return false;
  if (rows.extension_members.count(table.oid)) return false;
  if (is_system_namespace(names.namespace_name(table.namespace_oid), table.namespace_oid, rows)) return false;
  return !rows.hide_citus || !rows.citus.hidden(table.oid, table.name, table.namespace_oid, table.owner);
}

template <typename Row>
std::unordered_map<Oid, std::vector<const Row*>> by_relid(const std::vector<Row>& items) {
  std::unordered_map<Oid, std::vector<const Row*>> grouped;
  for (const Row& item : items) grouped[item.relid].push_back(&item);
  return grouped;
}

// The columns of a partitioned table's partition key (expressions, attnum 0, left out):
// PostgreSQL requires them in a primary key.
std::vector<AttrNumber> partition_key_columns(Oid relid) {
  AttrNumber attrs[PARTITION_MAX_KEYS];
  int count = 0;
  pg_call([&] {
    HeapTuple tuple = SearchSysCache1(PARTRELID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple)) return;
    auto* form = reinterpret_cast<Form_pg_partitioned_table>(GETSTRUCT(tuple));
    for (int i = 0; i < form->partnatts && i < PARTITION_MAX_KEYS; ++i) attrs[count++] = form->partattrs.values[i];
    ReleaseSysCache(tuple);
  });
  std::vector<AttrNumber> columns;
  for (int i = 0; i < count; ++i)
    if (attrs[i] != 0) columns.push_back(attrs[i]);
  return columns;
}

// Joins the rows into shapes, for the tables in scope. PostgreSQL's allocations for
// one table (quoted names, column names of referenced tables) are freed after it.
std::vector<TableShape> assemble(CatalogRows& rows) {
  classify_defaults(rows);
  Names names(rows);
  auto attributes = by_relid(rows.attributes);
  auto defaults = by_relid(rows.defaults);
  auto constraints = by_relid(rows.constraints);
  auto indexes = by_relid(rows.indexes);

  std::vector<TableShape> shapes;
  for (const ClassRow& table : rows.tables) {
    check_for_interrupts();
    reset_scratch(rows.scratch);
    if (!in_scope(table, names, rows)) continue;
    TableShape shape;
    shape.oid = table.oid;
    shape.schema = names.namespace_name(table.namespace_oid);
    shape.name = table.name;
    shape.qualified_name = names.quote(shape.schema) + "." + names.quote(shape.name);
    shape.is_partition = table.is_partition;
    shape.inherits = !table.is_partition && rows.inheritance_children.count(table.oid) > 0;
    if (table.relkind == RELKIND_PARTITIONED_TABLE) shape.required_key_columns = partition_key_columns(table.oid);

    for (const AttributeRow* row : attributes[table.oid]) {
      Column column = row->column;
      column.quoted_name = names.quote(column.name);
      column.type_name = names.type_name(column.type_oid);
      column.not_null_domain = names.not_null_domain(column.type_oid);
      shape.columns.push_back(std::move(column));
    }
    std::sort(shape.columns.begin(), shape.columns.end(),
              [](const Column& a, const Column& b) { return a.attnum < b.attnum; });
    // A hash-distributed Citus table's key must contain its distribution column (and a
    // partitioned one its partition key as well).
    if (AttrNumber distribution = rows.citus.distribution_column(table.oid)) {
      shape.distribution_column = distribution;
      if (std::find(shape.required_key_columns.begin(), shape.required_key_columns.end(), distribution) ==
          shape.required_key_columns.end())
        shape.required_key_columns.push_back(distribution);
    }
    for (const DefaultRow* row : defaults[table.oid]) {
      auto column = std::lower_bound(shape.columns.begin(), shape.columns.end(), row->attnum,
                                     [](const Column& c, AttrNumber attnum) { return c.attnum < attnum; });
      if (column != shape.columns.end() && column->attnum == row->attnum) column->default_value = row->value;
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
      key.quoted_name = names.quote(row->name);
      key.columns = row->key;
      key.set_null_columns = row->set_null_columns;
      key.on_delete = to_on_delete(row->delete_action);
      key.referenced_table = names.qualified_relation(row->referenced_relid);
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

    // A partition's indexes are not judged (index_naming leaves them to the parent).
    for (const IndexRow* row : shape.is_partition ? std::vector<const IndexRow*>() : indexes[table.oid]) {
      Index index;
      index.oid = row->index_oid;
      index.name = rows.relation_names[row->index_oid];
      index.quoted_name = names.quote(shape.schema) + "." + names.quote(index.name);
      index.key_columns = row->key_columns;
      index.valid = row->valid;
      index.unique = row->unique;
      auto found = backing.find(row->index_oid);
      if (found != backing.end()) index.backing = found->second;
      shape.indexes.push_back(std::move(index));
    }
    std::sort(shape.indexes.begin(), shape.indexes.end(),
              [](const Index& a, const Index& b) { return a.name < b.name; });
    shapes.push_back(std::move(shape));
  }
  reset_scratch(rows.scratch);
  std::sort(shapes.begin(), shapes.end(), [](const TableShape& a, const TableShape& b) {
    return a.schema != b.schema ? a.schema < b.schema : a.name < b.name;
  });
  return shapes;
}

template <typename OnRow>
void scan_by_relid(Oid catalog, Oid index, AttrNumber key_attribute, Oid relid, OnRow&& on_row) {
  ScanKeyData key;
  ScanKeyInit(&key, key_attribute, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
  scan_catalog(catalog, index, &key, 1, on_row);
}

// Reads a pg_class row by OID through the syscache into rows.
void read_class_by_oid(Oid relid, CatalogRows& rows) {
  HeapTuple tuple = pg_call_in(rows.scratch, [&]() -> HeapTuple {
    HeapTuple cached = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(cached)) return nullptr;
    HeapTuple copy = heap_copytuple(cached);
    ReleaseSysCache(cached);
    return copy;
  });
  if (tuple != nullptr) read_class_row(tuple, rows);
}

// Runs read on a fresh CatalogRows with its scratch context, then assembles the shapes.
template <typename Read>
std::vector<TableShape> read_shapes(Read&& read) {
  CatalogRows rows;
  rows.scratch = create_scratch();
  read(rows);
  std::vector<TableShape> shapes = assemble(rows);
  delete_scratch(rows.scratch);
  return shapes;
}

// The extensions owned by a superuser and the schema of extension schemaguard, from
// pg_extension (a handful of rows).
void read_extensions(CatalogRows& rows) {
  scan_catalog(ExtensionRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) {
    auto* form = reinterpret_cast<Form_pg_extension>(GETSTRUCT(t));
    Oid owner = form->extowner;
    if (pg_call([&] { return superuser_arg(owner); })) rows.superuser_extensions.insert(form->oid);
    if (strcmp(NameStr(form->extname), "schemaguard") == 0) rows.guard_namespace = form->extnamespace;
  });
}

}  // namespace

std::vector<TableShape> read_tables(const std::vector<ObjectId>& relids, bool hide_citus_objects,
                                    const RuleParameters* parameters) {
  return read_shapes([&](CatalogRows& rows) {
    rows.parameters = parameters;
    rows.citus = CitusMetadata::load();
    rows.hide_citus = hide_citus_objects;
    read_extensions(rows);
    for (ObjectId relid : relids) {
      check_for_interrupts();
      std::size_t before = rows.tables.size();
      read_class_by_oid(relid, rows);
      reset_scratch(rows.scratch);
      if (rows.tables.size() == before) continue;
      Oid extension = pg_call([&] { return getExtensionOfObject(RelationRelationId, relid); });
      if (rows.superuser_extensions.count(extension)) rows.extension_members.insert(relid);
      std::size_t first_attribute = rows.attributes.size(), first_constraint = rows.constraints.size();
      scan_by_relid(AttributeRelationId, AttributeRelidNumIndexId, Anum_pg_attribute_attrelid, relid,
                    [&](HeapTuple t, TupleDesc) { read_attribute_row(t, rows); });
      scan_by_relid(ConstraintRelationId, ConstraintRelidTypidNameIndexId, Anum_pg_constraint_conrelid, relid,
                    [&](HeapTuple t, TupleDesc d) { read_constraint_row(t, d, rows); });
      std::unordered_set<std::uint64_t> wanted = judged_default_columns(rows, first_attribute, first_constraint);
      if (!wanted.empty())
        scan_by_relid(AttrDefaultRelationId, AttrDefaultIndexId, Anum_pg_attrdef_adrelid, relid,
                      [&](HeapTuple t, TupleDesc d) { read_default_row(t, d, rows, wanted); });
      scan_by_relid(InheritsRelationId, InheritsRelidSeqnoIndexId, Anum_pg_inherits_inhrelid, relid,
                    [&](HeapTuple t, TupleDesc) { read_inherits_row(t, rows); });
      if (rows.tables.back().is_partition) continue;  // its indexes are not judged
      std::size_t first_index = rows.indexes.size();
      scan_by_relid(IndexRelationId, IndexIndrelidIndexId, Anum_pg_index_indrelid, relid,
                    [&](HeapTuple t, TupleDesc) { read_index_row(t, rows); });
      for (std::size_t i = first_index; i < rows.indexes.size(); ++i) {
        read_class_by_oid(rows.indexes[i].index_oid, rows);
        reset_scratch(rows.scratch);
      }
    }
  });
}

std::vector<TableShape> read_all_tables(const RuleParameters* parameters) {
  return read_shapes([&](CatalogRows& rows) {
    rows.parameters = parameters;
    rows.citus = CitusMetadata::load();
    scan_catalog(RelationRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) { read_class_row(t, rows); });
    std::unordered_set<Oid> candidates;
    for (const ClassRow& table : rows.tables) candidates.insert(table.oid);
    read_extensions(rows);

    ScanKeyData extension_key;
    ScanKeyInit(&extension_key, Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(ExtensionRelationId));
    scan_catalog(DependRelationId, DependReferenceIndexId, &extension_key, 1, [&](HeapTuple t, TupleDesc) {
      auto* form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(t));
      if (form->classid == RelationRelationId && form->deptype == DEPENDENCY_EXTENSION &&
          rows.superuser_extensions.count(form->refobjid))
        rows.extension_members.insert(form->objid);
    });
    scan_catalog(NamespaceRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) {
      auto* form = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(t));
      rows.namespace_names[form->oid] = NameStr(form->nspname);
    });
    scan_catalog(AttributeRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) {
      if (candidates.count(reinterpret_cast<Form_pg_attribute>(GETSTRUCT(t))->attrelid)) read_attribute_row(t, rows);
    });
    scan_catalog(ConstraintRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc d) {
      if (candidates.count(reinterpret_cast<Form_pg_constraint>(GETSTRUCT(t))->conrelid))
        read_constraint_row(t, d, rows);
    });
    std::unordered_set<std::uint64_t> wanted = judged_default_columns(rows);
    scan_catalog(AttrDefaultRelationId, InvalidOid, nullptr, 0,
                 [&](HeapTuple t, TupleDesc d) { read_default_row(t, d, rows, wanted); });
    scan_catalog(InheritsRelationId, InvalidOid, nullptr, 0,
                 [&](HeapTuple t, TupleDesc) { read_inherits_row(t, rows); });
    scan_catalog(IndexRelationId, InvalidOid, nullptr, 0, [&](HeapTuple t, TupleDesc) {
      if (candidates.count(reinterpret_cast<Form_pg_index>(GETSTRUCT(t))->indrelid)) read_index_row(t, rows);
    });
  });
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
  Oid row_type =
      pg_call([&] { return get_rel_relkind(relid) == RELKIND_COMPOSITE_TYPE ? get_rel_type_id(relid) : InvalidOid; });
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

std::vector<ObjectId> domain_tables(ObjectId type_oid) {
  std::vector<ObjectId> tables;
  // Most OIDs recorded are relations: those are answered from the relation cache entry
  // the commit check looks up anyway. Looking them up as types would leave a negative
  // type cache entry behind for every table ever touched (a backend's memory growing).
  bool domain = pg_call([&] { return get_rel_relkind(type_oid) == '\0' && get_typtype(type_oid) == TYPTYPE_DOMAIN; });
  if (!domain) return tables;
  // Columns depend on their type (pg_depend, normal), and a domain on its base
  // domain: walk the domains based on this one, collecting the tables on the way.
  std::vector<Oid> pending{type_oid};
  std::unordered_set<Oid> seen_types{type_oid}, seen_tables;
  while (!pending.empty()) {
    Oid type = pending.back();
    pending.pop_back();
    ScanKeyData keys[2];
    ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(TypeRelationId));
    ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(type));
    std::vector<Oid> dependent_types;
    scan_catalog(DependRelationId, DependReferenceIndexId, keys, 2, [&](HeapTuple t, TupleDesc) {
      auto* form = reinterpret_cast<Form_pg_depend>(GETSTRUCT(t));
      if (form->classid == RelationRelationId && form->objsubid > 0) {
        if (seen_tables.insert(form->objid).second) tables.push_back(form->objid);
      } else if (form->classid == TypeRelationId && seen_types.insert(form->objid).second) {
        dependent_types.push_back(form->objid);
      }
    });
    for (Oid dependent : dependent_types) {
      if (pg_call([&] { return get_typtype(dependent) == TYPTYPE_DOMAIN; })) pending.push_back(dependent);
    }
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

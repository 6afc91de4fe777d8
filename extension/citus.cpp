#include "citus.hpp"

#include <cstring>

#include "catalog_scan.hpp"
#include "citus_shape.hpp"
#include "pg_boundary.hpp"

extern "C" {
#include "common/hashfn.h"
#include "mb/pg_wchar.h"
}

namespace schemaguard {
namespace {

// A Citus catalog in pg_catalog (only a superuser can create relations there).
Oid citus_catalog(const char* name) {
  return pg_call([&] { return get_relname_relid(name, PG_CATALOG_NAMESPACE); });
}

// Every row of a catalog (a heap pass: these catalogs are small), or the rows an
// index scan with one key finds.
template <typename OnRow>
void scan(Oid catalog, Oid index, ScanKeyData* key, OnRow&& on_row) {
  scan_catalog(catalog, index, key, key ? 1 : 0, on_row);
}

// The column number of a catalog's column, looked up by name; 0 if it has none.
AttrNumber column_of(Oid catalog, const char* name) {
  return pg_call([&] {
    AttrNumber attnum = get_attnum(catalog, name);
    return attnum == InvalidAttrNumber ? AttrNumber{0} : attnum;
  });
}

// The attnum of the Var a hash-distributed table's partkey holds (nodeToString form).
AttrNumber partkey_column(const char* partkey) {
  return pg_call([&]() -> AttrNumber {
    Node* node = static_cast<Node*>(stringToNode(partkey));
    return node != nullptr && IsA(node, Var) ? castNode(Var, node)->varattno : AttrNumber{0};
  });
}

// The name Citus gives a shard of the relation named `logical`: the name with
// "_<shard id>", or, when that exceeds NAMEDATALEN - 1 bytes, the name clipped to leave
// room for "_" and an 8-hex-digit hash of the full name before "_<shard id>".
std::string shard_name(const std::string& logical, std::uint64_t shard_id) {
  const std::string suffix = "_" + std::to_string(shard_id);
  if (logical.size() + suffix.size() < NAMEDATALEN) return logical + suffix;
  return pg_call([&] {
    uint32 hash = DatumGetUInt32(
        hash_any(reinterpret_cast<const unsigned char*>(logical.data()), static_cast<int>(logical.size())));
    int clip = pg_mbcliplen(logical.data(), static_cast<int>(logical.size()),
                            NAMEDATALEN - static_cast<int>(suffix.size()) - 10);
    char hex[9];
    snprintf(hex, sizeof(hex), "%.8x", hash);
    return logical.substr(0, clip) + "_" + hex + suffix;
  });
}

struct RelationFacts {
  bool found = false;
  std::string name;
  Oid namespace_oid = InvalidOid;
  Oid owner = InvalidOid;
};

RelationFacts relation_facts(Oid relid) {
  RelationFacts facts;
  pg_call([&] {
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple)) return;
    auto* form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
    facts.namespace_oid = form->relnamespace;
    facts.owner = form->relowner;
    char name[NAMEDATALEN];
    strlcpy(name, NameStr(form->relname), NAMEDATALEN);
    ReleaseSysCache(tuple);
    facts.found = true;
    facts.name = name;
  });
  return facts;
}

// A session Citus opened to run its own commands on this node: Citus names them
// "citus_internal gpid=<n>" (and "citus_rebalancer gpid=<n>" for the rebalancer).
// Anyone can set application_name, so this is trusted only together with superuser().
bool citus_initiated_session() {
  const char* name = pg_call([] { return static_cast<const char*>(application_name); });
  if (name == nullptr) return false;
  auto starts = [name](const char* prefix) { return std::strncmp(name, prefix, std::strlen(prefix)) == 0; };
  return starts("citus_internal gpid=") || starts("citus_rebalancer gpid=");
}

}  // namespace

bool citus_superuser_session() {
  return citus_initiated_session() && pg_call([] { return superuser(); });
}

CitusMetadata CitusMetadata::load() {
  CitusMetadata metadata;
  Oid partition = citus_catalog("pg_dist_partition");
  if (!OidIsValid(partition)) return metadata;  // no Citus: one syscache lookup
  Oid local_group = citus_catalog("pg_dist_local_group");
  Oid shard = citus_catalog("pg_dist_shard");
  Oid shard_index = citus_catalog("pg_dist_shard_shardid_index");
  if (!OidIsValid(partition) || !OidIsValid(local_group) || !OidIsValid(shard) || !OidIsValid(shard_index))
    return metadata;
  AttrNumber logicalrelid = column_of(partition, "logicalrelid");
  AttrNumber partmethod = column_of(partition, "partmethod");
  AttrNumber partkey = column_of(partition, "partkey");
  AttrNumber groupid = column_of(local_group, "groupid");
  if (!logicalrelid || !partmethod || !partkey || !groupid) return metadata;

  metadata.present_ = true;
  metadata.shard_catalog_ = shard;
  metadata.shard_index_ = shard_index;
  scan(local_group, InvalidOid, nullptr, [&](HeapTuple tuple, TupleDesc descriptor) {
    bool is_null = false;
    Datum value = heap_getattr(tuple, groupid, descriptor, &is_null);
    if (!is_null) metadata.local_group_ = DatumGetInt32(value);
  });
  std::vector<std::pair<Oid, std::string>> hash_keys;
  scan(partition, InvalidOid, nullptr, [&](HeapTuple tuple, TupleDesc descriptor) {
    bool relid_null = false, method_null = false, key_null = false;
    Oid relid = DatumGetObjectId(heap_getattr(tuple, logicalrelid, descriptor, &relid_null));
    char method = DatumGetChar(heap_getattr(tuple, partmethod, descriptor, &method_null));
    Datum key = heap_getattr(tuple, partkey, descriptor, &key_null);
    if (relid_null) return;
    metadata.tables_[relid] = 0;
    if (method_null || method != 'h' || key_null) return;
    const char* key_text = pg_call([&] { return TextDatumGetCString(key); });
    hash_keys.emplace_back(relid, key_text);
  });
  for (const auto& [relid, key] : hash_keys) metadata.tables_[relid] = partkey_column(key.c_str());
  return metadata;
}

AttrNumber CitusMetadata::distribution_column(ObjectId relid) const {
  auto found = tables_.find(relid);
  return found == tables_.end() ? 0 : found->second;
}

ObjectId CitusMetadata::shard_of(const std::string& name, ObjectId namespace_oid, ObjectId owner) const {
  if (!present_) return 0;
  std::uint64_t shard_id = shard_suffix(name);
  if (shard_id == 0 || shard_id > static_cast<std::uint64_t>(PG_INT64_MAX)) return 0;
  AttrNumber logicalrelid = column_of(shard_catalog_, "logicalrelid");
  AttrNumber shardid = column_of(shard_catalog_, "shardid");
  if (!logicalrelid || !shardid) return 0;
  ScanKeyData key;
  pg_call([&] {
    ScanKeyInit(&key, shardid, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(static_cast<int64>(shard_id)));
  });
  Oid logical = InvalidOid;
  scan(shard_catalog_, shard_index_, &key, [&](HeapTuple tuple, TupleDesc descriptor) {
    bool is_null = false;
    Datum value = heap_getattr(tuple, logicalrelid, descriptor, &is_null);
    if (!is_null) logical = DatumGetObjectId(value);
  });
  if (!OidIsValid(logical)) return 0;
  RelationFacts facts = relation_facts(logical);
  if (!facts.found || facts.namespace_oid != namespace_oid || facts.owner != owner) return 0;
  return shard_name(facts.name, shard_id) == name ? logical : 0;
}

bool CitusMetadata::hidden(ObjectId relid, const std::string& name, ObjectId namespace_oid, ObjectId owner) const {
  if (!present_) return false;
  if (is_worker() && is_logical(relid)) return true;
  return shard_of(name, namespace_oid, owner) != 0;
}

CitusCommitPlan plan_citus_commit(const std::vector<ObjectId>& tables) {
  CitusCommitPlan plan;
  CitusMetadata citus = CitusMetadata::load();
  if (!citus.present()) {
    plan.tables = tables;
    return plan;
  }
  // Superusers may switch schemaguard off anyway: trusting what Citus does in their
  // name grants nothing new. Anyone else's shards are judged as their logical table.
  bool is_superuser = pg_call([] { return superuser(); });
  bool citus_session = citus_initiated_session();
  for (ObjectId relid : tables) {
    RelationFacts facts = relation_facts(relid);
    if (!facts.found) {
      plan.tables.push_back(relid);
      continue;
    }
    // Citus creating or moving a shard as a superuser: nothing to look up.
    if (is_superuser && citus_session && shard_suffix(facts.name) != 0) continue;
    if (ObjectId logical = citus.shard_of(facts.name, facts.namespace_oid, facts.owner)) {
      if (is_superuser) continue;
      LogicalForm form;
      form.shard_id = shard_suffix(facts.name);
      form.logical = logical;
      RelationFacts logical_facts = relation_facts(logical);
      form.logical_name = logical_facts.name;
      if (AttrNumber column = citus.distribution_column(logical)) {
        char* column_name = pg_call([&] { return get_attname(logical, column, true); });
        if (column_name != nullptr) form.distribution_column_name = column_name;
      }
      plan.tables.push_back(relid);
      plan.logical_forms[relid] = form;
    } else if ((citus.is_worker() || citus_session) && citus.is_logical(relid)) {
      if (!is_superuser) plan.tables.push_back(relid);  // a shell: a copy of the coordinator's table
    } else if (citus_session && shard_suffix(facts.name) != 0) {
      // Citus creates a shard before its pg_dist_shard row exists on this node.
      if (is_superuser) continue;
      LogicalForm form;
      form.shard_id = shard_suffix(facts.name);
      plan.tables.push_back(relid);
      plan.logical_forms[relid] = form;
    } else {
      plan.tables.push_back(relid);
    }
  }
  return plan;
}

void apply_logical_form(TableShape& shape, const LogicalForm& form) {
  if (!form.distribution_column_name.empty()) {
    if (const Column* column = shape.column(form.distribution_column_name)) {
      shape.distribution_column = column->attnum;
      shape.required_key_columns = {column->attnum};
    }
  }
  if (!form.logical_name.empty()) shape.name = form.logical_name;
  to_logical_form(shape, form.shard_id);
  if (form.logical != 0) shape.oid = form.logical;
}

void attribute_to_shard(Violation& violation, const LogicalForm& form, const TableShape& shard) {
  if (form.logical != 0) return;
  violation.table = shard.name;
  violation.qualified_table = shard.qualified_name;
  violation.hint.clear();
}

}  // namespace schemaguard

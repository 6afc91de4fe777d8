#include "ddl_model.hpp"

#include <algorithm>

#include "ddl_util.hpp"

namespace ddlfuzz {

std::string Table::qualified() const { return temp ? "pg_temp." + qi(name) : qn(schema, name); }

const Column* Table::column(const std::string& wanted) const {
  for (const Column& c : columns)
    if (c.name == wanted) return &c;
  return nullptr;
}

const Constraint* Table::primary_key() const {
  for (const Constraint& c : constraints)
    if (c.type == 'p') return &c;
  return nullptr;
}

std::string CompositeType::qualified() const { return qn(schema, name); }

namespace {

// Lists are returned joined with the ASCII unit separator (never in a generated name).
const char kSep = '\x1f';

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = text.find(kSep, start);
    items.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return items;
}

}  // namespace

std::string own_schema_predicate(const std::string& column, const std::string& main, const std::string& other) {
  return "(" + column + " IN (" + ql(main) + ", " + ql(other) + ") OR " + column + " LIKE " + ql(main + "\\_s%") + ")";
}

Model::Model(std::string main, std::string other, std::string shared)
    : main_(std::move(main)), other_(std::move(other)), shared_(std::move(shared)) {}

void Model::prepare(pqxx::connection_base& connection) const {
  // the session's schemas and the shared one
  const std::string in_model =
      "(" + own_schema_predicate("n.nspname", main_, other_) + " OR n.nspname = " + ql(shared_) + ")";
  // relations: also those of the session's temporary schema
  const std::string relation_filter = "(" + in_model + " OR c.relnamespace = pg_catalog.pg_my_temp_schema())";
  const std::string rels =
      "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE c.relkind IN ('r', 'p') AND " +
      relation_filter;
  connection.prepare(
      "ddlfuzz_tables",
      "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence = 't', c.relispartition,"
      " coalesce((SELECT i.inhparent FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid"
      "           ORDER BY i.inhseqno LIMIT 1), 0),"
      " coalesce(pg_catalog.pg_get_expr(c.relpartbound, c.oid), ''), coalesce(p.partstrat::text, ''),"
      " coalesce((SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid"
      "           AND a.attnum = p.partattrs[0]), ''),"
      " coalesce((SELECT pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.typname)"
      "           FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace"
      "           WHERE t.oid = c.reloftype), ''),"
      " n.nspname = " +
          ql(shared_) +
          ", c.relpersistence = 'u',"
          " EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          "         AND d.objid = c.oid AND d.deptype = 'e')" +
          " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          " LEFT JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = c.oid"
          " WHERE c.relkind IN ('r', 'p') AND " +
          relation_filter + " ORDER BY c.oid");
  connection.prepare(
      "ddlfuzz_columns",
      "SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,"
      " coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''), a.attgenerated <> '', a.attidentity <> '',"
      " a.attinhcount > 0"
      " FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = "
      "a.attnum"
      " WHERE a.attrelid IN (" +
          rels + ") AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum");
  connection.prepare(
      "ddlfuzz_constraints",
      "SELECT k.conrelid, k.conname, k.contype,"
      " coalesce((SELECT pg_catalog.string_agg(a.attname::text, E'\\x1f' ORDER BY u.ord)"
      "           FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY u (attnum, ord)"
      "           JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum), ''),"
      " k.confrelid, coalesce(nullif(k.confdeltype, ' ')::text, ''), k.conislocal, k.conparentid <> 0"
      " FROM pg_catalog.pg_constraint k WHERE k.conrelid IN (" +
          rels + ") ORDER BY k.conrelid, k.conname");
  connection.prepare("ddlfuzz_indexes",
                     "SELECT i.indrelid, ic.relname, i.indisunique,"
                     " EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid"
                     "         AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')),"
                     " i.indexprs IS NOT NULL, i.indpred IS NOT NULL,"
                     " coalesce((SELECT pg_catalog.string_agg(coalesce(a.attname::text, ''), E'\\x1f' ORDER BY u.ord)"
                     "           FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY u (attnum, ord)"
                     "           LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum"
                     "           WHERE u.ord <= i.indnkeyatts), '')"
                     " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
                     " WHERE i.indrelid IN (" +
                         rels + ") ORDER BY i.indrelid, ic.relname");
  connection.prepare("ddlfuzz_types",
                     "SELECT n.nspname, t.typname,"
                     " coalesce((SELECT pg_catalog.string_agg(a.attname || E'\\x1f' || "
                     "pg_catalog.format_type(a.atttypid, a.atttypmod),"
                     "                  E'\\x1f' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a"
                     "           WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), ''),"
                     " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname)"
                     " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                     " JOIN pg_catalog.pg_class r ON r.oid = t.typrelid AND r.relkind = 'c'"
                     " WHERE " +
                         in_model + " ORDER BY n.nspname, t.typname");
  connection.prepare(
      "ddlfuzz_names",
      "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE " +
          in_model +
          " UNION SELECT n.nspname, t.typname FROM pg_catalog.pg_type t"
          " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE " +
          in_model);
  // defaults of other tables using a sequence this table owns (serial columns copied by LIKE)
  connection.prepare("ddlfuzz_sequence_users",
                     "SELECT DISTINCT owner.refobjid, d.adrelid FROM pg_catalog.pg_depend owner"
                     " JOIN pg_catalog.pg_depend used ON used.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
                     "  AND used.refobjid = owner.objid AND used.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass"
                     " JOIN pg_catalog.pg_attrdef d ON d.oid = used.objid"
                     " WHERE owner.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
                     "  AND owner.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND owner.deptype = 'a'"
                     "  AND d.adrelid <> owner.refobjid AND owner.refobjid IN (" +
                         rels + ")");
  connection.prepare("ddlfuzz_schemas", "SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE " +
                                            ql(main_ + "\\_s%") + " ORDER BY 1");
}

void Model::load(pqxx::transaction_base& tx) {
  tables.clear();
  types.clear();
  dynamic_schemas.clear();
  names_.clear();
  std::map<Oid, std::size_t> at;
  for (const auto& row : tx.exec_prepared("ddlfuzz_tables")) {
    Table t;
    t.oid = row[0].as<Oid>();
    t.schema = row[1].c_str();
    t.name = row[2].c_str();
    t.kind = row[3].c_str()[0];
    t.temp = row[4].as<bool>();
    t.partition = row[5].as<bool>();
    t.parent = row[6].as<Oid>();
    t.bound = row[7].c_str();
    t.strategy = row[8].c_str()[0];
    t.partition_key = row[9].c_str();
    t.of_type = row[10].c_str();
    t.shared = row[11].as<bool>();
    t.unlogged = row[12].as<bool>();
    t.member = row[13].as<bool>();
    at[t.oid] = tables.size();
    tables.push_back(std::move(t));
  }
  for (const auto& row : tx.exec_prepared("ddlfuzz_columns")) {
    auto found = at.find(row[0].as<Oid>());
    if (found == at.end()) continue;
    Column c;
    c.name = row[1].c_str();
    c.type = row[2].c_str();
    c.not_null = row[3].as<bool>();
    c.default_expr = row[4].c_str();
    c.generated = row[5].as<bool>();
    c.identity = row[6].as<bool>();
    c.inherited = row[7].as<bool>();
    tables[found->second].columns.push_back(std::move(c));
  }
  for (const auto& row : tx.exec_prepared("ddlfuzz_constraints")) {
    auto found = at.find(row[0].as<Oid>());
    if (found == at.end()) continue;
    Constraint k;
    k.name = row[1].c_str();
    k.type = row[2].c_str()[0];
    k.columns = split(row[3].c_str());
    k.references = row[4].as<Oid>();
    k.on_delete = row[5].c_str()[0];
    k.local = row[6].as<bool>();
    k.cloned = row[7].as<bool>();
    tables[found->second].constraints.push_back(std::move(k));
  }
  for (const auto& row : tx.exec_prepared("ddlfuzz_indexes")) {
    auto found = at.find(row[0].as<Oid>());
    if (found == at.end()) continue;
    Index i;
    i.name = row[1].c_str();
    i.unique = row[2].as<bool>();
    i.backs_constraint = row[3].as<bool>();
    i.expression = row[4].as<bool>();
    i.partial = row[5].as<bool>();
    i.columns = split(row[6].c_str());
    tables[found->second].indexes.push_back(std::move(i));
  }
  for (Table& t : tables) {
    if (t.parent != 0) {
      auto parent = at.find(t.parent);
      if (parent != at.end()) tables[parent->second].children.push_back(t.oid);
    }
    for (const Constraint& k : t.constraints) {
      if (k.type != 'f') continue;  // clones too: a partition of a referenced table is referenced
      auto target = at.find(k.references);
      if (target != at.end() && target->second != static_cast<std::size_t>(&t - tables.data()))
        tables[target->second].referenced_by.push_back(t.oid);
    }
  }
  for (const auto& row : tx.exec_prepared("ddlfuzz_sequence_users")) {
    auto owner = at.find(row[0].as<Oid>());
    if (owner != at.end()) tables[owner->second].referenced_by.push_back(row[1].as<Oid>());
  }
  for (const auto& row : tx.exec_prepared("ddlfuzz_types")) {
    CompositeType type;
    type.schema = row[0].c_str();
    type.name = row[1].c_str();
    std::vector<std::string> parts = split(row[2].c_str());
    for (std::size_t i = 0; i + 1 < parts.size(); i += 2) type.attributes.emplace_back(parts[i], parts[i + 1]);
    const std::string qualified = row[3].c_str();
    for (const Table& t : tables) type.typed_tables += t.of_type == qualified ? 1 : 0;
    types.push_back(std::move(type));
  }
  for (const auto& row : tx.exec_prepared("ddlfuzz_names")) names_[row[0].c_str()].insert(row[1].c_str());
  dynamic_schemas.clear();
  for (const auto& row : tx.exec_prepared("ddlfuzz_schemas")) dynamic_schemas.push_back(row[0].c_str());
}

const Table* Model::find(Oid oid) const {
  for (const Table& t : tables)
    if (t.oid == oid) return &t;
  return nullptr;
}

const Table* Model::find(const std::string& schema, const std::string& name) const {
  for (const Table& t : tables)
    if (t.schema == schema && t.name == name) return &t;
  return nullptr;
}

bool Model::name_taken(const std::string& schema, const std::string& name) const {
  auto found = names_.find(schema);
  return found != names_.end() && found->second.count(truncate_name(name)) > 0;
}

}  // namespace ddlfuzz

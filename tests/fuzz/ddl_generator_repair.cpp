// Fixes for a table that looks non-compliant, so that many transactions break something and
// then end compliant. "Looks": a rough reading of the model, only to aim the generator; the
// verdict is the oracle's. What cannot be fixed simply is left (the transaction is rejected)
// or, sometimes, the table is dropped.
#include "ddl_generator.hpp"

namespace ddlfuzz {

namespace {

bool good_index_name(const Table& t, const Index& i) {
  const std::string prefix = "idx_" + t.name + "_";
  if (i.columns.empty() || i.columns[0].empty())
    return starts_with(i.name, truncate_name(prefix)) && i.name.size() > prefix.size();
  const std::string full = prefix + i.columns[0];
  return i.name == truncate_name(full) || (starts_with(i.name, full + "_") && i.name.size() > full.size() + 1);
}

}  // namespace

Generator::Statements Generator::repair_table(const Model& model, const Table& t) {
  const std::string uuid_default = "pg_catalog.gen_random_uuid()";
  const bool typed = !t.of_type.empty();
  std::vector<std::string> subs;  // subcommands of one ALTER TABLE
  Statements indexes;
  bool give_up = false;
  auto alterable = [&](const Column& c) { return !c.inherited && !typed && c.name != t.partition_key; };

  // the key
  const Constraint* pk = t.primary_key();
  const Column* key = pk != nullptr && pk->columns.size() == 1 ? t.column(pk->columns[0]) : nullptr;
  if (key != nullptr && key->type == "uuid") {
    if (!looks_like_uuid_default(key->default_expr))
      subs.push_back("ALTER COLUMN " + qi(key->name) + " SET DEFAULT " + uuid_default);
  } else if (t.kind == 'p' || (pk != nullptr && !pk->local)) {
    give_up = true;  // a partitioned table's key must hold the partition key
  } else {
    const Column* id = t.column("id");
    if (pk != nullptr) subs.push_back("DROP CONSTRAINT " + qi(pk->name) + " CASCADE");
    if (id != nullptr && id->type == "uuid" && !id->generated) {
      subs.push_back("ADD PRIMARY KEY (id)");
      if (!looks_like_uuid_default(id->default_expr)) subs.push_back("ALTER COLUMN id SET DEFAULT " + uuid_default);
    } else if (id != nullptr && alterable(*id)) {
      subs.push_back("DROP COLUMN id CASCADE");
      subs.push_back("ADD COLUMN id uuid PRIMARY KEY DEFAULT " + uuid_default);
    } else if (id == nullptr && !typed) {
      subs.push_back("ADD COLUMN id uuid PRIMARY KEY DEFAULT " + uuid_default);
    } else {
      give_up = true;
    }
  }

  // created_at, updated_at
  for (const char* name : {"created_at", "updated_at"}) {
    const Column* c = t.column(name);
    const std::string add = std::string("ADD COLUMN ") + name + " timestamptz NOT NULL DEFAULT now()";
    if (c == nullptr) {
      if (typed)
        give_up = true;
      else
        subs.push_back(add);
    } else if (!is_timestamptz(c->type) || c->generated) {
      if (!alterable(*c)) {
        give_up = true;
      } else {
        subs.push_back(std::string("DROP COLUMN ") + name + " CASCADE");
        subs.push_back(add);
      }
    } else {
      if (!c->not_null) subs.push_back(std::string("ALTER COLUMN ") + name + " SET NOT NULL");
      if (!looks_like_now_default(c->default_expr))
        subs.push_back(std::string("ALTER COLUMN ") + name + " SET DEFAULT now()");
    }
  }

  // deleted_at
  const Column* deleted = t.column("deleted_at");
  if (deleted == nullptr) {
    if (typed)
      give_up = true;
    else
      subs.push_back("ADD COLUMN deleted_at timestamptz");
  } else if (!is_timestamptz(deleted->type) || deleted->generated) {
    if (!alterable(*deleted)) {
      give_up = true;
    } else {
      subs.push_back("DROP COLUMN deleted_at CASCADE");
      subs.push_back("ADD COLUMN deleted_at timestamptz");
    }
  } else {
    if (deleted->not_null) subs.push_back("ALTER COLUMN deleted_at DROP NOT NULL");
    if (!deleted->default_expr.empty()) subs.push_back("ALTER COLUMN deleted_at DROP DEFAULT");
  }

  // foreign keys
  for (const Constraint& k : t.constraints) {
    if (k.type != 'f' || k.cloned || !k.local) continue;
    bool bad = k.on_delete != 'c' && k.on_delete != 'n';
    if (k.on_delete == 'n')
      for (const std::string& column : k.columns)
        if (const Column* c = t.column(column)) bad |= c->not_null;
    if (bad) subs.push_back("DROP CONSTRAINT " + qi(k.name));
  }

  // index names
  for (const Index& i : t.indexes) {
    if (i.backs_constraint || good_index_name(t, i)) continue;
    const std::string first = i.columns.empty() || i.columns[0].empty() ? "e" + number() : i.columns[0];
    Index renamed = i;
    renamed.name = fresh_name(model, t.schema, "idx_" + t.name + "_" + first);
    if (good_index_name(t, renamed) && truncate_name(renamed.name) == renamed.name)
      indexes.push_back("ALTER INDEX " + qn(t.schema, i.name) + " RENAME TO " + qi(renamed.name));
    else
      indexes.push_back("DROP INDEX " + qn(t.schema, i.name));
  }

  if (give_up) return rng_.chance(0.3) ? Statements{"DROP TABLE " + t.qualified() + " CASCADE"} : Statements{};
  Statements out;
  if (!subs.empty()) {
    std::string sql = "ALTER TABLE " + t.qualified() + " ";
    for (std::size_t i = 0; i < subs.size(); ++i) sql += (i ? ", " : "") + subs[i];
    out.push_back(sql);
  }
  out.insert(out.end(), indexes.begin(), indexes.end());
  return out;
}

}  // namespace ddlfuzz

// Operations that change existing tables: columns, defaults, constraints, foreign keys,
// indexes, renames, SET SCHEMA, drops, ATTACH/DETACH PARTITION, NO INHERIT.
#include "ddl_generator.hpp"

namespace ddlfuzz {

namespace {

bool is_core(const Table& t, const std::string& column) {
  if (column == "created_at" || column == "updated_at" || column == "deleted_at") return true;
  if (const Constraint* pk = t.primary_key())
    for (const std::string& c : pk->columns)
      if (c == column) return true;
  return false;
}

// columns an ALTER TABLE may drop, rename or retype on their own
bool alterable(const Table& t, const Column& c) {
  return !c.inherited && t.of_type.empty() && c.name != t.partition_key;
}

std::vector<const Column*> extras(const Table& t) {
  std::vector<const Column*> out;
  for (const Column& c : t.columns)
    if (!is_core(t, c.name) && alterable(t, c)) out.push_back(&c);
  return out;
}

bool text_like(const std::string& type) {
  return type == "text" || starts_with(type, "character varying") || type.find("dom_text") != std::string::npos;
}

bool integer_like(const std::string& type) { return type == "integer" || type == "bigint" || type == "smallint"; }

bool in_unique(const Table& t, const std::string& column) {
  for (const Constraint& k : t.constraints)
    if (k.type == 'p' || k.type == 'u')
      for (const std::string& c : k.columns)
        if (c == column) return true;
  return false;
}

// A weighted candidate: a subcommand of ALTER TABLE (sub) or whole statements.
struct Candidate {
  int weight;
  bool sub;
  std::vector<std::string> sql;
};

}  // namespace

Generator::Statements Generator::alter_neutral(const Model& model) {
  const Table* t = pick_table(model, [](const Table& x) { return x.in_scope(); });
  if (t == nullptr) return {};
  const std::string table = t->qualified();
  std::vector<Candidate> c;
  const bool typed = !t->of_type.empty();
  if (!typed) {
    std::string column;
    std::string type = extra_column_type(&column);
    if (t->column(column) != nullptr) column += "_" + number();
    std::string add = std::string("ADD COLUMN ") + (rng_.chance(0.1) ? "IF NOT EXISTS " : "") + qi(column) + " " + type;
    if (type.find("serial") == std::string::npos && rng_.chance(0.3))
      add += " DEFAULT " + literal_default(type) + (rng_.chance(0.4) ? " NOT NULL" : "");
    c.push_back({20, true, {add}});
  }
  std::vector<const Column*> ex = extras(*t);
  if (!ex.empty()) {
    const Column* e = rng_.pick(ex);
    const std::string col = qi(e->name);
    bool cascade = (in_unique(*t, e->name) && !t->referenced_by.empty()) || rng_.chance(0.3);
    c.push_back(
        {8,
         true,
         {"DROP COLUMN " + std::string(rng_.chance(0.1) ? "IF EXISTS " : "") + col + (cascade ? " CASCADE" : "")}});
    std::string to;
    if (e->type == "integer" || e->type == "smallint")
      to = "bigint";
    else if (e->type == "text")
      to = "varchar(200)";
    else if (starts_with(e->type, "character varying"))
      to = "text";
    else if (starts_with(e->type, "numeric"))
      to = "numeric(20,4)";
    if (!to.empty() && !e->generated && e->default_expr.find("nextval") == std::string::npos)
      c.push_back({5, true, {"ALTER COLUMN " + col + " TYPE " + to + " USING " + col + "::" + to}});
    if (!e->generated && !e->identity) {
      c.push_back({4, true, {"ALTER COLUMN " + col + (e->not_null ? " DROP NOT NULL" : " SET NOT NULL")}});
      c.push_back({4,
                   true,
                   {e->default_expr.empty() ? "ALTER COLUMN " + col + " SET DEFAULT " + literal_default(e->type)
                                            : "ALTER COLUMN " + col + " DROP DEFAULT"}});
    }
    bool indexed = false;
    for (const Index& i : t->indexes) indexed |= !i.backs_constraint && !i.columns.empty() && i.columns[0] == e->name;
    if (!indexed) c.push_back({4, true, {"RENAME COLUMN " + col + " TO " + qi("renamed_" + number())}});
    if (integer_like(e->type))
      c.push_back(
          {2,
           true,
           {"ADD CONSTRAINT " + qi(fresh_name(model, t->schema, "chk_" + number())) + " CHECK (" + col + " >= 0)"}});
    if (e->type != "jsonb" && !e->generated) {
      std::string key = t->kind == 'p' ? qi(t->partition_key) + ", " + col : col;
      c.push_back({3,
                   true,
                   {std::string("ADD ") +
                    (rng_.chance(0.5) ? "CONSTRAINT " + qi(fresh_name(model, t->schema, "uq_" + number())) + " " : "") +
                    "UNIQUE (" + key + ")"}});
    }
  }
  if (t->column("created_at") != nullptr && t->column("updated_at") != nullptr &&
      is_timestamptz(t->column("created_at")->type) && is_timestamptz(t->column("updated_at")->type))
    c.push_back({2,
                 true,
                 {std::string("ADD CHECK (created_at <= updated_at + interval '1 day')") +
                  (t->kind == 'r' && rng_.chance(0.3) ? " NOT VALID" : "")}});
  for (const Constraint& k : t->constraints) {
    if (!k.local || k.cloned) continue;
    if (k.type == 'c' || k.type == 'u') {
      bool cascade = k.type == 'u' && !t->referenced_by.empty();
      c.push_back({2, true, {"DROP CONSTRAINT " + qi(k.name) + (cascade ? " CASCADE" : "")}});
    }
    if (!typed)  // PostgreSQL refuses RENAME CONSTRAINT on typed tables
      c.push_back({1,
                   true,
                   {"RENAME CONSTRAINT " + qi(k.name) + " TO " + qi(fresh_name(model, t->schema, "con_" + number()))}});
    if (k.type == 'f') c.push_back({1, true, {"ALTER CONSTRAINT " + qi(k.name) + " DEFERRABLE INITIALLY DEFERRED"}});
  }
  for (const char* name : {"created_at", "updated_at"}) {
    const Column* ts = t->column(name);
    if (ts == nullptr || !is_timestamptz(ts->type) || ts->generated) continue;
    c.push_back({3, true, {std::string("ALTER COLUMN ") + name + " SET DEFAULT " + timestamp_default()}});
    if (alterable(*t, *ts)) c.push_back({1, true, {std::string("ALTER COLUMN ") + name + " TYPE timestamptz(3)"}});
  }
  if (const Constraint* pk = t->primary_key())
    if (pk->columns.size() == 1)
      c.push_back({2, true, {"ALTER COLUMN " + qi(pk->columns[0]) + " SET DEFAULT " + key_default()}});
  if (t->kind == 'r') {
    c.push_back({2, true, {rng_.chance(0.5) ? "SET (fillfactor = 70)" : "RESET (fillfactor)"}});
    bool has_fk = !t->referenced_by.empty();
    for (const Constraint& k : t->constraints) has_fk |= k.type == 'f';
    if (!has_fk) c.push_back({1, true, {rng_.chance(0.5) ? "SET UNLOGGED" : "SET LOGGED"}});
  }
  c.push_back({1, true, {"REPLICA IDENTITY FULL"}});
  c.push_back({1, true, {"ENABLE ROW LEVEL SECURITY"}});
  c.push_back({2, false, {"COMMENT ON TABLE " + table + " IS " + ql("note " + number())}});
  if (t->column("updated_at") != nullptr)
    c.push_back({2,
                 false,
                 {"CREATE TRIGGER " + qi("trg_" + number()) + " BEFORE UPDATE ON " + table +
                  " FOR EACH ROW EXECUTE FUNCTION schemaguard.touch_updated_at()"}});

  std::vector<int> weights;
  for (const Candidate& x : c) weights.push_back(x.weight);
  const Candidate& first = c[rng_.weighted(weights)];
  if (!first.sub) return first.sql;
  std::string sql = "ALTER TABLE " + table + " " + first.sql[0];
  // sometimes a new column in the same statement (RENAME stands alone)
  if (!typed && &first != &c[0] && !starts_with(first.sql[0], "RENAME") && rng_.chance(0.2)) sql += ", " + c[0].sql[0];
  return {wrap(sql)};
}

Generator::Statements Generator::alter_breaking(const Model& model) {
  const Table* t = pick_table(model, [](const Table& x) { return x.in_scope(); });
  if (t == nullptr) return {};
  std::vector<Candidate> c;
  const Constraint* pk = t->primary_key();
  bool referenced = !t->referenced_by.empty();
  for (const Constraint& k : t->constraints) referenced |= k.type == 'f' && k.references == t->oid;
  for (const char* name : {"created_at", "updated_at", "deleted_at"}) {
    const Column* col = t->column(name);
    if (col == nullptr) continue;
    const std::string n = name;
    if (alterable(*t, *col)) {
      c.push_back({3, true, {"DROP COLUMN " + n + (rng_.chance(0.3) ? " CASCADE" : "")}});
      c.push_back({2, true, {"RENAME COLUMN " + n + " TO " + qi(n + "_" + number())}});
      if (!col->generated) {
        if (n == "deleted_at") {
          c.push_back({2, true, {"ALTER COLUMN deleted_at TYPE timestamp"}});
        } else {
          c.push_back(
              {2,
               true,
               {"ALTER COLUMN " + n + " TYPE " + rng_.pick(std::vector<std::string>{"timestamp", "date", "text"})}});
        }
      }
    }
    if (col->generated) continue;
    if (n == "deleted_at") {
      c.push_back({2, true, {"ALTER COLUMN deleted_at SET NOT NULL"}});
      c.push_back({2, true, {"ALTER COLUMN deleted_at SET DEFAULT now()"}});
    } else {
      if (n != t->partition_key) c.push_back({2, true, {"ALTER COLUMN " + n + " DROP NOT NULL"}});
      c.push_back({2, true, {"ALTER COLUMN " + n + " DROP DEFAULT"}});
      c.push_back({2,
                   true,
                   {"ALTER COLUMN " + n + " SET DEFAULT " +
                    rng_.pick(std::vector<std::string>{"'2020-01-01'", "LOCALTIMESTAMP", "now() + interval '1 day'",
                                                       "timeofday()::timestamptz"})}});
    }
  }
  if (pk != nullptr && pk->local) {
    const std::string pkc = pk->columns.empty() ? "id" : qi(pk->columns[0]);
    const std::string cascade = referenced ? " CASCADE" : "";
    c.push_back({3, true, {"DROP CONSTRAINT " + qi(pk->name) + cascade}});
    if (t->column("created_at") != nullptr)
      c.push_back(
          {2, true, {"DROP CONSTRAINT " + qi(pk->name) + " CASCADE, ADD PRIMARY KEY (" + pkc + ", created_at)"}});
    if (t->kind == 'r')
      c.push_back({1, true, {"DROP CONSTRAINT " + qi(pk->name) + " CASCADE, ADD UNIQUE (" + pkc + ")"}});
    if (pk->columns.size() == 1) {
      const Column* key = t->column(pk->columns[0]);
      c.push_back({2, true, {"ALTER COLUMN " + pkc + " DROP DEFAULT"}});
      c.push_back({3,
                   true,
                   {"ALTER COLUMN " + pkc + " SET DEFAULT " +
                    rng_.pick(std::vector<std::string>{
                        "public.gen_random_uuid()", qn(names_.main, "gen_random_uuid") + "()",
                        "'00000000-0000-0000-0000-000000000000'", "md5(random()::text)::uuid"})}});
      if (key != nullptr && alterable(*t, *key) && !referenced && !t->has_children())
        c.push_back(
            {1,
             true,
             {"ALTER COLUMN " + pkc + " DROP DEFAULT, ALTER COLUMN " + pkc + " TYPE text USING " + pkc + "::text"}});
      if (key != nullptr && alterable(*t, *key))
        c.push_back({2, true, {"DROP COLUMN " + pkc + (referenced || rng_.chance(0.3) ? " CASCADE" : "")}});
    }
  }
  for (const Index& i : t->indexes) {  // renaming an indexed column misnames the index
    if (i.backs_constraint || i.columns.empty() || i.columns[0].empty()) continue;
    const Column* col = t->column(i.columns[0]);
    if (col != nullptr && alterable(*t, *col) && !is_core(*t, col->name))
      c.push_back({3, true, {"RENAME COLUMN " + qi(col->name) + " TO " + qi("moved_" + number())}});
  }
  for (const Constraint& k : t->constraints) {  // SET NULL, then NOT NULL on its column
    if (k.type != 'f' || k.on_delete != 'n' || k.columns.size() != 1 || !k.local) continue;
    const Column* col = t->column(k.columns[0]);
    if (col != nullptr && !col->not_null) c.push_back({3, true, {"ALTER COLUMN " + qi(col->name) + " SET NOT NULL"}});
  }
  for (const Column& col : t->columns)
    if (col.generated && !col.inherited) c.push_back({2, true, {"ALTER COLUMN " + qi(col.name) + " DROP EXPRESSION"}});
  const Column* created = t->column("created_at");
  const Column* updated = t->column("updated_at");
  if (created != nullptr && is_timestamptz(created->type) && updated != nullptr && alterable(*t, *updated))
    c.push_back({1,
                 true,
                 {"DROP COLUMN updated_at, ADD COLUMN updated_at timestamptz GENERATED ALWAYS AS (created_at) STORED "
                  "NOT NULL"}});
  if (c.empty()) return {};
  std::vector<int> weights;
  for (const Candidate& x : c) weights.push_back(x.weight);
  return {wrap("ALTER TABLE " + t->qualified() + " " + c[rng_.weighted(weights)].sql[0])};
}

Generator::Statements Generator::foreign_key(const Model& model) {
  const Table* from = pick_table(model, [](const Table& x) { return x.in_scope(); });
  if (from == nullptr) return {};
  const std::string table = from->qualified();
  if (rng_.chance(0.12)) {
    for (const Constraint& k : from->constraints)
      if (k.type == 'f' && k.local && !k.cloned)
        return {wrap("ALTER TABLE " + table + " DROP CONSTRAINT " + qi(k.name))};
  }
  const Table* target = pick_fk_target(model, from);
  if (target == nullptr) return {};
  const Column* key = referenceable_column(*target);
  const std::string references = " REFERENCES " + target->qualified() + " (" + qi(key->name) + ")";
  bool set_null = false;
  std::string action = on_delete_clause(&set_null);
  std::vector<const Column*> existing;
  for (const Column& c : from->columns)
    if (c.type == key->type && !is_core(*from, c.name) && !c.generated) existing.push_back(&c);
  if (existing.empty() || rng_.chance(0.6)) {
    if (!from->of_type.empty()) return {};  // typed tables take no new columns
    bool not_null = set_null ? rng_.chance(0.12) : rng_.chance(0.15);
    return {wrap("ALTER TABLE " + table + " ADD COLUMN " + qi("ref" + number() + "_id") + " " + key->type +
                 (not_null ? " NOT NULL" : "") + references + action)};
  }
  const Column* column = rng_.pick(existing);
  if (set_null && rng_.chance(0.25)) action = " ON DELETE SET NULL (" + qi(column->name) + ")";
  std::string sql = "ALTER TABLE " + table + " ADD CONSTRAINT " +
                    qi(fresh_name(model, from->schema, "fk_" + number())) + " FOREIGN KEY (" + qi(column->name) + ")" +
                    references + action;
  if (from->kind == 'r' && rng_.chance(0.2)) sql += " NOT VALID";
  return {wrap(sql)};
}

Generator::Statements Generator::create_index(const Model& model) {
  const Table* t = pick_table(model, [](const Table& x) { return x.in_scope() && !x.columns.empty(); });
  if (t == nullptr) return {};
  const Column& col = rng_.pick(t->columns);
  const Column& other = rng_.pick(t->columns);
  const std::string table = t->qualified();
  const std::string good = "idx_" + t->name + "_" + col.name;
  std::string name, keys = qi(col.name), suffix;
  bool unique = false, hash = false, only = false;
  switch (rng_.weighted({22, 10, 8, 7, 5, 6, 4, 3, 10, 6, 5, 5, 4, 3, 2})) {
    case 0:
      name = good;
      break;
    case 1:
      name = good + "_" + rng_.pick(std::vector<std::string>{"active", "lookup", "n" + number()});
      break;
    case 2:  // two columns, named after the first
      name = good + "_" + other.name;
      if (other.name != col.name) keys += ", " + qi(other.name);
      break;
    case 3:  // partial
      name = good + "_part";
      suffix =
          t->column("deleted_at") != nullptr ? " WHERE deleted_at IS NULL" : " WHERE " + qi(col.name) + " IS NOT NULL";
      break;
    case 4:  // unique index, not a constraint: named like any index
      name = good + "_key";
      unique = t->kind == 'r' || col.name == t->partition_key;
      break;
    case 5:  // expression
      name = "idx_" + t->name + "_" + rng_.pick(std::vector<std::string>{"lower", "expr", "e" + number()});
      keys = text_like(col.type)      ? "lower(" + qi(col.name) + ")"
             : integer_like(col.type) ? "(" + qi(col.name) + " + 1)"
                                      : "(" + qi(col.name) + " IS NULL)";
      break;
    case 6:  // INCLUDE
      name = good + "_incl";
      if (other.name != col.name) suffix = " INCLUDE (" + qi(other.name) + ")";
      break;
    case 7:
      name = good + "_hash";
      hash = true;
      break;
    case 8:
      name = "";
      break;  // PostgreSQL names it <table>_<column>_idx
    case 9:
      name = t->name + "_" + col.name + "_idx";
      break;
    case 10:
      name = rng_.pick(std::vector<std::string>{"ix_" + number(), "idx_" + col.name, "idx_" + t->name});
      break;
    case 11:
      name = "idx_" + t->name + "_" + (other.name == col.name ? "x" + number() : other.name);
      break;  // another column
    case 12:
      name = rng_.chance(0.5) ? "IDX_" + t->name + "_" + col.name : good + "x";
      break;  // case, no separator
    case 13:  // expression, unnamed or with nothing after the prefix
      name = rng_.chance(0.5) ? "" : "idx_" + t->name + "_";
      keys = "(" + qi(col.name) + " IS NULL)";
      break;
    default:
      name = good;
      only = t->kind == 'p';
      break;
  }
  if (!name.empty()) name = fresh_name(model, t->schema, name);
  std::string sql = std::string("CREATE ") + (unique ? "UNIQUE " : "") + "INDEX " +
                    (!name.empty() && rng_.chance(0.08) ? "IF NOT EXISTS " : "") +
                    (name.empty() ? "" : qi(name) + " ") + "ON " + (only ? "ONLY " : "") + table +
                    (hash ? " USING hash" : "") + " (" + keys + (rng_.chance(0.05) && !hash ? " DESC NULLS LAST" : "") +
                    ")" + suffix;
  return {wrap(sql)};
}

Generator::Statements Generator::change_index(const Model& model) {
  const Table* t = pick_table(model, [](const Table& x) { return x.in_scope() && !x.indexes.empty(); });
  if (t == nullptr) return {};
  const Index& i = rng_.pick(t->indexes);
  const std::string index = qn(t->schema, i.name);
  const std::string first = i.columns.empty() || i.columns[0].empty() ? "e" + number() : i.columns[0];
  std::string good =
      fresh_name(model, t->schema, "idx_" + t->name + "_" + first + (rng_.chance(0.3) ? "_r" + number() : ""));
  std::string bad =
      fresh_name(model, t->schema, rng_.chance(0.5) ? "ix_" + number() : t->name + "_" + number() + "_idx");
  switch (rng_.weighted({i.backs_constraint ? 0 : 30, 40, 8, 10, 5})) {
    case 0:
      return {wrap(std::string("DROP INDEX ") + (rng_.chance(0.1) ? "IF EXISTS " : "") + index +
                   (rng_.chance(0.1) ? " CASCADE" : ""))};
    case 1:
      return {wrap(std::string(rng_.chance(0.1) ? "ALTER TABLE " : "ALTER INDEX ") + index + " RENAME TO " +
                   qi(rng_.chance(0.6) ? good : bad))};
    case 2: {
      if (i.unique && !i.backs_constraint && !i.partial && !i.expression && t->kind == 'r')
        return {wrap("ALTER TABLE " + t->qualified() + " ADD CONSTRAINT " +
                     qi(fresh_name(model, t->schema, "uq_" + number())) + " UNIQUE USING INDEX " + qi(i.name))};
      if (t->kind != 'r') return {};
      // a badly named unique index, then the constraint it backs (renamed after it)
      const Column& col = rng_.pick(t->columns);
      if (col.type == "jsonb") return {};
      const std::string scratch = fresh_name(model, t->schema, "u_" + number());
      return {"CREATE UNIQUE INDEX " + qi(scratch) + " ON " + t->qualified() + " (" + qi(col.name) + ")",
              wrap("ALTER TABLE " + t->qualified() + " ADD CONSTRAINT " +
                   qi(fresh_name(model, t->schema, "uq_" + number())) + " UNIQUE USING INDEX " + qi(scratch))};
    }
    case 3:
      if (t->kind != 'r' || i.expression || i.columns.empty()) return {};
      return {"ALTER INDEX " + index + (rng_.chance(0.5) ? " SET (fillfactor = 80)" : " RESET (fillfactor)")};
    default:
      return {"COMMENT ON INDEX " + index + " IS 'x'"};
  }
}

Generator::Statements Generator::rename_table(const Model& model) {
  const Table* t = pick_table(model, [](const Table& x) { return (x.in_scope() || x.partition) && !x.temp; });
  if (t == nullptr) return {};
  const std::string name = fresh_name(model, t->schema, table_name());
  touched(t->schema, name);
  const std::string verb = rng_.chance(0.05) ? "ALTER INDEX " : "ALTER TABLE ";  // ALTER INDEX renames tables too
  Statements out = {wrap(verb + t->qualified() + " RENAME TO " + qi(name))};
  if (rng_.chance(0.5)) {  // and its indexes, to match the new name
    for (const Index& i : t->indexes) {
      if (i.backs_constraint) continue;
      std::string first = i.columns.empty() || i.columns[0].empty() ? "e" + number() : i.columns[0];
      out.push_back("ALTER INDEX " + qn(t->schema, i.name) + " RENAME TO " +
                    qi(fresh_name(model, t->schema, "idx_" + name + "_" + first)));
    }
  }
  return out;
}

Generator::Statements Generator::set_schema(const Model& model) {
  const Table* t = pick_table(model, [](const Table& x) { return (x.in_scope() || x.partition) && !x.temp; });
  if (t == nullptr) return {};
  const std::string destination = t->schema == names_.main ? names_.other : names_.main;
  if (model.name_taken(destination, t->name)) return {};
  for (const Index& i : t->indexes)
    if (model.name_taken(destination, i.name)) return {};
  touched(destination, t->name);
  return {wrap("ALTER TABLE " + t->qualified() + " SET SCHEMA " + qi(destination))};
}

Generator::Statements Generator::drop_table(const Model& model) {
  auto needs_cascade = [&](const Table& t) {
    for (Oid r : t.referenced_by)
      if (r != t.oid) return true;
    return t.kind == 'r' && t.has_children();
  };
  const Table* t = pick_table(model, [](const Table& x) { return (x.in_scope() || x.partition) && !x.temp; });
  if (t == nullptr) return {};
  std::string sql = std::string("DROP TABLE ") + (rng_.chance(0.1) ? "IF EXISTS " : "") + t->qualified();
  bool cascade = needs_cascade(*t);
  if (!cascade && rng_.chance(0.1)) {  // two at once
    const Table* second =
        pick_table(model, [&](const Table& x) { return x.in_scope() && x.oid != t->oid && !needs_cascade(x); });
    if (second != nullptr && second->parent != t->oid) sql += ", " + second->qualified();
  }
  if (cascade)
    sql += rng_.chance(0.99) ? " CASCADE" : "";
  else
    sql += rng_.pick(std::vector<std::string>{"", "", " CASCADE", " RESTRICT"});
  return {wrap(sql)};
}

Generator::Statements Generator::attach_detach(const Model& model) {
  std::size_t choice = rng_.weighted({50, 20, 30});
  if (choice == 0) {
    const Table* part = pick_table(model, [](const Table& x) { return x.partition && !x.temp; });
    if (part == nullptr) return {};
    const Table* parent = model.find(part->parent);
    if (parent == nullptr) return {};
    return {wrap("ALTER TABLE " + parent->qualified() + " DETACH PARTITION " + part->qualified())};
  }
  const Table* parent = pick_table(model, [](const Table& x) { return x.kind == 'p' && !x.temp; });
  if (parent == nullptr) return {};
  std::string bound = partition_bound(model, *parent);
  if (bound.empty()) return {};
  if (choice == 1) {  // an existing table with the same columns
    for (const Table& t : model.tables) {
      if (!t.in_scope() || t.kind != 'r' || t.has_children() || !t.referenced_by.empty() || !t.of_type.empty() ||
          t.parent != 0 || t.columns.size() != parent->columns.size())
        continue;
      bool same = true;
      for (const Column& c : parent->columns) {
        const Column* mine = t.column(c.name);
        same &= mine != nullptr && mine->type == c.type && !mine->generated && !c.generated;
      }
      if (same)
        return {wrap("ALTER TABLE " + parent->qualified() + " ATTACH PARTITION " + t.qualified() + " " + bound)};
    }
    return {};
  }
  std::string name = fresh_name(model, parent->schema, table_name());
  touched(parent->schema, name);
  return {"CREATE TABLE " + qn(parent->schema, name) + " (LIKE " + parent->qualified() +
              " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
          wrap("ALTER TABLE " + parent->qualified() + " ATTACH PARTITION " + qn(parent->schema, name) + " " + bound)};
}

Generator::Statements Generator::inheritance_change(const Model& model) {
  const Table* child = pick_table(model, [](const Table& x) { return x.in_scope() && x.kind == 'r' && x.parent != 0; });
  if (child == nullptr) return {};
  const Table* parent = model.find(child->parent);
  if (parent == nullptr) return {};
  if (rng_.chance(0.5)) return {wrap("ALTER TABLE " + child->qualified() + " NO INHERIT " + parent->qualified())};
  if (rng_.chance(0.5)) {  // renamed in the children too: their indexes on it are misnamed now
    std::vector<const Column*> own = extras(*parent);
    if (!own.empty())
      return {wrap("ALTER TABLE " + parent->qualified() + " RENAME COLUMN " + qi(rng_.pick(own)->name) + " TO " +
                   qi("inh_" + number()))};
  }
  // changes on the parent reach the children (not with ONLY)
  const Column* created = parent->column("created_at");
  if (created != nullptr && is_timestamptz(created->type))
    return {wrap(std::string("ALTER TABLE ") + (rng_.chance(0.5) ? "ONLY " : "") + parent->qualified() +
                 " ALTER COLUMN created_at " +
                 (rng_.chance(0.5) ? "SET DEFAULT " + timestamp_default() : "DROP DEFAULT"))};
  return {};
}

}  // namespace ddlfuzz

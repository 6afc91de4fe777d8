// Operations on objects other than tables that change tables or the scope: ALTER TYPE of
// typed tables, domains, the look-alike gen_random_uuid(), extension membership, schemas
// (CREATE SCHEMA ... CREATE TABLE), and out-of-scope relations.
#include <map>

#include "ddl_generator.hpp"

namespace ddlfuzz {

namespace {

// A weighted candidate: the statements to run.
struct Candidate {
  int weight;
  std::vector<std::string> sql;
};

}  // namespace

Generator::Statements Generator::alter_type(const Model& model) {
  std::vector<const CompositeType*> own;
  for (const CompositeType& t : model.types) own.push_back(&t);
  if (own.empty()) return {};
  const CompositeType& type = *rng_.pick(own);
  const bool typed = type.typed_tables > 0;
  const std::string cascade = typed ? (rng_.chance(0.97) ? " CASCADE" : "") : (rng_.chance(0.5) ? " RESTRICT" : "");
  const std::string head = "ALTER TYPE " + type.qualified() + " ";
  std::vector<Candidate> c;
  c.push_back({3, {head + "ADD ATTRIBUTE " + qi("a" + number()) + " text" + cascade}});
  const bool skip = options_.skip_typed_table_alter_type && typed;
  for (const auto& attribute : type.attributes) {
    const std::string a = qi(attribute.first);
    const bool core = attribute.first == "id" || attribute.first == "created_at" || attribute.first == "updated_at" ||
                      attribute.first == "deleted_at";
    c.push_back({core ? 1 : 2, {head + "DROP ATTRIBUTE " + a + cascade}});
    if (skip) continue;  // GeneratorOptions::skip_typed_table_alter_type
    if (attribute.second == "integer") c.push_back({2, {head + "ALTER ATTRIBUTE " + a + " TYPE bigint" + cascade}});
    if (attribute.first == "created_at" || attribute.first == "deleted_at")
      c.push_back({2, {head + "ALTER ATTRIBUTE " + a + " TYPE timestamp" + cascade}});
    c.push_back(
        {core ? 1 : 2, {head + "RENAME ATTRIBUTE " + a + " TO " + qi(attribute.first + "_" + number()) + cascade}});
  }
  c.push_back({own.size() > 4 ? 6 : 1, {"DROP TYPE " + type.qualified() + (typed ? " CASCADE" : "")}});
  for (const Table& t : model.tables)
    if (t.of_type == type.qualified() && !t.shared) c.push_back({2, {"ALTER TABLE " + t.qualified() + " NOT OF"}});
  std::vector<int> weights;
  for (const Candidate& x : c) weights.push_back(x.weight);
  return c[rng_.weighted(weights)].sql;
}

Generator::Statements Generator::domain_change(const Model& model) {
  std::size_t choice = rng_.weighted({55, 20, 25});
  if (choice == 0) {  // a domain column, then DROP DOMAIN ... CASCADE drops the column
    const Table* t = pick_table(model, [](const Table& x) { return x.in_scope() && x.of_type.empty(); });
    if (t == nullptr) return {};
    const std::string domain = qn(names_.main, "d" + number());
    const std::string column = "c" + number();
    Statements out = {"CREATE DOMAIN " + domain + " AS " +
                          rng_.pick(std::vector<std::string>{"text", "timestamptz", "uuid", "integer"}),
                      "ALTER TABLE " + t->qualified() + " ADD COLUMN " + column + " " + domain};
    if (rng_.chance(0.4))
      out.push_back("CREATE INDEX " + qi(fresh_name(model, t->schema, "idx_" + t->name + "_" + column)) + " ON " +
                    t->qualified() + " (" + column + ")");
    if (rng_.chance(0.7)) out.push_back("DROP DOMAIN " + domain + " CASCADE");
    return out;
  }
  const std::string which = rng_.pick(std::vector<std::string>{"dom_text", "dom_int", "dom_ts", "dom_uuid"});
  if (choice == 1) {  // drops the columns of that type in committed tables too
    static const std::map<std::string, std::string> kDefinitions = {{"dom_text", "text CHECK (VALUE <> '')"},
                                                                    {"dom_int", "integer DEFAULT 0"},
                                                                    {"dom_ts", "timestamptz"},
                                                                    {"dom_uuid", "uuid"}};
    return {"DROP DOMAIN " + dom(which) + " CASCADE", "CREATE DOMAIN " + dom(which) + " AS " + kDefinitions.at(which)};
  }
  // SET NOT NULL reports only the domain: the tables with columns of it are judged
  // (fk_on_delete: ON DELETE SET NULL on such a column is a violation).
  if (rng_.chance(0.5))
    return {"ALTER DOMAIN " + dom("dom_uuid") + (rng_.chance(0.6) ? " SET NOT NULL" : " DROP NOT NULL")};
  return {"ALTER DOMAIN " + dom(which) +
          (rng_.chance(0.5) ? " DROP DEFAULT" : " SET DEFAULT " + literal_default(which))};
}

Generator::Statements Generator::look_alike(const Model&) {
  const std::string function = qn(names_.main, "gen_random_uuid") + "()";
  switch (rng_.weighted({40, 30, 30})) {
    case 0:  // from here on, a bare gen_random_uuid() is the look-alike of the session's schema
      return {"SET LOCAL search_path = " + qi(names_.main) + ", public, pg_catalog"};
    case 1:
      return {"DROP FUNCTION " + function + " CASCADE",
              "CREATE FUNCTION " + function + " RETURNS uuid LANGUAGE sql AS 'SELECT pg_catalog.gen_random_uuid()'"};
    default:
      return {"CREATE OR REPLACE FUNCTION " + function +
              " RETURNS uuid LANGUAGE sql AS 'SELECT pg_catalog.gen_random_uuid()'"};
  }
}

Generator::Statements Generator::out_of_scope(const Model& model) {
  const std::string n = number();
  switch (rng_.below(4)) {
    case 0: {  // any index name on a partition
      const Table* part = pick_table(model, [](const Table& x) { return x.partition && !x.columns.empty(); });
      if (part == nullptr) return {};
      const Column& c = rng_.pick(part->columns);
      return {wrap("CREATE INDEX " + (rng_.chance(0.5) ? qi("bad_" + n) + " " : std::string()) + "ON " +
                   part->qualified() + " (" + qi(c.name) + ")")};
    }
    case 1: {
      const Table* t = pick_table(model, [](const Table& x) { return x.in_scope(); });
      if (t == nullptr) return {};
      const std::string view = qn(names_.main, "v_" + n);
      return {"CREATE VIEW " + view + " AS SELECT * FROM " + t->qualified(), "DROP VIEW " + view};
    }
    case 2: {
      const std::string view = qn(names_.main, "mv_" + n);
      return {"CREATE MATERIALIZED VIEW " + view + " AS SELECT 1 AS a WITH NO DATA", "CREATE INDEX ON " + view + " (a)",
              "DROP MATERIALIZED VIEW " + view};
    }
    default: {
      const std::string sequence = qn(names_.main, "s_" + n);
      return {"CREATE SEQUENCE " + sequence, "DROP SEQUENCE " + sequence};
    }
  }
}

// A table released from an extension comes into scope (ALTER EXTENSION ... DROP TABLE); while
// a member it may be changed freely.
Generator::Statements Generator::extension_member(const Model& model) {
  // Session 1 only: ALTER EXTENSION locks the extension, and two sessions locking it and the
  // shared foreign key target in opposite orders could deadlock without the guard's help.
  if (names_.session != 1) return {};
  std::vector<const Table*> members;
  for (const Table& t : model.tables)
    if (t.member && !t.shared && !t.temp) members.push_back(&t);
  if (members.empty() || (members.size() < 2 && rng_.chance(0.3))) {
    // Only tables no DROP ... CASCADE can reach: PostgreSQL drops the whole extension when a
    // cascade reaches one of its members (a typed table by DROP TYPE, a child by its parent).
    const Table* t = pick_table(model, [this](const Table& x) {
      return x.in_scope() && x.kind == 'r' && !x.has_children() && x.parent == 0 && x.of_type.empty() &&
             x.referenced_by.empty() && (x.schema == names_.main || x.schema == names_.other);  // not DROP SCHEMA'd
    });
    if (t == nullptr) return {};
    return {"ALTER EXTENSION schemaguard ADD TABLE " + t->qualified()};
  }
  const Table* t = rng_.pick(members);
  touched(t->schema, t->name);
  switch (rng_.weighted({50, 35, 15})) {
    case 0:
      return {"ALTER EXTENSION schemaguard DROP TABLE " + t->qualified()};
    case 1:
      if (t->column("deleted_at") != nullptr && t->of_type.empty())
        return {"ALTER TABLE " + t->qualified() + " DROP COLUMN deleted_at"};
      return {"CREATE INDEX ON " + t->qualified() + " (" + qi(rng_.pick(t->columns).name) + ")"};
    default:
      return {"ALTER EXTENSION schemaguard DROP TABLE " + t->qualified(), "DROP TABLE " + t->qualified() + " CASCADE"};
  }
}

// CREATE SCHEMA with its elements (a table, an index, a view), ALTER SCHEMA ... RENAME and
// DROP SCHEMA ... CASCADE of the session's schemas main_s<n>.
Generator::Statements Generator::schema_change(const Model& model) {
  if (model.dynamic_schemas.empty() || (model.dynamic_schemas.size() < 2 && rng_.chance(0.5))) {
    const std::string schema = names_.main + "_s" + number();
    const std::string table = "t" + number();
    std::vector<std::string> columns = {
        "id uuid PRIMARY KEY DEFAULT gen_random_uuid()", "created_at timestamptz NOT NULL DEFAULT now()",
        "updated_at timestamptz NOT NULL DEFAULT now()", "deleted_at timestamptz", "email text"};
    static const std::vector<std::vector<std::string>> kBroken = {
        {"id bigint PRIMARY KEY", "id uuid PRIMARY KEY"},
        {"created_at timestamp NOT NULL DEFAULT now()", "created_at timestamptz"},
        {"note text"},
        {"deleted_at timestamptz NOT NULL DEFAULT now()"}};
    if (rng_.chance(0.4)) {
      std::size_t part = rng_.below(kBroken.size());
      columns[part] = rng_.pick(kBroken[part]);
    }
    std::string sql =
        "CREATE SCHEMA " + qi(schema) + " CREATE TABLE " + (rng_.chance(0.5) ? qn(schema, table) : qi(table)) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ")";
    if (rng_.chance(0.6))  // unqualified names inside CREATE SCHEMA live in the new schema
      sql += " CREATE INDEX " + (rng_.chance(0.6) ? qi("idx_" + table + "_email") + " " : std::string()) + "ON " +
             qi(table) + " (email)";
    if (rng_.chance(0.2)) sql += " CREATE VIEW " + qi("v" + number()) + " AS SELECT 1 AS a";
    if (rng_.chance(0.15)) sql += " CREATE TABLE " + qi("t" + number()) + " (a integer)";
    return {sql};
  }
  const std::string schema = rng_.pick(model.dynamic_schemas);
  if (rng_.chance(0.5)) return {"DROP SCHEMA " + qi(schema) + " CASCADE"};
  return {"ALTER SCHEMA " + qi(schema) + " RENAME TO " + qi(names_.main + "_s" + number())};
}

}  // namespace ddlfuzz

#include "generator.hpp"

namespace fuzz {
namespace {

struct TypeSample {
  const char* type;
  const char* default_value;
};

const std::vector<TypeSample> kTypes = {
    {"integer", "0"},          {"bigint", "1"},          {"text", "'n'"},
    {"varchar(40)", "'v'"},    {"numeric(12,2)", "1.5"}, {"jsonb", "'{}'"},
    {"date", "CURRENT_DATE"},  {"timestamp", "now()"},   {"timestamptz", "now()"},
    {"uuid", "gen_random_uuid()"}, {"boolean", "false"}, {"fz.short_text", "'d'"},
    {"text[]", "'{}'"},        {"inet", "'127.0.0.1'"},  {"bigserial", nullptr},
};

const std::vector<std::string> kColumnStems = {"name", "status", "amount", "note", "payload",
                                               "Émoji", "x y", "Select", "q\"uote"};

std::string q(const std::string& name) { return quote_ident(name); }

bool has_column(const TableInfo& table, const std::string& name) {
  for (const ColumnInfo& column : table.columns)
    if (column.name == name) return true;
  return false;
}

}  // namespace

bool Generator::chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }

std::size_t Generator::below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }

std::string Generator::fresh(const std::string& stem) { return stem + std::to_string(++counter_); }

std::string Generator::fresh_table_name() {
  switch (below(10)) {
    case 0: return fresh("Tä");  // non-ASCII
    case 1: return fresh("Mixed Case ");
    case 2: return fresh("q\"t");
    case 3: return fresh(std::string(56, 'l') + "_");  // idx_<table>_<col> passes 63 bytes
    default: return fresh("t");
  }
}

std::string Generator::extra_column() {
  const TypeSample& sample = pick(kTypes);
  std::string sql = q(fresh(pick(kColumnStems))) + " " + sample.type;
  if (sample.default_value != nullptr && chance(0.3)) sql += std::string(" DEFAULT ") + sample.default_value;
  if (chance(0.2)) sql += " NOT NULL";
  if (chance(0.05)) sql += " UNIQUE";
  if (chance(0.05) && std::string(sample.type) == "integer") sql += " CHECK (" + sql.substr(0, sql.find(' ')) + " >= 0)";
  return sql;
}

std::string Generator::key_column() {
  if (chance(0.8)) return "id uuid PRIMARY KEY DEFAULT gen_random_uuid()";
  static const std::vector<std::string> variants = {
      "id uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid()",
      "id uuid PRIMARY KEY",
      "id bigserial PRIMARY KEY",
      "id uuid PRIMARY KEY DEFAULT public.gen_random_uuid()",  // the look-alike
      "id uuid DEFAULT gen_random_uuid()",                     // no primary key
      "id uuid DEFAULT gen_random_uuid(), k integer, PRIMARY KEY (id, k)",
      "id text PRIMARY KEY DEFAULT gen_random_uuid()::text",
      "id uuid PRIMARY KEY DEFAULT md5(random()::text)::uuid",
  };
  return pick(variants);
}

std::string Generator::timestamp_column(const std::string& name) {
  if (chance(0.88)) {
    static const std::vector<std::string> good = {
        "timestamptz NOT NULL DEFAULT now()", "timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP",
        "timestamptz(3) NOT NULL DEFAULT now()", "timestamptz NOT NULL DEFAULT clock_timestamp()",
        "timestamp with time zone NOT NULL DEFAULT transaction_timestamp()"};
    return ", " + name + " " + pick(good);
  }
  static const std::vector<std::string> bad = {
      "", "timestamp NOT NULL DEFAULT now()", "timestamptz DEFAULT now()", "timestamptz NOT NULL",
      "timestamptz NOT NULL DEFAULT now() + interval '1 second'", "timestamptz NOT NULL DEFAULT '2020-01-01'",
      "date NOT NULL DEFAULT CURRENT_DATE"};
  std::string type = pick(bad);
  return type.empty() ? "" : ", " + name + " " + type;
}

std::string Generator::deleted_at_column() {
  if (chance(0.9)) return ", deleted_at timestamptz";
  static const std::vector<std::string> bad = {"", "timestamptz NOT NULL DEFAULT now()", "timestamp",
                                               "timestamptz DEFAULT now()", "boolean"};
  std::string type = pick(bad);
  return type.empty() ? "" : ", deleted_at " + type;
}

std::string Generator::on_delete() {
  static const std::vector<std::string> good = {" ON DELETE CASCADE", " ON DELETE SET NULL"};
  static const std::vector<std::string> bad = {"", " ON DELETE RESTRICT", " ON DELETE NO ACTION",
                                               " ON DELETE SET DEFAULT", " ON UPDATE CASCADE"};
  return chance(0.75) ? pick(good) : pick(bad);
}

// ", <column_name> uuid [NOT NULL] REFERENCES <table> (id) <action>", or "" without a target.
std::string Generator::foreign_key(const Model& model, const std::string& column_name) {
  std::vector<const TableInfo*> targets;
  for (const TableInfo* table : model.plain_tables())
    if (table->uuid_id_key) targets.push_back(table);
  if (targets.empty()) return "";
  return ", " + column_name + " uuid" + (chance(0.3) ? " NOT NULL" : "") + " REFERENCES " +
         pick(targets)->qualified() + " (id)" + on_delete();
}

void Generator::create_table(const Model& model, std::vector<Step>& out) {
  std::string name = fresh_table_name();
  std::string qualified = q(schema_) + "." + q(name);
  std::vector<const TableInfo*> existing = model.plain_tables();
  std::size_t variant = below(100);
  if (variant < 5 && !existing.empty()) {  // LIKE ... INCLUDING ALL: a copy, with PostgreSQL's index names
    out.push_back({"CREATE TABLE " + qualified + " (LIKE " + pick(existing)->qualified() + " INCLUDING ALL" +
                   (chance(0.5) ? ", extra_" + std::to_string(counter_) + " text" : "") + ")", ""});
    return;
  }
  if (variant < 9 && !existing.empty() && pick(existing)->kind == 'r') {  // INHERITS: no primary key inherited
    const TableInfo* parent = existing[below(existing.size())];
    if (parent->kind == 'r') {
      out.push_back({"CREATE TABLE " + qualified + " (" + key_column() + ") INHERITS (" + parent->qualified() + ")", ""});
      return;
    }
  }
  if (variant < 12) {  // CREATE TABLE AS / SELECT INTO: no key, no timestamps
    out.push_back({chance(0.5) ? "CREATE TABLE " + qualified + " AS SELECT gen_random_uuid() AS id, now() AS created_at"
                               : "SELECT 1 AS a INTO " + qualified, ""});
    return;
  }
  std::string columns = key_column() + timestamp_column("created_at") + timestamp_column("updated_at") +
                        deleted_at_column();
  for (std::size_t i = below(4); i > 0; --i) columns += ", " + extra_column();
  if (variant >= 17 && chance(0.35)) columns += foreign_key(model, q(fresh("ref_id")));
  if (variant < 17) {  // temporary: out of scope, always accepted
    out.push_back({"CREATE TEMP TABLE " + q(name) + " (" + columns + ") ON COMMIT DROP", ""});
    return;
  }
  if (variant < 25 && columns.rfind("id uuid PRIMARY KEY", 0) == 0) {  // partitioned by its key
    out.push_back({"CREATE TABLE " + qualified + " (" + columns + ") PARTITION BY HASH (id)", ""});
    for (int remainder = 0; remainder < 2; ++remainder)
      out.push_back({"CREATE TABLE " + q(schema_) + "." + q(name + "_p" + std::to_string(remainder)) +
                         " PARTITION OF " + qualified + " FOR VALUES WITH (MODULUS 2, REMAINDER " +
                         std::to_string(remainder) + ")", ""});
    return;
  }
  out.push_back({"CREATE TABLE " + qualified + " (" + columns + ")", ""});
}

std::string Generator::create_index(const TableInfo& table) {
  const ColumnInfo& column = pick(table.columns);
  std::string good = "idx_" + table.name + "_" + column.name;
  std::string name;
  switch (below(6)) {
    case 0: name = good; break;
    case 1: name = good + "_" + std::to_string(++counter_); break;
    case 2: name = fresh(table.name + "_" + column.name + "_ix"); break;
    case 3: name = ""; break;  // PostgreSQL chooses <table>_<column>_idx
    case 4:
      return "CREATE INDEX " + q(chance(0.6) ? fresh("idx_" + table.name + "_isnull") : fresh("isnull_ix")) +
             " ON " + table.qualified() + " ((" + q(column.name) + " IS NULL))";
    default: name = fresh("idx_" + table.name + "_" + column.name + "_p"); break;
  }
  std::string sql = std::string("CREATE ") + (chance(0.15) ? "UNIQUE " : "") + "INDEX " +
                    (name.empty() ? "" : q(name) + " ") + "ON " + table.qualified() + " (" + q(column.name);
  if (chance(0.2) && table.columns.size() > 1) sql += ", " + q(pick(table.columns).name);
  sql += ")";
  if (chance(0.15)) sql += " WHERE " + q(column.name) + " IS NOT NULL";
  return sql;
}

std::string Generator::alter_table(const Model& model, const TableInfo& table) {
  const std::string prefix = "ALTER TABLE " + table.qualified() + " ";
  const ColumnInfo& column = pick(table.columns);
  switch (below(11)) {
    case 0: return prefix + "ADD COLUMN " + extra_column();
    case 1: {  // add a missing required column, or a broken one
      static const std::vector<std::string> adds = {
          "created_at timestamptz NOT NULL DEFAULT now()", "updated_at timestamptz NOT NULL DEFAULT now()",
          "deleted_at timestamptz", "deleted_at timestamptz NOT NULL DEFAULT now()", "updated_at timestamp"};
      std::string add = pick(adds);
      if (has_column(table, add.substr(0, add.find(' ')))) return prefix + "ADD COLUMN " + extra_column();
      return prefix + "ADD COLUMN " + add;
    }
    case 2: return prefix + "DROP COLUMN " + q(column.name) + (chance(0.3) ? " CASCADE" : "");
    case 3: return prefix + "ALTER COLUMN " + q(column.name) + " DROP DEFAULT";
    case 4: return prefix + "ALTER COLUMN " + q(column.name) + (chance(0.5) ? " SET NOT NULL" : " DROP NOT NULL");
    case 5:
      if (column.type.rfind("timestamp with time zone", 0) == 0)
        return prefix + "ALTER COLUMN " + q(column.name) + (chance(0.5) ? " TYPE timestamp" : " SET DEFAULT now()");
      return prefix + "ALTER COLUMN " + q(column.name) + " DROP DEFAULT";
    case 6: {
      std::string fk = foreign_key(model, q(fresh("later_id")));
      if (fk.empty()) return prefix + "ADD COLUMN " + extra_column();
      return prefix + "ADD COLUMN " + fk.substr(2);
    }
    case 7:
      if (!table.constraints.empty()) return prefix + "DROP CONSTRAINT " + q(pick(table.constraints));
      return prefix + "ADD COLUMN " + extra_column();
    case 8: {  // a foreign key added as a constraint on an existing column
      std::vector<const TableInfo*> targets;
      for (const TableInfo* t : model.plain_tables())
        if (t->uuid_id_key) targets.push_back(t);
      if (targets.empty() || column.type != "uuid") return prefix + "ADD COLUMN " + extra_column();
      return prefix + "ADD CONSTRAINT " + q(fresh("fk_")) + " FOREIGN KEY (" + q(column.name) + ") REFERENCES " +
             pick(targets)->qualified() + " (id)" + on_delete();
    }
    case 9: return prefix + "ADD CONSTRAINT " + q(fresh("uq_")) + " UNIQUE (" + q(column.name) + ")";
    default:
      if (table.kind == 'p') {
        for (const TableInfo& child : model.tables)
          if (child.is_partition && child.name.rfind(table.name + "_p", 0) == 0)
            return prefix + "DETACH PARTITION " + child.qualified();
      }
      return prefix + "ADD COLUMN " + extra_column();
  }
}

std::string Generator::rename(const TableInfo& table) {
  switch (below(3)) {
    case 0: return "ALTER TABLE " + table.qualified() + " RENAME TO " + q(fresh_table_name());
    case 1: {
      static const std::vector<std::string> targets = {"deleted_at", "created_at", "updated_at", "id"};
      std::string to = chance(0.3) ? pick(targets) : fresh("renamed");
      if (has_column(table, to)) to = fresh("renamed");
      return "ALTER TABLE " + table.qualified() + " RENAME COLUMN " + q(pick(table.columns).name) + " TO " + q(to);
    }
    default: {
      if (table.indexes.empty()) return "ALTER TABLE " + table.qualified() + " RENAME TO " + q(fresh_table_name());
      std::string to = chance(0.5) && !table.columns.empty()
                           ? fresh("idx_" + table.name + "_" + table.columns[0].name + "_r")
                           : fresh("renamed_ix");
      return "ALTER INDEX " + q(schema_) + "." + q(pick(table.indexes).name) + " RENAME TO " + q(to);
    }
  }
}

std::string Generator::drop(const TableInfo& table) {
  std::vector<IndexInfo> droppable;
  for (const IndexInfo& index : table.indexes)
    if (!index.backs_constraint) droppable.push_back(index);
  if (!droppable.empty() && chance(0.4))
    return "DROP INDEX " + q(schema_) + "." + q(pick(droppable).name);
  return "DROP TABLE " + table.qualified() + (chance(0.5) ? " CASCADE" : "");
}

void Generator::one_change(const Model& model, std::vector<Step>& out) {
  std::vector<const TableInfo*> tables = model.plain_tables();
  bool crowded = tables.size() > 30;
  std::size_t choice = below(100);
  if (tables.empty() || choice < (crowded ? 10 : 35)) {
    create_table(model, out);
    return;
  }
  const TableInfo& table = *pick(tables);
  std::string sql;
  if (choice < 55) sql = table.columns.empty() ? drop(table) : create_index(table);
  else if (choice < 75) sql = table.columns.empty() ? drop(table) : alter_table(model, table);
  else if (choice < (crowded ? 80 : 88)) sql = table.columns.empty() ? drop(table) : rename(table);
  else sql = drop(table);
  if (chance(0.1)) {  // the same statement from PL/pgSQL
    std::string body = sql;
    out.push_back({"DO $fz$ BEGIN EXECUTE $q$" + body + "$q$; END $fz$", ""});
    return;
  }
  out.push_back({sql, ""});
}

Transaction Generator::next(const Model& model) {
  Transaction transaction;
  std::size_t changes = 1 + below(3);
  for (std::size_t i = 0; i < changes; ++i) {
    if (chance(0.15)) {  // inside a savepoint, rolled back or released
      std::string savepoint = "sp" + std::to_string(++savepoints_);
      transaction.steps.push_back({"SAVEPOINT " + savepoint, ""});
      std::vector<Step> inner;
      one_change(model, inner);
      for (Step& step : inner) {
        step.recover = "ROLLBACK TO SAVEPOINT " + savepoint;
        transaction.steps.push_back(step);
      }
      transaction.steps.push_back(
          {(chance(0.5) ? "ROLLBACK TO SAVEPOINT " : "RELEASE SAVEPOINT ") + savepoint, ""});
      continue;
    }
    one_change(model, transaction.steps);
  }
  transaction.rollback = chance(0.04);
  return transaction;
}

}  // namespace fuzz

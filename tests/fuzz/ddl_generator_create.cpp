// Operations that create tables: plain (compliant or broken in one or two places),
// partitioned and partitions, INHERITS, LIKE, CREATE TABLE AS / SELECT INTO, temporary
// and typed tables.
#include "ddl_generator.hpp"

namespace ddlfuzz {

namespace {

const char* const kLookAlikeLiteral = "'00000000-0000-0000-0000-000000000000'::uuid";

bool text_like(const std::string& type) {
  return type == "text" || starts_with(type, "varchar") || starts_with(type, "character varying") ||
         type.find("dom_text") != std::string::npos;
}

}  // namespace

Generator::Statements Generator::create_table(const Model& model) {
  const std::string schema = rng_.chance(0.85) ? names_.main : names_.other;
  const std::string name = fresh_name(model, schema, table_name());
  const bool unqualified = schema == names_.main && rng_.chance(0.15);  // resolved through search_path
  const std::string target = unqualified ? qi(name) : qn(schema, name);
  touched(schema, name);

  // Which parts are broken: 0 = compliant; otherwise a variant number per part.
  int key = 0, created = 0, updated = 0, deleted = 0;
  if (rng_.chance(0.5)) {
    for (int parts = rng_.chance(0.2) ? 2 : 1; parts > 0; --parts) {
      switch (rng_.weighted({35, 15, 15, 25})) {
        case 0:
          key = rng_.between(1, 14);
          break;
        case 1:
          created = rng_.between(1, 10);
          break;
        case 2:
          updated = rng_.between(1, 10);
          break;
        default:
          deleted = rng_.between(1, 7);
          break;
      }
    }
  }
  std::vector<std::string> columns, constraints;
  std::vector<std::string> taken = {"created_at", "updated_at", "deleted_at", "k", "natural_key"};

  // the key
  std::string key_name = "id";
  if (rng_.chance(0.12)) key_name = rng_.pick(std::vector<std::string>{"uid", "Id", "key"});
  taken.push_back(key_name);
  const std::string k = qi(key_name);
  const std::string pk_style_draw = rng_.pick(std::vector<std::string>{"inline", "inline", "table", "named"});
  auto with_key = [&](const std::string& type_and_default) {
    if (pk_style_draw == "inline") {
      columns.push_back(k + " " + type_and_default + " PRIMARY KEY");
    } else {
      columns.push_back(k + " " + type_and_default + (rng_.chance(0.3) ? " NOT NULL" : ""));
      constraints.push_back(
          (pk_style_draw == "named" ? "CONSTRAINT " + qi(fresh_name(model, schema, "pk_" + number())) + " " : "") +
          "PRIMARY KEY (" + k + ")");
    }
  };
  switch (key) {
    case 0:
      with_key("uuid DEFAULT " + key_default());
      break;
    case 1:
      columns.push_back(k + " uuid DEFAULT gen_random_uuid()" + std::string(rng_.chance(0.5) ? " UNIQUE" : ""));
      break;
    case 2:
      columns.push_back(k + " uuid DEFAULT gen_random_uuid()");
      columns.push_back("k integer NOT NULL DEFAULT 0");
      constraints.push_back("PRIMARY KEY (" + k + ", k)");
      break;
    case 3:
      with_key("bigint");
      break;
    case 4:
      with_key("bigserial");
      break;
    case 5:
      columns.push_back(k + " bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
      break;
    case 6:
      with_key("text DEFAULT gen_random_uuid()::text");
      break;
    case 7:
      with_key("uuid");
      break;
    case 8:
      with_key("uuid DEFAULT public.gen_random_uuid()");
      break;
    case 9:
      with_key("uuid DEFAULT " + qn(names_.main, "gen_random_uuid") + "()");
      break;
    case 10:
      with_key(std::string("uuid DEFAULT ") + kLookAlikeLiteral);
      break;
    case 11:
      with_key(dom("dom_uuid") + " DEFAULT gen_random_uuid()");
      break;
    case 12:
      columns.push_back(k + " uuid NOT NULL DEFAULT gen_random_uuid()");
      columns.push_back("natural_key text PRIMARY KEY");
      break;
    case 13:
      with_key("uuid DEFAULT md5(random()::text)::uuid");
      break;
    default:
      with_key("uuid DEFAULT (gen_random_uuid()::text)::uuid");
      break;
  }

  // created_at and updated_at
  auto timestamp = [&](const std::string& column, int variant) {
    switch (variant) {
      case 0:
        columns.push_back(column + " " + timestamp_type() + " NOT NULL DEFAULT " + timestamp_default());
        break;
      case 1:
        break;  // missing
      case 2:
        columns.push_back(column + " timestamp NOT NULL DEFAULT now()");
        break;
      case 3:
        columns.push_back(column + " date NOT NULL DEFAULT CURRENT_DATE");
        break;
      case 4:
        columns.push_back(column + " timestamptz DEFAULT now()");
        break;
      case 5:
        columns.push_back(column + " timestamptz NOT NULL");
        break;
      case 6:
        columns.push_back(column + " timestamptz NOT NULL DEFAULT '2020-01-01'");
        break;
      case 7:
        columns.push_back(column + " timestamptz NOT NULL DEFAULT LOCALTIMESTAMP");
        break;
      case 8:
        columns.push_back(column + " timestamptz NOT NULL DEFAULT now() + interval '1 hour'");
        break;
      case 9:
        columns.push_back(column + " " + dom("dom_ts") + " NOT NULL DEFAULT now()");
        break;
      default:
        columns.push_back(column + " text NOT NULL DEFAULT now()::text");
        break;
    }
  };
  timestamp("created_at", created);
  if (updated == 10 && created == 0 && rng_.chance(0.5))
    columns.push_back("updated_at timestamptz GENERATED ALWAYS AS (created_at) STORED NOT NULL");
  else
    timestamp("updated_at", updated);

  // deleted_at
  switch (deleted) {
    case 0:
      columns.push_back(std::string("deleted_at ") +
                        rng_.pick(std::vector<std::string>{"timestamptz", "timestamptz", "timestamp with time zone",
                                                           "timestamptz(3)", "timestamptz DEFAULT NULL"}));
      break;
    case 1:
      break;
    case 2:
      columns.push_back("deleted_at timestamptz NOT NULL DEFAULT now()");
      break;
    case 3:
      columns.push_back("deleted_at timestamptz DEFAULT now()");
      break;
    case 4:
      columns.push_back("deleted_at timestamp");
      break;
    case 5:
      columns.push_back("deleted_at boolean DEFAULT false");
      break;
    case 6:
      columns.push_back("deleted_at " + dom("dom_ts"));
      break;
    default:
      columns.push_back("deleted_at timestamptz NOT NULL");
      break;
  }

  // extra columns
  std::vector<std::pair<std::string, std::string>> extras;
  for (int i = rng_.between(0, 4); i > 0; --i) {
    std::string column;
    std::string type = extra_column_type(&column);
    for (const std::string& t : taken)
      if (t == column) column += "_" + number();
    taken.push_back(column);
    extras.emplace_back(column, type);
    std::string sql = qi(column) + " " + type;
    const bool serial = type.find("serial") != std::string::npos;
    if (!serial && rng_.chance(0.25)) sql += " DEFAULT " + literal_default(type);
    if (rng_.chance(0.15)) sql += " NOT NULL";
    if (rng_.chance(0.05)) sql += " UNIQUE";
    if ((type == "integer" || type == "bigint") && rng_.chance(0.1)) sql += " CHECK (" + qi(column) + " >= 0)";
    columns.push_back(sql);
  }
  if (!extras.empty() && rng_.chance(0.04) && (extras[0].second == "integer" || extras[0].second == "bigint"))
    columns.push_back("doubled bigint GENERATED ALWAYS AS (" + qi(extras[0].first) + " * 2) STORED");

  // a foreign key
  if (rng_.chance(0.3)) {
    const Table* referenced = pick_fk_target(model, nullptr);
    bool self = key == 0 && rng_.chance(0.1);
    const Column* key_column = referenced != nullptr ? referenceable_column(*referenced) : nullptr;
    if (self || key_column != nullptr) {
      bool set_null = false;
      std::string action = on_delete_clause(&set_null);
      std::string column = self ? "parent_id" : "ref" + number() + "_id";
      std::string type = self ? "uuid" : key_column->type;
      // a column of the uuid domain, which ALTER DOMAIN ... SET NOT NULL may make NOT NULL
      if (type == "uuid" && rng_.chance(0.2)) type = dom("dom_uuid");
      std::string references =
          self ? target + " (" + k + ")" : referenced->qualified() + " (" + qi(key_column->name) + ")";
      bool not_null = set_null ? rng_.chance(0.12) : rng_.chance(0.15);
      if (rng_.chance(0.6)) {
        columns.push_back(qi(column) + " " + type + (not_null ? " NOT NULL" : "") + " REFERENCES " + references +
                          action);
      } else {
        columns.push_back(qi(column) + " " + type + (not_null ? " NOT NULL" : ""));
        if (set_null && rng_.chance(0.25)) action = " ON DELETE SET NULL (" + qi(column) + ")";
        constraints.push_back("CONSTRAINT " + qi(fresh_name(model, schema, "fk_" + number())) + " FOREIGN KEY (" +
                              qi(column) + ") REFERENCES " + references + action);
      }
    }
  }
  if (rng_.chance(0.1))
    constraints.push_back(created == 0 && updated == 0 ? "CHECK (created_at <= updated_at + interval '1 day')"
                                                       : "CHECK (true)");
  if (!extras.empty() && rng_.chance(0.08)) constraints.push_back("UNIQUE (" + qi(extras.back().first) + ")");

  std::string sql = std::string("CREATE ") + (rng_.chance(0.03) ? "UNLOGGED " : "") + "TABLE " +
                    (rng_.chance(0.05) ? "IF NOT EXISTS " : "") + target + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
  for (const std::string& c : constraints) sql += ", " + c;
  sql += ")";
  if (rng_.chance(0.03)) sql += " WITH (fillfactor = 80)";
  if (sql.find("UNLOGGED") != std::string::npos && sql.find("REFERENCES") != std::string::npos)
    sql.replace(sql.find("UNLOGGED "), 9, "");
  Statements out = {wrap(sql)};

  // often an index right away, well or badly named
  if (!extras.empty() && rng_.chance(0.3)) {
    const auto& column = rng_.pick(extras);
    if (rng_.chance(0.6))
      out.push_back("CREATE INDEX " + qi(fresh_name(model, schema, "idx_" + name + "_" + column.first)) + " ON " +
                    target + " (" + qi(column.first) + ")");
    else
      out.push_back("CREATE INDEX ON " + target + " (" + qi(column.first) + ")");
  }
  return out;
}

// FOR VALUES ... (or DEFAULT) not used by the parent's partitions yet; "" when full.
std::string Generator::partition_bound(const Model& model, const Table& parent) {
  std::vector<std::string> bounds;
  for (Oid child : parent.children)
    if (const Table* c = model.find(child)) bounds.push_back(c->bound);
  bool has_default = false;
  for (const std::string& b : bounds) has_default |= b == "DEFAULT";
  std::vector<std::string> free;
  if (parent.strategy == 'h') {
    for (int r = 0; r < 4; ++r) {
      bool used = false;
      for (const std::string& b : bounds) used |= b.find("remainder " + std::to_string(r) + ")") != std::string::npos;
      if (!used) free.push_back("FOR VALUES WITH (MODULUS 4, REMAINDER " + std::to_string(r) + ")");
    }
  } else if (parent.strategy == 'l') {
    for (char v = 'a'; v <= 'h'; ++v) {
      bool used = false;
      for (const std::string& b : bounds) used |= b.find(std::string("'") + v + "'") != std::string::npos;
      if (!used) free.push_back(std::string("FOR VALUES IN ('") + v + "')");
    }
  } else if (parent.strategy == 'r') {
    for (int year = 2020; year < 2032; ++year) {
      bool used = false;
      for (const std::string& b : bounds) used |= b.find("FROM ('" + std::to_string(year)) != std::string::npos;
      if (!used)
        free.push_back("FOR VALUES FROM ('" + std::to_string(year) + "-01-01') TO ('" + std::to_string(year + 1) +
                       "-01-01')");
    }
  }
  if (parent.strategy != 'h' && !has_default && rng_.chance(0.12)) return "DEFAULT";
  return free.empty() ? "" : rng_.pick(free);
}

Generator::Statements Generator::create_partitioned(const Model& model) {
  const std::string schema = names_.main;
  const std::string name = fresh_name(model, schema, table_name());
  const std::string target = qn(schema, name);
  touched(schema, name);
  const std::size_t strategy = rng_.weighted({65, 15, 20});  // hash (id), list (kind), range (created_at)
  std::string sql = "CREATE TABLE " + target + " (id uuid NOT NULL DEFAULT " + key_default() + ", created_at " +
                    timestamp_type() + " NOT NULL DEFAULT " + timestamp_default() +
                    ", updated_at timestamptz NOT NULL DEFAULT " + timestamp_default() +
                    (rng_.chance(0.9) ? ", deleted_at timestamptz" : "");
  if (strategy == 1) sql += ", kind text NOT NULL DEFAULT 'a'";
  std::string extra;
  std::string extra_type = extra_column_type(&extra);
  if (rng_.chance(0.6) && extra_type.find("serial") == std::string::npos && extra != "kind")
    sql += ", " + qi(extra) + " " + extra_type;
  else
    extra.clear();
  static const char* const kKeys[] = {"PRIMARY KEY (id)", "PRIMARY KEY (id, kind)", "PRIMARY KEY (id, created_at)"};
  if (rng_.chance(strategy == 0 ? 0.85 : 0.6)) sql += std::string(", ") + kKeys[strategy];
  static const char* const kBy[] = {") PARTITION BY HASH (id)", ") PARTITION BY LIST (kind)",
                                    ") PARTITION BY RANGE (created_at)"};
  sql += kBy[strategy];
  Statements out = {wrap(sql)};
  if (!extra.empty() && rng_.chance(0.3))
    out.push_back("CREATE INDEX " + qi(fresh_name(model, schema, "idx_" + name + "_" + extra)) + " ON " + target +
                  " (" + qi(extra) + ")");
  std::vector<std::string> bounds;
  if (strategy == 0) bounds = {"FOR VALUES WITH (MODULUS 4, REMAINDER 0)", "FOR VALUES WITH (MODULUS 4, REMAINDER 1)"};
  if (strategy == 1) bounds = {"FOR VALUES IN ('a')", "DEFAULT"};
  if (strategy == 2) bounds = {"FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')", "DEFAULT"};
  for (int i = rng_.between(0, 2); i > 0; --i) {
    std::string part = fresh_name(model, schema, table_name());
    std::string bound = bounds[static_cast<std::size_t>(i - 1)];
    std::string statement = "CREATE TABLE " + qn(schema, part) + " PARTITION OF " + target + " " + bound;
    if (rng_.chance(0.08) && bound != "DEFAULT") statement += " PARTITION BY HASH (id)";
    out.push_back(statement);
  }
  return out;
}

Generator::Statements Generator::create_partition(const Model& model) {
  const Table* parent = pick_table(model, [](const Table& t) { return t.kind == 'p' && !t.temp; });
  if (parent == nullptr) return {};
  std::string bound = partition_bound(model, *parent);
  if (bound.empty()) return {};
  std::string name = fresh_name(model, parent->schema, table_name());
  touched(parent->schema, name);
  std::string sql = "CREATE TABLE " + qn(parent->schema, name) + " PARTITION OF " + parent->qualified();
  if (rng_.chance(0.1))
    sql += " (CONSTRAINT " + qi(fresh_name(model, parent->schema, "chk_" + number())) + " CHECK (true))";
  sql += " " + bound;
  Statements out = {wrap(sql)};
  if (rng_.chance(0.2) && !parent->columns.empty())  // out of scope: any name
    out.push_back("CREATE INDEX ON " + qn(parent->schema, name) + " (" + qi(rng_.pick(parent->columns).name) + ")");
  return out;
}

Generator::Statements Generator::create_inherits(const Model& model) {
  const Table* parent = pick_table(model, [](const Table& t) { return t.in_scope() && t.kind == 'r'; });
  if (parent == nullptr) return {};
  const std::string schema = parent->schema;
  const std::string name = fresh_name(model, schema, table_name());
  const std::string target = qn(schema, name);
  touched(schema, name);
  const Constraint* pk = parent->primary_key();
  if (rng_.chance(0.2)) {  // a copy first, then INHERIT
    return {"CREATE TABLE " + target + " (LIKE " + parent->qualified() + " INCLUDING ALL)",
            wrap("ALTER TABLE " + target + " INHERIT " + parent->qualified())};
  }
  std::vector<std::string> parts;
  for (int i = rng_.between(0, 2); i > 0; --i) {
    std::string column;
    std::string type = extra_column_type(&column);
    column += "_" + number();
    parts.push_back(qi(column) + " " + type);
  }
  if (pk != nullptr && pk->columns.size() == 1 && rng_.chance(0.75))
    parts.push_back("PRIMARY KEY (" + qi(pk->columns[0]) + ")");
  std::string sql = "CREATE TABLE " + target + " (";
  for (std::size_t i = 0; i < parts.size(); ++i) sql += (i ? ", " : "") + parts[i];
  return {wrap(sql + ") INHERITS (" + parent->qualified() + ")")};
}

Generator::Statements Generator::create_copy(const Model& model) {
  const Table* source = pick_table(model, [](const Table& t) { return (t.in_scope() || t.partition) && !t.temp; });
  const std::string schema = rng_.chance(0.8) ? names_.main : names_.other;
  const std::string name = fresh_name(model, schema, table_name());
  const std::string target = qn(schema, name);
  touched(schema, name);
  std::size_t variant = rng_.weighted({25, 10, 10, 10, 20, 10, 5, 10});
  if (source == nullptr) variant = 3;
  Statements out;
  std::string key = "id";
  bool timestamps = true;
  if (source != nullptr) {
    const Constraint* pk = source->primary_key();
    key = pk != nullptr && pk->columns.size() == 1 ? pk->columns[0] : "";
    timestamps = source->column("created_at") != nullptr && source->column("updated_at") != nullptr;
  }
  switch (variant) {
    case 0:
      out.push_back("CREATE TABLE " + target + " AS SELECT * FROM " + source->qualified() + " WITH NO DATA");
      break;
    case 1:
      out.push_back("CREATE TABLE " + target + " AS TABLE " + source->qualified());
      break;
    case 2:
      out.push_back("SELECT * INTO " + target + " FROM " + source->qualified());
      break;
    case 3:
      out.push_back(std::string("CREATE ") + (rng_.chance(0.1) ? "UNLOGGED " : "") + "TABLE " + target +
                    " AS SELECT gen_random_uuid() AS id, now() AS created_at, now() AS updated_at,"
                    " NULL::timestamptz AS deleted_at");
      key = "id";
      timestamps = true;
      break;
    case 4:
      out.push_back("CREATE TABLE " + target + " (LIKE " + source->qualified() + " INCLUDING ALL" +
                    (rng_.chance(0.3) ? ", extra_" + number() + " text" : "") + ")");
      return out;
    case 5:
      if (key.empty()) return {};
      out.push_back("CREATE TABLE " + target + " (LIKE " + source->qualified() +
                    " INCLUDING DEFAULTS INCLUDING CONSTRAINTS, PRIMARY KEY (" + qi(key) + "))");
      return out;
    case 6:
      out.push_back("CREATE TABLE " + target + " (LIKE " + source->qualified() + ")");
      return out;
    default:
      if (key.empty()) return {};
      out.push_back("CREATE TABLE " + target + " (LIKE " + source->qualified() +
                    " INCLUDING ALL EXCLUDING INDEXES, PRIMARY KEY (" + qi(key) + "))");
      return out;
  }
  out[0] = wrap(out[0]);
  // CREATE TABLE AS copies columns only: often made compliant in the same transaction
  if (!key.empty() && rng_.chance(0.6)) {
    std::string fix = "ALTER TABLE " + target + " ADD PRIMARY KEY (" + qi(key) + "), ALTER COLUMN " + qi(key) +
                      " SET DEFAULT pg_catalog.gen_random_uuid()";
    if (timestamps)
      for (const char* column : {"created_at", "updated_at"})
        fix += std::string(", ALTER COLUMN ") + column + " SET NOT NULL, ALTER COLUMN " + column + " SET DEFAULT now()";
    out.push_back(fix);
  }
  return out;
}

Generator::Statements Generator::create_temp(const Model& model) {
  std::vector<const Table*> temps;
  for (const Table& t : model.tables)
    if (t.temp) temps.push_back(&t);
  if (temps.size() > 5 || (!temps.empty() && rng_.chance(0.3))) {
    const Table* t = rng_.pick(temps);
    switch (rng_.below(3)) {
      case 0:
        return {"DROP TABLE " + t->qualified()};
      case 1:
        return {"ALTER TABLE " + t->qualified() + " ADD COLUMN c" + number() + " integer"};
      default:
        if (t->columns.empty()) return {"DROP TABLE " + t->qualified()};
        return {"CREATE INDEX ON " + t->qualified() + " (" + qi(rng_.pick(t->columns).name) + ")"};
    }
  }
  const std::string name = "tmp_" + number();
  const std::string on_commit =
      rng_.pick(std::vector<std::string>{" ON COMMIT DROP", " ON COMMIT DROP", " ON COMMIT DELETE ROWS", ""});
  const Table* source = pick_table(model, [](const Table& t) { return t.in_scope(); });
  Statements out;
  switch (rng_.below(3)) {
    case 0:
      out.push_back("CREATE TEMP TABLE " + qi(name) + " (id bigserial PRIMARY KEY, a integer, b text)" + on_commit);
      break;
    case 1:
      if (source == nullptr) return {};
      out.push_back("CREATE TEMPORARY TABLE " + qi(name) + " (LIKE " + source->qualified() + " INCLUDING ALL)" +
                    on_commit);
      break;
    default:
      out.push_back("CREATE TEMP TABLE " + qi(name) + on_commit + " AS SELECT 1 AS a, 'x'::text AS b");
      break;
  }
  if (rng_.chance(0.5)) out.push_back("CREATE INDEX ON pg_temp." + qi(name) + " ((1))");
  return out;
}

Generator::Statements Generator::create_typed(const Model& model) {
  Statements out;
  std::string type_name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<const CompositeType*> existing;
  for (const CompositeType& t : model.types) existing.push_back(&t);
  if (existing.empty() || (existing.size() < 6 && rng_.chance(0.6))) {
    type_name = qn(names_.main, fresh_name(model, names_.main, "ty_" + number()));
    attributes = {{"id", "uuid"},
                  {"created_at", "timestamptz"},
                  {"updated_at", "timestamptz"},
                  {"deleted_at", "timestamptz"},
                  {"email", "text"},
                  {"qty", "integer"}};
    if (rng_.chance(0.15)) attributes[1].second = "timestamp";
    if (rng_.chance(0.1)) attributes.erase(attributes.begin() + 3);
    std::string sql = "CREATE TYPE " + type_name + " AS (";
    for (std::size_t i = 0; i < attributes.size(); ++i)
      sql += (i ? ", " : "") + qi(attributes[i].first) + " " + attributes[i].second;
    out.push_back(sql + ")");
  } else {
    const CompositeType* type = rng_.pick(existing);
    type_name = type->qualified();
    attributes = type->attributes;
  }
  const std::string schema = names_.main;
  const std::string name = fresh_name(model, schema, table_name());
  const std::string target = qn(schema, name);
  touched(schema, name);
  std::vector<std::string> options;
  for (const auto& attribute : attributes) {
    if (rng_.chance(0.1)) continue;  // an option left out: a broken table
    if (attribute.first == "id") options.push_back("id WITH OPTIONS PRIMARY KEY DEFAULT " + key_default());
    if (attribute.first == "created_at" || attribute.first == "updated_at")
      options.push_back(attribute.first + " WITH OPTIONS NOT NULL DEFAULT " + timestamp_default());
  }
  std::string sql = "CREATE TABLE " + target + " OF " + type_name;
  if (!options.empty()) {
    sql += " (";
    for (std::size_t i = 0; i < options.size(); ++i) sql += (i ? ", " : "") + options[i];
    sql += ")";
  }
  out.push_back(wrap(sql));
  for (const auto& attribute : attributes)
    if ((attribute.first == "email" || text_like(attribute.second)) && rng_.chance(0.5)) {
      out.push_back("CREATE INDEX " + qi(fresh_name(model, schema, "idx_" + name + "_" + attribute.first)) + " ON " +
                    target + " (" + qi(attribute.first) + ")");
      break;
    }
  return out;
}

}  // namespace ddlfuzz

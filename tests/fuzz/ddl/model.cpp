#include "model.hpp"

#include <map>

namespace fuzz {

std::string TableInfo::qualified() const { return quote_ident(schema) + "." + quote_ident(name); }

namespace {

// The query with 'fz'::regnamespace naming the session's schema instead.
std::string in_schema(std::string sql, const std::string& schema) {
  const std::string placeholder = "'fz'::regnamespace";
  const std::string literal = "'" + quote_ident(schema) + "'::regnamespace";
  for (std::size_t at = sql.find(placeholder); at != std::string::npos; at = sql.find(placeholder, at + literal.size()))
    sql.replace(at, placeholder.size(), literal);
  return sql;
}

}  // namespace

Model Model::read(Session& session, const std::string& schema) {
  Model model;
  std::map<std::string, std::size_t> by_oid;
  for (const auto& row : session.must(in_schema(
           "SELECT c.oid, c.relname, c.relkind, c.relispartition, EXISTS ("
           "  SELECT FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
           "  WHERE k.conrelid = c.oid AND k.contype = 'p' AND cardinality(k.conkey) = 1"
           "    AND a.attname = 'id' AND a.atttypid = 'uuid'::regtype)"
           " FROM pg_class c WHERE c.relnamespace = 'fz'::regnamespace AND c.relkind IN ('r', 'p')"
           " ORDER BY c.relname", schema))
           .rows) {
    TableInfo table;
    table.schema = schema;
    table.name = row[1];
    table.kind = row[2][0];
    table.is_partition = row[3] == "t";
    table.uuid_id_key = row[4] == "t";
    by_oid[row[0]] = model.tables.size();
    model.tables.push_back(table);
  }
  for (const auto& row : session.must(in_schema(
           "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull"
           " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
           " WHERE c.relnamespace = 'fz'::regnamespace AND c.relkind IN ('r', 'p')"
           "   AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum", schema))
           .rows) {
    auto found = by_oid.find(row[0]);
    if (found != by_oid.end()) model.tables[found->second].columns.push_back({row[1], row[2], row[3] == "t"});
  }
  for (const auto& row : session.must(in_schema(
           "SELECT i.indrelid, c.relname, EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid"
           "   AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))"
           " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
           " WHERE c.relnamespace = 'fz'::regnamespace ORDER BY c.relname", schema))
           .rows) {
    auto found = by_oid.find(row[0]);
    if (found != by_oid.end()) model.tables[found->second].indexes.push_back({row[1], row[2] == "t"});
  }
  for (const auto& row : session.must(in_schema(
           "SELECT conrelid, conname FROM pg_constraint WHERE connamespace = 'fz'::regnamespace"
           " AND conrelid <> 0 AND conislocal AND conparentid = 0 ORDER BY conname", schema))
           .rows) {
    auto found = by_oid.find(row[0]);
    if (found != by_oid.end()) model.tables[found->second].constraints.push_back(row[1]);
  }
  return model;
}

std::vector<const TableInfo*> Model::plain_tables() const {
  std::vector<const TableInfo*> plain;
  for (const TableInfo& table : tables)
    if (!table.is_partition) plain.push_back(&table);
  return plain;
}

std::string schema_fingerprint(Session& session, const std::string& schema) {
  return session.scalar(in_schema(
      "SELECT coalesce(string_agg(x, E'\\n' ORDER BY x), '') FROM ("
      " SELECT 'class ' || c.oid::regclass::text || ' ' || c.relkind::text FROM pg_class c"
      "  WHERE c.relnamespace = 'fz'::regnamespace"
      " UNION ALL SELECT 'column ' || a.attrelid::regclass::text || ' ' || quote_ident(a.attname) || ' '"
      "  || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' '"
      "  || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')"
      "  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
      "  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
      "  WHERE c.relnamespace = 'fz'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped"
      " UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || quote_ident(conname) || ' '"
      "  || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'fz'::regnamespace AND conrelid <> 0"
      " UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i"
      "  JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'fz'::regnamespace"
      ") s (x)", schema));
}

}  // namespace fuzz

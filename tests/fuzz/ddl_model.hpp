// What a fuzz session's schemas hold right now, read back from the catalog after every
// statement, so that the generator writes DDL PostgreSQL mostly accepts. The model never
// judges compliance: that is the oracle's job (tests/oracle/v1_violations.sql).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace ddlfuzz {

using Oid = std::uint32_t;

struct Column {
  std::string name;
  std::string type;          // format_type()
  std::string default_expr;  // pg_get_expr() of the default, "" without one
  bool not_null = false;
  bool generated = false;
  bool identity = false;
  bool inherited = false;  // attinhcount > 0: cannot be dropped, renamed or retyped alone
};

struct Constraint {
  std::string name;
  char type = 0;  // contype
  std::vector<std::string> columns;
  Oid references = 0;   // foreign keys: confrelid
  char on_delete = 0;   // foreign keys: confdeltype
  bool local = true;    // conislocal
  bool cloned = false;  // conparentid <> 0
};

struct Index {
  std::string name;
  bool unique = false;
  bool backs_constraint = false;  // PRIMARY KEY, UNIQUE or EXCLUDE
  bool expression = false;
  bool partial = false;
  std::vector<std::string> columns;  // key columns, "" for an expression
};

struct Table {
  Oid oid = 0;
  std::string schema, name;
  char kind = 'r';  // 'r' or 'p'
  bool temp = false;
  bool unlogged = false;
  bool partition = false;
  bool shared = false;        // the shared schema: a foreign key target only, never changed
  bool member = false;        // a member of an extension (ALTER EXTENSION schemaguard ADD TABLE)
  Oid parent = 0;             // the partition's parent or the first inheritance parent
  std::string bound;          // partitions: pg_get_expr(relpartbound)
  char strategy = 0;          // partitioned tables: 'h', 'l', 'r'
  std::string partition_key;  // partitioned tables: the first key column
  std::string of_type;        // typed tables: the qualified composite type
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
  std::vector<Index> indexes;
  std::vector<Oid> children;       // partitions or inheritance children
  std::vector<Oid> referenced_by;  // tables with a foreign key to this one or a default using its sequence

  bool in_scope() const { return !temp && !partition && !shared && !member; }
  std::string qualified() const;
  const Column* column(const std::string& name) const;
  const Constraint* primary_key() const;
  bool has_children() const { return !children.empty(); }
};

struct CompositeType {
  std::string schema, name;
  std::vector<std::pair<std::string, std::string>> attributes;  // name, type
  int typed_tables = 0;
  std::string qualified() const;
};

// SQL true for the session's schemas: main, other, and those created on the fly, named
// main_s<n> (CREATE SCHEMA ... CREATE TABLE ...).
std::string own_schema_predicate(const std::string& column, const std::string& main, const std::string& other);

class Model {
 public:
  // the session's schemas (see own_schema_predicate); shared: the schema of the shared FK targets
  Model(std::string main, std::string other, std::string shared);

  // Registers the prepared statements on a new connection.
  void prepare(pqxx::connection_base& connection) const;
  void load(pqxx::transaction_base& tx);

  std::vector<Table> tables;
  std::vector<CompositeType> types;
  std::vector<std::string> dynamic_schemas;  // main_s<n>

  const Table* find(Oid oid) const;
  const Table* find(const std::string& schema, const std::string& name) const;
  bool name_taken(const std::string& schema, const std::string& name) const;

 private:
  std::string main_, other_, shared_;
  std::map<std::string, std::set<std::string>> names_;  // schema -> relation and type names
};

}  // namespace ddlfuzz

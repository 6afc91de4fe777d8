// What the fuzz schema holds right now, read back from the catalog after every
// transaction, so that the generator mostly writes DDL PostgreSQL accepts.
#pragma once

#include <string>
#include <vector>

#include "session.hpp"

namespace fuzz {

// The schema shared by all sessions (the domain fz.short_text); each session works in
// its own schema (fz, or fz1, fz2... with --sessions).
constexpr const char* kSharedSchema = "fz";

struct ColumnInfo {
  std::string name;
  std::string type;  // format_type()
  bool not_null = false;
};

struct IndexInfo {
  std::string name;
  bool backs_constraint = false;
};

struct TableInfo {
  std::string schema;
  std::string name;
  char kind = 'r';  // 'r' or 'p'
  bool is_partition = false;
  bool uuid_id_key = false;  // a one-column primary key "id" of type uuid: FKs may point here
  std::vector<ColumnInfo> columns;
  std::vector<IndexInfo> indexes;
  std::vector<std::string> constraints;  // droppable ones (local, not inherited)

  std::string qualified() const;  // "schema"."name"
};

struct Model {
  std::vector<TableInfo> tables;

  static Model read(Session& session, const std::string& schema);
  std::vector<const TableInfo*> plain_tables() const;  // not partitions
};

// The fuzz schema's objects as text (classes, columns, defaults, constraints, indexes),
// to prove that a rejected transaction left no trace.
std::string schema_fingerprint(Session& session, const std::string& schema);

}  // namespace fuzz

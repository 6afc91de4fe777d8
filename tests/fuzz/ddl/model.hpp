// What the fuzz schema holds right now, read back from the catalog after every
// transaction, so that the generator mostly writes DDL PostgreSQL accepts.
#pragma once

#include <string>
#include <vector>

#include "session.hpp"

namespace fuzz {

constexpr const char* kSchema = "fz";

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
  std::string name;
  char kind = 'r';  // 'r' or 'p'
  bool is_partition = false;
  bool uuid_id_key = false;  // a one-column primary key "id" of type uuid: FKs may point here
  std::vector<ColumnInfo> columns;
  std::vector<IndexInfo> indexes;
  std::vector<std::string> constraints;  // droppable ones (local, not inherited)

  std::string qualified() const;  // "fz"."name"
};

struct Model {
  std::vector<TableInfo> tables;

  static Model read(Session& session);
  std::vector<const TableInfo*> plain_tables() const;  // not partitions
};

// The fuzz schema's objects as text (classes, columns, defaults, constraints, indexes),
// to prove that a rejected transaction left no trace.
std::string schema_fingerprint(Session& session);

}  // namespace fuzz

// Random, mostly valid DDL transactions over the fuzz schema: compliant and broken
// tables, columns of many types, defaults, constraints, foreign keys with every action,
// indexes of every kind, renames, drops, partitions, inheritance, LIKE, CREATE TABLE AS,
// temporary tables, DO blocks and savepoints.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "model.hpp"

namespace fuzz {

struct Step {
  std::string sql;
  std::string recover;  // run when sql fails (ROLLBACK TO SAVEPOINT ...); empty: the transaction fails
};

struct Transaction {
  std::vector<Step> steps;
  bool rollback = false;  // ends with ROLLBACK instead of COMMIT
};

class Generator {
 public:
  Generator(std::uint64_t seed, std::string schema) : random_(seed), schema_(std::move(schema)) {}
  Transaction next(const Model& model);

 private:
  std::mt19937_64 random_;
  std::string schema_;
  unsigned counter_ = 0;
  unsigned savepoints_ = 0;

  bool chance(double p);
  std::size_t below(std::size_t n);
  template <typename T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

  std::string fresh(const std::string& stem);
  std::string fresh_table_name();
  std::string extra_column();
  std::string key_column();
  std::string timestamp_column(const std::string& name);
  std::string deleted_at_column();
  std::string foreign_key(const Model& model, const std::string& column_name);
  std::string on_delete();

  void create_table(const Model& model, std::vector<Step>& out);
  std::string create_index(const TableInfo& table);
  std::string alter_table(const Model& model, const TableInfo& table);
  std::string rename(const TableInfo& table);
  std::string drop(const TableInfo& table);
  void one_change(const Model& model, std::vector<Step>& out);
};

}  // namespace fuzz

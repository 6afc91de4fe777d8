// Random, mostly valid DDL over a session's schemas, drawn from a seeded Rng and the
// current catalog (Model). It aims at a mix of compliant and non-compliant changes but
// never decides a verdict: the oracle does.
//
//   ddl_generator.cpp         plans, operation choice, names, column and key pieces
//   ddl_generator_create.cpp  tables: plain, partitioned, partitions, INHERITS, LIKE,
//                             CREATE TABLE AS / SELECT INTO, temporary, typed (OF type)
//   ddl_generator_alter.cpp   changes to tables: columns, defaults, constraints, foreign
//                             keys, indexes, renames, SET SCHEMA, drops, ATTACH/DETACH
//   ddl_generator_objects.cpp other objects that change tables or the scope: ALTER TYPE,
//                             domains, the look-alike gen_random_uuid(), extension
//                             membership, CREATE SCHEMA ... CREATE TABLE, out-of-scope ones
//   ddl_generator_repair.cpp  fixes for tables that look non-compliant, so that many
//                             transactions end compliant after breaking something
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ddl_model.hpp"
#include "ddl_util.hpp"

namespace ddlfuzz {

struct GeneratorOptions {
  // No ALTER TYPE ... ALTER ATTRIBUTE ... TYPE / RENAME ATTRIBUTE ... CASCADE on the types of
  // typed tables: extensions built before commit 2ce2b6d did not record the tables they change.
  bool skip_typed_table_alter_type = false;
};

struct SessionNames {
  int session = 1;
  std::string main;    // fz<k>: the search_path's first schema, home of the domains
  std::string other;   // "fz<k> ü": the target of SET SCHEMA
  std::string shared;  // fz_shared: foreign key targets shared by all sessions
};

// One element of a transaction's plan.
struct PlanItem {
  enum Kind { kOperation, kProtected, kSavepointGroup } kind = kOperation;
  int operations = 1;        // kSavepointGroup: operations inside
  bool rollback_to = false;  // kSavepointGroup: ROLLBACK TO (else RELEASE)
};

struct Plan {
  std::vector<PlanItem> items;
  bool rollback = false;  // ends with ROLLBACK instead of COMMIT
  bool repair = false;    // tries to fix what looks broken before the end
  bool prepare = false;   // ends with PREPARE TRANSACTION and COMMIT PREPARED (when the server allows)
};

class Generator {
 public:
  Generator(std::uint64_t seed, SessionNames names, GeneratorOptions options);

  Plan plan();
  // The statements of one random operation on the current catalog.
  std::vector<std::string> operation(const Model& model);
  // Statements fixing the next table that looks non-compliant and was not tried yet in
  // this transaction; empty when there is none.
  std::vector<std::string> repair_next(const Model& model);
  // Called at BEGIN: forgets the previous transaction's tables.
  void begin_transaction() {
    recent_.clear();
    repaired_.clear();
  }
  std::string savepoint_name() { return "sp" + std::to_string(++savepoints_); }

 private:
  using Statements = std::vector<std::string>;
  Rng rng_;
  SessionNames names_;
  GeneratorOptions options_;
  unsigned counter_ = 0;
  unsigned savepoints_ = 0;
  std::vector<std::pair<std::string, std::string>> recent_;  // (schema, name) touched in this transaction
  std::vector<Oid> repaired_;                                // tables repair_next() tried
  std::vector<std::string> reserved_;  // "schema.name" chosen by fresh_name() for the operation being built

  // --- ddl_generator.cpp: shared pieces
  std::string number() { return std::to_string(++counter_); }
  std::string table_name();
  std::string fresh_name(const Model& model, const std::string& schema, const std::string& stem);
  std::string key_default();
  std::string timestamp_type();
  std::string timestamp_default();
  std::string on_delete_clause(bool* set_null);
  std::string extra_column_type(std::string* name);
  std::string literal_default(const std::string& type);
  std::string dom(const std::string& name) const { return qn(names_.main, name); }
  void touched(const std::string& schema, const std::string& name) { recent_.emplace_back(schema, name); }
  // A table matching the filter, preferring those touched in this transaction; nullptr if none.
  const Table* pick_table(const Model& model, const std::function<bool(const Table&)>& filter);
  const Table* pick_fk_target(const Model& model, const Table* from);
  // sometimes runs the statement through a DO block or a PL/pgSQL function
  std::string wrap(const std::string& statement);

  // --- ddl_generator_create.cpp
  Statements create_table(const Model& model);
  Statements create_partitioned(const Model& model);
  Statements create_partition(const Model& model);
  Statements create_inherits(const Model& model);
  Statements create_copy(const Model& model);
  Statements create_temp(const Model& model);
  Statements create_typed(const Model& model);
  std::string partition_bound(const Model& model, const Table& parent);

  // --- ddl_generator_alter.cpp
  Statements alter_neutral(const Model& model);
  Statements alter_breaking(const Model& model);
  Statements foreign_key(const Model& model);
  Statements create_index(const Model& model);
  Statements change_index(const Model& model);
  Statements rename_table(const Model& model);
  Statements set_schema(const Model& model);
  Statements drop_table(const Model& model);
  Statements attach_detach(const Model& model);
  Statements inheritance_change(const Model& model);

  // --- ddl_generator_objects.cpp
  Statements alter_type(const Model& model);
  Statements domain_change(const Model& model);
  Statements look_alike(const Model& model);
  Statements out_of_scope(const Model& model);
  Statements extension_member(const Model& model);
  Statements schema_change(const Model& model);

  // --- ddl_generator_repair.cpp
  Statements repair_table(const Model& model, const Table& table);
};

// Whether a default expression (pg_get_expr) reads as the built-in key default or a current
// time; used only to aim the generator, never to judge.
bool looks_like_uuid_default(const std::string& expr);
bool looks_like_now_default(const std::string& expr);
bool is_timestamptz(const std::string& type);
// The single column a foreign key can reference (primary key, else a one-column UNIQUE).
const Column* referenceable_column(const Table& table);

}  // namespace ddlfuzz

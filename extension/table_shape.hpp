// A table as the rules see it: a plain C++ value with no PostgreSQL types,
// built by the catalog layer (catalog.cpp) and judged by the pure rules in rules/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace schemaguard {

using ObjectId = std::uint32_t;
using AttrNumber = std::int16_t;

// Catalog OIDs the rules compare against. catalog.cpp static_asserts them
// against PostgreSQL's own headers, so the pure code cannot drift.
namespace oids {
constexpr ObjectId kUuid = 2950;
constexpr ObjectId kTimestamp = 1114;
constexpr ObjectId kTimestamptz = 1184;
constexpr ObjectId kGenRandomUuid = 3432;
constexpr ObjectId kNow = 1299;
constexpr ObjectId kTransactionTimestamp = 2647;
constexpr ObjectId kStatementTimestamp = 2648;
constexpr ObjectId kClockTimestamp = 2649;
}  // namespace oids

// What a column default is, read from the stored expression tree (pg_attrdef.adbin),
// never from its text.
enum class DefaultKind {
  kNone,              // no default
  kFunctionCall,      // a bare call f() with no arguments and no casts: see function_oid
  kCurrentTimestamp,  // CURRENT_TIMESTAMP / CURRENT_TIMESTAMP(n) (an SQLValueFunction)
  kOther,             // anything else: constants, casts, calls with arguments, operators
};

struct ColumnDefault {
  DefaultKind kind = DefaultKind::kNone;
  ObjectId function_oid = 0;  // only for kFunctionCall
  std::string text;           // deparsed, for messages only
};

struct Column {
  AttrNumber attnum = 0;
  std::string name;         // raw attname
  std::string quoted_name;  // quote_identifier(attname), for hints
  ObjectId type_oid = 0;
  std::string type_name;  // format_type_be(type_oid), for messages
  bool not_null = false;  // attnotnull
  // attidentity: 'a' GENERATED ALWAYS AS IDENTITY, 'd' BY DEFAULT, '\0' not an identity.
  char identity = '\0';
  // The column's type when it is a domain that refuses nulls (NOT NULL on it or on a
  // domain it is based on), for messages; empty otherwise. Such a column is never null
  // either: see refuses_null() in rules/rule_util.hpp.
  std::string not_null_domain;
  // Read only for the columns whose defaults some rule judges (judges_default() in
  // rules/rules.hpp); kNone for the others.
  ColumnDefault default_value;
};

// One FOREIGN KEY constraint.
enum class OnDelete { kNoAction, kRestrict, kCascade, kSetNull, kSetDefault };

struct ForeignKey {
  std::string name;
  std::string quoted_name;
  std::vector<AttrNumber> columns;           // conkey
  std::vector<AttrNumber> set_null_columns;  // confdelsetcols (empty: all of columns)
  OnDelete on_delete = OnDelete::kNoAction;
  std::string referenced_table;  // schema-qualified, quoted
  // The rest of the definition, so that a hint can restate the constraint with
  // another ON DELETE action. referenced_columns is empty when it could not be read.
  std::vector<std::string> referenced_columns;  // quoted, in confkey order
  std::string match;                            // "" (MATCH SIMPLE) or "FULL"
  std::string on_update;                        // "" (NO ACTION), "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"
  bool deferrable = false;
  bool initially_deferred = false;
  bool validated = true;
};

// Which constraint an index backs, if any.
enum class IndexBacking { kNone, kPrimaryKey, kUnique, kExclusion };

struct Index {
  ObjectId oid = 0;
  std::string name;
  std::string quoted_name;              // schema-qualified, quoted: for ALTER INDEX hints
  std::vector<AttrNumber> key_columns;  // indkey, key columns only; 0 = expression
  IndexBacking backing = IndexBacking::kNone;
  bool unique = false;  // indisunique (a UNIQUE index, backing a constraint or not)
  // indisvalid: false for what a failed CREATE INDEX CONCURRENTLY, REINDEX CONCURRENTLY
  // or pg_repack left behind. An INVALID index is reported, never judged by name, never
  // counted as covering a foreign key, and never blocks a commit.
  bool valid = true;
};

// The rule parameters in force (schemaguard.rule_parameters, issue 12), resolved to OIDs
// by the configuration reader. Empty: the V1 definition, exactly. judge() (engine.cpp)
// copies the configuration's onto each table before the checks read them, so the rules
// stay pure functions of the shape.
struct RuleParameters {
  // primary_key.key_types: the types accepted for the key column (not set: uuid).
  std::vector<ObjectId> key_types;
  // primary_key.key_defaults: functions accepted as the key's default besides
  // pg_catalog.gen_random_uuid() (zero-argument, returning uuid).
  std::vector<ObjectId> key_defaults;
  // primary_key.identity: "always" and/or "by default": an identity column of one of
  // key_types is accepted as the key, with no default (not set: none is).
  std::vector<std::string> key_identity;
  // timestamps.columns: the columns required (not set: created_at, updated_at).
  std::vector<std::string> timestamp_columns;
  // timestamps.default_functions: functions accepted as the default of the timestamp
  // columns besides the built-in current-time ones (zero-argument, returning timestamptz).
  std::vector<ObjectId> timestamp_defaults;
  // soft_delete.column: the soft-delete column (one name; not set: deleted_at).
  std::vector<std::string> soft_delete_column;
  // soft_delete.classes: the classes judged, "entity" and/or "internal" (not set: entity).
  std::vector<std::string> soft_delete_classes;
  // fk_on_delete.actions: the ON DELETE actions accepted, among "cascade", "set null",
  // "set default", "restrict", "no action" (not set: cascade, set null).
  std::vector<std::string> fk_actions;
  // index_naming.template / unique_template / expression_template: one template each
  // (not set: idx_{table}_{column}; the template; idx_{table}_{any}).
  std::vector<std::string> index_template;
  std::vector<std::string> unique_index_template;
  std::vector<std::string> expression_index_template;
  // The stored names of key_types, key_defaults and timestamp_defaults (those that
  // resolved, in the same order), for messages that say what the policy accepts.
  std::vector<std::string> key_type_names;
  std::vector<std::string> key_default_names;
  std::vector<std::string> timestamp_default_names;
};

// entity: every rule; internal: no soft_delete; exempt: out of scope (superuser only).
enum class TableClass { kEntity, kInternal, kExempt };

struct TableShape {
  ObjectId oid = 0;
  std::string schema;          // raw nspname
  std::string name;            // raw relname
  std::string qualified_name;  // quote_identifier(schema) . quote_identifier(name)
  TableClass table_class = TableClass::kEntity;
  // A partition: only its own foreign keys are read and judged (Rule::judges_partitions).
  bool is_partition = false;
  // An inheritance child (INHERITS, not a partition): an ALTER TABLE ... ADD COLUMN on
  // its parent adds the column here too, so hints add columns with IF NOT EXISTS.
  bool inherits = false;
  std::vector<Column> columns;          // user columns, not dropped, in attnum order
  std::vector<AttrNumber> primary_key;  // empty: no primary key
  // Columns PostgreSQL or Citus require in the primary key besides id: a partitioned
  // table's partition key columns (pg_partitioned_table.partattrs), a distributed
  // table's distribution column. primary_key accepts exactly these plus id.
  std::vector<AttrNumber> required_key_columns;
  // Citus: the distribution column of a hash-distributed table, 0 for any other table.
  // fk_on_delete never proposes SET NULL on a foreign key that contains it.
  AttrNumber distribution_column = 0;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Index> indexes;
  RuleParameters parameters;  // set by judge() from the configuration; empty: V1

  const Column* column(AttrNumber attnum) const;
  const Column* column(const std::string& name) const;
};

// One violation of one rule on one table. The rule and the table are implied by
// where it sits; object_name is the column, constraint or index concerned.
struct Finding {
  std::string rule;
  std::string object_name;  // empty when the table itself is concerned
  std::string message;      // e.g. primary key column "id" is bigint, expected uuid DEFAULT gen_random_uuid()
  std::string hint;         // runnable DDL, or empty when no single fix exists
  // What the object is, where its name and the message do not say it all, so that a
  // baselined finding stays baselined only while the object is the same: for a foreign
  // key its columns, referenced table and columns and ON DELETE action. Empty otherwise.
  std::string identity;
  // Reported with severity warning whatever the rule's severity: never blocks a commit
  // (an INVALID index; see Index::valid).
  bool never_blocks = false;
};

}  // namespace schemaguard

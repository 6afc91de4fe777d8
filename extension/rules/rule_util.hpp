// Small helpers shared by the pure rules (no PostgreSQL headers).
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "rules.hpp"

namespace schemaguard {

// Quote an identifier for SQL the way PostgreSQL's quote_identifier does for
// the common cases: left bare only when it matches [a-z_][a-z0-9_]* and is not
// one of a short list of keywords; otherwise wrapped in double quotes with
// embedded double quotes doubled. Quoting more than needed is always safe.
std::string quote_identifier_simple(const std::string& name);

// "name" for messages: the raw identifier in double quotes (PostgreSQL style).
std::string dq(const std::string& raw);

// "a", "b", "c"
std::string dq_list(const std::vector<std::string>& raw_names);

std::string join(const std::vector<std::string>& parts, const std::string& sep);

bool starts_with(const std::string& text, const std::string& prefix);
bool ends_with(const std::string& text, const std::string& suffix);

Finding make_finding(const char* rule, std::string object_name, std::string message,
                     std::string hint);

// ALTER TABLE <table> ALTER COLUMN <column> <action>;
std::string alter_column_sql(const TableShape& table, const Column& column,
                             const std::string& action);

// The deparsed default for messages, or a stand-in when the text is unknown.
std::string default_text(const ColumnDefault& value);

// A default that yields the current time: CURRENT_TIMESTAMP, now(),
// transaction_timestamp(), statement_timestamp(), clock_timestamp() (by OID).
bool is_current_time_default(const ColumnDefault& value);

// Whether the column can never be null: NOT NULL, or of a domain that refuses nulls.
bool refuses_null(const Column& column);

// ALTER TABLE <table> ADD COLUMN <definition>; with IF NOT EXISTS for an inheritance child,
// whose parent's hint (ADD COLUMN there) may have added the column already.
std::string add_column_sql(const TableShape& table, const std::string& definition);

// The identity of a foreign key for the baseline (Finding::identity): its columns,
// referenced table and columns, and ON DELETE action (with its SET NULL columns).
std::string foreign_key_identity(const TableShape& table, const ForeignKey& fk);

// The raw name of the column at attnum, or nullptr for an expression (0)
// or an unknown attnum.
const Column* key_column(const TableShape& table, AttrNumber attnum);

// Does index_name satisfy the index_naming rule for an index on `table` whose
// first key column is `first_column` (nullptr: an expression)?
bool index_name_acceptable(const std::string& table_name, const Column* first_column,
                           const std::string& index_name);

// Suggests names for new or renamed indexes of one table: each name index_naming
// accepts, fits in 63 bytes, and differs from the table's name, from the names of the
// table's indexes and from every name suggested before, so the hints run one after
// another. Constant time per suggestion (hash lookups, and per stem the next numeric
// suffix to try), so naming N indexes costs O(N).
class IndexNamer {
 public:
  explicit IndexNamer(const TableShape& table);
  // A name for an index on keys (own_name: the index's current name, if it exists);
  // empty when none is found.
  std::string choose(const std::vector<AttrNumber>& keys, const std::string& own_name);

 private:
  bool usable(const std::string& candidate, const Column* first, const std::string& own_name) const;
  const TableShape& table_;
  std::unordered_set<std::string> taken_;
  std::unordered_map<std::string, int> next_suffix_;  // stem -> next n for stem_n
};

}  // namespace schemaguard

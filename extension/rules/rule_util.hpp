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

// A list for messages: "a", "a or b", "a, b or c" (last: the separator before the last item,
// " or " or " and ").
std::string join_list(const std::vector<std::string>& items, const std::string& last);

bool starts_with(const std::string& text, const std::string& prefix);
bool ends_with(const std::string& text, const std::string& suffix);

Finding make_finding(const char* rule, std::string object_name, std::string message, std::string hint);

// ALTER TABLE <table> ALTER COLUMN <column> <action>;
std::string alter_column_sql(const TableShape& table, const Column& column, const std::string& action);

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

// "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT" or "NO ACTION": an action as SQL writes it.
const char* on_delete_words(OnDelete action);

// The identity of a foreign key for the baseline (Finding::identity): its columns,
// referenced table and columns, and ON DELETE action (with its SET NULL columns).
std::string foreign_key_identity(const TableShape& table, const ForeignKey& fk);

// The raw name of the column at attnum, or nullptr for an expression (0)
// or an unknown attnum.
const Column* key_column(const TableShape& table, AttrNumber attnum);

// index_naming's name templates (issue 12): literal text with the placeholders {table},
// {column} (the first key column), {columns} (the key columns joined by "_", an expression
// key as "expr") and {any} (any non-empty text; only at the end). Which one judges an
// index: its first key an expression (or unknown): the expression template; else a
// UNIQUE index: the unique template (not set: the template); else the template.
namespace v1_templates {
inline const std::string kIndex = "idx_{table}_{column}";
inline const std::string kExpressionIndex = "idx_{table}_{any}";
}  // namespace v1_templates

enum class IndexTemplateKind { kPlain, kUnique, kExpression };

// Empty when `text` is a valid template of that kind, else why not (the message of the
// ERROR set_rule_parameter() raises).
std::string validate_index_template(const std::string& text, IndexTemplateKind kind);

// One template, parsed (valid by validate_index_template).
struct ParsedIndexTemplate {
  enum class Slot { kText, kTable, kColumn, kColumns, kAny };
  struct Part {
    Slot slot;
    std::string text;  // kText only
  };
  const std::string* text = nullptr;  // as stored, or the V1 template
  std::vector<Part> parts;
  bool any = false;            // ends in {any}
  bool names_columns = false;  // has {column} or {columns}
};

// The templates in force on a table, parsed once per table. A stored template that is
// not valid (validate_index_template) counts as the V1 one of its kind.
class IndexTemplates {
 public:
  explicit IndexTemplates(const RuleParameters& parameters);
  // The template that judges an index: its first key an expression (or unknown): the
  // expression template; else a UNIQUE index, while a unique template is set: that one;
  // else the template. *kind says which.
  const ParsedIndexTemplate& judging(const TableShape& table, const std::vector<AttrNumber>& keys, bool unique,
                                     IndexTemplateKind* kind) const;

 private:
  ParsedIndexTemplate plain_, unique_, expression_;
  bool unique_set_ = false;
};

// The name an index on `keys` must have under the templates in force on `table`.
// A template without {any} accepts its expansion E, or E "_" followed by anything; one
// ending in {any} accepts what extends the expansion of the text before it with
// non-empty text; both compared after PostgreSQL's 63-byte truncation. Holds references
// to its arguments: use it while they live.
class IndexNamePattern {
 public:
  IndexNamePattern(const TableShape& table, const IndexTemplates& templates, const std::vector<AttrNumber>& keys,
                   bool unique);
  bool accepts(const std::string& name) const;
  // For messages: "idx_users_email" or "idx_users_email_<suffix>" (quoted); "idx_users_<suffix>".
  std::string describe() const;
  IndexTemplateKind kind() const { return kind_; }
  // The names a namer tries first, best first (each accepted unless truncation spoils it).
  std::vector<std::string> stems() const;
  // The template in force, as stored.
  const std::string& template_text() const { return *template_->text; }

 private:
  // The expansion of the template up to {any}; {column} read as {columns} if asked.
  std::string expand(bool column_as_columns) const;
  std::vector<std::string> key_names() const;  // "expr" for an expression; never empty

  const TableShape& table_;
  const std::vector<AttrNumber>& keys_;
  const ParsedIndexTemplate* template_;
  IndexTemplateKind kind_;
  std::string fixed_;  // expand(false)
};

// Suggests names for new or renamed indexes of one table: each name index_naming
// accepts, fits in 63 bytes, and differs from the table's name, from the names of the
// table's indexes and from every name suggested before, so the hints run one after
// another. Constant time per suggestion (hash lookups, and per stem the next numeric
// suffix to try), so naming N indexes costs O(N).
class IndexNamer {
 public:
  explicit IndexNamer(const TableShape& table);
  // A name for an index on keys (own_name: the index's current name, if it exists;
  // unique: a UNIQUE index, judged by the unique template); empty when none is found.
  std::string choose(const std::vector<AttrNumber>& keys, const std::string& own_name, bool unique = false);
  const IndexTemplates& templates() const { return templates_; }

 private:
  bool usable(const std::string& candidate, const IndexNamePattern& pattern, const std::string& own_name) const;
  const TableShape& table_;
  IndexTemplates templates_;
  std::unordered_set<std::string> taken_;
  std::unordered_map<std::string, int> next_suffix_;  // template + stem -> next n for stem_n
};

}  // namespace schemaguard

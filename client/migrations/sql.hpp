// SQL text of migration files, through libpg_query (the PostgreSQL 15 parser as a library).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace sg::migrations {

struct Statement {
  std::string text;  // without the trailing ';'
  int line = 1;      // 1-based line where the statement (its text) starts in the file
};

// Splits into top-level statements (pg_query_split_with_parser; falls back to the scanner-based
// splitter when the text does not parse, so the server reports the syntax error itself).
std::vector<Statement> split_statements(const std::string& sql);

// Number of statements (comments and whitespace alone give 0).
size_t count_statements(const std::string& sql);

// Top-level statements that would end or start a transaction (BEGIN, START TRANSACTION, COMMIT, END,
// ROLLBACK, ABORT, PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED): a transactional migration must
// not contain them. Savepoints are allowed. Returns e.g. {"COMMIT (line 12)"}; empty when none or
// when the text does not parse (the server will report the syntax error).
std::vector<std::string> transaction_control_statements(const std::string& sql);

// Line of the statement's first token: its text may start with comments (the first statement of a
// no-transaction file starts with the "-- schemaguard:no-transaction" line). For messages.
int first_token_line(const Statement& st);

// The index a `CREATE INDEX CONCURRENTLY name ON [schema.]table ...` statement builds (such a
// statement, when interrupted or failed, leaves an INVALID index of that name behind).
struct ConcurrentIndex {
  std::string schema;  // of the table, empty when unqualified (the index goes to the table's schema)
  std::string table;
  std::string index;
  bool if_not_exists = false;
};
// nullopt for any other statement, an unnamed index, or text that does not parse.
std::optional<ConcurrentIndex> create_index_concurrently(const std::string& statement);

// 1-based line of a byte offset.
int line_of(const std::string& text, size_t offset);

}  // namespace sg::migrations

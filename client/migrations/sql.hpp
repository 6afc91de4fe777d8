// SQL text of migration files, through libpg_query (the PostgreSQL 15 parser as a library).
#pragma once
#include <string>
#include <vector>

namespace sg::migrations {

struct Statement {
    std::string text;  // without the trailing ';'
    int line = 1;      // 1-based line where the statement starts in the file
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

// 1-based line of a byte offset.
int line_of(const std::string& text, size_t offset);

}  // namespace sg::migrations

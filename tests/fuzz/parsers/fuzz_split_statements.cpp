// Statement splitting and transaction-control detection through libpg_query: split_statements,
// count_statements, transaction_control_statements (which parses libpg_query's JSON parse tree).
// Properties: every statement is a trimmed, non-empty piece of the input that holds code, found in
// order at the reported line, and what lies between statements is only whitespace, ';' and
// comments (so the statements cover all the code); when the text parses, joining the statements
// with "\n;\n" (as migrate does) and splitting again gives them back; count_statements is 0 exactly
// for text without code; transaction_control_statements reports exactly the statements that begin
// with BEGIN/START/COMMIT/END/ROLLBACK (not TO SAVEPOINT)/ABORT/PREPARE TRANSACTION, at their lines.
#include <pg_query.h>

#include <cctype>

#include "fuzz_common.hpp"
#include "migrations/files.hpp"
#include "migrations/sql.hpp"

using namespace sg::migrations;

namespace {

bool parses(const std::string& sql) {
  PgQuerySplitResult r = pg_query_split_with_parser(sql.c_str());
  bool ok = !r.error;
  pg_query_free_split_result(r);
  return ok;
}

bool scans(const std::string& sql) {
  PgQuerySplitResult r = pg_query_split_with_scanner(sql.c_str());
  bool ok = !r.error;
  pg_query_free_split_result(r);
  return ok;
}

// Skips whitespace and comments (nested block comments as PostgreSQL does).
size_t skip_blank(const std::string& s, size_t i) {
  while (i < s.size()) {
    if (std::isspace((unsigned char)s[i])) {
      ++i;
      continue;
    }
    if (s.compare(i, 2, "--") == 0) {
      size_t nl = s.find('\n', i);
      i = nl == std::string::npos ? s.size() : nl + 1;
      continue;
    }
    if (s.compare(i, 2, "/*") == 0) {
      int depth = 1;
      i += 2;
      while (i < s.size() && depth > 0) {
        if (s.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (s.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else
          ++i;
      }
      continue;
    }
    break;
  }
  return i;
}

// The statement's words (identifier characters), upper-cased, up to n of them, after comments.
std::vector<std::string> first_words(const std::string& s, size_t n) {
  std::vector<std::string> words;
  size_t i = 0;
  while (words.size() < n) {
    i = skip_blank(s, i);
    std::string w;
    while (i < s.size() && (std::isalnum((unsigned char)s[i]) || s[i] == '_'))
      w.push_back((char)std::toupper((unsigned char)s[i++]));
    if (w.empty()) break;
    words.push_back(w);
  }
  return words;
}

bool is_transaction_control(const std::string& stmt) {
  auto w = first_words(stmt, 4);
  if (w.empty()) return false;
  const std::string& k = w[0];
  if (k == "BEGIN" || k == "START" || k == "COMMIT" || k == "END" || k == "ABORT") return true;
  if (k == "ROLLBACK") {  // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name is allowed
    size_t j = 1;
    if (j < w.size() && (w[j] == "WORK" || w[j] == "TRANSACTION")) ++j;
    return !(j < w.size() && w[j] == "TO");
  }
  return k == "PREPARE" && w.size() > 1 && w[1] == "TRANSACTION";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // the text as load_file hands it on: valid UTF-8, normalised (no CR, no BOM), and a C string
  // for libpg_query
  std::string sql = normalize_text(std::string_view((const char*)data, size));
  if (sql.find('\0') != std::string::npos || !valid_utf8(sql)) return 0;
  bool parsed = parses(sql), scanned = scans(sql);

  auto stmts = split_statements(sql);
  if (!parsed && !scanned) {
    FUZZ_ASSERT(stmts.size() == 1 && stmts[0].text == sql && stmts[0].line == 1, "unscannable text is one statement");
  } else {
    size_t cursor = 0;
    for (size_t i = 0; i < stmts.size(); ++i) {
      const auto& st = stmts[i];
      FUZZ_ASSERT(!st.text.empty(), "empty statement %zu", i);
      FUZZ_ASSERT(!std::isspace((unsigned char)st.text.front()) && !std::isspace((unsigned char)st.text.back()),
                  "statement %zu not trimmed: \"%s\"", i, fuzz::printable(st.text).c_str());
      FUZZ_ASSERT(fuzz::reference_has_code(st.text) != 0, "statement %zu has no code: \"%s\" in \"%s\"", i,
                  fuzz::printable(st.text).c_str(), fuzz::printable(sql).c_str());
      // find it after the cursor, starting on the reported line, with only blanks, ';' and
      // comments in between (the same text may also occur inside a comment before it)
      size_t at = sql.find(st.text, cursor);
      while (at != std::string::npos &&
             (line_of(sql, at) < st.line || fuzz::reference_has_code(sql.substr(cursor, at - cursor)) != 0))
        at = sql.find(st.text, at + 1);
      FUZZ_ASSERT(at != std::string::npos && line_of(sql, at) == st.line,
                  "statement %zu \"%s\" not found at line %d after only blanks and comments in \"%s\"", i,
                  fuzz::printable(st.text).c_str(), st.line, fuzz::printable(sql).c_str());
      cursor = at + st.text.size();
    }
    std::string tail = sql.substr(cursor);
    FUZZ_ASSERT(fuzz::reference_has_code(tail) != 1, "code after the last statement: \"%s\" in \"%s\"",
                fuzz::printable(tail).c_str(), fuzz::printable(sql).c_str());
  }

  size_t n = count_statements(sql);
  int code = fuzz::reference_has_code(sql);
  if (code == 0) FUZZ_ASSERT(n == 0, "%zu statements in text without code: \"%s\"", n, fuzz::printable(sql).c_str());
  if (code == 1) FUZZ_ASSERT(n > 0, "no statement counted in \"%s\"", fuzz::printable(sql).c_str());

  if (parsed) {
    std::string joined;
    for (const auto& st : stmts) joined += st.text + "\n;\n";
    auto again = split_statements(joined);
    FUZZ_ASSERT(again.size() == stmts.size(), "rejoined: %zu statements, was %zu: \"%s\"", again.size(), stmts.size(),
                fuzz::printable(joined).c_str());
    for (size_t i = 0; i < stmts.size(); ++i)
      FUZZ_ASSERT(again[i].text == stmts[i].text, "rejoined statement %zu: \"%s\" vs \"%s\"", i,
                  fuzz::printable(again[i].text).c_str(), fuzz::printable(stmts[i].text).c_str());

    auto found = transaction_control_statements(sql);
    std::vector<std::string> want;
    for (const auto& st : stmts)
      if (is_transaction_control(st.text)) want.push_back("(line " + std::to_string(st.line) + ")");
    FUZZ_ASSERT(found.size() == want.size(), "%zu transaction statements reported, %zu expected in \"%s\"",
                found.size(), want.size(), fuzz::printable(sql).c_str());
    for (size_t i = 0; i < found.size(); ++i)
      FUZZ_ASSERT(found[i].size() > want[i].size() &&
                      found[i].compare(found[i].size() - want[i].size(), want[i].size(), want[i]) == 0,
                  "reported \"%s\", expected %s", found[i].c_str(), want[i].c_str());
  } else {
    FUZZ_ASSERT(transaction_control_statements(sql).empty(),
                "transaction statements reported in text that does not parse");
  }
  return 0;
}

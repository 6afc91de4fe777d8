#include "migrations/sql.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include <boost/json.hpp>
#include <pg_query.h>

namespace sg::migrations {

int line_of(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + (int)std::count(text.begin(), text.begin() + (long)offset, '\n');
}

namespace {

// Trim whitespace; a statement consisting only of comments trims to its comment text, which the
// splitters do not return as a statement anyway.
std::pair<size_t, size_t> trimmed(const std::string& s, size_t loc, size_t len) {
  size_t b = loc, e = loc + len;
  while (b < e && std::isspace((unsigned char)s[b])) ++b;
  while (e > b && std::isspace((unsigned char)s[e - 1])) --e;
  return {b, e};
}

// Offset of the first character of t that is not whitespace, ';' or part of a comment (a naive
// lexer), or npos when there is none.
size_t first_code(const std::string& t) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (std::isspace((unsigned char)t[i]) || t[i] == ';') continue;
    if (t.compare(i, 2, "--") == 0) {
      size_t nl = t.find('\n', i);
      if (nl == std::string::npos) return std::string::npos;
      i = nl;
      continue;
    }
    if (t.compare(i, 2, "/*") == 0) {  // block comments nest in PostgreSQL
      int depth = 1;
      size_t j = i + 2;
      while (j < t.size() && depth > 0) {
        if (t.compare(j, 2, "/*") == 0)
          ++depth, j += 2;
        else if (t.compare(j, 2, "*/") == 0)
          --depth, j += 2;
        else
          ++j;
      }
      if (depth > 0) return std::string::npos;
      i = j - 1;
      continue;
    }
    return i;
  }
  return std::string::npos;
}

// Whether text has anything but whitespace and comments (enough to tell "empty").
bool has_code(const std::string& t) { return first_code(t) != std::string::npos; }

std::vector<Statement> from_split(const std::string& sql, const PgQuerySplitResult& r) {
  std::vector<Statement> out;
  // The scanner-based splitter drops text it does not take for a statement: an unterminated tail
  // (e.g. an unclosed parenthesis) and a statement without any keyword (e.g. a mistyped
  // "reindx idx;"). Keep such text, so that the server reports the error instead of the text
  // silently vanishing.
  auto keep_uncovered = [&](size_t from, size_t to) {
    if (from >= to || !has_code(sql.substr(from, to - from))) return;
    auto [b, e] = trimmed(sql, from, to - from);
    while (b < e && sql[b] == ';') ++b;
    while (e > b && sql[e - 1] == ';') --e;
    auto [b2, e2] = trimmed(sql, b, e - b);
    out.push_back(Statement{sql.substr(b2, e2 - b2), line_of(sql, b2)});
  };
  size_t covered = 0;
  for (int i = 0; i < r.n_stmts; ++i) {
    keep_uncovered(covered, (size_t)r.stmts[i]->stmt_location);
    auto [b, e] = trimmed(sql, (size_t)r.stmts[i]->stmt_location, (size_t)r.stmts[i]->stmt_len);
    covered = std::max(covered, (size_t)(r.stmts[i]->stmt_location + r.stmts[i]->stmt_len));
    if (b >= e) continue;
    out.push_back(Statement{sql.substr(b, e - b), line_of(sql, b)});
  }
  keep_uncovered(covered, sql.size());
  return out;
}

}  // namespace

std::vector<Statement> split_statements(const std::string& sql) {
  PgQuerySplitResult r = pg_query_split_with_parser(sql.c_str());
  if (!r.error) {
    auto out = from_split(sql, r);
    pg_query_free_split_result(r);
    return out;
  }
  pg_query_free_split_result(r);
  PgQuerySplitResult s = pg_query_split_with_scanner(sql.c_str());
  std::vector<Statement> out;
  if (!s.error)
    out = from_split(sql, s);
  else
    out.push_back(Statement{sql, 1});  // cannot even scan: one statement, the server reports the error
  pg_query_free_split_result(s);
  return out;
}

size_t count_statements(const std::string& sql) {
  PgQuerySplitResult s = pg_query_split_with_scanner(sql.c_str());
  size_t n = 0;
  if (s.error)
    n = 1;  // unscannable text is not "empty"; the server will say what is wrong
  else
    n = from_split(sql, s).size();
  pg_query_free_split_result(s);
  return n;
}

namespace {

// Parses sql with libpg_query and hands the "stmts" array of its JSON tree to on_statements.
// Nothing happens when it does not parse; false when the tree has an unexpected shape.
// Parse trees of ordinary SQL nest deeper than Boost.JSON's default limit of 32 (a view with a
// few subqueries): no limit (the parser keeps its own stack), and a monotonic resource, so that
// freeing a deep tree does not recurse either.
template <typename OnStatements>
bool with_statements(const std::string& sql, OnStatements&& on_statements) {
  PgQueryParseResult r = pg_query_parse(sql.c_str());
  bool ok = true;
  if (!r.error && r.parse_tree) {
    try {
      boost::json::monotonic_resource mr;
      boost::json::parse_options opts;
      opts.max_depth = std::numeric_limits<std::size_t>::max();
      boost::json::value tree = boost::json::parse(r.parse_tree, &mr, opts);
      const auto* stmts = tree.as_object().if_contains("stmts");
      if (stmts && stmts->is_array()) on_statements(stmts->as_array());
    } catch (const std::exception&) {
      ok = false;
    }
  }
  pg_query_free_parse_result(r);
  return ok;
}

}  // namespace

std::vector<std::string> transaction_control_statements(const std::string& sql) {
  std::vector<std::string> found;
  // an unexpected tree shape is not a reason to refuse the file; the server still runs it
  with_statements(sql, [&](const boost::json::array& stmts) {
    for (const auto& raw : stmts) {
      const auto& o = raw.as_object();
      const auto* stmt = o.if_contains("stmt");
      if (!stmt || !stmt->is_object()) continue;
      const auto* ts = stmt->as_object().if_contains("TransactionStmt");
      if (!ts) continue;
      std::string kind = "TRANS_STMT_BEGIN";
      if (const auto* k = ts->as_object().if_contains("kind")) kind = std::string(k->as_string());
      static const std::pair<const char*, const char*> names[] = {
          {"TRANS_STMT_BEGIN", "BEGIN"},
          {"TRANS_STMT_START", "START TRANSACTION"},
          {"TRANS_STMT_COMMIT", "COMMIT"},
          {"TRANS_STMT_ROLLBACK", "ROLLBACK"},
          {"TRANS_STMT_PREPARE", "PREPARE TRANSACTION"},
          {"TRANS_STMT_COMMIT_PREPARED", "COMMIT PREPARED"},
          {"TRANS_STMT_ROLLBACK_PREPARED", "ROLLBACK PREPARED"},
      };
      for (const auto& [k, label] : names) {
        if (kind == k) {
          size_t loc = 0;
          if (const auto* l = o.if_contains("stmt_location")) loc = (size_t)l->to_number<int64_t>();
          // stmt_location may point at whitespace/comments before the keyword
          while (loc < sql.size() && std::isspace((unsigned char)sql[loc])) ++loc;
          found.push_back(std::string(label) + " (line " + std::to_string(line_of(sql, loc)) + ")");
        }
      }
    }
  });
  return found;
}

int first_token_line(const Statement& st) {
  size_t code = first_code(st.text);
  if (code == std::string::npos) return st.line;
  return st.line + (int)std::count(st.text.begin(), st.text.begin() + (long)code, '\n');
}

std::optional<ConcurrentIndex> create_index_concurrently(const std::string& statement) {
  std::optional<ConcurrentIndex> found;
  bool ok = with_statements(statement, [&](const boost::json::array& stmts) {
    if (stmts.size() != 1) return;
    const auto* stmt = stmts[0].as_object().if_contains("stmt");
    const auto* is = stmt && stmt->is_object() ? stmt->as_object().if_contains("IndexStmt") : nullptr;
    if (!is || !is->is_object()) return;
    const auto& o = is->as_object();
    auto str = [](const boost::json::object& obj, const char* key) {
      const auto* v = obj.if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    auto flag = [](const boost::json::object& obj, const char* key) {
      const auto* v = obj.if_contains(key);
      return v && v->is_bool() && v->as_bool();
    };
    const auto* rel = o.if_contains("relation");
    if (flag(o, "concurrent") && !str(o, "idxname").empty() && rel && rel->is_object()) {
      ConcurrentIndex ci;
      ci.schema = str(rel->as_object(), "schemaname");
      ci.table = str(rel->as_object(), "relname");
      ci.index = str(o, "idxname");
      ci.if_not_exists = flag(o, "if_not_exists");
      if (!ci.table.empty()) found = std::move(ci);
    }
  });
  if (!ok) found.reset();
  return found;
}

}  // namespace sg::migrations

#include "db/executor.hpp"

#include <cctype>
#include <chrono>

#include "db/state.hpp"
#include "migrations/sql.hpp"

namespace sg::db {

namespace {
using clock_type = std::chrono::steady_clock;
long ms_since(clock_type::time_point t) {
  return (long)std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t).count();
}
}  // namespace

void Executor::collect_warnings(FileOutcome& out) {
  for (auto& n : db_.take_notices()) {
    if (n.find("there is no transaction in progress") != std::string::npos) continue;
    out.warnings.push_back(std::move(n));
  }
}

namespace {

// A file's failure as the server (or the lost connection) reported it.
void record_failure(FileOutcome& out, const pqxx::broken_connection& e) {
  out.ok = false;
  out.connection_lost = true;
  out.error = parse_server_message(e.what());
}

void record_failure(FileOutcome& out, const pqxx::sql_error& e) {
  out.ok = false;
  out.error = parse_server_message(e.what(), e.sqlstate());
  out.rejected = e.sqlstate() == "42P17";
}

}  // namespace

FileOutcome Executor::apply(const migrations::MigrationFile& f) {
  db_.take_notices();
  return f.no_transaction ? apply_no_transaction(f) : apply_transactional(f);
}

FileOutcome Executor::apply_transactional(const migrations::MigrationFile& f) {
  FileOutcome out;
  auto start = clock_type::now();
  std::string sql = "BEGIN;" + f.sql + "\n;\n" + insert_row_sql(db_, f) + ";\nCOMMIT;";
  try {
    db_.exec(sql);
  } catch (const pqxx::broken_connection& e) {
    record_failure(out, e);
  } catch (const pqxx::sql_error& e) {
    record_failure(out, e);
    try {
      db_.exec("ROLLBACK");  // the error may have left the transaction open and aborted
    } catch (const std::exception&) {
    }
  }
  out.duration_ms = ms_since(start);
  collect_warnings(out);
  return out;
}

FileOutcome Executor::apply_no_transaction(const migrations::MigrationFile& f) {
  FileOutcome out;
  auto start = clock_type::now();
  auto statements = migrations::split_statements(f.sql);
  int done = 0;
  if (auto p = read_progress(db_, f.version)) {
    if (p->checksum != f.checksum)
      throw Error(kExitError, f.filename + " was partly applied (" + std::to_string(p->statements_done) +
                                  " statements) by an earlier run with different content; restore that "
                                  "content, or finish or undo those statements by hand and delete its row "
                                  "from schemaguard.migration_progress");
    done = p->statements_done;
    out.resumed_at = done;
    console_.info("resuming " + f.filename + " after statement " + std::to_string(done) + " of " +
                  std::to_string(statements.size()) + " (done by an earlier run)");
  }
  for (int i = done; i < (int)statements.size(); ++i) {
    const auto& st = statements[(size_t)i];
    auto cic = migrations::create_index_concurrently(st.text);
    try {
      run_counted(f, st, i + 1, cic, out);
      if (!out.ok) break;
    } catch (const pqxx::broken_connection& e) {
      record_failure(out, e);
      out.failed_statement_line = migrations::first_token_line(st);
      if (cic)
        out.note = "a CREATE INDEX CONCURRENTLY cut off leaves an INVALID index " + index_name(*cic) +
                   " behind; the rerun says so if it is there";
      break;
    } catch (const pqxx::sql_error& e) {
      record_failure(out, e);
      out.failed_statement_line = migrations::first_token_line(st);
      try {
        db_.exec("ROLLBACK");  // a BEGIN in the file may have left a transaction open
      } catch (const std::exception&) {
      }
      try {
        if (cic)
          if (auto bad = invalid_index(*cic)) out.note = invalid_index_advice(*bad);
      } catch (const std::exception&) {
      }
      break;
    }
  }
  out.duration_ms = ms_since(start);
  if (out.ok) finish_no_transaction(db_, f, out.duration_ms);
  collect_warnings(out);
  return out;
}

namespace {
// Identifier quoting without the connection (it may be gone): quoted unless plainly lower case.
std::string ident(const std::string& name) {
  bool plain = !name.empty() && !std::isdigit((unsigned char)name[0]);
  for (char c : name) plain = plain && (std::islower((unsigned char)c) || std::isdigit((unsigned char)c) || c == '_');
  if (plain) return name;
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
std::string qualified(const std::string& schema, const std::string& name) {
  return schema.empty() ? ident(name) : ident(schema) + "." + ident(name);
}
}  // namespace

std::string Executor::index_name(const migrations::ConcurrentIndex& ci) { return qualified(ci.schema, ci.index); }

std::optional<std::string> Executor::invalid_index(const migrations::ConcurrentIndex& ci) {
  // the index lives in its table's schema
  std::string table = qualified(ci.schema, ci.table);
  auto r = db_.exec_params(
      "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_index i "
      "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relname = $1 AND NOT i.indisvalid "
      "AND c.relnamespace = (SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass($2))",
      ci.index, table);
  if (r.empty()) return std::nullopt;
  return std::string(r[0][0].c_str());
}

std::string Executor::invalid_index_advice(const std::string& index) {
  return index +
         " is an INVALID index, left by an interrupted or failed CREATE INDEX CONCURRENTLY; drop it (DROP "
         "INDEX CONCURRENTLY " +
         index + ";) and rerun migrate, which builds it again";
}

// One statement of a no-transaction file and its progress row. Sent as one query where the
// statement allows it, so that both commit together (implicit transaction): a crash or a cut
// connection between the two must not leave a completed statement uncounted, which would make
// the rerun run it again. Statements that cannot run in a transaction block (CREATE INDEX
// CONCURRENTLY, VACUUM, ...) or that commit themselves (CALL of a procedure that COMMITs) run
// alone, followed by the progress row.
void Executor::run_counted(const migrations::MigrationFile& f, const migrations::Statement& st, int n,
                           const std::optional<migrations::ConcurrentIndex>& cic, FileOutcome& out) {
  std::string progress = progress_sql(db_, f, n);
  std::optional<pqxx::sql_error> first;
  if (!cic) {
    try {
      db_.exec(st.text + "\n;\n" + progress);
      return;
    } catch (const pqxx::sql_error& e) {
      // 25001: cannot run inside a transaction block; 2D000: invalid transaction termination.
      // The failed attempt was one transaction, so it changed nothing.
      if (e.sqlstate() != "25001" && e.sqlstate() != "2D000") throw;
      first.emplace(e);
    }
  }
  try {
    db_.exec(st.text);
  } catch (const pqxx::sql_error& e) {
    // inside a transaction the file opened itself, the first attempt aborted that transaction
    if (first && e.sqlstate() == "25P02") throw *first;
    throw;
  }
  if (cic) {
    // CREATE INDEX CONCURRENTLY IF NOT EXISTS skips an index left INVALID by an earlier attempt
    if (auto bad = invalid_index(*cic)) {
      out.ok = false;
      out.error.severity = "ERROR";
      out.error.message = "index " + *bad + " exists but is INVALID" +
                          (cic->if_not_exists ? " (CREATE INDEX CONCURRENTLY IF NOT EXISTS skipped it)" : "");
      out.failed_statement_line = migrations::first_token_line(st);
      out.note = invalid_index_advice(*bad);
      return;
    }
  }
  db_.exec(progress);
}

FileOutcome Executor::dry_run(const migrations::MigrationFile& f) {
  FileOutcome out;
  db_.take_notices();
  auto start = clock_type::now();
  try {
    db_.exec("SAVEPOINT schemaguard_dry_run;" + f.sql + "\n;\nSELECT schemaguard.check_now();" +
             "RELEASE SAVEPOINT schemaguard_dry_run;");
  } catch (const pqxx::broken_connection& e) {
    record_failure(out, e);
  } catch (const pqxx::sql_error& e) {
    record_failure(out, e);
  }
  out.duration_ms = ms_since(start);
  collect_warnings(out);
  return out;
}

}  // namespace sg::db

#include "db/executor.hpp"

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
        out.ok = false;
        out.connection_lost = true;
        out.error = parse_server_message(e.what());
    } catch (const pqxx::sql_error& e) {
        out.ok = false;
        out.error = parse_server_message(e.what(), e.sqlstate());
        out.rejected = e.sqlstate() == "42P17";
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
        try {
            db_.exec(st.text);
            record_progress(db_, f, i + 1);
        } catch (const pqxx::broken_connection& e) {
            out.ok = false;
            out.connection_lost = true;
            out.error = parse_server_message(e.what());
            out.failed_statement_line = st.line;
            break;
        } catch (const pqxx::sql_error& e) {
            out.ok = false;
            out.error = parse_server_message(e.what(), e.sqlstate());
            out.rejected = e.sqlstate() == "42P17";
            out.failed_statement_line = st.line;
            try {
                db_.exec("ROLLBACK");  // a BEGIN in the file may have left a transaction open
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

FileOutcome Executor::dry_run(const migrations::MigrationFile& f) {
    FileOutcome out;
    db_.take_notices();
    auto start = clock_type::now();
    try {
        db_.exec("SAVEPOINT schemaguard_dry_run;" + f.sql + "\n;\nSELECT schemaguard.check_now();" +
                 "RELEASE SAVEPOINT schemaguard_dry_run;");
    } catch (const pqxx::broken_connection& e) {
        out.ok = false;
        out.connection_lost = true;
        out.error = parse_server_message(e.what());
    } catch (const pqxx::sql_error& e) {
        out.ok = false;
        out.error = parse_server_message(e.what(), e.sqlstate());
        out.rejected = e.sqlstate() == "42P17";
    }
    out.duration_ms = ms_since(start);
    collect_warnings(out);
    return out;
}

}  // namespace sg::db

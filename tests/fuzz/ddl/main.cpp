// ddl_fuzzer: random DDL transactions through the guard in enforce mode, each judged
// against an independent oracle (tests/oracle/v1_violations.sql, catalog SQL run inside
// the transaction just before COMMIT). Every committed state is compliant, so the
// transaction must be rejected exactly when the oracle finds an error-level violation.
// After each transaction: the backend is alive (same PID, same postmaster), the verdict
// agrees with the oracle, and a rejected or failed transaction left no trace.
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "generator.hpp"
#include "model.hpp"
#include "session.hpp"

namespace {

struct Tally {
  long transactions = 0, accepted = 0, rejected = 0, pg_failed = 0, rolled_back = 0;
  long disagreements = 0, crashes = 0, traces = 0, statements = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the oracle " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string sql = text.str();
  while (!sql.empty() && (isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) sql.pop_back();
  return sql;
}

const char* kSetup =
    "SET client_min_messages = error;"
    "CREATE SCHEMA IF NOT EXISTS fz;"
    "DO $$ BEGIN CREATE DOMAIN fz.short_text AS text CHECK (length(VALUE) < 100);"
    "  EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
    // a look-alike of the built-in key default: must never count as gen_random_uuid()
    "CREATE OR REPLACE FUNCTION public.gen_random_uuid() RETURNS uuid LANGUAGE sql"
    "  AS 'SELECT ''00000000-0000-0000-0000-000000000000''::uuid';";

void print_transaction(const fuzz::Transaction& transaction, std::ostream& out) {
  out << "BEGIN;\n";
  for (const fuzz::Step& step : transaction.steps)
    out << step.sql << ";" << (step.recover.empty() ? "" : "  -- on error: " + step.recover) << "\n";
  out << (transaction.rollback ? "ROLLBACK;" : "COMMIT;") << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Random DDL through the schemaguard guard, checked against a catalog-SQL oracle"};
  std::string dsn, oracle_path;
  std::uint64_t seed = 20261125;
  long transactions = 3000;
  bool verbose = false;
  std::string mode = "enforce";
  app.add_option("--dsn", dsn, "libpq connection string (default: PG* variables)");
  app.add_option("--oracle", oracle_path, "the oracle query (tests/oracle/v1_violations.sql)")->required();
  app.add_option("--seed", seed, "random seed (default 20261125)");
  app.add_option("--transactions", transactions, "how many transactions (default 3000)")->check(CLI::PositiveNumber);
  app.add_flag("--verbose", verbose, "print every transaction and its verdict");
  app.add_option("--mode", mode, "schemaguard.mode: enforce; warn only to see that disagreements are caught")
      ->check(CLI::IsMember({"enforce", "warn"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  Tally tally;
  try {
    const std::string oracle = "SELECT rule, table_name, coalesce(object_name, ''), message FROM (" +
                               read_file(oracle_path) + ") o WHERE severity = 'error'";
    const std::string setup = std::string(kSetup) + "SET schemaguard.mode = " + mode + ";";
    fuzz::Session session(dsn);
    session.must(setup);
    const std::string postmaster_start = session.scalar("SELECT pg_postmaster_start_time()");
    std::string pid = session.scalar("SELECT pg_backend_pid()");
    fuzz::Generator generator(seed);
    auto started = std::chrono::steady_clock::now();

    for (long number = 1; number <= transactions; ++number) {
      fuzz::Model model = fuzz::Model::read(session);
      const std::string before = fuzz::schema_fingerprint(session);
      fuzz::Transaction transaction = generator.next(model);
      ++tally.transactions;
      if (verbose) {
        std::cout << "-- transaction " << number << "\n";
        print_transaction(transaction, std::cout);
      }
      session.must("BEGIN");
      bool failed = false;
      for (const fuzz::Step& step : transaction.steps) {
        ++tally.statements;
        fuzz::Result result = session.exec(step.sql);
        if (result.ok) continue;
        if (!session.connected()) break;
        if (!step.recover.empty() && session.exec(step.recover).ok) continue;
        failed = true;
        if (verbose) std::cout << "-- failed by PostgreSQL: " << result.message;
        break;
      }

      std::string verdict;
      fuzz::Result oracle_rows;
      bool expect_reject = false;
      if (session.connected() && (failed || transaction.rollback)) {
        session.must("ROLLBACK");
        ++(failed ? tally.pg_failed : tally.rolled_back);
        verdict = failed ? "failed" : "rolled back";
      } else if (session.connected()) {
        oracle_rows = session.exec(oracle);
        if (!oracle_rows.ok) throw std::runtime_error("the oracle failed: " + oracle_rows.message);
        expect_reject = !oracle_rows.rows.empty();
        fuzz::Result commit = session.exec("COMMIT");
        if (commit.ok) {
          ++tally.accepted;
          verdict = "accepted";
        } else if (commit.sqlstate == "42P17" && commit.message.find("schemaguard:") != std::string::npos) {
          ++tally.rejected;
          verdict = "rejected";
        } else if (session.connected()) {
          ++tally.pg_failed;
          verdict = "failed";
        }
        if ((verdict == "accepted" && expect_reject) || (verdict == "rejected" && !expect_reject)) {
          ++tally.disagreements;
          std::cout << "DISAGREEMENT (seed " << seed << ", transaction " << number << "): schemaguard "
                    << verdict << ", the oracle " << (expect_reject ? "expected a rejection" : "found nothing")
                    << "\n";
          print_transaction(transaction, std::cout);
          for (const auto& row : oracle_rows.rows)
            std::cout << "  oracle: " << row[0] << " " << row[1] << " " << row[2] << ": " << row[3] << "\n";
          if (!commit.ok) std::cout << "  server: " << commit.message;
        }
      }

      if (!session.connected() || session.scalar("SELECT pg_backend_pid()") != pid) {
        ++tally.crashes;
        std::cout << "CRASH (seed " << seed << ", transaction " << number << "): the backend is gone\n";
        print_transaction(transaction, std::cout);
        session.reconnect();
        session.must(setup);
        pid = session.scalar("SELECT pg_backend_pid()");
        continue;
      }
      if (verdict != "accepted" && fuzz::schema_fingerprint(session) != before) {
        ++tally.traces;
        std::cout << "TRACE LEFT (seed " << seed << ", transaction " << number << ", " << verdict << ")\n";
        print_transaction(transaction, std::cout);
      }
      if (verbose) std::cout << "-- " << verdict << (expect_reject ? " (oracle: violations)" : "") << "\n";
      if (number % 1000 == 0)
        std::cerr << "fuzz: " << number << " transactions, "
                  << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count()
                  << " s\n";
    }
    if (session.scalar("SELECT pg_postmaster_start_time()") != postmaster_start) {
      ++tally.crashes;
      std::cout << "CRASH: the postmaster restarted during the run\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "ddl_fuzzer: " << e.what() << "\n";
    return 2;
  }
  std::cout << "fuzz: " << tally.transactions << " transactions (" << tally.statements << " statements, seed "
            << seed << "), " << tally.accepted << " accepted, " << tally.rejected << " rejected, "
            << tally.pg_failed << " failed by postgres, " << tally.rolled_back << " rolled back, "
            << tally.disagreements << " disagreements, " << tally.crashes << " crashes, " << tally.traces
            << " traces left\n";
  return tally.disagreements == 0 && tally.crashes == 0 && tally.traces == 0 ? 0 : 1;
}

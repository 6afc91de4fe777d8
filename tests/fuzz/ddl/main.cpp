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
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "generator.hpp"
#include "model.hpp"
#include "session.hpp"

namespace {

struct Tally {
  long transactions = 0, accepted = 0, rejected = 0, pg_failed = 0, rolled_back = 0;
  long disagreements = 0, crashes = 0, traces = 0, statements = 0, deadlocks = 0;

  void add(const Tally& other) {
    transactions += other.transactions, accepted += other.accepted, rejected += other.rejected;
    pg_failed += other.pg_failed, rolled_back += other.rolled_back, disagreements += other.disagreements;
    crashes += other.crashes, traces += other.traces, statements += other.statements;
    deadlocks += other.deadlocks;
  }
};

struct Options {
  std::string dsn, oracle, mode = "enforce";
  std::uint64_t seed = 20261125;
  long transactions = 3000;
  int sessions = 1;
  bool verbose = false;
};

std::mutex output_mutex;  // reports of concurrent sessions do not interleave

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

// One session: its own connection and schema, transactions/sessions transactions.
Tally fuzz_session(const Options& options, int index) {
  Tally tally;
  const std::string schema = options.sessions == 1 ? "fz" : "fz" + std::to_string(index + 1);
  const std::uint64_t seed = options.seed + static_cast<std::uint64_t>(index);
  const std::string setup = std::string("SET client_min_messages = error; SET statement_timeout = '60s';") +
                            "CREATE SCHEMA IF NOT EXISTS " + fuzz::quote_ident(schema) + ";" +
                            "SET schemaguard.mode = " + options.mode + ";";
  fuzz::Session session(options.dsn);
  session.must(setup);
  std::string pid = session.scalar("SELECT pg_backend_pid()");
  fuzz::Generator generator(seed, schema);
  auto started = std::chrono::steady_clock::now();
  auto report = [&](const std::string& what, long number, const fuzz::Transaction& transaction,
                    const std::string& more) {
    std::lock_guard<std::mutex> lock(output_mutex);
    std::cout << what << " (seed " << seed << ", session " << index + 1 << ", transaction " << number << ")\n";
    print_transaction(transaction, std::cout);
    std::cout << more;
  };

  for (long number = 1; number <= options.transactions / options.sessions; ++number) {
    fuzz::Model model = fuzz::Model::read(session, schema);
    const std::string before = fuzz::schema_fingerprint(session, schema);
    fuzz::Transaction transaction = generator.next(model);
    ++tally.transactions;
    if (options.verbose) {
      std::lock_guard<std::mutex> lock(output_mutex);
      std::cout << "-- session " << index + 1 << ", transaction " << number << "\n";
      print_transaction(transaction, std::cout);
    }
    session.must("BEGIN");
    bool failed = false;
    for (const fuzz::Step& step : transaction.steps) {
      ++tally.statements;
      fuzz::Result result = session.exec(step.sql);
      if (result.ok) continue;
      if (!session.connected()) break;
      if (result.sqlstate == "40P01" || result.sqlstate == "57014") {
        ++tally.deadlocks;
        report(result.sqlstate == "40P01" ? "DEADLOCK" : "HANG (statement_timeout)", number, transaction,
               result.message);
      }
      if (!step.recover.empty() && session.exec(step.recover).ok) continue;
      failed = true;
      if (options.verbose) std::cout << "-- failed by PostgreSQL: " << result.message;
      break;
    }

    std::string verdict;
    bool expect_reject = false;
    if (session.connected() && (failed || transaction.rollback)) {
      session.must("ROLLBACK");
      ++(failed ? tally.pg_failed : tally.rolled_back);
      verdict = failed ? "failed" : "rolled back";
    } else if (session.connected()) {
      fuzz::Result oracle_rows = session.exec(options.oracle);
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
        if (commit.sqlstate == "40P01" || commit.sqlstate == "57014") {
          ++tally.deadlocks;
          report("DEADLOCK OR HANG AT COMMIT", number, transaction, commit.message);
        }
      }
      if ((verdict == "accepted" && expect_reject) || (verdict == "rejected" && !expect_reject)) {
        ++tally.disagreements;
        std::string more;
        for (const auto& row : oracle_rows.rows)
          more += "  oracle: " + row[0] + " " + row[1] + " " + row[2] + ": " + row[3] + "\n";
        if (!commit.ok) more += "  server: " + commit.message;
        report("DISAGREEMENT: schemaguard " + verdict + ", the oracle " +
                   (expect_reject ? "expected a rejection" : "found nothing"),
               number, transaction, more);
      }
    }

    if (!session.connected() || session.scalar("SELECT pg_backend_pid()") != pid) {
      ++tally.crashes;
      report("CRASH: the backend is gone", number, transaction, "");
      session.reconnect();
      session.must(setup);
      pid = session.scalar("SELECT pg_backend_pid()");
      continue;
    }
    if (verdict != "accepted" && fuzz::schema_fingerprint(session, schema) != before) {
      ++tally.traces;
      report("TRACE LEFT by a transaction " + verdict, number, transaction, "");
    }
    if (options.verbose) std::cout << "-- " << verdict << (expect_reject ? " (oracle: violations)" : "") << "\n";
    if (number % 1000 == 0) {
      std::lock_guard<std::mutex> lock(output_mutex);
      std::cerr << "fuzz: session " << index + 1 << ", " << number << " transactions, "
                << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count()
                << " s\n";
    }
  }
  return tally;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Random DDL through the schemaguard guard, checked against a catalog-SQL oracle"};
  Options options;
  std::string oracle_path;
  app.add_option("--dsn", options.dsn, "libpq connection string (default: PG* variables)");
  app.add_option("--oracle", oracle_path, "the oracle query (tests/oracle/v1_violations.sql)")->required();
  app.add_option("--seed", options.seed, "random seed (default 20261125; session k uses seed + k - 1)");
  app.add_option("--transactions", options.transactions, "how many transactions in all (default 3000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--sessions", options.sessions, "concurrent sessions, each in its own schema (default 1)")
      ->check(CLI::Range(1, 32));
  app.add_flag("--verbose", options.verbose, "print every transaction and its verdict");
  app.add_option("--mode", options.mode, "schemaguard.mode: enforce; warn only to see that disagreements are caught")
      ->check(CLI::IsMember({"enforce", "warn"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  Tally tally;
  try {
    options.oracle = "SELECT rule, table_name, coalesce(object_name, ''), message FROM (" + read_file(oracle_path) +
                     ") o WHERE severity = 'error'";
    fuzz::Session setup(options.dsn);
    setup.must(kSetup);
    const std::string postmaster_start = setup.scalar("SELECT pg_postmaster_start_time()");
    std::vector<std::thread> threads;
    std::vector<Tally> tallies(options.sessions);
    std::vector<std::string> errors(options.sessions);
    for (int index = 0; index < options.sessions; ++index)
      threads.emplace_back([&, index] {
        try {
          tallies[index] = fuzz_session(options, index);
        } catch (const std::exception& e) {
          errors[index] = e.what();
        }
      });
    for (std::thread& thread : threads) thread.join();
    for (const std::string& error : errors)
      if (!error.empty()) throw std::runtime_error(error);
    for (const Tally& each : tallies) tally.add(each);
    if (setup.scalar("SELECT pg_postmaster_start_time()") != postmaster_start) {
      ++tally.crashes;
      std::cout << "CRASH: the postmaster restarted during the run\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "ddl_fuzzer: " << e.what() << "\n";
    return 2;
  }
  std::cout << "fuzz: " << tally.transactions << " transactions (" << tally.statements << " statements, "
            << options.sessions << (options.sessions == 1 ? " session" : " sessions") << ", seed " << options.seed
            << "), " << tally.accepted << " accepted, " << tally.rejected << " rejected, " << tally.pg_failed
            << " failed by postgres, " << tally.rolled_back << " rolled back, " << tally.disagreements
            << " disagreements, " << tally.crashes << " crashes, " << tally.deadlocks << " deadlocks or hangs, "
            << tally.traces << " traces left\n";
  bool clean = tally.disagreements == 0 && tally.crashes == 0 && tally.traces == 0 && tally.deadlocks == 0;
  return clean ? 0 : 1;
}

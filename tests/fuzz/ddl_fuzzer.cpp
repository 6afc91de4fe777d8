// ddl_fuzzer: random DDL transactions through the schemaguard guard, each judged against an
// independent oracle (tests/oracle/v1_violations.sql: catalog SQL, no schemaguard function).
//
// Every committed state is compliant (the run starts from empty schemas and the guard rejects
// violations), so in enforce mode "the oracle, run inside the transaction just before COMMIT,
// finds an error-severity violation" <=> "COMMIT is rejected with SQLSTATE 42P17". After each
// transaction: the backend is alive (same PID), the verdict agrees with the oracle, a rejected
// (or failed, or rolled back) transaction left no trace in the catalog, and an accepted one
// left a state the oracle finds clean. --sessions K runs K connections at once, each in its
// own schemas, with one shared foreign key target.
//
// Last line: "fuzz: N transactions, A accepted, R rejected, P failed by postgres,
// D disagreements, C crashes, T traces left"; exit 0 only when D, C and T are 0 (and no
// deadlock or statement timeout happened), 1 otherwise, 2 on bad flags or no server.
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "ddl_session.hpp"

#ifndef DDL_FUZZ_ORACLE
#define DDL_FUZZ_ORACLE "tests/oracle/v1_violations.sql"
#endif

namespace {

using namespace ddlfuzz;

const char* const kShared = "fz_shared";

SessionNames names_of(int session) {
  SessionNames names;
  names.session = session;
  names.main = "fz" + std::to_string(session);
  names.other = "fz" + std::to_string(session) + " ü";
  names.shared = kShared;
  return names;
}

std::string read_oracle(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the oracle " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string sql = text.str();
  while (!sql.empty() && (isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) sql.pop_back();
  if (sql.find("/*scope*/") == std::string::npos) throw std::runtime_error("the oracle has no /*scope*/ line: " + path);
  return sql;
}

// Empty schemas for every session, the shared FK target, the domains and the look-alikes.
void set_up(pqxx::connection& connection, const Options& options) {
  pqxx::nontransaction tx(connection);
  tx.exec("SET client_min_messages = error");
  if (!tx.exec("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")[0][0].as<bool>())
    throw std::runtime_error("the fuzzer needs a superuser (it sets schemaguard.mode and creates the extension)");
  tx.exec("CREATE EXTENSION IF NOT EXISTS schemaguard");
  tx.exec("SET schemaguard.mode = enforce");
  std::string drop = "DROP SCHEMA IF EXISTS " + qi(kShared);
  for (int s = 1; s <= options.sessions; ++s) drop += ", " + qi(names_of(s).main) + ", " + qi(names_of(s).other);
  for (const auto& row : tx.exec("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname ~ '^fz[0-9]+_s[0-9]+$'"))
    drop += ", " + qi(row[0].c_str());  // created by a previous run (CREATE SCHEMA ... CREATE TABLE)
  tx.exec(drop + " CASCADE");
  // a look-alike of the built-in key default, never to be taken for it
  tx.exec(
      "CREATE OR REPLACE FUNCTION public.gen_random_uuid() RETURNS uuid LANGUAGE sql"
      " AS 'SELECT ''00000000-0000-0000-0000-000000000000''::uuid'");
  tx.exec("CREATE SCHEMA " + qi(kShared));
  tx.exec("CREATE TABLE " + qn(kShared, "anchor") +
          " (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),"
          " updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz)");
  for (int s = 1; s <= options.sessions; ++s) {
    SessionNames n = names_of(s);
    tx.exec("CREATE SCHEMA " + qi(n.main));
    tx.exec("CREATE SCHEMA " + qi(n.other));
    tx.exec("CREATE DOMAIN " + qn(n.main, "dom_text") + " AS text CHECK (VALUE <> '')");
    tx.exec("CREATE DOMAIN " + qn(n.main, "dom_int") + " AS integer DEFAULT 0");
    tx.exec("CREATE DOMAIN " + qn(n.main, "dom_ts") + " AS timestamptz");
    tx.exec("CREATE DOMAIN " + qn(n.main, "dom_uuid") + " AS uuid");
    tx.exec("CREATE FUNCTION " + qn(n.main, "gen_random_uuid") +
            "() RETURNS uuid LANGUAGE sql AS 'SELECT pg_catalog.gen_random_uuid()'");
    tx.exec("CREATE FUNCTION " + qn(n.main, "fz_exec") +
            "(statement text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN EXECUTE statement; END $f$");
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Random DDL transactions through schemaguard, checked against a catalog-SQL oracle"};
  Options options;
  options.seed = 20240917;
  options.transactions = 3000;
  std::string oracle_path = DDL_FUZZ_ORACLE;
  app.add_option("--dsn", options.dsn, "libpq connection string (default: the PG* variables)");
  app.add_option("--seed", options.seed, "random seed (default 20240917); session k uses seed + k - 1");
  app.add_option("--transactions", options.transactions, "transactions in all (default 3000)")
      ->check(CLI::Range(1L, 100000000L));
  app.add_option("--sessions", options.sessions, "concurrent connections, each in its own schemas (default 1)")
      ->check(CLI::Range(1, 64));
  app.add_flag("--verbose", options.verbose, "print every transaction, its verdict and the oracle's findings");
  app.add_option("--mode", options.mode,
                 "schemaguard.mode (default enforce; in warn and off every COMMIT must succeed)")
      ->check(CLI::IsMember({"enforce", "warn", "off"}));
  app.add_flag("--self-test", options.self_test,
               "run the server in warn mode but expect enforce verdicts: must report disagreements (exit 1)");
  app.add_option("--oracle", oracle_path, "the oracle query (default " DDL_FUZZ_ORACLE ")");
  app.add_option("--statement-timeout-ms", options.statement_timeout_ms, "statement_timeout (default 30000)")
      ->check(CLI::Range(100, 3600000));
  app.add_flag("--skip-typed-table-alter-type", options.generator.skip_typed_table_alter_type,
               "do not generate ALTER TYPE ... ALTER ATTRIBUTE ... TYPE / RENAME ATTRIBUTE on types of typed "
               "tables (disagreed with extensions built before commit 2ce2b6d, see tests/fuzz/README.md)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  std::string postmaster_started;
  try {
    options.oracle = read_oracle(oracle_path);
    pqxx::connection connection(options.dsn);
    set_up(connection, options);
    pqxx::nontransaction tx(connection);
    postmaster_started = tx.exec("SELECT pg_catalog.pg_postmaster_start_time()::text")[0][0].c_str();
  } catch (const pqxx::broken_connection& e) {
    std::cerr << "ddl_fuzzer: cannot connect to the server: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ddl_fuzzer: " << e.what() << "\n";
    return 2;
  }

  auto started = std::chrono::steady_clock::now();
  Output output{std::cout, {}};
  std::vector<std::unique_ptr<Session>> sessions;
  for (int s = 1; s <= options.sessions; ++s)
    sessions.push_back(
        std::make_unique<Session>(options, names_of(s), options.seed + static_cast<std::uint64_t>(s - 1), output));
  std::vector<std::thread> threads;
  for (int s = 0; s < options.sessions; ++s) {
    long share = options.transactions / options.sessions + (s < options.transactions % options.sessions ? 1 : 0);
    threads.emplace_back([&sessions, s, share] { sessions[static_cast<std::size_t>(s)]->run(share); });
  }
  for (std::thread& t : threads) t.join();

  Counters total;
  for (const auto& s : sessions) total.add(s->counters());
  try {
    pqxx::connection connection(options.dsn);
    pqxx::nontransaction tx(connection);
    if (tx.exec("SELECT pg_catalog.pg_postmaster_start_time()::text")[0][0].c_str() != postmaster_started &&
        total.crashes == 0) {
      ++total.crashes;
      std::cout << "=== CRASH: the postmaster restarted during the run\n";
    }
  } catch (const std::exception& e) {
    ++total.crashes;
    std::cout << "=== CRASH: the server is gone after the run: " << e.what() << "\n";
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "fuzz: seed " << options.seed << ", " << options.sessions << " session(s), mode "
            << (options.self_test ? "warn (self-test, enforce verdicts expected)" : options.mode) << ", "
            << total.statements << " statements, " << total.rolled_back << " rolled back on purpose, "
            << total.deadlocks << " deadlocks, " << total.timeouts << " statement timeouts, "
            << static_cast<long>(seconds * 10) / 10.0 << " s\n";
  std::cout << "fuzz: " << total.transactions << " transactions, " << total.accepted << " accepted, " << total.rejected
            << " rejected, " << total.pg_failed << " failed by postgres, " << total.disagreements << " disagreements, "
            << total.crashes << " crashes, " << total.traces << " traces left" << std::endl;
  bool clean = total.disagreements == 0 && total.crashes == 0 && total.traces == 0 && total.deadlocks == 0 &&
               total.timeouts == 0;
  return clean ? 0 : 1;
}

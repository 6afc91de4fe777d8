// One fuzz session: a connection that runs generated transactions and checks each one
// against the oracle (verdict), the backend (alive), and the catalog (no trace left).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "ddl_generator.hpp"
#include "ddl_model.hpp"

namespace ddlfuzz {

struct Options {
  std::string dsn;
  std::uint64_t seed = 0;
  long transactions = 0;
  bool verbose = false;
  int sessions = 1;
  std::string mode = "enforce";  // schemaguard.mode: in warn and off every COMMIT must succeed
  // the server runs in warn mode while the verdicts are expected as in enforce mode: the
  // checks must then report disagreements (a test of the fuzzer itself)
  bool self_test = false;
  bool expect_enforce() const { return mode == "enforce" || self_test; }
  int statement_timeout_ms = 30000;
  std::string oracle;  // the oracle query, without its final semicolon
  GeneratorOptions generator;
};

struct Counters {
  long transactions = 0, accepted = 0, rejected = 0, pg_failed = 0, rolled_back = 0;
  long disagreements = 0, crashes = 0, traces = 0, deadlocks = 0, timeouts = 0, statements = 0;
  void add(const Counters& other);
};

// Output shared by the sessions' threads: one report at a time.
struct Output {
  std::ostream& out;
  std::mutex mutex;
  void print(const std::string& text);
};

class Session {
 public:
  Session(const Options& options, SessionNames names, std::uint64_t seed, Output& output);
  ~Session();
  // Runs the transactions; never throws (a session that cannot go on reports why).
  void run(long transactions);
  const Counters& counters() const { return counters_; }

 private:
  struct Outcome {
    bool ok = true;
    std::string sqlstate, message;
  };
  struct Broken : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  struct Lost : std::runtime_error {  // the guard itself is gone: nothing more to check
    using std::runtime_error::runtime_error;
  };
  using Rows = std::vector<std::vector<std::string>>;

  const Options& options_;
  SessionNames names_;
  std::uint64_t seed_;
  Output& output_;
  Generator generator_;
  Model model_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::nontransaction> tx_;
  int backend_pid_ = 0;
  bool can_prepare_ = false;      // max_prepared_transactions > 0
  long number_ = 0;               // the transaction being run
  std::vector<std::string> log_;  // its statements, as run
  Counters counters_;

  void connect();
  void reconnect_after_crash(const std::string& what);
  Outcome exec(const std::string& sql);         // throws Broken when the connection is gone
  Outcome exec_logged(const std::string& sql);  // the same, recorded in log_
  Rows query(const std::string& prepared);      // a prepared fuzzer query; throws on error
  Rows oracle() { return query("ddlfuzz_oracle"); }
  // the model, read again when a statement ran since it was last read
  const Model& model();
  bool model_stale_ = true;
  // the catalog snapshot after the last transaction, when that one changed nothing
  std::vector<std::string> last_snapshot_;
  bool last_snapshot_valid_ = false;
  Model begin_model_;  // the model at the last BEGIN, valid with last_snapshot_
  std::vector<std::string> snapshot();
  void one_transaction();
  // runs one generated operation; false (and *failure) when a statement failed unprotected
  bool run_statements(const std::vector<std::string>& statements, bool protect, Outcome* failure);
  void check_no_trace(const std::vector<std::string>& before, const std::string& verdict);
  void cleanup(const Rows& violations);
  void report(const std::string& headline, const Rows& oracle_rows, const std::string& server);
  std::string transaction_text() const;
};

}  // namespace ddlfuzz

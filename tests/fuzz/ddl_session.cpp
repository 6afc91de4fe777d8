#include "ddl_session.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <iostream>
#include <sstream>
#include <thread>

namespace ddlfuzz {

void Counters::add(const Counters& o) {
  transactions += o.transactions;
  accepted += o.accepted;
  rejected += o.rejected;
  pg_failed += o.pg_failed;
  rolled_back += o.rolled_back;
  disagreements += o.disagreements;
  crashes += o.crashes;
  traces += o.traces;
  deadlocks += o.deadlocks;
  timeouts += o.timeouts;
  statements += o.statements;
}

void Output::print(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex);
  out << text << std::flush;
}

namespace {

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// "rule: table schema.table" of each DETAIL line of the guard's error (SPEC §6)
std::set<std::string> rejected_for(const std::string& message) {
  std::set<std::string> found;
  std::size_t at = message.find("\nDETAIL:  ");
  if (at == std::string::npos) return found;
  std::string detail = message.substr(at + 10);
  std::size_t hint = detail.find("\nHINT:  ");
  if (hint != std::string::npos) detail.erase(hint);
  std::size_t start = 0;
  while (start < detail.size()) {
    std::size_t end = detail.find('\n', start);
    std::string line = detail.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::size_t second = line.find(": ", line.find(": table ") + 8);
    found.insert(line.substr(0, second));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return found;
}

}  // namespace

Session::Session(const Options& options, SessionNames names, std::uint64_t seed, Output& output)
    : options_(options),
      names_(names),
      seed_(seed),
      output_(output),
      generator_(seed, names, options.generator),
      model_(names.main, names.other, names.shared),
      begin_model_(model_) {}

Session::~Session() {
  tx_.reset();
  connection_.reset();
}

void Session::connect() {
  tx_.reset();
  connection_ = std::make_unique<pqxx::connection>(options_.dsn);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  connection_->inhibit_reactivation(true);  // a lost backend must show, not be replaced silently
#pragma GCC diagnostic pop
  std::string oracle = options_.oracle;
  const std::string scope = "AND " + own_schema_predicate("n.nspname::text", names_.main, names_.other);
  std::size_t at = oracle.find("/*scope*/");
  if (at != std::string::npos) oracle.replace(at, 9, scope);
  connection_->prepare("ddlfuzz_oracle",
                       "SELECT rule, schema_name, table_name, coalesce(object_name, ''), message,"
                       " rule || ': table ' || pg_catalog.quote_ident(schema_name) || '.' ||"
                       " pg_catalog.quote_ident(table_name) FROM (" +
                           oracle + ") o WHERE severity = 'error' AND " +
                           own_schema_predicate("schema_name", names_.main, names_.other) + " ORDER BY 1, 2, 3, 4");
  const std::string in_own = own_schema_predicate("n.nspname", names_.main, names_.other);
  connection_->prepare(
      "ddlfuzz_snapshot",
      "SELECT x FROM ("
      " SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || c.relpersistence::text || ' '"
      "        || coalesce(pg_catalog.pg_get_expr(c.relpartbound, c.oid), '-') || ' ' || c.reloftype::regtype::text"
      "   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
          in_own +
          " UNION ALL SELECT 'col ' || n.nspname || '.' || c.relname || '.' || a.attname || ' '"
          "        || pg_catalog.format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' '"
          "        || coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '-') || ' ' || a.attgenerated::text || "
          "a.attidentity::text"
          "   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          "   LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
          "   WHERE " +
          in_own +
          " AND a.attnum > 0 AND NOT a.attisdropped"
          " UNION ALL SELECT 'con ' || n.nspname || '.' || coalesce(c.relname, '-') || '.' || k.conname || ' '"
          "        || pg_catalog.pg_get_constraintdef(k.oid)"
          "   FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_namespace n ON n.oid = k.connamespace"
          "   LEFT JOIN pg_catalog.pg_class c ON c.oid = k.conrelid WHERE " +
          in_own +
          " UNION ALL SELECT 'idx ' || pg_catalog.pg_get_indexdef(i.indexrelid)"
          "   FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
          "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
          in_own +
          " UNION ALL SELECT 'inh ' || h.inhrelid::regclass::text || ' ' || h.inhparent::regclass::text"
          "   FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid"
          "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
          in_own +
          " UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text"
          "   FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE " +
          in_own +
          " UNION ALL SELECT 'proc ' || n.nspname || '.' || p.proname || ' ' || pg_catalog.md5(p.prosrc)"
          "   FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          "   WHERE " +
          in_own +
          " OR (n.nspname = 'public' AND p.proname = 'gen_random_uuid')"
          " UNION ALL SELECT 'trg ' || g.tgname || ' ' || g.tgrelid::regclass::text"
          "   FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid"
          "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
          in_own +
          " AND NOT g.tgisinternal"
          ") s (x) ORDER BY 1");
  connection_->prepare("ddlfuzz_pid",
                       "SELECT pg_catalog.pg_backend_pid(), EXISTS (SELECT FROM pg_catalog.pg_extension"
                       " WHERE extname = 'schemaguard')");
  model_.prepare(*connection_);
  tx_ = std::make_unique<pqxx::nontransaction>(*connection_);
  for (const std::string& setting :
       {std::string("SET client_min_messages = error"), std::string("SET jit = off"),
        std::string("SET TimeZone = 'UTC'"), "SET statement_timeout = " + std::to_string(options_.statement_timeout_ms),
        "SET search_path = " + qi(names_.main) + ", public",
        "SET schemaguard.mode = " + std::string(options_.self_test ? "warn" : options_.mode)})
    tx_->exec(setting);
  backend_pid_ = connection_->backendpid();
  can_prepare_ = tx_->exec("SELECT pg_catalog.current_setting('max_prepared_transactions')::int > 0")[0][0].as<bool>();
  // a transaction prepared just before a crash would hold its locks for ever
  const std::string own_gids = "fz_" + std::to_string(names_.session) + "_";
  for (const auto& row : tx_->exec("SELECT gid FROM pg_catalog.pg_prepared_xacts WHERE gid LIKE " + ql(own_gids + "%") +
                                   " AND database = pg_catalog.current_database()"))
    tx_->exec("ROLLBACK PREPARED " + ql(row[0].c_str()));
}

void Session::reconnect_after_crash(const std::string& what) {
  ++counters_.crashes;
  std::ostringstream text;
  text << "=== CRASH: " << what << " (seed " << options_.seed << ", session " << names_.session << ", transaction "
       << number_ << ")\n"
       << transaction_text();
  output_.print(text.str());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    try {
      connect();
      return;
    } catch (const std::exception& e) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error(std::string("cannot reconnect: ") + e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

Session::Outcome Session::exec(const std::string& sql) {
  Outcome outcome;
  try {
    tx_->exec(sql);
  } catch (const pqxx::broken_connection& e) {
    throw Broken(trim(e.what()));
  } catch (const pqxx::sql_error& e) {
    if (!connection_->is_open()) throw Broken(trim(e.what()));
    outcome.ok = false;
    outcome.sqlstate = e.sqlstate();
    outcome.message = trim(e.what());
  } catch (const pqxx::failure& e) {
    if (!connection_->is_open()) throw Broken(trim(e.what()));
    outcome.ok = false;
    outcome.message = trim(e.what());
  }
  return outcome;
}

Session::Outcome Session::exec_logged(const std::string& sql) {
  ++counters_.statements;
  log_.push_back(sql + ";");
  Outcome outcome = exec(sql);
  if (!outcome.ok && starts_with(outcome.message, "ERROR:  schemaguard:") && sql != "COMMIT" &&
      !starts_with(sql, "PREPARE TRANSACTION")) {  // the guard raises only at COMMIT / PREPARE
    ++counters_.disagreements;
    report("the extension raised an error before COMMIT", {}, outcome.sqlstate + " " + outcome.message);
  }
  if (!outcome.ok) {  // the error as one comment line: message | DETAIL | HINT
    std::string flat = outcome.message;
    for (std::size_t at = flat.find('\n'); at != std::string::npos; at = flat.find('\n', at))
      flat.replace(at, 1, " | ");
    log_.push_back("-- error " + outcome.sqlstate + ": " + flat);
  }
  return outcome;
}

Session::Rows Session::query(const std::string& prepared) {
  Rows rows;
  try {
    for (const auto& row : tx_->exec_prepared(prepared)) {
      rows.emplace_back();
      for (const auto& field : row) rows.back().push_back(field.is_null() ? "" : field.c_str());
    }
  } catch (const pqxx::broken_connection& e) {
    throw Broken(trim(e.what()));
  } catch (const pqxx::failure& e) {
    if (!connection_->is_open()) throw Broken(trim(e.what()));
    throw;
  }
  return rows;
}

std::vector<std::string> Session::snapshot() {
  std::vector<std::string> lines;
  for (auto& row : query("ddlfuzz_snapshot")) lines.push_back(std::move(row[0]));
  return lines;
}

std::string Session::transaction_text() const {
  std::string text;
  for (const std::string& line : log_) text += "  " + line + "\n";
  return text;
}

void Session::report(const std::string& headline, const Rows& oracle_rows, const std::string& server) {
  std::ostringstream text;
  text << "=== DISAGREEMENT: " << headline << " (seed " << options_.seed << ", session " << names_.session
       << ", transaction " << number_ << ")\n";
  text << "oracle, " << oracle_rows.size() << " error violation(s):\n";
  for (const auto& row : oracle_rows)
    text << "  " << row[0] << " " << row[1] << "." << row[2] << " " << row[3] << ": " << row[4] << "\n";
  text << "server: " << server << "\n";
  text << "transaction:\n" << transaction_text();
  output_.print(text.str());
}

void Session::check_no_trace(const std::vector<std::string>& before, const std::string& verdict) {
  std::vector<std::string> after = snapshot();
  if (after == before) {
    last_snapshot_ = std::move(after);
    last_snapshot_valid_ = true;
    return;
  }
  ++counters_.traces;
  std::vector<std::string> gone, added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(gone));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
  std::ostringstream text;
  text << "=== TRACE LEFT by a " << verdict << " transaction (seed " << options_.seed << ", session " << names_.session
       << ", transaction " << number_ << ")\n";
  for (std::size_t i = 0; i < gone.size() && i < 20; ++i) text << "  - " << gone[i] << "\n";
  for (std::size_t i = 0; i < added.size() && i < 20; ++i) text << "  + " << added[i] << "\n";
  text << "transaction:\n" << transaction_text();
  output_.print(text.str());
}

// After a commit that left violations behind: drop those tables so that the next
// transactions start from a compliant state again.
void Session::cleanup(const Rows& violations) {
  std::vector<std::string> done;
  for (const auto& row : violations) {
    std::string table = qn(row[1], row[2]);
    if (std::find(done.begin(), done.end(), table) != done.end()) continue;
    done.push_back(table);
    exec("DROP TABLE IF EXISTS " + table + " CASCADE");
  }
  if (!oracle().empty()) output_.print("fuzz: session " + std::to_string(names_.session) + ": could not clean up\n");
}

const Model& Session::model() {
  if (model_stale_) model_.load(*tx_);
  model_stale_ = false;
  return model_;
}

bool Session::run_statements(const std::vector<std::string>& statements, bool protect, Outcome* failure) {
  const std::string savepoint = protect ? generator_.savepoint_name() : "";
  if (protect && !exec_logged("SAVEPOINT " + savepoint).ok) return false;
  for (const std::string& sql : statements) {
    Outcome outcome = exec_logged(sql);
    if (!outcome.ok) {
      if (!protect) {
        *failure = outcome;
        return false;
      }
      if (!exec_logged("ROLLBACK TO SAVEPOINT " + savepoint).ok) return false;
      model_stale_ = true;
      break;
    }
    model_stale_ = true;
  }
  if (protect) exec_logged("RELEASE SAVEPOINT " + savepoint);
  return true;
}

void Session::one_transaction() {
  ++counters_.transactions;
  log_.clear();
  generator_.begin_transaction();
  const bool unchanged = last_snapshot_valid_;  // the last transaction left the catalog as it was
  const std::vector<std::string> before = unchanged ? last_snapshot_ : snapshot();
  last_snapshot_valid_ = false;
  const Plan plan = generator_.plan();
  exec_logged("BEGIN");
  if (unchanged) {
    model_ = begin_model_;
    model_stale_ = false;
  } else {
    model_.load(*tx_);
    begin_model_ = model_;
    model_stale_ = false;
  }
  Outcome failure;
  bool failed = false;
  for (const PlanItem& item : plan.items) {
    if (failed) break;
    if (item.kind == PlanItem::kSavepointGroup) {
      const std::string savepoint = generator_.savepoint_name();
      exec_logged("SAVEPOINT " + savepoint);
      for (int i = 0; i < item.operations && !failed; ++i)
        failed = !run_statements(generator_.operation(model()), false, &failure);
      if (failed) break;
      exec_logged((item.rollback_to ? "ROLLBACK TO SAVEPOINT " : "RELEASE SAVEPOINT ") + savepoint);
      model_stale_ = true;
    } else {
      failed = !run_statements(generator_.operation(model()), item.kind == PlanItem::kProtected, &failure);
    }
  }
  for (int i = 0; i < 4 && plan.repair && !failed && !plan.rollback; ++i) {
    std::vector<std::string> fixes = generator_.repair_next(model());
    if (fixes.empty()) break;
    run_statements(fixes, true, &failure);
  }

  if (failed) {
    exec_logged("ROLLBACK");
    ++counters_.pg_failed;
    if (failure.sqlstate == "40P01") ++counters_.deadlocks;
    if (failure.sqlstate == "57014") ++counters_.timeouts;
    if (failure.sqlstate == "40P01" || failure.sqlstate == "57014") {
      // a deadlock or a timeout among sessions that share nothing but one FK target
      ++counters_.disagreements;
      report("a statement failed unexpectedly", {}, failure.sqlstate + " " + failure.message);
    }
    check_no_trace(before, "failed");
    if (options_.verbose)
      output_.print("-- transaction " + std::to_string(number_) + " (session " + std::to_string(names_.session) +
                    "): failed by postgres\n" + transaction_text());
    return;
  }

  const Rows expected = oracle();  // inside the transaction: the catalog COMMIT will judge
  std::string verdict;
  if (plan.rollback) {
    exec_logged("ROLLBACK");
    ++counters_.rolled_back;
    verdict = "rolled back";
    check_no_trace(before, verdict);
  } else {
    bool prepare = plan.prepare && can_prepare_;
    for (const Table& t : model().tables) prepare &= !t.temp;  // PREPARE refuses temporary objects
    const std::string gid = "fz_" + std::to_string(names_.session) + "_" + std::to_string(number_);
    Outcome commit = exec_logged(prepare ? "PREPARE TRANSACTION " + ql(gid) : std::string("COMMIT"));
    if (prepare && commit.ok) commit = exec_logged("COMMIT PREPARED " + ql(gid));
    const Rows alive = query("ddlfuzz_pid");
    if (alive.at(0).at(0) != std::to_string(backend_pid_))  // the same backend is alive
      throw Broken("another backend answers after COMMIT");
    if (alive.at(0).at(1) != "t") throw Lost("the extension schemaguard is gone (dropped by a generated statement)");
    const bool expect_reject = options_.expect_enforce() && !expected.empty();
    if (commit.ok) {
      ++counters_.accepted;
      verdict = "accepted";
      if (expect_reject) {
        ++counters_.disagreements;
        report("COMMIT accepted, the oracle finds error violations", expected, "COMMIT succeeded");
      }
      if (options_.expect_enforce()) {
        Rows left = oracle();
        if (!left.empty()) {
          if (!expect_reject) {
            ++counters_.disagreements;
            report("the committed state has violations the oracle did not see before COMMIT", left, "COMMIT succeeded");
          }
          cleanup(left);
        }
      }
    } else if (commit.sqlstate == "42P17" && commit.message.find("schemaguard:") != std::string::npos) {
      ++counters_.rejected;
      verdict = "rejected";
      std::set<std::string> oracle_for;
      for (const auto& row : expected) oracle_for.insert(row[5]);
      if (!expect_reject) {
        ++counters_.disagreements;
        report(options_.expect_enforce() ? "COMMIT rejected, the oracle finds no error violation"
                                         : "COMMIT rejected in mode " + options_.mode,
               expected, commit.message);
      } else if (rejected_for(commit.message) != oracle_for) {  // the same rules on the same tables
        ++counters_.disagreements;
        report("COMMIT rejected for other rules or tables than the oracle finds", expected, commit.message);
      }
      check_no_trace(before, verdict);
    } else if (prepare && commit.sqlstate == "0A000") {  // temporary objects cannot be prepared
      ++counters_.pg_failed;
      verdict = "failed at PREPARE";
      check_no_trace(before, verdict);
    } else {
      ++counters_.pg_failed;
      ++counters_.disagreements;
      if (commit.sqlstate == "40P01") ++counters_.deadlocks;
      if (commit.sqlstate == "57014") ++counters_.timeouts;
      verdict = "failed at COMMIT";
      report("COMMIT failed with an error that is not the guard's", expected, commit.sqlstate + " " + commit.message);
      check_no_trace(before, verdict);
    }
  }
  if (options_.verbose) {
    std::string text = "-- transaction " + std::to_string(number_) + " (session " + std::to_string(names_.session) +
                       "): " + verdict + ", oracle: " + std::to_string(expected.size()) + " violation(s)\n";
    for (const auto& row : expected) text += "--   " + row[0] + " " + row[1] + "." + row[2] + " " + row[3] + "\n";
    output_.print(text + transaction_text());
  }
}

void Session::run(long transactions) {
  try {
    connect();
  } catch (const std::exception& e) {
    output_.print("fuzz: session " + std::to_string(names_.session) + " cannot connect: " + trim(e.what()) + "\n");
    ++counters_.crashes;
    return;
  }
  auto started = std::chrono::steady_clock::now();
  for (number_ = 1; number_ <= transactions; ++number_) {
    try {
      one_transaction();
    } catch (const Lost& e) {
      ++counters_.disagreements;
      report(e.what(), {}, "");
      output_.print("fuzz: session " + std::to_string(names_.session) + " stops\n");
      return;
    } catch (const std::exception& e) {
      const bool broken = dynamic_cast<const Broken*>(&e) != nullptr ||
                          dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr || !connection_->is_open();
      if (!broken) {  // the fuzzer's own query failed (model, oracle, snapshot): report and go on
        ++counters_.disagreements;
        report("a query of the fuzzer failed", {}, trim(e.what()));
      }
      try {
        if (broken)
          reconnect_after_crash(std::string("the connection broke: ") + trim(e.what()));
        else
          exec("ROLLBACK");
      } catch (const std::exception& fatal) {
        output_.print("fuzz: session " + std::to_string(names_.session) + " stops: " + trim(fatal.what()) + "\n");
        return;
      }
    }
    if (names_.session == 1 && number_ % 1000 == 0) {
      auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
      std::cerr << "fuzz: session 1: " << number_ << " transactions, " << seconds << " s\n";
    }
  }
}

}  // namespace ddlfuzz

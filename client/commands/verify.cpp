// verify: apply every migration to a scratch database with the extension enforcing, report, and
// drop the scratch database again, on success, failure and Ctrl-C (SIGINT/SIGTERM/SIGHUP) alike.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include <fmt/format.h>
#include <unistd.h>

#include "commands/commands.hpp"
#include "commands/migrate_core.hpp"
#include "db/connection.hpp"
#include "db/findings.hpp"
#include "output/compliance.hpp"
#include "policy/store.hpp"
#include "support/signals.hpp"

namespace sg::commands {

namespace {

struct Scratch {
  std::mutex mutex;
  std::string admin_conninfo;
  std::string name;
  bool created = false;
  bool dropped = false;
  bool keep = false;

  void drop() {
    std::lock_guard<std::mutex> lock(mutex);
    if (!created || dropped) return;
    if (keep) {
      std::fprintf(stderr, "kept scratch database \"%s\" (--keep)\n", name.c_str());
      dropped = true;
      return;
    }
    try {
      db::Database admin(admin_conninfo);
      admin.exec("DROP DATABASE IF EXISTS " + admin.quote_name(name) + " WITH (FORCE)");
      dropped = true;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: could not drop scratch database \"%s\": %s\n", name.c_str(), e.what());
    }
  }
};

Scratch g_scratch;

// Drops the scratch database; when a signal is being handled, exits as the watcher does
// (128 + signal): otherwise the main thread, freed by the watcher's drop, could finish first and
// exit with its own code (seen under valgrind as exit 2 instead of 130 after Ctrl-C).
void drop_scratch() {
  g_scratch.drop();
  if (int sig = signal_in_progress()) _exit(128 + sig);
}

struct DropOnExit {
  ~DropOnExit() { drop_scratch(); }
};

void print_compliance(const output::ComplianceReport& r, const Console& c) {
  std::printf("%s\n", c.bold(fmt::format("Compliance of the migrated schema ({} tables):", r.tables)).c_str());
  for (const auto& row : r.invariants) {
    std::string status = row.status == "compliant"   ? c.green(fmt::format("{:<11}", row.status))
                         : row.severity == "warning" ? c.yellow(fmt::format("{:<11}", row.status))
                                                     : c.red(fmt::format("{:<11}", row.status));
    std::printf("  %-13s %s %3ld violations  %s\n", row.rule.c_str(), status.c_str(), row.violations,
                row.notes.c_str());
  }
  bool any = false;
  for (const auto& f : r.check.findings) any = any || f.open();
  if (any) {
    output::CheckReport check = r.check;
    std::fputs(output::render_text(check, c).c_str(), stdout);
  }
}

}  // namespace

int run_verify(const GlobalOptions& g, const VerifyOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  auto files = migrations::scan_directory(o.dir);
  std::string policy_text;  // read before the scratch database exists: a bad path is exit 2 at once
  if (!o.policy.empty()) policy_text = policy::read_policy_file(o.policy);
  std::string conninfo = db::resolve_conninfo(g.dsn);
  g_scratch.admin_conninfo = conninfo;
  g_scratch.keep = o.keep;
  g_scratch.name = fmt::format("schemaguard_verify_{}_{}", getpid(), (long)std::time(nullptr));

  start_signal_watcher([](int sig) {
    std::fprintf(stderr, "\ninterrupted (signal %d): dropping the scratch database\n", sig);
    g_scratch.drop();
  });
  DropOnExit guard;
  {
    db::Database admin(conninfo);
    {
      std::lock_guard<std::mutex> lock(g_scratch.mutex);
      admin.exec("CREATE DATABASE " + admin.quote_name(g_scratch.name) + " TEMPLATE template0");
      g_scratch.created = true;
    }
    admin.exec("ALTER DATABASE " + admin.quote_name(g_scratch.name) + " SET schemaguard.mode = 'enforce'");
  }
  console.info(fmt::format("verify: {} migration files from {} into scratch database \"{}\"", files.size(), o.dir,
                           g_scratch.name));
  int code = kExitOk;
  {
    db::Database scratch(db::normalize_conninfo(conninfo, g_scratch.name));
    try {
      scratch.exec("CREATE EXTENSION schemaguard");
    } catch (const pqxx::sql_error& e) {
      auto m = db::parse_server_message(e.what(), e.sqlstate());
      throw Error(kExitError, "cannot install the schemaguard extension in the scratch database: " + m.text());
    }
    // The policy is in force before the first migration, as in the databases it is applied to.
    if (!o.policy.empty()) {
      policy::require_policy_support(scratch);
      pqxx::work tx(scratch.conn(), "schemaguard_policy");
      auto st = policy::stage_policy(tx, policy_text, o.policy);
      tx.commit();
      std::size_t n = st.changes.size();
      console.info(fmt::format("verify: policy {} applied ({})", o.policy,
                               n == 0 ? "the V1 defaults" : fmt::format("{} change{} from V1", n, n == 1 ? "" : "s")));
      for (const auto& c : st.changes) console.debug("  " + c.line());
    }
    MigrateOptions mo;
    mo.dir = o.dir;
    auto summary = migrate_database(scratch, files, mo, console);
    code = summary.exit_code;
    if (code == kExitOk) {
      auto report = db::load_compliance_report(scratch);
      if (!g.quiet) print_compliance(report, console);
      if (output::verdict_of(report, output::FailOn::error) == output::Verdict::not_compliant) code = kExitFailed;
    }
  }
  drop_scratch();
  if (code == kExitOk)
    console.info(fmt::format("verify: OK — all {} migrations apply cleanly with schemaguard enforcing", files.size()));
  else
    console.error("verify: FAILED — see above");
  return code;
}

}  // namespace sg::commands

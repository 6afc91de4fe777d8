#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "commands/migrate_core.hpp"
#include "db/executor.hpp"
#include "db/lock.hpp"
#include "db/state.hpp"
#include "migrations/plan.hpp"
#include "migrations/sql.hpp"
#include "support/signals.hpp"

namespace sg::commands {

namespace {

// The file being applied, for the message of an interrupted run (read by the signal watcher).
std::atomic<const migrations::MigrationFile*> g_applying{nullptr};
std::atomic<bool> g_dry_run{false};

// What an interrupted `migrate` leaves behind. The client exits at once; the server notices the
// closed connection within a second (client_connection_check_interval) and rolls back.
void report_interruption(int sig) {
  const migrations::MigrationFile* f = g_applying.load();
  if (g_dry_run) {
    std::fprintf(stderr, "\ninterrupted (signal %d): dry run, nothing was committed\n", sig);
  } else if (f == nullptr) {
    std::fprintf(stderr, "\ninterrupted (signal %d) between files: the files applied so far stay applied\n", sig);
  } else if (f->no_transaction) {
    std::string lower = f->sql;
    for (auto& ch : lower) ch = (char)std::tolower((unsigned char)ch);
    bool cic = lower.find("concurrently") != std::string::npos;
    std::fprintf(stderr,
                 "\ninterrupted (signal %d) while applying %s: the statements it completed stay applied "
                 "(recorded in schemaguard.migration_progress); a rerun resumes after them%s\n",
                 sig, f->filename.c_str(),
                 cic ? " (a CREATE INDEX CONCURRENTLY cut off leaves an INVALID index, which the rerun names)" : "");
  } else {
    std::fprintf(stderr,
                 "\ninterrupted (signal %d) while applying %s: the server rolls its transaction back, so "
                 "nothing of it is applied; earlier files stay applied; rerun migrate to continue\n",
                 sig, f->filename.c_str());
  }
}

// Prints why a file failed and returns it in one line plus the server's message (for fleet rows).
std::string print_failure(const Console& c, const migrations::MigrationFile& f, const db::FileOutcome& out,
                          bool dry_run) {
  std::string what;
  if (out.connection_lost && f.no_transaction)
    what = f.filename + ": the connection to the server was lost at the statement on line " +
           std::to_string(out.failed_statement_line) +
           "; the statements before it stay applied (recorded in schemaguard.migration_progress) and a rerun "
           "resumes there";
  else if (out.connection_lost)
    what = f.filename +
           ": the connection to the server was lost while applying it (server restart or crash, "
           "pg_terminate_backend, network); the server rolls the file's transaction back unless its COMMIT had "
           "completed: `schemaguard status` shows which, and a rerun continues";
  else if (dry_run)
    what = f.filename + (out.rejected ? " would be rejected by schemaguard" : " would fail");
  else if (f.no_transaction)
    what = f.filename + (out.rejected ? " was rejected by schemaguard" : " failed") + " at the statement on line " +
           std::to_string(out.failed_statement_line) +
           "; earlier statements of this no-transaction file stay applied and a rerun resumes there";
  else
    what = f.filename + (out.rejected ? " was rejected by schemaguard" : " failed") + "; nothing of it was applied";
  c.error(what);
  std::string all = what;
  // libpqxx 6.4 reports a lost connection as "Could not obtain client encoding": nothing to add
  if (!(out.connection_lost && out.error.text().find("client encoding") != std::string::npos)) {
    c.detail(out.error.text());
    all += "\n" + out.error.text();
  }
  if (!out.note.empty()) {
    c.detail("note: " + out.note);
    all += "\nnote: " + out.note;
  }
  return all;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

MigrateSummary migrate_database(db::Database& db, const std::vector<migrations::MigrationFile>& files,
                                const MigrateOptions& o, const Console& console) {
  MigrateSummary summary;
  auto started = std::chrono::steady_clock::now();
  if (!o.target.empty() && !migrations::is_version(o.target))
    throw InputError("--target must be a version number, got \"" + o.target + "\"");
  auto lock_timeout = lock_timeout_ms(o.lock_timeout_s);
  db::require_extension(db);
  // A killed client must not leave a long file running to its COMMIT: the server checks the
  // socket every second during long statements and aborts the transaction when the client is gone.
  try {
    db.exec("SET client_connection_check_interval = '1s'");
  } catch (const pqxx::sql_error&) {
  }
  db::MigrationLock lock(db, lock_timeout, console);

  auto applied = db::read_applied(db);
  auto plan = migrations::make_plan(files, applied);

  // Checksum drift: stop unless accepted explicitly.
  std::set<std::string> accept;
  for (const auto& v : o.accept_changed) {
    if (!migrations::is_version(v)) throw InputError("--accept-changed expects a version, got \"" + v + "\"");
    accept.insert(migrations::normalize_version(v));
  }
  std::vector<std::string> drift;
  for (const auto& e : plan.entries) {
    if (e.state != migrations::State::changed) continue;
    if (accept.count(e.version)) {
      if (!o.dry_run) {
        bool recorded = db::accept_checksum(db, *e.file);
        console.info("accepted the changed content of " + e.file->filename + " (stored checksum updated from " +
                     e.applied->checksum.substr(0, 12) + "… to " + e.file->checksum.substr(0, 12) + "…" +
                     (recorded ? ", recorded in schemaguard.checksum_acceptances)" : ")"));
        if (!recorded)
          console.warn(
              "the acceptance is not recorded: the extension predates 0.3.0 "
              "(ALTER EXTENSION schemaguard UPDATE)");
      }
      accept.erase(e.version);
      continue;
    }
    drift.push_back(e.file->filename + " (version " + e.version + ") was changed after it was applied on " +
                    e.applied->applied_at + ": stored checksum " + e.applied->checksum.substr(0, 12) + "…, file now " +
                    e.file->checksum.substr(0, 12) + "…");
  }
  for (const auto& v : accept) console.warn("--accept-changed " + v + ": that version is not a changed file");
  if (!drift.empty()) {
    std::string msg = "applied migrations were modified:";
    for (const auto& d : drift) msg += "\n  " + d;
    msg += "\nRestore the original files, or accept the new content with --accept-changed VERSION";
    throw Error(kExitError, msg);
  }
  if (!o.accept_changed.empty() && !o.dry_run) {
    applied = db::read_applied(db);
    plan = migrations::make_plan(files, applied);
  }

  for (const auto& e : plan.entries)
    if (e.state == migrations::State::missing)
      console.warn("version " + e.version + " (" + e.name + ") is applied but its file is gone from the directory");

  if (plan.count(migrations::State::out_of_order) && !o.allow_out_of_order) {
    std::string msg = "pending migrations older than the newest applied version " + plan.highest_applied + ":";
    for (const auto& e : plan.entries)
      if (e.state == migrations::State::out_of_order) msg += "\n  " + e.file->filename;
    msg += "\nRename them above " + plan.highest_applied + ", or apply them anyway with --allow-out-of-order";
    throw Error(kExitError, msg);
  }

  auto todo = plan.to_apply(o.allow_out_of_order, o.target);

  // A transactional file must not end or open transactions itself.
  for (const auto* f : todo) {
    if (f->no_transaction) continue;
    auto tc = migrations::transaction_control_statements(f->sql);
    if (!tc.empty()) {
      std::string list;
      for (const auto& s : tc) list += (list.empty() ? "" : ", ") + s;
      throw InputError(f->filename + " contains transaction control statements: " + list +
                       ". schemaguard runs each file in its own transaction; remove them, or make the "
                       "first line \"-- schemaguard:no-transaction\"");
    }
  }
  for (const auto& p : db::read_all_progress(db)) {
    bool pending = false;
    for (const auto* f : todo) pending = pending || f->version == p.version;
    if (!pending)
      console.warn("version " + p.version + " is partly applied (" + std::to_string(p.statements_done) +
                   " statements of a no-transaction file) and is not part of this run");
  }

  if (todo.empty()) {
    summary.total_applied = applied.size();
    console.info(fmt::format("{} is up to date ({} migrations applied)", db.describe(), applied.size()));
    return summary;
  }

  summary.pending = todo.size();
  db::Executor exec(db, console);
  bool show_progress = todo.size() >= 10;
  if (o.dry_run) {
    g_dry_run = true;
    db.exec("BEGIN");
    size_t n = 0;
    for (const auto* f : todo) {
      ++n;
      if (show_progress) console.progress_line(fmt::format("[{}/{}] {}", n, todo.size(), f->filename));
      if (f->no_transaction) {
        console.info("skipped " + f->filename + " (no-transaction files are not run in a dry run)");
        continue;
      }
      auto out = exec.dry_run(*f);
      for (const auto& w : out.warnings) console.warn(f->filename + ": " + w);
      if (!out.ok) {
        try {
          db.exec("ROLLBACK");
        } catch (const std::exception&) {
        }
        summary.failed_file = f->filename;
        summary.error = print_failure(console, *f, out, true);
        console.info(fmt::format("dry run: {} of {} pending files ran before the failure; nothing was committed", n - 1,
                                 todo.size()));
        summary.exit_code = out.connection_lost ? kExitError : kExitFailed;
        return summary;
      }
      console.info(fmt::format("ok      {} ({} ms)", f->filename, out.duration_ms));
    }
    db.exec("ROLLBACK");
    console.info(
        fmt::format("dry run: {} pending files would apply to {}; nothing was committed", todo.size(), db.describe()));
    return summary;
  }

  size_t n = 0;
  for (const auto* f : todo) {
    ++n;
    if (show_progress) console.progress_line(fmt::format("[{}/{}] {}", n, todo.size(), f->filename));
    g_applying = f;
    auto out = exec.apply(*f);
    g_applying = nullptr;
    for (const auto& w : out.warnings) console.warn(f->filename + ": " + w);
    if (!out.ok) {
      summary.failed_file = f->filename;
      summary.error = print_failure(console, *f, out, false);
      std::string later = todo.size() > n ? fmt::format("{} later files were not run", todo.size() - n) : "";
      if (summary.applied)
        console.error(fmt::format("{} earlier files of this run stay applied{}", summary.applied,
                                  later.empty() ? "" : "; " + later));
      else if (!later.empty())
        console.error(later);
      summary.exit_code = out.connection_lost ? kExitError : kExitFailed;
      return summary;
    }
    ++summary.applied;
    console.info(fmt::format("applied {} ({} ms)", f->filename, out.duration_ms));
  }
  console.progress_done();
  summary.total_applied = applied.size() + summary.applied;
  console.info(
      fmt::format("{} migrations applied to {} in {:.2f} s", summary.applied, db.describe(), seconds_since(started)));
  return summary;
}

int run_migrate(const GlobalOptions& g, const MigrateOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  auto files = migrations::scan_directory(o.dir);
  console.debug(fmt::format("{} migration files in {}", files.size(), o.dir));
  start_signal_watcher(report_interruption);
  db::Database db(db::resolve_conninfo(g.dsn));
  return migrate_database(db, files, o, console).exit_code;
}

}  // namespace sg::commands

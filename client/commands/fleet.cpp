// fleet: check, report, status and migrate over many databases with bounded parallelism. One job
// per database at a time, one connection per job (the migrate preflight briefly two), never more
// jobs than --jobs: so never more than --jobs connections to any server.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "commands/migrate_core.hpp"
#include "db/connection.hpp"
#include "db/state.hpp"
#include "fleet/fleet.hpp"
#include "fleet/inspect.hpp"
#include "fleet/targets.hpp"
#include "output/fleet.hpp"
#include "support/signals.hpp"

namespace sg::commands {

namespace {

using fleet::Row;
using fleet::Status;

// The run in progress, shared with the signal watcher (Ctrl-C prints what finished).
struct FleetRun {
  std::mutex mutex;
  fleet::FleetResult result;
  std::vector<bool> running;
  std::string format;
  std::string output;
  Console console;
  size_t done = 0;
};
FleetRun* g_run = nullptr;

void write_result(const std::string& text, const std::string& output, const Console& console) {
  if (output.empty()) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    return;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text) || !(out.flush()))
    throw Error(kExitError, "cannot write " + output + ": " + std::strerror(errno));
  console.info("report written to " + output);
}

void on_signal(int sig) {
  if (!g_run) return;
  fleet::FleetResult copy;
  {
    std::lock_guard<std::mutex> lock(g_run->mutex);
    copy = g_run->result;
    for (size_t i = 0; i < copy.rows.size(); ++i) {
      auto& row = copy.rows[i];
      // migrate: preflight done but not migrated yet
      bool waiting = copy.command == "migrate" && row.status == Status::ok &&
                     (!row.migrate || row.migrate->result == "not_started");
      if (waiting && !g_run->running[i]) {
        row.status = Status::not_started;
        row.reason = "not migrated: interrupted before it started";
        if (row.migrate) row.migrate->result = "not_started";
      }
      if (g_run->running[i]) {
        row.status = Status::interrupted;
        row.reason =
            copy.command == "migrate" && !row.migrate ? "interrupted in the preflight: nothing was migrated there"
            : copy.command == "migrate" ? "interrupted while migrating: the server rolls back the file in flight (a "
                                          "no-transaction file keeps the statements it completed); rerun to continue"
                                        : "interrupted before it finished";
        if (row.migrate) row.migrate->result = "interrupted";
      }
    }
    g_run->console.progress_done();
  }
  copy.interrupted = true;
  fleet::finalize(copy);
  size_t finished = 0;
  for (const auto& row : copy.rows)
    finished += row.status != Status::interrupted && row.status != Status::not_started ? 1 : 0;
  std::fprintf(stderr, "\ninterrupted (signal %d): %zu of %zu databases finished; their results follow\n", sig,
               finished, copy.rows.size());
  try {
    write_result(output::render_fleet(copy, g_run->format, g_run->console), g_run->output, g_run->console);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "schemaguard: %s\n", e.what());
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read targets file " + path + ": " + std::strerror(errno));
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::vector<fleet::Target> collect_targets(const GlobalOptions& g, const FleetOptions& o) {
  std::vector<fleet::Target> targets;
  for (const auto& path : o.targets_files)
    fleet::append_targets(targets, fleet::parse_targets(read_file(path), path), path);
  if (o.all_databases) {
    std::string server = db::resolve_conninfo(g.dsn);
    db::Database admin(fleet::fleet_conninfo(server, (int)std::ceil(o.connect_timeout_s)));
    std::vector<fleet::Target> all;
    for (const auto& row :
         admin.exec("SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1"))
      all.push_back(fleet::Target{row[0].c_str(), db::normalize_conninfo(server, row[0].c_str()), {}});
    fleet::append_targets(targets, std::move(all), "--all-databases");
  }
  if (o.targets_files.empty() && !o.all_databases)
    throw InputError(
        "fleet needs its targets: --targets FILE (named connection strings) and/or --all-databases "
        "(every database of the --dsn server)");
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& l : o.labels) filters.push_back(fleet::parse_label(l, "--label"));
  std::vector<fleet::Target> selected;
  for (auto& t : targets) {
    if (!fleet::matches_labels(t, filters)) continue;
    bool excluded = false;
    for (const auto& pat : o.excludes) excluded = excluded || fleet::glob_match(pat, t.name);
    if (!excluded) selected.push_back(std::move(t));
  }
  if (selected.empty())
    throw InputError(targets.empty()
                         ? "no targets: the targets file is empty and no database allows connections"
                         : fmt::format("none of the {} targets is left after --label/--exclude", targets.size()));
  return selected;
}

// Runs fn on the given indices with up to `jobs` threads; stops handing out work once stop is set.
void run_jobs(const std::vector<size_t>& items, int jobs, const std::function<void(size_t)>& fn,
              const std::atomic<bool>& stop) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (;;) {
      if (stop) return;
      size_t k = next++;
      if (k >= items.size()) return;
      fn(items[k]);
    }
  };
  size_t n = std::min<size_t>((size_t)std::max(jobs, 1), items.size());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) threads.emplace_back(worker);
  if (n > 0) worker();
  for (auto& t : threads) t.join();
}

void store(FleetRun& run, size_t i, Row row) {
  std::lock_guard<std::mutex> lock(run.mutex);
  run.result.rows[i] = std::move(row);
  run.running[i] = false;
  ++run.done;
  run.console.progress_line(
      fmt::format("[{}/{}] {}", run.done, run.result.rows.size(), run.result.rows[i].target.name));
}

void start(FleetRun& run, size_t i) {
  std::lock_guard<std::mutex> lock(run.mutex);
  run.running[i] = true;
}

fleet::Limits limits_of(const FleetOptions& o, double default_statement_timeout_s) {
  fleet::Limits l;
  l.connect_timeout_s = (int)std::ceil(o.connect_timeout_s);
  double st = o.statement_timeout_s < 0 ? default_statement_timeout_s : o.statement_timeout_s;
  l.statement_timeout_explicit = o.statement_timeout_s >= 0;
  l.statement_timeout_ms = (long)std::llround(std::min(st, 1e6) * 1000);
  return l;
}

int finish(FleetRun& run, const std::string& format, const std::string& output) {
  fleet::FleetResult copy;
  {
    std::lock_guard<std::mutex> lock(run.mutex);
    run.console.progress_done();
    fleet::finalize(run.result);
    copy = run.result;
  }
  write_result(output::render_fleet(copy, format, run.console), output, run.console);
  return fleet::exit_code(copy);
}

int run_inspection(FleetRun& run, const std::vector<fleet::Target>& targets, const FleetOptions& o) {
  fleet::InspectOptions io;
  io.limits = limits_of(o, 60);
  io.findings = o.command != "status";
  io.fail_on = run.result.fail_on;
  std::vector<migrations::MigrationFile> files;
  std::string dir = o.dir.empty() && o.command == "status" ? "migrations" : o.dir;
  if (!dir.empty()) {
    files = migrations::scan_directory(dir);
    io.files = &files;
    if (io.findings) io.dir = dir;
  }
  std::vector<size_t> all(targets.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::atomic<bool> stop{false};
  run_jobs(
      all, o.jobs,
      [&](size_t i) {
        start(run, i);
        store(run, i, fleet::inspect(targets[i], io));
      },
      stop);
  return finish(run, run.format, run.output);
}

// Before anything migrates: each target reachable, with the extension, and not behind a
// transaction-mode pooler; its migration state against --dir.
Row preflight(const fleet::Target& t, const fleet::Limits& limits,
              const std::vector<migrations::MigrationFile>& files) {
  Row row;
  row.target = t;
  auto started = std::chrono::steady_clock::now();
  try {
    auto db = fleet::connect(t, limits);
    row.database = db->dbname();
    std::string host = db->conn().hostname() ? db->conn().hostname() : "";
    std::string port = db->conn().port() ? db->conn().port() : "";
    row.server = host + (port.empty() ? "" : ":" + port);
    auto info = db->exec(
        "SELECT (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'schemaguard'), "
        "coalesce(current_setting('schemaguard.mode', true), 'enforce')");
    if (info[0][0].is_null() || !db->relation_exists("schemaguard.migrations")) {
      row.status = Status::no_extension;
      row.reason = "schemaguard is not installed in this database (CREATE EXTENSION schemaguard, as a superuser)";
    } else {
      row.extension_version = info[0][0].c_str();
      row.mode = info[0][1].c_str();
      std::string pooled = fleet::transaction_pooler_probe(*db, t, limits);
      if (!pooled.empty()) {
        row.status = Status::refused;
        row.reason = pooled;
      } else {
        row.migrations = fleet::read_migration_state(*db, &files);
        row.status = Status::ok;
      }
    }
  } catch (...) {
    fleet::record_exception(row, std::current_exception(), limits);
  }
  row.duration_ms =
      (long)std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return row;
}

Row migrate_one(const Row& before, const std::string& stage, const fleet::Limits& limits,
                const std::vector<migrations::MigrationFile>& files, const MigrateOptions& mo, const Console& console) {
  Row row = before;
  row.migrate = fleet::MigrateOutcome{stage, "failed", 0, ""};
  auto started = std::chrono::steady_clock::now();
  Console c = console;
  c.prefix = "[" + row.target.name + "] ";
  c.info_stderr = true;
  c.progress = false;
  try {
    auto db = fleet::connect(row.target, limits);
    auto s = migrate_database(*db, files, mo, c);
    row.migrate->applied = (long)(mo.dry_run ? (s.exit_code == kExitOk ? s.pending : 0) : s.applied);
    row.migrate->failed_file = s.failed_file;
    if (s.exit_code == kExitOk) {
      row.status = Status::ok;
      row.reason.clear();
      row.migrate->result = s.pending == 0 ? "up_to_date" : mo.dry_run ? "would_apply" : "applied";
    } else {
      row.status = Status::failed;
      row.reason = s.error.empty() ? "migrate failed" : s.error;
    }
    row.migrations = fleet::read_migration_state(*db, &files);
  } catch (...) {
    fleet::record_exception(row, std::current_exception(), limits);
    if (row.status == Status::error) row.status = Status::failed;
  }
  row.duration_ms +=
      (long)std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return row;
}

int run_fleet_migrate(FleetRun& run, const std::vector<fleet::Target>& targets, const FleetOptions& o,
                      const Console& console) {
  MigrateOptions mo = o.migrate;
  mo.dir = o.dir.empty() ? "migrations" : o.dir;
  if (!mo.target.empty() && !migrations::is_version(mo.target))
    throw InputError("--target must be a version number, got \"" + mo.target + "\"");
  lock_timeout_ms(mo.lock_timeout_s);
  auto files = migrations::scan_directory(mo.dir);
  auto stages = fleet::plan_stages(targets, o.canary, o.wave_size);
  auto limits = limits_of(o, 0);
  Console c = console;
  c.info_stderr = true;

  // 1. preflight, at most --jobs connections: half as many jobs, two connections each
  std::vector<size_t> all(targets.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::atomic<bool> stop{false};
  c.info(fmt::format("preflight: {} databases (connection, extension, pooler)", targets.size()));
  run_jobs(
      all, std::max(1, o.jobs / 2),
      [&](size_t i) {
        start(run, i);
        store(run, i, preflight(targets[i], limits, files));
      },
      stop);
  {
    std::lock_guard<std::mutex> lock(run.mutex);
    run.console.progress_done();
    run.done = 0;
  }
  std::vector<std::string> stage_of(targets.size());
  for (const auto& s : stages)
    for (size_t i : s.targets) stage_of[i] = s.name;
  size_t bad = 0;
  std::string first_bad;
  for (auto& row : run.result.rows) {
    row.migrate = fleet::MigrateOutcome{stage_of[&row - &run.result.rows[0]], "not_started", 0, ""};
    if (row.status != Status::ok) {
      row.migrate->result = "skipped";
      if (!bad++) first_bad = row.target.name;
    }
  }
  auto skip_rest = [&](const std::string& why) {
    std::lock_guard<std::mutex> lock(run.mutex);
    run.result.stopped_reason = why;
    for (auto& row : run.result.rows)
      if (row.status == Status::ok && row.migrate && row.migrate->result == "not_started") {
        row.status = Status::skipped;
        row.migrate->result = "skipped";
        row.reason = "not migrated: the rollout stopped";
      }
  };
  if (bad && !o.continue_on_error) {
    skip_rest(
        fmt::format("{} databases failed the preflight (first: {}); nothing was migrated. Fix them, leave "
                    "them out (--exclude, --label), or pass --continue-on-error to migrate the others",
                    bad, first_bad));
    return finish(run, run.format, run.output);
  }

  // 2. the stages: canary first, then the waves
  for (const auto& stage : stages) {
    std::vector<size_t> items;
    for (size_t i : stage.targets)
      if (run.result.rows[i].status == Status::ok) items.push_back(i);
    if (items.empty()) continue;
    c.info(fmt::format("{}{}: {} databases", mo.dry_run ? "dry run, " : "", stage.name, items.size()));
    std::atomic<bool> failed{false};
    run_jobs(
        items, o.jobs,
        [&](size_t i) {
          Row before;
          {
            std::lock_guard<std::mutex> lock(run.mutex);
            run.running[i] = true;
            before = run.result.rows[i];
          }
          Row row = migrate_one(before, stage.name, limits, files, mo, c);
          if (row.status != Status::ok && (!o.continue_on_error || stage.name == "canary")) failed = true;
          store(run, i, std::move(row));
        },
        failed);
    std::string failed_names;
    for (size_t i : stage.targets)
      if (run.result.rows[i].status == Status::failed || run.result.rows[i].status == Status::unreachable ||
          run.result.rows[i].status == Status::unauthorized)
        failed_names += (failed_names.empty() ? "" : ", ") + run.result.rows[i].target.name;
    if (failed) {
      skip_rest(stage.name == "canary"
                    ? "the canary failed (" + failed_names + "): the rollout stopped before the waves"
                    : "stopped after " + stage.name + " failed on " + failed_names +
                          " (--continue-on-error migrates the others regardless)");
      break;
    }
  }
  return finish(run, run.format, run.output);
}

}  // namespace

int run_fleet(const GlobalOptions& g, const FleetOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  if (o.jobs < 1) throw InputError("--jobs must be at least 1");
  if (!(o.connect_timeout_s >= 0)) throw InputError("--connect-timeout must be a non-negative number of seconds");
  auto fail_on = output::parse_fail_on(o.fail_on);
  auto targets = collect_targets(g, o);

  // never destroyed: the signal watcher may still read it while main returns
  FleetRun& run = *new FleetRun;
  run.console = console;
  run.format = !o.format.empty() ? o.format : o.command == "report" ? "markdown" : "text";
  run.output = o.output;
  run.result.command = o.command;
  {
    std::time_t now = std::time(nullptr);
    char buf[32];
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    run.result.generated_at = buf;
  }
  run.result.fail_on = fail_on;
  run.result.dry_run = o.migrate.dry_run;
  for (const auto& t : targets) {
    Row row;
    row.target = t;
    run.result.rows.push_back(std::move(row));
  }
  run.running.assign(targets.size(), false);
  g_run = &run;
  start_signal_watcher(on_signal);
  console.debug(fmt::format("fleet {}: {} databases, {} jobs", o.command, targets.size(), o.jobs));
  if (o.command == "migrate") return run_fleet_migrate(run, targets, o, console);
  return run_inspection(run, targets, o);
}

}  // namespace sg::commands

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "db/findings.hpp"
#include "db/lock.hpp"
#include "db/state.hpp"
#include "migrations/plan.hpp"

namespace sg::commands {

int run_baseline(const GlobalOptions& g, const BaselineOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  if (o.version.empty() && !o.violations)
    throw InputError(
        "baseline needs --version VERSION (mark files applied) and/or --violations (grandfather "
        "current violations)");
  if (!o.version.empty() && !migrations::is_version(o.version))
    throw InputError("--version must be a version number, got \"" + o.version + "\"");
  std::vector<migrations::MigrationFile> files;
  if (!o.version.empty()) files = migrations::scan_directory(o.dir);
  db::Database db(db::resolve_conninfo(g.dsn));
  db::require_extension(db);
  if (!o.version.empty()) {
    db::MigrationLock lock(db, std::chrono::seconds(60), console);
    auto plan = migrations::make_plan(files, db::read_applied(db));
    std::vector<const migrations::MigrationFile*> mark;
    for (const auto& e : plan.entries) {
      if (migrations::compare_versions(e.version, o.version) > 0) break;
      if (e.state == migrations::State::pending || e.state == migrations::State::out_of_order) mark.push_back(e.file);
    }
    db::insert_baseline_rows(db, mark);
    for (const auto* f : mark) console.info("marked " + f->filename + " as applied (not run)");
    console.info(fmt::format("baseline: {} files up to version {} marked as applied in {}", mark.size(),
                             migrations::normalize_version(o.version), db.describe()));
  }
  if (o.violations) {
    try {
      auto r = db.exec("SELECT schemaguard.baseline()");
      console.info(fmt::format("baseline: {} current violations recorded as grandfathered; only new ones block",
                               r[0][0].is_null() ? 0L : r[0][0].as<long>()));
    } catch (const pqxx::sql_error& e) {
      if (db::is_missing_object(e)) db::throw_no_waivers("baseline");
      throw;
    }
  }
  return kExitOk;
}

}  // namespace sg::commands

#include <cstdio>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "db/state.hpp"
#include "migrations/plan.hpp"
#include "output/status.hpp"

namespace sg::commands {

int run_status(const GlobalOptions& g, const StatusOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  auto files = migrations::scan_directory(o.dir);
  db::Database db(db::resolve_conninfo(g.dsn));
  db::require_extension(db);
  auto applied = db::read_applied(db);
  auto plan = migrations::make_plan(files, applied);
  output::StatusContext ctx{db.dbname(), o.dir};
  std::string text =
      o.format == "json" ? output::render_status_json(plan, ctx) : output::render_status_text(plan, ctx, console);
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

}  // namespace sg::commands

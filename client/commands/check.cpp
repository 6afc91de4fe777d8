#include <cstdio>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "db/findings.hpp"
#include "output/report.hpp"

namespace sg::commands {

int run_check(const GlobalOptions& g, const CheckOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  auto fail_on = output::parse_fail_on(o.fail_on);
  db::Database db(db::resolve_conninfo(g.dsn));
  auto report = db::load_check_report(db);
  report.include_suppressed = o.all;
  if (!o.dir.empty()) db::locate_findings(report.findings, o.dir);
  std::string text;
  if (o.format == "json")
    text = output::render_json(report, fail_on);
  else if (o.format == "markdown")
    text = output::render_markdown(report);
  else if (o.format == "sarif")
    text = output::render_sarif(report);
  else if (o.format == "junit")
    text = output::render_junit(report, fail_on);
  else if (o.format == "github")
    text = output::render_github(report, fail_on);
  else
    text = output::render_text(report, console);
  std::fputs(text.c_str(), stdout);
  return output::exit_code_for(report, fail_on);
}

}  // namespace sg::commands

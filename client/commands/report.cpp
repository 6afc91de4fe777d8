#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "db/findings.hpp"
#include "output/compliance.hpp"

namespace sg::commands {

int run_report(const GlobalOptions& g, const ReportOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  auto fail_on = output::parse_fail_on(o.fail_on);
  db::Database db(db::resolve_conninfo(g.dsn));
  auto report = db::load_compliance_report(db);
  std::string text = output::render_compliance_markdown(report, fail_on);
  if (o.output.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text)) throw Error(kExitError, "cannot write " + o.output + ": " + std::strerror(errno));
    console.info("report written to " + o.output);
  }
  return output::verdict_of(report, fail_on) == output::Verdict::not_compliant ? kExitFailed : kExitOk;
}

}  // namespace sg::commands

#include <cstdio>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "db/findings.hpp"

namespace sg::commands {

// The explanation is the extension's (schemaguard.explain(), from each rule's definition),
// so it always describes the rules the database enforces.
int run_explain(const GlobalOptions& g, const ExplainOptions& o) {
  db::Database db(db::resolve_conninfo(g.dsn));
  db::require_checks(db);
  if (!db.function_exists("schemaguard.explain"))
    throw Error(kExitError,
                "this schemaguard extension version cannot explain its rules (0.4.0 can); update it with "
                "\"ALTER EXTENSION schemaguard UPDATE;\"");
  try {
    auto r = db.exec_params("SELECT schemaguard.explain($1)", o.rule);
    std::fputs((std::string(r[0][0].c_str()) + "\n").c_str(), stdout);
  } catch (const pqxx::sql_error& e) {
    auto m = db::parse_server_message(e.what(), e.sqlstate());
    throw Error(kExitError, m.text());
  }
  return kExitOk;
}

}  // namespace sg::commands

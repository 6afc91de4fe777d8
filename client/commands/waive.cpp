#include <cstdio>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "db/findings.hpp"

namespace sg::commands {

int run_waive(const GlobalOptions& g, const WaiveOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  if (!o.remove && o.reason.empty())
    throw InputError("waive needs --reason: a waiver documents why the rule does not apply");
  db::Database db(db::resolve_conninfo(g.dsn));
  db::require_checks(db);
  try {
    if (o.remove) {
      auto r = db.exec_params("SELECT schemaguard.unwaive($1::regclass, $2)", o.table, o.rule);
      bool removed = !r[0][0].is_null() && r[0][0].as<bool>();
      console.info(removed ? "removed the waiver of " + o.rule + " on " + o.table
                           : "no waiver of " + o.rule + " on " + o.table + " to remove");
    } else if (o.expires.empty()) {
      db.exec_params("SELECT schemaguard.waive($1::regclass, $2, $3)", o.table, o.rule, o.reason);
      console.info("waived " + o.rule + " on " + o.table + ": " + o.reason);
    } else {
      db.exec_params("SELECT schemaguard.waive($1::regclass, $2, $3, $4::timestamptz)", o.table, o.rule, o.reason,
                     o.expires);
      console.info("waived " + o.rule + " on " + o.table + " until " + o.expires + ": " + o.reason);
    }
  } catch (const pqxx::sql_error& e) {
    if (e.sqlstate() == "42883" && e.query().find("schemaguard.") != std::string::npos &&
        !db.function_exists("schemaguard.waive"))
      db::throw_no_waivers("waivers");
    auto m = db::parse_server_message(e.what(), e.sqlstate());
    throw Error(kExitError, m.text());
  }
  return kExitOk;
}

int run_waivers(const GlobalOptions& g, const WaiversOptions& o) {
  auto console = Console::detect(g.quiet, g.verbose);
  db::Database db(db::resolve_conninfo(g.dsn));
  db::require_checks(db);
  auto waivers = db::load_waivers(db);
  if (!waivers) db::throw_no_waivers("waivers");
  if (o.format == "json") {
    boost::json::array arr;
    for (const auto& w : *waivers)
      arr.push_back(boost::json::object{
          {"table", w.table},
          {"rule", w.rule},
          {"reason", w.reason},
          {"expires", w.expires.empty() ? boost::json::value(nullptr) : boost::json::value(w.expires)},
          {"created_by", w.created_by},
          {"created_at", w.created_at},
          {"expired", w.expired}});
    std::fputs(
        (boost::json::serialize(boost::json::object{{"database", db.dbname()}, {"waivers", arr}}) + "\n").c_str(),
        stdout);
    return kExitOk;
  }
  if (waivers->empty()) {
    std::printf("no waivers in database \"%s\"\n", db.dbname().c_str());
    return kExitOk;
  }
  for (const auto& w : *waivers) {
    std::string expiry =
        w.expires.empty() ? "no expiry" : (w.expired ? console.red("expired " + w.expires) : "expires " + w.expires);
    std::printf("%s\n", fmt::format("{}  {:<13} {}  ({}, by {} on {})", console.bold(w.table), w.rule, w.reason, expiry,
                                    w.created_by, w.created_at)
                            .c_str());
  }
  return kExitOk;
}

}  // namespace sg::commands

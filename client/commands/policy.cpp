// policy export|apply|diff: the rules' severities and parameters as a JSON file kept in git
// (docs/client.md, "Policy"). The rules and parameters are the extension's; the file is the whole
// policy (a rule or parameter it leaves out is at its V1 default).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "db/connection.hpp"
#include "policy/policy.hpp"
#include "policy/store.hpp"

namespace sg::commands {

namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

int policy_export(const GlobalOptions& g, const PolicyOptions& o, db::Database& db) {
  auto console = Console::detect(g.quiet, g.verbose);
  std::string text;
  {
    pqxx::read_transaction tx(db.conn());
    auto catalog = policy::load_catalog(tx);
    text = policy::render_policy(policy::load_policy(tx, catalog));
  }
  if (o.output.empty()) {
    std::fputs(text.c_str(), stdout);
    return kExitOk;
  }
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text) || !out.flush())
    throw Error(kExitError, "cannot write " + o.output + ": " + std::strerror(errno));
  console.info("policy of " + db.describe() + " written to " + o.output);
  return kExitOk;
}

int policy_apply(const GlobalOptions& g, const PolicyOptions& o, db::Database& db, const std::string& text) {
  auto console = Console::detect(g.quiet, g.verbose);
  pqxx::work tx(db.conn(), "schemaguard_policy");
  std::vector<policy::Finding> before;
  if (o.dry_run) before = policy::load_open_findings(tx);
  auto st = policy::stage_policy(tx, text, o.file);
  if (o.dry_run) {
    auto delta = policy::compare_findings(before, policy::load_open_findings(tx));
    tx.abort();
    std::printf("dry run of %s on %s (rolled back, nothing applied): %s\n", o.file.c_str(), db.describe().c_str(),
                st.changes.empty() ? "no change" : plural(st.changes.size(), "change", "changes").c_str());
    for (const auto& c : st.changes) std::printf("  %s\n", c.line().c_str());
    std::printf("would newly flag %s%s\n", plural(delta.flagged.size(), "violation", "violations").c_str(),
                delta.flagged.empty() ? "" : ":");
    for (const auto& f : delta.flagged) std::printf("  %s\n", f.line().c_str());
    std::printf("would clear %s%s\n", plural(delta.cleared.size(), "violation", "violations").c_str(),
                delta.cleared.empty() ? "" : ":");
    for (const auto& f : delta.cleared) std::printf("  %s\n", f.line().c_str());
    return kExitOk;
  }
  tx.commit();
  if (st.changes.empty()) {
    console.info(fmt::format("{}: no change, {} already has this policy", o.file, db.describe()));
    return kExitOk;
  }
  console.info(
      fmt::format("{} applied to {}: {}", o.file, db.describe(), plural(st.changes.size(), "change", "changes")));
  for (const auto& c : st.changes) console.info("  " + c.line());
  return kExitOk;
}

// The differences database -> file: what `apply` would change. The extension normalises the
// file's values (in a transaction rolled back at once); a role that may not set parameters gets
// a comparison of the file's text with the stored values instead.
int policy_diff(const GlobalOptions& g, const PolicyOptions& o, db::Database& db, const std::string& text) {
  auto console = Console::detect(g.quiet, g.verbose);
  std::vector<policy::Change> changes;
  bool as_text = false;
  try {
    pqxx::work tx(db.conn(), "schemaguard_policy_diff");
    changes = policy::stage_policy(tx, text, o.file).changes;
    tx.abort();
  } catch (const policy::Refused& e) {
    if (!e.privilege) throw;
    as_text = true;
  }
  if (as_text) {
    pqxx::read_transaction tx(db.conn());
    auto catalog = policy::load_catalog(tx);
    policy::Policy file;
    try {
      file = policy::parse_policy(text, catalog);
    } catch (const InputError& e) {
      throw InputError(o.file + ": " + e.what());
    }
    changes = policy::diff_policies(policy::load_policy(tx, catalog), file, catalog);
  }
  if (changes.empty()) {
    console.info(fmt::format("no difference: {} has the policy of {}", db.describe(), o.file));
    return kExitOk;
  }
  for (const auto& c : changes) std::printf("%s\n", c.line().c_str());
  if (as_text)
    console.warn(
        "note: values compared as written (only a superuser can have the extension normalise them, "
        "e.g. schema-qualify function names as policy export writes them)");
  return kExitFailed;
}

}  // namespace

int run_policy(const GlobalOptions& g, const PolicyOptions& o) {
  std::string text;
  if (o.command != "export") text = policy::read_policy_file(o.file);  // before connecting: a bad path is exit 2
  db::Database db(db::resolve_conninfo(g.dsn));
  policy::require_policy_support(db);
  if (o.command == "export") return policy_export(g, o, db);
  if (o.command == "apply") return policy_apply(g, o, db, text);
  return policy_diff(g, o, db, text);
}

}  // namespace sg::commands

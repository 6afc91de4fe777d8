// schemaguard command-line client: CLI11 wiring only; the work is in commands/.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>

#include "commands/commands.hpp"

using namespace sg;
using namespace sg::commands;

int main(int argc, char** argv) {
  CLI::App app{"schemaguard: apply migrations and keep PostgreSQL true to the V1 schema invariants", "schemaguard"};
  app.set_version_flag("--version", SCHEMAGUARD_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // --dsn, -q, -v also after the command name
  app.footer(
      "Connection: --dsn, else DATABASE_URL, else the PG* environment variables (as libpq).\n"
      "Exit codes: 0 success/compliant, 1 violations or a failed migration, 2 usage, input, connection or internal "
      "error.");

  GlobalOptions g;
  app.add_option("--dsn", g.dsn, "connection string or URL (default: DATABASE_URL, then PG* variables)");
  app.add_flag("-q,--quiet", g.quiet, "print only errors and requested output");
  app.add_flag("-v,--verbose", g.verbose, "print more detail on stderr");

  const std::string dir_help = "directory of <version>_<name>.sql files";

  MigrateOptions mig;
  auto* migrate =
      app.add_subcommand("migrate", "apply pending migration files in version order, each in its own transaction");
  migrate->add_option("-d,--dir", mig.dir, dir_help)->capture_default_str();
  migrate->add_flag("--dry-run", mig.dry_run, "run every pending file in one transaction, check it, and roll back");
  migrate->add_option("--target", mig.target, "apply pending versions up to and including VERSION");
  migrate->add_flag("--allow-out-of-order", mig.allow_out_of_order,
                    "apply pending files older than the newest applied one");
  migrate->add_option("--lock-timeout", mig.lock_timeout_s, "seconds to wait for another migrator (default 60)")
      ->capture_default_str()
      ->check(CLI::Validator([](std::string& v) { return check_seconds(v); }, "SECONDS"));
  migrate->add_option("--accept-changed", mig.accept_changed,
                      "accept the new content of an applied file (VERSION; repeatable)");

  StatusOptions st;
  auto* status = app.add_subcommand("status", "list applied, pending, changed, missing and out-of-order migrations");
  status->add_option("-d,--dir", st.dir, dir_help)->capture_default_str();
  status->add_option("-f,--format", st.format, "text or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));

  VerifyOptions ver;
  auto* verify = app.add_subcommand("verify", "apply every migration to a scratch database in enforce mode and report");
  verify->add_option("-d,--dir", ver.dir, dir_help)->capture_default_str();
  verify->add_flag("--keep", ver.keep, "keep the scratch database (for debugging)");
  verify->add_option("--policy", ver.policy, "apply this policy file to the scratch database before the migrations");

  CheckOptions chk;
  auto* check = app.add_subcommand("check", "print violations of the V1 invariants");
  check->add_option("-f,--format", chk.format, "text, json, markdown, sarif, junit or github")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "markdown", "sarif", "junit", "github"}));
  check->add_option("--fail-on", chk.fail_on, "exit 1 on open violations of this severity: error, warning, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"error", "warning", "never"}));
  check->add_option("-d,--dir", chk.dir, "migrations directory, to point findings at the file creating the table");
  check->add_flag("--all", chk.all, "also list waived and baselined findings");

  ReportOptions rep;
  auto* report = app.add_subcommand("report", "write the Markdown compliance report");
  report->add_option("-o,--output", rep.output, "write to FILE instead of stdout");
  report->add_option("--fail-on", rep.fail_on, "exit 1 on open violations of this severity: error, warning, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"error", "warning", "never"}));

  BaselineOptions base;
  auto* baseline =
      app.add_subcommand("baseline", "adopt an existing database: mark versions applied, grandfather violations");
  baseline->add_option("-d,--dir", base.dir, dir_help)->capture_default_str();
  baseline->add_option("--version", base.version,
                       "mark files up to and including VERSION as applied without running them");
  baseline->add_flag("--violations", base.violations,
                     "record every current violation as baselined (schemaguard.baseline())");

  WaiveOptions wv;
  auto* waive = app.add_subcommand("waive", "waive a rule for a table, with a reason (documented technical debt)");
  waive->add_option("table", wv.table, "table, e.g. public.users")->required();
  waive->add_option("rule", wv.rule, "rule, e.g. soft_delete")->required();
  waive->add_option("-r,--reason", wv.reason, "why (required unless --remove)");
  waive->add_option("--expires", wv.expires, "timestamp after which the waiver no longer applies");
  waive->add_flag("--remove", wv.remove, "remove the waiver instead (schemaguard.unwaive)");

  WaiversOptions wl;
  auto* waivers = app.add_subcommand("waivers", "list waivers");
  waivers->add_option("-f,--format", wl.format, "text or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));

  ExplainOptions ex;
  auto* explain =
      app.add_subcommand("explain", "what a rule requires and why, its severity, an example, how to waive it");
  explain->add_option("rule", ex.rule, "rule, e.g. index_naming")->required();

  PolicyOptions pol;
  auto* policy = app.add_subcommand("policy", "the rules' severities and parameters as a JSON file kept in git");
  policy->require_subcommand(1);
  policy->footer(
      "The file is the whole policy: a rule or parameter it leaves out is at its V1 default. "
      "See docs/client.md, Policy.");
  auto* policy_export = policy->add_subcommand(
      "export", "print the database's policy as JSON: every rule, its severity, the parameters set");
  policy_export->add_option("-o,--output", pol.output, "write to FILE instead of stdout");
  auto* policy_apply =
      policy->add_subcommand("apply", "make the file's policy the database's, in one transaction; print what changed");
  policy_apply->add_option("file", pol.file, "policy file (- for stdin)")->required();
  policy_apply->add_flag(
      "--dry-run", pol.dry_run,
      "apply, list what would change and the violations it would newly flag or clear, and roll back");
  auto* policy_diff =
      policy->add_subcommand("diff", "list the differences between the database's policy and the file (exit 1 if any)");
  policy_diff->add_option("file", pol.file, "policy file (- for stdin)")->required();

  FleetOptions fl;
  auto* fleet = app.add_subcommand("fleet", "check, report, status or migrate many databases in one command");
  fleet->require_subcommand(1);
  fleet->footer(
      "Targets: --targets FILE (one \"NAME [k=v,...] DSN\" a line, or JSON) and/or --all-databases (every database of "
      "the --dsn server that allows connections, templates excluded).\n"
      "One row per database; the exit code is the worst row's (0 ok, 1 violations/drift/failed migration, 2 could "
      "not check). See docs/client.md, Fleet.");
  const std::string formats = "text, json, markdown, sarif or junit";
  auto fleet_common = [&](CLI::App* sub, bool findings) {
    sub->add_option("--targets", fl.targets_files,
                    "file of named connection strings with optional labels (repeatable)");
    sub->add_flag("--all-databases", fl.all_databases,
                  "every database of the --dsn server that allows connections (templates excluded)");
    sub->add_option("--label", fl.labels, "only targets carrying label KEY=VALUE (repeatable: all must match)");
    sub->add_option("--exclude", fl.excludes, "leave out targets whose name matches GLOB (repeatable)");
    sub->add_option("-j,--jobs", fl.jobs, "databases worked on at once; one connection each")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    sub->add_option("--connect-timeout", fl.connect_timeout_s,
                    "seconds to wait for each connection (libpq: at least 2)")
        ->capture_default_str()
        ->check(CLI::Validator([](std::string& v) { return check_seconds(v); }, "SECONDS"));
    sub->add_option("--statement-timeout", fl.statement_timeout_s,
                    findings ? "seconds a query may run in each database (default 60; 0: no limit)"
                             : "seconds a statement may run in each database (default: no limit)")
        ->check(CLI::Validator([](std::string& v) { return check_seconds(v); }, "SECONDS"));
    sub->add_option("-f,--format", fl.format, formats)
        ->check(CLI::IsMember({"text", "json", "markdown", "sarif", "junit"}));
    sub->add_option("-o,--output", fl.output, "write the result to FILE instead of stdout");
  };
  auto* fleet_check =
      fleet->add_subcommand("check", "violations per database and rule, configuration fingerprints, fleet verdict");
  fleet_common(fleet_check, true);
  fleet_check->add_option("--fail-on", fl.fail_on, "a database fails on open violations of: error, warning, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"error", "warning", "never"}));
  fleet_check->add_option("-d,--dir", fl.dir, "migrations directory: pending/changed/missing files per database");
  auto* fleet_report = fleet->add_subcommand("report", "the compliance report of the fleet (Markdown by default)");
  fleet_common(fleet_report, true);
  fleet_report->add_option("--fail-on", fl.fail_on, "a database fails on open violations of: error, warning, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"error", "warning", "never"}));
  fleet_report->add_option("-d,--dir", fl.dir, "migrations directory: pending/changed/missing files per database");
  auto* fleet_status =
      fleet->add_subcommand("status", "extension, mode, migration head and pending/changed/missing per database");
  fleet_common(fleet_status, true);
  fleet_status->add_option("-d,--dir", fl.dir, dir_help + " (default migrations)");
  auto* fleet_migrate = fleet->add_subcommand("migrate", "migrate the fleet: canary group first, then waves");
  fleet_common(fleet_migrate, false);
  fleet_migrate->add_option("-d,--dir", fl.dir, dir_help + " (default migrations)");
  fleet_migrate->add_option("--canary", fl.canary,
                            "migrate target NAME, or the targets labelled KEY=VALUE, first (repeatable)");
  fleet_migrate
      ->add_option("--wave-size", fl.wave_size, "databases per wave after the canary (default: all in one wave)")
      ->check(CLI::NonNegativeNumber);
  fleet_migrate->add_flag("--continue-on-error", fl.continue_on_error,
                          "go on after a failed database (a failed canary still stops the rollout)");
  fleet_migrate->add_flag("--dry-run", fl.migrate.dry_run,
                          "run each database's pending files in a rolled-back transaction");
  fleet_migrate->add_option("--target", fl.migrate.target, "apply pending versions up to and including VERSION");
  fleet_migrate->add_flag("--allow-out-of-order", fl.migrate.allow_out_of_order,
                          "apply pending files older than the newest applied one");
  fleet_migrate
      ->add_option("--lock-timeout", fl.migrate.lock_timeout_s, "seconds to wait for another migrator, per database")
      ->capture_default_str()
      ->check(CLI::Validator([](std::string& v) { return check_seconds(v); }, "SECONDS"));
  fleet_migrate->add_option("--accept-changed", fl.migrate.accept_changed,
                            "accept the new content of an applied file (VERSION; repeatable)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitError;
  }

  try {
    if (*migrate) return run_migrate(g, mig);
    if (*status) return run_status(g, st);
    if (*verify) return run_verify(g, ver);
    if (*check) return run_check(g, chk);
    if (*report) return run_report(g, rep);
    if (*baseline) return run_baseline(g, base);
    if (*waive) return run_waive(g, wv);
    if (*waivers) return run_waivers(g, wl);
    if (*explain) return run_explain(g, ex);
    if (*policy) {
      pol.command = *policy_export ? "export" : *policy_apply ? "apply" : "diff";
      return run_policy(g, pol);
    }

    if (*fleet) {
      fl.command = *fleet_check ? "check" : *fleet_report ? "report" : *fleet_status ? "status" : "migrate";
      return run_fleet(g, fl);
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "schemaguard: %s\n", e.what());
    return e.exit_code;
  } catch (const pqxx::broken_connection& e) {
    std::fprintf(stderr, "schemaguard: connection lost: %s\n", e.what());
    return kExitError;
  } catch (const pqxx::sql_error& e) {
    std::string msg = e.what();
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    std::fprintf(stderr, "schemaguard: %s\n", msg.c_str());
    return kExitError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "schemaguard: internal error: %s\n", e.what());
    return kExitError;
  }
  return kExitError;
}

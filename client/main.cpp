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
        "Exit codes: 0 success/compliant, 1 violations or a failed migration, 2 usage, input, connection or internal error.");

    GlobalOptions g;
    app.add_option("--dsn", g.dsn, "connection string or URL (default: DATABASE_URL, then PG* variables)");
    app.add_flag("-q,--quiet", g.quiet, "print only errors and requested output");
    app.add_flag("-v,--verbose", g.verbose, "print more detail on stderr");

    const std::string dir_help = "directory of <version>_<name>.sql files";

    MigrateOptions mig;
    auto* migrate = app.add_subcommand("migrate", "apply pending migration files in version order, each in its own transaction");
    migrate->add_option("-d,--dir", mig.dir, dir_help)->capture_default_str();
    migrate->add_flag("--dry-run", mig.dry_run, "run every pending file in one transaction, check it, and roll back");
    migrate->add_option("--target", mig.target, "apply pending versions up to and including VERSION");
    migrate->add_flag("--allow-out-of-order", mig.allow_out_of_order, "apply pending files older than the newest applied one");
    migrate->add_option("--lock-timeout", mig.lock_timeout_s, "seconds to wait for another migrator (default 60)")->capture_default_str()
        ->check(CLI::Validator([](std::string& v) { return check_seconds(v); }, "SECONDS"));
    migrate->add_option("--accept-changed", mig.accept_changed,
                        "accept the new content of an applied file (VERSION; repeatable)");

    StatusOptions st;
    auto* status = app.add_subcommand("status", "list applied, pending, changed, missing and out-of-order migrations");
    status->add_option("-d,--dir", st.dir, dir_help)->capture_default_str();
    status->add_option("-f,--format", st.format, "text or json")->capture_default_str()->check(CLI::IsMember({"text", "json"}));

    VerifyOptions ver;
    auto* verify = app.add_subcommand("verify", "apply every migration to a scratch database in enforce mode and report");
    verify->add_option("-d,--dir", ver.dir, dir_help)->capture_default_str();
    verify->add_flag("--keep", ver.keep, "keep the scratch database (for debugging)");

    CheckOptions chk;
    auto* check = app.add_subcommand("check", "print violations of the V1 invariants");
    check->add_option("-f,--format", chk.format, "text, json, markdown, sarif, junit or github")->capture_default_str()
        ->check(CLI::IsMember({"text", "json", "markdown", "sarif", "junit", "github"}));
    check->add_option("--fail-on", chk.fail_on, "exit 1 on open violations of this severity: error, warning, never")->capture_default_str()
        ->check(CLI::IsMember({"error", "warning", "never"}));
    check->add_option("-d,--dir", chk.dir, "migrations directory, to point findings at the file creating the table");
    check->add_flag("--all", chk.all, "also list waived and baselined findings");

    ReportOptions rep;
    auto* report = app.add_subcommand("report", "write the Markdown compliance report");
    report->add_option("-o,--output", rep.output, "write to FILE instead of stdout");
    report->add_option("--fail-on", rep.fail_on, "exit 1 on open violations of this severity: error, warning, never")->capture_default_str()
        ->check(CLI::IsMember({"error", "warning", "never"}));

    BaselineOptions base;
    auto* baseline = app.add_subcommand("baseline", "adopt an existing database: mark versions applied, grandfather violations");
    baseline->add_option("-d,--dir", base.dir, dir_help)->capture_default_str();
    baseline->add_option("--version", base.version, "mark files up to and including VERSION as applied without running them");
    baseline->add_flag("--violations", base.violations, "record every current violation as baselined (schemaguard.baseline())");

    WaiveOptions wv;
    auto* waive = app.add_subcommand("waive", "waive a rule for a table, with a reason (documented technical debt)");
    waive->add_option("table", wv.table, "table, e.g. public.users")->required();
    waive->add_option("rule", wv.rule, "rule, e.g. soft_delete")->required();
    waive->add_option("-r,--reason", wv.reason, "why (required unless --remove)");
    waive->add_option("--expires", wv.expires, "timestamp after which the waiver no longer applies");
    waive->add_flag("--remove", wv.remove, "remove the waiver instead (schemaguard.unwaive)");

    WaiversOptions wl;
    auto* waivers = app.add_subcommand("waivers", "list waivers");
    waivers->add_option("-f,--format", wl.format, "text or json")->capture_default_str()->check(CLI::IsMember({"text", "json"}));

    ExplainOptions ex;
    auto* explain = app.add_subcommand("explain", "what a rule requires and why, its severity, an example, how to waive it");
    explain->add_option("rule", ex.rule, "rule, e.g. index_naming")->required();

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

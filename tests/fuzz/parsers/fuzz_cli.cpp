// Command-line parsing: the client's real main() (client/main.cpp, CLI11 wiring) with the
// commands replaced by stubs that check the options they are handed.
// Input: the arguments, separated by '\0' (argv[0] is "schemaguard").
// Properties: main returns 0 (help, version, or a command ran) or 2 (usage error), never anything
// else and never crashes; at most one command runs; every option value a command receives is one
// it can use: formats and --fail-on from their documented sets (parse_fail_on accepts them), a
// --lock-timeout that lock_timeout_ms turns into a sane number of milliseconds or refuses (NaN);
// fleet: a known command, --jobs in 1..1024, non-negative timeouts.
// CLI11's help and usage messages (std::cout, std::cerr) go to /dev/null.
#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>

#include "fuzz_common.hpp"
#include "output/report.hpp"

#define main schemaguard_main
#include "../../../client/main.cpp"
#undef main

namespace {
int g_runs = 0;

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

void check_fail_on(const std::string& v) {
  FUZZ_ASSERT(one_of(v, {"error", "warning", "never"}), "--fail-on \"%s\"", fuzz::printable(v).c_str());
  (void)sg::output::parse_fail_on(v);
}
}  // namespace

namespace sg::commands {
int run_migrate(const GlobalOptions&, const MigrateOptions& o) {
  ++g_runs;
  // what migrate_database does with it: a usable duration, or a usage error (InputError, exit 2)
  double s = o.lock_timeout_s;
  try {
    auto ms = sg::commands::lock_timeout_ms(s);
    FUZZ_ASSERT(s >= 0 && ms.count() >= 0 && ms.count() <= (long long)1e12, "--lock-timeout %g gives %lld ms", s,
                (long long)ms.count());
    FUZZ_ASSERT(s > 1e9 || std::llabs(ms.count() - (long long)(s * 1000)) <= 1, "--lock-timeout %g gives %lld ms", s,
                (long long)ms.count());
  } catch (const sg::InputError&) {
    FUZZ_ASSERT(!(s >= 0), "--lock-timeout %g refused", s);
  }
  return 0;
}
int run_status(const GlobalOptions&, const StatusOptions& o) {
  ++g_runs;
  FUZZ_ASSERT(one_of(o.format, {"text", "json"}), "status --format \"%s\"", fuzz::printable(o.format).c_str());
  return 0;
}
int run_verify(const GlobalOptions&, const VerifyOptions&) {
  ++g_runs;
  return 0;
}
int run_check(const GlobalOptions&, const CheckOptions& o) {
  ++g_runs;
  FUZZ_ASSERT(one_of(o.format, {"text", "json", "markdown", "sarif", "junit", "github"}), "check --format \"%s\"",
              fuzz::printable(o.format).c_str());
  check_fail_on(o.fail_on);
  return 0;
}
int run_report(const GlobalOptions&, const ReportOptions& o) {
  ++g_runs;
  check_fail_on(o.fail_on);
  return 0;
}
int run_baseline(const GlobalOptions&, const BaselineOptions&) {
  ++g_runs;
  return 0;
}
int run_waive(const GlobalOptions&, const WaiveOptions&) {
  ++g_runs;
  return 0;
}
int run_waivers(const GlobalOptions&, const WaiversOptions& o) {
  ++g_runs;
  FUZZ_ASSERT(one_of(o.format, {"text", "json"}), "waivers --format \"%s\"", fuzz::printable(o.format).c_str());
  return 0;
}
int run_explain(const GlobalOptions&, const ExplainOptions&) {
  ++g_runs;
  return 0;
}
int run_fleet(const GlobalOptions&, const FleetOptions& o) {
  ++g_runs;
  FUZZ_ASSERT(one_of(o.command, {"check", "report", "status", "migrate"}), "fleet command \"%s\"",
              fuzz::printable(o.command).c_str());
  FUZZ_ASSERT(o.format.empty() || one_of(o.format, {"text", "json", "markdown", "sarif", "junit"}),
              "fleet --format \"%s\"", fuzz::printable(o.format).c_str());
  FUZZ_ASSERT(o.jobs >= 1 && o.jobs <= 1024, "fleet --jobs %d", o.jobs);
  FUZZ_ASSERT(o.connect_timeout_s >= 0, "fleet --connect-timeout %g", o.connect_timeout_s);
  FUZZ_ASSERT(o.statement_timeout_s == -1 || o.statement_timeout_s >= 0, "fleet --statement-timeout %g",
              o.statement_timeout_s);
  check_fail_on(o.fail_on);
  return 0;
}
int run_policy(const GlobalOptions&, const PolicyOptions& o) {
  ++g_runs;
  FUZZ_ASSERT(one_of(o.command, {"export", "apply", "diff"}), "policy command \"%s\"",
              fuzz::printable(o.command).c_str());
  FUZZ_ASSERT(o.command == "export" || !o.file.empty(), "policy %s without a file", o.command.c_str());
  FUZZ_ASSERT(!o.dry_run || o.command == "apply", "policy %s --dry-run", o.command.c_str());
  return 0;
}
}  // namespace sg::commands

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static std::ofstream null("/dev/null");
  std::cout.rdbuf(null.rdbuf());
  std::cerr.rdbuf(null.rdbuf());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto args = fuzz::split(std::string_view((const char*)data, size), '\0', 24);
  std::vector<char*> argv;
  std::string prog = "schemaguard";
  argv.push_back(prog.data());
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  g_runs = 0;
  int rc = schemaguard_main((int)argv.size() - 1, argv.data());
  FUZZ_ASSERT(rc == 0 || rc == 2, "exit code %d", rc);
  FUZZ_ASSERT(g_runs <= 1, "%d commands ran", g_runs);
  if (g_runs == 1) FUZZ_ASSERT(rc == 0, "a command ran but main returned %d", rc);
  return 0;
}

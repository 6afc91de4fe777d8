// One entry point per command; main.cpp only wires CLI11 options to these structs.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/common.hpp"

namespace sg::commands {

struct GlobalOptions {
  std::string dsn;
  bool quiet = false;
  bool verbose = false;
};

struct MigrateOptions {
  std::string dir = "migrations";
  bool dry_run = false;
  std::string target;
  bool allow_out_of_order = false;
  double lock_timeout_s = 60;
  std::vector<std::string> accept_changed;
};

// --lock-timeout in milliseconds. NaN (which CLI11's non-negative check lets through) and negative
// values are refused; more than 1e9 s (about 30 years: "forever") is capped, since converting it to
// integer milliseconds would overflow.
inline std::chrono::milliseconds lock_timeout_ms(double seconds) {
  if (!(seconds >= 0)) throw InputError("--lock-timeout must be a non-negative number of seconds");
  return std::chrono::milliseconds((long long)(std::min(seconds, 1e9) * 1000));
}

// CLI11 check of the --lock-timeout text: "" when it is a non-negative number of seconds, else
// the message. CLI11's NonNegativeNumber said "Value 2s not in range 0.000000 to 1797693...".
inline std::string check_seconds(const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0' || !(v >= 0))
    return "expects a non-negative number of seconds without a unit (e.g. 2 or 0.5), got \"" + text + "\"";
  return "";
}

struct StatusOptions {
  std::string dir = "migrations";
  std::string format = "text";
};

struct VerifyOptions {
  std::string dir = "migrations";
  bool keep = false;   // keep the scratch database (debugging)
  std::string policy;  // policy file applied to the scratch database before the migrations
};

struct CheckOptions {
  std::string format = "text";
  std::string fail_on = "error";
  std::string dir;   // optional: map tables to the migration file that creates them
  bool all = false;  // include waived and baselined findings in text/markdown
};

struct ReportOptions {
  std::string output;  // file; empty = stdout
  std::string fail_on = "error";
};

struct BaselineOptions {
  std::string dir = "migrations";
  std::string version;
  bool violations = false;
};

struct WaiveOptions {
  std::string table;
  std::string rule;
  std::string reason;
  std::string expires;
  bool remove = false;
};

struct WaiversOptions {
  std::string format = "text";
};

// `fleet check|report|status|migrate`: many databases in one command (docs/client.md, "Fleet").
struct FleetOptions {
  std::string command;                     // check | report | status | migrate
  std::vector<std::string> targets_files;  // --targets FILE (repeatable)
  bool all_databases = false;              // every database of the --dsn server
  std::vector<std::string> labels;         // --label k=v: targets carrying all of them
  std::vector<std::string> excludes;       // --exclude GLOB on target names
  int jobs = 4;
  double connect_timeout_s = 10;
  double statement_timeout_s = -1;  // -1: the command's default (60 s; migrate: none)
  std::string format;               // "" = the command's default (text; report: markdown)
  std::string output;               // -o FILE
  std::string fail_on = "error";
  std::string dir;  // status: default "migrations"; migrate: default "migrations"
  // migrate
  std::vector<std::string> canary;
  size_t wave_size = 0;
  bool continue_on_error = false;
  MigrateOptions migrate;
};
int run_fleet(const GlobalOptions& g, const FleetOptions& o);

int run_migrate(const GlobalOptions& g, const MigrateOptions& o);
int run_status(const GlobalOptions& g, const StatusOptions& o);
int run_verify(const GlobalOptions& g, const VerifyOptions& o);
int run_check(const GlobalOptions& g, const CheckOptions& o);
int run_report(const GlobalOptions& g, const ReportOptions& o);
int run_baseline(const GlobalOptions& g, const BaselineOptions& o);
int run_waive(const GlobalOptions& g, const WaiveOptions& o);
int run_waivers(const GlobalOptions& g, const WaiversOptions& o);

struct ExplainOptions {
  std::string rule;
};
int run_explain(const GlobalOptions& g, const ExplainOptions& o);

// `policy export|apply|diff` (docs/client.md, "Policy").
struct PolicyOptions {
  std::string command;   // export | apply | diff
  std::string file;      // apply, diff: the policy file ("-": stdin)
  std::string output;    // export -o FILE; empty = stdout
  bool dry_run = false;  // apply --dry-run
};
int run_policy(const GlobalOptions& g, const PolicyOptions& o);

}  // namespace sg::commands

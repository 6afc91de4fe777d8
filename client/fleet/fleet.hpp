// The fleet's one result value (a row per database) and the pure logic around it: stage planning
// for migrate, configuration fingerprints, outliers, the fleet verdict and exit code.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fleet/targets.hpp"
#include "output/report.hpp"

namespace sg::fleet {

// What became of one database. Ordered from good to bad only where exit codes are concerned.
enum class Status {
  ok,            // inspected (check: no failing violation; migrate: done or up to date)
  violations,    // check/report: open violations failing under --fail-on
  drift,         // --dir: applied files were changed since (migrate would stop there)
  failed,        // migrate: a file was rejected or failed, or migrate stopped (drift, lock, ...)
  no_extension,  // connected, but schemaguard is not installed there
  unauthorized,  // the server refused the login (password, pg_hba.conf, CONNECT privilege)
  unreachable,   // no connection (host, port, socket, timeout, database does not exist)
  refused,       // migrate: behind a transaction-mode pooler (session advisory locks would not hold)
  error,         // any other error (statement timeout, missing privilege, ...)
  skipped,       // migrate: not run, the rollout stopped before its stage
  interrupted,   // Ctrl-C/SIGTERM while it ran
  not_started,   // Ctrl-C/SIGTERM before it started
};
const char* to_string(Status s);
// 0, 1 or 2 as the single-database command would exit for this row.
int exit_code_of(Status s);

struct RuleCounts {
  std::string rule;
  std::string severity;  // effective severity in this database
  std::string description;
  long open = 0, waived = 0, baselined = 0;
};

// The configuration that decides verdicts, in canonical order (fingerprinted).
struct ConfigSnapshot {
  std::vector<std::pair<std::string, std::string>> severities;  // rule -> severity
  std::vector<std::pair<std::string, std::string>> classes;     // table -> class
  std::vector<std::pair<std::string, std::string>> patterns;    // pattern -> class, by position
  std::vector<std::string> waivers;                             // "table rule [expires]"
};
// 12 hex digits of the SHA-256 of the canonical text of the snapshot.
std::string fingerprint(const ConfigSnapshot& c);
std::string canonical_text(const ConfigSnapshot& c);

struct MigrationState {
  long applied = 0;
  std::string head;  // highest applied version; empty when none
  std::string head_name;
  bool have_dir = false;  // pending/changed/missing/out_of_order are counted against --dir
  long pending = 0, changed = 0, missing = 0, out_of_order = 0;
};

struct MigrateOutcome {
  std::string stage;   // "canary", "wave 1", ...
  std::string result;  // applied | up_to_date | would_apply | failed | skipped | interrupted | not_started
  long applied = 0;    // files applied in this run (dry run: files that would apply)
  std::string failed_file;
};

struct Row {
  Target target;
  std::string server;  // host:port as libpq resolved it ("" before connecting)
  std::string database;
  Status status = Status::not_started;
  std::string reason;                            // why the row is not ok, for people
  std::optional<std::string> extension_version;  // nullopt: not installed (or unknown)
  std::string mode;
  long tables = 0;
  std::vector<RuleCounts> rules;  // server order
  std::optional<MigrationState> migrations;
  std::string fingerprint;                // empty when unknown
  bool outlier = false;                   // fingerprint differs from the fleet's most common one
  std::vector<output::Finding> findings;  // check/report: every status
  std::optional<MigrateOutcome> migrate;
  long duration_ms = 0;
};

struct FleetResult {
  std::string command;       // check | report | status | migrate
  std::string generated_at;  // "2026-11-30 01:50 UTC" (the client's clock), empty when unknown
  output::FailOn fail_on = output::FailOn::error;
  bool dry_run = false;
  std::vector<std::string> rules;  // the union of the rows' rules, server order
  std::vector<Row> rows;           // targets order
  bool interrupted = false;
  std::string stopped_reason;  // migrate: why later stages did not run
};

// Status of a row from its findings under fail_on (ok or violations).
Status check_status(const std::vector<output::Finding>& findings, output::FailOn fail_on);

// Fills FleetResult::rules (order of first appearance, rows with the most rules first) and marks
// fingerprint outliers (rows whose fingerprint is not the most common one; ties: the one first seen).
void finalize(FleetResult& r);
// The fleet's most common fingerprint, and how many rows carry each (descending, then first seen).
std::vector<std::pair<std::string, size_t>> fingerprint_groups(const FleetResult& r);
// Worst exit code over the rows (0, 1 or 2).
int exit_code(const FleetResult& r);
std::map<Status, size_t> count_by_status(const FleetResult& r);
// "compliant" | "compliant_with_warnings" | "not_compliant" | "incomplete" (a row could not be judged)
std::string verdict(const FleetResult& r);

// migrate: the canary group (targets named by a --canary NAME or matching a --canary key=value),
// then the rest in waves of wave_size (0: one wave), targets order. Throws InputError when a
// canary selector matches no target.
struct Stage {
  std::string name;
  std::vector<size_t> targets;  // indices into the targets list
};
std::vector<Stage> plan_stages(const std::vector<Target>& targets, const std::vector<std::string>& canary,
                               size_t wave_size);

}  // namespace sg::fleet

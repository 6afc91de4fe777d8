// The Markdown compliance report of `report`: what a reviewer writes, from the database's own answers.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "output/report.hpp"

namespace sg::output {

struct ComplianceRow {
  std::string rule;
  std::string description;
  std::string severity;
  std::string status;  // compliant | violations | waived
  long tables_checked = 0;
  long violations = 0;
  long waived = 0;
  std::string notes;
};

struct Waiver {
  std::string table;
  std::string rule;
  std::string reason;
  std::string expires;  // empty = never
  std::string created_by;
  std::string created_at;
  bool expired = false;
};

// A table out of scope by configuration (schemaguard.exemptions, 0.4.0).
struct Exemption {
  std::string table;        // schema.table
  std::string exempted_by;  // "preset knex", "pattern legacy.*", "classify"
  std::string granted_by;
  std::string granted_at;
};

// A rule parameter in force (schemaguard.rules, 0.4.0): set by a superuser, else V1.
struct PolicyParameter {
  std::string rule;
  std::string parameter;
  std::vector<std::string> value;
};

struct SchemaCount {
  std::string schema;
  long tables = 0;
};

struct ComplianceReport {
  std::string database;
  std::string generated_at;
  std::string server_version;
  std::string extension_version;
  std::string mode;  // schemaguard.mode
  long migrations_applied = 0;
  std::string latest_version, latest_name, latest_applied_at;
  std::vector<SchemaCount> schemas;
  long tables = 0;
  std::vector<ComplianceRow> invariants;
  CheckReport check;                                   // findings of every status
  std::optional<std::vector<Waiver>> waivers;          // nullopt: the extension has no waivers
  std::optional<std::vector<Exemption>> exemptions;    // nullopt: the extension has no exempt class
  std::optional<std::vector<PolicyParameter>> policy;  // nullopt: the extension has no rule parameters
};

enum class Verdict { compliant, compliant_with_warnings, not_compliant };
Verdict verdict_of(const ComplianceReport& r, FailOn fail_on);

std::string render_compliance_markdown(const ComplianceReport& r, FailOn fail_on);

}  // namespace sg::output

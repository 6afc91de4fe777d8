// Reads the extension's verdicts (violations(), rules, compliance(), waivers) into output values.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "output/compliance.hpp"
#include "output/report.hpp"

namespace sg::db {

// Throws Error(kExitError) when schemaguard.violations() is not there.
void require_checks(Database& db);

output::CheckReport load_check_report(Database& db);
// The rules with their effective severity, in the extension's order (rule_catalog()).
std::vector<output::Rule> load_rules(Database& db);
std::vector<std::string> tables_in_scope(Database& db);

// Points findings at the migration file (and line) whose CREATE TABLE made their table.
void locate_findings(std::vector<output::Finding>& findings, const std::string& dir);

// Full data for `report`.
output::ComplianceReport load_compliance_report(Database& db);

// Waivers; nullopt when this extension version has none (no schemaguard.waivers view).
std::optional<std::vector<output::Waiver>> load_waivers(Database& db);

// Tables out of scope by configuration; nullopt when this extension version has no
// schemaguard.exemptions view (before 0.4.0).
std::optional<std::vector<output::Exemption>> load_exemptions(Database& db);

// The rule parameters set, in the extension's order; nullopt when this extension version has no
// parameters (no "parameters" column in schemaguard.rules, before 0.4.0).
std::optional<std::vector<output::PolicyParameter>> load_policy_parameters(Database& db);

// The message for a missing waiver/baseline function (exit 2).
[[noreturn]] void throw_no_waivers(const std::string& what);
bool is_missing_object(const pqxx::sql_error& e);

}  // namespace sg::db

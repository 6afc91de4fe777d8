// The V1 rules: pure functions from a TableShape to its findings.
// No PostgreSQL headers here or in any rules/*.cpp: they are unit-tested without a server.
#pragma once

#include <string>
#include <vector>

#include "../table_shape.hpp"

namespace schemaguard {

enum class Severity { kOff, kWarning, kError };

using RuleCheck = std::vector<Finding> (*)(const TableShape&);

struct Rule {
  const char* name;
  Severity default_severity;
  const char* description;
  RuleCheck check;
};

std::vector<Finding> check_primary_key(const TableShape& table);
std::vector<Finding> check_timestamps(const TableShape& table);
std::vector<Finding> check_soft_delete(const TableShape& table);
std::vector<Finding> check_fk_on_delete(const TableShape& table);
std::vector<Finding> check_index_naming(const TableShape& table);
std::vector<Finding> check_fk_index(const TableShape& table);

// Every rule, in report order.
const std::vector<Rule>& all_rules();
const Rule* find_rule(const std::string& name);

const char* severity_name(Severity severity);
bool parse_severity(const std::string& text, Severity* out);

// Truncate an identifier as PostgreSQL does (NAMEDATALEN - 1 = 63 bytes),
// never splitting a UTF-8 character.
std::string truncate_identifier(const std::string& name);

}  // namespace schemaguard

// From raw findings to judged violations: table classes, rule severities,
// waivers and the baseline are applied here. Pure C++ over plain values.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/rules.hpp"
#include "table_shape.hpp"

namespace schemaguard {

enum class Status { kOpen, kWaived, kBaselined };
const char* status_name(Status status);

struct Violation {
  std::string rule;
  Severity severity = Severity::kError;
  std::string schema;
  std::string table;
  std::string qualified_table;
  std::string object_name;
  std::string message;
  std::string hint;
  Status status = Status::kOpen;
  // Reported by violations() only: neither blocks nor warns at commit (an INVALID index,
  // which exists as such during every CREATE INDEX CONCURRENTLY).
  bool report_only = false;

  // "rule: table schema.table: message", as in the DETAIL of a rejected commit.
  std::string detail_line() const;
};

// Configuration read from the schemaguard tables (all optional).
struct Config {
  std::map<std::string, Severity> severities;           // rule -> severity override
  std::map<ObjectId, TableClass> classes;               // explicit classifications
  std::vector<std::pair<std::string, TableClass>> class_patterns;  // "schema.table" with '*', in order
  std::set<std::pair<ObjectId, std::string>> waivers;   // (table, rule), unexpired only
  std::set<std::string> baseline;                       // baseline_key() of grandfathered findings

  Severity severity_of(const Rule& rule) const;
  TableClass class_of(const TableShape& table) const;
};

// Identifies one finding across sessions: table OID, rule, object and message.
std::string baseline_key(ObjectId table, const std::string& rule, const std::string& object_name,
                         const std::string& message);

// '*' matches any run of characters; everything else matches itself.
bool pattern_matches(const std::string& pattern, const std::string& text);

// Every violation of one table under the configuration; rules whose severity is off
// produce nothing. The table's class is set from the configuration first.
std::vector<Violation> judge(TableShape& table, const Config& config);

// The error a rejected commit raises. The primary message names the table and rules
// (one table) or the count of tables and violations per rule, since many clients show
// nothing else; DETAIL has one line per violation and HINT one per distinct fix, each
// capped at max_lines and then pointing at schemaguard.violations().
struct Rejection {
  std::string message;
  std::string detail;
  std::string hint;
};
constexpr std::size_t kRejectionLines = 20;
Rejection describe_rejection(const std::vector<Violation>& violations, std::size_t max_lines);

}  // namespace schemaguard

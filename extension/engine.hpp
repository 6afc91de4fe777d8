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
const char* class_name(TableClass table_class);

struct Violation {
  std::string rule;
  Severity severity = Severity::kError;
  std::string schema;
  std::string table;
  std::string qualified_table;
  std::string object_name;
  std::string message;
  std::string hint;
  std::string identity;  // Finding::identity
  Status status = Status::kOpen;
  // Reported by violations() only: neither blocks nor warns at commit (an INVALID index,
  // which exists as such during every CREATE INDEX CONCURRENTLY).
  bool report_only = false;

  // "rule: table schema.table: message", as in the DETAIL of a rejected commit.
  std::string detail_line() const;
};

// A preset a superuser enabled (schemaguard.preset_entries): its tables in that schema are exempt.
struct EnabledPreset {
  std::string name;
  std::string schema;
};

// A detached partition (schemaguard.former_partitions): primary_key still accepts its
// former parent's partition key columns (by name) in its key, and index_naming does not
// judge the indexes it had when it was detached.
struct FormerPartition {
  std::vector<std::string> key_columns;
  std::set<std::string> index_names;
};

// Where a table's class comes from, for schemaguard.exemptions().
enum class ClassSource { kDefault, kExplicit, kPreset, kPattern };
struct ClassOrigin {
  TableClass table_class = TableClass::kEntity;
  ClassSource source = ClassSource::kDefault;
  std::string name;  // the preset's name or the pattern
};

// Configuration read from the schemaguard tables (all optional).
struct Config {
  std::map<std::string, Severity> severities;                      // rule -> severity override
  std::map<ObjectId, TableClass> classes;                          // explicit classifications
  std::vector<std::pair<std::string, TableClass>> class_patterns;  // "schema.table" with '*', in order
  std::set<std::pair<ObjectId, std::string>> waivers;              // (table, rule), unexpired only
  std::set<std::string> baseline;                                  // baseline_key() of grandfathered findings
  // The baseline was read from a schema before 0.4.0 (no identity column): entries
  // match by table, rule, object and message only, as they did then.
  bool baseline_without_identity = false;
  std::vector<EnabledPreset> presets;                     // enabled presets, their tables exempt
  std::map<ObjectId, FormerPartition> former_partitions;  // detached partitions
  // Rule parameters (schemaguard.rule_parameters): resolved for the checks, and as
  // stored (names, by rule) for explain() and the rules view. Empty: V1.
  RuleParameters parameters;
  std::map<std::string, ParameterValues> parameter_values;

  Severity severity_of(const Rule& rule) const;
  // Explicit classification > an enabled preset's table > first matching pattern > entity.
  ClassOrigin class_origin(const TableShape& table) const;
  TableClass class_of(const TableShape& table) const;
};

// Identifies one finding across sessions: table OID, rule, object, message and the
// finding's identity (what the object is: for a foreign key its columns, referenced
// table and columns and action), so that another object under the same name with the
// same message is a new finding. The one definition of a baseline entry's key.
std::string baseline_key(ObjectId table, const std::string& rule, const std::string& object_name,
                         const std::string& message, const std::string& identity);

// Whether a rule judges a table: a partition only by the rules that judge partitions.
bool rule_applies(const Rule& rule, const TableShape& table);

// '*' matches any run of characters; everything else matches itself.
bool pattern_matches(const std::string& pattern, const std::string& text);

// A "schema.table" class pattern against a table: the part before the first '.' matches
// the schema and the rest the table name, each on its own, so that a '*' never spans the
// dot (pattern 'sqitch.*' does not match a table in a schema named "sqitch.x").
bool class_pattern_matches(const std::string& pattern, const std::string& schema, const std::string& table);

// The fix hint for a table named like a preset's bookkeeping table: enable the preset
// rather than rewrite a table a tool owns. Empty when no preset names it.
std::string preset_hint(const TableShape& table);

// Every violation of one table under the configuration; rules whose severity is off
// produce nothing, an exempt table nothing at all. The table's class is set from the
// configuration first. Violations of a table named like a tool's bookkeeping table (and
// not classified explicitly) carry preset_hint() instead of DDL that rewrites it.
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

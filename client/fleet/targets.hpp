// Fleet targets: named connection strings with labels, from a file (JSON or lines) and/or every
// database of a server (--all-databases), filtered by labels and names.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace sg::fleet {

struct Target {
  std::string name;                           // unique in the fleet; the database name for --all-databases
  std::string dsn;                            // URL or key=value connection string
  std::map<std::string, std::string> labels;  // e.g. region=eu, tier=gold
};

// A targets file. JSON when its first non-blank character is '[' or '{':
//   {"targets": [{"name": "eu-1", "dsn": "postgresql://...", "labels": {"region": "eu"}}, ...]}
//   (or the bare array). Otherwise one target per line, '#' starts a comment line:
//   NAME [k=v,k=v] DSN...    (the labels in brackets are optional; the DSN is the rest of the line)
// Throws InputError naming `source` and the line (or JSON path) of the first problem.
std::vector<Target> parse_targets(const std::string& text, const std::string& source);

// "k=v" of --label (also used for a canary label); throws InputError on a bad one.
std::pair<std::string, std::string> parse_label(const std::string& text, const std::string& option);

// Whether t carries every label of `filters` (each key=value).
bool matches_labels(const Target& t, const std::vector<std::pair<std::string, std::string>>& filters);

// Shell-style glob (*, ?) as --exclude uses it.
bool glob_match(const std::string& pattern, const std::string& text);

// Adds two targets lists, refusing a name given twice (InputError).
void append_targets(std::vector<Target>& into, std::vector<Target> more, const std::string& source);

// The DSN for messages: the password (URL or key=value) replaced by "***".
std::string redact_dsn(const std::string& dsn);

// The conninfo a fleet job connects with: key=value form, connect_timeout (seconds, when the DSN
// has none; libpq's minimum of 2 applies) and fallback_application_name=schemaguard.
std::string fleet_conninfo(const std::string& dsn, int connect_timeout_s);

}  // namespace sg::fleet

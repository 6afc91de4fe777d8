// The one value every `check` renderer works from, and the renderers (text, JSON, Markdown,
// SARIF 2.1.0, JUnit XML, GitHub workflow commands).
#pragma once
#include <string>
#include <vector>

#include "support/common.hpp"

namespace sg::output {

struct Rule {
  std::string id;
  std::string severity;  // error | warning | off
  std::string description;
};

struct Finding {
  std::string rule;
  std::string severity;  // error | warning
  std::string schema;
  std::string table;
  std::string object;
  std::string message;
  std::string hint;
  std::string status;  // open | waived | baselined
  std::string file;    // migration file creating the table, when known (relative path)
  int line = 0;
  std::string qualified_table() const { return schema + "." + table; }
  bool open() const { return status == "open"; }
};

struct CheckReport {
  std::string tool_version = SCHEMAGUARD_VERSION;
  std::string database;
  std::vector<Rule> rules;
  std::vector<Finding> findings;    // every status
  std::vector<std::string> tables;  // "schema.table" of every table in scope (JUnit test cases)
  bool include_suppressed = false;  // text/markdown: also list waived and baselined findings
};

enum class FailOn { error, warning, never };
FailOn parse_fail_on(const std::string& s);

// Whether an open finding makes the run fail under fail_on.
bool fails(const Finding& f, FailOn fail_on);
// kExitFailed when some open finding fails, else kExitOk.
int exit_code_for(const CheckReport& r, FailOn fail_on);

std::string render_text(const CheckReport& r, const Console& c);
std::string render_json(const CheckReport& r, FailOn fail_on);
std::string render_markdown(const CheckReport& r);
std::string render_sarif(const CheckReport& r);
std::string render_junit(const CheckReport& r, FailOn fail_on);
std::string render_github(const CheckReport& r, FailOn fail_on);

// Escaping helpers (exposed for tests).
std::string xml_escape(const std::string& s);
std::string github_escape_data(const std::string& s);
std::string github_escape_property(const std::string& s);
std::string markdown_cell(const std::string& s);

}  // namespace sg::output

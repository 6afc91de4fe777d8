#include <fmt/format.h>

#include "output/report.hpp"

namespace sg::output {

// GitHub Actions workflow commands: ::error / ::warning annotations, one per open finding.
std::string render_github(const CheckReport& r, FailOn fail_on) {
  std::string out;
  size_t open = 0;
  for (const auto& f : r.findings) {
    if (!f.open()) continue;
    ++open;
    std::string cmd = fails(f, fail_on) || f.severity == "error" ? "error" : "warning";
    std::string props = "title=" + github_escape_property("schemaguard " + f.rule + ": " + f.qualified_table());
    if (!f.file.empty())
      props = "file=" + github_escape_property(f.file) + ",line=" + std::to_string(f.line) + "," + props;
    std::string msg = "table " + f.qualified_table() + ": " + f.message;
    if (!f.hint.empty()) msg += "\nFix: " + f.hint;
    out += fmt::format("::{} {}::{}\n", cmd, props, github_escape_data(msg));
  }
  out += fmt::format("schemaguard: {} open violations in database \"{}\" ({} tables checked)\n", open, r.database,
                     r.tables.size());
  return out;
}

}  // namespace sg::output

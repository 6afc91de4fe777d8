#include <fmt/format.h>

#include "output/report.hpp"

namespace sg::output {

std::string render_markdown(const CheckReport& r) {
  size_t open = 0, errors = 0;
  for (const auto& f : r.findings)
    if (f.open()) {
      ++open;
      if (f.severity == "error") ++errors;
    }
  std::string out = fmt::format("## schemaguard: {} open violations in `{}`\n\n", open, r.database);
  out += fmt::format("{} tables checked; {} errors, {} warnings.\n\n", r.tables.size(), errors, open - errors);
  bool any = false;
  for (const auto& f : r.findings) {
    if (!f.open() && !r.include_suppressed) continue;
    if (!any) {
      out += "| Severity | Rule | Table | Object | Problem | Fix | Status |\n";
      out += "|---|---|---|---|---|---|---|\n";
      any = true;
    }
    std::string table = "`" + f.qualified_table() + "`";
    if (!f.file.empty()) table += fmt::format(" ({}:{})", f.file, f.line);
    out += fmt::format("| {} | `{}` | {} | {} | {} | {} | {} |\n", f.severity, f.rule, markdown_cell(table),
                       f.object.empty() ? "" : "`" + markdown_cell(f.object) + "`", markdown_cell(f.message),
                       f.hint.empty() ? "" : "`" + markdown_cell(f.hint) + "`", f.status);
  }
  if (!any) out += "No open violations.\n";
  return out;
}

}  // namespace sg::output

#include <map>

#include <fmt/format.h>

#include "output/report.hpp"

namespace sg::output {

std::string render_text(const CheckReport& r, const Console& c) {
  std::string out;
  size_t open = 0, errors = 0, warnings = 0, waived = 0, baselined = 0;
  std::string current_table;
  for (const auto& f : r.findings) {
    if (f.status == "waived") ++waived;
    if (f.status == "baselined") ++baselined;
    if (!f.open() && !r.include_suppressed) continue;
    if (f.open()) {
      ++open;
      (f.severity == "error" ? errors : warnings)++;
    }
    if (f.qualified_table() != current_table) {
      current_table = f.qualified_table();
      std::string where = f.file.empty() ? "" : c.dim(fmt::format("  ({}:{})", f.file, f.line));
      out += "\n" + c.bold(current_table) + where + "\n";
    }
    std::string sev = f.severity == "error" ? c.red("error  ") : c.yellow("warning");
    std::string status = f.open() ? "" : c.dim(" [" + f.status + "]");
    out += fmt::format("  {} {:<13} {}{}\n", sev, f.rule, f.message, status);
    if (!f.hint.empty()) {
      const std::string pad(24, ' ');
      std::string indented;
      for (char ch : f.hint) {
        indented.push_back(ch);
        if (ch == '\n') indented += pad + "     ";
      }
      out += pad + c.dim("fix:") + " " + indented + "\n";
    }
  }
  if (open == 0 && !r.include_suppressed)
    out +=
        c.green("No open violations") + fmt::format(" in {} tables of database \"{}\".", r.tables.size(), r.database);
  else
    out += fmt::format("\n{} open violations ({} errors, {} warnings) in database \"{}\", {} tables checked.", open,
                       errors, warnings, r.database, r.tables.size());
  if (waived || baselined)
    out += fmt::format(" {} waived, {} baselined{}.", waived, baselined,
                       r.include_suppressed ? "" : " (--all lists them)");
  out += "\n";
  if (!out.empty() && out[0] == '\n') out.erase(0, 1);
  return out;
}

}  // namespace sg::output

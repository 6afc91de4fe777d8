#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "output/compliance.hpp"

namespace sg::output {

Verdict verdict_of(const ComplianceReport& r, FailOn fail_on) {
  bool warnings = false;
  for (const auto& f : r.check.findings) {
    if (!f.open()) continue;
    if (fails(f, fail_on)) return Verdict::not_compliant;
    warnings = true;
  }
  return warnings ? Verdict::compliant_with_warnings : Verdict::compliant;
}

namespace {
std::string status_cell(const ComplianceRow& c) {
  if (c.status == "compliant") return "✅ compliant";
  if (c.status == "waived") return "⚠️ waived";
  if (c.status == "off") return "➖ off (not checked)";
  if (c.severity == "warning") return "⚠️ violations (warning)";
  return "❌ violations";
}
}  // namespace

std::string render_compliance_markdown(const ComplianceReport& r, FailOn fail_on) {
  std::string out = fmt::format("# Schema compliance report: `{}`\n\n", r.database);
  out += fmt::format("Generated {} by schemaguard {} (extension {}, PostgreSQL {}, mode `{}`).\n\n", r.generated_at,
                     r.check.tool_version, r.extension_version, r.server_version, r.mode);

  out += "## Overview\n\n| | |\n|---|---|\n";
  std::string latest = r.latest_version.empty()
                           ? "none"
                           : fmt::format("{} (latest: version `{}`, {}, applied {})", r.migrations_applied,
                                         r.latest_version, markdown_cell(r.latest_name), r.latest_applied_at);
  out += "| Migrations applied | " + latest + " |\n";
  out += fmt::format("| Tables checked | {} |\n", r.tables);
  std::string schemas;
  for (const auto& s : r.schemas)
    schemas += (schemas.empty() ? "" : ", ") + fmt::format("`{}` ({})", s.schema, s.tables);
  out += fmt::format("| Schemas | {} |\n", schemas.empty() ? "none" : schemas);
  size_t open = 0, waived = 0, baselined = 0;
  for (const auto& f : r.check.findings) {
    if (f.open())
      ++open;
    else if (f.status == "waived")
      ++waived;
    else if (f.status == "baselined")
      ++baselined;
  }
  out += fmt::format("| Open violations | {} |\n| Waived | {} |\n| Baselined | {} |\n\n", open, waived, baselined);

  out +=
      "## Core invariants\n\n| Rule | Severity | Status | Tables | Violations | Waived | Notes |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& c : r.invariants)
    out += fmt::format("| `{}` — {} | {} | {} | {} | {} | {} | {} |\n", c.rule, markdown_cell(c.description),
                       c.severity, status_cell(c), c.tables_checked, c.violations, c.waived, markdown_cell(c.notes));
  out += "\n";

  if (r.policy) {
    out += "## Policy\n\n";
    if (r.policy->empty()) {
      out += "V1 defaults: no rule parameter is set.\n\n";
    } else {
      out +=
          "Rule parameters in force (the rest are V1; `schemaguard policy export` writes the policy as a file).\n\n"
          "| Rule | Parameter | Value |\n|---|---|---|\n";
      for (const auto& p : *r.policy) {
        std::string value;
        for (const auto& v : p.value) value += (value.empty() ? "" : ", ") + ("`" + markdown_cell(v) + "`");
        out += fmt::format("| `{}` | `{}` | {} |\n", p.rule, p.parameter, value);
      }
      out += "\n";
    }
  }

  out += "## Open violations\n\n";
  bool any = false;
  for (const auto& f : r.check.findings) {
    if (!f.open()) continue;
    if (!any) out += "| Severity | Rule | Table | Problem | Fix |\n|---|---|---|---|---|\n";
    any = true;
    out += fmt::format("| {} | `{}` | `{}` | {} | {} |\n", f.severity, f.rule, f.qualified_table(),
                       markdown_cell(f.message), f.hint.empty() ? "" : "`" + markdown_cell(f.hint) + "`");
  }
  if (!any) out += "None.\n";
  out += "\n";

  out += "## Technical debt: waivers\n\n";
  if (!r.waivers) {
    out += "This extension version has no waivers (`ALTER EXTENSION schemaguard UPDATE` to get them).\n\n";
  } else if (r.waivers->empty()) {
    out += "No waivers: every rule applies to every table.\n\n";
  } else {
    out +=
        "Each waiver is a documented exception that should be paid back.\n\n"
        "| Table | Rule | Reason | Expires | By | Since |\n|---|---|---|---|---|---|\n";
    for (const auto& w : *r.waivers)
      out += fmt::format(
          "| `{}` | `{}` | {} | {} | {} | {} |\n", markdown_cell(w.table), w.rule, markdown_cell(w.reason),
          w.expired ? "**expired " + w.expires + "** (no longer waives)" : (w.expires.empty() ? "never" : w.expires),
          markdown_cell(w.created_by), w.created_at);
    out += "\n";
  }

  if (r.exemptions) {
    out += "## Out of scope: exemptions\n\n";
    if (r.exemptions->empty()) {
      out += "No exempt tables: every table in scope is checked.\n\n";
    } else {
      out +=
          "Tables a superuser took out of scope (a migration tool's bookkeeping tables, by preset); "
          "no rule checks them.\n\n| Table | Exempted by | Granted by | Since |\n|---|---|---|---|\n";
      for (const auto& e : *r.exemptions)
        out += fmt::format("| `{}` | {} | {} | {} |\n", markdown_cell(e.table), markdown_cell(e.exempted_by),
                           markdown_cell(e.granted_by), e.granted_at);
      out += "\n";
    }
  }

  out += "## Baseline\n\n";
  if (baselined == 0) {
    out += "No grandfathered violations.\n\n";
  } else {
    std::map<std::string, std::vector<std::string>> by_rule;
    for (const auto& f : r.check.findings)
      if (f.status == "baselined") by_rule[f.rule].push_back(f.qualified_table());
    out += fmt::format("{} violations predate the baseline and do not block; new ones do.\n\n", baselined);
    out += "| Rule | Count | Tables |\n|---|---|---|\n";
    for (auto& [rule, tables] : by_rule) {
      std::sort(tables.begin(), tables.end());
      size_t count = tables.size();
      tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
      std::string list;
      for (size_t i = 0; i < tables.size() && i < 10; ++i) list += (i ? ", " : "") + ("`" + tables[i] + "`");
      if (tables.size() > 10) list += fmt::format(" and {} more", tables.size() - 10);
      out += fmt::format("| `{}` | {} | {} |\n", rule, count, list);
    }
    out += "\n";
  }

  out += "## Verdict\n\n";
  size_t expired = 0;
  if (r.waivers)
    for (const auto& w : *r.waivers) expired += w.expired ? 1 : 0;
  switch (verdict_of(r, fail_on)) {
    case Verdict::compliant:
      out += fmt::format("**Compliant.** All {} tables satisfy the V1 invariants", r.tables);
      break;
    case Verdict::compliant_with_warnings:
      out += fmt::format("**Compliant, with warnings.** No blocking violation in {} tables; {} warnings to review",
                         r.tables, open);
      break;
    case Verdict::not_compliant:
      out += fmt::format("**Not compliant.** {} open violations must be fixed", open);
      break;
  }
  if (waived || baselined)
    out += fmt::format(" ({} waived and {} baselined findings are recorded as debt)", waived, baselined);
  out += ".";
  if (expired) out += fmt::format(" {} waivers have expired.", expired);
  out += "\n";
  return out;
}

}  // namespace sg::output

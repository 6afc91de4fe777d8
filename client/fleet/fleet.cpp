#include "fleet/fleet.hpp"

#include <algorithm>
#include <set>

#include "migrations/files.hpp"
#include "support/common.hpp"

namespace sg::fleet {

const char* to_string(Status s) {
  switch (s) {
    case Status::ok:
      return "ok";
    case Status::violations:
      return "violations";
    case Status::drift:
      return "drift";
    case Status::failed:
      return "failed";
    case Status::no_extension:
      return "no_extension";
    case Status::unauthorized:
      return "unauthorized";
    case Status::unreachable:
      return "unreachable";
    case Status::refused:
      return "refused";
    case Status::error:
      return "error";
    case Status::skipped:
      return "skipped";
    case Status::interrupted:
      return "interrupted";
    case Status::not_started:
      return "not_started";
  }
  return "?";
}

int exit_code_of(Status s) {
  switch (s) {
    case Status::ok:
    case Status::skipped:
      return kExitOk;
    case Status::violations:
    case Status::drift:
    case Status::failed:
      return kExitFailed;
    default:
      return kExitError;
  }
}

std::string canonical_text(const ConfigSnapshot& c) {
  auto sorted = [](auto v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  std::string out;
  for (const auto& [rule, sev] : sorted(c.severities)) out += "severity " + rule + " " + sev + "\n";
  for (const auto& [table, cls] : sorted(c.classes)) out += "class " + table + " " + cls + "\n";
  for (const auto& [pattern, cls] : c.patterns) out += "pattern " + pattern + " " + cls + "\n";  // order matters
  for (const auto& w : sorted(c.waivers)) out += "waiver " + w + "\n";
  return out;
}

std::string fingerprint(const ConfigSnapshot& c) { return migrations::sha256_hex(canonical_text(c)).substr(0, 12); }

Status check_status(const std::vector<output::Finding>& findings, output::FailOn fail_on) {
  for (const auto& f : findings)
    if (output::fails(f, fail_on)) return Status::violations;
  return Status::ok;
}

std::vector<std::pair<std::string, size_t>> fingerprint_groups(const FleetResult& r) {
  std::vector<std::pair<std::string, size_t>> groups;
  for (const auto& row : r.rows) {
    if (row.fingerprint.empty()) continue;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == row.fingerprint; });
    if (it == groups.end())
      groups.emplace_back(row.fingerprint, 1);
    else
      ++it->second;
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return groups;
}

void finalize(FleetResult& r) {
  std::vector<const Row*> by_size;
  for (const auto& row : r.rows) by_size.push_back(&row);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](const Row* a, const Row* b) { return a->rules.size() > b->rules.size(); });
  r.rules.clear();
  std::set<std::string> seen;
  for (const auto* row : by_size)
    for (const auto& rc : row->rules)
      if (seen.insert(rc.rule).second) r.rules.push_back(rc.rule);
  auto groups = fingerprint_groups(r);
  std::string common = groups.empty() ? "" : groups.front().first;
  for (auto& row : r.rows) row.outlier = !row.fingerprint.empty() && groups.size() > 1 && row.fingerprint != common;
}

int exit_code(const FleetResult& r) {
  int worst = kExitOk;
  for (const auto& row : r.rows) worst = std::max(worst, exit_code_of(row.status));
  return worst;
}

std::map<Status, size_t> count_by_status(const FleetResult& r) {
  std::map<Status, size_t> out;
  for (const auto& row : r.rows) out[row.status]++;
  return out;
}

std::string verdict(const FleetResult& r) {
  bool incomplete = false, failing = false, warnings = false;
  for (const auto& row : r.rows) {
    if (row.status == Status::violations || row.status == Status::drift)
      failing = true;
    else if (row.status != Status::ok)
      incomplete = true;
    for (const auto& f : row.findings)
      if (f.open() && !output::fails(f, r.fail_on)) warnings = true;
  }
  if (failing) return "not_compliant";
  if (incomplete) return "incomplete";
  return warnings ? "compliant_with_warnings" : "compliant";
}

std::vector<Stage> plan_stages(const std::vector<Target>& targets, const std::vector<std::string>& canary,
                               size_t wave_size) {
  std::vector<Stage> stages;
  std::vector<bool> taken(targets.size(), false);
  if (!canary.empty()) {
    Stage c{"canary", {}};
    for (const auto& sel : canary) {
      bool any = false;
      bool is_label = sel.find('=') != std::string::npos;
      std::pair<std::string, std::string> label;
      if (is_label) label = parse_label(sel, "--canary");
      for (size_t i = 0; i < targets.size(); ++i) {
        bool hit = is_label ? matches_labels(targets[i], {label}) : targets[i].name == sel;
        if (!hit) continue;
        any = true;
        if (!taken[i]) {
          taken[i] = true;
          c.targets.push_back(i);
        }
      }
      if (!any)
        throw InputError("--canary " + sel + ": no selected target " +
                         (is_label ? "carries that label" : "has that name"));
    }
    std::sort(c.targets.begin(), c.targets.end());
    stages.push_back(std::move(c));
  }
  std::vector<size_t> rest;
  for (size_t i = 0; i < targets.size(); ++i)
    if (!taken[i]) rest.push_back(i);
  size_t size = wave_size == 0 ? std::max<size_t>(rest.size(), 1) : wave_size;
  for (size_t start = 0; start < rest.size(); start += size) {
    Stage w{"wave " + std::to_string(stages.size() + (canary.empty() ? 1 : 0)), {}};
    for (size_t i = start; i < rest.size() && i < start + size; ++i) w.targets.push_back(rest[i]);
    stages.push_back(std::move(w));
  }
  return stages;
}

}  // namespace sg::fleet

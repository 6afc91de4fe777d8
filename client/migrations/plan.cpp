#include "migrations/plan.hpp"

#include <algorithm>
#include <map>

namespace sg::migrations {

const char* to_string(State s) {
  switch (s) {
    case State::applied:
      return "applied";
    case State::pending:
      return "pending";
    case State::out_of_order:
      return "out_of_order";
    case State::changed:
      return "changed";
    case State::missing:
      return "missing";
  }
  return "?";
}

size_t Plan::count(State s) const {
  return (size_t)std::count_if(entries.begin(), entries.end(), [s](const Entry& e) { return e.state == s; });
}

std::vector<const MigrationFile*> Plan::to_apply(bool include_out_of_order, const std::string& target) const {
  std::vector<const MigrationFile*> out;
  for (const auto& e : entries) {
    if (!target.empty() && compare_versions(e.version, target) > 0) break;
    if (e.state == State::pending || (include_out_of_order && e.state == State::out_of_order)) out.push_back(e.file);
  }
  return out;
}

Plan make_plan(const std::vector<MigrationFile>& files, const std::vector<AppliedRow>& applied) {
  struct Key {
    bool operator()(const std::string& a, const std::string& b) const { return compare_versions(a, b) < 0; }
  };
  std::map<std::string, const AppliedRow*, Key> rows;
  Plan plan;
  for (const auto& r : applied) {
    rows[normalize_version(r.version)] = &r;
    if (plan.highest_applied.empty() || compare_versions(r.version, plan.highest_applied) > 0)
      plan.highest_applied = normalize_version(r.version);
  }
  std::map<std::string, Entry, Key> entries;
  for (const auto& f : files) {
    Entry e;
    e.version = f.version;
    e.name = f.name;
    e.file = &f;
    auto it = rows.find(f.version);
    if (it != rows.end()) {
      e.applied = *it->second;
      e.state = it->second->checksum == f.checksum ? State::applied : State::changed;
    } else if (!plan.highest_applied.empty() && compare_versions(f.version, plan.highest_applied) < 0) {
      e.state = State::out_of_order;
    } else {
      e.state = State::pending;
    }
    entries.emplace(f.version, std::move(e));
  }
  for (const auto& [v, r] : rows) {
    if (entries.count(v)) continue;
    Entry e;
    e.version = v;
    e.name = r->name;
    e.state = State::missing;
    e.applied = *r;
    entries.emplace(v, std::move(e));
  }
  for (auto& [v, e] : entries) plan.entries.push_back(std::move(e));
  return plan;
}

}  // namespace sg::migrations

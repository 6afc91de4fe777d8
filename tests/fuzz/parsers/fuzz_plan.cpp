// Ordering of migrations against the state table: make_plan and Plan::to_apply.
// Input (FuzzedDataProvider): file versions (digit strings, any width and leading zeros), applied
// rows (version, checksum), a --target and --allow-out-of-order.
// Properties: entries are strictly increasing in version order and cover every file and applied
// version exactly once; each entry's state follows docs/client.md (applied/changed/pending/
// out_of_order/missing); highest_applied is the maximum applied version; to_apply is exactly the
// pending (and, when allowed, out-of-order) files up to the target, in order.
#include <fuzzer/FuzzedDataProvider.h>

#include <map>
#include <set>

#include "fuzz_common.hpp"
#include "migrations/plan.hpp"

using namespace sg::migrations;

namespace {

std::string digits(FuzzedDataProvider& p) {
  // mostly short numbers, sometimes long ones (timestamps and beyond 64 bits), leading zeros
  std::string s = std::string(p.ConsumeIntegralInRange<size_t>(0, 3), '0');
  size_t len = p.ConsumeBool() ? p.ConsumeIntegralInRange<size_t>(1, 2) : p.ConsumeIntegralInRange<size_t>(1, 40);
  for (size_t i = 0; i < len; ++i) s.push_back((char)('0' + p.ConsumeIntegralInRange<int>(0, 9)));
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider p(data, size);
  std::vector<MigrationFile> files;
  std::set<std::string> file_versions;  // normalised
  size_t nf = p.ConsumeIntegralInRange<size_t>(0, 12);
  for (size_t i = 0; i < nf; ++i) {
    std::string v = normalize_version(digits(p));
    if (!file_versions.insert(v).second) continue;  // scan_directory refuses duplicate versions
    MigrationFile f;
    f.version = v;
    f.name = "f" + std::to_string(i);
    f.filename = v + "_" + f.name + ".sql";
    f.checksum = p.ConsumeBool() ? "same" : "other";
    files.push_back(f);
  }
  std::vector<AppliedRow> applied;
  std::map<std::string, std::string> applied_checksum;  // normalised version -> checksum
  size_t na = p.ConsumeIntegralInRange<size_t>(0, 12);
  for (size_t i = 0; i < na; ++i) {
    std::string raw = digits(p);
    if (!applied_checksum.emplace(normalize_version(raw), "").second) continue;  // versions are unique
    AppliedRow r;
    r.version = p.ConsumeBool() ? normalize_version(raw) : raw;  // older rows may keep leading zeros
    r.name = "r" + std::to_string(i);
    r.checksum = p.ConsumeBool() ? "same" : "other";
    applied_checksum[normalize_version(raw)] = r.checksum;
    applied.push_back(r);
  }
  std::string target = p.ConsumeBool() ? digits(p) : "";
  bool allow_ooo = p.ConsumeBool();

  Plan plan = make_plan(files, applied);

  std::string highest;
  for (const auto& [v, c] : applied_checksum)
    if (highest.empty() || compare_versions(v, highest) > 0) highest = v;
  FUZZ_ASSERT(plan.highest_applied == highest, "highest_applied %s, expected %s", plan.highest_applied.c_str(),
              highest.c_str());

  std::set<std::string> all = file_versions;
  for (const auto& [v, c] : applied_checksum) all.insert(v);
  FUZZ_ASSERT(plan.entries.size() == all.size(), "%zu entries for %zu versions", plan.entries.size(), all.size());
  size_t counted = 0;
  for (auto s : {State::applied, State::pending, State::out_of_order, State::changed, State::missing})
    counted += plan.count(s);
  FUZZ_ASSERT(counted == plan.entries.size(), "counts add up to %zu, not %zu", counted, plan.entries.size());

  for (size_t i = 0; i < plan.entries.size(); ++i) {
    const Entry& e = plan.entries[i];
    FUZZ_ASSERT(all.count(e.version), "entry %s is neither a file nor applied (or not normalised)", e.version.c_str());
    if (i > 0)
      FUZZ_ASSERT(compare_versions(plan.entries[i - 1].version, e.version) < 0, "entries out of order at %zu", i);
    bool is_file = file_versions.count(e.version) > 0;
    auto a = applied_checksum.find(e.version);
    bool is_applied = a != applied_checksum.end();
    FUZZ_ASSERT((e.file != nullptr) == is_file, "file pointer of %s", e.version.c_str());
    FUZZ_ASSERT(e.applied.has_value() == is_applied, "applied row of %s", e.version.c_str());
    if (is_file)
      FUZZ_ASSERT(e.file->version == e.version, "entry %s points at file %s", e.version.c_str(),
                  e.file->version.c_str());
    State want;
    if (is_file && is_applied)
      want = e.file->checksum == a->second ? State::applied : State::changed;
    else if (is_applied)
      want = State::missing;
    else if (!highest.empty() && compare_versions(e.version, highest) < 0)
      want = State::out_of_order;
    else
      want = State::pending;
    FUZZ_ASSERT(e.state == want, "%s is %s, expected %s", e.version.c_str(), to_string(e.state), to_string(want));
    if (e.state == State::pending && !highest.empty())
      FUZZ_ASSERT(compare_versions(e.version, highest) > 0, "pending %s not above %s", e.version.c_str(),
                  highest.c_str());
  }

  auto todo = plan.to_apply(allow_ooo, target);
  std::vector<const MigrationFile*> want;
  for (const auto& e : plan.entries)
    if ((e.state == State::pending || (allow_ooo && e.state == State::out_of_order)) &&
        (target.empty() || compare_versions(e.version, target) <= 0))
      want.push_back(e.file);
  FUZZ_ASSERT(todo == want, "to_apply: %zu files, expected %zu (target \"%s\")", todo.size(), want.size(),
              target.c_str());
  for (size_t i = 1; i < todo.size(); ++i)
    FUZZ_ASSERT(compare_versions(todo[i - 1]->version, todo[i]->version) < 0, "to_apply out of order");
  return 0;
}

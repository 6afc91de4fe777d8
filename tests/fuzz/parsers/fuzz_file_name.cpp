// Migration file names: "<version>_<name>.sql" (parse_file_name, normalize_version, is_version,
// compare_versions). Input: up to three file names separated by '\n'.
// Properties: acceptance matches an independent reading of the naming rule; an accepted name gives
// a normalised version and round-trips through "<version>_<name>.sql" (also with extra leading
// zeros); version order is numeric (checked against zero-padded comparison), antisymmetric,
// transitive and agrees with equality of normalised versions.
#include <algorithm>
#include <optional>

#include "fuzz_common.hpp"
#include "migrations/files.hpp"

using namespace sg::migrations;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The rule as docs/client.md states it, written independently of parse_file_name.
std::optional<std::pair<std::string, std::string>> reference_parse(const std::string& f) {
  if (f.size() < 4 || f.compare(f.size() - 4, 4, ".sql") != 0) return std::nullopt;
  std::string stem = f.substr(0, f.size() - 4);
  auto us = std::find_if_not(stem.begin(), stem.end(), is_digit);
  if (us == stem.begin() || us == stem.end() || *us != '_') return std::nullopt;
  std::string digits(stem.begin(), us), name(us + 1, stem.end());
  if (name.empty()) return std::nullopt;
  return std::make_pair(digits, name);
}

// Numeric order of two digit strings by zero-padding to the same width.
int reference_compare(const std::string& a, const std::string& b) {
  size_t w = std::max(a.size(), b.size());
  std::string pa = std::string(w - a.size(), '0') + a, pb = std::string(w - b.size(), '0') + b;
  return pa < pb ? -1 : (pa > pb ? 1 : 0);
}

int sign(int x) { return (x > 0) - (x < 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto names = fuzz::split(std::string_view((const char*)data, size), '\n', 3);
  std::vector<std::string> versions;
  for (const auto& n : names) {
    auto fn = parse_file_name(n);
    auto ref = reference_parse(n);
    FUZZ_ASSERT(fn.has_value() == ref.has_value(), "acceptance differs for \"%s\"", fuzz::printable(n).c_str());
    FUZZ_ASSERT(is_version(n) == (!n.empty() && std::all_of(n.begin(), n.end(), is_digit)), "is_version(\"%s\")",
                fuzz::printable(n).c_str());
    if (!fn) continue;
    const auto& [digits, name] = *ref;
    FUZZ_ASSERT(fn->name == name, "name \"%s\" vs \"%s\"", fuzz::printable(fn->name).c_str(),
                fuzz::printable(name).c_str());
    FUZZ_ASSERT(is_version(fn->version), "version \"%s\" is not digits", fuzz::printable(fn->version).c_str());
    FUZZ_ASSERT(fn->version == "0" || fn->version[0] != '0', "version \"%s\" not normalised", fn->version.c_str());
    FUZZ_ASSERT(normalize_version(fn->version) == fn->version, "normalize_version not idempotent");
    FUZZ_ASSERT(compare_versions(fn->version, digits) == 0, "version %s differs from its digits %s",
                fn->version.c_str(), digits.c_str());
    FUZZ_ASSERT(reference_compare(fn->version, digits) == 0, "version %s is not the number %s", fn->version.c_str(),
                digits.c_str());
    // format -> parse round trips, with and without extra leading zeros
    for (const std::string& prefix : {std::string(), std::string("000")}) {
      auto again = parse_file_name(prefix + fn->version + "_" + fn->name + ".sql");
      FUZZ_ASSERT(again && again->version == fn->version && again->name == fn->name, "round trip of \"%s\"",
                  fuzz::printable(n).c_str());
    }
    versions.push_back(fn->version);
    versions.push_back(digits);
  }
  // order: numeric, antisymmetric, consistent with equality, transitive
  for (const auto& a : versions)
    for (const auto& b : versions) {
      int c = compare_versions(a, b);
      FUZZ_ASSERT(c == -1 || c == 0 || c == 1, "compare_versions returned %d", c);
      FUZZ_ASSERT(c == reference_compare(a, b), "compare_versions(%s, %s) = %d", a.c_str(), b.c_str(), c);
      FUZZ_ASSERT(c == -compare_versions(b, a), "not antisymmetric: %s %s", a.c_str(), b.c_str());
      FUZZ_ASSERT((c == 0) == (normalize_version(a) == normalize_version(b)), "equality: %s %s", a.c_str(), b.c_str());
      for (const auto& x : versions)
        if (c <= 0 && compare_versions(b, x) <= 0)
          FUZZ_ASSERT(compare_versions(a, x) <= 0, "not transitive: %s %s %s", a.c_str(), b.c_str(), x.c_str());
    }
  // sorting by version gives a non-decreasing sequence
  std::vector<std::string> sorted = versions;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return compare_versions(a, b) < 0; });
  for (size_t i = 1; i < sorted.size(); ++i)
    FUZZ_ASSERT(sign(reference_compare(sorted[i - 1], sorted[i])) <= 0, "sorted order");
  return 0;
}

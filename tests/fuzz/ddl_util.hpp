// Small helpers of the DDL fuzzer: the seeded random source and SQL quoting.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ddlfuzz {

// std::mt19937_64 with draws that do not depend on the standard library's distributions,
// so a seed replays the same transactions with any compiler.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t next() { return engine_(); }
  // uniform in [0, n); n > 0
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  int between(int low, int high) { return low + static_cast<int>(below(static_cast<std::size_t>(high - low + 1))); }
  bool chance(double p) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  // index drawn with the given weights (all >= 0, not all 0)
  std::size_t weighted(const std::vector<int>& weights) {
    long total = 0;
    for (int w : weights) total += w;
    long draw = static_cast<long>(below(static_cast<std::size_t>(total)));
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (draw < weights[i]) return i;
      draw -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 engine_;
};

// An identifier as SQL: bare when PostgreSQL would read it back unchanged, else quoted.
inline std::string qi(const std::string& name) {
  static const char* const kReserved[] = {
      "all",     "and",   "any",    "array",  "as",   "check", "column", "constraint", "create",
      "default", "do",    "end",    "for",    "from", "grant", "group",  "in",         "limit",
      "not",     "null",  "offset", "on",     "only", "or",    "order",  "primary",    "references",
      "select",  "table", "to",     "unique", "user", "using", "when",   "where",      "with"};
  bool bare = !name.empty() && (name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'));
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) bare = false;
  for (const char* word : kReserved)
    if (name == word) bare = false;
  if (bare) return name;
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

inline std::string qn(const std::string& schema, const std::string& name) { return qi(schema) + "." + qi(name); }

// A string literal.
inline std::string ql(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

// PostgreSQL's identifier truncation (NAMEDATALEN 64): at most 63 bytes, never splitting a
// UTF-8 character.
inline std::string truncate_name(const std::string& name) {
  if (name.size() <= 63) return name;
  std::size_t cut = 63;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return name.substr(0, cut);
}

inline bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace ddlfuzz

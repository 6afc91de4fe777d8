// Shared helpers of the parser fuzz targets (tests/fuzz/parsers/fuzz_*.cpp).
// A failed property aborts with a message, so libFuzzer saves the input as a crash.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#define FUZZ_ASSERT(cond, ...)                                                                 \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "\nproperty violated at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                       \
      std::fprintf(stderr, "\n");                                                              \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

namespace fuzz {

inline std::string printable(std::string_view s, size_t max = 200) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back((char)c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

// Splits the input at a separator byte (e.g. '\0' or '\n') into at most max_parts parts.
inline std::vector<std::string> split(std::string_view data, char sep, size_t max_parts = 64) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (parts.size() + 1 < max_parts) {
    size_t end = data.find(sep, pos);
    if (end == std::string_view::npos) break;
    parts.emplace_back(data.substr(pos, end - pos));
    pos = end + 1;
  }
  parts.emplace_back(data.substr(pos));
  return parts;
}

// LF -> CRLF (what a Windows editor writes).
inline std::string to_crlf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

// LF -> CR (classic Mac line endings).
inline std::string to_cr(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c == '\n') c = '\r';
  return out;
}

inline bool starts_with_bom(std::string_view s) { return s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF"; }

// A reference UTF-8 validator written from the Unicode standard's table of well-formed byte
// sequences (Table 3-7), independent of the client's decoder: offset of the first byte that does
// not start a well-formed sequence, or npos.
inline size_t reference_first_invalid_utf8(std::string_view s) {
  auto in = [](unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char b0 = (unsigned char)s[i];
    auto at = [&](size_t k) -> int { return i + k < n ? (unsigned char)s[i + k] : -1; };
    auto ok = [&](size_t k, unsigned lo, unsigned hi) {
      int b = at(k);
      return b >= 0 && in((unsigned char)b, lo, hi);
    };
    size_t len = 0;
    if (b0 <= 0x7F)
      len = 1;
    else if (in(b0, 0xC2, 0xDF))
      len = ok(1, 0x80, 0xBF) ? 2 : 0;
    else if (b0 == 0xE0)
      len = ok(1, 0xA0, 0xBF) && ok(2, 0x80, 0xBF) ? 3 : 0;
    else if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF))
      len = ok(1, 0x80, 0xBF) && ok(2, 0x80, 0xBF) ? 3 : 0;
    else if (b0 == 0xED)
      len = ok(1, 0x80, 0x9F) && ok(2, 0x80, 0xBF) ? 3 : 0;
    else if (b0 == 0xF0)
      len = ok(1, 0x90, 0xBF) && ok(2, 0x80, 0xBF) && ok(3, 0x80, 0xBF) ? 4 : 0;
    else if (in(b0, 0xF1, 0xF3))
      len = ok(1, 0x80, 0xBF) && ok(2, 0x80, 0xBF) && ok(3, 0x80, 0xBF) ? 4 : 0;
    else if (b0 == 0xF4)
      len = ok(1, 0x80, 0x8F) && ok(2, 0x80, 0xBF) && ok(3, 0x80, 0xBF) ? 4 : 0;
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

// A reference lexer for "is there anything but whitespace, ';' and comments?", following
// PostgreSQL's scanner: "--" comments to end of line, "/* */" comments that nest.
// Returns 1 (code), 0 (none), -1 (an unterminated block comment: undecided).
inline int reference_has_code(std::string_view t) {
  size_t i = 0, n = t.size();
  while (i < n) {
    char c = t[i];
    // whitespace as the client trims it (isspace; PostgreSQL 15's scanner has no \v, the server
    // reports a syntax error for it either way)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ';') {
      ++i;
      continue;
    }
    if (t.substr(i, 2) == "--") {
      size_t nl = t.find('\n', i);
      if (nl == std::string_view::npos) return 0;
      i = nl + 1;
      continue;
    }
    if (t.substr(i, 2) == "/*") {
      int depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (t.substr(i, 2) == "/*") {
          ++depth;
          i += 2;
        } else if (t.substr(i, 2) == "*/") {
          --depth;
          i += 2;
        } else
          ++i;
      }
      if (depth > 0) return -1;
      continue;
    }
    return 1;
  }
  return 0;
}

}  // namespace fuzz

#include "migrations/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <openssl/evp.h>

#include "migrations/sql.hpp"
#include "support/common.hpp"

namespace fs = std::filesystem;

namespace sg::migrations {

bool is_version(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string normalize_version(std::string_view digits) {
  size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return std::string(digits.substr(i));
}

std::optional<FileName> parse_file_name(std::string_view filename) {
  constexpr std::string_view ext = ".sql";
  if (filename.size() <= ext.size() || filename.substr(filename.size() - ext.size()) != ext) return std::nullopt;
  std::string_view stem = filename.substr(0, filename.size() - ext.size());
  size_t digits = 0;
  while (digits < stem.size() && stem[digits] >= '0' && stem[digits] <= '9') ++digits;
  if (digits == 0 || digits >= stem.size() || stem[digits] != '_') return std::nullopt;
  std::string_view name = stem.substr(digits + 1);
  if (name.empty()) return std::nullopt;
  return FileName{normalize_version(stem.substr(0, digits)), std::string(name)};
}

int compare_versions(std::string_view a, std::string_view b) {
  std::string na = normalize_version(a), nb = normalize_version(b);
  if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
  int c = na.compare(nb);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string normalize_text(std::string_view raw) {
  if (raw.size() >= 3 && (unsigned char)raw[0] == 0xEF && (unsigned char)raw[1] == 0xBB &&
      (unsigned char)raw[2] == 0xBF)
    raw.remove_prefix(3);
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw Error(kExitError, "SHA-256 failed (OpenSSL)");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xF]);
  }
  return out;
}

bool valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else
      return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return i;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

Directives parse_directives(std::string_view text, const std::string& filename) {
  Directives d;
  // Directive lines: leading comment lines of the form "-- schemaguard:<word>".
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::string_view t = line;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    if (t.rfind("--", 0) != 0) break;  // first non-comment line ends the header
    std::string_view body = t.substr(2);
    while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
    if (body.rfind("schemaguard:", 0) == 0) {
      std::string_view directive = body.substr(std::strlen("schemaguard:"));
      while (!directive.empty() && directive.front() == ' ') directive.remove_prefix(1);
      if (directive == "no-transaction") {
        if (pos != 0)
          throw InputError(filename + ": \"-- schemaguard:no-transaction\" must be the first line of the file");
        d.no_transaction = true;
      } else {
        throw InputError(filename + ": unknown directive \"-- schemaguard:" + std::string(directive) +
                         "\" (known: no-transaction)");
      }
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return d;
}

MigrationFile load_file(const std::string& path, const std::string& filename, const FileName& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(filename + ": cannot read file: " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw InputError(filename + ": cannot read file: " + std::strerror(errno));
  std::string raw = buf.str();
  size_t bad = first_invalid_utf8(raw);
  if (bad != std::string_view::npos) {
    int line = line_of(normalize_text(std::string_view(raw).substr(0, bad)), std::string::npos);  // CR counts too
    throw InputError(filename + ": not valid UTF-8 (line " + std::to_string(line) +
                     "); migration files must be UTF-8 encoded");
  }
  MigrationFile f;
  f.version = fn.version;
  f.name = fn.name;
  f.filename = filename;
  f.path = path;
  f.sql = normalize_text(raw);
  f.checksum = sha256_hex(f.sql);
  f.no_transaction = parse_directives(f.sql, filename).no_transaction;
  if (count_statements(f.sql) == 0) throw InputError(filename + ": the file contains no SQL statement");
  return f;
}

std::vector<MigrationFile> scan_directory(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw InputError("migration directory \"" + dir + "\" does not exist (see --dir)");
  if (!fs::is_directory(dir, ec)) throw InputError("\"" + dir + "\" is not a directory (see --dir)");
  std::vector<std::pair<std::string, FileName>> names;
  fs::directory_iterator it(dir, ec), end;
  if (ec) throw InputError("cannot read migration directory \"" + dir + "\": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw InputError("cannot read migration directory \"" + dir + "\": " + ec.message());
    std::string filename = it->path().filename().string();
    if (filename.empty() || filename[0] == '.') continue;
    if (filename.size() < 4 || filename.substr(filename.size() - 4) != ".sql") continue;
    std::error_code fec;
    if (it->is_directory(fec)) continue;
    auto fn = parse_file_name(filename);
    if (!fn)
      throw InputError(filename +
                       ": migration file names must be <version>_<name>.sql with a numeric version "
                       "(e.g. 0001_create_users.sql)");
    names.emplace_back(filename, *fn);
  }
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
    int c = compare_versions(a.second.version, b.second.version);
    return c != 0 ? c < 0 : a.first < b.first;
  });
  for (size_t i = 1; i < names.size(); ++i)
    if (names[i].second.version == names[i - 1].second.version)
      throw InputError("duplicate migration version " + names[i].second.version + ": " + names[i - 1].first + " and " +
                       names[i].first);
  std::vector<MigrationFile> files;
  files.reserve(names.size());
  for (auto& [filename, fn] : names) files.push_back(load_file((fs::path(dir) / filename).string(), filename, fn));
  return files;
}

}  // namespace sg::migrations

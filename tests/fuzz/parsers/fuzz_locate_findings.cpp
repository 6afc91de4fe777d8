// Pointing findings at migration files: locate_findings scans every "<version>_<name>.sql" of a
// directory for CREATE TABLE (a regular expression over the normalised text).
// Input: up to three file contents separated by '\0', written as 1_a.sql, 2_b.sql, 10_c.sql.
// Findings are made for every identifier (and "schema.table" pair) that occurs in the input.
// Properties: a located finding names one of the files and a line that exists and holds "create";
// unlocated findings stay without file and line; the result does not change when every file is
// written with a BOM and CRLF line endings, nor when a later file is added; a table created by a
// file that sorts first (0_first.sql) is then located there, on its line 1.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "db/findings.hpp"
#include "fuzz_common.hpp"
#include "migrations/files.hpp"
#include "migrations/sql.hpp"

namespace fs = std::filesystem;
using sg::output::Finding;

namespace {

// A directory of this process for the migration files, removed at exit (never destroyed itself,
// so the exit handler can still use it).
const fs::path& scratch_dir() {
  static const fs::path* dir = [] {
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    auto* d = new fs::path(base / ("sg_fuzz_locate_" + std::to_string(getpid())));
    fs::create_directories(*d);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(scratch_dir(), ec);
    });
    return d;
  }();
  return *dir;
}

void write_files(const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(scratch_dir(), ec)) fs::remove(entry.path(), ec);
  for (const auto& [name, text] : files) std::ofstream(scratch_dir() / name, std::ios::binary) << text;
}

std::vector<Finding> locate(const std::vector<Finding>& findings) {
  auto out = findings;
  sg::db::locate_findings(out, scratch_dir().string());
  return out;
}

// identifiers as the client folds them, and quoted names
std::vector<std::string> names_in(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size() && out.size() < 24;) {
    unsigned char c = (unsigned char)s[i];
    if (std::isalpha(c) || c == '_') {
      size_t j = i;
      std::string w;
      while (j < s.size() && (std::isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '$'))
        w.push_back((char)std::tolower((unsigned char)s[j++]));
      out.push_back(w);
      i = j;
    } else if (c == '"') {
      size_t j = s.find('"', i + 1);
      if (j == std::string::npos) break;
      if (j > i + 1) out.push_back(s.substr(i + 1, j - i - 1));
      i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

std::string line_text(const std::string& text, int line) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return "";
    ++pos;
  }
  return text.substr(pos, text.find('\n', pos) - pos);
}

std::string lower(std::string s) {
  for (auto& c : s) c = (char)std::tolower((unsigned char)c);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto texts = fuzz::split(std::string_view((const char*)data, size), '\0', 3);
  static const char* names[] = {"1_a.sql", "2_b.sql", "10_c.sql"};
  std::vector<std::pair<std::string, std::string>> files;
  for (size_t i = 0; i < texts.size(); ++i) files.emplace_back(names[i], texts[i]);

  std::vector<Finding> findings;
  for (const auto& t : texts) {
    auto ns = names_in(t);
    for (size_t i = 0; i < ns.size() && findings.size() < 64; ++i) {
      Finding f;
      f.schema = "public";
      f.table = ns[i];
      findings.push_back(f);
      if (i + 1 < ns.size()) {
        f.schema = ns[i];
        f.table = ns[i + 1];
        findings.push_back(f);
      }
    }
  }
  if (findings.empty()) findings.push_back(Finding{});

  write_files(files);
  auto got = locate(findings);
  FUZZ_ASSERT(got.size() == findings.size(), "findings added or lost");
  for (const auto& f : got) {
    if (f.file.empty()) {
      FUZZ_ASSERT(f.line == 0, "a line without a file");
      continue;
    }
    auto it = std::find_if(files.begin(), files.end(),
                           [&](const auto& nf) { return f.file == (scratch_dir() / nf.first).string(); });
    FUZZ_ASSERT(it != files.end(), "located in an unknown file %s", f.file.c_str());
    std::string text = sg::migrations::normalize_text(it->second);
    int lines = sg::migrations::line_of(text, text.size());
    FUZZ_ASSERT(f.line >= 1 && f.line <= lines, "line %d of a %d-line file", f.line, lines);
    FUZZ_ASSERT(lower(line_text(text, f.line)).find("create") != std::string::npos,
                "%s.%s: line %d of %s has no CREATE", f.schema.c_str(), f.table.c_str(), f.line, f.file.c_str());
  }
  auto same = [&](const std::vector<Finding>& a, const char* what) {
    for (size_t i = 0; i < a.size(); ++i)
      FUZZ_ASSERT(a[i].file == got[i].file && a[i].line == got[i].line, "%s: %s.%s moved from %s:%d to %s:%d", what,
                  got[i].schema.c_str(), got[i].table.c_str(), got[i].file.c_str(), got[i].line, a[i].file.c_str(),
                  a[i].line);
  };

  // BOM and CRLF do not move anything
  auto crlf = files;
  for (auto& [n, t] : crlf) t = "\xEF\xBB\xBF" + fuzz::to_crlf(sg::migrations::normalize_text(t));
  write_files(crlf);
  same(locate(findings), "BOM and CRLF");

  // a later file changes nothing; an earlier one that creates a located table wins
  auto more = files;
  more.emplace_back("99_later.sql", texts[0]);
  write_files(more);
  same(locate(findings), "a later file");
  for (const auto& f : got) {
    if (f.file.empty() || f.table.find('"') != std::string::npos || f.schema.find('"') != std::string::npos) continue;
    auto first = files;
    first.emplace_back("0_first.sql", "CREATE TABLE \"" + f.schema + "\".\"" + f.table + "\" ();\n");
    write_files(first);
    auto moved = locate({f});
    FUZZ_ASSERT(moved[0].file == (scratch_dir() / "0_first.sql").string() && moved[0].line == 1,
                "%s.%s: the first file does not win (%s:%d)", f.schema.c_str(), f.table.c_str(), moved[0].file.c_str(),
                moved[0].line);
    break;
  }
  return 0;
}

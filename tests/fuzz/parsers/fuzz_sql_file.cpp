// Reading a migration file: normalize_text (BOM, CRLF/CR -> LF), checksum (SHA-256 of the
// normalised text), first_invalid_utf8, and load_file on a real file holding the input.
// Properties: normalisation matches an independent implementation and is idempotent; the checksum
// is 64 lower-case hex digits and does not change when the same text is written with a BOM and
// with LF, CRLF, CR or mixed line endings; the UTF-8 check agrees with a reference validator
// (Unicode Table 3-7); load_file either returns the normalised text and its checksum, or throws
// InputError for exactly the documented reasons (invalid UTF-8 with the right line, unknown
// directive, no statement), and every line-ending/BOM variant of the file gives the same outcome.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fuzz_common.hpp"
#include "migrations/files.hpp"
#include "migrations/sql.hpp"
#include "support/common.hpp"

using namespace sg::migrations;

namespace {

std::string reference_normalize(std::string_view raw) {
  std::string s(fuzz::starts_with_bom(raw) ? raw.substr(3) : raw);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "\r\n") == 0) {
      out.push_back('\n');
      ++i;
    } else
      out.push_back(s[i] == '\r' ? '\n' : s[i]);
  }
  return out;
}

// The same text with each LF written as LF, CRLF or CR (chosen by `seed`).
std::string mixed_line_endings(std::string_view s, size_t seed) {
  std::string out;
  size_t k = 0;
  for (char c : s) {
    if (c != '\n') {
      out.push_back(c);
      continue;
    }
    switch ((seed + k++ * 2654435761u) % 3) {
      case 0:
        out += !out.empty() && out.back() == '\r' ? "\r\n" : "\n";
        break;  // CR+LF would be one break
      case 1:
        out += "\r\n";
        break;
      default:
        out += "\r";
        break;
    }
  }
  return out;
}

// A directory of this process for the file under test, removed at exit (never destroyed itself,
// so the exit handler can still use it).
const std::string& scratch_dir() {
  static const std::string* dir = [] {
    std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto* d = new std::string((base / ("sg_fuzz_sql_file_" + std::to_string(getpid()))).string());
    std::filesystem::create_directories(*d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch_dir(), ec);
    });
    return d;
  }();
  return *dir;
}

struct Outcome {
  bool ok = false;
  std::string error;  // InputError message
  MigrationFile file;
};

Outcome load(const std::string& raw) {
  std::string path = scratch_dir() + "/1_fuzz.sql";
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << raw; }
  Outcome o;
  try {
    o.file = load_file(path, "1_fuzz.sql", FileName{"1", "fuzz"});
    o.ok = true;
  } catch (const sg::InputError& e) {
    o.error = e.what();
  } catch (const std::exception& e) {
    FUZZ_ASSERT(false, "load_file threw something else than InputError: %s", e.what());
  }
  return o;
}

bool is_lower_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string raw((const char*)data, size);

  // normalisation
  std::string n = normalize_text(raw);
  FUZZ_ASSERT(n == reference_normalize(raw), "normalize_text differs from the reference for \"%s\"",
              fuzz::printable(raw).c_str());
  FUZZ_ASSERT(n.find('\r') == std::string::npos, "CR left in the normalised text");
  bool plain = !fuzz::starts_with_bom(n);  // a second BOM is content (U+FEFF), kept
  if (plain) FUZZ_ASSERT(normalize_text(n) == n, "normalize_text not idempotent");

  // checksum
  std::string sum = checksum(raw);
  FUZZ_ASSERT(is_lower_hex64(sum), "checksum \"%s\" is not 64 lower-case hex digits", sum.c_str());
  FUZZ_ASSERT(sum == sha256_hex(n), "checksum is not SHA-256 of the normalised text");
  if (plain) {
    for (const std::string& variant : {fuzz::to_crlf(n), fuzz::to_cr(n), "\xEF\xBB\xBF" + n,
                                       "\xEF\xBB\xBF" + fuzz::to_crlf(n), mixed_line_endings(n, size)})
      FUZZ_ASSERT(checksum(variant) == sum, "checksum changes with line endings/BOM: \"%s\"",
                  fuzz::printable(variant).c_str());
  }
  FUZZ_ASSERT(checksum(n + " ") != sum, "a changed text keeps its checksum");

  // UTF-8
  size_t bad = first_invalid_utf8(raw);
  FUZZ_ASSERT(bad == fuzz::reference_first_invalid_utf8(raw), "first_invalid_utf8 = %zu, reference %zu in \"%s\"", bad,
              fuzz::reference_first_invalid_utf8(raw), fuzz::printable(raw).c_str());
  FUZZ_ASSERT(valid_utf8(raw) == (bad == std::string::npos), "valid_utf8 disagrees with first_invalid_utf8");
  FUZZ_ASSERT(valid_utf8(n) == valid_utf8(raw), "normalisation changes UTF-8 validity");

  // the file on disk
  Outcome o = load(raw);
  if (bad != std::string::npos) {
    std::string want =
        "not valid UTF-8 (line " + std::to_string(line_of(normalize_text(raw.substr(0, bad)), std::string::npos)) + ")";
    FUZZ_ASSERT(!o.ok && o.error.find(want) != std::string::npos, "invalid UTF-8: got \"%s\", want \"%s\"",
                fuzz::printable(o.error).c_str(), want.c_str());
  } else if (o.ok) {
    FUZZ_ASSERT(o.file.sql == n, "loaded text is not the normalised text");
    FUZZ_ASSERT(o.file.checksum == sum, "loaded checksum differs");
    FUZZ_ASSERT(o.file.no_transaction == parse_directives(n, "x").no_transaction, "no_transaction differs");
    FUZZ_ASSERT(count_statements(n) > 0, "a file without statements was accepted");
  } else {
    FUZZ_ASSERT(o.error.find("unknown directive") != std::string::npos ||
                    o.error.find("must be the first line") != std::string::npos ||
                    o.error.find("contains no SQL statement") != std::string::npos,
                "unexpected error \"%s\"", fuzz::printable(o.error).c_str());
  }
  if (plain) {
    Outcome v = load(mixed_line_endings("\xEF\xBB\xBF" + n, size + 1));
    FUZZ_ASSERT(v.ok == o.ok && v.error == o.error, "BOM/line endings change the outcome: \"%s\" vs \"%s\"",
                fuzz::printable(o.error).c_str(), fuzz::printable(v.error).c_str());
    if (o.ok) FUZZ_ASSERT(v.file.checksum == o.file.checksum && v.file.sql == o.file.sql, "variant loads differently");
  }
  return 0;
}

// Migration files: names, versions, order, checksums, directives, directory scan.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::migrations {

// "<version>_<name>.sql": version = leading digits (a counter or a timestamp).
struct FileName {
  std::string version;  // normalised: leading zeros removed ("0007" -> "7", "000" -> "0")
  std::string name;     // the part after the first '_' without ".sql"
};

// nullopt when the name does not follow "<digits>_<name>.sql".
std::optional<FileName> parse_file_name(std::string_view filename);

// "0007" -> "7"; the digits must be all decimal.
std::string normalize_version(std::string_view digits);
bool is_version(std::string_view s);

// Numeric comparison of two normalised versions of any length: <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

// Text as it is checksummed and executed: without a UTF-8 byte order mark, CRLF and lone CR as LF.
std::string normalize_text(std::string_view raw);

// Lower-case hex SHA-256 (OpenSSL).
std::string sha256_hex(std::string_view data);

// SHA-256 of the normalised text.
inline std::string checksum(std::string_view raw) { return sha256_hex(normalize_text(raw)); }

bool valid_utf8(std::string_view s);
// Offset of the first invalid UTF-8 sequence, or npos.
size_t first_invalid_utf8(std::string_view s);

// Directives: a first line "-- schemaguard:<directive>". Known: no-transaction.
struct Directives {
  bool no_transaction = false;
};
// Throws InputError on an unknown "-- schemaguard:" directive (a typo must not silently change how a file runs).
Directives parse_directives(std::string_view normalized_text, const std::string& filename);

struct MigrationFile {
  std::string version;  // normalised
  std::string name;
  std::string filename;  // as in the directory
  std::string path;
  std::string sql;  // normalised text
  std::string checksum;
  bool no_transaction = false;
};

// Reads every "*.sql" file of dir (hidden files and other extensions are ignored) and returns them
// in version order. Throws InputError for: missing or unreadable directory, a *.sql name without a
// version, duplicate versions, an unreadable file, invalid UTF-8, a file without any statement,
// an unknown directive.
std::vector<MigrationFile> scan_directory(const std::string& dir);

// Validation of one file's content (used by scan_directory): throws InputError.
MigrationFile load_file(const std::string& path, const std::string& filename, const FileName& fn);

}  // namespace sg::migrations

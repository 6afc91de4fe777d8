// File directives: parse_directives on the normalised text ("-- schemaguard:no-transaction").
// Properties: only InputError escapes, naming the file and the reason; a header that never
// mentions "schemaguard:" is fine and transactional; no_transaction implies the first line is the
// directive; prepending the directive to an accepted transactional file makes it no-transaction,
// and prepending it (or any comment) to a no-transaction file is refused (not the first line);
// text after the first non-comment line never matters; an unknown directive is quoted in the error.
#include "fuzz_common.hpp"
#include "migrations/files.hpp"
#include "support/common.hpp"

using namespace sg::migrations;

namespace {

struct Result {
  bool ok = false;
  bool no_transaction = false;
  std::string error;
};

Result parse(const std::string& text) {
  Result r;
  try {
    r.no_transaction = parse_directives(text, "9_f.sql").no_transaction;
    r.ok = true;
  } catch (const sg::InputError& e) {
    r.error = e.what();
    FUZZ_ASSERT(r.error.rfind("9_f.sql: ", 0) == 0, "error does not name the file: %s",
                fuzz::printable(r.error).c_str());
    FUZZ_ASSERT(r.error.find("unknown directive") != std::string::npos ||
                    r.error.find("must be the first line") != std::string::npos,
                "unexpected error: %s", fuzz::printable(r.error).c_str());
  } catch (const std::exception& e) {
    FUZZ_ASSERT(false, "parse_directives threw something else than InputError: %s", e.what());
  }
  return r;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The leading comment lines ("--" after optional blanks), independent of the client's loop.
std::vector<std::string_view> header_lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (trim(line).substr(0, 2) != "--") break;
    out.push_back(line);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = normalize_text(std::string_view((const char*)data, size));
  Result r = parse(text);
  auto header = header_lines(text);

  bool mentions = false;
  for (auto l : header) mentions = mentions || l.find("schemaguard:") != std::string_view::npos;
  if (!mentions)
    FUZZ_ASSERT(r.ok && !r.no_transaction, "a header without directives: %s", fuzz::printable(r.error).c_str());

  if (r.ok && r.no_transaction) {
    FUZZ_ASSERT(!header.empty(), "no_transaction without a header");
    std::string_view first = trim(header[0]);
    first.remove_prefix(2);
    while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
    FUZZ_ASSERT(first.substr(0, 12) == "schemaguard:", "first line is not a directive: %s",
                fuzz::printable(header[0]).c_str());
    first.remove_prefix(12);
    FUZZ_ASSERT(trim(first) == "no-transaction", "first line: %s", fuzz::printable(header[0]).c_str());
  }

  const std::string directive = "-- schemaguard:no-transaction\n";
  Result with = parse(directive + text);
  Result commented = parse("-- a comment\n" + text);
  if (r.ok && !r.no_transaction) {
    FUZZ_ASSERT(with.ok && with.no_transaction, "prepending the directive: %s", fuzz::printable(with.error).c_str());
    FUZZ_ASSERT(commented.ok && !commented.no_transaction, "prepending a comment changed the result");
  }
  if (r.ok && r.no_transaction) {
    FUZZ_ASSERT(!with.ok && with.error.find("must be the first line") != std::string::npos,
                "a second no-transaction line");
    FUZZ_ASSERT(!commented.ok && commented.error.find("must be the first line") != std::string::npos,
                "no-transaction on line 2 accepted");
  }
  if (!r.ok) FUZZ_ASSERT(!with.ok && !commented.ok, "an error disappeared after prepending a line");

  // the header ends at the first non-comment line
  Result after = parse("SELECT 1;\n" + text);
  FUZZ_ASSERT(after.ok && !after.no_transaction, "text after a statement matters: %s",
              fuzz::printable(after.error).c_str());
  Result blank_first = parse("\n" + text);
  FUZZ_ASSERT(blank_first.ok && !blank_first.no_transaction, "text after a blank line matters");

  // an unknown directive word is named in the error
  std::string word;
  for (size_t i = 0; i < size && i < 16; ++i) {
    char c = (char)data[i];
    if ((c >= 'a' && c <= 'z') || c == '-') word.push_back(c);
  }
  if (!word.empty() && word != "no-transaction") {
    Result unknown = parse("-- schemaguard:" + word + "\n" + text);
    FUZZ_ASSERT(!unknown.ok && unknown.error.find("\"-- schemaguard:" + word + "\"") != std::string::npos,
                "unknown directive %s: %s", word.c_str(), fuzz::printable(unknown.error).c_str());
  }
  return 0;
}

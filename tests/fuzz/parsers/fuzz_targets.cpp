// Fleet targets files (client/fleet/targets.cpp): the line format and JSON.
// Input: the file's text.
// Properties: parse_targets throws nothing but InputError, whose message starts with the file's
// name; every target it returns has a unique, non-empty name without blanks or control characters,
// a DSN libpq parses, and label names it accepts as --label; a line-format file written back from
// those targets (name, [labels], DSN) parses to the very same targets; redact_dsn never shows a
// password= value of a key=value DSN.
#include <libpq-fe.h>

#include <set>

#include "fleet/targets.hpp"
#include "fuzz_common.hpp"
#include "support/common.hpp"

namespace {

bool libpq_parses(const std::string& dsn) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(dsn.c_str(), &err);
  if (err) PQfreemem(err);
  if (!opts) return false;
  PQconninfoFree(opts);
  return true;
}

bool same(const std::vector<sg::fleet::Target>& a, const std::vector<sg::fleet::Target>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].dsn != b[i].dsn || a[i].labels != b[i].labels) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text((const char*)data, size);
  std::vector<sg::fleet::Target> targets;
  try {
    targets = sg::fleet::parse_targets(text, "t.txt");
  } catch (const sg::InputError& e) {
    FUZZ_ASSERT(std::string(e.what()).rfind("t.txt", 0) == 0, "message without the file: %s", e.what());
    return 0;
  } catch (const std::exception& e) {
    FUZZ_ASSERT(false, "parse_targets threw something else than InputError: %s", e.what());
  }
  std::set<std::string> names;
  std::string back;
  bool writable = true;  // values with ',', ']' or blanks cannot be written in the line format
  for (const auto& t : targets) {
    FUZZ_ASSERT(!t.name.empty() && names.insert(t.name).second, "name \"%s\" empty or twice",
                fuzz::printable(t.name).c_str());
    for (char c : t.name)
      FUZZ_ASSERT(!std::isspace((unsigned char)c) && !std::iscntrl((unsigned char)c), "blank in name \"%s\"",
                  fuzz::printable(t.name).c_str());
    FUZZ_ASSERT(libpq_parses(t.dsn), "DSN libpq refuses: \"%s\"", fuzz::printable(t.dsn).c_str());
    std::string labels;
    for (const auto& [k, v] : t.labels) {
      (void)sg::fleet::parse_label(k + "=x", "--label");  // throws if the name is not one --label takes
      for (char c : v) writable = writable && c != ',' && c != ']' && !std::isspace((unsigned char)c) && c != '\0';
      labels += (labels.empty() ? "" : ",") + k + "=" + v;
    }
    for (char c : t.dsn) writable = writable && c != '\n' && c != '\r' && c != '\0';
    writable = writable && t.name[0] != '#' && t.name[0] != '[' && !t.dsn.empty() && t.dsn[0] != '[' &&
               !std::isspace((unsigned char)t.dsn.front()) && !std::isspace((unsigned char)t.dsn.back());
    back += t.name + (labels.empty() ? "" : " [" + labels + "]") + " " + t.dsn + "\n";
    auto redacted = sg::fleet::redact_dsn("host=h password=" + t.name + " user=u");
    FUZZ_ASSERT(redacted.find("password=***") != std::string::npos, "password shown: %s",
                fuzz::printable(redacted).c_str());
  }
  if (writable && !targets.empty() && back[0] != '[' && back[0] != '{') {
    auto again = sg::fleet::parse_targets(back, "t.txt");
    FUZZ_ASSERT(same(targets, again), "written back and parsed again, the targets differ:\n%s",
                fuzz::printable(back).c_str());
  }
  return 0;
}

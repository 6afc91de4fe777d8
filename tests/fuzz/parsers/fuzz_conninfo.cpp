// DSN handling: normalize_conninfo (any URL or key=value string, re-quoted as key=value with the
// dbname replaced for `verify`'s scratch database and fallback_application_name added).
// Input: "<conninfo>\0<dbname override>".
// Properties: it throws InputError exactly when libpq cannot parse the string; otherwise libpq
// parses the result back to the very same option values (quoting round-trips any value), the
// dbname is the override when one is given, fallback_application_name is kept or "schemaguard",
// nothing else is added, and normalising the result again keeps every option.
#include <libpq-fe.h>

#include <map>
#include <optional>

#include "db/connection.hpp"
#include "fuzz_common.hpp"
#include "support/common.hpp"

namespace {

// keyword -> value of every option that has a value; nullopt when libpq refuses the string.
std::optional<std::map<std::string, std::string>> options(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (err) PQfreemem(err);
  if (!opts) return std::nullopt;
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = opts; o->keyword; ++o)
    if (o->val) out[o->keyword] = o->val;
  PQconninfoFree(opts);
  return out;
}

std::string dump(const std::map<std::string, std::string>& m) {
  std::string s;
  for (const auto& [k, v] : m) s += k + "=[" + fuzz::printable(v) + "] ";
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = fuzz::split(std::string_view((const char*)data, size), '\0', 2);
  const std::string& conninfo = parts[0];
  std::string override = parts.size() > 1 ? parts[1].substr(0, parts[1].find('\0')) : "";  // a C string too

  auto before = options(conninfo);
  std::string out;
  try {
    out = sg::db::normalize_conninfo(conninfo, override);
  } catch (const sg::InputError& e) {
    FUZZ_ASSERT(!before, "a string libpq parses was refused: %s", e.what());
    FUZZ_ASSERT(std::string(e.what()).rfind("invalid connection string: ", 0) == 0, "message: %s", e.what());
    return 0;
  } catch (const std::exception& e) {
    FUZZ_ASSERT(false, "normalize_conninfo threw something else than InputError: %s", e.what());
  }
  FUZZ_ASSERT(before, "a string libpq refuses was accepted: \"%s\"", fuzz::printable(conninfo).c_str());

  auto after = options(out);
  FUZZ_ASSERT(after, "libpq cannot parse the normalised string \"%s\"", fuzz::printable(out).c_str());
  auto want = *before;
  if (!override.empty()) want["dbname"] = override;
  if (!want.count("fallback_application_name")) want["fallback_application_name"] = "schemaguard";
  FUZZ_ASSERT(*after == want, "options changed:\n  in:  %s\n  out: %s\n  from \"%s\"", dump(want).c_str(),
              dump(*after).c_str(), fuzz::printable(out).c_str());

  std::string again = sg::db::normalize_conninfo(out);
  FUZZ_ASSERT(options(again) == after, "normalising twice changes the options: \"%s\" -> \"%s\"",
              fuzz::printable(out).c_str(), fuzz::printable(again).c_str());
  return 0;
}

// Server error text as libpq formats it ("ERROR:  msg\nDETAIL:  ...\nHINT:  ...\nLINE n: ...\n
// CONTEXT:  ..."): parse_server_message and ServerMessage::text().
// Input: arbitrary text (parsed as is), and the same bytes cut at '\x01' into severity index,
// message, detail, hint and context, formatted the way libpq does and parsed back.
// Properties: never a crash; the severity is one of the known ones or empty; the message has no
// trailing newline; format -> parse gives every field back; text() shows every field.
#include "db/connection.hpp"
#include "fuzz_common.hpp"

using sg::db::parse_server_message;

namespace {

// A field value that libpq could produce and that the format can carry: no line starting with
// another field's label, no leading blanks, no trailing newline.
std::string field_value(std::string v) {
  std::string out;
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t end = v.find('\n', pos);
    std::string line = v.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    for (const char* label : {"DETAIL:", "HINT:", "CONTEXT:", "LINE ", "QUERY:"})
      if (line.rfind(label, 0) == 0) line.insert(0, "x");
    if (!out.empty() || pos > 0) out += "\n";
    out += line;
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  while (!out.empty() && (out.front() == ' ' || out.front() == '\n')) out.erase(0, 1);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string raw((const char*)data, size);
  auto m = parse_server_message(raw, "XX000");
  FUZZ_ASSERT(m.sqlstate == "XX000", "sqlstate");
  FUZZ_ASSERT(m.message.empty() || m.message.back() != '\n', "message ends with a newline");
  FUZZ_ASSERT(m.severity.empty() || m.severity == "ERROR" || m.severity == "FATAL" || m.severity == "PANIC" ||
                  m.severity == "WARNING" || m.severity == "NOTICE",
              "severity \"%s\"", fuzz::printable(m.severity).c_str());
  (void)m.text();

  auto parts = fuzz::split(raw, '\x01', 5);
  parts.resize(5);
  static const char* severities[] = {"ERROR", "FATAL", "WARNING", "NOTICE", "PANIC"};
  std::string severity = severities[parts[0].empty() ? 0 : (unsigned char)parts[0][0] % 5];
  std::string message = field_value(parts[1]), detail = field_value(parts[2]), hint = field_value(parts[3]),
              context = field_value(parts[4]);
  // a first line that itself looks like a severity label would be read as one
  for (const char* sev : {"ERROR:", "FATAL:", "PANIC:", "WARNING:", "NOTICE:"})
    if (message.rfind(sev, 0) == 0) message.insert(0, "x");
  std::string formatted = severity + ":  " + message + "\n";
  if (!detail.empty()) formatted += "DETAIL:  " + detail + "\n";
  if (!hint.empty()) formatted += "HINT:  " + hint + "\n";
  if (!context.empty()) formatted += "CONTEXT:  " + context + "\n";
  auto back = parse_server_message(formatted, "42P17");
  FUZZ_ASSERT(back.severity == severity && back.message == message && back.detail == detail && back.hint == hint &&
                  back.context == context && back.sqlstate == "42P17",
              "round trip of \"%s\":\n  severity [%s] message [%s]\n  detail [%s]\n  hint [%s]\n  context [%s]",
              fuzz::printable(formatted).c_str(), back.severity.c_str(), fuzz::printable(back.message).c_str(),
              fuzz::printable(back.detail).c_str(), fuzz::printable(back.hint).c_str(),
              fuzz::printable(back.context).c_str());
  std::string text = back.text();
  for (const std::string* f : {&message, &detail, &hint, &context}) {
    std::string first_line = f->substr(0, f->find('\n'));
    FUZZ_ASSERT(text.find(first_line) != std::string::npos, "text() lost \"%s\"", fuzz::printable(first_line).c_str());
  }
  return 0;
}

#include "output/report.hpp"

namespace sg::output {

FailOn parse_fail_on(const std::string& s) {
  if (s == "error") return FailOn::error;
  if (s == "warning") return FailOn::warning;
  if (s == "never") return FailOn::never;
  throw InputError("--fail-on must be error, warning or never, got \"" + s + "\"");
}

bool fails(const Finding& f, FailOn fail_on) {
  if (!f.open()) return false;
  switch (fail_on) {
    case FailOn::never:
      return false;
    case FailOn::warning:
      return f.severity == "error" || f.severity == "warning";
    case FailOn::error:
      return f.severity == "error";
  }
  return false;
}

int exit_code_for(const CheckReport& r, FailOn fail_on) {
  for (const auto& f : r.findings)
    if (fails(f, fail_on)) return kExitFailed;
  return kExitOk;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // control characters other than tab/newline/CR are not allowed in XML 1.0
        if ((unsigned char)c < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += ' ';
        else
          out.push_back(c);
    }
  }
  return out;
}

std::string github_escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out.push_back(c);
  }
  return out;
}

std::string github_escape_property(const std::string& s) {
  std::string out;
  for (char c : github_escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out.push_back(c);
  }
  return out;
}

std::string markdown_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += "<br>";
    else if (c == '\r')
      continue;
    else
      out.push_back(c);
  }
  return out;
}

}  // namespace sg::output

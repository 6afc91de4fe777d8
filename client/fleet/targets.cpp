#include "fleet/targets.hpp"

#include <cctype>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <libpq-fe.h>

#include "db/connection.hpp"
#include "support/common.hpp"

namespace sg::fleet {

namespace {

bool valid_label_key(const std::string& k) {
  if (k.empty()) return false;
  for (char c : k)
    if (!(std::isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == '/')) return false;
  return true;
}

std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace((unsigned char)s[a])) ++a;
  while (b > a && std::isspace((unsigned char)s[b - 1])) --b;
  return s.substr(a, b - a);
}

void check_target(const Target& t, const std::string& where) {
  if (t.name.empty()) throw InputError(where + ": a target needs a name");
  for (char c : t.name)
    if (std::isspace((unsigned char)c) || std::iscntrl((unsigned char)c))
      throw InputError(where + ": target name \"" + t.name + "\" contains blanks or control characters");
  if (t.dsn.empty()) throw InputError(where + ": target \"" + t.name + "\" has no connection string");
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(t.dsn.c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "out of memory";
    if (err) PQfreemem(err);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw InputError(where + ": target \"" + t.name + "\": invalid connection string: " + msg);
  }
  PQconninfoFree(opts);
}

std::vector<Target> parse_json(const std::string& text, const std::string& source) {
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) throw InputError(source + ": invalid JSON: " + ec.message());
  const boost::json::array* list = nullptr;
  if (v.is_array())
    list = &v.as_array();
  else if (v.is_object() && v.as_object().contains("targets") && v.as_object().at("targets").is_array())
    list = &v.as_object().at("targets").as_array();
  if (!list) throw InputError(source + ": expected {\"targets\": [...]} or an array of targets");
  std::vector<Target> out;
  size_t i = 0;
  for (const auto& item : *list) {
    std::string where = source + ": targets[" + std::to_string(i++) + "]";
    if (!item.is_object()) throw InputError(where + ": expected an object with name and dsn");
    const auto& o = item.as_object();
    Target t;
    for (const auto& [key, val] : o) {
      if (key == "name" && val.is_string())
        t.name = std::string(val.as_string());
      else if (key == "dsn" && val.is_string())
        t.dsn = std::string(val.as_string());
      else if (key == "labels" && val.is_object()) {
        for (const auto& [lk, lv] : val.as_object()) {
          std::string k(lk);
          if (!valid_label_key(k)) throw InputError(where + ": bad label name \"" + k + "\"");
          if (!lv.is_string()) throw InputError(where + ": label \"" + k + "\" must be a string");
          t.labels[k] = std::string(lv.as_string());
        }
      } else {
        throw InputError(where + ": unexpected member \"" + std::string(key) +
                         "\" (expected name and dsn strings, labels object)");
      }
    }
    check_target(t, where);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Target> parse_lines(const std::string& text, const std::string& source) {
  std::vector<Target> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string s = trim(line);
    if (s.empty() || s[0] == '#') continue;
    std::string where = source + ":" + std::to_string(n);
    Target t;
    size_t sp = 0;
    while (sp < s.size() && !std::isspace((unsigned char)s[sp])) ++sp;
    t.name = s.substr(0, sp);
    std::string rest = trim(s.substr(sp));
    if (t.name[0] == '[')
      throw InputError(where + ": a line starts with the target's name, then [labels], then the DSN");
    if (!rest.empty() && rest[0] == '[') {
      size_t close = rest.find(']');
      if (close == std::string::npos) throw InputError(where + ": unclosed [ of the labels");
      std::string body = rest.substr(1, close - 1);
      for (auto& c : body)
        if (c == ',') c = ' ';
      std::istringstream words(body);
      std::string w;
      while (words >> w) {
        auto [k, v] = parse_label(w, where);
        if (t.labels.count(k)) throw InputError(where + ": label \"" + k + "\" given twice");
        t.labels[k] = v;
      }
      rest = trim(rest.substr(close + 1));
    }
    t.dsn = rest;
    check_target(t, where);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::pair<std::string, std::string> parse_label(const std::string& text, const std::string& option) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError(option + ": expected a label as key=value, got \"" + text + "\"");
  std::string k = text.substr(0, eq), v = text.substr(eq + 1);
  if (!valid_label_key(k))
    throw InputError(option + ": label name \"" + k + "\" may hold letters, digits, '_', '-', '.', '/'");
  return {k, v};
}

bool matches_labels(const Target& t, const std::vector<std::pair<std::string, std::string>>& filters) {
  for (const auto& [k, v] : filters) {
    auto it = t.labels.find(k);
    if (it == t.labels.end() || it->second != v) return false;
  }
  return true;
}

bool glob_match(const std::string& p, const std::string& s) {
  size_t pi = 0, si = 0, star = std::string::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string::npos) {
      pi = star + 1;
      si = ++mark;
    } else
      return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::vector<Target> parse_targets(const std::string& text, const std::string& source) {
  size_t i = 0;
  if (text.size() >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
      (unsigned char)text[2] == 0xBF)
    i = 3;
  while (i < text.size() && std::isspace((unsigned char)text[i])) ++i;
  std::vector<Target> out = (i < text.size() && (text[i] == '[' || text[i] == '{')) ? parse_json(text.substr(i), source)
                                                                                    : parse_lines(text, source);
  std::vector<Target> unique;
  append_targets(unique, std::move(out), source);
  return unique;
}

void append_targets(std::vector<Target>& into, std::vector<Target> more, const std::string& source) {
  std::set<std::string> names;
  for (const auto& t : into) names.insert(t.name);
  for (auto& t : more) {
    if (!names.insert(t.name).second)
      throw InputError(source + ": target name \"" + t.name + "\" is given twice (names must be unique)");
    into.push_back(std::move(t));
  }
}

namespace {

bool keyword_is(const std::string& text, size_t start, size_t end, const char* keyword) {
  size_t length = std::char_traits<char>::length(keyword);
  if (end - start != length) return false;
  for (size_t i = 0; i < length; ++i)
    if (std::tolower((unsigned char)text[start + i]) != keyword[i]) return false;
  return true;
}

// keyword = value pairs as libpq reads them: a value is quoted ('...' with \ escapes) or
// runs to the next blank. The password's value becomes ***, whatever its characters.
std::string redact_keyword_value(const std::string& dsn) {
  std::string out;
  size_t i = 0, n = dsn.size();
  while (i < n) {
    if (std::isspace((unsigned char)dsn[i])) {
      out += dsn[i++];
      continue;
    }
    size_t key_start = i;
    while (i < n && dsn[i] != '=' && !std::isspace((unsigned char)dsn[i])) ++i;
    size_t key_end = i;
    out.append(dsn, key_start, key_end - key_start);
    while (i < n && std::isspace((unsigned char)dsn[i])) out += dsn[i++];
    if (i >= n || dsn[i] != '=') continue;
    out += dsn[i++];
    while (i < n && std::isspace((unsigned char)dsn[i])) out += dsn[i++];
    size_t value_start = i;
    if (i < n && dsn[i] == '\'') {
      for (++i; i < n && dsn[i] != '\''; ++i)
        if (dsn[i] == '\\' && i + 1 < n) ++i;
      if (i < n) ++i;
    } else {
      while (i < n && !std::isspace((unsigned char)dsn[i])) ++i;
    }
    if (keyword_is(dsn, key_start, key_end, "password"))
      out += "***";
    else
      out.append(dsn, value_start, i - value_start);
  }
  return out;
}

}  // namespace

// A DSN fit to print: the password of a URL's user information or query, or of a
// keyword/value string, replaced by ***.
std::string redact_dsn(const std::string& dsn) {
  auto scheme = dsn.find("://");
  if (scheme == std::string::npos || dsn.rfind("postgres", 0) != 0) return redact_keyword_value(dsn);
  std::string out = dsn;
  size_t start = scheme + 3;
  size_t end = out.find_first_of("/?", start);
  if (end == std::string::npos) end = out.size();
  size_t at = out.rfind('@', end);
  if (at != std::string::npos && at > start) {
    size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out = out.substr(0, colon + 1) + "***" + out.substr(at);
  }
  // query parameters: ?a=b&password=...&c=d (the value runs to the next & or #)
  size_t query = out.find('?');
  for (size_t p = query; p != std::string::npos && p < out.size(); p = out.find('&', p + 1)) {
    size_t key = p + 1, eq = out.find('=', key);
    size_t next = out.find_first_of("&#", key);
    if (eq == std::string::npos || (next != std::string::npos && eq > next)) continue;
    if (!keyword_is(out, key, eq, "password")) continue;
    size_t value_end = next == std::string::npos ? out.size() : next;
    out = out.substr(0, eq + 1) + "***" + out.substr(value_end);
  }
  return out;
}

std::string fleet_conninfo(const std::string& dsn, int connect_timeout_s) {
  std::string ci = db::normalize_conninfo(dsn);
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(ci.c_str(), &err);
  bool has_timeout = false;
  if (opts) {
    for (PQconninfoOption* o = opts; o->keyword; ++o)
      if (std::string(o->keyword) == "connect_timeout" && o->val && *o->val) has_timeout = true;
    PQconninfoFree(opts);
  } else if (err) {
    PQfreemem(err);
  }
  if (!has_timeout && connect_timeout_s > 0) ci += " connect_timeout=" + std::to_string(connect_timeout_s);
  return ci;
}

}  // namespace sg::fleet

#include "policy/policy.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>  // basic_parser<KeyChecker> is instantiated here
#include <fmt/format.h>

#include "support/common.hpp"

namespace sg::policy {

namespace json = boost::json;

namespace {

// The severities of schemaguard.set_rule() (SPEC §2).
const std::vector<std::string> kSeverities = {"error", "warning", "off"};

std::string quoted(const std::string& s) { return json::serialize(json::value(json::string_view(s))); }

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "(none)" : out;
}

// A first pass over the text with Boost.JSON's SAX parser: boost::json::parse keeps the last of
// duplicate keys silently, and says neither line nor column. Throws InputError for both.
struct KeyChecker {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::vector<std::set<std::string>> objects;  // keys seen in each open object
  std::string key;                             // the key being read (it may come in parts)
  std::string duplicate;                       // set when a duplicate key stopped the parser

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    objects.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    objects.pop_back();
    return true;
  }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    key.append(s.data(), s.size());
    bool fresh = objects.back().insert(key).second;
    if (!fresh) {
      duplicate = key;
      ec = json::error::syntax;
    }
    key.clear();
    return fresh;
  }
  bool on_string_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return true; }
  bool on_double(double, json::string_view, json::error_code&) { return true; }
  bool on_bool(bool, json::error_code&) { return true; }
  bool on_null(json::error_code&) { return true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

std::string where(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  long line = 1 + std::count(text.begin(), text.begin() + (long)offset, '\n');
  std::size_t start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  std::size_t column = offset - (start == std::string::npos || offset == 0 ? 0 : start + 1) + 1;
  return fmt::format("line {}, column {}", line, column);
}

json::value parse_json(const std::string& text) {
  json::basic_parser<KeyChecker> parser(json::parse_options{});
  json::error_code ec;
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!parser.handler().duplicate.empty())
    throw InputError(fmt::format("invalid policy file: duplicate key {} ({})", quoted(parser.handler().duplicate),
                                 where(text, used)));
  if (ec) throw InputError(fmt::format("invalid policy file: {} ({}): not JSON", ec.message(), where(text, used)));
  // write_some stops after the first value
  std::size_t rest = text.find_first_not_of(" \t\r\n", used);
  if (rest != std::string::npos)
    throw InputError(fmt::format("invalid policy file: text after the JSON value ({}): not JSON", where(text, rest)));
  json::value v = json::parse(text, ec);
  if (ec) throw InputError(fmt::format("invalid policy file: {}: not JSON", ec.message()));
  return v;
}

const char* type_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object:
      return "an object";
    case json::kind::array:
      return "an array";
    case json::kind::string:
      return "a string";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::null:
      return "null";
    default:
      return "a number";
  }
}

const json::object& as_object(const json::value& v, const std::string& path) {
  if (!v.is_object())
    throw InputError(fmt::format("invalid policy file: {} must be an object, not {}", path, type_name(v)));
  return v.get_object();
}

}  // namespace

const RuleInfo* Catalog::find(const std::string& rule) const {
  for (const auto& r : rules)
    if (r.rule == rule) return &r;
  return nullptr;
}

const RuleSetting* Policy::find(const std::string& rule) const {
  for (const auto& r : rules)
    if (r.rule == rule) return &r;
  return nullptr;
}

Policy default_policy(const Catalog& catalog) {
  Policy p;
  for (const auto& r : catalog.rules) p.rules.push_back(RuleSetting{r.rule, r.default_severity, {}});
  return p;
}

Policy parse_policy(const std::string& text, const Catalog& catalog) {
  json::value doc = parse_json(text);
  const auto& top = as_object(doc, "the policy");
  for (const auto& kv : top)
    if (kv.key() != "schemaguard_policy" && kv.key() != "rules")
      throw InputError(
          fmt::format("invalid policy file: unknown key {} at the top level (the keys are "
                      "\"schemaguard_policy\" and \"rules\")",
                      quoted(std::string(kv.key()))));
  const json::value* version = top.if_contains("schemaguard_policy");
  if (!version)
    throw InputError(
        fmt::format("not a schemaguard policy file: it has no \"schemaguard_policy\": {} "
                    "(schemaguard policy export writes one)",
                    kFormatVersion));
  bool is_one = (version->is_int64() && version->get_int64() == kFormatVersion) ||
                (version->is_uint64() && version->get_uint64() == (std::uint64_t)kFormatVersion);
  if (!is_one)
    throw InputError(
        fmt::format("unsupported policy file: \"schemaguard_policy\" is {}, this schemaguard reads "
                    "version {}",
                    json::serialize(*version), kFormatVersion));
  const json::value* rules_value = top.if_contains("rules");
  if (!rules_value) throw InputError("invalid policy file: no \"rules\" (write \"rules\": {} for the V1 defaults)");
  const auto& rules = as_object(*rules_value, "\"rules\"");

  std::vector<std::string> rule_names;
  for (const auto& r : catalog.rules) rule_names.push_back(r.rule);

  Policy policy = default_policy(catalog);
  for (const auto& kv : rules) {
    std::string rule(kv.key());
    const RuleInfo* info = catalog.find(rule);
    if (!info)
      throw InputError(fmt::format("invalid policy file: unknown rule {} (the rules of this database are: {})",
                                   quoted(rule), list(rule_names)));
    std::string path = "rules." + rule;
    const auto& body = as_object(kv.value(), path);
    RuleSetting& setting = policy.rules[(std::size_t)(info - catalog.rules.data())];
    for (const auto& field : body)
      if (field.key() != "severity" && field.key() != "parameters")
        throw InputError(
            fmt::format("invalid policy file: unknown key {} in {} (the keys are \"severity\" "
                        "and \"parameters\")",
                        quoted(std::string(field.key())), path));
    if (const json::value* sev = body.if_contains("severity")) {
      if (!sev->is_string() ||
          std::find(kSeverities.begin(), kSeverities.end(), std::string(sev->get_string())) == kSeverities.end())
        throw InputError(fmt::format("invalid policy file: {}.severity is {}; it must be one of: {}", path,
                                     json::serialize(*sev), list(kSeverities)));
      setting.severity = std::string(sev->get_string());
    }
    const json::value* params_value = body.if_contains("parameters");
    if (!params_value) continue;
    const auto& params = as_object(*params_value, path + ".parameters");
    for (const auto& p : params) {
      std::string name(p.key());
      std::string ppath = path + ".parameters." + name;
      if (std::find(info->parameters.begin(), info->parameters.end(), name) == info->parameters.end())
        throw InputError(fmt::format("invalid policy file: rule {} has no parameter {} (its parameters: {})",
                                     quoted(rule), quoted(name), list(info->parameters)));
      if (!p.value().is_array())
        throw InputError(
            fmt::format("invalid policy file: {} must be an array of strings, not {}", ppath, type_name(p.value())));
      std::vector<std::string> values;
      for (const auto& item : p.value().get_array()) {
        if (!item.is_string())
          throw InputError(fmt::format("invalid policy file: {} must be an array of strings; it holds {}", ppath,
                                       json::serialize(item)));
        if (item.get_string().empty())
          throw InputError(fmt::format("invalid policy file: {} holds an empty string", ppath));
        values.emplace_back(item.get_string());
      }
      if (!values.empty()) setting.parameters.emplace_back(name, std::move(values));
    }
    // the catalog's parameter order, whatever the file's
    std::sort(setting.parameters.begin(), setting.parameters.end(), [&](const Parameter& a, const Parameter& b) {
      auto pos = [&](const std::string& n) {
        return std::find(info->parameters.begin(), info->parameters.end(), n) - info->parameters.begin();
      };
      return pos(a.first) < pos(b.first);
    });
  }
  return policy;
}

std::string render_policy(const Policy& policy) {
  std::string out = fmt::format("{{\n  \"schemaguard_policy\": {},\n  \"rules\": {{", kFormatVersion);
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    const auto& r = policy.rules[i];
    out += fmt::format("{}\n    {}: {{\n      \"severity\": {},\n      \"parameters\": {{", i ? "," : "",
                       quoted(r.rule), quoted(r.severity));
    for (std::size_t j = 0; j < r.parameters.size(); ++j) {
      out += fmt::format("{}\n        {}: [", j ? "," : "", quoted(r.parameters[j].first));
      for (std::size_t k = 0; k < r.parameters[j].second.size(); ++k)
        out += (k ? ", " : "") + quoted(r.parameters[j].second[k]);
      out += "]";
    }
    out += r.parameters.empty() ? "}\n    }" : "\n      }\n    }";
  }
  out += policy.rules.empty() ? "}\n}\n" : "\n  }\n}\n";
  return out;
}

std::string describe_value(const std::vector<std::string>& value) {
  if (value.empty()) return "(V1 default)";
  std::string out = "[";
  for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + quoted(value[i]);
  return out + "]";
}

std::string Change::line() const { return rule + "." + field + ": " + from + " -> " + to; }

std::vector<Change> diff_policies(const Policy& from, const Policy& to, const Catalog& catalog) {
  static const std::vector<std::string> none;
  auto value_of = [](const RuleSetting* s, const std::string& name) -> const std::vector<std::string>& {
    if (s)
      for (const auto& p : s->parameters)
        if (p.first == name) return p.second;
    return none;
  };
  std::vector<Change> changes;
  for (const auto& info : catalog.rules) {
    const RuleSetting* a = from.find(info.rule);
    const RuleSetting* b = to.find(info.rule);
    std::string sa = a ? a->severity : info.default_severity;
    std::string sb = b ? b->severity : info.default_severity;
    if (sa != sb) changes.push_back(Change{info.rule, "severity", sa, sb});
    for (const auto& name : info.parameters) {
      const auto& va = value_of(a, name);
      const auto& vb = value_of(b, name);
      if (va != vb) changes.push_back(Change{info.rule, name, describe_value(va), describe_value(vb)});
    }
  }
  return changes;
}

std::string Finding::line() const {
  return fmt::format("{} {} {}.{}{}: {}", severity, rule, schema, table, object.empty() ? "" : " (" + object + ")",
                     message);
}

FindingDelta compare_findings(const std::vector<Finding>& before, const std::vector<Finding>& after) {
  auto key = [](const Finding& f) { return std::tie(f.schema, f.table, f.rule, f.object, f.message); };
  auto less = [&](const Finding& a, const Finding& b) { return key(a) < key(b); };
  std::vector<Finding> b = before, a = after;
  std::sort(b.begin(), b.end(), less);
  std::sort(a.begin(), a.end(), less);
  FindingDelta d;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(d.flagged), less);
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(d.cleared), less);
  return d;
}

}  // namespace sg::policy

#include "policy/store.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "support/common.hpp"

namespace sg::policy {

namespace json = boost::json;

void require_policy_support(db::Database& db) {
  if (!db.function_exists("schemaguard.violations"))
    throw Error(kExitError, "the schemaguard extension is not installed in " + db.describe() +
                                ": run \"CREATE EXTENSION schemaguard;\" as a superuser first");
  if (!db.function_exists("schemaguard.rule_parameter_catalog") ||
      !db.function_exists("schemaguard.set_rule_parameter"))
    throw Error(kExitError,
                "this schemaguard extension version has no rule parameters (0.4.0 has); update it with "
                "\"ALTER EXTENSION schemaguard UPDATE;\"");
}

Catalog load_catalog(pqxx::transaction_base& tx) {
  Catalog c;
  // WITH ORDINALITY: the extension's order. Columns by name, so that later versions may add some.
  for (const auto& row : tx.exec("SELECT c.rule, c.default_severity FROM schemaguard.rule_catalog() WITH ORDINALITY "
                                 "AS c ORDER BY c.ordinality"))
    c.rules.push_back(RuleInfo{row[0].c_str(), row[1].c_str(), {}});
  for (const auto& row : tx.exec("SELECT p.rule, p.parameter FROM schemaguard.rule_parameter_catalog() WITH ORDINALITY "
                                 "AS p ORDER BY p.ordinality"))
    for (auto& r : c.rules)
      if (r.rule == row[0].c_str()) r.parameters.push_back(row[1].c_str());
  return c;
}

Policy load_policy(pqxx::transaction_base& tx, const Catalog& catalog) {
  Policy p = default_policy(catalog);
  for (const auto& row : tx.exec("SELECT rule, severity FROM schemaguard.rules")) {
    const RuleInfo* info = catalog.find(row[0].c_str());
    if (info) p.rules[(std::size_t)(info - catalog.rules.data())].severity = row[1].c_str();
  }
  // The parameters set are the rows of rule_parameters (no row: the V1 definition), in the
  // catalog's order.
  for (const auto& row :
       tx.exec("SELECT p.rule, p.parameter, pg_catalog.to_json(p.value)::text "
               "FROM schemaguard.rule_parameter_catalog() WITH ORDINALITY AS c "
               "JOIN schemaguard.rule_parameters AS p ON p.rule = c.rule AND p.parameter = c.parameter "
               "ORDER BY c.ordinality")) {
    const RuleInfo* info = catalog.find(row[0].c_str());
    if (!info) continue;
    std::vector<std::string> values;
    json::value v = json::parse(row[2].c_str());
    if (v.is_array())
      for (const auto& item : v.get_array())
        if (item.is_string()) values.emplace_back(item.get_string());
    if (!values.empty())
      p.rules[(std::size_t)(info - catalog.rules.data())].parameters.emplace_back(row[1].c_str(), std::move(values));
  }
  return p;
}

std::vector<Finding> load_open_findings(pqxx::transaction_base& tx) {
  std::vector<Finding> out;
  for (const auto& row : tx.exec("SELECT rule, severity, schema_name, table_name, coalesce(object_name, ''), message "
                                 "FROM schemaguard.violations() WHERE status = 'open'"))
    out.push_back(
        Finding{row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str(), row[5].c_str()});
  return out;
}

namespace {

// The server's message and hint, without its CONTEXT (the line of set_rule_parameter's PL/pgSQL).
std::string server_text(const pqxx::sql_error& e) {
  auto m = db::parse_server_message(e.what(), e.sqlstate());
  std::string msg = m.message;
  if (msg.rfind("schemaguard: ", 0) == 0) msg = msg.substr(13);
  if (!m.detail.empty()) msg += "\nDETAIL:  " + m.detail;
  if (!m.hint.empty()) msg += "\nHINT:  " + m.hint;
  return msg;
}

std::string json_array(const std::vector<std::string>& values) {
  json::array a;
  for (const auto& v : values) a.emplace_back(json::string_view(v));
  return json::serialize(a);
}

const std::vector<std::string>* find_value(const RuleSetting& s, const std::string& name) {
  for (const auto& p : s.parameters)
    if (p.first == name) return &p.second;
  return nullptr;
}

}  // namespace

Staged stage_policy(pqxx::transaction_base& tx, const std::string& text, const std::string& source) {
  Staged st;
  st.catalog = load_catalog(tx);
  Policy desired;
  try {
    desired = parse_policy(text, st.catalog);
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.what());
  }
  st.before = load_policy(tx, st.catalog);
  for (std::size_t i = 0; i < st.catalog.rules.size(); ++i) {
    const RuleInfo& info = st.catalog.rules[i];
    const RuleSetting& now = st.before.rules[i];
    const RuleSetting& want = desired.rules[i];
    std::string step;
    try {
      if (now.severity != want.severity) {
        step = info.rule + ".severity";
        tx.exec_params("SELECT schemaguard.set_rule($1, $2)", info.rule, want.severity);
      }
      for (const auto& name : info.parameters) {
        const auto* a = find_value(now, name);
        const auto* b = find_value(want, name);
        step = info.rule + "." + name;
        if (b && (!a || *a != *b))
          tx.exec_params(
              "SELECT schemaguard.set_rule_parameter($1, $2, "
              "ARRAY(SELECT pg_catalog.json_array_elements_text($3::json)))",
              info.rule, name, json_array(*b));
        else if (a && !b)
          tx.exec_params("SELECT schemaguard.reset_rule_parameter($1, $2)", info.rule, name);
      }
    } catch (const pqxx::sql_error& e) {
      // libpqxx 6.4 leaves sqlstate() empty for some classes it throws, 42501 among them
      bool privilege = e.sqlstate() == "42501" || dynamic_cast<const pqxx::insufficient_privilege*>(&e);
      throw Refused(fmt::format("{}: cannot set {}, nothing was applied: {}", source, step, server_text(e)), privilege);
    }
  }
  st.after = load_policy(tx, st.catalog);
  st.changes = diff_policies(st.before, st.after, st.catalog);
  return st;
}

std::string read_policy_file(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError("cannot read policy file " + path + ": it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read policy file " + path + ": " + std::strerror(errno));
  std::stringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw InputError("cannot read policy file " + path + ": " + std::strerror(errno));
  return buf.str();
}

}  // namespace sg::policy

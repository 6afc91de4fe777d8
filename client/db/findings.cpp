#include "db/findings.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "migrations/files.hpp"
#include "migrations/sql.hpp"
#include "support/common.hpp"

namespace sg::db {

bool is_missing_object(const pqxx::sql_error& e) { return e.sqlstate() == "42883" || e.sqlstate() == "42P01"; }

void throw_no_waivers(const std::string& what) {
  throw Error(kExitError, "this schemaguard extension version has no " + what +
                              "; update it with \"ALTER EXTENSION schemaguard UPDATE;\"");
}

void require_checks(Database& db) {
  if (!db.function_exists("schemaguard.violations"))
    throw Error(kExitError, "the schemaguard extension is not installed in " + db.describe() +
                                ": run \"CREATE EXTENSION schemaguard;\" as a superuser first");
}

// The scope is the extension's: 0.4.0 and later say which tables they judge. Before that,
// the same query the extension's scope then amounted to.
std::vector<std::string> tables_in_scope(Database& db) {
  std::vector<std::string> out;
  const char* query =
      db.function_exists("schemaguard.tables_in_scope")
          ? "SELECT schema_name || '.' || table_name FROM schemaguard.tables_in_scope() ORDER BY 1"
          : "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence <> 't' "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'schemaguard') "
            "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
            "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass "
            "AND d.objid = c.oid AND d.deptype = 'e') ORDER BY 1";
  for (const auto& row : db.exec(query)) out.push_back(row[0].c_str());
  return out;
}

std::vector<output::Rule> load_rules(Database& db) {
  // The extension's own order: rule_catalog() lists the rules as the engine runs them; the view
  // adds the configured severity.
  std::vector<output::Rule> rules;
  for (const auto& row : db.exec(
           "SELECT r.rule, r.severity, r.description FROM schemaguard.rule_catalog() WITH ORDINALITY "
           "AS c(rule, default_severity, description, n) JOIN schemaguard.rules AS r ON r.rule = c.rule ORDER BY c.n"))
    rules.push_back(output::Rule{row[0].c_str(), row[1].c_str(), row[2].c_str()});
  return rules;
}

output::CheckReport load_check_report(Database& db) {
  require_checks(db);
  output::CheckReport r;
  r.database = db.dbname();
  r.rules = load_rules(db);
  for (const auto& row : db.exec(
           "SELECT rule, severity, schema_name, table_name, coalesce(object_name, ''), message, coalesce(hint, ''), "
           "status FROM schemaguard.violations() ORDER BY schema_name, table_name, rule, object_name")) {
    output::Finding f;
    f.rule = row[0].c_str();
    f.severity = row[1].c_str();
    f.schema = row[2].c_str();
    f.table = row[3].c_str();
    f.object = row[4].c_str();
    f.message = row[5].c_str();
    f.hint = row[6].c_str();
    f.status = row[7].c_str();
    r.findings.push_back(std::move(f));
  }
  r.tables = tables_in_scope(db);
  return r;
}

void locate_findings(std::vector<output::Finding>& findings, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError("migration directory \"" + dir + "\" does not exist (see --dir)");
  std::vector<std::pair<migrations::FileName, std::string>> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (auto fn = migrations::parse_file_name(name)) files.emplace_back(*fn, name);
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return migrations::compare_versions(a.first.version, b.first.version) < 0;
  });
  // Every repetition is bounded: libstdc++'s std::regex recurses once per character it repeats
  // over, and tens of thousands of blanks after CREATE (or a long quoted name) overflowed the
  // stack. Names longer than 63 bytes are cut to 63, as PostgreSQL does (NAMEDATALEN).
  static const std::regex create_table(
      R"(create\s{1,200}(?:(?:global|local)\s{1,200})?(?:(?:temp|temporary|unlogged)\s{1,200})?table\s{1,200}(?:if\s{1,200}not\s{1,200}exists\s{1,200})?(?:("[^"]{1,63}"|[A-Za-z_][A-Za-z0-9_$]{0,62})\s{0,200}\.\s{0,200})?("[^"]{1,63}"|[A-Za-z_][A-Za-z0-9_$]{0,62}))",
      std::regex::icase | std::regex::optimize);
  auto ident = [](std::string s) {
    if (s.size() >= 2 && s.front() == '"') return s.substr(1, s.size() - 2);
    for (auto& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
  };
  std::map<std::string, std::pair<std::string, int>> where;
  for (const auto& [fn, name] : files) {
    std::ifstream in(fs::path(dir) / name, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = migrations::normalize_text(buf.str());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), create_table); it != std::sregex_iterator(); ++it) {
      std::string schema = (*it)[1].matched ? ident((*it)[1].str()) : "public";
      std::string key = schema + "." + ident((*it)[2].str());
      if (!where.count(key))
        where[key] = {(fs::path(dir) / name).lexically_normal().string(),
                      migrations::line_of(text, (size_t)it->position(0))};
    }
  }
  for (auto& f : findings)
    if (auto it = where.find(f.qualified_table()); it != where.end()) {
      f.file = it->second.first;
      f.line = it->second.second;
    }
}

std::optional<std::vector<output::Waiver>> load_waivers(Database& db) {
  if (!db.relation_exists("schemaguard.waivers")) return std::nullopt;
  std::vector<output::Waiver> out;
  for (const auto& row :
       db.exec("SELECT table_name::text, rule, reason, coalesce(to_char(expires AT TIME ZONE 'UTC', "
               "'YYYY-MM-DD HH24:MI \"UTC\"'), ''), coalesce(created_by::text, ''), "
               "coalesce(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), ''), coalesce(expired, false) "
               "FROM schemaguard.waivers ORDER BY 1, 2")) {
    output::Waiver w;
    w.table = row[0].c_str();
    w.rule = row[1].c_str();
    w.reason = row[2].c_str();
    w.expires = row[3].c_str();
    w.created_by = row[4].c_str();
    w.created_at = row[5].c_str();
    w.expired = row[6].as<bool>();
    out.push_back(std::move(w));
  }
  return out;
}

std::optional<std::vector<output::Exemption>> load_exemptions(Database& db) {
  if (!db.relation_exists("schemaguard.exemptions")) return std::nullopt;
  std::vector<output::Exemption> out;
  for (const auto& row :
       db.exec("SELECT format('%s.%s', schema_name, table_name), exempted_by, coalesce(granted_by, ''), "
               "coalesce(to_char(granted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '') "
               "FROM schemaguard.exemptions ORDER BY schema_name, table_name")) {
    out.push_back(output::Exemption{row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str()});
  }
  return out;
}

std::optional<std::vector<output::PolicyParameter>> load_policy_parameters(Database& db) {
  auto has = db.exec(
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = "
      "pg_catalog.to_regclass('schemaguard.rules') "
      "AND attname = 'parameters' AND NOT attisdropped) AND pg_catalog.to_regprocedure("
      "'schemaguard.rule_parameter_catalog()') IS NOT NULL");
  if (!has[0][0].as<bool>()) return std::nullopt;
  std::vector<output::PolicyParameter> out;
  // the rules view lists every declared parameter, [] when not set (a scalar is one value)
  for (const auto& row :
       db.exec("SELECT p.rule, p.parameter, v.item FROM schemaguard.rule_parameter_catalog() WITH ORDINALITY AS p "
               "JOIN schemaguard.rules AS r ON r.rule = p.rule "
               "CROSS JOIN LATERAL pg_catalog.jsonb_array_elements_text(CASE pg_catalog.jsonb_typeof(r.parameters -> "
               "p.parameter) "
               "WHEN 'array' THEN r.parameters -> p.parameter WHEN 'string' THEN "
               "pg_catalog.jsonb_build_array(r.parameters -> "
               "p.parameter) ELSE '[]' END) "
               "WITH ORDINALITY AS v(item, n) ORDER BY p.ordinality, v.n")) {
    if (out.empty() || out.back().rule != row[0].c_str() || out.back().parameter != row[1].c_str())
      out.push_back(output::PolicyParameter{row[0].c_str(), row[1].c_str(), {}});
    out.back().value.push_back(row[2].c_str());
  }
  return out;
}

output::ComplianceReport load_compliance_report(Database& db) {
  output::ComplianceReport r;
  r.check = load_check_report(db);
  r.database = r.check.database;
  auto info = db.exec(
      "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'), current_setting('server_version'), "
      "(SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'schemaguard'), "
      "coalesce(current_setting('schemaguard.mode', true), 'enforce')");
  r.generated_at = info[0][0].c_str();
  r.server_version = info[0][1].c_str();
  r.extension_version = info[0][2].is_null() ? "?" : info[0][2].c_str();
  r.mode = info[0][3].c_str();
  if (db.relation_exists("schemaguard.migrations")) {
    auto m = db.exec(
        "SELECT count(*) OVER (), version, name, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') "
        "FROM schemaguard.migrations ORDER BY length(version) DESC, version DESC LIMIT 1");
    if (!m.empty()) {
      r.migrations_applied = m[0][0].as<long>();
      r.latest_version = m[0][1].c_str();
      r.latest_name = m[0][2].c_str();
      r.latest_applied_at = m[0][3].c_str();
    }
  }
  std::map<std::string, long> schemas;
  for (const auto& t : r.check.tables) schemas[t.substr(0, t.find('.'))]++;
  for (const auto& [s, n] : schemas) r.schemas.push_back(output::SchemaCount{s, n});
  r.tables = (long)r.check.tables.size();
  std::map<std::string, std::string> severity;
  for (const auto& rule : r.check.rules) severity[rule.id] = rule.severity;
  for (const auto& row :
       db.exec("SELECT rule, description, status, tables_checked, violations, waived, coalesce(notes, '') "
               "FROM schemaguard.compliance()")) {
    output::ComplianceRow c;
    c.rule = row[0].c_str();
    c.description = row[1].c_str();
    c.status = row[2].c_str();
    c.tables_checked = row[3].is_null() ? 0 : row[3].as<long>();
    c.violations = row[4].is_null() ? 0 : row[4].as<long>();
    c.waived = row[5].is_null() ? 0 : row[5].as<long>();
    c.notes = row[6].c_str();
    c.severity = severity.count(c.rule) ? severity[c.rule] : "";
    r.invariants.push_back(std::move(c));
  }
  r.waivers = load_waivers(db);
  r.exemptions = load_exemptions(db);
  r.policy = load_policy_parameters(db);
  return r;
}

}  // namespace sg::db

#include "fleet/inspect.hpp"

#include <chrono>

#include <fmt/format.h>

#include "db/findings.hpp"
#include "db/state.hpp"
#include "migrations/plan.hpp"
#include "support/common.hpp"

namespace sg::fleet {

namespace {

long ms_since(std::chrono::steady_clock::time_point t) {
  return (long)std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// libpq's connection messages continue on tab-indented lines: one line for a table cell
std::string join_lines(std::string s) {
  s = one_line(s);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      while (i + 1 < s.size() && (s[i + 1] == '\t' || s[i + 1] == ' ')) ++i;
      out += ' ';
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

ConfigSnapshot read_config(db::Database& db, const std::vector<output::Rule>& rules) {
  ConfigSnapshot c;
  for (const auto& r : rules) c.severities.emplace_back(r.id, r.severity);
  // 0.1.0 has no configuration tables: its configuration is the severities alone
  if (db.relation_exists("schemaguard.table_classes"))
    for (const auto& row : db.exec("SELECT relid::text, class FROM schemaguard.table_classes"))
      c.classes.emplace_back(row[0].c_str(), row[1].c_str());
  if (db.relation_exists("schemaguard.class_patterns"))
    for (const auto& row : db.exec("SELECT pattern, class FROM schemaguard.class_patterns ORDER BY position"))
      c.patterns.emplace_back(row[0].c_str(), row[1].c_str());
  if (db.relation_exists("schemaguard.waiver_entries"))
    for (const auto& row :
         db.exec("SELECT relid::text || ' ' || rule || coalesce(' until ' || to_char(expires AT TIME ZONE 'UTC', "
                 "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') FROM schemaguard.waiver_entries"))
      c.waivers.emplace_back(row[0].c_str());
  return c;
}

}  // namespace

Status classify_connect_error(const std::string& m) {
  for (const char* s : {"password authentication failed", "no password supplied", "authentication failed",
                        "pg_hba.conf rejects", "no pg_hba.conf entry", "is not permitted to log in",
                        "permission denied for database", "SSL authentication", "certificate"})
    if (m.find(s) != std::string::npos) return Status::unauthorized;
  return Status::unreachable;
}

std::unique_ptr<db::Database> connect(const Target& t, const Limits& limits) {
  auto db = std::make_unique<db::Database>(fleet_conninfo(t.dsn, limits.connect_timeout_s));
  if (limits.statement_timeout_explicit)
    db->exec(fmt::format("SET statement_timeout = {}", limits.statement_timeout_ms));
  else if (limits.statement_timeout_ms > 0)
    db->exec(
        fmt::format("SELECT pg_catalog.set_config('statement_timeout', '{}', false) "
                    "WHERE pg_catalog.current_setting('statement_timeout') = '0'",
                    limits.statement_timeout_ms));
  return db;
}

void record_exception(Row& row, const std::exception_ptr& e, const Limits& limits) {
  try {
    std::rethrow_exception(e);
  } catch (const pqxx::broken_connection& x) {
    row.status = Status::unreachable;
    row.reason = "connection lost: " + join_lines(x.what());
  } catch (const pqxx::sql_error& x) {
    auto m = db::parse_server_message(x.what(), x.sqlstate());
    row.status = Status::error;
    if (x.sqlstate() == "57014" && limits.statement_timeout_explicit)
      row.reason =
          fmt::format("statement timeout ({} ms, see --statement-timeout): {}", limits.statement_timeout_ms, m.message);
    else if (x.sqlstate() == "57014")
      row.reason = "statement timeout (the session's statement_timeout; see --statement-timeout): " + m.message;
    else if (x.sqlstate() == "42501")
      row.reason = "insufficient privilege: " + m.message;
    else
      row.reason = one_line(m.message + (m.detail.empty() ? "" : " (" + m.detail + ")"));
  } catch (const Error& x) {
    std::string msg = x.what();
    const std::string prefix = "cannot connect to the database: ";
    if (msg.rfind(prefix, 0) == 0) {
      row.status = classify_connect_error(msg);
      row.reason = join_lines(msg.substr(prefix.size()));
    } else {
      row.status = Status::error;
      row.reason = one_line(msg);
    }
  } catch (const std::exception& x) {
    row.status = Status::error;
    row.reason = std::string("internal error: ") + x.what();
  }
}

MigrationState read_migration_state(db::Database& db, const std::vector<migrations::MigrationFile>* files) {
  MigrationState m;
  auto applied = db::read_applied(db);
  m.applied = (long)applied.size();
  for (const auto& a : applied)
    if (m.head.empty() || migrations::compare_versions(a.version, m.head) > 0) {
      m.head = a.version;
      m.head_name = a.name;
    }
  if (files) {
    auto plan = migrations::make_plan(*files, applied);
    m.have_dir = true;
    m.pending = (long)plan.count(migrations::State::pending);
    m.changed = (long)plan.count(migrations::State::changed);
    m.missing = (long)plan.count(migrations::State::missing);
    m.out_of_order = (long)plan.count(migrations::State::out_of_order);
  }
  return m;
}

Row inspect(const Target& t, const InspectOptions& o) {
  Row row;
  row.target = t;
  auto started = std::chrono::steady_clock::now();
  try {
    auto dbp = connect(t, o.limits);
    auto& db = *dbp;
    row.database = db.dbname();
    std::string host = db.conn().hostname() ? db.conn().hostname() : "";
    std::string port = db.conn().port() ? db.conn().port() : "";
    row.server = host + (port.empty() ? "" : ":" + port);
    auto info = db.exec(
        "SELECT (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'schemaguard'), "
        "coalesce(current_setting('schemaguard.mode', true), 'enforce')");
    if (info[0][0].is_null()) {
      row.status = Status::no_extension;
      row.reason = "schemaguard is not installed in this database (CREATE EXTENSION schemaguard, as a superuser)";
      row.duration_ms = ms_since(started);
      return row;
    }
    row.extension_version = info[0][0].c_str();
    row.mode = info[0][1].c_str();
    std::vector<output::Rule> rules;
    if (o.findings) {
      auto report = db::load_check_report(db);
      if (!o.dir.empty()) db::locate_findings(report.findings, o.dir);
      rules = report.rules;
      row.tables = (long)report.tables.size();
      row.findings = std::move(report.findings);
    } else {
      rules = db::load_rules(db);
    }
    for (const auto& r : rules) {
      RuleCounts rc{r.id, r.severity, r.description};
      for (const auto& f : row.findings) {
        if (f.rule != r.id) continue;
        if (f.open())
          ++rc.open;
        else if (f.status == "waived")
          ++rc.waived;
        else if (f.status == "baselined")
          ++rc.baselined;
      }
      row.rules.push_back(std::move(rc));
    }
    row.fingerprint = fingerprint(read_config(db, rules));
    row.migrations = read_migration_state(db, o.files);
    row.status = o.findings ? check_status(row.findings, o.fail_on) : Status::ok;
    if (row.status == Status::violations) {
      size_t n = 0;
      for (const auto& f : row.findings) n += output::fails(f, o.fail_on) ? 1 : 0;
      row.reason = fmt::format("{} open violations fail under --fail-on", n);
    }
    if (row.migrations->changed > 0) {
      std::string drift =
          fmt::format("{} applied migration files were changed since (migrate stops on them)", row.migrations->changed);
      if (row.status == Status::ok) row.status = Status::drift;
      row.reason += (row.reason.empty() ? "" : "; ") + drift;
    }
  } catch (...) {
    record_exception(row, std::current_exception(), o.limits);
  }
  row.duration_ms = ms_since(started);
  return row;
}

std::string transaction_pooler_probe(db::Database& db, const Target& t, const Limits& limits) {
  auto pid = [](db::Database& d) { return d.exec("SELECT pg_catalog.pg_backend_pid()")[0][0].as<long>(); };
  auto other = connect(t, limits);
  for (int round = 0; round < 3; ++round) {
    long a = pid(db);
    other->exec("BEGIN");
    long b = pid(*other);
    other->exec("COMMIT");
    long a2 = pid(db);
    if (a == b || a != a2)
      return fmt::format(
          "this target is reached through a connection pooler in transaction mode (two transactions of one "
          "client ran in different server sessions: backend pids {} and {}, and another client ran in {}). "
          "migrate holds a session advisory lock for the whole run and runs no-transaction files statement by "
          "statement; through such a pooler the lock would not hold. Connect directly to PostgreSQL, or to a "
          "pool in session mode, for migrate",
          a, a2, b);
  }
  return "";
}

}  // namespace sg::fleet

#include "db/connection.hpp"

#include <cstdlib>
#include <sstream>

#include <libpq-fe.h>

#include "support/common.hpp"

namespace sg::db {

std::string resolve_conninfo(const std::string& dsn_option) {
  if (!dsn_option.empty()) return dsn_option;
  if (const char* url = std::getenv("DATABASE_URL"); url && *url) return url;
  return "";
}

namespace {
std::string quote_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}
}  // namespace

std::string normalize_conninfo(const std::string& conninfo, const std::string& dbname_override) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "out of memory";
    if (err) PQfreemem(err);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw InputError("invalid connection string: " + msg);
  }
  std::ostringstream out;
  bool has_app = false;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    std::string key = o->keyword;
    if (key == "dbname" && !dbname_override.empty()) continue;
    if (!o->val) continue;
    if (key == "fallback_application_name") has_app = true;
    out << key << '=' << quote_value(o->val) << ' ';
  }
  PQconninfoFree(opts);
  if (!dbname_override.empty()) out << "dbname=" << quote_value(dbname_override) << ' ';
  if (!has_app) out << "fallback_application_name='schemaguard'";
  return out.str();
}

std::string ServerMessage::text() const {
  // Continuation lines are aligned under the first line of their field, as psql does for DETAIL.
  auto field = [](const std::string& label, const std::string& value) {
    std::string out = label, pad(label.size(), ' ');
    for (char c : value) {
      out.push_back(c);
      if (c == '\n') out += pad;
    }
    return out;
  };
  std::string out = field(severity.empty() ? "" : severity + ":  ", message);
  if (!detail.empty()) out += "\n" + field("DETAIL:  ", detail);
  if (!hint.empty()) out += "\n" + field("HINT:  ", hint);
  if (!position.empty()) out += "\n" + position;
  if (!context.empty()) out += "\n" + field("CONTEXT:  ", context);
  return out;
}

ServerMessage parse_server_message(const std::string& formatted, const std::string& sqlstate) {
  ServerMessage m;
  m.sqlstate = sqlstate;
  std::istringstream in(formatted);
  std::string line;
  std::string* field = &m.message;
  bool first = true;
  auto strip = [](std::string s, size_t n) {
    s = s.substr(n);
    size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    return s.substr(i);
  };
  while (std::getline(in, line)) {
    if (first) {
      first = false;
      for (const char* sev : {"ERROR:", "FATAL:", "PANIC:", "WARNING:", "NOTICE:"}) {
        std::string p = sev;
        if (line.rfind(p, 0) == 0) {
          m.severity = p.substr(0, p.size() - 1);
          line = strip(line, p.size());
          break;
        }
      }
      m.message = line;
      continue;
    }
    if (line.rfind("DETAIL:", 0) == 0) {
      field = &m.detail;
      *field = strip(line, 7);
      continue;
    }
    if (line.rfind("HINT:", 0) == 0) {
      field = &m.hint;
      *field = strip(line, 5);
      continue;
    }
    if (line.rfind("CONTEXT:", 0) == 0) {
      field = &m.context;
      *field = strip(line, 8);
      continue;
    }
    if (line.rfind("LINE ", 0) == 0) {
      field = &m.position;
      *field = line;
      continue;
    }
    if (line.rfind("QUERY:", 0) == 0) {
      field = nullptr;
      continue;
    }
    if (field) *field += "\n" + line;
  }
  while (!m.message.empty() && m.message.back() == '\n') m.message.pop_back();
  return m;
}

struct Database::Notices : pqxx::errorhandler {
  explicit Notices(pqxx::connection_base& c) : pqxx::errorhandler(c) {}
  bool operator()(const char msg[]) noexcept override {
    try {
      std::string s = msg;
      while (!s.empty() && s.back() == '\n') s.pop_back();
      items.push_back(std::move(s));
    } catch (...) {
    }
    return false;
  }
  std::vector<std::string> items;
};

Database::Database(const std::string& conninfo) {
  std::string ci = normalize_conninfo(conninfo);
  try {
    conn_ = std::make_unique<pqxx::connection>(ci);
  } catch (const pqxx::broken_connection& e) {
    std::string msg = e.what();
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw Error(kExitError, "cannot connect to the database: " + msg);
  } catch (const pqxx::sql_error& e) {
    std::string msg = e.what();
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw Error(kExitError, "cannot connect to the database: " + msg);
  }
  notices_ = std::make_unique<Notices>(*conn_);
}

Database::~Database() {
  notices_.reset();
  conn_.reset();
}

pqxx::result Database::exec(const std::string& sql) {
  pqxx::nontransaction tx(*conn_);
  return tx.exec(sql);
}

std::vector<std::string> Database::take_notices() {
  std::vector<std::string> out;
  out.swap(notices_->items);
  return out;
}

std::string Database::dbname() const { return conn_->dbname(); }

std::string Database::describe() const {
  std::string host = conn_->hostname() ? conn_->hostname() : "";
  std::string port = conn_->port() ? conn_->port() : "";
  return "database \"" + std::string(conn_->dbname()) + "\"" + (host.empty() ? "" : " on " + host) +
         (port.empty() ? "" : ":" + port);
}

int Database::backend_pid() const { return conn_->backendpid(); }

bool Database::relation_exists(const std::string& qualified_name) {
  auto r = exec_params("SELECT pg_catalog.to_regclass($1) IS NOT NULL", qualified_name);
  return r[0][0].as<bool>();
}

bool Database::function_exists(const std::string& qualified_name) {
  auto r = exec_params(
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
      "WHERE n.nspname = split_part($1, '.', 1) AND p.proname = split_part($1, '.', 2))",
      qualified_name);
  return r[0][0].as<bool>();
}

}  // namespace sg::db

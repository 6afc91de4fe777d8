// Connections as libpq does them: --dsn, else DATABASE_URL, else the PG* environment variables.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace sg::db {

// --dsn wins, then DATABASE_URL, then "" (libpq reads PGHOST, PGPORT, PGDATABASE, PGUSER, ...).
std::string resolve_conninfo(const std::string& dsn_option);

// Any conninfo (URL or key=value) as a key=value string with dbname replaced (for the scratch
// database of `verify`) and fallback_application_name set. Throws InputError when it does not parse.
std::string normalize_conninfo(const std::string& conninfo, const std::string& dbname_override = "");

// A server error message split into its fields (libpq formats them as "ERROR:  ...\nDETAIL:  ...").
struct ServerMessage {
  std::string severity;  // ERROR, FATAL, ...
  std::string message;
  std::string detail;
  std::string hint;
  std::string context;
  std::string position;  // "LINE n: ..." excerpt with the caret
  std::string sqlstate;
  std::string text() const;  // "message\nDETAIL: ...\nHINT: ..." for people
};
ServerMessage parse_server_message(const std::string& formatted, const std::string& sqlstate = "");

// One libpqxx connection in autocommit mode; notices (WARNINGs of warn mode) are collected.
class Database {
 public:
  explicit Database(const std::string& conninfo);  // throws Error(kExitError) when it cannot connect
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  pqxx::connection& conn() { return *conn_; }
  pqxx::result exec(const std::string& sql);
  template <typename... Args>
  pqxx::result exec_params(const std::string& sql, Args&&... args) {
    pqxx::nontransaction tx(*conn_);
    return tx.exec_params(sql, std::forward<Args>(args)...);
  }
  std::string quote(const std::string& s) { return conn_->quote(s); }
  std::string quote_name(const std::string& s) { return conn_->quote_name(s); }
  std::vector<std::string> take_notices();
  std::string dbname() const;
  std::string describe() const;  // "database \"x\" on /tmp:5432"
  int backend_pid() const;
  bool relation_exists(const std::string& qualified_name);
  bool function_exists(const std::string& qualified_name);

 private:
  struct Notices;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<Notices> notices_;
};

}  // namespace sg::db

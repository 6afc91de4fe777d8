#include "session.hpp"

#include <stdexcept>

namespace fuzz {

Session::Session(std::string conninfo) : conninfo_(std::move(conninfo)) { reconnect(); }

Session::~Session() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool Session::connected() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

void Session::reconnect() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = PQconnectdb(conninfo_.c_str());
  if (PQstatus(conn_) != CONNECTION_OK)
    throw std::runtime_error("cannot connect (" + conninfo_ + "): " + PQerrorMessage(conn_));
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // WARNINGs of warn-level rules
}

Result Session::exec(const std::string& sql) {
  Result result;
  PGresult* res = PQexec(conn_, sql.c_str());
  ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    result.ok = true;
    for (int r = 0; r < PQntuples(res); ++r) {
      result.rows.emplace_back();
      for (int c = 0; c < PQnfields(res); ++c)
        result.rows.back().push_back(PQgetisnull(res, r, c) ? "" : PQgetvalue(res, r, c));
    }
  } else {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    result.sqlstate = state ? state : "";
    result.message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
    if (result.message.empty()) result.message = PQerrorMessage(conn_);
  }
  if (res) PQclear(res);
  return result;
}

Result Session::must(const std::string& sql) {
  Result result = exec(sql);
  if (!result.ok) throw std::runtime_error("query failed: " + result.message + "query: " + sql);
  return result;
}

std::string Session::scalar(const std::string& sql) {
  Result result = must(sql);
  return result.rows.empty() || result.rows[0].empty() ? "" : result.rows[0][0];
}

std::string quote_ident(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace fuzz

// One libpq connection, statement by statement, reporting errors as values: the fuzzer
// needs every outcome of every statement (and of COMMIT) as data, not as exceptions.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <vector>

namespace fuzz {

struct Result {
  bool ok = false;
  std::string sqlstate;  // empty when ok
  std::string message;   // primary message, detail and hint of an error
  std::vector<std::vector<std::string>> rows;
};

class Session {
 public:
  explicit Session(std::string conninfo);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool connected() const;
  void reconnect();
  Result exec(const std::string& sql);
  // exec that must succeed: throws std::runtime_error with the message otherwise
  Result must(const std::string& sql);
  std::string scalar(const std::string& sql);

 private:
  std::string conninfo_;
  PGconn* conn_ = nullptr;
};

// "name" with embedded quotes doubled: always quoted, which is always valid.
std::string quote_ident(const std::string& name);

}  // namespace fuzz

// Shared vocabulary of the client: exit codes, errors, console output.
#pragma once
#include <cstdio>
#include <stdexcept>
#include <string>

namespace sg {

// Exit codes (SPEC §7, docs/client.md).
enum Exit : int {
  kExitOk = 0,      // success / compliant
  kExitFailed = 1,  // violations, a rejected or failed migration
  kExitError = 2,   // usage, input, connection or internal error
};

// An error that ends the command with a given exit code and a message for the user.
struct Error : std::runtime_error {
  int exit_code;
  Error(int code, const std::string& message) : std::runtime_error(message), exit_code(code) {}
};

// Bad input: usage, migration directory, file contents (exit 2).
struct InputError : Error {
  explicit InputError(const std::string& message) : Error(kExitError, message) {}
};

// Terminal output honouring --quiet / --verbose, TTY and NO_COLOR.
class Console {
 public:
  bool quiet = false;
  bool verbose = false;
  bool color_out = false;    // stdout may use ANSI colors
  bool color_err = false;    // stderr may use ANSI colors
  bool progress = false;     // stderr is a TTY: progress lines allowed
  bool info_stderr = false;  // info() on stderr (stdout carries a machine-readable result)
  std::string prefix;        // put before every line (fleet: "[target] "), empty for one database

  static Console detect(bool quiet, bool verbose);

  // Normal output on stdout (suppressed by --quiet).
  void info(const std::string& line) const;
  // Only with --verbose, on stderr.
  void debug(const std::string& line) const;
  // Always, on stderr.
  void warn(const std::string& line) const;
  void error(const std::string& line) const;
  // Lines of detail under an error (e.g. the server's message), on stderr, each indented.
  void detail(const std::string& text) const;
  // Progress line on stderr, overwritten in place (TTY only, not quiet).
  void progress_line(const std::string& line) const;
  void progress_done() const;

  std::string red(const std::string& s, bool err = false) const { return paint("31", s, err); }
  std::string yellow(const std::string& s, bool err = false) const { return paint("33", s, err); }
  std::string green(const std::string& s, bool err = false) const { return paint("32", s, err); }
  std::string bold(const std::string& s, bool err = false) const { return paint("1", s, err); }
  std::string dim(const std::string& s, bool err = false) const { return paint("2", s, err); }

 private:
  std::string paint(const char* code, const std::string& s, bool err) const;
  mutable bool progress_shown_ = false;
};

}  // namespace sg

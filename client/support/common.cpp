#include "support/common.hpp"

#include <cstdlib>
#include <unistd.h>

namespace sg {

Console Console::detect(bool quiet, bool verbose) {
  Console c;
  c.quiet = quiet;
  c.verbose = verbose;
  const char* no_color = std::getenv("NO_COLOR");
  bool allow_color = !(no_color && *no_color);
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") allow_color = false;
  c.color_out = allow_color && isatty(STDOUT_FILENO);
  c.color_err = allow_color && isatty(STDERR_FILENO);
  c.progress = !quiet && isatty(STDERR_FILENO);
  return c;
}

std::string Console::paint(const char* code, const std::string& s, bool err) const {
  if (!(err ? color_err : color_out)) return s;
  return std::string("\033[") + code + "m" + s + "\033[0m";
}

void Console::info(const std::string& line) const {
  if (quiet) return;
  progress_done();
  std::FILE* out = info_stderr ? stderr : stdout;
  std::fprintf(out, "%s%s\n", prefix.c_str(), line.c_str());
  std::fflush(out);
}

void Console::debug(const std::string& line) const {
  if (!verbose) return;
  progress_done();
  std::fprintf(stderr, "%s%s\n", prefix.c_str(), dim(line, true).c_str());
}

void Console::warn(const std::string& line) const {
  progress_done();
  std::fprintf(stderr, "%s%s %s\n", prefix.c_str(), yellow("warning:", true).c_str(), line.c_str());
}

void Console::error(const std::string& line) const {
  progress_done();
  std::fprintf(stderr, "%s%s %s\n", prefix.c_str(), red("error:", true).c_str(), line.c_str());
}

void Console::detail(const std::string& text) const {
  progress_done();
  std::string out = prefix + "  ";
  for (char ch : text) {
    out.push_back(ch);
    if (ch == '\n') out += prefix + "  ";
  }
  std::fprintf(stderr, "%s\n", out.c_str());
}

void Console::progress_line(const std::string& line) const {
  if (!progress) return;
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  progress_shown_ = true;
}

void Console::progress_done() const {
  if (!progress_shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  progress_shown_ = false;
}

}  // namespace sg

// The one bridge between C++ and PostgreSQL error handling.
//
//  * guarded(body): every entry point PostgreSQL calls (SQL functions, event
//    triggers, transaction callbacks) runs its C++ through this. No C++ exception
//    escapes: a PostgreSQL error caught on the way is re-thrown as itself, any other
//    exception becomes an ereport(ERROR).
//  * pg_call(fn): C++ calls PostgreSQL only through this. A PostgreSQL error
//    (longjmp) is caught with PG_TRY and re-thrown as a C++ PgError.
//
// Rule for lambdas given to pg_call: they hold no local with a destructor while
// calling PostgreSQL, because a longjmp skips destructors. Write results into
// objects owned by the caller.
#pragma once

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "pg_headers.hpp"

namespace schemaguard {

// A PostgreSQL error caught by pg_call, carried as a C++ exception.
class PgError : public std::exception {
 public:
  explicit PgError(ErrorData* data) : data_(data) {}
  ErrorData* data() const { return data_; }
  const char* what() const noexcept override { return data_ && data_->message ? data_->message : "PostgreSQL error"; }

 private:
  ErrorData* data_;  // palloc'd by CopyErrorData in the caller's memory context
};

// An error schemaguard raises itself, with its SQLSTATE, DETAIL and HINT.
struct GuardError : std::exception {
  GuardError(int sqlstate_, std::string message_, std::string detail_ = {}, std::string hint_ = {})
      : sqlstate(sqlstate_), message(std::move(message_)), detail(std::move(detail_)), hint(std::move(hint_)) {}
  const char* what() const noexcept override { return message.c_str(); }
  int sqlstate;
  std::string message;
  std::string detail;
  std::string hint;
};

template <typename F>
auto pg_call(F&& fn) -> decltype(fn()) {
  using Result = decltype(fn());
  MemoryContext caller_context = CurrentMemoryContext;
  ErrorData* volatile pg_error = nullptr;
  std::exception_ptr cpp_error;
  typename std::conditional<std::is_void<Result>::value, int, Result>::type result{};
  PG_TRY();
  {
    try {
      if constexpr (std::is_void<Result>::value)
        fn();
      else
        result = fn();
    } catch (...) {
      cpp_error = std::current_exception();
    }
  }
  PG_CATCH();
  {
    MemoryContextSwitchTo(caller_context);
    pg_error = CopyErrorData();
    FlushErrorState();
  }
  PG_END_TRY();
  if (cpp_error) std::rethrow_exception(cpp_error);
  if (pg_error) throw PgError(pg_error);
  if constexpr (!std::is_void<Result>::value) return result;
}

// CHECK_FOR_INTERRUPTS through pg_call: every loop over catalog rows, tables or
// findings calls it, so that a cancel (pg_cancel_backend, statement_timeout) ends a
// long check promptly, at commit too (the check runs at PRE_COMMIT, where an ERROR
// aborts the transaction cleanly).
inline void check_for_interrupts() {
  pg_call([] { CHECK_FOR_INTERRUPTS(); });
}

// Runs fn through pg_call with context as the current memory context, so that what
// PostgreSQL allocates for it is freed with that context. Same rules as pg_call.
template <typename F>
auto pg_call_in(MemoryContext context, F&& fn) -> decltype(fn()) {
  constexpr bool returns_void = std::is_void<decltype(fn())>::value;
  return pg_call([&] {
    // pg-call-check: forwards (fn's own lambda is checked where pg_call_in is called)
    MemoryContext caller = MemoryContextSwitchTo(context);
    if constexpr (returns_void) {
      fn();
      MemoryContextSwitchTo(caller);
    } else {
      auto result = fn();
      MemoryContextSwitchTo(caller);
      return result;
    }
  });
}

namespace detail {

// malloc'd copy: neither throws nor longjmps, so it is safe inside a catch block.
inline char* copy_for_report(const char* prefix, const char* text) {
  std::size_t prefix_length = std::strlen(prefix), text_length = std::strlen(text);
  char* copy = static_cast<char*>(std::malloc(prefix_length + text_length + 1));
  if (!copy) return nullptr;
  std::memcpy(copy, prefix, prefix_length);
  std::memcpy(copy + prefix_length, text, text_length + 1);
  return copy;
}
inline char* copy_for_report(const std::string& text) { return copy_for_report("", text.c_str()); }

// Moves a malloc'd string into the current memory context (or NULL).
inline char* to_palloc(char* text) {
  if (!text) return nullptr;
  char* copy = pstrdup(text);
  std::free(text);
  return copy;
}

[[noreturn]] void report_and_throw(int sqlstate, char* message, char* detail, char* hint);

}  // namespace detail

// Runs body and turns anything it throws into a PostgreSQL error. The catch blocks
// only copy with malloc; ereport happens after they end, so no longjmp ever leaves
// a catch block or crosses a frame owning C++ resources.
template <typename F>
auto guarded(F&& body) -> decltype(body()) {
  ErrorData* pg_error = nullptr;
  int sqlstate = ERRCODE_INTERNAL_ERROR;
  char* message = nullptr;
  char* detail_text = nullptr;
  char* hint = nullptr;
  try {
    return body();
  } catch (const PgError& error) {
    pg_error = error.data();
  } catch (const GuardError& error) {
    sqlstate = error.sqlstate;
    message = detail::copy_for_report(error.message);
    if (!error.detail.empty()) detail_text = detail::copy_for_report(error.detail);
    if (!error.hint.empty()) hint = detail::copy_for_report(error.hint);
  } catch (const std::bad_alloc&) {
    sqlstate = ERRCODE_OUT_OF_MEMORY;
  } catch (const std::exception& error) {
    message = detail::copy_for_report("schemaguard internal error: ", error.what());
  } catch (...) {
    message = detail::copy_for_report("schemaguard internal error: ", "unknown exception");
  }
  if (pg_error) ReThrowError(pg_error);
  detail::report_and_throw(sqlstate, message, detail_text, hint);
}

}  // namespace schemaguard

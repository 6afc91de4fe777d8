#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "commands/commands.hpp"

using sg::commands::lock_timeout_ms;

TEST_CASE("--lock-timeout: NaN is refused and huge values do not overflow (found by fuzz_cli)", "[options]") {
  // CLI11's NonNegativeNumber lets "nan" and "1e300" through; converting them to milliseconds
  // as a long was undefined behaviour (in practice a negative timeout: give up at once)
  CHECK(lock_timeout_ms(60).count() == 60000);
  CHECK(lock_timeout_ms(0).count() == 0);
  CHECK(lock_timeout_ms(0.25).count() == 250);
  CHECK(lock_timeout_ms(1e300).count() == 1000000000000LL);
  CHECK(lock_timeout_ms(std::numeric_limits<double>::max()).count() > 0);
  CHECK_THROWS_AS(lock_timeout_ms(std::nan("")), sg::InputError);
  CHECK_THROWS_AS(lock_timeout_ms(-1), sg::InputError);
}

TEST_CASE("--lock-timeout text: a number of seconds, or a clear message", "[options]") {
  using sg::commands::check_seconds;
  CHECK(check_seconds("2") == "");
  CHECK(check_seconds("0.5") == "");
  CHECK(check_seconds("0") == "");
  CHECK(check_seconds("1e3") == "");
  CHECK(check_seconds("2s") == "expects a non-negative number of seconds without a unit (e.g. 2 or 0.5), got \"2s\"");
  CHECK(check_seconds("") != "");
  CHECK(check_seconds("-1") != "");
  CHECK(check_seconds("nan") != "");
  CHECK(check_seconds("abc") != "");
}

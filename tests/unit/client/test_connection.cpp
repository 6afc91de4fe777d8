#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "support/common.hpp"

using namespace sg::db;

TEST_CASE("connection strings: URL or key=value, with a database override", "[db]") {
  std::string ci = normalize_conninfo("postgresql://alice@db.example:6543/app?sslmode=disable", "scratch");
  CHECK(ci.find("host='db.example'") != std::string::npos);
  CHECK(ci.find("port='6543'") != std::string::npos);
  CHECK(ci.find("user='alice'") != std::string::npos);
  CHECK(ci.find("dbname='scratch'") != std::string::npos);
  CHECK(ci.find("dbname='app'") == std::string::npos);
  CHECK(ci.find("fallback_application_name='schemaguard'") != std::string::npos);
  CHECK(normalize_conninfo("host=x dbname='it\\'s'").find("dbname='it\\'s'") != std::string::npos);
  CHECK(normalize_conninfo("") == "fallback_application_name='schemaguard'");
  CHECK_THROWS_AS(normalize_conninfo("host=x = nonsense"), sg::InputError);
}

TEST_CASE("--dsn wins over DATABASE_URL", "[db]") {
  setenv("DATABASE_URL", "postgresql:///fromenv", 1);
  CHECK(resolve_conninfo("dbname=x") == "dbname=x");
  CHECK(resolve_conninfo("") == "postgresql:///fromenv");
  unsetenv("DATABASE_URL");
  CHECK(resolve_conninfo("") == "");
}

TEST_CASE("server messages split into message, DETAIL and HINT", "[db]") {
  auto m = parse_server_message(
      "ERROR:  schemaguard: 2 violations of the V1 invariants\n"
      "DETAIL:  primary_key: table public.tracks: primary key column \"id\" is bigint\n"
      "timestamps: table public.tracks: column \"updated_at\" is missing\n"
      "HINT:  ALTER TABLE public.tracks ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();\n",
      "42P17");
  CHECK(m.severity == "ERROR");
  CHECK(m.message == "schemaguard: 2 violations of the V1 invariants");
  CHECK(m.detail ==
        "primary_key: table public.tracks: primary key column \"id\" is bigint\n"
        "timestamps: table public.tracks: column \"updated_at\" is missing");
  CHECK(m.hint == "ALTER TABLE public.tracks ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();");
  CHECK(m.text().find("\n         timestamps:") != std::string::npos);  // aligned under DETAIL
}

#include <catch2/catch.hpp>

#include "migrations/plan.hpp"

using namespace sg::migrations;

namespace {
MigrationFile file(const std::string& v, const std::string& name, const std::string& sql = "SELECT 1;") {
  MigrationFile f;
  f.version = v;
  f.name = name;
  f.filename = v + "_" + name + ".sql";
  f.sql = sql;
  f.checksum = checksum(sql);
  return f;
}
AppliedRow row(const std::string& v, const std::string& name, const std::string& sql = "SELECT 1;") {
  AppliedRow r;
  r.version = v;
  r.name = name;
  r.checksum = checksum(sql);
  return r;
}
}  // namespace

TEST_CASE("plan: applied, pending, changed, missing, out of order", "[plan]") {
  std::vector<MigrationFile> files{file("1", "a"), file("2", "b", "SELECT 2; -- edited"), file("3", "c"),
                                   file("5", "e"), file("10", "j")};
  std::vector<AppliedRow> applied{row("1", "a"), row("2", "b", "SELECT 2;"), row("4", "d"), row("5", "e")};
  auto plan = make_plan(files, applied);
  REQUIRE(plan.entries.size() == 6);
  CHECK(plan.entries[0].state == State::applied);
  CHECK(plan.entries[1].state == State::changed);
  CHECK(plan.entries[2].state == State::out_of_order);
  CHECK(plan.entries[3].state == State::missing);
  CHECK(plan.entries[3].version == "4");
  CHECK(plan.entries[4].state == State::applied);
  CHECK(plan.entries[5].state == State::pending);
  CHECK(plan.highest_applied == "5");
  CHECK(plan.count(State::pending) == 1);

  auto todo = plan.to_apply(false, "");
  REQUIRE(todo.size() == 1);
  CHECK(todo[0]->version == "10");
  auto with_ooo = plan.to_apply(true, "");
  REQUIRE(with_ooo.size() == 2);
  CHECK(with_ooo[0]->version == "3");
  CHECK(plan.to_apply(true, "9").size() == 1);
}

TEST_CASE("plan: a fresh database has everything pending, in numeric order", "[plan]") {
  std::vector<MigrationFile> files{file("2", "b"), file("10", "j"), file("100", "k")};
  auto plan = make_plan(files, {});
  auto todo = plan.to_apply(false, "");
  REQUIRE(todo.size() == 3);
  CHECK(todo[0]->version == "2");
  CHECK(todo[2]->version == "100");
  CHECK(plan.to_apply(false, "10").size() == 2);
  CHECK(plan.highest_applied.empty());
}

TEST_CASE("plan: stored versions with leading zeros still match", "[plan]") {
  std::vector<MigrationFile> files{file("7", "g")};
  auto plan = make_plan(files, {row("0007", "g")});
  REQUIRE(plan.entries.size() == 1);
  CHECK(plan.entries[0].state == State::applied);
}

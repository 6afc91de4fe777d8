#include <catch2/catch.hpp>

#include "db/findings.hpp"
#include "temp_dir.hpp"

using sg::output::Finding;

namespace {
Finding finding(const std::string& schema, const std::string& table) {
  Finding f;
  f.schema = schema;
  f.table = table;
  return f;
}
}  // namespace

TEST_CASE("findings point at the file and line creating their table", "[findings]") {
  TempDir d;
  d.write("1_a.sql", "-- users\nCREATE TABLE users (id int);\n");
  d.write("2_b.sql", "SELECT 1;\ncreate unlogged table if not exists App.\"Orders\" ();\nCREATE TABLE users ();\n");
  std::vector<Finding> f{finding("public", "users"), finding("app", "Orders"), finding("public", "nowhere")};
  sg::db::locate_findings(f, d.str());
  CHECK(f[0].file == d.str() + "/1_a.sql");
  CHECK(f[0].line == 2);
  CHECK(f[1].file == d.str() + "/2_b.sql");
  CHECK(f[1].line == 2);
  CHECK(f[2].file.empty());
  CHECK(f[2].line == 0);
}

TEST_CASE("long runs after CREATE do not overflow the stack (found by fuzz_locate_findings)", "[findings]") {
  // std::regex recursed once per repeated character: ~30,000 blanks crashed `check --dir`
  TempDir d;
  d.write("1_a.sql", "CREATE" + std::string(200000, ' ') + "TABLE spaced ();\n");
  d.write("2_b.sql", "CREATE TABLE \"" + std::string(200000, 'q') + "\" ();\nCREATE TABLE\n  after_long ();\n");
  d.write("3_c.sql", "CREATE TABLE " + std::string(200000, 'x') + " ();\n");
  std::vector<Finding> f{finding("public", "spaced"), finding("public", "after_long"),
                         finding("public", std::string(63, 'x'))};
  sg::db::locate_findings(f, d.str());
  CHECK(f[0].file.empty());  // more than 200 blanks between the words: not recognised, and no crash
  CHECK(f[1].file == d.str() + "/2_b.sql");
  CHECK(f[1].line == 2);
  CHECK(f[2].file == d.str() + "/3_c.sql");  // PostgreSQL cuts names to 63 bytes
}

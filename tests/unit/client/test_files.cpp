#include <catch2/catch.hpp>

#include "migrations/files.hpp"
#include "support/common.hpp"
#include "temp_dir.hpp"

using namespace sg::migrations;

TEST_CASE("file names: <version>_<name>.sql", "[files]") {
  auto a = parse_file_name("0001_create_users.sql");
  REQUIRE(a);
  CHECK(a->version == "1");
  CHECK(a->name == "create_users");
  auto ts = parse_file_name("20240131120000_add_index.sql");
  REQUIRE(ts);
  CHECK(ts->version == "20240131120000");
  CHECK(ts->name == "add_index");
  CHECK(parse_file_name("0000_zero.sql")->version == "0");
  CHECK_FALSE(parse_file_name("create_users.sql"));
  CHECK_FALSE(parse_file_name("0001.sql"));
  CHECK_FALSE(parse_file_name("0001_.sql"));
  CHECK_FALSE(parse_file_name("0001-users.sql"));
  CHECK_FALSE(parse_file_name("0001_users.sql.bak"));
  CHECK_FALSE(parse_file_name("v1_users.sql"));
}

TEST_CASE("versions compare numerically, whatever their width", "[files]") {
  CHECK(compare_versions("2", "10") < 0);
  CHECK(compare_versions("0010", "9") > 0);
  CHECK(compare_versions("007", "7") == 0);
  CHECK(compare_versions("20240101000000", "99") > 0);
  CHECK(compare_versions("123456789012345678901234567890", "123456789012345678901234567891") < 0);
  CHECK(normalize_version("000") == "0");
  CHECK(is_version("0012"));
  CHECK_FALSE(is_version("12a"));
  CHECK_FALSE(is_version(""));
}

TEST_CASE("checksum: SHA-256 after removing a BOM and normalising line endings", "[files][checksum]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string lf = "CREATE TABLE a ();\nSELECT 1;\n";
  CHECK(checksum(lf) == sha256_hex(lf));
  CHECK(checksum("CREATE TABLE a ();\r\nSELECT 1;\r\n") == checksum(lf));
  CHECK(checksum("CREATE TABLE a ();\rSELECT 1;\r") == checksum(lf));
  CHECK(checksum("\xEF\xBB\xBF" + lf) == checksum(lf));
  CHECK(checksum(lf + " ") != checksum(lf));
  CHECK(checksum("create table a ();\nSELECT 1;\n") != checksum(lf));
}

TEST_CASE("UTF-8 validation", "[files]") {
  CHECK(valid_utf8("plain ascii"));
  CHECK(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(valid_utf8("caf\xE9"));       // Latin-1
  CHECK_FALSE(valid_utf8("\xC0\xAF"));      // overlong
  CHECK_FALSE(valid_utf8("\xED\xA0\x80"));  // surrogate
  CHECK_FALSE(valid_utf8("\xE2\x82"));      // truncated
  CHECK(first_invalid_utf8("ab\xFF") == 2);
}

TEST_CASE("directives", "[files][directives]") {
  CHECK(parse_directives("-- schemaguard:no-transaction\nCREATE INDEX CONCURRENTLY x ON t (a);", "f").no_transaction);
  CHECK(parse_directives("--schemaguard:no-transaction  \nSELECT 1;", "f").no_transaction);
  CHECK_FALSE(parse_directives("CREATE TABLE t ();\n-- schemaguard:no-transaction\n", "f").no_transaction);
  CHECK_FALSE(parse_directives("-- a comment\nSELECT 1;", "f").no_transaction);
  CHECK_THROWS_AS(parse_directives("-- schemaguard:no-transactions\nSELECT 1;", "f"), sg::InputError);
  CHECK_THROWS_AS(parse_directives("-- header\n-- schemaguard:no-transaction\nSELECT 1;", "f"), sg::InputError);
}

TEST_CASE("directory scan: numeric order and rejected input", "[files][scan]") {
  TempDir d;
  d.write("10_c.sql", "SELECT 10;");
  d.write("2_b.sql", "SELECT 2;");
  d.write("0001_a.sql", "SELECT 1;");
  d.write("README.md", "not a migration");
  d.write(".hidden.sql", "ignored");
  auto files = scan_directory(d.str());
  REQUIRE(files.size() == 3);
  CHECK(files[0].filename == "0001_a.sql");
  CHECK(files[1].filename == "2_b.sql");
  CHECK(files[2].filename == "10_c.sql");
  CHECK(files[2].checksum == checksum("SELECT 10;"));

  SECTION("duplicate versions") {
    d.write("002_again.sql", "SELECT 2;");
    CHECK_THROWS_WITH(scan_directory(d.str()), Catch::Contains("duplicate migration version 2"));
  }
  SECTION("a name without a version") {
    d.write("add_users.sql", "SELECT 1;");
    CHECK_THROWS_WITH(scan_directory(d.str()), Catch::Contains("add_users.sql"));
  }
  SECTION("an empty file") {
    d.write("11_empty.sql", "  \n-- only a comment\n");
    CHECK_THROWS_WITH(scan_directory(d.str()), Catch::Contains("no SQL statement"));
  }
  SECTION("invalid UTF-8") {
    d.write("11_latin1.sql", "SELECT 1;\nSELECT 'caf\xE9';\n");
    CHECK_THROWS_WITH(scan_directory(d.str()), Catch::Contains("not valid UTF-8 (line 2)"));
  }
  SECTION("missing directory") { CHECK_THROWS_AS(scan_directory(d.str() + "/nope"), sg::InputError); }
}

TEST_CASE("invalid UTF-8 is reported on the same line whatever the line endings (found by fuzz_sql_file)", "[files]") {
  TempDir d;
  FileName fn{"1", "a"};
  for (const char* nl : {"\n", "\r\n", "\r"}) {
    std::string text = std::string("SELECT 1;") + nl + "SELECT 2;" + nl + "SELECT 'caf\xE9';" + nl;
    CHECK_THROWS_WITH(load_file(d.write("1_a.sql", text), "1_a.sql", fn), Catch::Contains("not valid UTF-8 (line 3)"));
  }
}

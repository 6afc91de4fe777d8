#include <catch2/catch.hpp>

#include "migrations/sql.hpp"

using namespace sg::migrations;

TEST_CASE("statement splitting follows PostgreSQL's lexer", "[sql]") {
  auto st = split_statements(
      "CREATE TABLE t (a text DEFAULT ';');\n"
      "-- a comment; with a semicolon\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n"
      "CREATE INDEX CONCURRENTLY idx_t_a ON t (a)");
  REQUIRE(st.size() == 3);
  CHECK(st[0].text == "CREATE TABLE t (a text DEFAULT ';')");
  CHECK(st[0].line == 1);
  CHECK(st[1].text.find("$$ SELECT 1; $$") != std::string::npos);
  CHECK(st[2].text == "CREATE INDEX CONCURRENTLY idx_t_a ON t (a)");
  CHECK(st[2].line == 4);
}

TEST_CASE("statement counting: comments alone are empty", "[sql]") {
  CHECK(count_statements("") == 0);
  CHECK(count_statements("-- nothing\n/* still nothing */\n") == 0);
  CHECK(count_statements("SELECT 1; SELECT 2;") == 2);
  CHECK(count_statements("SELEC garbage (") >= 1);
}

TEST_CASE("transaction control statements are found at top level only", "[sql]") {
  CHECK(transaction_control_statements("CREATE TABLE t (); SAVEPOINT a; RELEASE a;").empty());
  auto tc = transaction_control_statements("CREATE TABLE t ();\nCOMMIT;\nBEGIN;\nCREATE TABLE u ();");
  REQUIRE(tc.size() == 2);
  CHECK(tc[0] == "COMMIT (line 2)");
  CHECK(tc[1] == "BEGIN (line 3)");
  CHECK(transaction_control_statements("END;").size() == 1);
  CHECK(transaction_control_statements("ROLLBACK;").size() == 1);
  CHECK(transaction_control_statements("START TRANSACTION;").size() == 1);
  CHECK(transaction_control_statements("SELECT 'COMMIT;'; DO $$ BEGIN PERFORM 1; END $$;").empty());
  CHECK(transaction_control_statements("this is not SQL").empty());
}

TEST_CASE("an unterminated tail is kept for the server to reject", "[sql]") {
  auto st = split_statements("SELECT 1;\nCREATE TABLE t (a int");
  REQUIRE(st.size() == 2);
  CHECK(st[1].text == "CREATE TABLE t (a int");
  CHECK(st[1].line == 2);
  CHECK(split_statements("SELECT 1;\n-- trailing comment\n").size() == 1);
}

TEST_CASE("nested block comments are comments, not a statement (found by fuzz_split_statements)", "[sql]") {
  CHECK(count_statements("/*/*.**/*/") == 0);
  CHECK(count_statements("/* outer /* inner */ still outer */\n") == 0);
  CHECK(split_statements("SELECT 1;\n/* a /* b */ c */\n").size() == 1);
  auto st = split_statements("SELECT 1;\n/* a /* b */ c */ SELECT 2");
  REQUIRE(st.size() == 2);
  CHECK(st[1].text == "/* a /* b */ c */ SELECT 2");
}

TEST_CASE("text that does not parse keeps statements without keywords (found by fuzz_split_statements)", "[sql]") {
  // the scanner-based splitter skips "reindx i2" (no keyword): it must still reach the server
  auto st = split_statements(
      "CREATE INDEX CONCURRENTLY i1 ON t (a);\n"
      "reindx i2;\n"
      "CREATE INDEX CONCURRENTLY i3 ON t (b);\n");
  REQUIRE(st.size() == 3);
  CHECK(st[0].text == "CREATE INDEX CONCURRENTLY i1 ON t (a)");
  CHECK(st[1].text == "reindx i2");
  CHECK(st[1].line == 2);
  CHECK(st[2].text == "CREATE INDEX CONCURRENTLY i3 ON t (b)");
  CHECK(st[2].line == 3);
  auto first = split_statements("oops x;\nCREATE INDEX i ON t (a);");
  REQUIRE(first.size() == 2);
  CHECK(first[0].text == "oops x");
  CHECK(first[0].line == 1);
}

TEST_CASE("transaction control is found next to deeply nested SQL (found by fuzz_split_statements)", "[sql]") {
  // libpg_query's JSON tree of this view is deeper than Boost.JSON's default limit of 32
  auto tc = transaction_control_statements(
      "CREATE VIEW v AS SELECT * FROM (SELECT a FROM t WHERE a IN\n"
      "  (SELECT b FROM u WHERE b > (SELECT max(c) FROM w))) s;\n"
      "COMMIT;");
  REQUIRE(tc.size() == 1);
  CHECK(tc[0] == "COMMIT (line 3)");
  std::string deep = "SELECT " + std::string(2000, '(') + "1" + std::string(2000, ')') + ";\nBEGIN;";
  REQUIRE(transaction_control_statements(deep).size() == 1);
}

TEST_CASE("messages place a statement on its first token, not on the comments before it", "[sql]") {
  // the first statement of a no-transaction file starts with the directive line
  auto st = split_statements(
      "-- schemaguard:no-transaction\nCREATE INDEX CONCURRENTLY i1 ON t (a);\n"
      "/* why */\n\nCREATE INDEX CONCURRENTLY i2 ON t (b);\nSELECT 1");
  REQUIRE(st.size() == 3);
  CHECK(st[0].line == 1);  // where the text starts, comments included (unchanged)
  CHECK(first_token_line(st[0]) == 2);
  CHECK(first_token_line(st[1]) == 5);
  CHECK(first_token_line(st[2]) == 6);
}

TEST_CASE("CREATE INDEX CONCURRENTLY statements name the index they build", "[sql]") {
  auto a = create_index_concurrently("CREATE INDEX CONCURRENTLY idx_t_a ON t (a)");
  REQUIRE(a);
  CHECK(a->index == "idx_t_a");
  CHECK(a->table == "t");
  CHECK(a->schema.empty());
  CHECK_FALSE(a->if_not_exists);
  auto b = create_index_concurrently(
      "-- a comment\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Idx\" ON app.t USING btree (a) WHERE a > 0");
  REQUIRE(b);
  CHECK(b->index == "Idx");
  CHECK(b->schema == "app");
  CHECK(b->table == "t");
  CHECK(b->if_not_exists);
  CHECK_FALSE(create_index_concurrently("CREATE INDEX idx_t_a ON t (a)"));       // not concurrent
  CHECK_FALSE(create_index_concurrently("CREATE INDEX CONCURRENTLY ON t (a)"));  // no name
  CHECK_FALSE(create_index_concurrently("DROP INDEX CONCURRENTLY idx_t_a"));
  CHECK_FALSE(create_index_concurrently("CREATE INDEX CONCURRENTLY i ON t (a"));  // does not parse
}

#include <catch2/catch.hpp>

#include <set>

#include "shape_builder.hpp"

using namespace sgtest;

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kEAcute = "\xC3\xA9";  // é

}  // namespace

TEST_CASE("index_naming accepts idx_<table>_<first column>[_<anything>]") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  AttrNumber org_id = add_column(table, "org_id", oids::kUuid);
  AttrNumber kind = add_column(table, "kind", kText);
  add_index(table, "idx_users_email", {email});
  add_index(table, "idx_users_org_id_kind", {org_id, kind});
  add_index(table, "idx_users_email_active", {email});  // e.g. a partial index
  add_index(table, "idx_users_org_id", {org_id, kind});
  add_index(table, "idx_users_email_x", {email, org_id});
  CHECK(check_index_naming(table).empty());
}

TEST_CASE("index_naming ignores indexes backing PRIMARY KEY, UNIQUE and EXCLUDE") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  add_index(table, "users_email_key", {email}, IndexBacking::kUnique);
  add_index(table, "users_email_excl", {email}, IndexBacking::kExclusion);
  add_index(table, "whatever_pk", {1}, IndexBacking::kPrimaryKey);
  CHECK(check_index_naming(table).empty());
}

TEST_CASE("index_naming rejects other names, with a rename hint") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  add_index(table, "users_email_idx", {email});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "index_naming");
  CHECK(findings[0].object_name == "users_email_idx");
  CHECK(findings[0].message ==
        "index \"users_email_idx\" should be named \"idx_users_email\" or "
        "\"idx_users_email_<suffix>\"");
  CHECK(findings[0].hint == "ALTER INDEX public.users_email_idx RENAME TO idx_users_email;");
}

TEST_CASE("index_naming: near misses are rejected") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  AttrNumber org_id = add_column(table, "org_id", oids::kUuid);
  for (const char* name : {"idx_users_emails", "idx_users_email_", "idx_users_", "idx_user_email", "IDX_users_email",
                           "idx_users_org_id", "idx_Users_email", "idx_users_email ", "users_email"}) {
    TableShape copy = table;
    add_index(copy, name, {email, org_id});
    INFO(name);
    CHECK(check_index_naming(copy).size() == 1);
  }
}

TEST_CASE("index_naming: the rename hint names every key column") {
  TableShape table = compliant_table("users");
  AttrNumber org_id = add_column(table, "org_id", oids::kUuid);
  AttrNumber kind = add_column(table, "kind", kText);
  add_index(table, "users_org_kind", {org_id, kind});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "index \"users_org_kind\" should be named \"idx_users_org_id\" or "
        "\"idx_users_org_id_<suffix>\"");
  CHECK(findings[0].hint == "ALTER INDEX public.users_org_kind RENAME TO idx_users_org_id_kind;");
}

TEST_CASE("index_naming: the new name avoids the table's other indexes") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  add_index(table, "idx_users_email", {email});
  add_index(table, "users_email_lower", {email});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "users_email_lower");
  CHECK(findings[0].hint == "ALTER INDEX public.users_email_lower RENAME TO idx_users_email_2;");

  add_index(table, "idx_users_email_2", {email});
  findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint == "ALTER INDEX public.users_email_lower RENAME TO idx_users_email_3;");
}

TEST_CASE("index_naming: expression indexes need only idx_<table>_") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  add_index(table, "idx_users_lower_email", {0});
  add_index(table, "idx_users_x", {0, email});
  CHECK(check_index_naming(table).empty());

  add_index(table, "users_lower_email_idx", {0});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "users_lower_email_idx");
  CHECK(findings[0].message ==
        "index \"users_lower_email_idx\" on an expression should be named \"idx_users_<suffix>\"");
  CHECK(findings[0].hint == "ALTER INDEX public.users_lower_email_idx RENAME TO idx_users_expr;");

  TableShape bare = compliant_table("users");
  add_index(bare, "idx_users_", {0});
  REQUIRE(check_index_naming(bare).size() == 1);
}

TEST_CASE("index_naming: an expression after the first column does not relax the rule") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  add_index(table, "idx_users_lower", {email, 0});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint == "ALTER INDEX public.idx_users_lower RENAME TO idx_users_email_expr;");
}

TEST_CASE("index_naming: upper-case, spaced and Unicode names are raw in messages, quoted in hints") {
  TableShape table = compliant_table("User Accounts", "App");
  AttrNumber email = add_column(table, "Email", kText);
  add_index(table, "idx_user_accounts_email", {email});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "index \"idx_user_accounts_email\" should be named \"idx_User Accounts_Email\" or "
        "\"idx_User Accounts_Email_<suffix>\"");
  CHECK(findings[0].hint == "ALTER INDEX \"App\".idx_user_accounts_email RENAME TO \"idx_User Accounts_Email\";");

  TableShape good = compliant_table("User Accounts", "App");
  email = add_column(good, "Email", kText);
  add_index(good, "idx_User Accounts_Email", {email});
  CHECK(check_index_naming(good).empty());

  TableShape cafe = compliant_table("caf" + kEAcute);
  AttrNumber name = add_column(cafe, "na\xC3\xAFve", kText);  // naïve
  add_index(cafe, "cafe_naive", {name});
  findings = check_index_naming(cafe);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint == "ALTER INDEX public.cafe_naive RENAME TO \"idx_caf\xC3\xA9_na\xC3\xAFve\";");
}

TEST_CASE("index_naming compares after 63-byte truncation (ASCII)") {
  const std::string table_name(50, 't');
  TableShape table = compliant_table(table_name);
  AttrNumber col = add_column(table, "organization_identifier", kText);
  AttrNumber kind = add_column(table, "kind", kText);
  const std::string expected = "idx_" + table_name + "_organization_identifier";  // 78 bytes
  const std::string truncated = "idx_" + table_name + "_organiza";                // 63 bytes
  REQUIRE(truncate_identifier(expected) == truncated);

  SECTION("the truncated intended name is accepted") {
    add_index(table, truncated, {col, kind});
    CHECK(check_index_naming(table).empty());
  }
  SECTION("a shorter cut is not") {
    add_index(table, truncated.substr(0, 62), {col});
    CHECK(check_index_naming(table).size() == 1);
  }
  SECTION("a wrong name gets the truncated name as its fix") {
    add_index(table, "org_idx", {col, kind});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "index \"org_idx\" should be named \"" + truncated + "\"");
    CHECK(findings[0].hint == "ALTER INDEX public.org_idx RENAME TO " + truncated + ";");
  }
  SECTION("no free name left after truncation: no hint") {
    add_index(table, truncated, {col});
    add_index(table, "org_idx", {col});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].object_name == "org_idx");
    CHECK(findings[0].hint == "");
  }
}

TEST_CASE("index_naming: idx_<table>_<column>_<suffix> cut by truncation") {
  // "idx_" + 50 + "_" + "abcde" = 60 bytes; with the "_" separator, 61.
  const std::string table_name(50, 'a');
  TableShape table = compliant_table(table_name);
  AttrNumber col = add_column(table, "abcde", kText);
  const std::string base = "idx_" + table_name + "_abcde";
  REQUIRE(base.size() == 60);

  for (const std::string& name : {base, base + "_k", base + "_ab", truncate_identifier(base + "_kind_and_more")}) {
    TableShape copy = table;
    add_index(copy, name, {col});
    INFO(name);
    CHECK(check_index_naming(copy).empty());
  }
  // base + "_" alone: what PostgreSQL keeps of base + "_" + a 4-byte character.
  REQUIRE(truncate_identifier(base + "_\xF0\x9F\x98\x80") == base + "_");
  TableShape copy = table;
  add_index(copy, base + "_", {col});
  CHECK(check_index_naming(copy).empty());

  // With a shorter column the trailing "_" alone cannot come from truncation.
  TableShape shorter = compliant_table(table_name);
  col = add_column(shorter, "abc", kText);
  add_index(shorter, "idx_" + table_name + "_abc_", {col});
  CHECK(check_index_naming(shorter).size() == 1);
}

TEST_CASE("index_naming compares after 63-byte truncation (multibyte)") {
  const std::string table_name = repeat(kEAcute, 30);  // 60 bytes
  TableShape table = compliant_table(table_name);
  AttrNumber email = add_column(table, "email", kText);
  // "idx_" + 30 é + "_email" = 70 bytes; PostgreSQL keeps "idx_" + 29 é (62 bytes).
  const std::string truncated = "idx_" + repeat(kEAcute, 29);
  REQUIRE(truncate_identifier("idx_" + table_name + "_email") == truncated);

  SECTION("accepted") {
    add_index(table, truncated, {email});
    CHECK(check_index_naming(table).empty());
  }
  SECTION("expression index with the truncated prefix is accepted") {
    add_index(table, truncated, {0});
    CHECK(check_index_naming(table).empty());
  }
  SECTION("a name one character shorter is rejected; the hint is the quoted truncated name") {
    add_index(table, "idx_" + repeat(kEAcute, 28), {email});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "index \"idx_" + repeat(kEAcute, 28) + "\" should be named \"" + truncated + "\"");
    CHECK(findings[0].hint ==
          "ALTER INDEX public.\"idx_" + repeat(kEAcute, 28) + "\" RENAME TO \"" + truncated + "\";");
  }
}

TEST_CASE("index_naming: every suggested name passes the rule") {
  for (const std::string& table_name :
       {std::string("users"), std::string(58, 'u'), repeat(kEAcute, 30), std::string("My Table")}) {
    TableShape table = compliant_table(table_name);
    AttrNumber a = add_column(table, "first_column_with_a_long_name", kText);
    AttrNumber b = add_column(table, "B", kText);
    add_index(table, "bad1", {a, b});
    add_index(table, "bad2", {0, a});
    add_index(table, "bad3", {b});
    auto findings = check_index_naming(table);
    REQUIRE(findings.size() == 3);
    // Apply the renames and check again.
    // When the table name leaves room for a single acceptable name (58 bytes + "idx_" +
    // "_" = 63), only the first index can get it; the others get no hint.
    TableShape renamed = table;
    std::size_t without_hint = 0;
    for (std::size_t i = 0; i < findings.size(); ++i) {
      if (findings[i].hint.empty()) {
        CHECK(table_name.size() >= 58);
        ++without_hint;
        continue;
      }
      const std::string& hint = findings[i].hint;
      std::string name = hint.substr(hint.find(" RENAME TO ") + 11);
      name.pop_back();  // ';'
      if (name.front() == '"') name = name.substr(1, name.size() - 2);
      CHECK(name.size() <= 63);
      Index& index = renamed.indexes[renamed.indexes.size() - 3 + i];
      index.name = name;
    }
    INFO(table_name);
    CHECK(check_index_naming(renamed).size() == without_hint);
  }
}

TEST_CASE("index_naming: hints for several indexes of one table never suggest one name twice") {
  TableShape table = compliant_table("accounts");
  AttrNumber email = add_column(table, "email", kText);
  add_index(table, "idx_users_email", {email});
  add_index(table, "idx_users_email_active", {email});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].hint == "ALTER INDEX public.idx_users_email RENAME TO idx_accounts_email;");
  CHECK(findings[1].hint == "ALTER INDEX public.idx_users_email_active RENAME TO idx_accounts_email_2;");
}

TEST_CASE("index_naming: many misnamed indexes on one column get distinct names, then none") {
  // After one column rename, every index on it is misnamed. Suggestions are numbered
  // _2 ... _99 and distinct; beyond that no hint (rather than a quadratic search).
  TableShape table = compliant_table("events");
  AttrNumber kind = add_column(table, "kind", kText);
  const int count = 3000;
  for (int i = 0; i < count; ++i) add_index(table, "idx_events_type_" + std::to_string(i), {kind});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == static_cast<std::size_t>(count));
  std::set<std::string> hints;
  std::size_t with_hint = 0;
  for (const Finding& finding : findings) {
    if (finding.hint.empty()) continue;
    ++with_hint;
    CHECK(hints.insert(finding.hint.substr(finding.hint.find(" RENAME TO "))).second);
  }
  CHECK(with_hint == 99);  // idx_events_kind, then _2 ... _99
  CHECK(hints.count(" RENAME TO idx_events_kind;") == 1);
  CHECK(hints.count(" RENAME TO idx_events_kind_99;") == 1);
}

TEST_CASE("index_naming: a numbered name already taken is skipped, the next one suggested") {
  TableShape table = compliant_table("events");
  AttrNumber kind = add_column(table, "kind", kText);
  add_index(table, "idx_events_kind", {kind});
  add_index(table, "idx_events_kind_2", {kind});
  add_index(table, "bad_one", {kind});
  add_index(table, "bad_two", {kind});
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].hint == "ALTER INDEX public.bad_one RENAME TO idx_events_kind_3;");
  CHECK(findings[1].hint == "ALTER INDEX public.bad_two RENAME TO idx_events_kind_4;");
}

TEST_CASE("index_naming: a partition's own indexes are not judged (naming is its parent's business)") {
  TableShape partition = compliant_table("events_2024");
  partition.is_partition = true;
  add_index(partition, "events_2024_kind_idx", {1});
  const Rule* rule = find_rule("index_naming");
  REQUIRE(rule != nullptr);
  CHECK_FALSE(rule->judges_partitions);
  CHECK(find_rule("fk_on_delete")->judges_partitions);
}

TEST_CASE("index_naming reports an INVALID index as such, never blocking, whatever its name") {
  TableShape table = compliant_table("users");
  AttrNumber email = add_column(table, "email", kText);
  add_index(table, "users_pkey_ccnew", {1});
  add_index(table, "idx_users_email", {email});
  table.indexes[1].valid = false;  // users_pkey_ccnew, left by an interrupted REINDEX CONCURRENTLY
  table.indexes[2].valid = false;  // compliant name, failed CREATE INDEX CONCURRENTLY
  auto findings = check_index_naming(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].object_name == "users_pkey_ccnew");
  CHECK(findings[0].never_blocks);
  CHECK(findings[0].message ==
        "index \"users_pkey_ccnew\" is INVALID (left by a failed CREATE INDEX CONCURRENTLY, REINDEX "
        "CONCURRENTLY or pg_repack): it is not used and never blocks a commit; drop it");
  CHECK(findings[0].hint == "DROP INDEX CONCURRENTLY public.users_pkey_ccnew;");
  CHECK(findings[1].object_name == "idx_users_email");
  CHECK(findings[1].never_blocks);
  // valid again (REINDEX): judged by name like any index
  table.indexes[1].valid = true;
  table.indexes[2].valid = true;
  findings = check_index_naming(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "users_pkey_ccnew");
  CHECK_FALSE(findings[0].never_blocks);
}

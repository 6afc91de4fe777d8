#include <catch2/catch.hpp>

#include "shape_builder.hpp"

using namespace sgtest;

TEST_CASE("primary_key accepts a uuid key DEFAULT pg_catalog.gen_random_uuid()") {
  CHECK(check_primary_key(compliant_table()).empty());
}

TEST_CASE("primary_key: no primary key") {
  TableShape table = compliant_table("tracks");
  table.primary_key.clear();
  table.indexes.clear();

  SECTION("a column named id exists and is uuid: add the key on it") {
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "primary_key");
    CHECK(findings[0].object_name == "");
    CHECK(findings[0].message == "table has no primary key");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ADD PRIMARY KEY (id);");
  }
  SECTION("a column named id exists with another type: no single fix") {
    column_named(table, "id").type_oid = kBigint;
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "table has no primary key");
    CHECK(findings[0].hint == "");
  }
  SECTION("no column named id: add one") {
    drop_column(table, "id");
    add_column(table, "ID", oids::kUuid);  // "ID" is not id
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "table has no primary key");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ADD COLUMN id uuid PRIMARY KEY DEFAULT gen_random_uuid();");
  }
}

TEST_CASE("primary_key: hints use the quoted table name") {
  TableShape table = compliant_table("Track List", "My Schema");
  table.primary_key.clear();
  drop_column(table, "id");
  auto findings = check_primary_key(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint ==
        "ALTER TABLE \"My Schema\".\"Track List\" ADD COLUMN id uuid PRIMARY KEY DEFAULT "
        "gen_random_uuid();");
}

TEST_CASE("primary_key: composite key") {
  TableShape table = compliant_table("memberships");
  AttrNumber a = add_column(table, "a", oids::kUuid, true);
  AttrNumber b = add_column(table, "b", oids::kUuid, true);
  table.primary_key = {a, b};
  auto findings = check_primary_key(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "");
  CHECK(findings[0].message == "primary key has 2 columns (\"a\", \"b\"), expected one uuid column");
  CHECK(findings[0].hint == "");
}

TEST_CASE("primary_key: wrong type is one finding, whatever the default") {
  TableShape table = compliant_table("tracks");
  Column& id = column_named(table, "id");
  id.type_oid = kBigint;
  id.type_name = "bigint";
  id.default_value = other("nextval('tracks_id_seq'::regclass)");
  auto findings = check_primary_key(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "id");
  CHECK(findings[0].message == "primary key column \"id\" is bigint, expected uuid DEFAULT gen_random_uuid()");
  CHECK(findings[0].hint == "");

  id.default_value = no_default();
  REQUIRE(check_primary_key(table).size() == 1);
}

TEST_CASE("primary_key: uuid key without a default") {
  TableShape table = compliant_table("tracks");
  column_named(table, "id").default_value = no_default();
  auto findings = check_primary_key(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "id");
  CHECK(findings[0].message == "primary key column \"id\" has no default, expected DEFAULT gen_random_uuid()");
  CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN id SET DEFAULT gen_random_uuid();");
}

TEST_CASE("primary_key: uuid key with another default") {
  TableShape table = compliant_table("tracks");
  Column& id = column_named(table, "id");

  SECTION("uuid_generate_v4()") {
    id.default_value = call(99999, "uuid_generate_v4()");
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key column \"id\" has DEFAULT uuid_generate_v4(), expected gen_random_uuid()");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN id SET DEFAULT gen_random_uuid();");
  }
  SECTION("a look-alike gen_random_uuid() with another OID") {
    id.default_value = call(70001, "gen_random_uuid()");
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key column \"id\" has DEFAULT gen_random_uuid(), expected "
          "pg_catalog.gen_random_uuid()");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN id SET DEFAULT pg_catalog.gen_random_uuid();");
  }
  SECTION("a schema-qualified look-alike") {
    id.default_value = call(70001, "public.gen_random_uuid()");
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key column \"id\" has DEFAULT public.gen_random_uuid(), expected "
          "pg_catalog.gen_random_uuid()");
  }
  SECTION("the right OID but not a bare call (cast or arguments)") {
    id.default_value = other("(gen_random_uuid())::text::uuid");
    id.default_value.function_oid = oids::kGenRandomUuid;  // ignored for kOther
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key column \"id\" has DEFAULT (gen_random_uuid())::text::uuid, expected "
          "gen_random_uuid()");
  }
  SECTION("a constant") {
    id.default_value = other("'00000000-0000-0000-0000-000000000000'::uuid");
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].object_name == "id");
  }
}

TEST_CASE("primary_key: key column with an upper-case name is quoted in the hint") {
  TableShape table = compliant_table("tracks");
  Column& id = column_named(table, "id");
  id.name = "TrackId";
  id.quoted_name = "\"TrackId\"";
  id.default_value = no_default();
  auto findings = check_primary_key(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "TrackId");
  CHECK(findings[0].message == "primary key column \"TrackId\" has no default, expected DEFAULT gen_random_uuid()");
  CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN \"TrackId\" SET DEFAULT gen_random_uuid();");
}

TEST_CASE("primary_key: an inheritance child without id adds it IF NOT EXISTS, then its key") {
  // The parent's ADD COLUMN id ... PRIMARY KEY adds the column to the child, not the key.
  TableShape child = compliant_table("child");
  child.inherits = true;
  child.primary_key.clear();
  drop_column(child, "id");
  auto findings = check_primary_key(child);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint ==
        "ALTER TABLE public.child ADD COLUMN IF NOT EXISTS id uuid DEFAULT gen_random_uuid(), "
        "ADD PRIMARY KEY (id);");
}

// A partitioned table (or a distributed one) must carry its partition key (distribution
// column) in the primary key: exactly those plus one uuid id column are accepted.
TEST_CASE("primary_key: required key columns (partition key) plus id, in any order") {
  TableShape table = compliant_table("events");
  AttrNumber id = column_named(table, "id").attnum;
  AttrNumber created_at = column_named(table, "created_at").attnum;
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, true);
  table.required_key_columns = {created_at};

  SECTION("(id, created_at) and (created_at, id) pass") {
    table.primary_key = {id, created_at};
    CHECK(check_primary_key(table).empty());
    table.primary_key = {created_at, id};
    CHECK(check_primary_key(table).empty());
  }
  SECTION("two required columns, any order") {
    table.required_key_columns = {tenant, created_at};
    table.primary_key = {created_at, id, tenant};
    CHECK(check_primary_key(table).empty());
  }
  SECTION("the remaining column is still judged as the key") {
    table.primary_key = {created_at, id};
    column_named(table, "id").default_value = no_default();
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].object_name == "id");
    CHECK(findings[0].message == "primary key column \"id\" has no default, expected DEFAULT gen_random_uuid()");
  }
  SECTION("a column beyond the required ones is a composite key") {
    table.primary_key = {id, created_at, tenant};
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key has 3 columns (\"id\", \"created_at\", \"tenant_id\"), expected id uuid plus the "
          "required key column \"created_at\"");
  }
  SECTION("a key missing a required column is not accepted") {
    table.required_key_columns = {tenant, created_at};
    table.primary_key = {id, created_at};
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key has 2 columns (\"id\", \"created_at\"), expected id uuid plus the required key columns "
          "\"tenant_id\", \"created_at\"");
  }
  SECTION("without required columns a composite key is still refused") {
    table.required_key_columns.clear();
    table.primary_key = {id, created_at};
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "primary key has 2 columns (\"id\", \"created_at\"), expected one uuid column");
  }
  SECTION("the partition key alone as the key (partitioned by id) is the single-column case") {
    table.required_key_columns = {id};
    table.primary_key = {id};
    CHECK(check_primary_key(table).empty());
  }
}
namespace {

// A multi-tenant table distributed by tenant_id: PRIMARY KEY (tenant_id, id).
TableShape tenant_table() {
  TableShape table = compliant_table("tracks");
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, true);
  table.primary_key = {tenant, table.primary_key[0]};
  table.required_key_columns = {tenant};
  table.distribution_column = tenant;
  return table;
}

}  // namespace

TEST_CASE("primary_key with required key columns accepts exactly those plus id, in any order") {
  TableShape table = tenant_table();
  CHECK(check_primary_key(table).empty());
  std::swap(table.primary_key[0], table.primary_key[1]);
  CHECK(check_primary_key(table).empty());
}

TEST_CASE("primary_key with required key columns: other keys are refused") {
  TableShape table = tenant_table();
  SECTION("id alone is the single-column key (a former partition may drop the required columns)") {
    table.primary_key = {column_named(table, "id").attnum};
    CHECK(check_primary_key(table).empty());
  }
  SECTION("one column too many") {
    table.primary_key.push_back(column_named(table, "created_at").attnum);
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "primary key has 3 columns (\"tenant_id\", \"id\", \"created_at\"), expected id uuid plus the required "
          "key column \"tenant_id\"");
  }
  SECTION("no primary key: the hint adds the composite key") {
    table.primary_key.clear();
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "table has no primary key");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ADD PRIMARY KEY (tenant_id, id);");
  }
  SECTION("the distribution column alone is judged as the key column") {
    drop_column(table, "id");
    table.primary_key = {column_named(table, "tenant_id").attnum};
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "primary key column \"tenant_id\" has no default, expected DEFAULT gen_random_uuid()");
  }
}

TEST_CASE("primary_key with required key columns judges id like a single-column key") {
  TableShape table = tenant_table();
  SECTION("bigint id") {
    column_named(table, "id").type_oid = kBigint;
    column_named(table, "id").type_name = "bigint";
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "primary key column \"id\" is bigint, expected uuid DEFAULT gen_random_uuid()");
  }
  SECTION("no default") {
    column_named(table, "id").default_value = no_default();
    auto findings = check_primary_key(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN id SET DEFAULT gen_random_uuid();");
  }
}

TEST_CASE("primary_key: a table distributed by id itself needs only id") {
  TableShape table = compliant_table("tracks");
  table.required_key_columns = {table.primary_key[0]};
  CHECK(check_primary_key(table).empty());
}

#include <catch2/catch.hpp>

#include "shape_builder.hpp"

using namespace sgtest;

TEST_CASE("timestamps accepts every current-time default") {
  TableShape table = compliant_table();
  CHECK(check_timestamps(table).empty());
  for (ColumnDefault value :
       {now(), current_timestamp(), call(oids::kTransactionTimestamp, "transaction_timestamp()"),
        call(oids::kStatementTimestamp, "statement_timestamp()"), call(oids::kClockTimestamp, "clock_timestamp()")}) {
    INFO(value.text);
    column_named(table, "created_at").default_value = value;
    column_named(table, "updated_at").default_value = value;
    CHECK(check_timestamps(table).empty());
  }
}

TEST_CASE("timestamps: missing columns") {
  TableShape table = compliant_table("tracks");
  drop_column(table, "updated_at");
  auto findings = check_timestamps(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "timestamps");
  CHECK(findings[0].object_name == "updated_at");
  CHECK(findings[0].message == "column \"updated_at\" is missing");
  CHECK(findings[0].hint == "ALTER TABLE public.tracks ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();");

  drop_column(table, "created_at");
  findings = check_timestamps(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].object_name == "created_at");
  CHECK(findings[0].message == "column \"created_at\" is missing");
  CHECK(findings[1].object_name == "updated_at");
}

TEST_CASE("timestamps: names are exact (Created_At is not created_at)") {
  TableShape table = compliant_table("tracks");
  column_named(table, "created_at").name = "Created_At";
  auto findings = check_timestamps(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "column \"created_at\" is missing");
}

TEST_CASE("timestamps: timestamp without time zone") {
  TableShape table = compliant_table("tracks");
  Column& created = column_named(table, "created_at");
  created.type_oid = oids::kTimestamp;
  created.type_name = "timestamp without time zone";
  // now() on a timestamp column is stored as timestamp(now()), an implicit cast the
  // catalog strips: it reads as the bare call, and is accepted.
  auto findings = check_timestamps(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "created_at");
  CHECK(findings[0].message == "column \"created_at\" is timestamp without time zone, expected timestamptz");
  const std::string fix =
      "ALTER TABLE public.tracks ALTER COLUMN created_at TYPE timestamptz, ALTER COLUMN "
      "created_at SET DEFAULT now();";
  CHECK(findings[0].hint == fix);

  SECTION("nullable as well: a second finding") {
    created.not_null = false;
    findings = check_timestamps(table);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].message == "column \"created_at\" is timestamp without time zone, expected timestamptz");
    CHECK(findings[1].message == "column \"created_at\" is nullable, expected NOT NULL");
  }
  SECTION("no default: reported as well, so that fixing only the type introduces nothing new") {
    created.default_value = no_default();
    findings = check_timestamps(table);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].hint == fix);
    CHECK(findings[1].message == "column \"created_at\" has no default, expected DEFAULT now()");
    CHECK(findings[1].hint == fix);  // one fix for both: the rejection shows it once

    // After the type alone is fixed, the default finding is the same one as before.
    TableShape fixed = table;
    column_named(fixed, "created_at").type_oid = oids::kTimestamptz;
    auto after = check_timestamps(fixed);
    REQUIRE(after.size() == 1);
    CHECK(after[0].object_name == findings[1].object_name);
    CHECK(after[0].message == findings[1].message);
  }
  SECTION("another default: reported as well") {
    created.default_value = other("LOCALTIMESTAMP");
    findings = check_timestamps(table);
    REQUIRE(findings.size() == 2);
    CHECK(findings[1].message == "column \"created_at\" has DEFAULT LOCALTIMESTAMP, expected now()");
  }
}

TEST_CASE("timestamps: other wrong types have no automatic fix") {
  TableShape table = compliant_table("tracks");
  Column& updated = column_named(table, "updated_at");
  updated.type_oid = kText;
  updated.type_name = "text";
  auto findings = check_timestamps(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "column \"updated_at\" is text, expected timestamptz");
  CHECK(findings[0].hint == "");

  updated.default_value = other("''::text");
  findings = check_timestamps(table);
  REQUIRE(findings.size() == 2);
  CHECK(findings[1].message == "column \"updated_at\" has DEFAULT ''::text, expected now()");
  CHECK(findings[1].hint == "");  // the type needs a migration first
}

TEST_CASE("timestamps and soft_delete: an inheritance child adds columns IF NOT EXISTS") {
  // ALTER TABLE parent ADD COLUMN adds the column to the child too: the child's own
  // hint must not fail with "already exists" when run after the parent's.
  TableShape child = compliant_table("child");
  child.inherits = true;
  drop_column(child, "created_at");
  drop_column(child, "deleted_at");
  auto findings = check_timestamps(child);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint ==
        "ALTER TABLE public.child ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();");
  findings = check_soft_delete(child);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].hint == "ALTER TABLE public.child ADD COLUMN IF NOT EXISTS deleted_at timestamptz;");
}

TEST_CASE("timestamps: nullable") {
  TableShape table = compliant_table("tracks");
  column_named(table, "updated_at").not_null = false;
  auto findings = check_timestamps(table);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].object_name == "updated_at");
  CHECK(findings[0].message == "column \"updated_at\" is nullable, expected NOT NULL");
  CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN updated_at SET NOT NULL;");
}

TEST_CASE("timestamps: default missing or not the current time") {
  TableShape table = compliant_table("tracks");
  Column& created = column_named(table, "created_at");

  SECTION("no default") {
    created.default_value = no_default();
    auto findings = check_timestamps(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].object_name == "created_at");
    CHECK(findings[0].message == "column \"created_at\" has no default, expected DEFAULT now()");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN created_at SET DEFAULT now();");
  }
  SECTION("a constant") {
    created.default_value = other("'2020-01-01 00:00:00+00'::timestamp with time zone");
    auto findings = check_timestamps(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "column \"created_at\" has DEFAULT '2020-01-01 00:00:00+00'::timestamp with time "
          "zone, expected now()");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN created_at SET DEFAULT now();");
  }
  SECTION("an expression around now()") {
    created.default_value = other("(now() + '01:00:00'::interval)");
    REQUIRE(check_timestamps(table).size() == 1);
  }
  SECTION("a look-alike now() with another OID") {
    created.default_value = call(80000, "now()");
    auto findings = check_timestamps(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "column \"created_at\" has DEFAULT now(), expected pg_catalog.now()");
    CHECK(findings[0].hint == "ALTER TABLE public.tracks ALTER COLUMN created_at SET DEFAULT pg_catalog.now();");
  }
  SECTION("another function") {
    created.default_value = call(80001, "my_clock()");
    auto findings = check_timestamps(table);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "column \"created_at\" has DEFAULT my_clock(), expected now()");
  }
}

TEST_CASE("timestamps: one finding per distinct problem, in column order") {
  TableShape table = compliant_table("Tracks");
  Column& created = column_named(table, "created_at");
  created.not_null = false;
  created.default_value = no_default();
  drop_column(table, "updated_at");
  auto findings = check_timestamps(table);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].hint == "ALTER TABLE public.\"Tracks\" ALTER COLUMN created_at SET NOT NULL;");
  CHECK(findings[1].hint == "ALTER TABLE public.\"Tracks\" ALTER COLUMN created_at SET DEFAULT now();");
  CHECK(findings[2].hint == "ALTER TABLE public.\"Tracks\" ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();");
}

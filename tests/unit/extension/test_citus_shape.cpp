// Citus shards judged as their logical table (citus_shape.cpp).
#include <catch2/catch.hpp>

#include "citus_shape.hpp"
#include "shape_builder.hpp"

using namespace sgtest;

TEST_CASE("shard_suffix reads the shard id Citus appends") {
  CHECK(shard_suffix("tracks_102008") == 102008);
  CHECK(shard_suffix("idx_tracks_title_102008") == 102008);
  CHECK(shard_suffix("tracks") == 0);
  CHECK(shard_suffix("tracks_") == 0);
  CHECK(shard_suffix("_102008") == 0);
  CHECK(shard_suffix("tracks_0102") == 0);
  CHECK(shard_suffix("tracks_12a") == 0);
  CHECK(shard_suffix("tracks_99999999999999999999") == 0);  // more digits than any int8
}

TEST_CASE("to_logical_form judges a shard of a compliant table as compliant") {
  TableShape shard = compliant_table("tracks_102008");
  AttrNumber title = add_column(shard, "title", kText);
  shard.indexes[0].name = "tracks_pkey_102008";
  add_index(shard, "idx_tracks_title_102008", {title});
  AttrNumber artist = add_column(shard, "artist_id", oids::kUuid, true);
  add_fk(shard, "tracks_artist_id_fkey_102008", {artist}, OnDelete::kCascade);
  add_index(shard, "idx_tracks_artist_id_102008", {artist});
  CHECK_FALSE(check_index_naming(shard).empty());  // as a table of its own it breaks index_naming

  to_logical_form(shard, 102008);
  CHECK(shard.name == "tracks");
  CHECK(shard.qualified_name == "public.tracks");
  CHECK(shard.indexes[1].name == "idx_tracks_title");
  CHECK(shard.indexes[1].quoted_name == "public.idx_tracks_title");
  CHECK(shard.foreign_keys[0].name == "tracks_artist_id_fkey");
  for (const Rule& rule : all_rules()) CHECK(rule.check(shard).empty());
}

TEST_CASE("to_logical_form keeps what a shard cannot explain") {
  TableShape table = compliant_table("events_5");
  column_named(table, "id").type_oid = kBigint;
  column_named(table, "id").type_name = "bigint";
  add_index(table, "by_created_5", {2});
  to_logical_form(table, 5);
  CHECK(table.name == "events");
  CHECK(table.indexes[1].name == "by_created");
  CHECK(check_primary_key(table).size() == 1);
  CHECK(check_index_naming(table).size() == 1);
}

TEST_CASE("to_logical_form: an unknown distribution column is the key's other column") {
  TableShape table = compliant_table("tracks_7");
  AttrNumber tenant = add_column(table, "tenant_id", oids::kUuid, true);
  table.primary_key = {tenant, table.primary_key[0]};
  to_logical_form(table, 7);
  CHECK(table.distribution_column == tenant);
  CHECK(table.required_key_columns == std::vector<AttrNumber>{tenant});
  CHECK(check_primary_key(table).empty());

  SECTION("a key without id gets nothing") {
    TableShape other = compliant_table("tracks_7");
    AttrNumber a = add_column(other, "a", oids::kUuid, true);
    AttrNumber b = add_column(other, "b", oids::kUuid, true);
    other.primary_key = {a, b};
    to_logical_form(other, 7);
    CHECK(other.required_key_columns.empty());
    CHECK(check_primary_key(other).size() == 1);
  }
  SECTION("a known distribution column is kept") {
    TableShape known = compliant_table("tracks_7");
    AttrNumber t = add_column(known, "tenant_id", oids::kUuid, true);
    AttrNumber other = add_column(known, "other", oids::kUuid, true);
    known.primary_key = {other, known.primary_key[0]};
    known.distribution_column = t;
    known.required_key_columns = {t};
    to_logical_form(known, 7);
    CHECK(known.required_key_columns == std::vector<AttrNumber>{t});
    CHECK(check_primary_key(known).size() == 1);
  }
}

# The shipped examples stay true: V1 set verifies, the rejected file is rejected, the legacy walk-through works.

test_examples_v1_verify() {
  [ -d "$EXAMPLES/v1/migrations" ] || fail "examples/v1/migrations missing"
  export PGDATABASE=postgres
  run 0 verify --dir "$EXAMPLES/v1/migrations"
  expect_in "$OUT" "all 10 migrations apply cleanly"
  expect_in "$OUT" "Compliance of the migrated schema (33 tables)"
}

test_examples_rejected_file() {
  new_db exrejected; new_dir exrejected
  cp "$EXAMPLES"/v1/migrations/*.sql "$EXAMPLES"/rejected/0011_add_tracks_bad.sql "$D/"
  run 1 migrate --dir "$D"
  expect_in "$ERR" "0011_add_tracks_bad.sql was rejected by schemaguard"
  expect_in "$ERR" "6 violations on public.track_lyrics (primary_key, timestamps, soft_delete, fk_on_delete, index_naming)"
  expect_eq "$(applied_count)" 10 "the ten V1 files"
  expect_eq "$(table_exists track_lyrics)" f "rejected table"
  run 0 check --fail-on warning
  run 0 report
  expect_in "$OUT" "**Compliant.** All 33 tables"
}

test_examples_legacy_baseline() {
  new_db exlegacy --no-extension
  psql -X -q -v ON_ERROR_STOP=1 -f "$EXAMPLES/legacy/0001_legacy_schema.sql" >/dev/null
  psql -X -q -c "CREATE EXTENSION schemaguard" >/dev/null
  run 1 check
  run 0 baseline --dir "$EXAMPLES/legacy" --version 1 --violations
  run 0 check
  run 1 migrate --dir "$EXAMPLES/legacy"
  expect_in "$OUT" "applied 0002_new_compliant_table.sql"
  expect_in "$ERR" "0003_new_violation.sql was rejected"
  run 0 report
  expect_in "$OUT" "violations predate the baseline"
}

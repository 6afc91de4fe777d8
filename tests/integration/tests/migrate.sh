# migrate: ordering, atomicity, rejection, drift, out of order, dry run, target.

test_migrate_applies_in_numeric_order() {
  new_db order; new_dir order
  good_table "$D/2_b.sql" b
  good_table "$D/10_c.sql" c
  echo "ALTER TABLE b ADD COLUMN c_id uuid REFERENCES c (id) ON DELETE CASCADE; CREATE INDEX idx_b_c_id ON b (c_id);" >"$D/11_link.sql"
  good_table "$D/0001_a.sql" a
  run 0 migrate --dir "$D"
  expect_eq "$(sql "SELECT string_agg(version, ',' ORDER BY applied_at, version::int) FROM schemaguard.migrations")" "1,2,10,11" order
  expect_eq "$(sql "SELECT name FROM schemaguard.migrations WHERE version = '10'")" c name
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migrations WHERE duration_ms IS NOT NULL AND applied_by = current_user AND length(checksum) = 64")" 4 rows
  expect_eq "$(sql "SELECT checksum FROM schemaguard.migrations WHERE version = '1'")" "$(sha256sum "$D/0001_a.sql" | cut -d' ' -f1)" checksum
  run 0 migrate --dir "$D"
  expect_in "$OUT" "up to date (4 migrations applied)"
}

test_migrate_rejected_file_mid_run() {
  new_db rejected; new_dir rejected
  good_table "$D/001_users.sql" users
  good_table "$D/002_files.sql" files
  { good_table - playlists
    echo "CREATE TABLE tracks (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());"
  } >"$D/003_tracks.sql"
  good_table "$D/004_later.sql" later
  local before
  run 1 migrate --dir "$D"
  expect_in "$ERR" "003_tracks.sql was rejected by schemaguard; nothing of it was applied"
  expect_in "$ERR" "violations on public.tracks (primary_key, timestamps"
  expect_in "$ERR" 'DETAIL:  primary_key: table public.tracks: primary key column "id" is bigint'
  expect_in "$ERR" "HINT:  ALTER TABLE public.tracks ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();"
  expect_in "$ERR" "1 later files were not run"
  expect_eq "$(sql "SELECT string_agg(version, ',' ORDER BY version) FROM schemaguard.migrations")" "1,2" state
  expect_eq "$(table_exists playlists)" f "compliant table of the rejected file"
  expect_eq "$(table_exists tracks)" f "rejected table"
  expect_eq "$(table_exists later)" f "later file"
  expect_eq "$(sql "SELECT count(*) FROM pg_class WHERE relname LIKE 'tracks%' OR relname LIKE 'playlists%'")" 0 "leftover relations"
  # fixed file: the run continues where it stopped
  good_table "$D/003_tracks.sql" tracks
  run 0 migrate --dir "$D"
  expect_in "$OUT" "applied 003_tracks.sql"
  expect_in "$OUT" "applied 004_later.sql"
  expect_eq "$(applied_count)" 4 count
}

test_migrate_failing_sql_is_atomic() {
  new_db atomic; new_dir atomic
  { good_table - one; echo "INSERT INTO one (label) VALUES ('x');"; echo "SELECT 1/0;"; } >"$D/1_one.sql"
  run 1 migrate --dir "$D"
  expect_in "$ERR" "1_one.sql failed; nothing of it was applied"
  expect_in "$ERR" "division by zero"
  expect_eq "$(table_exists one)" f table
  expect_eq "$(applied_count)" 0 count
}

test_migrate_syntax_error_reports_file_line() {
  new_db syntax; new_dir syntax
  printf 'CREATE TABLE a (\n  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n  oops oops oops\n);\n' >"$D/1_a.sql"
  run 1 migrate --dir "$D"
  expect_in "$ERR" 'syntax error at or near "oops"'
  expect_in "$ERR" "LINE 3:"
}

test_migrate_checksum_drift() {
  new_db drift; new_dir drift
  good_table "$D/1_a.sql" a
  good_table "$D/2_b.sql" b
  run 0 migrate --dir "$D"
  # the same text with CRLF line endings and a BOM is the same migration
  printf '\xEF\xBB\xBF' >"$D/tmp"; sed 's/$/\r/' "$D/1_a.sql" >>"$D/tmp"; mv "$D/tmp" "$D/1_a.sql"
  good_table "$D/3_c.sql" c
  run 0 migrate --dir "$D"
  expect_in "$OUT" "applied 3_c.sql"
  # a real change stops migrate, names the file, applies nothing
  echo "-- edited after the fact" >>"$D/2_b.sql"
  good_table "$D/4_d.sql" d
  run 2 migrate --dir "$D"
  expect_in "$ERR" "2_b.sql (version 2) was changed after it was applied"
  expect_in "$ERR" "--accept-changed"
  expect_eq "$(table_exists d)" f "pending file after drift"
  run 0 status --dir "$D" --format json
  expect_in "$OUT" '"version":"2","name":"b","state":"changed"'
  # accepting it records the new checksum and continues
  run 0 migrate --dir "$D" --accept-changed 2
  expect_in "$OUT" "accepted the changed content of 2_b.sql"
  expect_in "$OUT" "applied 4_d.sql"
  expect_eq "$(sql "SELECT checksum FROM schemaguard.migrations WHERE version = '2'")" "$(sha256sum "$D/2_b.sql" | cut -d' ' -f1)" checksum
  expect_in "$OUT" "recorded in schemaguard.checksum_acceptances"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.checksum_acceptances WHERE version = '2'
                    AND new_checksum = (SELECT checksum FROM schemaguard.migrations WHERE version = '2')
                    AND old_checksum <> new_checksum AND accepted_by = current_user")" 1 "acceptance recorded"
  run 0 migrate --dir "$D"
}

test_migrate_out_of_order() {
  new_db ooo; new_dir ooo
  good_table "$D/1_a.sql" a
  good_table "$D/3_c.sql" c
  run 0 migrate --dir "$D"
  good_table "$D/2_b.sql" b
  good_table "$D/4_d.sql" d
  run 2 migrate --dir "$D"
  expect_in "$ERR" "older than the newest applied version 3"
  expect_in "$ERR" "2_b.sql"
  expect_eq "$(table_exists d)" f "nothing applied"
  run 0 status --dir "$D"
  expect_in "$OUT" "out of order"
  run 0 migrate --dir "$D" --allow-out-of-order
  expect_eq "$(applied_count)" 4 count
}

test_migrate_target_and_dry_run() {
  new_db target; new_dir target
  for i in 1 2 3; do good_table "$D/${i}_t$i.sql" t$i; done
  run 0 migrate --dir "$D" --target 2
  expect_eq "$(applied_count)" 2 count
  run 0 migrate --dir "$D" --dry-run
  expect_in "$OUT" "dry run: 1 pending files would apply"
  expect_eq "$(table_exists t3)" f "dry run commits nothing"
  expect_eq "$(applied_count)" 2 count
  echo "CREATE TABLE bad (id int);" >"$D/4_bad.sql"
  run 1 migrate --dir "$D" --dry-run
  expect_in "$ERR" "4_bad.sql would be rejected by schemaguard"
  expect_in "$ERR" "table public.bad"
  expect_eq "$(table_exists t3)" f "dry run commits nothing"
  expect_eq "$(applied_count)" 2 count
  run 2 migrate --dir "$D" --target v3
}

test_migrate_refuses_transaction_control() {
  new_db txctl; new_dir txctl
  good_table "$D/1_a.sql" a
  { good_table - b; echo "COMMIT;"; good_table - c; } >"$D/2_b.sql"
  run 2 migrate --dir "$D"
  expect_in "$ERR" "2_b.sql contains transaction control statements: COMMIT (line 9)"
  expect_eq "$(applied_count)" 0 "nothing applied"
  expect_eq "$(table_exists a)" f "nothing applied"
}

test_migrate_without_extension() {
  new_db noext --no-extension; new_dir noext
  good_table "$D/1_a.sql" a
  run 2 migrate --dir "$D"
  expect_in "$ERR" 'CREATE EXTENSION schemaguard'
  run 2 status --dir "$D"
  run 2 check
  expect_eq "$(table_exists a)" f table
}

test_migrate_warn_mode_warnings_are_shown() {
  new_db warnmode; new_dir warnmode
  sql "ALTER DATABASE sgit_warnmode SET schemaguard.mode = 'warn'" >/dev/null
  echo "CREATE TABLE loose (id int);" >"$D/1_loose.sql"
  run 0 migrate --dir "$D"
  expect_in "$ERR" "1_loose.sql: WARNING:  schemaguard: primary_key: table public.loose"
  expect_eq "$(applied_count)" 1 count
}

test_migrate_dsn_and_database_url() {
  new_db dsn; new_dir dsn
  good_table "$D/1_a.sql" a
  local db=$PGDATABASE
  unset PGDATABASE
  DATABASE_URL="postgresql:///$db?host=$PGHOST&port=$PGPORT" run 0 status --dir "$D"
  expect_in "$OUT" "1 pending"
  DATABASE_URL="postgresql:///nonexistent_db" run 0 migrate --dir "$D" --dsn "dbname=$db"
  export PGDATABASE=$db
  expect_eq "$(applied_count)" 1 count
}

# One migrator per database; killed clients leave nothing half-done.

test_concurrent_migrators_100_files() {
  new_db concurrent; new_dir concurrent
  for i in $(seq 1 100); do good_table "$D/$(printf %04d $i)_t$i.sql" t$i; done
  set +e
  "$SG" migrate --dir "$D" >"$WORK/c1.out" 2>"$WORK/c1.err" & local p1=$!
  "$SG" migrate --dir "$D" >"$WORK/c2.out" 2>"$WORK/c2.err" & local p2=$!
  wait $p1; local rc1=$?
  wait $p2; local rc2=$?
  set -e
  cat "$WORK/c1.err" "$WORK/c2.err"
  expect_eq "$rc1" 0 "first migrator exit"
  expect_eq "$rc2" 0 "second migrator exit"
  expect_eq "$(applied_count)" 100 "rows"
  expect_eq "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'")" 100 tables
  # every file applied exactly once across the two runs
  local applied
  applied=$(cat "$WORK/c1.out" "$WORK/c2.out" | grep -c '^applied ' || true)
  expect_eq "$applied" 100 "applied lines across both runs"
}

test_lock_timeout_names_the_holder() {
  new_db locktimeout; new_dir locktimeout
  good_table "$D/1_a.sql" a
  psql -X -q -c "SET application_name = 'lock-holder-test'" -c "SELECT pg_advisory_lock($LOCK_KEY)" -c "SELECT pg_sleep(8)" >/dev/null 2>&1 &
  local holder=$!
  for _ in $(seq 50); do
    [ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] && break
    sleep 0.1
  done
  run 2 migrate --dir "$D" --lock-timeout 1
  expect_in "$ERR" "waiting for the migration lock, held by pid"
  expect_in "$ERR" "application lock-holder-test"
  expect_in "$ERR" "could not get the migration lock"
  expect_eq "$(table_exists a)" f "nothing applied"
  kill $holder 2>/dev/null || true
  wait $holder 2>/dev/null || true
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lock-holder-test'" >/dev/null
  sleep 0.3
  run 0 migrate --dir "$D" --lock-timeout 10
  expect_eq "$(applied_count)" 1 count
}

test_sigkill_mid_file_leaves_nothing() {
  new_db sigkill; new_dir sigkill
  good_table "$D/1_a.sql" a
  { good_table - b
    echo "INSERT INTO b (label) SELECT 'row ' || g FROM generate_series(1, 1000) g;"
    echo "SELECT pg_sleep(CASE WHEN current_setting('sgtest.slow', true) = 'on' THEN 60 ELSE 0 END);"
    good_table - c
  } >"$D/2_slow.sql"
  good_table "$D/3_d.sql" d
  PGOPTIONS="-c sgtest.slow=on" "$SG" migrate --dir "$D" >"$WORK/k.out" 2>&1 &
  local pid=$!
  local seen=0
  for _ in $(seq 100); do
    if [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%sgtest.slow%' AND state = 'active' AND pid <> pg_backend_pid()")" = 1 ]; then seen=1; break; fi
    sleep 0.1
  done
  expect_eq "$seen" 1 "slow file running"
  kill -KILL $pid
  wait $pid 2>/dev/null || true
  # the server notices the dead client (client_connection_check_interval) and rolls back
  for _ in $(seq 100); do
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%sgtest.slow%' AND pid <> pg_backend_pid()")" = 0 ] && break
    sleep 0.1
  done
  expect_eq "$(sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%sgtest.slow%' AND pid <> pg_backend_pid()")" 0 "backend gone"
  expect_eq "$(sql "SELECT string_agg(version, ',') FROM schemaguard.migrations")" 1 state
  expect_eq "$(table_exists b)" f "table b of the killed file"
  expect_eq "$(table_exists c)" f "table c of the killed file"
  expect_eq "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")" 0 "lock released"
  run 0 migrate --dir "$D"
  expect_eq "$(applied_count)" 3 count
  expect_eq "$(sql "SELECT count(*) FROM b")" 1000 rows
}

test_no_transaction_create_index_concurrently() {
  new_db notx; new_dir notx
  good_table "$D/1_a.sql" a
  sql "INSERT INTO a (label) SELECT 'x' || g FROM generate_series(1, 5000) g" >/dev/null 2>&1 || true
  cat >"$D/2_index.sql" <<'SQL'
-- schemaguard:no-transaction
CREATE INDEX CONCURRENTLY idx_a_created_at ON a (created_at);
CREATE INDEX CONCURRENTLY idx_a_updated_at ON a (updated_at);
SQL
  good_table "$D/3_b.sql" b
  run 0 migrate --dir "$D"
  expect_in "$OUT" "applied 2_index.sql"
  expect_eq "$(sql "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN ('idx_a_created_at', 'idx_a_updated_at') AND i.indisvalid")" 2 "valid indexes"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migration_progress")" 0 "progress cleared"
  expect_eq "$(applied_count)" 3 count
}

test_no_transaction_failure_resumes() {
  new_db notxresume; new_dir notxresume
  good_table "$D/1_a.sql" a
  cat >"$D/2_index.sql" <<'SQL'
-- schemaguard:no-transaction
CREATE INDEX CONCURRENTLY idx_a_created_at ON a (created_at);
CREATE INDEX CONCURRENTLY idx_a_label_blocked ON a (label);
CREATE INDEX CONCURRENTLY idx_a_updated_at ON a (updated_at);
SQL
  # an object in the way makes the second statement fail
  sql "CREATE SEQUENCE idx_a_label_blocked" >/dev/null
  run 1 migrate --dir "$D"
  expect_in "$ERR" "at the statement on line 3"
  expect_eq "$(sql "SELECT statements_done FROM schemaguard.migration_progress WHERE version = '2'")" 1 progress
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migrations WHERE version = '2'")" 0 "no state row yet"
  run 0 status --dir "$D"
  sql "DROP SEQUENCE idx_a_label_blocked" >/dev/null
  run 0 migrate --dir "$D"
  expect_in "$OUT" "resuming 2_index.sql after statement 1 of 3"
  expect_eq "$(sql "SELECT count(*) FROM pg_class WHERE relname LIKE 'idx_a_%' AND relkind = 'i'")" 4 indexes
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.migration_progress")" 0 "progress cleared"
}

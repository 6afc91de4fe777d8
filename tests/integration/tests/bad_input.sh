# Bad input: each a clear message, exit 2, nothing applied.

bad_input_case() {  # bad_input_case NAME EXPECTED_MESSAGE (directory $D prepared, one good file 1_a.sql)
  run 2 migrate --dir "$D"
  expect_in "$ERR" "$2"
  expect_eq "$(applied_count)" 0 "nothing applied ($1)"
  expect_eq "$(table_exists a)" f "nothing applied ($1)"
}

test_bad_input_missing_directory() {
  new_db badinput
  run 2 migrate --dir "$WORK/does-not-exist"
  expect_in "$ERR" "does not exist"
  run 2 status --dir "$WORK/does-not-exist"
}

test_bad_input_unreadable_file() {
  new_db unreadable; new_dir unreadable
  good_table "$D/1_a.sql" a
  ln -s "$WORK/nowhere.sql" "$D/2_gone.sql"
  bad_input_case unreadable "2_gone.sql: cannot read file"
}

test_bad_input_empty_file() {
  new_db empty; new_dir empty
  good_table "$D/1_a.sql" a
  printf -- '-- TODO\n\n' >"$D/2_empty.sql"
  bad_input_case empty "2_empty.sql: the file contains no SQL statement"
  : >"$D/2_empty.sql"
  bad_input_case empty "2_empty.sql: the file contains no SQL statement"
}

test_bad_input_invalid_utf8() {
  new_db utf8; new_dir utf8
  good_table "$D/1_a.sql" a
  printf "CREATE TABLE b (id uuid);\nCOMMENT ON TABLE b IS 'caf\xe9';\n" >"$D/2_latin1.sql"
  bad_input_case utf8 "2_latin1.sql: not valid UTF-8 (line 2)"
}

test_bad_input_duplicate_versions() {
  new_db dup; new_dir dup
  good_table "$D/1_a.sql" a
  good_table "$D/02_b.sql" b
  good_table "$D/2_c.sql" c
  bad_input_case dup "duplicate migration version 2: 02_b.sql and 2_c.sql"
}

test_bad_input_name_without_version() {
  new_db noversion; new_dir noversion
  good_table "$D/1_a.sql" a
  good_table "$D/add_users.sql" users
  bad_input_case noversion "add_users.sql: migration file names must be <version>_<name>.sql"
}

test_bad_input_unknown_directive() {
  new_db directive; new_dir directive
  good_table "$D/1_a.sql" a
  printf -- '-- schemaguard:no-transactoin\nSELECT 1;\n' >"$D/2_typo.sql"
  bad_input_case directive 'unknown directive "-- schemaguard:no-transactoin"'
}

test_bad_input_server_down() {
  new_dir serverdown
  good_table "$D/1_a.sql" a
  PGPORT=1 run 2 migrate --dir "$D"
  expect_in "$ERR" "cannot connect to the database"
  PGPORT=1 run 2 check
  PGPORT=1 run 2 report
  run 2 migrate --dir "$D" --dsn "host=$PGHOST port=$PGPORT dbname=sgit_no_such_database"
  expect_in "$ERR" 'database "sgit_no_such_database" does not exist'
}

test_bad_input_usage_errors() {
  run 2 migrate --no-such-option
  run 2 frobnicate
  run 2
  run 2 check --format yaml
  run 0 --help
  expect_in "$OUT" "migrate"
  run 0 migrate --help
  expect_in "$OUT" "--dry-run"
  for c in status verify check report baseline waive waivers; do run 0 $c --help; done
  run 0 --version
}

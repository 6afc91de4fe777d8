# fleet: check, report, status and migrate over many databases (docs/client.md, Fleet).

# fleet_dir: the migrations every tenant runs ($D)
fleet_dir() {
  new_dir fleet
  good_table "$D/1_users.sql" users
  good_table "$D/2_orders.sql" orders
}

# fleet_db NAME [TEMPLATE]: a database sgit_fleet_NAME (from TEMPLATE when given)
fleet_db() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"sgit_fleet_$1\" WITH (FORCE)" >/dev/null 2>&1
  psql -X -q -d postgres -c "CREATE DATABASE \"sgit_fleet_$1\"${2:+ TEMPLATE \"$2\"}" >/dev/null
}

# bad_password_role: a role that must log in with a password (an hba line for it alone, removed by
# drop_bad_password_role); every other role keeps the cluster's trust authentication
bad_password_role() {
  HBA=$(psql -X -A -t -d postgres -c "SHOW hba_file")
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS sgit_fleet_pw" -c "CREATE ROLE sgit_fleet_pw LOGIN PASSWORD 'right'" >/dev/null
  cp "$HBA" "$WORK/hba.orig"
  { echo "local all sgit_fleet_pw scram-sha-256"; cat "$WORK/hba.orig"; } >"$HBA"
  psql -X -q -d postgres -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.3
}
drop_bad_password_role() {
  [ -f "$WORK/hba.orig" ] && cat "$WORK/hba.orig" >"$HBA" && psql -X -q -d postgres -c "SELECT pg_reload_conf()" >/dev/null
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS sgit_fleet_pw" >/dev/null 2>&1 || true
}

# jq-like assertions on the fleet JSON in $OUT: python3 with d = the document, rows by name
fleet_assert() {
  python3 - "$OUT" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["name"]: r for r in d["databases"]}
exec(sys.argv[2])
PY
}

test_fleet_check_57_targets() {
  fleet_dir
  # the template every tenant is copied from: extension, both files applied
  fleet_db tpl; export PGDATABASE=sgit_fleet_tpl
  sql "CREATE EXTENSION schemaguard" >/dev/null
  run 0 migrate --dir "$D"
  local targets=$WORK/fleet.txt
  echo "# 57 targets: 55 databases, one unreachable, one with a wrong password" >"$targets"
  for i in $(seq -w 0 44); do
    fleet_db "$i" sgit_fleet_tpl
    if [ $((10#$i % 2)) = 0 ]; then region=eu; else region=us; fi
    echo "tenant_$i [region=$region] dbname=sgit_fleet_$i" >>"$targets"
  done
  for i in $(seq 45 49); do fleet_db "$i"; echo "tenant_$i [region=eu] dbname=sgit_fleet_$i" >>"$targets"; done
  # 50: an old extension version
  fleet_db 50; PGDATABASE=sgit_fleet_50 sql "CREATE EXTENSION schemaguard VERSION '0.3.0'" >/dev/null
  PGDATABASE=sgit_fleet_50 run 0 migrate --dir "$D"
  # 51: file 2 changed after it was applied there (drift)
  fleet_db 51 sgit_fleet_tpl
  PGDATABASE=sgit_fleet_51 sql "UPDATE schemaguard.migrations SET checksum = repeat('0', 64) WHERE version = '2'" >/dev/null
  # 52: a table with violations, made in warn mode
  fleet_db 52 sgit_fleet_tpl
  PGDATABASE=sgit_fleet_52 PGOPTIONS="-c schemaguard.mode=warn" psql -X -q -c "CREATE TABLE legacy (id serial PRIMARY KEY)" 2>/dev/null
  # 53: another configuration (fk_index switched off): an outlier
  fleet_db 53 sgit_fleet_tpl
  PGDATABASE=sgit_fleet_53 sql "SELECT schemaguard.set_rule('fk_index', 'off')" >/dev/null
  # 54: behind by one file
  fleet_db 54; PGDATABASE=sgit_fleet_54 sql "CREATE EXTENSION schemaguard" >/dev/null
  PGDATABASE=sgit_fleet_54 run 0 migrate --dir "$D" --target 1
  for i in 50 51 52 53 54; do echo "tenant_$i [region=us] dbname=sgit_fleet_$i" >>"$targets"; done
  echo "gone [region=us] host=/nonexistent-schemaguard-socket dbname=x" >>"$targets"
  echo "badpw [region=eu] user=sgit_fleet_pw password=wrong dbname=sgit_fleet_00" >>"$targets"
  bad_password_role
  trap drop_bad_password_role EXIT
  unset PGDATABASE

  run 2 fleet check --targets "$targets" --dir "$D" --jobs 4 --format json
  fleet_assert '
s = d["summary"]
assert s["databases"] == 57, s
assert s["exit_code"] == 2 and s["verdict"] == "not_compliant", s
assert s["by_status"] == {"ok": 48, "violations": 1, "drift": 1, "no_extension": 5, "unreachable": 1, "unauthorized": 1}, s["by_status"]
assert list(rows)[:3] == ["tenant_00", "tenant_01", "tenant_02"], "targets order"
assert d["rules"][:5] == ["primary_key", "timestamps", "soft_delete", "fk_on_delete", "index_naming"], d["rules"]
ok = rows["tenant_07"]
assert ok["status"] == "ok" and ok["extension"] == {"installed": True, "version": "0.5.0"} and ok["mode"] == "enforce", ok
assert ok["migrations"] == {"applied": 2, "head": "2", "head_name": "orders", "pending": 0, "changed": 0, "missing": 0, "out_of_order": 0}, ok["migrations"]
assert ok["labels"] == {"region": "us"} and ok["tables_checked"] == 2 and ok["summary"]["open"] == 0
for i in range(45, 50):
    r = rows["tenant_%d" % i]
    assert r["status"] == "no_extension" and r["extension"]["installed"] is False and "CREATE EXTENSION" in r["reason"], r
assert rows["tenant_50"]["extension"]["version"] == "0.3.0" and rows["tenant_50"]["status"] == "ok", rows["tenant_50"]
drift = rows["tenant_51"]
assert drift["status"] == "drift" and drift["migrations"]["changed"] == 1 and drift["exit_code"] == 1, drift
bad = rows["tenant_52"]
assert bad["status"] == "violations" and bad["rules"]["primary_key"]["open"] == 1, bad["rules"]
assert any(v["table"] == "legacy" and v["rule"] == "primary_key" for v in bad["violations"])
out = rows["tenant_53"]
assert out["config"]["outlier"] is True and out["rules"]["fk_index"]["severity"] == "off", out
assert sum(1 for r in d["databases"] if r["config"]["outlier"]) == 1
fps = s["fingerprints"]
assert fps[0]["databases"] == 49 and fps[0]["fingerprint"] == ok["config"]["fingerprint"], fps
assert rows["tenant_54"]["migrations"]["pending"] == 1 and rows["tenant_54"]["migrations"]["head"] == "1"
assert rows["gone"]["status"] == "unreachable" and "nonexistent-schemaguard-socket" in rows["gone"]["reason"], rows["gone"]
assert rows["badpw"]["status"] == "unauthorized" and "password authentication failed" in rows["badpw"]["reason"], rows["badpw"]
'

  # labels select, --exclude leaves out by name; the exit code is the worst of the selected rows
  run 0 fleet check --targets "$targets" --label region=us --exclude gone --exclude 'tenant_5?' --format json
  fleet_assert '
assert d["summary"]["databases"] == 22 and d["summary"]["by_status"] == {"ok": 22}, d["summary"]
assert all(r["labels"]["region"] == "us" for r in d["databases"])
assert d["summary"]["verdict"] == "compliant"
'
  # every format over the same fleet
  run 2 fleet report --targets "$targets" --dir "$D"
  expect_in "$OUT" "# Fleet compliance report: 57 databases"
  expect_in "$OUT" "**Not compliant.** 2 of 57 databases have blocking violations or drifted migrations."
  expect_in "$OUT" "| \`tenant_52\` | region=us | violations | 0.5.0 | enforce | ❌ 1 |"
  expect_in "$OUT" "| \`badpw\` | unauthorized |"
  expect_in "$OUT" "⚠️ outlier"
  run 2 fleet check --targets "$targets" --format sarif -o "$WORK/fleet.sarif"
  python3 - "$WORK/fleet.sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and len(d["runs"]) == 57
by = {r["properties"]["target"]: r for r in d["runs"]}
assert [res["ruleId"] for res in by["tenant_52"]["results"]].count("primary_key") == 1
assert by["gone"]["invocations"][0]["executionSuccessful"] is False
PY
  run 2 fleet check --targets "$targets" --format junit
  python3 - "$OUT" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = root.findall("testsuite")
assert len(suites) == 57
assert int(root.get("errors")) == 7, root.get("errors")  # 5 without the extension, unreachable, bad password
failed = {c.get("classname") for c in root.iter("testcase") if c.find("failure") is not None}
assert failed == {"schemaguard.tenant_52"}, failed
PY
  run 2 fleet check --targets "$targets" --dir "$D"
  expect_in "$OUT" "57 databases: 48 ok, 1 violations, 1 drift, 5 no_extension, 1 unauthorized, 1 unreachable."
  expect_in "$OUT" "outliers: tenant_53"
  run 2 fleet status --targets "$targets" --dir "$D" --format json
  fleet_assert '
assert rows["tenant_54"]["status"] == "ok" and rows["tenant_54"]["migrations"]["pending"] == 1
assert rows["tenant_51"]["status"] == "drift"
assert "violations" not in rows["tenant_07"]
'
}

test_fleet_all_databases_and_connection_limit() {
  fleet_db a; PGDATABASE=sgit_fleet_a sql "CREATE EXTENSION schemaguard" >/dev/null
  # a monitoring role may read the state table
  PGDATABASE=sgit_fleet_a sql "GRANT SELECT ON schemaguard.migrations TO PUBLIC" >/dev/null
  fleet_db b
  psql -X -q -d postgres -c "CREATE DATABASE sgit_fleet_tmpl_only" -c "UPDATE pg_database SET datistemplate = true WHERE datname = 'sgit_fleet_tmpl_only'" >/dev/null
  psql -X -q -d postgres -c "CREATE DATABASE sgit_fleet_noconn" -c "ALTER DATABASE sgit_fleet_noconn ALLOW_CONNECTIONS false" >/dev/null
  run 2 fleet check --all-databases --dsn "dbname=postgres" --format json
  fleet_assert '
assert rows["sgit_fleet_a"]["status"] == "ok" and rows["sgit_fleet_b"]["status"] == "no_extension"
assert "template0" not in rows and "template1" not in rows
assert "sgit_fleet_tmpl_only" not in rows and "sgit_fleet_noconn" not in rows
'
  # a JSON targets file and --all-databases together; a name given twice is refused
  mkdir -p "$WORK/no-files"
  echo '{"targets": [{"name": "json-a", "dsn": "dbname=sgit_fleet_a", "labels": {"tier": "gold"}}]}' >"$WORK/t.json"
  run 2 fleet status --targets "$WORK/t.json" --all-databases --dsn "dbname=postgres" --dir "$WORK/no-files" --format json
  fleet_assert 'assert rows["json-a"]["labels"] == {"tier": "gold"} and rows["json-a"]["status"] == "ok" and "sgit_fleet_a" in rows'
  run 0 fleet status --targets "$WORK/t.json" --all-databases --dsn "dbname=postgres" --label tier=gold --dir "$WORK/no-files" --format json
  fleet_assert 'assert list(rows) == ["json-a"]'
  echo '[{"name": "sgit_fleet_a", "dsn": "dbname=sgit_fleet_a"}]' >"$WORK/dup.json"
  run 2 fleet check --targets "$WORK/dup.json" --all-databases
  expect_in "$ERR" "--all-databases: target name \"sgit_fleet_a\" is given twice (names must be unique)"
  psql -X -q -d postgres -c "UPDATE pg_database SET datistemplate = false WHERE datname = 'sgit_fleet_tmpl_only'" \
    -c "ALTER DATABASE sgit_fleet_noconn ALLOW_CONNECTIONS true" >/dev/null
  # never more than --jobs connections: a role limited to 4 connections checks 12 databases with
  # --jobs 2 (the slack covers backends still exiting after their client closed; unbounded
  # parallelism would open 12)
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS sgit_fleet_four" -c "CREATE ROLE sgit_fleet_four LOGIN CONNECTION LIMIT 4" >/dev/null
  local targets=$WORK/four.txt; : >"$targets"
  for i in $(seq 1 12); do
    fleet_db "c$i" sgit_fleet_a
    echo "c$i user=sgit_fleet_four dbname=sgit_fleet_c$i" >>"$targets"
  done
  run 0 fleet check --targets "$targets" --jobs 2 --format json
  fleet_assert 'assert d["summary"]["by_status"] == {"ok": 12}, [r["reason"] for r in d["databases"]]'
  # the limit is real: with its 4 connections taken, the role's next one is refused and shows as a row
  for i in 1 2 3 4; do psql -X -q -d sgit_fleet_c$i -U sgit_fleet_four -c "SELECT pg_sleep(5)" >/dev/null 2>&1 & done
  for _ in $(seq 100); do
    [ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'sgit_fleet_four'")" = 4 ] && break
    sleep 0.1
  done
  run 2 fleet check --targets "$targets" --exclude 'c1?' --jobs 1 --format json
  fleet_assert '
assert d["summary"]["databases"] == 9
assert all(r["status"] == "unreachable" and "too many connections" in r["reason"] for r in d["databases"]), d["databases"][0]
'
  wait
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS sgit_fleet_four" >/dev/null 2>&1 || true
}

# seven tenants m1..m7 from one template; m5 already has a table "extra", so 3_extra.sql fails there
migrate_fleet() {
  fleet_dir
  good_table "$D/3_extra.sql" extra
  fleet_db mtpl; PGDATABASE=sgit_fleet_mtpl sql "CREATE EXTENSION schemaguard" >/dev/null
  TARGETS=$WORK/migrate.txt; : >"$TARGETS"
  for i in 1 2 3 4 5 6 7; do
    fleet_db "m$i" sgit_fleet_mtpl
    if [ $i = 1 ]; then echo "m$i [canary=yes] dbname=sgit_fleet_m$i" >>"$TARGETS"; else echo "m$i dbname=sgit_fleet_m$i" >>"$TARGETS"; fi
  done
  good_table - extra | PGDATABASE=sgit_fleet_m5 psql -X -q >/dev/null
}
applied_in() { PGDATABASE=sgit_fleet_$1 sql "SELECT count(*) FROM schemaguard.migrations"; }

test_fleet_migrate_canary_waves_stop_and_continue() {
  migrate_fleet
  # dry run: every database rolls back; m5 would fail, and the rollout stops after its wave
  run 1 fleet migrate --targets "$TARGETS" --dir "$D" --canary canary=yes --wave-size 2 --jobs 2 --dry-run --format json
  fleet_assert '
assert d["summary"]["dry_run"] is True
assert rows["m1"]["migrate"] == {"stage": "canary", "result": "would_apply", "applied": 3, "failed_file": None}, rows["m1"]
assert rows["m5"]["status"] == "failed" and rows["m5"]["migrate"]["failed_file"] == "3_extra.sql", rows["m5"]
assert "would fail" in rows["m5"]["reason"] and "already exists" in rows["m5"]["reason"], rows["m5"]["reason"]
assert [rows["m%d" % i]["status"] for i in (6, 7)] == ["skipped", "skipped"]
assert "stopped after wave 2" in d["summary"]["stopped"], d["summary"]
'
  for i in 1 2 3 4 5 6 7; do expect_eq "$(applied_in m$i)" 0 "dry run left m$i untouched"; done

  # the rollout: canary m1, then waves m2 m3 | m4 m5 | m6 m7; m5 fails, m6 and m7 are not touched
  run 1 fleet migrate --targets "$TARGETS" --dir "$D" --canary canary=yes --wave-size 2 --jobs 2 --format json
  fleet_assert '
st = {n: (r["status"], r["migrate"]["stage"], r["migrate"]["result"]) for n, r in rows.items()}
assert st == {"m1": ("ok", "canary", "applied"), "m2": ("ok", "wave 1", "applied"), "m3": ("ok", "wave 1", "applied"),
              "m4": ("ok", "wave 2", "applied"), "m5": ("failed", "wave 2", "failed"),
              "m6": ("skipped", "wave 3", "skipped"), "m7": ("skipped", "wave 3", "skipped")}, st
assert rows["m2"]["migrations"]["head"] == "3" and rows["m2"]["migrations"]["pending"] == 0
m5 = rows["m5"]
assert m5["migrate"]["applied"] == 2 and m5["migrate"]["failed_file"] == "3_extra.sql", m5["migrate"]
assert m5["migrations"]["head"] == "2" and m5["migrations"]["pending"] == 1, m5["migrations"]
assert rows["m7"]["migrations"]["pending"] == 3
assert d["summary"]["exit_code"] == 1
'
  expect_eq "$(applied_in m1)" 3 m1; expect_eq "$(applied_in m4)" 3 m4
  expect_eq "$(applied_in m5)" 2 "m5: files 1 and 2 stay applied, 3 rolled back"
  expect_eq "$(applied_in m6)" 0 m6; expect_eq "$(applied_in m7)" 0 m7
  expect_in "$ERR" "[m5] error: 3_extra.sql failed; nothing of it was applied"

  # --continue-on-error: the others go on
  run 1 fleet migrate --targets "$TARGETS" --dir "$D" --wave-size 2 --jobs 2 --continue-on-error --format json
  fleet_assert '
assert rows["m1"]["migrate"]["result"] == "up_to_date" and rows["m6"]["migrate"]["result"] == "applied"
assert rows["m5"]["status"] == "failed" and rows["m7"]["status"] == "ok"
assert d["summary"]["stopped"] is None
'
  expect_eq "$(applied_in m7)" 3 m7

  # a failed canary stops the rollout even with --continue-on-error
  migrate_fleet
  run 1 fleet migrate --targets "$TARGETS" --dir "$D" --canary m5 --continue-on-error
  expect_in "$OUT" "the canary failed (m5): the rollout stopped before the waves"
  expect_eq "$(applied_in m1)" 0 "no wave after a failed canary"
  expect_eq "$(applied_in m5)" 2 "m5"
}

test_fleet_migrate_preflight_refuses_before_anything_runs() {
  migrate_fleet
  fleet_db m8
  echo "m8 dbname=sgit_fleet_m8" >>"$TARGETS"
  run 2 fleet migrate --targets "$TARGETS" --dir "$D" --exclude m5 --format json
  fleet_assert '
assert rows["m8"]["status"] == "no_extension"
assert all(rows["m%d" % i]["status"] == "skipped" for i in (1, 2, 3, 4, 6, 7))
assert "1 databases failed the preflight (first: m8); nothing was migrated" in d["summary"]["stopped"]
'
  expect_eq "$(applied_in m1)" 0 "nothing migrated"
  run 2 fleet migrate --targets "$TARGETS" --dir "$D" --exclude m5 --continue-on-error
  expect_eq "$(applied_in m1)" 3 "the others migrate with --continue-on-error"
  run 2 fleet migrate --targets "$TARGETS" --dir "$D" --canary nope=1
  expect_in "$ERR" "--canary nope=1: no selected target carries that label"
  run 2 fleet check
  expect_in "$ERR" "fleet needs its targets: --targets FILE"
}

# a check that cannot finish: another session holds the waiver table of m7 exclusively
hold_lock() {
  PGDATABASE=sgit_fleet_m7 psql -X -q -c "SET application_name = 'sgit-fleet-locker'" \
    -c "BEGIN" -c "LOCK schemaguard.waiver_entries IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
  LOCKER=$!
  for _ in $(seq 100); do
    [ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'sgit-fleet-locker' AND l.mode = 'AccessExclusiveLock' AND l.granted")" -ge 1 ] && return 0
    sleep 0.1
  done
  fail "the locking session did not start"
}
release_lock() {
  psql -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sgit-fleet-locker'" >/dev/null
  wait "$LOCKER" 2>/dev/null || true
}

test_fleet_statement_timeout_and_ctrl_c() {
  migrate_fleet
  hold_lock
  trap release_lock EXIT
  run 2 fleet check --targets "$TARGETS" --statement-timeout 1 --jobs 3 --format json
  fleet_assert '
m7 = rows["m7"]
assert m7["status"] == "error" and m7["reason"].startswith("statement timeout (1000 ms, see --statement-timeout)"), m7
assert sum(1 for r in d["databases"] if r["status"] == "ok") == 6
'
  # without --statement-timeout, a session's own statement_timeout (here from the DSN) is kept
  echo "m7 dbname=sgit_fleet_m7 options='-c statement_timeout=1500'" >"$WORK/own-timeout.txt"
  run 2 fleet check --targets "$WORK/own-timeout.txt" --format json
  fleet_assert 'assert rows["m7"]["reason"].startswith("statement timeout (the session'"'"'s statement_timeout"), rows["m7"]'
  # Ctrl-C while m7 waits (it comes last, one job): the six finished rows are printed, m7 interrupted
  "$SG" fleet check --targets "$TARGETS" --jobs 1 --statement-timeout 0 --format json >"$WORK/int.out" 2>"$WORK/int.err" &
  local pid=$!
  for _ in $(seq 100); do
    [ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'schemaguard' AND datname = 'sgit_fleet_m7' AND wait_event_type = 'Lock'")" = 1 ] && break
    sleep 0.1
  done
  kill -INT $pid
  local rc=0
  wait $pid || rc=$?
  expect_eq "$rc" 130 "exit code after Ctrl-C"
  expect_in "$WORK/int.err" "interrupted (signal 2): 6 of 7 databases finished"
  OUT=$WORK/int.out
  fleet_assert '
assert d["summary"]["interrupted"] is True
assert [rows["m%d" % i]["status"] for i in range(1, 8)] == ["ok"] * 6 + ["interrupted"], [r["status"] for r in d["databases"]]
'
}

# start_pgbouncer MODE: a PgBouncer in front of the test cluster, on a socket in $WORK; sets PGB_DSN
start_pgbouncer() {
  command -v pgbouncer >/dev/null || fail "pgbouncer is not installed (scripts/install-deps.sh installs it)"
  local dir port=$((PGPORT + 11))
  dir=$(mktemp -d /tmp/sgit-pgbouncer.XXXXXX)  # outside $WORK, which only its owner may enter
  [ "$1" = session ] && port=$((PGPORT + 12))
  echo '"postgres" ""' >"$dir/users.txt"
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$PGHOST port=$PGPORT
[pgbouncer]
listen_addr =
listen_port = $port
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/users.txt
pool_mode = $1
default_pool_size = 4
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  chmod -R a+rwX "$dir"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- pgbouncer -d "$dir/pgbouncer.ini"; else pgbouncer -d "$dir/pgbouncer.ini"; fi
  for _ in $(seq 50); do [ -S "$dir/.s.PGSQL.$port" ] && break; sleep 0.1; done
  PGB_DSN="host=$dir port=$port user=postgres"
  PGB_DIRS="${PGB_DIRS:-} $dir"
}
stop_pgbouncers() {
  for d in ${PGB_DIRS:-}; do
    [ -f "$d/pgbouncer.pid" ] && kill "$(cat "$d/pgbouncer.pid")" 2>/dev/null
    sleep 0.2; rm -rf "$d"
  done
  return 0
}

test_fleet_migrate_refuses_a_transaction_pooler() {
  migrate_fleet
  trap stop_pgbouncers EXIT
  start_pgbouncer transaction
  printf 'pooled %s dbname=sgit_fleet_m1\ndirect dbname=sgit_fleet_m2\n' "$PGB_DSN" >"$WORK/pooled.txt"
  # reading through the pooler is fine
  run 0 fleet check --targets "$WORK/pooled.txt" --format json
  fleet_assert 'assert rows["pooled"]["status"] == "ok" and rows["pooled"]["extension"]["version"] == "0.5.0", rows["pooled"]'
  # migrating through it is refused, before anything runs
  run 2 fleet migrate --targets "$WORK/pooled.txt" --dir "$D" --format json
  fleet_assert '
p = rows["pooled"]
assert p["status"] == "refused" and "connection pooler in transaction mode" in p["reason"], p
assert "session advisory lock" in p["reason"] and "session mode" in p["reason"]
assert rows["direct"]["status"] == "skipped"
'
  expect_eq "$(applied_in m1)" 0 "nothing through the pooler"
  expect_eq "$(applied_in m2)" 0 "nothing anywhere"
  # a pool in session mode keeps the session: migrate goes through
  start_pgbouncer session
  printf 'pooled %s dbname=sgit_fleet_m1\n' "$PGB_DSN" >"$WORK/session.txt"
  run 0 fleet migrate --targets "$WORK/session.txt" --dir "$D" --format json
  fleet_assert 'assert rows["pooled"]["status"] == "ok" and rows["pooled"]["migrate"]["applied"] == 3, rows["pooled"]'
  expect_eq "$(applied_in m1)" 3 "migrated through the session pool"
}

test_fleet_migrate_ctrl_c_reports_where_each_database_stands() {
  migrate_fleet
  printf 'm1 dbname=sgit_fleet_m1\nm2 dbname=sgit_fleet_m2\nm3 dbname=sgit_fleet_m3\nm4 dbname=sgit_fleet_m4\n' >"$WORK/ctrlc.txt"
  # another migrator holds m3's migration lock: the fleet waits there
  PGDATABASE=sgit_fleet_m3 psql -X -q -c "SET application_name = 'sgit-fleet-holder'" \
    -c "SELECT pg_advisory_lock($LOCK_KEY)" -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
  local holder=$!
  for _ in $(seq 100); do
    [ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = 1196573012")" = 1 ] && break
    sleep 0.1
  done
  "$SG" fleet migrate --targets "$WORK/ctrlc.txt" --dir "$D" --jobs 1 --format json >"$WORK/mc.out" 2>"$WORK/mc.err" &
  local pid=$!
  for _ in $(seq 100); do grep -q "^\[m3\] waiting for the migration lock" "$WORK/mc.err" && break; sleep 0.1; done
  kill -INT $pid
  local rc=0
  wait $pid || rc=$?
  psql -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sgit-fleet-holder'" >/dev/null
  wait $holder 2>/dev/null || true
  expect_eq "$rc" 130 "exit code after Ctrl-C"
  expect_in "$WORK/mc.err" "interrupted (signal 2): 2 of 4 databases finished"
  OUT=$WORK/mc.out
  fleet_assert '
st = {n: (r["status"], r["migrate"]["result"]) for n, r in rows.items()}
assert st == {"m1": ("ok", "applied"), "m2": ("ok", "applied"), "m3": ("interrupted", "interrupted"),
              "m4": ("not_started", "not_started")}, st
assert "rolls back the file in flight" in rows["m3"]["reason"]
assert d["summary"]["interrupted"] is True
'
  expect_eq "$(applied_in m3)" 0 "m3 untouched"
  expect_eq "$(applied_in m4)" 0 "m4 untouched"
}

# check (every format), report, status JSON, verify, waivers and baseline.

# a database with one compliant table and one with violations (made in warn mode)
violations_db() {
  new_db "$1"; new_dir "$1"
  good_table "$D/1_users.sql" users
  run 0 migrate --dir "$D"
  PGOPTIONS="-c schemaguard.mode=warn" psql -X -q -c "CREATE TABLE legacy (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, user_id uuid REFERENCES users (id))" 2>/dev/null
}

test_check_formats_and_exit_codes() {
  violations_db check
  run 1 check
  expect_in "$OUT" "public.legacy"
  expect_in "$OUT" "primary_key"
  expect_in "$OUT" "open violations (2 errors, 1 warnings)"
  run 0 check --fail-on never
  run 1 check --format json
  python3 - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["open"] == 3 and d["summary"]["errors"] == 2, d["summary"]
assert {v["rule"] for v in d["violations"]} == {"primary_key", "fk_on_delete", "fk_index"}
assert all(v["table"] == "legacy" and v["schema"] == "public" for v in d["violations"])
PY
  run 1 check --format sarif
  python3 - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0"
run = d["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert "primary_key" in rules and "index_naming" in rules
for r in run["results"]:
    assert rules[r["ruleIndex"]] == r["ruleId"]
    assert r["level"] in ("error", "warning")
PY
  run 1 check --format junit
  python3 - "$OUT" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites"
cases = root.findall(".//testcase")
assert len(cases) == int(root.get("tests")) and len(cases) > 0
failed = [c for c in cases if c.find("failure") is not None]
assert len(failed) == int(root.get("failures")) == 2, len(failed)
assert {c.get("name") for c in failed} == {"public.legacy"}
PY
  run 1 check --format github --dir "$D"
  expect_in "$OUT" "::error title=schemaguard primary_key%3A public.legacy::"
  expect_in "$OUT" "::warning title=schemaguard fk_index%3A public.legacy::"
  run 1 check --format markdown
  expect_in "$OUT" "| error | \`primary_key\` | \`public.legacy\`"
  run 1 check --fail-on warning
}

test_check_clean_database_exits_0() {
  new_db clean; new_dir clean
  good_table "$D/1_a.sql" a
  run 0 migrate --dir "$D"
  run 0 check
  expect_in "$OUT" "No open violations in 1 tables"
  run 0 check --format sarif
  run 0 check --fail-on warning
}

test_check_points_at_migration_file() {
  new_db locate; new_dir locate
  good_table "$D/1_users.sql" users
  printf -- '-- tracks\n\nCREATE TABLE IF NOT EXISTS public.tracks (id uuid PRIMARY KEY DEFAULT gen_random_uuid());\n' >"$D/2_tracks.sql"
  sql "ALTER DATABASE sgit_locate SET schemaguard.mode = 'warn'" >/dev/null
  run 0 migrate --dir "$D"
  run 1 check --format sarif --dir "$D"
  python3 - "$OUT" "$D/2_tracks.sql" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
locs = [r["locations"][0]["physicalLocation"] for r in d["runs"][0]["results"]]
assert all(l["artifactLocation"]["uri"] == sys.argv[2] and l["region"]["startLine"] == 3 for l in locs), locs
PY
}

test_report_markdown() {
  violations_db report
  run 1 report
  for h in "## Overview" "## Core invariants" "## Open violations" "## Technical debt: waivers" "## Baseline" "## Verdict" "**Not compliant.**" "| Migrations applied | 1 (latest: version \`1\`, users"; do
    expect_in "$OUT" "$h"
  done
  run 1 report -o "$WORK/report.md"
  expect_in "$WORK/report.md" "# Schema compliance report: \`sgit_report\`"
  run 0 report --fail-on never
}

test_status_json() {
  new_db statusjson; new_dir statusjson
  good_table "$D/1_a.sql" a
  good_table "$D/2_b.sql" b
  run 0 migrate --dir "$D" --target 1
  good_table "$D/3_c.sql" c
  rm "$D/1_a.sql"
  run 0 status --dir "$D" --format json
  python3 - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
states = {m["version"]: m["state"] for m in d["migrations"]}
assert states == {"1": "missing", "2": "pending", "3": "pending"}, states
assert d["summary"] == {"applied": 1, "pending": 2, "changed": 0, "missing": 1, "out_of_order": 0}, d["summary"]
m1 = [m for m in d["migrations"] if m["version"] == "1"][0]
assert m1["file"] is None and len(m1["applied_checksum"]) == 64
PY
}

scratch_dbs() { sql "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemaguard_verify_%'"; }

test_verify_good_and_bad() {
  new_db verify; new_dir verify
  local before; before=$(scratch_dbs)
  good_table "$D/1_a.sql" a
  good_table "$D/2_b.sql" b
  run 0 verify --dir "$D"
  expect_in "$OUT" "all 2 migrations apply cleanly"
  expect_in "$OUT" "primary_key"
  echo "CREATE TABLE bad (id serial PRIMARY KEY);" >"$D/3_bad.sql"
  run 1 verify --dir "$D"
  expect_in "$ERR" "3_bad.sql was rejected by schemaguard"
  expect_eq "$(scratch_dbs)" "$before" "scratch databases dropped"
  # the target database itself is untouched by verify
  expect_eq "$(applied_count)" 0 "verify leaves the real database alone"
  run 2 verify --dir "$WORK/nope"
}

test_verify_ctrl_c_drops_scratch() {
  new_dir verifyint
  local before; before=$(scratch_dbs 2>/dev/null || PGDATABASE=postgres scratch_dbs)
  export PGDATABASE=postgres
  good_table "$D/1_a.sql" a
  echo "SELECT pg_sleep(60);" >"$D/2_sleep.sql"
  "$SG" verify --dir "$D" >"$WORK/v.out" 2>"$WORK/v.err" &
  local pid=$!
  for _ in $(seq 100); do
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()")" = 1 ] && break
    sleep 0.1
  done
  expect_eq "$(scratch_dbs)" "$((before + 1))" "scratch database exists while running"
  kill -INT $pid
  set +e; wait $pid; local rc=$?; set -e
  cat "$WORK/v.err"
  expect_eq "$rc" 130 "exit after SIGINT"
  expect_in "$WORK/v.err" "interrupted"
  expect_eq "$(scratch_dbs)" "$before" "scratch database dropped after Ctrl-C"
}

test_waive_waivers_baseline() {
  violations_db waivers
  run 2 waive public.legacy primary_key
  expect_in "$ERR" "--reason"
  run 0 waive public.legacy primary_key --reason "bigint ids until the 2027 rewrite"
  run 0 waivers
  expect_in "$OUT" "bigint ids until the 2027 rewrite"
  run 0 waivers --format json
  python3 -c "import json,sys; d=json.load(open('$OUT')); assert d['waivers'][0]['rule']=='primary_key' and d['waivers'][0]['expired'] is False"
  run 1 check
  expect_not_in "$OUT" "primary_key"
  run 1 check --all
  expect_in "$OUT" "[waived]"
  run 1 report
  expect_in "$OUT" "bigint ids until the 2027 rewrite"
  run 2 waive public.no_such_table primary_key --reason x
  run 0 baseline --violations
  expect_in "$OUT" "recorded as grandfathered"
  run 0 check
  run 0 check --format json
  python3 -c "import json; d=json.load(open('$OUT')); assert d['summary']['open']==0 and d['summary']['baselined']>=1, d['summary']"
  run 0 report
  expect_in "$OUT" "predate the baseline"
  run 0 waive public.legacy primary_key --remove
  expect_in "$OUT" "removed the waiver"
}

test_report_lists_exemptions() {
  new_db exemptions
  sql "SELECT schemaguard.enable_preset('knex')" >/dev/null
  sql "CREATE TABLE knex_migrations (id serial PRIMARY KEY, name varchar(255))"
  run 0 report
  expect_in "$OUT" "## Out of scope: exemptions"
  expect_in "$OUT" '| `public.knex_migrations` | preset knex | postgres |'
  expect_in "$OUT" "1 table exempt, not checked (schemaguard.exemptions)"
}

test_baseline_version_marks_files() {
  new_db baselinever; new_dir baselinever
  good_table "$D/1_a.sql" a
  good_table "$D/2_b.sql" b
  good_table "$D/3_c.sql" c
  psql -X -q -f "$D/1_a.sql" && psql -X -q -f "$D/2_b.sql"   # an existing database built by hand
  run 0 baseline --dir "$D" --version 2
  expect_eq "$(sql "SELECT string_agg(version, ',' ORDER BY version) FROM schemaguard.migrations WHERE duration_ms IS NULL")" "1,2" rows
  run 0 migrate --dir "$D"
  expect_in "$OUT" "applied 3_c.sql"
  expect_not_in "$OUT" "applied 1_a.sql"
  run 2 baseline --dir "$D"
}

test_explain_reads_the_rule_from_the_extension() {
  new_db explain
  sql "SELECT schemaguard.set_rule('fk_index', 'error')" >/dev/null
  run 0 explain fk_index
  expect_in "$OUT" "fk_index (severity error, default warning)"
  expect_in "$OUT" "Requires: every foreign key's columns lead some index."
  expect_in "$OUT" "SELECT schemaguard.waive('schema.table', 'fk_index'"
  run 2 explain no_such_rule
  expect_in "$ERR" 'unknown rule "no_such_rule"'
  expect_in "$ERR" "The rules are: primary_key, timestamps, soft_delete, fk_on_delete, index_naming, fk_index."
  sql "DROP EXTENSION schemaguard; CREATE EXTENSION schemaguard VERSION '0.3.0'" >/dev/null
  run 2 explain soft_delete
  expect_in "$ERR" "cannot explain its rules (0.4.0 can)"
}

# policy export|apply|diff: the policy file against real databases (docs/client.md, Policy).

# Functions a policy names: a key default and a timestamp default V1 does not accept.
policy_functions() {
  psql -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE FUNCTION public.app_uuid() RETURNS uuid LANGUAGE sql AS 'SELECT gen_random_uuid()'" \
    -c "CREATE FUNCTION public.app_now() RETURNS timestamptz LANGUAGE sql AS 'SELECT now()'" >/dev/null
}
# Tables: one compliant only under that policy (created in enforce mode), one violating V1 and any
# policy (created in warn mode), one with an unindexed foreign key (fk_index).
policy_tables() {
  psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT public.app_uuid(),
      created_at timestamptz NOT NULL DEFAULT public.app_now(), updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz)" >/dev/null
  PGOPTIONS="-c schemaguard.mode=warn" psql -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE legacy (id bigserial PRIMARY KEY)" \
    -c "CREATE TABLE lines (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), order_id uuid REFERENCES orders ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz)" \
    2>/dev/null
}
rules_table() { psql -X -A -t -v ON_ERROR_STOP=1 -c "SELECT * FROM schemaguard.rules"; }
violations_table() {
  psql -X -A -t -v ON_ERROR_STOP=1 -c "SELECT * FROM schemaguard.violations() ORDER BY schema_name, table_name, rule, object_name, message"
}

test_policy_export_v1() {
  new_db policy_v1
  run 0 policy export
  cp "$OUT" "$WORK/v1.json"
  # every rule of the extension, in its order, at its default severity, no parameter set
  python3 - "$OUT" "$(sql "SELECT string_agg(rule || '=' || default_severity, ',' ORDER BY ordinality) FROM schemaguard.rule_catalog() WITH ORDINALITY")" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
assert text.endswith("}\n") and "\n    \"" in text, "pretty-printed, ending in a newline"
d = json.loads(text)
assert list(d) == ["schemaguard_policy", "rules"] and d["schemaguard_policy"] == 1, d
expected = [r.split("=") for r in sys.argv[2].split(",")]
assert [[k, v["severity"]] for k, v in d["rules"].items()] == expected, (d["rules"], expected)
assert all(v["parameters"] == {} for v in d["rules"].values()), d
PY
  run 0 policy export -o "$WORK/v1-file.json"
  cmp "$WORK/v1.json" "$WORK/v1-file.json" || fail "export -o writes what stdout shows"
  run 0 policy diff "$WORK/v1.json"
  expect_in "$OUT" "no difference"
  run 0 policy apply "$WORK/v1.json"
  expect_in "$OUT" "no change"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.rule_parameters") $(sql "SELECT count(*) FROM schemaguard.rule_severity")" "0 0" \
    "applying V1 to a V1 database writes nothing"
}

# The round trip of issue 12: set in SQL, export, apply to a fresh database: the same rules and
# the same verdicts.
test_policy_round_trip() {
  new_db policy_src
  local src=$PGDATABASE
  policy_functions
  sql "SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', '{public.app_uuid()}'),
              schemaguard.set_rule_parameter('timestamps', 'default_functions', '{public.app_now()}'),
              schemaguard.set_rule('soft_delete', 'warning'), schemaguard.set_rule('fk_index', 'off')" >/dev/null
  policy_tables
  run 0 policy export -o "$WORK/policy.json"
  python3 - "$WORK/policy.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["rules"]
assert r["primary_key"] == {"severity": "error", "parameters": {"key_defaults": ["public.app_uuid()"]}}, r
assert r["timestamps"]["parameters"] == {"default_functions": ["public.app_now()"]}, r
assert r["soft_delete"]["severity"] == "warning" and r["fk_index"]["severity"] == "off", r
PY
  rules_table >"$WORK/rules.src"
  violations_table >"$WORK/violations.src"
  grep -q "legacy" "$WORK/violations.src" || fail "the source database has violations to compare"

  new_db policy_dst
  policy_functions
  run 1 policy diff "$WORK/policy.json"
  expect_in "$OUT" 'primary_key.key_defaults: (V1 default) -> ["public.app_uuid()"]'
  expect_in "$OUT" "fk_index.severity: warning -> off"
  run 0 policy apply "$WORK/policy.json"
  expect_in "$OUT" "applied to database \"$PGDATABASE\""
  expect_in "$OUT" "4 changes"
  expect_in "$OUT" 'timestamps.default_functions: (V1 default) -> ["public.app_now()"]'
  expect_in "$OUT" "soft_delete.severity: error -> warning"
  policy_tables  # orders is created in enforce mode: the policy is in force
  rules_table >"$WORK/rules.dst"
  violations_table >"$WORK/violations.dst"
  diff "$WORK/rules.src" "$WORK/rules.dst" || fail "schemaguard.rules differ after the round trip"
  diff "$WORK/violations.src" "$WORK/violations.dst" || fail "violations() differ after the round trip"
  run 0 policy diff "$WORK/policy.json"
  run 0 policy export
  cmp "$OUT" "$WORK/policy.json" || fail "export of the destination is the file applied"
  PGDATABASE=$src run 0 policy diff "$WORK/policy.json"
  # the extension normalises what the file says: the same function written otherwise is no change
  sed 's/"public.app_uuid()"/"PUBLIC.App_Uuid( )"/' "$WORK/policy.json" >"$WORK/spelled.json"
  ! cmp -s "$WORK/policy.json" "$WORK/spelled.json" || fail "sed changed nothing"
  run 0 policy diff "$WORK/spelled.json"
  run 0 policy apply "$WORK/spelled.json"
  expect_in "$OUT" "no change"
}

# The round trip with every parameter of every kind set (types, words, names, templates,
# functions): the same rules view, the same verdicts on tables each parameter decides, and
# the destination enforces the policy at commit.
every_kind_tables() {
  psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      inserted_at timestamptz NOT NULL DEFAULT public.app_now(), changed_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz, email text, parent_id bigint REFERENCES accounts ON DELETE RESTRICT)" \
    -c "CREATE UNIQUE INDEX uq_accounts_email ON accounts (email)" \
    -c "CREATE INDEX ix_accounts_parent_id ON accounts (parent_id)" \
    -c "CREATE INDEX fx_accounts_lower ON accounts (lower(email))" >/dev/null
  PGOPTIONS="-c schemaguard.mode=warn" psql -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE v1_shaped (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, email text,
        account_id bigint REFERENCES accounts ON DELETE SET NULL)" \
    -c "CREATE INDEX idx_v1_shaped_email ON v1_shaped (email)" 2>/dev/null
}
test_policy_round_trip_every_kind() {
  new_db policy_kinds_src
  local src=$PGDATABASE
  policy_functions
  sql "SELECT schemaguard.set_rule_parameter(rule, parameter, value) FROM (VALUES
         ('primary_key', 'key_types', '{uuid,bigint}'::text[]), ('primary_key', 'identity', '{always}'),
         ('primary_key', 'key_defaults', '{public.app_uuid()}'),
         ('timestamps', 'columns', '{inserted_at,changed_at}'), ('timestamps', 'default_functions', '{public.app_now()}'),
         ('soft_delete', 'column', '{archived_at}'), ('soft_delete', 'classes', '{entity,internal}'),
         ('fk_on_delete', 'actions', '{cascade,restrict}'),
         ('index_naming', 'template', ARRAY['ix_{table}_{columns}']), ('index_naming', 'unique_template', ARRAY['uq_{table}_{columns}']),
         ('index_naming', 'expression_template', ARRAY['fx_{table}_{any}'])) AS p(rule, parameter, value)" >/dev/null
  every_kind_tables
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.violations() WHERE table_name = 'accounts'")" "0" \
    "the table shaped by the policy is compliant under it"
  run 0 policy export -o "$WORK/kinds.json"
  python3 - "$WORK/kinds.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["rules"]
assert r["primary_key"]["parameters"] == {"key_defaults": ["public.app_uuid()"], "key_types": ["uuid", "bigint"],
                                          "identity": ["always"]}, r
assert r["index_naming"]["parameters"]["expression_template"] == ["fx_{table}_{any}"], r
assert r["soft_delete"]["parameters"] == {"column": ["archived_at"], "classes": ["entity", "internal"]}, r
PY
  rules_table >"$WORK/kinds-rules.src"
  violations_table >"$WORK/kinds-violations.src"
  grep -q "v1_shaped" "$WORK/kinds-violations.src" || fail "the V1-shaped table breaks the policy"

  new_db policy_kinds_dst
  policy_functions
  run 1 policy diff "$WORK/kinds.json"
  run 0 policy apply "$WORK/kinds.json"
  expect_in "$OUT" "11 changes"
  expect_in "$OUT" 'index_naming.unique_template: (V1 default) -> ["uq_{table}_{columns}"]'
  every_kind_tables  # accounts is created in enforce mode: the policy is in force at commit
  rules_table >"$WORK/kinds-rules.dst"
  violations_table >"$WORK/kinds-violations.dst"
  diff "$WORK/kinds-rules.src" "$WORK/kinds-rules.dst" || fail "schemaguard.rules differ after the round trip"
  diff "$WORK/kinds-violations.src" "$WORK/kinds-violations.dst" || fail "violations() differ after the round trip"
  run 0 policy export
  cmp "$OUT" "$WORK/kinds.json" || fail "export of the destination is the file applied"
  # and V1 again: the policy-shaped table is refused by V1 at its next DDL
  new_db policy_kinds_v1
  run 0 policy export -o "$WORK/v1-again.json"
  PGDATABASE=$src run 0 policy apply "$WORK/v1-again.json"
  expect_in "$OUT" "11 changes"
  local out
  out=$(PGDATABASE=$src psql -X -q -c "ALTER TABLE accounts ADD COLUMN note text" 2>&1) && fail "V1 accepted DDL on accounts"
  grep -q "schemaguard: [0-9]* violations on public.accounts" <<<"$out" || fail "not refused by schemaguard: $out"
}

# The file is the whole policy: what it leaves out goes back to V1.
test_policy_apply_resets_what_is_left_out() {
  new_db policy_reset
  policy_functions
  sql "SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', '{public.app_uuid()}'),
              schemaguard.set_rule('index_naming', 'off')" >/dev/null
  cat >"$WORK/some.json" <<'JSON'
{"schemaguard_policy": 1,
 "rules": {"timestamps": {"parameters": {"default_functions": ["public.app_now()"]}},
           "fk_index": {"severity": "error"}}}
JSON
  run 1 policy diff "$WORK/some.json"
  expect_eq "$(cat "$OUT")" 'primary_key.key_defaults: ["public.app_uuid()"] -> (V1 default)
timestamps.default_functions: (V1 default) -> ["public.app_now()"]
index_naming.severity: off -> error
fk_index.severity: warning -> error' "diff lines, in the extension's order"
  run 0 policy apply "$WORK/some.json"
  expect_in "$OUT" "4 changes"
  expect_eq "$(sql "SELECT rule || '.' || parameter || '=' || value::text FROM schemaguard.rule_parameters")" \
    "timestamps.default_functions={public.app_now()}" "parameters after apply"
  expect_eq "$(sql "SELECT string_agg(rule || '=' || severity, ',') FROM schemaguard.rules WHERE rule IN ('index_naming', 'fk_index')")" \
    "index_naming=error,fk_index=error" "severities after apply"
  run 0 policy diff "$WORK/some.json"
  run 0 policy apply "$WORK/some.json"
  expect_in "$OUT" "no change"
  # from stdin
  echo '{"schemaguard_policy": 1, "rules": {}}' | "$SG" policy apply - >"$WORK/stdin.out" || fail "apply -"
  expect_in "$WORK/stdin.out" "2 changes"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.rule_parameters")" 0 "V1 again"
}

# Anything invalid applies nothing and exits 2 with the reason.
test_policy_apply_errors_apply_nothing() {
  new_db policy_errors
  policy_functions
  rules_table >"$WORK/rules.before"
  # valid until the last parameter, which names a missing function: the severity set before is rolled back
  cat >"$WORK/missing.json" <<'JSON'
{"schemaguard_policy": 1,
 "rules": {"primary_key": {"severity": "warning", "parameters": {"key_defaults": ["public.app_uuid()"]}},
           "timestamps": {"parameters": {"default_functions": ["public.no_such_now()"]}}}}
JSON
  run 2 policy apply "$WORK/missing.json"
  expect_in "$ERR" "cannot set timestamps.default_functions, nothing was applied"
  expect_in "$ERR" 'no function "public.no_such_now()"'
  expect_in "$ERR" "HINT:"
  expect_not_in "$ERR" "CONTEXT"
  run 2 policy apply --dry-run "$WORK/missing.json"
  run 2 policy diff "$WORK/missing.json"
  rules_table >"$WORK/rules.after"
  diff "$WORK/rules.before" "$WORK/rules.after" || fail "a refused policy changed the rules"

  bad() {  # bad NAME JSON EXPECTED_MESSAGE
    printf '%s' "$2" >"$WORK/$1.json"
    run 2 policy apply "$WORK/$1.json"
    expect_in "$ERR" "$3"
    run 2 policy diff "$WORK/$1.json"
    expect_in "$ERR" "$3"
  }
  bad syntax '{"schemaguard_policy": 1, "rules": {"fk_index": {"severity": "off"}' "not JSON"
  bad version '{"schemaguard_policy": 2, "rules": {"fk_index": {"severity": "off"}}}' "this schemaguard reads version 1"
  bad noversion '{"rules": {"fk_index": {"severity": "off"}}}' 'no "schemaguard_policy": 1'
  bad toplevel '{"schemaguard_policy": 1, "rules": {"fk_index": {"severity": "off"}}, "extra": 1}' 'unknown key "extra"'
  bad rule '{"schemaguard_policy": 1, "rules": {"fk_index": {"severity": "off"}, "no_such_rule": {}}}' 'unknown rule "no_such_rule"'
  bad parameter '{"schemaguard_policy": 1, "rules": {"fk_index": {"severity": "off", "parameters": {"x": ["y"]}}}}' \
    'rule "fk_index" has no parameter "x"'
  bad type '{"schemaguard_policy": 1, "rules": {"primary_key": {"parameters": {"key_defaults": "public.app_uuid()"}}}}' \
    "must be an array of strings"
  bad severity '{"schemaguard_policy": 1, "rules": {"fk_index": {"severity": "fatal"}}}' "must be one of: error, warning, off"
  bad duplicate '{"schemaguard_policy": 1, "rules": {"fk_index": {"severity": "off"}, "fk_index": {}}}' 'duplicate key "fk_index"'
  run 2 policy apply "$WORK/no-such-file.json"
  expect_in "$ERR" "cannot read policy file"
  run 2 policy apply "$WORK"
  expect_in "$ERR" "it is a directory"
  rules_table >"$WORK/rules.after"
  diff "$WORK/rules.before" "$WORK/rules.after" || fail "a refused policy changed the rules"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.rule_parameters") $(sql "SELECT count(*) FROM schemaguard.rule_severity")" "0 0" \
    "nothing written"
}

# Only a superuser sets the policy; anyone may export it and compare it.
test_policy_non_superuser() {
  new_db policy_role
  policy_functions
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS sgit_policy_reader" -c "CREATE ROLE sgit_policy_reader LOGIN" >/dev/null
  run 0 policy export -o "$WORK/v1.json"
  sql "SELECT schemaguard.set_rule('fk_index', 'off')" >/dev/null
  PGUSER=sgit_policy_reader run 2 policy apply "$WORK/v1.json"
  expect_in "$ERR" "only a superuser may"
  expect_eq "$(sql "SELECT severity FROM schemaguard.rules WHERE rule = 'fk_index'")" off "unchanged"
  PGUSER=sgit_policy_reader run 0 policy export
  PGUSER=sgit_policy_reader run 1 policy diff "$WORK/v1.json"
  expect_in "$OUT" "fk_index.severity: off -> warning"
  expect_in "$ERR" "compared as written"
  sql "SELECT schemaguard.set_rule('fk_index', 'warning')" >/dev/null
  PGUSER=sgit_policy_reader run 0 policy diff "$WORK/v1.json"
  psql -X -q -d postgres -c "DROP OWNED BY sgit_policy_reader" -c "DROP ROLE sgit_policy_reader" >/dev/null 2>&1 || true
}

# --dry-run: the changes and what the new policy would newly flag and clear, then nothing applied.
test_policy_dry_run() {
  new_db policy_dry
  policy_functions
  sql "SELECT schemaguard.set_rule('fk_index', 'off')" >/dev/null
  PGOPTIONS="-c schemaguard.mode=warn" policy_tables  # orders violates V1 here: app_uuid(), app_now()
  violations_table >"$WORK/violations.before"
  rules_table >"$WORK/rules.before"
  cat >"$WORK/dry.json" <<'JSON'
{"schemaguard_policy": 1,
 "rules": {"primary_key": {"parameters": {"key_defaults": ["public.app_uuid()"]}},
           "timestamps": {"parameters": {"default_functions": ["public.app_now()"]}}}}
JSON
  run 0 policy apply --dry-run "$WORK/dry.json"
  expect_in "$OUT" "(rolled back, nothing applied): 3 changes"
  expect_in "$OUT" "fk_index.severity: off -> warning"
  expect_in "$OUT" "would newly flag 1 violation:"
  expect_in "$OUT" "  warning fk_index public.lines"
  expect_in "$OUT" "would clear 2 violations:"
  expect_in "$OUT" "  error primary_key public.orders (id)"
  expect_in "$OUT" "  error timestamps public.orders (created_at)"
  expect_not_in "$OUT" "legacy"
  violations_table >"$WORK/violations.after"
  rules_table >"$WORK/rules.after"
  diff "$WORK/violations.before" "$WORK/violations.after" || fail "dry run changed the verdicts"
  diff "$WORK/rules.before" "$WORK/rules.after" || fail "dry run changed the rules"
  # and for real: the same changes
  run 0 policy apply "$WORK/dry.json"
  expect_in "$OUT" "3 changes"
  expect_eq "$(sql "SELECT count(*) FROM schemaguard.violations() WHERE table_name = 'orders'")" 0 "orders cleared"
  run 0 policy apply --dry-run "$WORK/dry.json"
  expect_in "$OUT" "no change"
  expect_in "$OUT" "would newly flag 0 violations"
}

test_policy_in_report() {
  new_db policy_report
  policy_functions
  run 0 report
  expect_in "$OUT" "## Policy"
  expect_in "$OUT" "V1 defaults: no rule parameter is set."
  sql "SELECT schemaguard.set_rule_parameter('primary_key', 'key_defaults', '{public.app_uuid()}')" >/dev/null
  run 0 report
  expect_in "$OUT" '| `primary_key` | `key_defaults` | `public.app_uuid()` |'
  expect_not_in "$OUT" "V1 defaults"
}

# Before 0.4.0 the extension has no parameters: policy says so, report has no Policy section.
test_policy_old_extension() {
  new_db policy_old --no-extension
  run 2 policy export
  expect_in "$ERR" "not installed"
  sql "CREATE EXTENSION schemaguard VERSION '0.3.0'" >/dev/null
  run 2 policy export
  expect_in "$ERR" "has no rule parameters (0.4.0 has); update it with \"ALTER EXTENSION schemaguard UPDATE;\""
  echo '{"schemaguard_policy": 1, "rules": {}}' >"$WORK/v1.json"
  run 2 policy apply "$WORK/v1.json"
  run 2 policy diff "$WORK/v1.json"
  run 0 report
  expect_not_in "$OUT" "## Policy"
  sql "ALTER EXTENSION schemaguard UPDATE" >/dev/null
  run 0 policy diff "$WORK/v1.json"
  run 0 report
  expect_in "$OUT" "V1 defaults"
}

# verify --policy FILE: the policy is in force in the scratch database before the first migration.

policy_scratch_dbs() { psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemaguard\_verify\_%'"; }

test_policy_verify() {
  export PGDATABASE=postgres
  new_dir policy_verify
  local before; before=$(policy_scratch_dbs)
  # no deleted_at: rejected under V1 (soft_delete is an error), accepted when the policy turns it off
  cat >"$D/1_orders.sql" <<'SQL'
CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
SQL
  run 1 verify --dir "$D"
  expect_in "$ERR" "1_orders.sql was rejected by schemaguard"
  echo '{"schemaguard_policy": 1, "rules": {"soft_delete": {"severity": "off"}}}' >"$WORK/no-soft-delete.json"
  run 0 verify --dir "$D" --policy "$WORK/no-soft-delete.json"
  expect_in "$OUT" "policy $WORK/no-soft-delete.json applied (1 change from V1)"
  expect_in "$OUT" "all 1 migrations apply cleanly"
  # V1 as a file: the same verdict as without --policy
  echo '{"schemaguard_policy": 1, "rules": {}}' >"$WORK/v1.json"
  run 1 verify --dir "$D" --policy "$WORK/v1.json"
  expect_in "$OUT" "applied (the V1 defaults)"
  # a policy the extension refuses stops verify before any migration (exit 2), scratch dropped
  echo '{"schemaguard_policy": 1, "rules": {"primary_key": {"parameters": {"key_defaults": ["public.app_uuid()"]}}}}' \
    >"$WORK/missing.json"
  run 2 verify --dir "$D" --policy "$WORK/missing.json"
  expect_in "$ERR" 'no function "public.app_uuid()"'
  expect_not_in "$OUT" "1_orders.sql"
  run 2 verify --dir "$D" --policy "$WORK/no-such-policy.json"
  expect_in "$ERR" "cannot read policy file"
  echo '{"schemaguard_policy": 1, "rules": {"no_such_rule": {}}}' >"$WORK/bad.json"
  run 2 verify --dir "$D" --policy "$WORK/bad.json"
  expect_in "$ERR" 'unknown rule "no_such_rule"'
  expect_eq "$(policy_scratch_dbs)" "$before" "scratch databases dropped"
}

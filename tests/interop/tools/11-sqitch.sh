# Sqitch: its registry is the schema sqitch (changes, dependencies, events, projects,
# releases, tags; preset sqitch).
fresh_db sqitch
export SQITCH_FULLNAME=interop SQITCH_EMAIL=interop@example.com SQITCH_CONFIG=$PWD/user.conf
sqitch init library --engine pg --target "db:pg:$DB" >/dev/null
sqitch add authors -n 'authors' >/dev/null
{ echo 'BEGIN;'; v1_authors_table; cat <<'SQL'; } >deploy/authors.sql
COMMIT;
SQL
rejected "first deploy without the preset is rejected: its six registry tables" '6 tables' primary_key sqitch deploy
shows "...and the HINT proposes the preset" "HINT:  SELECT schemaguard.enable_preset('sqitch');"
enable sqitch
succeeds "first deploy with the preset and a V1 change deploys" sqitch deploy
equals "no open violations" 0 "$(compliant)"
sqitch add legacy -n 'legacy' >/dev/null
cat >deploy/legacy.sql <<'SQL'
BEGIN;
CREATE TABLE legacy (id serial PRIMARY KEY, name text);
COMMIT;
SQL
rejected "a serial-keyed table is rejected, table and rule in sqitch's output" public.legacy primary_key sqitch deploy

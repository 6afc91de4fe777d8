# graphile-migrate: its own schema graphile_migrate (migrations, current; preset graphile-migrate).
# Committed migrations carry a hash chain; they are written here with the tool's own hash
# function (graphile-migrate/dist/hash), as `graphile-migrate commit` writes them (commit
# itself needs a shadow database).
fresh_db graphile-migrate
mkdir -p migrations/committed
host=${PGHOST//\//%2F}
cat >.gmrc <<JSON
{ "connectionString": "postgres://$PGUSER@$host:$PGPORT/$DB" }
JSON
commit() {  # commit NUMBER PREVIOUS_HASH BODY_FILE: a committed migration, chained; prints its hash
  node -e '
    const { calculateHash } = require("graphile-migrate/dist/hash");
    const fs = require("fs");
    const [number, previous, file] = process.argv.slice(1);
    const body = fs.readFileSync(file, "utf8").trim() + "\n";
    const hash = calculateHash(body, previous || null);
    fs.writeFileSync(`migrations/committed/${number}.sql`,
      `--! Previous: ${previous || "-"}\n--! Hash: ${hash}\n\n${body}`);
    console.log(hash);' "$1" "$2" "$3"
}
v1_authors_table >authors.sql
first=$(commit 000001 "" authors.sql)
up() { graphile-migrate migrate; }
rejected "first migrate without the preset is rejected, naming its schema's tables" '[0-9]* tables\?' primary_key up
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('graphile-migrate')"
enable graphile-migrate
succeeds "first migrate with the preset and a V1 migration" up
equals "no open violations" 0 "$(compliant)"
echo 'CREATE TABLE legacy (id serial PRIMARY KEY, name text);' >legacy.sql
commit 000002 "$first" legacy.sql >/dev/null
rejected "a serial-keyed table is rejected, table and rule in graphile-migrate's output" public.legacy primary_key up

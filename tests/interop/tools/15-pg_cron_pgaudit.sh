# pg_cron 1.4 and pgaudit 1.7: both must be in shared_preload_libraries beside schemaguard,
# so they get a cluster of their own here. pg_cron's tables are members of an extension a
# superuser created (out of scope); pgaudit creates none. Neither needs a preset, and the
# guard keeps judging the user's DDL with both loaded.
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
cron_dir=$(mktemp -d /tmp/sg-interop-cron.XXXXXX)
chown postgres "$cron_dir"
as_postgres "$bin/initdb" -D "$cron_dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$cron_dir/data/postgresql.conf" <<CONF
shared_preload_libraries = 'schemaguard,pg_cron,pgaudit'
cron.database_name = 'sg_interop_cron'
pgaudit.log = 'ddl'
listen_addresses = ''
CONF
export PGHOST=$cron_dir PGPORT=$((PGPORT + 11))
if as_postgres "$bin/pg_ctl" -D "$cron_dir/data" -l "$cron_dir/server.log" -w \
     -o "-p $PGPORT -k $cron_dir" start >/dev/null; then
  fresh_db cron
  succeeds "CREATE EXTENSION pg_cron and pgaudit in a guarded database" \
    sql "$DB" "CREATE EXTENSION pg_cron; CREATE EXTENSION pgaudit"
  equals "pg_cron's tables are out of scope (members of a superuser's extension)" 0 \
    "$(sql "$DB" "SELECT count(*) FROM schemaguard.tables_in_scope() WHERE schema_name = 'cron'")"
  succeeds "cron.schedule" sql "$DB" "SELECT cron.schedule('nightly-vacuum', '0 3 * * *', 'VACUUM')"
  succeeds "a compliant table with pgaudit logging DDL" sql "$DB" \
    "CREATE TABLE jobs_log (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), note text,
       created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
       deleted_at timestamptz)"
  rejected "a non-compliant table is still rejected" public.bad_jobs primary_key \
    sql "$DB" "CREATE TABLE bad_jobs (id serial PRIMARY KEY)"
  succeeds "cron.unschedule" sql "$DB" "SELECT cron.unschedule('nightly-vacuum')"
  equals "pgaudit logged the DDL" 1 "$(grep -c 'AUDIT: SESSION,.*CREATE TABLE,.*jobs_log' "$cron_dir/server.log")"
  equals "no open violations" 0 "$(compliant)"
  dropdb "$DB"
  as_postgres "$bin/pg_ctl" -D "$cron_dir/data" -m fast stop >/dev/null
else
  bad "the cluster with pg_cron and pgaudit preloaded did not start" "$(tail -20 "$cron_dir/server.log")"
fi
rm -rf "$cron_dir"

# pg_partman 4.7: create_parent makes a template table partman.template_<schema>_<table>
# (preset pg_partman); run_maintenance with retention detaches old partitions and keeps
# them as tables, which keep their parent's class, waivers and key requirement.
fresh_db pg_partman
sql "$DB" "CREATE SCHEMA partman; CREATE EXTENSION pg_partman SCHEMA partman" >/dev/null
# V1 for a partitioned table: the key is (id, partition key), as PostgreSQL requires.
succeeds "a partitioned table keyed (id, created_at) needs no waiver" sql "$DB" "
  CREATE TABLE public.events (id uuid NOT NULL DEFAULT gen_random_uuid(), kind text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
  CREATE INDEX idx_events_kind ON public.events (kind)"
create_parent() { sql "$DB" "SELECT partman.create_parent('public.events', 'created_at', 'native', 'daily')"; }
rejected "create_parent without the preset is rejected, naming its template table" \
  partman.template_public_events primary_key create_parent
shows "...and says which preset to enable" "SELECT schemaguard.enable_preset('pg_partman')"
enable pg_partman
succeeds "create_parent with the preset" create_parent
equals "the template table is exempt" "template_public_events|preset pg_partman" \
  "$(sql "$DB" "SELECT table_name, exempted_by FROM schemaguard.exemptions")"
sql "$DB" "SELECT schemaguard.classify('events', 'internal');
           SELECT schemaguard.waive('events', 'fk_index', 'append-only event log')" >/dev/null
succeeds "old partitions created" sql "$DB" \
  "SELECT partman.create_partition_time('public.events', ARRAY[now() - interval '10 days', now() - interval '9 days'])"
sql "$DB" "UPDATE partman.part_config SET retention = '3 days', retention_keep_table = true
           WHERE parent_table = 'public.events'" >/dev/null
succeeds "run_maintenance with retention (detach, keep the table)" sql "$DB" "SELECT partman.run_maintenance()"
detached=$(sql "$DB" "SELECT count(*) FROM pg_class WHERE relname LIKE 'events_p%' AND relkind = 'r' AND NOT relispartition")
equals "the detached partitions are recorded" "$detached" "$(sql "$DB" "SELECT count(*) FROM schemaguard.former_partitions")"
equals "...at least one" t "$(sql "$DB" "SELECT $detached > 0")"
equals "they keep their parent's class" "internal" \
  "$(sql "$DB" "SELECT string_agg(DISTINCT class, ',') FROM schemaguard.table_classes WHERE relid::text <> 'events'")"
equals "...and its waivers" "$detached" "$(sql "$DB" "SELECT count(*) FROM schemaguard.waivers WHERE reason LIKE 'append-only event log (waived on public.events%'")"
equals "no open violations" 0 "$(compliant)"
succeeds "later maintenance keeps working" sql "$DB" "SELECT partman.run_maintenance()"

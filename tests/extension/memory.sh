#!/usr/bin/env bash
# No memory growth in one backend across 10,000 DDL statements through the guard:
# accepted ones, rejected ones (the error path through the C++/PostgreSQL boundary),
# and drops. PostgreSQL's own caches grow with DDL too, so the same statements run
# twice, each in a new backend: once with schemaguard.mode = off (the baseline) and
# once in enforce mode. The backend's private memory (RssAnon, read after a warm-up of
# 1,000 statements and after 10,000) may grow at most 1 MiB more in the guard's run than
# in the baseline's: a leak of 120 bytes per statement would show. (Not VmRSS: it counts
# the shared buffers the backend touched, which varied by 10 MiB between identical runs.)
# Needs a running cluster on this machine (PGHOST/PGPORT/PGUSER of a superuser).
set -uo pipefail
db=sg_memory
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" && psql -X -q -d "$db" -c "CREATE EXTENSION schemaguard"

statements() {  # statements COUNT: COUNT statements, five per round
  for ((i = 0; i < $1 / 5; i++)); do
    cat <<'SQL'
CREATE TABLE m (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
CREATE INDEX idx_m_created_at ON m (created_at);
CREATE INDEX m_updated ON m (updated_at);
CREATE TABLE bad (a int);
DROP TABLE IF EXISTS m, bad;
SQL
  done
}

run() {  # run MODE: prints "RSS_AFTER_1000 RSS_AFTER_10000 REJECTIONS"
  {
    echo "SET schemaguard.mode = $1;"
    echo "SELECT pg_backend_pid() AS pid \\gset"
    echo "\\setenv BACKEND_PID :pid"
    statements 1000
    echo "\\! grep RssAnon /proc/\$BACKEND_PID/status > $work/rss_1000"
    statements 9000
    echo "\\! grep RssAnon /proc/\$BACKEND_PID/status > $work/rss_10000"
  } > "$work/script.sql"
  psql -X -q -d "$db" -f "$work/script.sql" >/dev/null 2>"$work/errors"
  echo "$(awk '{print $2}' "$work/rss_1000") $(awk '{print $2}' "$work/rss_10000")" \
       "$(grep -c 'schemaguard: [0-9]* violations\? on ' "$work/errors")"
}

read -r off1 off2 off_rejected < <(run off)
read -r on1 on2 on_rejected < <(run enforce)
off_growth=$((off2 - off1)) on_growth=$((on2 - on1))
echo "   RssAnon growth from 1,000 to 10,000 DDL statements: mode off ${off_growth} kB (${off1} -> ${off2}), enforce ${on_growth} kB (${on1} -> ${on2})"
echo "   rejections: mode off ${off_rejected}, enforce ${on_rejected} (expected 0 and 4000)"
failed=0
[ "$off_rejected" = 0 ] && [ "$on_rejected" = 4000 ] || { echo "   FAILED: unexpected rejection counts"; failed=1; }
[ "$((on_growth - off_growth))" -lt 1024 ] || { echo "   FAILED: the guard's backend grew $((on_growth - off_growth)) kB more"; failed=1; }
echo "memory: $((2 - failed)) passed, $failed failed"
[ "$failed" = 0 ]

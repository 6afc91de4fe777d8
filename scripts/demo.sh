#!/usr/bin/env bash
# The demo: on a fresh Debian 12 machine, installs what is needed, builds and installs
# schemaguard, starts a throwaway cluster, shows a non-compliant CREATE TABLE being
# blocked and the compliance table of a compliant one, then runs the client on the
# example migrations (verify, migrate, a refused migration, the report).
# The cluster is stopped and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-$PWD/build}
PORT=${SCHEMAGUARD_DEMO_PORT:-55498}

scripts/install-deps.sh >/dev/null
echo "== building and installing schemaguard"
make -s -j2 >/dev/null && make -s install >/dev/null
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j2 >/dev/null

source scripts/cluster.sh
trap stop_cluster EXIT
start_cluster /tmp/schemaguard-demo-$PORT "$PORT"
createdb demo

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "psql: the extension blocks a table that breaks the V1 invariants"
psql -X -d demo -v ON_ERROR_STOP=0 -e <<'SQL'
CREATE EXTENSION schemaguard;
CREATE TABLE tracks (id bigserial PRIMARY KEY, title text, created_at timestamptz NOT NULL DEFAULT now());
SQL

step "psql: a compliant table commits, and the compliance table is clean"
psql -X -d demo -e <<'SQL'
CREATE TABLE tracks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX idx_tracks_title ON tracks (title);
SELECT * FROM schemaguard.compliance();
SQL

SG="$BUILD/client/schemaguard"
if [ -x "$SG" ] && [ -d examples/v1/migrations ]; then
  step "schemaguard verify: the example migrations, applied to a scratch database in enforce mode"
  "$SG" verify --dir examples/v1/migrations
  createdb app
  psql -X -q -d app -c "CREATE EXTENSION schemaguard"
  step "schemaguard migrate"
  "$SG" --dsn "dbname=app" migrate --dir examples/v1/migrations
  "$SG" --dsn "dbname=app" status --dir examples/v1/migrations
  step "a non-compliant migration is refused, and nothing of it remains"
  rejected=$(mktemp -d)
  cp examples/v1/migrations/*.sql examples/rejected/*.sql "$rejected/"
  "$SG" --dsn "dbname=app" migrate --dir "$rejected" || echo "(exit code $?)"
  rm -rf "$rejected"
  step "schemaguard report"
  "$SG" --dsn "dbname=app" report
fi

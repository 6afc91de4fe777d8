# Shared by the client benchmarks: a throwaway cluster (scripts/cluster.sh) and the schemaguard binary.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SG=${SCHEMAGUARD_BIN:-$ROOT/build/client/schemaguard}
[ -x "$SG" ] || { echo "build the client first (cmake --build build) or set SCHEMAGUARD_BIN" >&2; exit 2; }
source "$ROOT/scripts/cluster.sh"
BENCH_PORT=${BENCH_PORT:-55460}
WORKDIR=$(mktemp -d /tmp/sg-bench.XXXXXX)
chmod 755 "$WORKDIR"
cleanup() { stop_cluster; rm -rf "$WORKDIR"; }
trap cleanup EXIT
start_cluster "$WORKDIR/cluster" "$BENCH_PORT"
unset PGDATABASE DATABASE_URL

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
fresh_db() {  # fresh_db NAME: database with the extension (guard enforcing)
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  psql -X -q -d "$1" -c "CREATE EXTENSION schemaguard"
}
# table_sql N: one compliant table and one index
table_sql() {
  cat <<SQL
CREATE TABLE t_$1 (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX idx_t_$1_label ON t_$1 (label);
SQL
}

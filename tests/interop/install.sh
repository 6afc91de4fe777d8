#!/usr/bin/env bash
# Installs what tests/interop needs: Debian packages (as root, when missing) and the npm
# tools, pinned in node/package.json and node/package-lock.json and cached in
# node/node_modules (gitignored), so that a rerun does not touch the network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
packages=(postgresql-15-partman postgresql-15-repack postgresql-15-postgis-3 postgresql-15-postgis-3-scripts
          postgresql-15-cron postgresql-15-pgaudit
          sqitch libdbd-pg-perl python3-django python3-alembic python3-psycopg2 ruby-activerecord ruby-pg)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "interop: missing Debian packages: ${missing[*]}" >&2; exit 1; fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v npm >/dev/null || { echo "interop: node and npm are needed (the machine's, not Debian's)" >&2; exit 1; }
stamp="$here/node/node_modules/.package-lock.sha"
want=$(sha256sum "$here/node/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # npm install, not npm ci: npm ci refuses this lockfile (it holds dbmate's binary package
  # for linux-x64 only, as npm wrote it); npm install keeps the locked versions.
  (cd "$here/node" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  git -C "$here" diff --quiet -- node/package-lock.json 2>/dev/null ||
    echo "interop: warning: npm changed tests/interop/node/package-lock.json" >&2
  echo "$want" >"$stamp"
fi

#!/usr/bin/env bash
# Installs every Debian package schemaguard needs to build, test and run its demo.
set -euo pipefail
packages=(postgresql-15 postgresql-server-dev-15 libpqxx-dev libboost-json1.81-dev catch2
          libcli11-dev libpg-query-dev libfmt-dev libssl-dev cmake g++ make pkg-config
          clang-14 libclang-rt-14-dev  # clang: the libFuzzer targets of tests/fuzz/parsers
          pgbouncer  # the pooler of the fleet integration tests
          python3-minimal)  # scripts/check-pg-calls.py
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

#!/usr/bin/env bash
# CI variant, in two parts:
# 1. The extension's pure C++ (rules, engine, savepoint bookkeeping) and the client's logic
#    built with AddressSanitizer and UBSan and run through their Catch2 tests.
# 2. The extension itself built with UBSan (-fno-sanitize-recover: any undefined behaviour
#    aborts the backend) and loaded into a private copy of PostgreSQL (scripts/private-pg.sh;
#    the system installation is left alone; shared_preload_libraries, as scripts/cluster.sh
#    starts every cluster, so the postmaster loads the UBSan build too), running pg_regress (stress test included) and
#    tests/extension/*.sh against it, then searching the server log for UBSan reports.
# The server cannot load an ASan build: libasan must then be preloaded into postgres, which
# deadlocks in glibc's bindtextdomain (in set_pglocale_pgservice, before main does anything
# else) on Debian 12. UBSan's runtime needs no preloading.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-$ROOT/build-sanitize}
PORT=${SCHEMAGUARD_SANITIZE_PORT:-55491}
scripts/install-deps.sh

echo "== Catch2 suites under ASan and UBSan"
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="$flags" \
      -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$BUILD" -j2 >/dev/null
(cd "$BUILD" && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure)

echo "== the extension under UBSan, in a private PostgreSQL"
source scripts/private-pg.sh
archive=$(mktemp /tmp/schemaguard-ubsan.XXXXXX.tar)
tar -C "$ROOT" --exclude='*.o' --exclude='*.so' --exclude='*.bc' -cf "$archive" Makefile extension
private_pg_install /tmp/schemaguard-ubsan-pg /tmp/schemaguard-ubsan-build "$archive" \
  PG_CXXFLAGS="-std=c++17 -Wno-register -fsanitize=undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
  SHLIB_LINK="-lstdc++ -fsanitize=undefined"
rm -f "$archive"
ldd "$PRIVATE_PG_LIB" | grep libubsan >/dev/null || { echo "not a UBSan build: $PRIVATE_PG_LIB"; exit 1; }
source scripts/cluster.sh
PG_BIN=$PRIVATE_PG_BIN
trap stop_cluster EXIT
start_cluster /tmp/schemaguard-ubsan-cluster "$PORT"
chmod -R a+rwX "$ROOT" 2>/dev/null
failed=0
make -s installcheck PGUSER=postgres || { cat regression.diffs 2>/dev/null | head -100; failed=1; }
for script in tests/extension/*.sh; do "$script" || failed=1; done
if grep -E "runtime error|terminated by signal" "$CLUSTER_DIR/server.log"; then
  echo "UBSan reported undefined behaviour (or a backend died): see above"
  failed=1
fi
[ "$failed" = 0 ] && echo "sanitizers: all passed"
exit "$failed"

#!/usr/bin/env bash
# CI variant: the extension built with AddressSanitizer and UBSan, loaded into a
# throwaway cluster (libasan preloaded into the postmaster), running the pg_regress
# suite and the memory test. Fails on any sanitizer report in the server log.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${SCHEMAGUARD_ASAN_PORT:-55497}
scripts/install-deps.sh

make -s clean
make -s -j2 PG_CXXFLAGS="-std=c++17 -Wno-register -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
     SHLIB_LINK="-lstdc++ -fsanitize=address,undefined" >/dev/null
make -s install >/dev/null

source scripts/cluster.sh
trap 'stop_cluster; make -s clean; make -s -j2 >/dev/null && make -s install >/dev/null' EXIT
export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start_cluster /tmp/schemaguard-asan-$PORT "$PORT"
unset LD_PRELOAD

status=0
make -s installcheck || status=1
tests/extension/memory.sh || status=1
if grep -E "AddressSanitizer|runtime error:|UndefinedBehaviorSanitizer" "$CLUSTER_DIR/server.log"; then
  echo "sanitizers: reports found in the server log"
  status=1
fi
echo "sanitizers: $([ $status = 0 ] && echo '1 passed, 0 failed' || echo '0 passed, 1 failed')"
exit $status

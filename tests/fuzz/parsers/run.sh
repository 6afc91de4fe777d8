#!/usr/bin/env bash
# libFuzzer targets for the client's own parsers (tests/fuzz/parsers/fuzz_*.cpp: file names and
# version order, the plan, reading SQL files, directives, statement splitting, DSNs, server
# messages, the command line, CREATE TABLE lookup, fleet targets files). Builds them with clang (libFuzzer + ASan +
# UBSan, fuzz.mk) into $BUILD/fuzz-parsers/ and runs each for FUZZ_SECONDS over a scratch copy of
# its seed corpus (corpus/<target>/; the repository is never written to). Every target asserts
# properties of the parser, not only the absence of crashes. Fails on any crash, leak, timeout or
# violated property; a failing input is kept in $BUILD/fuzz-parsers/artifacts/ (rerun it with
# "$BUILD/fuzz-parsers/<target> <file>").
# Env: BUILD (build), FUZZ_SECONDS (15 per target), FUZZ_RUNS (a number of inputs per target
#      instead of a time), FUZZ_JOBS (targets fuzzed at once, 2), FUZZ_MAX_LEN (4096 bytes).
# Usage: tests/fuzz/parsers/run.sh [TARGET...]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-15}
JOBS=${FUZZ_JOBS:-2}
MAX_LEN=${FUZZ_MAX_LEN:-4096}
mkdir -p "$BUILD/fuzz-parsers"
OUT=$(cd "$BUILD/fuzz-parsers" && pwd)

# the client's build dependencies, and clang with its libFuzzer/sanitizer runtimes
scripts/install-deps.sh
missing=()
for p in clang-14 libclang-rt-14-dev make pkg-config; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in "$HERE"/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

echo "== build ${#targets[@]} parser fuzz targets (clang, libFuzzer, ASan, UBSan) into $OUT"
build_start=$SECONDS
make -s -f "$HERE/fuzz.mk" OUT="$OUT" -j"$JOBS" "${targets[@]/#/$OUT/}"
echo "   built in $((SECONDS - build_start)) s"

SCRATCH=$(mktemp -d /tmp/sg-fuzz-parsers.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
rm -rf "$OUT/artifacts"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_target() {  # run_target NAME: fuzzes one target; its exit code goes to $SCRATCH/NAME/rc
  local t=$1 w=$SCRATCH/$1
  mkdir -p "$w/corpus" "$w/artifacts"
  if [ -d "$HERE/corpus/$t" ]; then cp "$HERE/corpus/$t"/* "$w/corpus/" 2>/dev/null || true; fi
  local max_len=$MAX_LEN
  # CREATE TABLE lookup: its seeds include runs of tens of thousands of blanks (a stack overflow once)
  [ "$t" = fuzz_locate_findings ] && [ "$max_len" -lt 65536 ] && max_len=65536
  local opts=(-max_len="$max_len" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$w/artifacts/")
  if [ -n "${FUZZ_RUNS:-}" ]; then opts+=(-runs="$FUZZ_RUNS"); else opts+=(-max_total_time="$SECONDS_PER_TARGET"); fi
  [ -f "$HERE/$t.dict" ] && opts+=(-dict="$HERE/$t.dict")
  local start=$SECONDS rc=0
  "$OUT/$t" "${opts[@]}" "$w/corpus" >"$w/log" 2>&1 || rc=$?
  echo $((SECONDS - start)) >"$w/secs"
  echo "$rc" >"$w/rc"
}

echo "== fuzz each target for ${FUZZ_RUNS:+$FUZZ_RUNS inputs}${FUZZ_RUNS:-$SECONDS_PER_TARGET s}, $JOBS at a time"
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  run_target "$t" &
done
wait

total_execs=0; total_crashes=0
for t in "${targets[@]}"; do
  w=$SCRATCH/$t
  rc=$(cat "$w/rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/log" | tail -1)
  execs=${execs:-0}
  crashes=$(find "$w/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  [ "$rc" != 0 ] && [ "$crashes" = 0 ] && crashes=1  # failed without leaving an input (e.g. at startup)
  total_execs=$((total_execs + execs)); total_crashes=$((total_crashes + crashes))
  if [ "$crashes" = 0 ]; then
    printf '   ok: %-24s %9d executions in %s s, corpus %d inputs\n' "$t" "$execs" "$(cat "$w/secs")" "$(ls "$w/corpus" | wc -l)"
  else
    printf '   FAILED: %-20s %9d executions, exit %s\n' "$t" "$execs" "$rc"
    # from the first report line on, without stack frames and libFuzzer's statistics
    awk '/property violated|ERROR: |runtime error|Sanitizer|deadly signal/ { on = 1 } on' "$w/log" |
      grep -v -E '^[[:space:]]+#[0-9]+ 0x|^(stat::|NOTE: |MS: )|Combine libFuzzer|^[[:space:]]*$' | head -30 | sed 's/^/      /'
    mkdir -p "$OUT/artifacts/$t"
    cp "$w/artifacts"/* "$OUT/artifacts/$t/" 2>/dev/null || true
    echo "      input kept in $OUT/artifacts/$t/ (rerun: $OUT/$t <file>)"
  fi
done
echo "parser fuzz: ${#targets[@]} targets, $total_execs executions, $total_crashes crashes"
[ "$total_crashes" = 0 ]

#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time, from its seed corpus (each
# defect ever found is a seed). A crash, a leak, an input slower than 1 s or a sanitizer report
# fails the run. Usage: tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET
set -uo pipefail
build=$1 seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
for seeds in "$here"/corpus/*/; do
  target=$(basename "$seeds")
  binary="$build/tests/fuzz/${target}_fuzz"
  [ -x "$binary" ] || { echo "fuzz: $binary was not built"; failed=$((failed + 1)); continue; }
  work="$build/fuzz-corpus/$target"  # what the run finds; the seeds in the tree stay as they are
  mkdir -p "$work"
  log="$build/fuzz-$target.log"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     "$binary" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/fuzz-$target-" "$work" "$seeds" >"$log" 2>&1; then
    echo "fuzz: $target ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds} s)"
    passed=$((passed + 1))
  else
    echo "fuzz: $target FAILED; its log: $log"
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

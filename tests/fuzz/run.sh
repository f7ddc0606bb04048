#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for a
# short time (FUZZ_SECONDS, default 20) from its seed corpus. Exits non-zero
# on any crash, sanitizer report or invariant violation.
#
#   tests/fuzz/run.sh            # all targets, 20 s each
#   FUZZ_SECONDS=600 tests/fuzz/run.sh note_fuzzer
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${FUZZ_SECONDS:-20}"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(note_fuzzer import_fuzzer xlsx_fuzzer masking_fuzzer)

build_log=$(mktemp)
if ! { cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DCMAKE_CXX_COMPILER=clang++ -DDN_BUILD_FUZZERS=ON -DDN_BUILD_TESTS=OFF \
         -DDN_BUILD_BENCHMARKS=OFF &&
       cmake --build build-fuzz --target "${targets[@]}"; } >"$build_log" 2>&1; then
  grep -E "error|undefined" -A3 "$build_log" | head -n 60
  echo "fuzz: building the fuzz targets FAILED (log: $build_log)"
  exit 1
fi

for t in "${targets[@]}"; do
  corpus_seed="tests/fuzz/corpus/${t%_fuzzer}"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$corpus_seed/." "$work/"
  echo "fuzz: $t for ${seconds}s"
  # -max_len: notes are limited to 16 KiB; a little more exercises the limit.
  if ! "build-fuzz/tests/fuzz/$t" -max_total_time="$seconds" -max_len=17000 \
       -print_final_stats=1 "$work" >"$work.log" 2>&1; then
    tail -n 60 "$work.log"
    echo "fuzz: $t FAILED"
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$work.log" || true
  rm -rf "$work" "$work.log"
  trap - EXIT
done
echo "fuzz: all targets passed"

#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for a bounded
# time. A crash is saved under build-fuzz/crashes/; copy it into
# fuzz/corpus/<target>/ once fixed, so ctest replays it from then on.
#
#   scripts/fuzz.sh              # every target, 60 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh snippeter
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

byline_install_packages "${BYLINE_PACKAGES[@]}" clang libclang-rt-14-dev
BUILD="$BYLINE_ROOT/build-fuzz"
CC=clang CXX=clang++ cmake -S "$BYLINE_ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBYLINE_FUZZ=ON -DBYLINE_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then  # every fuzz/fuzz_NAME.cc
  for f in "$BYLINE_ROOT"/fuzz/fuzz_*.cc; do
    t="${f##*/fuzz_}"
    targets+=("${t%.cc}")
  done
fi
for t in "${targets[@]}"; do
  cmake --build "$BUILD" -j "$(nproc)" --target "fuzz_$t" >/dev/null
done
mkdir -p "$BUILD/crashes"
for t in "${targets[@]}"; do
  echo "==> fuzz_$t for ${FUZZ_SECONDS:-60} s"
  work="$BUILD/corpus-$t"
  mkdir -p "$work"
  "$BUILD/fuzz/fuzz_$t" -max_total_time="${FUZZ_SECONDS:-60}" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$BUILD/crashes/$t-" -print_final_stats=1 \
    "$work" "$BYLINE_ROOT/fuzz/corpus/$t" 2>&1 | tail -n 12
done

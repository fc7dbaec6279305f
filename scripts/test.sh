#!/usr/bin/env bash
# Installs what is missing, builds (warnings are errors), runs every test;
# then builds again with AddressSanitizer + UndefinedBehaviorSanitizer (all
# but its null and alignment checks; see below) and assertions (no NDEBUG,
# _GLIBCXX_ASSERTIONS) in build-asan/ and runs the
# unit and integration tests (and the fuzz regressions) under them, while
# scripts/lint.sh (clang-format, clang-tidy) and scripts/package_test.sh (the
# Debian package, built from the plain build and checked unpacked) run beside
# that build. Any sanitizer report, assertion, lint or package finding fails
# the run.
#
#   scripts/test.sh              # both
#   BYLINE_NO_ASAN=1 scripts/test.sh   # the plain build only
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

byline_install_packages "${BYLINE_PACKAGES[@]}" "${BYLINE_BROWSER_PACKAGES[@]}" \
  "${BYLINE_CHECK_PACKAGES[@]}" "${BYLINE_PACKAGE_PACKAGES[@]}"
byline_install_browser_test_deps
byline_build -DBYLINE_WERROR=ON

# Lint runs beside the tests and the ASan build (the tests leave a core
# idle much of the time); its output goes to a log, shown if it fails.
LINT_LOG="$BYLINE_BUILD/lint.log"
"$BYLINE_ROOT/scripts/lint.sh" "$BYLINE_BUILD" >"$LINT_LOG" 2>&1 &
LINT_PID=$!
wait_for_lint() {
  echo "==> Waiting for scripts/lint.sh"
  if ! wait "$LINT_PID"; then
    cat "$LINT_LOG"
    echo "scripts/lint.sh failed" >&2
    exit 1
  fi
  tail -n 1 "$LINT_LOG"
}

echo "==> Running the tests (scripts/lint.sh beside them)"
(cd "$BYLINE_BUILD" && ctest --output-on-failure -j "$(nproc)" --timeout 300)
byline_require_openapi_answers "$BYLINE_BUILD"

# The package is made from the plain build (now idle: the tests are done),
# beside the ASan build; output in a log, shown if it fails.
PACKAGE_LOG="$BYLINE_BUILD/package_test.log"
"$BYLINE_ROOT/scripts/package_test.sh" >"$PACKAGE_LOG" 2>&1 &
PACKAGE_PID=$!
wait_for_package_test() {
  echo "==> Waiting for scripts/package_test.sh"
  if ! wait "$PACKAGE_PID"; then
    cat "$PACKAGE_LOG"
    echo "scripts/package_test.sh failed" >&2
    exit 1
  fi
  tail -n 1 "$PACKAGE_LOG"
}

if [ -n "${BYLINE_NO_ASAN:-}" ]; then
  wait_for_lint
  wait_for_package_test
  exit 0
fi

ASAN_BUILD="${BYLINE_ASAN_BUILD:-$BYLINE_ROOT/build-asan}"
echo "==> Building with ASan+UBSan in $ASAN_BUILD (scripts/lint.sh and package_test.sh beside it)"
# -O1 -g1: what the sanitizers recommend, with line numbers in the reports.
# Measured: a third of the compile time of -O2 -g (searcher.cc 7.5 s of CPU
# against 25.5 s), and the tests stay quick. Assertions stay on (no NDEBUG),
# and libstdc++ checks its containers' bounds (_GLIBCXX_ASSERTIONS).
# UBSan's null and alignment checks are left out: they instrument every
# memory access and doubled the build's CPU time (searcher.cc 5.8 s of CPU
# against 11.7 s), while a null dereference still crashes the test and x86
# does not fault on misalignment; every other UBSan check stays.
cmake -S "$BYLINE_ROOT" -B "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -D_GLIBCXX_ASSERTIONS" -DBYLINE_WERROR=ON \
  -DBYLINE_SANITIZE=address,undefined -DBYLINE_NO_SANITIZE=null,alignment >/dev/null
cmake --build "$ASAN_BUILD" -j "$(nproc)"

wait_for_lint
wait_for_package_test

echo "==> Running the tests under ASan+UBSan"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# The ranking check measures quality, not memory safety: the plain run has it.
# So does the browser suite: it drives the same page, script and routes in
# Chromium (47 s, the longest test), which ASan does not change; searchd's
# routes run under ASan in the C++ integration tests. The four tests that
# kill a writer again and again (43 s under ASan) check what a SIGKILL
# leaves on disk, which the sanitizers do not change; what the killed
# programs run, the other tests run under ASan to the end.
ASAN_LEAVE_OUT='^(relevance_|browser_)|^(IndexerCliTest[.]KilledRun|ReindexWhileSearchingTest[.]KilledReindex|FaultTest[.]IndexerKilledAtRandomPoints|SearchdWritesTest[.]FaultKill9)'
(cd "$ASAN_BUILD" && ctest --output-on-failure -j "$(nproc)" --timeout 600 -E "$ASAN_LEAVE_OUT")
byline_require_openapi_answers "$ASAN_BUILD"

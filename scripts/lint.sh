#!/usr/bin/env bash
# Style and static checks: clang-format (every C++ file must be formatted as
# .clang-format says) and clang-tidy (.clang-tidy's checks over the programs
# and the core library: src/, indexer/, searchd/, search/). Any finding
# fails. Needs a configured build directory for its compile_commands.json.
#
#   scripts/lint.sh [BUILD_DIR]     # default build/
#   scripts/test.sh runs it beside the ASan build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
cd "$ROOT"

echo "==> clang-format"
git ls-files '*.cc' '*.h' | grep -E '^(src|include|indexer|searchd|search|tests|bench|fuzz)/' |
  xargs clang-format --dry-run --Werror

echo "==> clang-tidy"
# Headers are checked through the files that include them (HeaderFilterRegex).
LOG="$BUILD/clang-tidy.log"
status=0
git ls-files 'src/*.cc' 'indexer/*.cc' 'searchd/*.cc' 'search/*.cc' |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$BUILD" --quiet >"$LOG" 2>&1 || status=$?
# clang-tidy counts the warnings it hid in headers outside ours; not news.
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter=' \
  "$LOG" || true
if [ "$status" -ne 0 ] || grep -q -E ': (error|warning): ' "$LOG"; then
  echo "clang-tidy: findings above (also in $BUILD/clang-tidy.log)" >&2
  exit 1
fi
echo "==> lint: clean"

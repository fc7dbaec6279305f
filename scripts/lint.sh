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
# The files as the build compiles them: the core library's and searchd's
# eight to a unit (BYLINE_UNITY), their headers and Xapian's parsed once a
# unit (measured: 181 s of CPU against 290 file by file); findings in the
# files a unit includes are reported under their own names. One check is
# lost in a unit: misc-unused-using-decls looks only at the unit's own
# file, so an unused using-declaration in a library or searchd file goes
# unreported (the compiler does not warn of it either).
# tidy_files: "unit PATH" (in the build) or "file PATH" (from the root) per
# line; a unit's members follow it as "member PATH", read from the unit.
tidy_files() {
  python3 - "$BUILD/compile_commands.json" "$ROOT" <<'PY'
import json, os, re, sys
entries, root = json.load(open(sys.argv[1])), os.path.realpath(sys.argv[2])
wanted = ("src/", "indexer/", "searchd/", "search/")
seen = set()
for e in entries:
    f = os.path.realpath(os.path.join(e["directory"], e["file"]))
    if f in seen:
        continue
    seen.add(f)
    rel = os.path.relpath(f, root)
    if "/byline.dir/Unity/" in f or "/searchd_lib.dir/Unity/" in f:
        print("unit", f)
        for line in open(f):
            m = re.match(r'#include "(.*)"', line)
            if m:
                print("member", os.path.relpath(os.path.realpath(m.group(1)), root))
    elif rel.startswith(wanted) and rel.endswith(".cc"):
        print("file", rel)  # lint.sh runs in the root
PY
}
TIDY_FILES="$(tidy_files)"
# Every tracked file must be checked, alone or in a unit the build lists.
unchecked=$(comm -23 <(git ls-files 'src/*.cc' 'indexer/*.cc' 'searchd/*.cc' 'search/*.cc' | sort) \
  <(printf '%s\n' "$TIDY_FILES" | while read -r kind path; do
      case "$kind" in file | member) echo "$path" ;; esac
    done | sort -u))
if [ -n "$unchecked" ]; then
  echo "clang-tidy: not in $BUILD/compile_commands.json (reconfigure?): $unchecked" >&2
  exit 1
fi
# A unit is a list of .cc includes, which bugprone-suspicious-include flags.
{
  printf '%s\n' "$TIDY_FILES" | sed -n 's/^file //p' |
    xargs -r -P "$(nproc)" -n 2 clang-tidy -p "$BUILD" --quiet || status=$?
  printf '%s\n' "$TIDY_FILES" | sed -n 's/^unit //p' |
    xargs -r -P "$(nproc)" -n 1 clang-tidy -p "$BUILD" --quiet \
      --checks=-bugprone-suspicious-include || status=$?
} >"$LOG" 2>&1
# clang-tidy counts the warnings it hid in headers outside ours; not news.
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter=' \
  "$LOG" || true
if [ "$status" -ne 0 ] || grep -q -E ': (error|warning): ' "$LOG"; then
  echo "clang-tidy: findings above (also in $BUILD/clang-tidy.log)" >&2
  exit 1
fi
echo "==> lint: clean"

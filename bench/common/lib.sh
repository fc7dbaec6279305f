# The preamble the bench scripts share. Source it with the benchmark's name,
# after keeping the script's arguments for the stamp:
#
#   BENCH_ARGS=("$@")
#   source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" http [BUILD_DIR_NAME]
#
# It sets
#   ROOT         the checkout
#   SHARED_DATA  the benchmark data: $BYLINE_DATA, else ../shared/data beside the checkout
#   BUILD        the build directory: $BUILD, else $ROOT/BUILD_DIR_NAME (default build)
#   OUT          where the run's raw output goes: $ROOT/bench/out/NAME (created; git-ignored)
# and defines bench_load, bench_stamp and bench_result (below). Scripts never write
# bench/RESULTS.md: they print their table and keep it in $OUT/result.md with the run's
# date, commit, command and load, for a person to put in place of the benchmark's
# section (see the top of bench/RESULTS.md).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED_DATA="${BYLINE_DATA:-$ROOT/../shared/data}"
BENCH_NAME="${1:?bench/common/lib.sh: source it with the benchmark name}"
BUILD="${BUILD:-$ROOT/${2:-build}}"
OUT="$ROOT/bench/out/$BENCH_NAME"
mkdir -p "$OUT"
# The script and its arguments, for the stamp (settings from the environment
# are named in each script's table).
BENCH_SCRIPT="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)/$(basename "${BASH_SOURCE[1]}")"
BENCH_COMMAND="${BENCH_SCRIPT#"$ROOT"/}"
if [ "${#BENCH_ARGS[@]}" -gt 0 ]; then BENCH_COMMAND+="$(printf ' %q' "${BENCH_ARGS[@]}")"; fi

# Prints the load average and warns when the machine is busy: numbers taken
# beside other work are not comparable (RESULTS.md asks for a quiet machine).
bench_load() {
  local load1 cores
  load1=$(cut -d' ' -f1 /proc/loadavg)
  cores=$(nproc)
  echo "bench/$BENCH_NAME: load average $(cut -d' ' -f1-3 /proc/loadavg) on $cores cores" >&2
  if awk -v l="$load1" 'BEGIN {exit !(l > 0.5)}'; then
    echo "bench/$BENCH_NAME: warning: the machine is not quiet (load $load1); results will" \
      "not be comparable with bench/RESULTS.md" >&2
  fi
}

# "date, commit, command, load": the line each section of RESULTS.md starts with.
bench_stamp() {
  local commit
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if ! git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null; then commit="$commit + uncommitted changes"; fi
  printf 'Last run: %s, commit %s, `%s`; load average before %s, after %s.\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$BENCH_COMMAND" "${BENCH_LOAD_BEFORE:-?}" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# bench_result TABLE [NAME]: prints the stamp and TABLE and keeps both in
# $OUT/NAME.md (default result.md).
bench_result() {
  local file="$OUT/${2:-result}.md"
  { bench_stamp; echo; echo "$1"; } | tee "$file"
  echo "bench/$BENCH_NAME: kept in ${file#"$ROOT"/}; put it in place of the section of" \
    "bench/RESULTS.md when the run is the one to show" >&2
}

BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
bench_load

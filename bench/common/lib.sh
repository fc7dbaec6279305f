# The preamble the bench scripts share. Source it with the benchmark's name, the build
# directory's name and the script's arguments (kept for the stamp):
#
#   source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" http build "$@"
#
# It stops the script at the first failing command (set -euo pipefail), sets
#   ROOT         the checkout
#   SHARED_DATA  the benchmark data: $BYLINE_DATA, else ../shared/data beside the checkout
#   BUILD        the build directory: $BUILD, else $ROOT/BUILD_DIR_NAME
#   OUT          where the run's raw output goes: $ROOT/bench/out/NAME (created; git-ignored)
# and defines the functions below: the stamp and the result (bench_load, bench_stamp,
# bench_result), what a run needs (bench_need_data, bench_need_tools), building
# (bench_build_bench, bench_corpora, bench_index_once), bench/query's runs
# (bench_query_modes), and background processes killed on exit (bench_track,
# bench_start_server, bench_stop_server). Scripts never write
# bench/RESULTS.md: they print their table and keep it in $OUT/result.md with the run's
# date, commit, command and load, for a person to put in place of the benchmark's
# section (see the top of bench/RESULTS.md).

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED_DATA="${BYLINE_DATA:-$ROOT/../shared/data}"
BENCH_NAME="${1:?bench/common/lib.sh: source it with the benchmark name}"
BUILD="${BUILD:-$ROOT/${2:?bench/common/lib.sh: source it with the build directory name}}"
shift 2
BENCH_ARGS=("$@")
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

# bench_need_data HINT FILE...: stops the run, measuring nothing (exit 0), when a FILE
# is absent; HINT says how to give it.
bench_need_data() {
  local hint=$1 file
  shift
  for file in "$@"; do
    if [[ ! -e "$file" ]]; then
      echo "bench/$BENCH_NAME: $file is absent; nothing measured ($hint)" >&2
      exit 0
    fi
  done
}

# bench_need_tools HINT TOOL...: stops the run (exit 1) when a TOOL is not installed;
# HINT says how to install it.
bench_need_tools() {
  local hint=$1 tool
  shift
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "bench/$BENCH_NAME: $tool is not installed ($hint)" >&2
      exit 1
    fi
  done
}

# bench_build_bench TARGET...: configures $BUILD as a Release build with the bench
# programs and without the tests, and builds TARGET...
bench_build_bench() {
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBYLINE_BUILD_BENCH=ON \
    -DBYLINE_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD" -j "$(nproc)" --target "$@" >/dev/null
}

# bench_corpora SIZE...: the corpora of bench/common/corpora.py (22k, 100k, 400k, 1m) as
# $OUT/corpus-SIZE.jsonl, each made once into bench/out/corpora (shared by every
# benchmark: the 1m one is 1.2 GB) and linked; stops the run (exit 1) without the data.
bench_corpora() {
  if [ ! -d "$SHARED_DATA" ]; then
    echo "bench/$BENCH_NAME: $SHARED_DATA is absent; nothing to measure" >&2
    exit 1
  fi
  local shared="$ROOT/bench/out/corpora" size
  python3 "$ROOT/bench/common/corpora.py" "$shared" "$@" >/dev/null
  for size in "$@"; do
    [ -e "$OUT/corpus-$size.jsonl" ] || ln -s "$shared/corpus-$size.jsonl" "$OUT/corpus-$size.jsonl"
  done
}

# bench_query_modes INDEX QUERIES MODE...: $BUILD/bench/query_bench over INDEX with
# the queries in the file QUERIES, once in each MODE, one after the other; each run
# prints its JSON line.
bench_query_modes() {
  local index=$1 queries=$2 mode
  shift 2
  for mode in "$@"; do
    "$BUILD/bench/query_bench" --index "$index" --queries "$queries" --mode "$mode"
  done
}

# bench_index_once INDEX DATA: builds INDEX from DATA with $BUILD's byline-indexer
# --reindex, unless it was built after DATA last changed.
bench_index_once() {
  if [[ ! -f "$1/XAPIANDB" || "$2" -nt "$1/XAPIANDB" ]]; then
    echo "bench/$BENCH_NAME: indexing $2" >&2
    "$BUILD/indexer/byline-indexer" --index "$1" --reindex "$2" >/dev/null
  fi
}

# Background processes the run started (servers, samplers): killed when it exits,
# however it exits. bench_track PID adds one.
BENCH_PIDS=()
bench_track() { BENCH_PIDS+=("$@"); }
bench_kill_tracked() {
  local pid
  for pid in "${BENCH_PIDS[@]:-}"; do
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
  done
}
trap bench_kill_tracked EXIT

# bench_start_server LOG CMD...: starts CMD, a server that prints "listening on
# http://127.0.0.1:PORT" (byline-searchd, the cpp-httplib floor), in the background
# with its output in LOG, and waits up to 10 s for that line. Sets SERVER_PID and
# SERVER_PORT; stops the run (exit 1), showing LOG, when the server does not start.
bench_start_server() {
  local log=$1
  shift
  : >"$log"  # now: the server's own redirection may come after the first look below
  "$@" >>"$log" 2>&1 &
  SERVER_PID=$!
  bench_track "$SERVER_PID"
  SERVER_PORT=""
  for _ in $(seq 100); do
    SERVER_PORT=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$log" | head -1)
    if [[ -n "$SERVER_PORT" ]]; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break  # it stopped
    sleep 0.1
  done
  echo "bench/$BENCH_NAME: $(basename "$1") did not start:" >&2
  cat "$log" >&2
  exit 1
}

# Stops the server bench_start_server started last (no longer tracked: its pid
# may be reused).
bench_stop_server() {
  local pid tracked=()
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  for pid in "${BENCH_PIDS[@]}"; do
    if [[ "$pid" != "$SERVER_PID" ]]; then tracked+=("$pid"); fi
  done
  BENCH_PIDS=("${tracked[@]}")
}

BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
bench_load

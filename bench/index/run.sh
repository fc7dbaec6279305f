#!/usr/bin/env bash
# Indexing benchmark, one command: Byline side by side with the floor (the
# simplest raw-Xapian loop) and SQLite FTS5, in one run. Byline's rows:
#   byline             --reindex (into a new directory, as each row)
#   byline-1thread     --reindex --threads 1
#   byline-new         the plain command on a new index (what a newcomer types)
#   byline-new-shards2 the plain command with --shards 2 on a new index
#   byline-new-table   the plain command with --positions table (Xapian's position table;
#                      the others make compact indexes, as a new index is by default)
#
#   bench/index/run.sh [SIZE...]        SIZE: 22k 100k 400k 1m (default: 22k 100k 400k)
#   TOOLS="byline-new fts5" bench/index/run.sh 1m    # growth: a million articles
#
# Env: BYLINE_DATA (default ../shared/data beside the repo), BENCH_WORK
# (scratch space, default /tmp/byline-bench-index), REPEAT (runs per tool and
# size, median reported; default 3 for 22k, 1 above), TOOLS (the rows to run,
# default all: floor floor+mimalloc byline byline-1thread byline-new
# byline-new-shards2 byline-new-table fts5; "vs floor" is left blank without the floor). The
# corpora are bench/common/corpora.py's, as for every benchmark.
# Prints a Markdown table: articles/s, MB/s, peak RSS, index size (rows on
# stderr as they come; the whole table with its stamp on stdout and in
# bench/out/index/result.md).
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" index build "$@"
DATA="$SHARED_DATA"
WORK="${BENCH_WORK:-/tmp/byline-bench-index}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(22k 100k 400k)

bench_need_data "set BYLINE_DATA to the benchmark data" "$DATA/reuters21578.jsonl"
bench_need_tools "Debian: apt-get install time python3 xapian-tools g++ pkg-config" \
  /usr/bin/time python3 xapian-compact g++ pkg-config
mkdir -p "$WORK"
# The floor once more with mimalloc (which Byline's programs link), so the
# allocator's share of Byline's lead shows.
# ldconfig is in /sbin, off a normal user's PATH; without mimalloc the row is left out.
MIMALLOC=$( (/sbin/ldconfig -p 2>/dev/null || true) | awk '/libmimalloc\.so\.2 /{print $NF; exit}')

# Build what is measured.
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target byline-indexer >/dev/null
INDEXER="$BUILD/indexer/byline-indexer"
FLOOR="$WORK/floor"
g++ -O2 -std=c++17 -o "$FLOOR" "$ROOT/bench/index/floor.cc" $(pkg-config --cflags --libs xapian-core)
bench_corpora "${SIZES[@]}"
read -r -a TOOLS <<< "${TOOLS:-floor floor+mimalloc byline byline-1thread byline-new byline-new-shards2 byline-new-table fts5}"
# Without mimalloc the floor+mimalloc row is left out.
[ -z "$MIMALLOC" ] && TOOLS=("${TOOLS[@]/floor+mimalloc/}")
wanted() { [[ " ${TOOLS[*]} " == *" $1 "* ]]; }

# run NAME CORPUS OUT CMD...: one timed run; appends "wall_s rss_kb" to $WORK/NAME.times
run() {
  local name=$1 out=$3
  shift 3
  rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$WORK/time.tmp" "$@"
  cat "$WORK/time.tmp" >> "$WORK/$name.times"
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
size_mb() { du -sb "$1" | awk '{printf "%.1f", $1/1048576}'; }

{
echo "| corpus | tool | articles/s | MB/s | peak RSS MB | index MB | vs floor |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for size in "${SIZES[@]}"; do
  corpus="$OUT/corpus-$size.jsonl"
  articles=$(wc -l < "$corpus")
  mb=$(du -sbL "$corpus" | awk '{print $1/1048576}')
  repeat=${REPEAT:-$([ "$size" = 22k ] && echo 3 || echo 1)}
  rm -f "$WORK"/*.times
  for ((r = 0; r < repeat; r++)); do
    # Interleaved, so a busy moment on the machine hits every tool alike.
    wanted floor && run floor "$corpus" "$WORK/floor.db" sh -c "'$FLOOR' '$WORK/floor.db' < '$corpus'"
    wanted floor+mimalloc && run floor+mimalloc "$corpus" "$WORK/floor-mi.db" \
      env LD_PRELOAD="$MIMALLOC" sh -c "'$FLOOR' '$WORK/floor-mi.db' < '$corpus'"
    wanted byline && run byline "$corpus" "$WORK/byline" "$INDEXER" -q --index "$WORK/byline" --reindex "$corpus"
    wanted byline-1thread && run byline-1thread "$corpus" "$WORK/byline1" "$INDEXER" -q --threads 1 --index "$WORK/byline1" --reindex "$corpus"
    wanted byline-new && run byline-new "$corpus" "$WORK/byline-new" "$INDEXER" -q --index "$WORK/byline-new" "$corpus"
    wanted byline-new-table && run byline-new-table "$corpus" "$WORK/byline-newt" "$INDEXER" -q --positions table --index "$WORK/byline-newt" "$corpus"
    wanted byline-new-shards2 && run byline-new-shards2 "$corpus" "$WORK/byline-new2" "$INDEXER" -q --shards 2 --index "$WORK/byline-new2" "$corpus"
    wanted fts5 && run fts5 "$corpus" "$WORK/fts5.db" sh -c "python3 '$ROOT/bench/index/fts5.py' '$WORK/fts5.db' < '$corpus'"
  done
  floor_wall=0
  if wanted floor; then
    rm -rf "$WORK/floor.compact"
    xapian-compact "$WORK/floor.db" "$WORK/floor.compact" >/dev/null
    floor_wall=$(awk '{print $1}' "$WORK/floor.times" | median)
  fi
  tools=()
  for tool in "${TOOLS[@]}"; do [ -n "$tool" ] && tools+=("$tool"); done
  for tool in "${tools[@]}"; do
    wall=$(awk '{print $1}' "$WORK/$tool.times" | median)
    rss=$(awk '{print $2}' "$WORK/$tool.times" | median)
    case $tool in
      floor) index="$(size_mb "$WORK/floor.db") ($(size_mb "$WORK/floor.compact") compacted)" ;;
      floor+mimalloc) index=$(size_mb "$WORK/floor-mi.db") ;;
      byline) index=$(size_mb "$WORK/byline") ;;
      byline-1thread) index=$(size_mb "$WORK/byline1") ;;
      byline-new) index=$(size_mb "$WORK/byline-new") ;;
      byline-new-shards2) index=$(size_mb "$WORK/byline-new2") ;;
      byline-new-table) index=$(size_mb "$WORK/byline-newt") ;;
      fts5) index=$(size_mb "$WORK/fts5.db") ;;
    esac
    awk -v c="$size" -v t="$tool" -v n="$articles" -v mb="$mb" -v w="$wall" -v rss="$rss" \
        -v idx="$index" -v fw="$floor_wall" -v rep="$repeat" 'BEGIN {
      vs = fw > 0 ? sprintf("%.2fx", fw / w) : "–"
      printf "| %s (%d, %d runs) | %s | %.0f | %.2f | %.0f | %s | %s |\n",
             c, n, rep, t, n / w, mb / w, rss / 1024, idx, vs }'
  done
done
} | tee "$OUT/table.md" >&2
bench_result "$(cat "$OUT/table.md")"

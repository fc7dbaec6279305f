#!/usr/bin/env bash
# Search-as-you-type speed: Searcher::Suggest in-process (as GET /suggest
# calls it) over a fixed, seeded mix of 2,000 queries drawn from the corpus,
# half one partial word ("int"), half a word and the start of the next
# ("interest r"); p50/p95/p99 per run, with titles (the default request)
# and completions only. Also the index's size and build time.
#
#   bench/query/suggest.sh                       # 400k, 3 runs
#   SIZES="22k 100k" RUNS=1 bench/query/suggest.sh
#   BASELINE_INDEXER=/path/to/byline-indexer bench/query/suggest.sh
#       also builds the corpus with that (older) indexer, to state what the
#       word pairs cost in index size (an index without them still answers
#       /suggest, in frequency order).
#
# Reads ../shared/data (bench/common/corpora.py); writes bench/out/query/
# (beside bench/query/run.sh's corpora). The index,
# bench/out/query/suggest-index-SIZE, is built once: delete it to rebuild.
# Run it alone on the machine (load average near 0).
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" query build-bench "$@"
SIZES="${SIZES:-400k}"
RUNS="${RUNS:-3}"

# shellcheck disable=SC2086  # SIZES is split into sizes on purpose
bench_corpora $SIZES
bench_build_bench byline-indexer query_bench

build_index() {  # INDEXER DIR CORPUS: prints the wall seconds
  local start end
  rm -rf "$2"
  start=$(date +%s.%N)
  "$1" --index "$2" --reindex --quiet "$3"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

TABLE=$(for size in $SIZES; do
  corpus="$OUT/corpus-$size.jsonl"
  index="$OUT/suggest-index-$size"
  if [ ! -f "$index/XAPIANDB" ]; then
    echo "==> indexing $size" >&2
    seconds=$(build_index "$BUILD/indexer/byline-indexer" "$index" "$corpus")
    echo "$seconds" > "$OUT/suggest-index-$size.seconds"
  fi
  echo "index-$size: $(du -sk "$index" | cut -f1) KB, built in $(cat "$OUT/suggest-index-$size.seconds" 2>/dev/null || echo '?') s"
  if [ -n "${BASELINE_INDEXER:-}" ]; then
    echo "==> indexing $size with $BASELINE_INDEXER" >&2
    seconds=$(build_index "$BASELINE_INDEXER" "$OUT/suggest-baseline-$size" "$corpus")
    echo "baseline-$size: $(du -sk "$OUT/suggest-baseline-$size" | cut -f1) KB, built in $seconds s"
  fi
  queries="$OUT/suggest-queries-$size.txt"
  python3 "$ROOT/bench/query/make_suggest_queries.py" "$corpus" 2000 > "$queries"
  for run in $(seq "$RUNS"); do
    echo "==> $size run $run/$RUNS" >&2
    bench_query_modes "$index" "$queries" suggest suggest-completions
  done >"$OUT/suggest-$size.jsonl"
  python3 - "$OUT/suggest-$size.jsonl" "$size" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(f"| {sys.argv[2]} | mode | queries/s | p50 ms | p95 ms | p99 ms | runs |")
print("|---|---|---:|---:|---:|---:|---:|")
for mode in ("suggest", "suggest-completions"):
    got = [r for r in rows if r["mode"] == mode]
    med = lambda k: statistics.median(r[k] for r in got)
    print(f"| | {mode} | {med('qps'):.0f} | {med('p50_ms'):.3f} | {med('p95_ms'):.3f} | "
          f"{med('p99_ms'):.3f} | {len(got)} |")
PY
done)
bench_result "SIZES=\"$SIZES\" RUNS=$RUNS${BASELINE_INDEXER:+ BASELINE_INDEXER=$BASELINE_INDEXER}; medians of $RUNS runs.

$TABLE" suggest-result

#!/usr/bin/env bash
# Query speed, side by side in one run: Byline's searcher in-process, the raw
# Xapian loop (default and fast snippets) and SQLite FTS5, on 1,000 fixed
# queries per corpus size. Reads ../shared/data (or BYLINE_DATA); writes
# bench/out/query/ (corpora, indexes, raw results, result.md).
#
# Byline runs three times: as it is (totals exact up to 1,000 matches),
# counting only the page (`--mode byline-estimate`, as before exact totals;
# the summary's second table gives what the counting costs), and with
# Xapian's own BM25, which reads each candidate's length from the index
# (`--mode byline-xapian-lengths`; the last table).
#
# The raw loop searches its own index, built by the simplest raw indexing
# loop (bench/index/floor.cc: same fields, JSON line as document data, no
# compaction), as a raw-Xapian user would have it; and, to show what is left
# when the index is the same, Byline's index too ("raw-fast on Byline's index").
#
#   bench/query/run.sh            # sizes 22k 100k 400k, 3 runs each (1m on request)
#   SIZES="22k" RUNS=5 bench/query/run.sh
#   SIZES="1m" RUNS=1 RAW=0 bench/query/run.sh    # growth: a million articles
#   POSITIONS=table SIZES=400k bench/query/run.sh  # Byline on a --positions table index
#   ALSO=table SIZES=400k bench/query/run.sh  # and on a --positions table index, interleaved
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" query build-bench "$@"
SIZES="${SIZES:-22k 100k 400k}"
RUNS="${RUNS:-3}"
# RAW=0 leaves out the raw Xapian loop (its index takes 12 minutes at 1m).
RAW="${RAW:-1}"
# POSITIONS=stream|table: how Byline's index keeps positions (byline-indexer
# --positions; each kind in its own directory). Default: stream, as a new
# index is made.
POSITIONS="${POSITIONS:-stream}"
# ALSO=table|stream: Byline also on an index built with --positions ALSO,
# in the same runs (mode byline-ALSO), to compare the two kinds side by side.
ALSO="${ALSO:-}"

# shellcheck disable=SC2086  # SIZES is split into sizes on purpose
bench_corpora $SIZES
bench_build_bench byline-indexer query_bench index_floor

for size in $SIZES; do
  corpus="$OUT/corpus-$size.jsonl"
  index="$OUT/index-$size-$POSITIONS"
  if [ ! -f "$index/XAPIANDB" ]; then
    echo "==> indexing $size with byline-indexer --positions $POSITIONS" >&2
    "$BUILD/indexer/byline-indexer" --index "$index" --reindex --quiet \
      --positions "$POSITIONS" "$corpus"
  fi
  also_index="$OUT/index-$size-$ALSO"
  if [ -n "$ALSO" ] && [ ! -f "$also_index/XAPIANDB" ]; then
    echo "==> indexing $size with byline-indexer --positions $ALSO" >&2
    "$BUILD/indexer/byline-indexer" --index "$also_index" --reindex --quiet --positions "$ALSO" \
      "$corpus"
  fi
  raw_index="$OUT/raw-index-$size"
  if [ "$RAW" = 1 ] && [ ! -f "$raw_index/iamglass" ]; then
    echo "==> indexing $size with the raw Xapian loop (bench/index/floor.cc)" >&2
    rm -rf "$raw_index"
    "$BUILD/bench/index_floor" "$raw_index" < "$corpus"
  fi
  if [ ! -f "$OUT/fts5-$size.db" ]; then
    echo "==> indexing $size with SQLite FTS5" >&2
    python3 "$ROOT/bench/query/fts5_bench.py" build "$corpus" "$OUT/fts5-$size.db" >&2
  fi
  queries="$OUT/queries-$size.txt"
  python3 "$ROOT/bench/query/make_queries.py" "$corpus" 1000 > "$queries"
  for run in $(seq "$RUNS"); do
    echo "==> $size run $run/$RUNS" >&2
    # byline-estimate counts only the page, as before totals were exact:
    # the two side by side give what exact totals cost; byline-xapian-lengths
    # leaves BM25 to Xapian (lengths read from the index, not from memory).
    bench_query_modes "$index" "$queries" byline byline-estimate byline-xapian-lengths
    if [ -n "$ALSO" ]; then
      "$BUILD/bench/query_bench" --index "$also_index" --queries "$queries" --mode byline \
        --label "byline-$ALSO"
    fi
    if [ "$RAW" = 1 ]; then
      bench_query_modes "$raw_index" "$queries" raw raw-fast
      "$BUILD/bench/query_bench" --index "$index" --queries "$queries" --mode raw-fast \
        --label raw-fast-byline-index
    fi
    python3 "$ROOT/bench/query/fts5_bench.py" query "$OUT/fts5-$size.db" "$queries"
  done >"$OUT/query-$size.jsonl"
done
bench_result "SIZES=\"$SIZES\" RUNS=$RUNS RAW=$RAW POSITIONS=$POSITIONS ALSO=${ALSO:-none}; medians of $RUNS interleaved runs, one thread, in-process.

$(python3 "$ROOT/bench/query/summarize.py" "$OUT" $SIZES)"
if command -v gnuplot >/dev/null; then
  gnuplot -e "out='$ROOT/docs/query-speed.png'; dat='$OUT/query-plot.dat'" \
    "$ROOT/bench/query/plot.gp" && echo "plot: docs/query-speed.png" >&2
fi

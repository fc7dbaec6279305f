#!/usr/bin/env bash
# Near-duplicate folding: how well the fingerprint rule (byline/fingerprint.h:
# distance <= kNearDuplicateDistance) finds duplicate pairs, and what folding
# costs a search. Reads ../shared/data (or BYLINE_DATA); writes
# bench/out/dedupe/ (raw results, result.md).
#
# Quality (bench/dedupe/dedupe_eval.cc), against pairs judged by an exact,
# slow measure: the Jaccard similarity of the two articles' shingle sets (the
# same shingles the fingerprint is made of) >= JACCARD (default 0.8), every
# such pair found by prefix filtering (the fingerprint plays no part):
#   - Reuters-21578 (many updated and repeated wire stories): precision and
#     recall of the fingerprint pairs at each distance; the settings were
#     chosen on BBC and synthetic edits of BBC (TUNE=1 reruns that grid), so
#     Reuters is out of sample;
#   - synthetic edits of 1,000 articles of each collection: recall per edit
#     (k% of words replaced, a paragraph cut, a sentence appended), and the
#     share of 200,000 unrelated pairs within each distance.
# Speed: search at 100k (bench/common/corpora.py) with dedupe=near against
# dedupe off, in-process (bench/query/query_bench.cc), RUNS interleaved runs
# of 1,000 queries each, medians; and Searcher::Duplicates (the endpoint) on
# each query's top hit.
#
#   bench/dedupe/run.sh
#   RUNS=5 SIZE=100k JACCARD=0.8 TUNE=1 bench/dedupe/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" dedupe build-bench "$@"
RUNS="${RUNS:-5}"
SIZE="${SIZE:-100k}"
JACCARD="${JACCARD:-0.8}"
TUNE="${TUNE:-0}"
SPEED="${SPEED:-1}"

bench_build_bench byline-indexer query_bench dedupe_eval
EVAL="$BUILD/bench/dedupe_eval"
REUTERS="$SHARED_DATA/reuters21578.jsonl"
BBC="$SHARED_DATA/bbc.jsonl"

quality=1
for file in "$REUTERS" "$BBC"; do
  if [ ! -f "$file" ]; then
    echo "bench/dedupe: $file is absent; quality not measured" >&2
    quality=0
  fi
done
if [ "$quality" = 1 ]; then
  if [ "$TUNE" = 1 ]; then
    # The tuning grid, on BBC and its synthetic edits only.
    : >"$OUT/tune.jsonl"
    for method in simhash minhash; do
      for shingle in 2 3 4 5; do
        for title in "" "--no-title"; do
          echo "==> tuning: $method shingle $shingle ${title:-with title}" >&2
          settings=(--method "$method" --shingle "$shingle" $title)
          "$EVAL" synthetic "$BBC" "${settings[@]}" >"$OUT/tune-synthetic.jsonl" 2>/dev/null
          "$EVAL" pairs "$BBC" "${settings[@]}" --jaccard "$JACCARD" \
            >"$OUT/tune-pairs.jsonl" 2>/dev/null
          python3 - "$method" "$shingle" "${title:-title}" "$OUT" >>"$OUT/tune.jsonl" <<'PY'
import json, sys
method, shingle, title, out = sys.argv[1:5]
syn = [json.loads(l) for l in open(out + "/tune-synthetic.jsonl")]
pairs = [json.loads(l) for l in open(out + "/tune-pairs.jsonl")]
for s, p in zip(syn, pairs):
    print(json.dumps({"method": method, "shingle": int(shingle), "title": title, **s,
                      **{"bbc_" + k: v for k, v in p.items() if k != "distance"}}))
PY
        done
      done
    done
  fi
  echo "==> Reuters pairs (Jaccard >= $JACCARD)" >&2
  "$EVAL" pairs "$REUTERS" --jaccard "$JACCARD" >"$OUT/reuters-pairs.jsonl" 2>"$OUT/reuters-pairs.log"
  cat "$OUT/reuters-pairs.log" >&2
  echo "==> BBC pairs (Jaccard >= $JACCARD)" >&2
  "$EVAL" pairs "$BBC" --jaccard "$JACCARD" >"$OUT/bbc-pairs.jsonl" 2>"$OUT/bbc-pairs.log"
  cat "$OUT/bbc-pairs.log" >&2
  for name in reuters bbc; do
    file="$REUTERS"
    [ "$name" = bbc ] && file="$BBC"
    echo "==> synthetic edits of $name" >&2
    "$EVAL" synthetic "$file" >"$OUT/$name-synthetic.jsonl" 2>"$OUT/$name-synthetic.log"
  done
fi

if [ "$SPEED" = 1 ]; then
  bench_corpora "$SIZE"
  corpus="$OUT/corpus-$SIZE.jsonl"
  index="$OUT/index-$SIZE"
  bench_index_once "$index" "$corpus"
  queries="$OUT/queries-$SIZE.txt"
  python3 "$ROOT/bench/query/make_queries.py" "$corpus" 1000 >"$queries"
  for run in $(seq "$RUNS"); do
    echo "==> $SIZE run $run/$RUNS" >&2
    bench_query_modes "$index" "$queries" byline byline-dedupe
  done >"$OUT/speed-$SIZE.jsonl"
  "$BUILD/bench/query_bench" --index "$index" --queries "$queries" --mode duplicates \
    >"$OUT/duplicates-$SIZE.jsonl" 2>"$OUT/duplicates-$SIZE.log"
  cat "$OUT/duplicates-$SIZE.log" >&2
fi

bench_result "RUNS=$RUNS SIZE=$SIZE JACCARD=$JACCARD; load during the run: $(cut -d' ' -f1-3 /proc/loadavg).

$(python3 "$ROOT/bench/dedupe/summarize.py" "$OUT" "$SIZE" "$quality" "$SPEED")"

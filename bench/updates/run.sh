#!/usr/bin/env bash
# An index kept current by updates against a rebuilt one (issue 23). From a
# compacted index (--reindex) of each SIZE, byline-indexer applies four steps
# in turn (bench/updates/steps.py): 10%, 50% and 100% of the articles
# replaced, then 10% new ones; once with --auto-compact off and once on (its
# default threshold unless THRESHOLD is set). After each step, the two
# updated indexes and a fresh --reindex of the same articles answer the same
# 1,000 queries (bench/query/make_queries.py, bench/query/query_bench.cc,
# one thread, in-process): q/s, p99 and size side by side, with q/s and size
# as a share of the fresh index's. Writes bench/out/updates/ (indexes, raw
# results, result.md).
#
#   bench/updates/run.sh                 # SIZES="100k 400k"
#   SIZES=22k bench/updates/run.sh       # a quick look
#   THRESHOLD=0.1 bench/updates/run.sh   # another --auto-compact-threshold
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" updates build-bench "$@"
SIZES="${SIZES:-100k 400k}"
THRESHOLD="${THRESHOLD:-}"

# shellcheck disable=SC2086  # SIZES is split into sizes on purpose
bench_corpora $SIZES
bench_build_bench byline-indexer query_bench
INDEXER="$BUILD/indexer/byline-indexer"
STEPS="$ROOT/bench/updates/steps.py"
on_flags=(--auto-compact on)
if [ -n "$THRESHOLD" ]; then on_flags+=(--auto-compact-threshold "$THRESHOLD"); fi

size_bytes() {
  "$INDEXER" --index "$1" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["size_bytes"])'
}

# measure LABEL INDEX QUERIES: one query_bench line, with the index's size added.
measure() {
  local line
  line=$("$BUILD/bench/query_bench" --index "$2" --queries "$3" --mode byline --label "$1")
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["size_bytes"]=int(sys.argv[2]); d["step"]=sys.argv[3]; d["size"]=sys.argv[4]; print(json.dumps(d))' \
    "$line" "$(size_bytes "$2")" "$STEP_NAME" "$size"
}

: >"$OUT/updates.jsonl"
for size in $SIZES; do
  corpus="$OUT/corpus-$size.jsonl"
  queries="$OUT/queries-$size.txt"
  python3 "$ROOT/bench/query/make_queries.py" "$corpus" 1000 >"$queries"
  base="$OUT/base-$size"
  bench_index_once "$base" "$corpus"
  for mode in off on; do
    rm -rf "$OUT/index-$size-$mode"
    cp -a "$base" "$OUT/index-$size-$mode"
  done
  for step in 1 2 3 4; do
    case $step in
      1) STEP_NAME="10% replaced" ;;
      2) STEP_NAME="50% replaced" ;;
      3) STEP_NAME="100% replaced" ;;
      4) STEP_NAME="10% new" ;;
    esac
    echo "==> $size: step $step ($STEP_NAME)" >&2
    python3 "$STEPS" "$corpus" "$step" updates >"$OUT/step.jsonl"
    "$INDEXER" --index "$OUT/index-$size-off" --auto-compact off --quiet "$OUT/step.jsonl"
    "$INDEXER" --index "$OUT/index-$size-on" "${on_flags[@]}" "$OUT/step.jsonl" 2>&1 |
      grep 'auto-compacted' >&2 || true
    python3 "$STEPS" "$corpus" "$step" all >"$OUT/all.jsonl"
    rm -rf "$OUT/fresh-$size"
    "$INDEXER" --index "$OUT/fresh-$size" --reindex --quiet "$OUT/all.jsonl"
    {
      measure "fresh --reindex" "$OUT/fresh-$size" "$queries"
      measure "auto-compact off" "$OUT/index-$size-off" "$queries"
      measure "auto-compact on" "$OUT/index-$size-on" "$queries"
    } >>"$OUT/updates.jsonl"
  done
  rm -f "$OUT/step.jsonl" "$OUT/all.jsonl"
done

bench_result "SIZES=\"$SIZES\" THRESHOLD=${THRESHOLD:-default}; one run per step, one thread, in-process.

$(python3 - "$OUT/updates.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| size | step | index | q/s | p99 ms | size MB | q/s vs fresh | size vs fresh |")
print("|---|---|---|---:|---:|---:|---:|---:|")
fresh = {}
for r in rows:
    key = (r["size"], r["step"])
    if r["mode"] == "fresh --reindex":
        fresh[key] = r
    f = fresh[key]
    print("| %s | %s | %s | %.0f | %.1f | %.0f | %.0f%% | %.0f%% |" % (
        r["size"], r["step"], r["mode"], r["qps"], r["p99_ms"], r["size_bytes"] / 2**20,
        100 * r["qps"] / f["qps"], 100 * r["size_bytes"] / f["size_bytes"]))
PY
)"

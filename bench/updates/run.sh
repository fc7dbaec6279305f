#!/usr/bin/env bash
# An index kept current by updates against a rebuilt one (issue 23). From a
# compacted index (--reindex) of each SIZE, byline-indexer applies six steps
# in turn (bench/updates/steps.py): 2%, 2% more, 10%, 50% and 100% of the
# articles replaced, then 10% new ones; once with --auto-compact off and once
# on (its default policy unless THRESHOLD or MAX_SIZE is set). After each step, the two
# updated indexes and a fresh --reindex of the same articles answer the same
# 1,000 queries (bench/query/make_queries.py, bench/query/query_bench.cc,
# one thread, in-process): q/s, p99 and size side by side, with q/s and size
# as a share of the fresh index's. Writes bench/out/updates/ (indexes, raw
# results, result.md).
#
#   bench/updates/run.sh                 # SIZES="100k 400k"
#   SIZES=22k bench/updates/run.sh       # a quick look
#   THRESHOLD=0.1 bench/updates/run.sh   # another --auto-compact-threshold
#   MAX_SIZE=0 bench/updates/run.sh      # another --auto-compact-max-size
#   MODES=on bench/updates/run.sh        # leave out the never-compacted index
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" updates build-bench "$@"
SIZES="${SIZES:-100k 400k}"
THRESHOLD="${THRESHOLD:-}"
MAX_SIZE="${MAX_SIZE:-}"
MODES="${MODES:-off on}"

# shellcheck disable=SC2086  # SIZES is split into sizes on purpose
bench_corpora $SIZES
bench_build_bench byline-indexer query_bench
INDEXER="$BUILD/indexer/byline-indexer"
STEPS="$ROOT/bench/updates/steps.py"
on_flags=(--auto-compact on)
if [ -n "$THRESHOLD" ]; then on_flags+=(--auto-compact-threshold "$THRESHOLD"); fi
if [ -n "$MAX_SIZE" ]; then on_flags+=(--auto-compact-max-size "$MAX_SIZE"); fi

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
  # shellcheck disable=SC2086  # MODES is split into modes on purpose
  for mode in $MODES; do
    rm -rf "$OUT/index-$size-$mode"
    cp -a "$base" "$OUT/index-$size-$mode"
  done
  step=0
  while IFS= read -r -u 3 STEP_NAME; do
    step=$((step + 1))
    echo "==> $size: step $step ($STEP_NAME)" >&2
    python3 "$STEPS" "$corpus" "$step" updates >"$OUT/step.jsonl"
    if [[ " $MODES " == *" off "* ]]; then
      "$INDEXER" --index "$OUT/index-$size-off" --auto-compact off --quiet "$OUT/step.jsonl"
    fi
    "$INDEXER" --index "$OUT/index-$size-on" "${on_flags[@]}" "$OUT/step.jsonl" 2>&1 |
      grep 'auto-compacted' >&2 || true
    python3 "$STEPS" "$corpus" "$step" all >"$OUT/all.jsonl"
    rm -rf "$OUT/fresh-$size"
    "$INDEXER" --index "$OUT/fresh-$size" --reindex --quiet "$OUT/all.jsonl"
    {
      measure "fresh --reindex" "$OUT/fresh-$size" "$queries"
      if [[ " $MODES " == *" off "* ]]; then
        measure "auto-compact off" "$OUT/index-$size-off" "$queries"
      fi
      measure "auto-compact on" "$OUT/index-$size-on" "$queries"
    } >>"$OUT/updates.jsonl"
  done 3< <(python3 "$STEPS" names)
  rm -f "$OUT/step.jsonl" "$OUT/all.jsonl"
done

bench_result "SIZES=\"$SIZES\" THRESHOLD=${THRESHOLD:-default} MAX_SIZE=${MAX_SIZE:-default} MODES=\"$MODES\"; one run per step, one thread, in-process.

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

#!/usr/bin/env bash
# An index kept current by updates against a rebuilt one (issue 23). From a
# compacted index (--reindex) of each SIZE, byline-indexer applies six steps
# in turn (bench/updates/steps.py): 2%, 2% more, 10%, 50% and 100% of the
# articles replaced, then 10% new ones, to one copy per mode: "off"
# (byline-indexer --auto-compact off), "on" (byline-indexer, its default
# policy unless THRESHOLD or MAX_SIZE is set) and "http" (POST /admin/articles
# to a byline-searchd serving the copy, in batches of at most BATCH_MB, with
# its default auto-compaction on the write thread). After each step, the two
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
#   MODES="on http" bench/updates/run.sh # leave out the never-compacted index
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" updates build-bench "$@"
SIZES="${SIZES:-100k 400k}"
THRESHOLD="${THRESHOLD:-}"
MAX_SIZE="${MAX_SIZE:-}"
MODES="${MODES:-off on http}"
BATCH_MB="${BATCH_MB:-16}"
TOKEN="bench-updates-token-0123456789"

# shellcheck disable=SC2086  # SIZES is split into sizes on purpose
bench_corpora $SIZES
bench_build_bench byline-indexer byline-searchd query_bench
INDEXER="$BUILD/indexer/byline-indexer"
SEARCHD="$BUILD/searchd/byline-searchd"
STEPS="$ROOT/bench/updates/steps.py"
on_flags=(--auto-compact on)
if [ -n "$THRESHOLD" ]; then on_flags+=(--auto-compact-threshold "$THRESHOLD"); fi
if [ -n "$MAX_SIZE" ]; then on_flags+=(--auto-compact-max-size "$MAX_SIZE"); fi

size_bytes() {
  "$INDEXER" --index "$1" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["size_bytes"])'
}

has_mode() { [[ " $MODES " == *" $1 "* ]]; }

# post_step FILE: POSTs FILE's articles to the searchd on SERVER_PORT in
# batches, then one article again (unchanged: nothing written), whose answer
# comes once the write thread is idle, so any compaction after the batches'
# commits has ended before the queries.
post_step() {
  local dir=$OUT/batches chunk
  rm -rf "$dir"
  mkdir -p "$dir"
  split -C "${BATCH_MB}m" "$1" "$dir/batch-"
  for chunk in "$dir"/batch-*; do
    curl -sS --fail -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/x-ndjson' --data-binary "@$chunk" \
      "http://127.0.0.1:$SERVER_PORT/admin/articles"
  done
  head -1 "$1" | curl -sS --fail -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/x-ndjson' --data-binary @- \
    "http://127.0.0.1:$SERVER_PORT/admin/articles"
  rm -rf "$dir"
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
  if has_mode http; then
    bench_start_server "$OUT/searchd-$size.log" "$SEARCHD" --index "$OUT/index-$size-http" \
      --listen 127.0.0.1:0 --admin-token "$TOKEN"
  fi
  step=0
  while IFS= read -r -u 3 STEP_NAME; do
    step=$((step + 1))
    echo "==> $size: step $step ($STEP_NAME)" >&2
    python3 "$STEPS" "$corpus" "$step" updates >"$OUT/step.jsonl"
    if has_mode off; then
      "$INDEXER" --index "$OUT/index-$size-off" --auto-compact off --quiet "$OUT/step.jsonl"
    fi
    if has_mode on; then
      "$INDEXER" --index "$OUT/index-$size-on" "${on_flags[@]}" "$OUT/step.jsonl" 2>&1 |
        grep 'auto-compacted' >&2 || true
    fi
    if has_mode http; then post_step "$OUT/step.jsonl"; fi
    python3 "$STEPS" "$corpus" "$step" all >"$OUT/all.jsonl"
    rm -rf "$OUT/fresh-$size"
    "$INDEXER" --index "$OUT/fresh-$size" --reindex --quiet "$OUT/all.jsonl"
    {
      measure "fresh --reindex" "$OUT/fresh-$size" "$queries"
      if has_mode off; then measure "auto-compact off" "$OUT/index-$size-off" "$queries"; fi
      if has_mode on; then measure "auto-compact on" "$OUT/index-$size-on" "$queries"; fi
      if has_mode http; then measure "HTTP writes" "$OUT/index-$size-http" "$queries"; fi
    } >>"$OUT/updates.jsonl"
  done 3< <(python3 "$STEPS" names)
  rm -f "$OUT/step.jsonl" "$OUT/all.jsonl"
  if has_mode http; then
    grep 'auto-compacted' "$OUT/searchd-$size.log" >&2 || true
    bench_stop_server
  fi
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

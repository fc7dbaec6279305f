#!/usr/bin/env bash
# Related articles ("more like this", Searcher::Related): quality and speed.
# Reads ../shared/data (or BYLINE_DATA); writes bench/out/related/.
#
# Quality: the share of the top 5 related articles that share a label with
# their source: on Reuters-21578 a TOPICS code (sources: the articles with
# one, SAMPLE of them evenly spread), on BBC News the category (business,
# entertainment, politics, sport, tech; every article a source). Each
# collection is indexed on its own. The settings (RelatedOptions: terms,
# title boost, weight power) are chosen on Reuters (the grid below) and
# only reported on BBC: BBC is never tuned on.
# Speed: p50 / p99 of one Related call (top 5, no snippets) in-process, one
# thread, for 1,000 sources spread over the 100k corpus
# (bench/common/corpora.py). Run it alone on the machine.
#
#   bench/related/run.sh                  # quality grid + speed at 100k
#   SAMPLE=2000 GRID="terms=30" bench/related/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" related build-bench "$@"
SAMPLE="${SAMPLE:-1000}"
# Settings tried on Reuters, ';' between them; the first is the default.
GRID="${GRID:-;terms=20;terms=30;terms=65;title=1;title=2;title=4;power=0.5;power=1;terms=30,title=2,power=1}"
SPEED="${SPEED:-1}"  # 0 leaves out the 100k speed run

bench_need_data "put bbc.jsonl and reuters21578.jsonl in $SHARED_DATA or set BYLINE_DATA" \
  "$SHARED_DATA/bbc.jsonl" "$SHARED_DATA/reuters21578.jsonl"
bench_build_bench byline-indexer related_bench

labels="$ROOT/bench/related/labels.py"
for collection in reuters bbc; do
  file="$SHARED_DATA/bbc.jsonl"
  [ "$collection" = reuters ] && file="$SHARED_DATA/reuters21578.jsonl"
  bench_index_once "$OUT/index-$collection" "$file"
  python3 "$labels" "$collection" "$file" >"$OUT/labels-$collection.tsv"
done

echo "==> Reuters: the grid (sample $SAMPLE)" >&2
"$BUILD/bench/related_bench" --index "$OUT/index-reuters" --labels "$OUT/labels-reuters.tsv" \
  --sample "$SAMPLE" --settings "$GRID" >"$OUT/reuters.jsonl"
echo "==> BBC: every article, the same settings" >&2
"$BUILD/bench/related_bench" --index "$OUT/index-bbc" --labels "$OUT/labels-bbc.tsv" \
  --settings "$GRID" >"$OUT/bbc.jsonl"

speed_row=""
if [ "$SPEED" = 1 ]; then
  bench_corpora 100k
  bench_index_once "$OUT/index-100k" "$OUT/corpus-100k.jsonl"
  python3 "$labels" none "$OUT/corpus-100k.jsonl" 1000 >"$OUT/sources-100k.tsv"
  echo "==> 100k: speed (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$BUILD/bench/related_bench" --index "$OUT/index-100k" --labels "$OUT/sources-100k.tsv" \
    >"$OUT/speed-100k.jsonl"
  speed_row=$(python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline())
print("Speed at 100k ({} sources, top 5, one thread): p50 {:.2f} ms, p99 {:.2f} ms, mean {:.2f} ms;"
      " load {}.".format(r["sources"], r["p50_ms"], r["p99_ms"], r["mean_ms"], sys.argv[2]))
' "$OUT/speed-100k.jsonl" "$(cut -d' ' -f1-3 /proc/loadavg)")
fi

table=$(python3 - "$OUT/reuters.jsonl" "$OUT/bbc.jsonl" <<'PY'
import json, sys
reuters = [json.loads(l) for l in open(sys.argv[1])]
bbc = {r["setting"]: r for r in (json.loads(l) for l in open(sys.argv[2]))}
print("| setting | Reuters share (topic) | BBC share (category) | BBC p99 ms |")
print("| --- | ---: | ---: | ---: |")
for r in reuters:
    b = bbc[r["setting"]]
    print(f"| {r['setting']} | {r['share']:.3f} | {b['share']:.3f} | {b['p99_ms']:.2f} |")
best = max(reuters, key=lambda r: r["share"])
print()
print(f"Best on Reuters ({reuters[0]['sources']} sources): {best['setting']} ({best['share']:.3f});"
      f" BBC ({bbc[best['setting']]['sources']} sources) with it: {bbc[best['setting']]['share']:.3f}.")
PY
)
bench_result "$table

$speed_row"

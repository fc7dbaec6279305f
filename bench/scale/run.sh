#!/usr/bin/env bash
# Scale-out benchmark, one command, every variant side by side in one run
# (interleaved, median of REPEAT runs):
#   indexing Reuters-21578 (19,779 articles) with
#     - one writer             byline-indexer --reindex --threads 1
#     - parallel bulk build    byline-indexer --reindex --threads 2 (2 shards, merged by compaction)
#     - one database, updates  byline-indexer (no --reindex: upserts by id)
#     - local shards           byline-indexer --shards 2 (upserts routed to two databases)
#   then the same queries (one per Reuters title, first 3 words; 1000 of them)
#   through byline-search --batch over
#     - the single database, the 2 local shards, and the 2 shards served by
#       xapian-tcpsrv on loopback (remote backend).
#
#   bench/scale/run.sh           Env: BYLINE_DATA (default ../shared/data),
#                                BENCH_WORK (default /tmp/byline-bench-scale), REPEAT (3)
# Prints two Markdown tables (also kept in bench/out/scale/result.md).
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" scale build "$@"
DATA="$SHARED_DATA"
WORK="${BENCH_WORK:-/tmp/byline-bench-scale}"
REPEAT="${REPEAT:-3}"
CORPUS="$DATA/reuters21578.jsonl"
bench_need_data "set BYLINE_DATA to the benchmark data" "$CORPUS"
bench_need_tools "Debian: apt-get install python3 xapian-tools" python3 xapian-tcpsrv
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target byline-indexer byline-search >/dev/null
INDEXER="$BUILD/indexer/byline-indexer"
SEARCH="$BUILD/search/byline-search"
rm -rf "$WORK" && mkdir -p "$WORK"
ARTICLES=$(wc -l <"$CORPUS")

now() { date +%s.%N; }
# timed LABEL CMD...: appends the wall seconds of one run to $WORK/LABEL.t
timed() {
  local label=$1 start end
  shift
  start=$(now)
  "$@" >/dev/null
  end=$(now)
  echo "$end - $start" | bc -l >>"$WORK/$label.t"
}
median() { sort -g "$WORK/$1.t" | awk '{v[NR]=$1} END {printf "%.2f\n", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

echo "bench/scale: indexing $ARTICLES articles, $REPEAT runs each, interleaved" >&2
for i in $(seq "$REPEAT"); do
  rm -rf "$WORK/one" "$WORK/par" "$WORK/sharded" "$WORK/upsert"
  timed one "$INDEXER" -q --index "$WORK/one" --reindex --threads 1 "$CORPUS"
  timed upsert "$INDEXER" -q --index "$WORK/upsert" "$CORPUS"
  timed par "$INDEXER" -q --index "$WORK/par" --reindex --threads 2 "$CORPUS"
  timed sharded "$INDEXER" -q --index "$WORK/sharded" --shards 2 "$CORPUS"
done

# Queries: the first three words of each title (1000 titles).
python3 - "$CORPUS" >"$WORK/queries.txt" <<'PY'
import json, re, sys
n = 0
for line in open(sys.argv[1]):
    words = re.findall(r"[A-Za-z]+", json.loads(line).get("title", ""))[:3]
    if len(words) >= 2:
        print(" ".join(w.lower() for w in words)); n += 1
    if n == 1000: break
PY
QUERIES=$(wc -l <"$WORK/queries.txt")

# Each shard served by its own xapian-tcpsrv on a free loopback port.
mkdir -p "$WORK/remote"
: >"$WORK/remote/XAPIANDB"
for s in shard-00 shard-01; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$WORK/sharded/$s" >/dev/null 2>&1 &
  bench_track $!
  echo "remote 127.0.0.1:$port" >>"$WORK/remote/XAPIANDB"
done
sleep 1

echo "bench/scale: $QUERIES queries over each layout, $REPEAT runs each, interleaved" >&2
for i in $(seq "$REPEAT"); do
  for layout in par sharded remote; do
    timed "q-$layout" "$SEARCH" --index "$WORK/$layout" --batch "$WORK/queries.txt" -n 10 --no-snippets
  done
done

rate() { echo "$ARTICLES / $(median "$1")" | bc -l | xargs printf '%.0f'; }
per_query() { echo "1000 * $(median "$1") / $QUERIES" | bc -l | xargs printf '%.2f'; }
TABLE=$(
echo "| Indexing $ARTICLES articles | wall s (median of $REPEAT) | articles/s |"
echo "|---|---|---|"
echo "| one writer (--reindex --threads 1) | $(median one) | $(rate one) |"
echo "| parallel bulk build (--reindex --threads 2, merged) | $(median par) | $(rate par) |"
echo "| one database, upserts (no --reindex) | $(median upsert) | $(rate upsert) |"
echo "| 2 local shards, upserts (--shards 2, one process) | $(median sharded) | $(rate sharded) |"
echo
echo "| $QUERIES queries, top 10, no snippets | wall s (median of $REPEAT) | ms/query |"
echo "|---|---|---|"
echo "| one database | $(median q-par) | $(per_query q-par) |"
echo "| 2 local shards | $(median q-sharded) | $(per_query q-sharded) |"
echo "| 2 remote shards (xapian-tcpsrv, loopback) | $(median q-remote) | $(per_query q-remote) |"
)
echo
bench_result "$TABLE"

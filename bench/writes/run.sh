#!/usr/bin/env bash
# Writes over HTTP (issue 17): byline-searchd's PUT /admin/articles/{id} from
# CLIENTS concurrent clients (group commit), and one bulk POST /admin/articles
# of Reuters-21578 + BBC (22,004 articles) against byline-indexer loading the
# same files into a new index the default way. Prints the table with its
# stamp (date, commit, load) and keeps it in bench/out/writes/result.md.
#
#   bench/writes/run.sh     # CLIENTS=8 DURATION=10 ROUNDS=3; DATA="reuters.jsonl bbc.jsonl"
# Takes about two minutes. Needs ../shared/data/{reuters21578,bbc}.jsonl (BYLINE_DATA, or DATA=...).
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" writes build "$@"
DATA="${DATA:-$SHARED_DATA/reuters21578.jsonl $SHARED_DATA/bbc.jsonl}"
WORK="${WORK:-$OUT/work}"
CLIENTS="${CLIENTS:-8}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
TOKEN="bench-writes-token-0123456789"

read -r -a FILES <<<"$DATA"
bench_need_data 'set DATA="a.jsonl b.jsonl"' "${FILES[@]}"

cmake -S "$ROOT" -B "$BUILD" >/dev/null
cmake --build "$BUILD" -j2 --target byline-indexer byline-searchd byline-write-client >/dev/null
INDEXER="$BUILD/indexer/byline-indexer"
SEARCHD="$BUILD/searchd/byline-searchd"
CLIENT="$BUILD/bench/http/byline-write-client"
rm -rf "$WORK"
mkdir -p "$WORK"

# A one-article index for searchd to start on (it serves only existing indexes).
seed_index() {
  rm -rf "$1"
  printf '{"id":"seed","title":"Seed","body":"The first article."}\n' |
    "$INDEXER" --index "$1" -q -
}
# start_searchd INDEX: sets PORT.
start_searchd() {
  bench_start_server "$WORK/searchd.out" "$SEARCHD" --index "$1" --listen 127.0.0.1:0 \
    --admin-token "$TOKEN" --threads 16
  PORT=$SERVER_PORT
}
metric() { curl -s "http://127.0.0.1:$PORT/metrics" | sed -n "s/^$1 //p"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }

# 1. Single-article PUTs from CLIENTS clients.
PUT_RESULTS=()
for round in $(seq "$ROUNDS"); do
  seed_index "$WORK/puts"
  start_searchd "$WORK/puts"
  line=$("$CLIENT" puts "$PORT" "$TOKEN" "$CLIENTS" "$DURATION")
  commits=$(metric byline_write_commits_total)
  writes=$(metric byline_writes_total)
  bench_stop_server
  echo "bench/writes: PUT round $round: $line commits=$commits writes=$writes"
  PUT_RESULTS+=("$line $commits")
done

# 2. One bulk POST of the data, against byline-indexer on the same files.
BULK=()
INDEXER_RATES=()
TOTAL=0
for round in $(seq "$ROUNDS"); do
  seed_index "$WORK/bulk"
  start_searchd "$WORK/bulk"
  line=$("$CLIENT" bulk "$PORT" "$TOKEN" "${FILES[@]}")
  bench_stop_server
  echo "bench/writes: bulk POST round $round: $line"
  BULK+=("$(echo "$line" | field articles_per_s)")
  TOTAL=$(echo "$line" | field articles)

  rm -rf "$WORK/indexer"
  start=$(date +%s.%N)
  "$INDEXER" --index "$WORK/indexer" -q "${FILES[@]}"
  end=$(date +%s.%N)
  rate=$(python3 -c "print($TOTAL / ($end - $start))")
  echo "bench/writes: byline-indexer round $round: $(python3 -c "print(round($end - $start, 2))") s, $rate articles/s"
  INDEXER_RATES+=("$rate")
done

PUT_RATE=$(for r in "${PUT_RESULTS[@]}"; do echo "${r% *}" | field writes_per_s; done | median)
PUT_P99=$(for r in "${PUT_RESULTS[@]}"; do echo "${r% *}" | field p99_ms; done | median)
PUT_P50=$(for r in "${PUT_RESULTS[@]}"; do echo "${r% *}" | field p50_ms; done | median)
BULK_RATE=$(printf '%s\n' "${BULK[@]}" | median)
INDEXER_RATE=$(printf '%s\n' "${INDEXER_RATES[@]}" | median)
TABLE=$(
  echo "| | value (median of $ROUNDS) |"
  echo "| --- | ---: |"
  printf '| PUT writes/s, %d clients × single articles | %.0f |\n' "$CLIENTS" "$PUT_RATE"
  printf '| PUT acknowledgement p50 / p99 ms | %.1f / %.1f |\n' "$PUT_P50" "$PUT_P99"
  printf '| bulk POST, %d articles: articles/s | %.0f |\n' "$TOTAL" "$BULK_RATE"
  printf '| byline-indexer, same files, new index: articles/s | %.0f |\n' "$INDEXER_RATE"
  printf '| bulk POST ÷ byline-indexer | **%.2f** (target ≥ 0.80) |\n' \
    "$(python3 -c "print($BULK_RATE / $INDEXER_RATE)")"
  echo
  echo "Settings: CLIENTS=$CLIENTS DURATION=$DURATION ROUNDS=$ROUNDS"
)
echo
bench_result "$TABLE"

#!/usr/bin/env bash
# Soak test of byline-searchd: wrk on loopback for DURATION seconds with many
# connections, three valid searches to one junk request (mixed.lua), while
#   - /health is polled every half second and must always answer 200,
#   - searchd's RSS is sampled every second and must stay flat,
#   - byline-indexer --reindex rebuilds the index from a quarter of the way
#     through (it must switch generations before the end to count).
# Passes when there was no 5xx, no socket error and no failed health check,
# and the RSS of the last third is within 15% of the middle third's. The
# summary is printed and kept in bench/out/soak/result.md.
#
#   bench/soak/run.sh       # DURATION=60 CONNECTIONS=64 THREADS=96
# Needs ../shared/data/reuters21578.jsonl (or DATA=...) and wrk.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" soak build "$@"
DATA="${DATA:-$SHARED_DATA/reuters21578.jsonl}"
WORK="${WORK:-$ROOT/var/bench-soak}"
DURATION="${DURATION:-60}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-96}"   # searchd workers; cpp-httplib holds one per open connection
WRK_THREADS="${WRK_THREADS:-2}"

bench_need_data "set DATA=... to a JSON Lines corpus" "$DATA"
bench_need_tools "apt-get install wrk" wrk

cmake --build "$BUILD" -j2 --target byline-indexer byline-searchd >/dev/null
mkdir -p "$WORK"
INDEX="$WORK/index"
bench_index_once "$INDEX" "$DATA"
QUERIES="$WORK/queries.txt"
python3 "$ROOT/bench/http/make_queries.py" "$DATA" "$QUERIES" 500

bench_start_server "$WORK/searchd.out" "$BUILD/searchd/byline-searchd" --index "$INDEX" \
  --listen 127.0.0.1:0 --threads "$THREADS"
SEARCHD=$SERVER_PID
URL="http://127.0.0.1:$SERVER_PORT"

# RSS in KiB, one sample a second.
RSS="$WORK/rss.txt"
: >"$RSS"
( while kill -0 "$SEARCHD" 2>/dev/null; do
    awk '/^VmRSS/ {print $2}' "/proc/$SEARCHD/status" >>"$RSS" 2>/dev/null || true
    sleep 1
  done ) &
bench_track $!

# /health every half second; one line per check: the status (000: no answer).
HEALTH="$WORK/health.txt"
: >"$HEALTH"
( while kill -0 "$SEARCHD" 2>/dev/null; do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 2 "$URL/health" >>"$HEALTH" || true
    sleep 0.5
  done ) &
bench_track $!

# The reindex, from a quarter of the way through; it must finish in the run.
REINDEX_LOG="$WORK/reindex.out"
START=$(date +%s)
( sleep $((DURATION / 4))
  if "$BUILD/indexer/byline-indexer" --index "$INDEX" --reindex "$DATA" >"$REINDEX_LOG" 2>&1; then
    echo "reindex: switched at $(( $(date +%s) - START )) s" >>"$REINDEX_LOG"
  else
    echo "reindex: FAILED" >>"$REINDEX_LOG"
  fi ) &
REINDEXER=$!

echo "bench/soak: ${DURATION} s, $CONNECTIONS connections, searchd --threads $THREADS on $URL"
QUERIES="$QUERIES" wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 5s \
  -s "$ROOT/bench/soak/mixed.lua" "$URL" >"$WORK/wrk.out" 2>&1
wait "$REINDEXER" || true
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
sleep 1
SUMMARY=$(grep '^SOAK ' "$WORK/wrk.out" || true)
[[ -n "$SUMMARY" ]] || { echo "bench/soak: wrk failed"; cat "$WORK/wrk.out"; exit 1; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$SUMMARY"; }

health_checks=$(wc -l <"$HEALTH")
health_failed=$(grep -vc '^200$' "$HEALTH" || true)
read -r rss_start rss_mid rss_end rss_max < <(python3 - "$RSS" <<'PY'
import statistics, sys
s = [int(x) for x in open(sys.argv[1]) if x.strip()]
n = len(s)
third = max(1, n // 3)
print(s[0], int(statistics.median(s[third:2 * third] or s)), int(statistics.median(s[-third:])), max(s))
PY
)
rss_growth=$(python3 -c "print(round(100.0 * ($rss_end - $rss_mid) / $rss_mid, 1))")
reindex=$(tail -n 1 "$REINDEX_LOG")
socket_errors=$(( $(field connect_errors) + $(field read_errors) + $(field write_errors) + $(field timeouts) ))

verdict=pass
[[ "$(field server_errors)" == 0 ]] || verdict=FAIL
[[ "$socket_errors" == 0 ]] || verdict=FAIL
[[ "$health_failed" == 0 ]] || verdict=FAIL
switched_at=$(sed -n 's/^reindex: switched at \([0-9]*\) s$/\1/p' <<<"$reindex")
[[ -n "$switched_at" && "$switched_at" -le "$DURATION" ]] || verdict=FAIL
python3 -c "import sys; sys.exit(0 if abs($rss_growth) <= 15 else 1)" || verdict=FAIL

SUMMARY_TABLE=$({
  echo "${DURATION} s, $CONNECTIONS connections, 1 request in 4 junk, --reindex from $((DURATION / 4)) s,"
  echo "on $(nproc) cores (load average at the end $LOAD), $(basename "$DATA"); searchd --threads $THREADS, wrk -t $WRK_THREADS."
  echo
  echo "| requests | req/s | 2xx/3xx | 4xx | 5xx | socket errors | p50 ms | p99 ms | max ms | /health checks (failed) | RSS MiB start / middle / end / max | RSS change, last vs middle third | reindex | verdict |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s / %s / %s / %s | %s%% | %s | %s |\n" \
    "$(field requests)" "$(python3 -c "print(round($(field requests) / $DURATION))")" \
    "$(field ok)" "$(field client_errors)" "$(field server_errors)" "$socket_errors" \
    "$(field p50_ms)" "$(field p99_ms)" "$(field max_ms)" "$health_checks" "$health_failed" \
    "$((rss_start / 1024))" "$((rss_mid / 1024))" "$((rss_end / 1024))" "$((rss_max / 1024))" \
    "$rss_growth" "${reindex#reindex: }" "$verdict"
})
bench_result "$SUMMARY_TABLE"
[[ "$verdict" == pass ]]

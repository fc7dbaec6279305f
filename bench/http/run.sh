#!/usr/bin/env bash
# HTTP benchmark of byline-searchd, side by side in one run with
#   - the in-process searcher on the same queries (byline-search --batch), and
#   - the cpp-httplib floor (a fixed JSON body of the same size, same library).
# wrk on loopback sends a fixed query mix drawn from Reuters-21578 titles,
# snippets and facets on. Reports requests/s, p50/p99 latency, errors and searchd's RSS
# (medians of ROUNDS rounds); the table is printed and kept in bench/out/http/result.md.
#
#   bench/http/run.sh            # DURATION=10 ROUNDS=3 THREADS=8 CONNECTIONS=8 SEARCHD_ARGS=
# Needs ../shared/data/reuters21578.jsonl (or DATA=...) and wrk.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" http build "$@"
DATA="${DATA:-$SHARED_DATA/reuters21578.jsonl}"
WORK="${WORK:-$ROOT/var/bench-http}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-8}"          # searchd and floor worker threads (>= connections:
                                 # cpp-httplib holds a worker per open connection)
CONNECTIONS="${CONNECTIONS:-8}"  # wrk connections (one wrk thread)
QUERY_COUNT="${QUERY_COUNT:-500}"
EXTRA="${EXTRA-facets=source,tag}"  # more /search parameters (facets= is also given to
                                     # the in-process run, so both do the same work)
SEARCHD_ARGS="${SEARCHD_ARGS:-}"     # more byline-searchd flags, e.g. --max-searches 2

bench_need_data "set DATA=... to a JSON Lines corpus" "$DATA"
bench_need_tools "apt-get install wrk" wrk

cmake --build "$BUILD" -j2 --target byline-indexer byline-searchd byline-search byline-http-floor >/dev/null
mkdir -p "$WORK"
INDEX="$WORK/reuters-index"
bench_index_once "$INDEX" "$DATA"
QUERIES="$WORK/queries.txt"
python3 "$ROOT/bench/http/make_queries.py" "$DATA" "$QUERIES" "$QUERY_COUNT"
# The in-process run does what EXTRA asks of searchd: facets=a,b -> --facets a --facets b.
INPROC_FLAGS=()
for param in ${EXTRA//&/ }; do
  case $param in
    facets=*) IFS=, read -r -a names <<<"${param#facets=}"
              for f in "${names[@]}"; do INPROC_FLAGS+=(--facets "$f"); done ;;
    *) echo "bench/http: EXTRA=$param has no in-process equivalent here; add it" >&2; exit 1 ;;
  esac
done
# The in-process batch: the mix repeated to about 4,000 queries.
BATCH="$WORK/batch.txt"
: >"$BATCH"
for _ in $(seq 8); do cat "$QUERIES" >>"$BATCH"; done
BATCH_LINES=$(wc -l <"$BATCH")

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# CPU seconds (user + system) a process has used so far.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# wrk against $SERVER_PORT; prints "rps p50_ms p99_ms errors".
run_wrk() {
  local out
  out=$(QUERIES="$QUERIES" EXTRA="$EXTRA" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
        -s "$ROOT/bench/http/query_mix.lua" "http://127.0.0.1:$SERVER_PORT" 2>&1)
  echo "$out" >>"$WORK/wrk.log"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, errors + 0 }' <<<"$out"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

: >"$WORK/wrk.log"
declare -a SEARCHD_CORES INPROC_QPS SEARCHD_RPS SEARCHD_P50 SEARCHD_P99 SEARCHD_ERR FLOOR_RPS FLOOR_P50 FLOOR_P99 FLOOR_ERR
declare -a OFF_RPS OFF_P50 OFF_P99 OFF_ERR
RSS_START=0; RSS_END=0; BODY_BYTES=0

# Mean response size of the mix, so the floor sends as many bytes.
bench_start_server "$WORK/server.out" "$BUILD/searchd/byline-searchd" --index "$INDEX" \
  --listen 127.0.0.1:0 --threads "$THREADS"
BODY_BYTES=$(python3 - "$SERVER_PORT" "$QUERIES" "$EXTRA" <<'PY'
import sys, urllib.parse, urllib.request
port, path, extra = sys.argv[1], sys.argv[2], sys.argv[3]
sizes = []
for q in open(path, encoding="utf-8").read().splitlines()[:200]:
    url = f"http://127.0.0.1:{port}/search?q={urllib.parse.quote(q)}" + (f"&{extra}" if extra else "")
    sizes.append(len(urllib.request.urlopen(url).read()))
print(sum(sizes) // len(sizes))
PY
)
bench_stop_server

for round in $(seq "$ROUNDS"); do
  echo "bench/http: round $round of $ROUNDS"
  # 1. In-process: one thread, the same queries, snippets on, JSON out.
  start=$(date +%s.%N)
  "$BUILD/search/byline-search" --index "$INDEX" --batch "$BATCH" --json "${INPROC_FLAGS[@]}" >/dev/null
  end=$(date +%s.%N)
  INPROC_QPS+=("$(awk -v n="$BATCH_LINES" -v a="$start" -v b="$end" 'BEGIN {printf "%.0f", n / (b - a)}')")

  # 2. searchd over HTTP (search analytics on, the default, kept in a state dir;
  # every query of the mix is a page-1 search, so each one is counted).
  # shellcheck disable=SC2086  # SEARCHD_ARGS is split into flags on purpose
  bench_start_server "$WORK/server.out" "$BUILD/searchd/byline-searchd" --index "$INDEX" \
    --listen 127.0.0.1:0 --threads "$THREADS" --state-dir "$WORK/state" $SEARCHD_ARGS
  DURATION_SAVED=$DURATION; DURATION=2; run_wrk >/dev/null; DURATION=$DURATION_SAVED  # warm up
  rss_before=$(rss_kb "$SERVER_PID")
  cpu_before=$(cpu_s "$SERVER_PID")
  read -r rps p50 p99 err < <(run_wrk)
  cpu_after=$(cpu_s "$SERVER_PID")
  rss_after=$(rss_kb "$SERVER_PID")
  SEARCHD_CORES+=("$(awk -v a="$cpu_before" -v b="$cpu_after" -v d="$DURATION" 'BEGIN {printf "%.2f", (b - a) / d}')")
  SEARCHD_RPS+=("$rps"); SEARCHD_P50+=("$p50"); SEARCHD_P99+=("$p99"); SEARCHD_ERR+=("$err")
  if [[ "$round" == 1 ]]; then RSS_START=$rss_before; fi
  RSS_END=$rss_after
  bench_stop_server

  # 2b. The same with --analytics off: what counting costs.
  # shellcheck disable=SC2086
  bench_start_server "$WORK/server.out" "$BUILD/searchd/byline-searchd" --index "$INDEX" \
    --listen 127.0.0.1:0 --threads "$THREADS" --analytics off $SEARCHD_ARGS
  DURATION_SAVED=$DURATION; DURATION=2; run_wrk >/dev/null; DURATION=$DURATION_SAVED  # warm up
  read -r rps p50 p99 err < <(run_wrk)
  OFF_RPS+=("$rps"); OFF_P50+=("$p50"); OFF_P99+=("$p99"); OFF_ERR+=("$err")
  bench_stop_server

  # 3. The cpp-httplib floor, same size body.
  bench_start_server "$WORK/server.out" "$BUILD/bench/http/byline-http-floor" 0 "$BODY_BYTES" \
    "$THREADS"
  read -r rps p50 p99 err < <(run_wrk)
  FLOOR_RPS+=("$rps"); FLOOR_P50+=("$p50"); FLOOR_P99+=("$p99"); FLOOR_ERR+=("$err")
  bench_stop_server
done

med() { printf '%s\n' "$@" | median; }
sum() { printf '%s\n' "$@" | awk '{s += $1} END {print s + 0}'; }
CORES=$(nproc)
USED=$(( THREADS < CORES ? THREADS : CORES ))
inproc=$(med "${INPROC_QPS[@]}")
searchd_rps=$(med "${SEARCHD_RPS[@]}")
floor_rps=$(med "${FLOOR_RPS[@]}")
off_rps=$(med "${OFF_RPS[@]}")
analytics_cost=$(awk -v on="$searchd_rps" -v off="$off_rps" 'BEGIN {printf "%.1f", (off > 0) ? 100 * (off - on) / off : 0}')
ratio=$(awk -v s="$searchd_rps" -v i="$inproc" -v c="$USED" 'BEGIN {printf "%.2f", s / (i * c)}')
# The same against the cores searchd itself used (wrk and the kernel's
# loopback work for wrk take the rest of the machine).
searchd_cores=$(med "${SEARCHD_CORES[@]}")
ratio_used=$(awk -v s="$searchd_rps" -v i="$inproc" -v c="$searchd_cores" 'BEGIN {printf "%.2f", s / (i * c)}')

TABLE=$(cat <<MD
Reuters-21578 ($(wc -l <"$DATA") articles), $QUERY_COUNT-query mix of 1-2 title words, snippets on${EXTRA:+, $EXTRA};
wrk -t1 -c$CONNECTIONS ${DURATION}s on loopback; $THREADS server threads${SEARCHD_ARGS:+ ($SEARCHD_ARGS)} on $CORES cores shared with wrk;
medians of $ROUNDS rounds; floor body $BODY_BYTES bytes (the mean searchd answer).

| | requests/s | p50 ms | p99 ms | errors |
| --- | ---: | ---: | ---: | ---: |
| in-process \`byline-search --batch\`, 1 thread | $inproc | | | |
| \`byline-searchd\` over HTTP (analytics on) | $searchd_rps | $(med "${SEARCHD_P50[@]}") | $(med "${SEARCHD_P99[@]}") | $(sum "${SEARCHD_ERR[@]}") |
| \`byline-searchd\` over HTTP, \`--analytics off\` | $off_rps | $(med "${OFF_P50[@]}") | $(med "${OFF_P99[@]}") | $(sum "${OFF_ERR[@]}") |
| cpp-httplib floor (fixed JSON) | $floor_rps | $(med "${FLOOR_P50[@]}") | $(med "${FLOOR_P99[@]}") | $(sum "${FLOOR_ERR[@]}") |

searchd / (in-process x $USED cores) = **$ratio** (target >= 0.90). searchd itself used
$searchd_cores cores (CPU seconds / wall seconds): searchd / (in-process x $searchd_cores) = **$ratio_used**.
Search analytics cost (off - on) / off = **${analytics_cost}%** of requests/s (target <= 2%).
searchd RSS: ${RSS_START} KiB after the first warm-up, ${RSS_END} KiB after the last run.
MD
)
echo
bench_result "$TABLE"

#!/usr/bin/env bash
# The search page on a slow phone (issue 24): runs the browser tests
# (tests/browser/run.mjs; perf_tests.mjs throttles chromium's CPU 4× in a
# 390×844 touch viewport) over data/articles.jsonl, keeps their figures in
# bench/out/page/perf.json and prints the table with its stamp (date, commit,
# load) into bench/out/page/result.md.
#
#   bench/page/run.sh     # RUNS=3: the browser tests run RUNS times, one row each
# Takes about 30 s a run. Needs chromium, node and `npm ci` in tests/browser.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" page build "$@"
RUNS="${RUNS:-3}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
bench_need_tools 'apt-get install nodejs' node
if [[ ! -x "$CHROMIUM" ]]; then
  echo "bench/page: no chromium at $CHROMIUM (apt-get install chromium, or CHROMIUM=PATH)" >&2
  exit 1
fi

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target byline-indexer byline-searchd >/dev/null

status=0
for run in $(seq "$RUNS"); do
  rm -rf "$OUT/run-$run"
  node "$ROOT/tests/browser/run.mjs" --indexer "$BUILD/indexer/byline-indexer" \
    --searchd "$BUILD/searchd/byline-searchd" --articles "$ROOT/data/articles.jsonl" \
    --out "$OUT/run-$run" --chromium "$CHROMIUM" >"$OUT/run-$run.log" 2>&1 || status=$?
  grep -E '^(not ok|  page.s own|  response end|  typing)' "$OUT/run-$run.log" >&2 || true
  cp "$OUT/run-$run/perf.json" "$OUT/perf-$run.json"
done
cp "$OUT/perf-$RUNS.json" "$OUT/perf.json"

TABLE=$(node - "$OUT" "$RUNS" <<'EOF'
const fs = require('fs');
const [out, runs] = process.argv.slice(2);
const rows = [];
for (let i = 1; i <= Number(runs); i++) {
  const f = JSON.parse(fs.readFileSync(`${out}/perf-${i}.json`, 'utf8'));
  const w = f.weight.total;
  const enc = [...new Set(Object.values(f.weight.files).map((x) => x.encoding))].join('/');
  const ty = f.typing;
  rows.push(`| ${i} | ${w.bytes} | ${w.wire} (${enc}) | ${w.gzip} | ${f.paint.median_ms} | ` +
            `${f.paint.max_ms} | ${ty.keystrokes} | ${ty.suggest_requests} ` +
            `(${ty.requests_per_keystroke}) | ${ty.stale_answer_shown ? 'shown' : 'dropped'} | ` +
            `${ty.long_tasks} (${ty.longest_task_ms}) | ${ty.longest_own_script_ms} |`);
}
console.log('| run | own bytes | on the wire | gzip -9 | paint median ms | paint max ms | keys | ' +
            '/suggest (per key) | stale answer | long tasks (longest ms) | longest own script ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|');
console.log(rows.join('\n'));
EOF
)
bench_result "$TABLE"
exit "$status"

#!/usr/bin/env bash
# Where the bytes of an index are, one command: builds Byline's index of each
# corpus with --reindex (as bench/index/run.sh does) and prints the size of
# each table, per class of term (distinct terms, postings, positional pairs,
# positions), per value slot, the document and spelling data; then SQLite
# FTS5's database of the same corpus, split into its stored text
# (articles_content) and its index (articles_data and the rest).
#
#   bench/index/sizes.sh [SIZE...]      SIZE: 22k 100k 400k (default: 22k 100k)
#
# POSITIONS=table measures an index with Xapian's position table (byline-indexer
# --positions; default: a compact index, as a new index is made).
# Env: BYLINE_DATA (default ../shared/data beside the repo), BENCH_WORK
# (scratch space, default /tmp/byline-bench-index). The corpora are
# bench/common/corpora.py's, as for every benchmark. Sizes do not depend on
# the machine's load, so one run says it.
# Prints Markdown on stdout and keeps it in bench/out/index-sizes/result.md.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh" index-sizes build-bench "$@"
DATA="$SHARED_DATA"
WORK="${BENCH_WORK:-/tmp/byline-bench-index}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(22k 100k)

bench_need_data "set BYLINE_DATA to the benchmark data" "$DATA/reuters21578.jsonl"
bench_need_tools "Debian: apt-get install python3" python3
mkdir -p "$WORK"
bench_build_bench byline-indexer index_sizes
bench_corpora "${SIZES[@]}"

# fts5_sizes DB: FTS5's pages by table (SQLite's dbstat), in MB.
fts5_sizes() {
  python3 - "$1" <<'EOF'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
mb = lambda b: b / 1048576
rows = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
content = rows.pop("articles_content", 0)
print("| FTS5 table | MB |\n| --- | ---: |")
print("| articles_content (the stored text) | %.1f |" % mb(content))
for name, size in sorted(rows.items(), key=lambda r: -r[1]):
    print("| %s | %.1f |" % (name, mb(size)))
print("| all (file size) | %.1f |" % mb(os.path.getsize(sys.argv[1])))
EOF
}

{
for size in "${SIZES[@]}"; do
  corpus="$OUT/corpus-$size.jsonl"
  index="$WORK/sizes-byline-$size"
  fts5="$WORK/sizes-fts5-$size.db"
  rm -rf "$index" "$fts5"
  "$BUILD/indexer/byline-indexer" -q --index "$index" --reindex \
    ${POSITIONS:+--positions "$POSITIONS"} "$corpus"
  python3 "$ROOT/bench/index/fts5.py" "$fts5" < "$corpus"
  echo "### $size ($(wc -l < "$corpus") articles, $(du -sbL "$corpus" | awk '{printf "%.1f", $1/1048576}') MB of JSON Lines)"
  echo
  echo "Byline (--reindex${POSITIONS:+ --positions $POSITIONS}):"
  echo
  "$BUILD/bench/index_sizes" "$index"
  echo
  echo "SQLite FTS5 (bench/index/fts5.py):"
  echo
  fts5_sizes "$fts5"
  echo
  rm -rf "$index" "$fts5"
done
} | tee "$OUT/table.md" >&2
bench_result "$(cat "$OUT/table.md")"

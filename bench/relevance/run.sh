#!/usr/bin/env bash
# Ranking quality on standard test collections (CACM, CISI, CRAN, MED, ADI).
#
#   bench/relevance/run.sh [--collections "cacm cisi"] [--no-results] [--no-loo]
#                          [--check] [--check-loo] [--out DIR]
#
# For each collection in ../shared/data/ir (or $BYLINE_IR_DATA): index docs.jsonl with
# byline-indexer, run queries.tsv through `byline-search --batch --op or --limit 1000`,
# write a TREC run file, score it with trec_eval.py and print MAP, P@10 and nDCG@10
# (the in-sample table: Byline's defaults, chosen on these same collections). Then, unless
# --no-loo, leave-one-collection-out (loo.py): for each collection, the setting of
# grid.tsv that does best on the other four, scored on it; the choices are written to
# loo-choices.json. Unless --no-results, the "Ranking quality" section (both tables, with
# the run's date, commit and command) is written to bench/out/relevance/result.md, to be put
# in place of that section of bench/RESULTS.md by hand (scripts never write RESULTS.md). --check exits 1 when a collection's in-sample MAP is below its
# target; --check-loo (no grid run) when the held-out setting recorded in loo-choices.json
# scores below the collection's leave-one-out target (ctest's regression tests). Exit 77
# when the collections are absent. Builds Byline first if the programs are missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
run_args="$(if [ "$#" -gt 0 ]; then printf ' %q' "$@"; fi)"
data="${BYLINE_IR_DATA:-$repo/../shared/data/ir}"
trec_eval="${BYLINE_TREC_EVAL:-$repo/../shared/tools/trec_eval.py}"
build="${BYLINE_BUILD_DIR:-$repo/build}"
collections=""
write_results=1
check=0
check_loo=0
loo=1
failed=0
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --collections) collections="$2"; shift 2 ;;
    --no-results) write_results=0; shift ;;
    --check) check=1; shift ;;
    --check-loo) check_loo=1; loo=0; shift ;;
    --no-loo) loo=0; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [[ ! -d "$data" ]]; then
  echo "run.sh: test collections not found at $data (set BYLINE_IR_DATA); nothing measured" >&2
  exit 77
fi
if [[ ! -f "$trec_eval" ]]; then
  echo "run.sh: trec_eval.py not found at $trec_eval (set BYLINE_TREC_EVAL)" >&2
  exit 77
fi

indexer="$build/indexer/byline-indexer"
search="$build/search/byline-search"
if [[ ! -x "$indexer" || ! -x "$search" ]]; then
  echo "run.sh: building byline-indexer and byline-search in $build" >&2
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j2 --target byline-indexer byline-search >/dev/null
fi

if [[ -z "$collections" ]]; then
  collections="$(cd "$data" && ls -d */ | tr -d / | tr '\n' ' ')"
fi
if [[ -z "$out" ]]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

# Reference MAP (issue 6): Lucene 8 BM25 with EnglishAnalyzer, and SQLite FTS5.
# In-sample target (--check): issue 6's (3% above the better of Lucene and a quick
# tuned experiment) for CACM, CRAN and MED; for CISI, whose issue-6 target (0.237) only the
# ungated feedback reached (0.2391; the default gives 0.2369), issue 16's floor: never below
# Lucene or FTS5.
# Leave-one-out target (--check-loo): issue 16's, 3% above Lucene.
declare -A lucene=([cacm]=0.310 [cisi]=0.220 [cran]=0.305 [med]=0.533)
declare -A fts5=([cacm]=0.309 [cisi]=0.217 [cran]=0.301 [med]=0.534)
declare -A target=([cacm]=0.352 [cisi]=0.220 [cran]=0.323 [med]=0.553)
declare -A loo_target=([cacm]=0.319 [cisi]=0.227 [cran]=0.314 [med]=0.549)
here="$repo/bench/relevance"
loo_args=(--search "$search" --data "$data" --work "$out" --trec-eval "$trec_eval"
  --grid "$here/grid.tsv")

table="| collection | queries | MAP | P@10 | nDCG@10 | no feedback: MAP / P@10 / nDCG@10 | Lucene / FTS5 MAP |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in $collections; do
  dir="$data/$c"
  [[ -f "$dir/docs.jsonl" && -f "$dir/queries.tsv" && -f "$dir/qrels.txt" ]] || {
    echo "run.sh: $dir lacks docs.jsonl, queries.tsv or qrels.txt; skipped" >&2; continue; }
  index="$out/$c.index"
  rm -rf "$index"
  "$indexer" --index "$index" "$dir/docs.jsonl" >/dev/null 2>&1 || {
    echo "run.sh: indexing $dir/docs.jsonl failed" >&2; exit 1; }
  if [[ "$check_loo" == 1 ]]; then
    python3 "$here/loo.py" check "${loo_args[@]}" --collections "$c" \
      --choices "$here/loo-choices.json" --targets "$c=${loo_target[$c]:-0}" || failed=1
    continue
  fi
  "$search" --index "$index" --batch "$dir/queries.tsv" --json --limit 1000 --op or \
    --no-snippets >"$out/$c.jsonl"
  # The same queries without pseudo-relevance feedback, side by side.
  "$search" --index "$index" --batch "$dir/queries.tsv" --json --limit 1000 --op or \
    --no-snippets --no-feedback >"$out/$c.nofb.jsonl"
  for variant in "$c" "$c.nofb"; do
    # trec_eval ignores the rank column and sorts by score, so the score column
    # is a strictly decreasing stand-in that keeps Byline's order exactly.
    python3 - "$out/$variant.jsonl" >"$out/$variant.run" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    for rank, doc in enumerate(r["ids"], 1):
        print(f'{r["qid"]} Q0 {doc} {rank} {1000000 - rank} byline')
PY
    python3 "$trec_eval" --json "$dir/qrels.txt" "$out/$variant.run" >"$out/$variant.eval.json"
  done
  row="$(python3 - "$out/$c.eval.json" "$out/$c.nofb.eval.json" "$c" "${lucene[$c]:-}" \
    "${fts5[$c]:-}" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["means"]
n = json.load(open(sys.argv[2]))["means"]
name, lucene, fts5 = sys.argv[3], sys.argv[4], sys.argv[5]
ref = f"{lucene} / {fts5}" if lucene else "–"
print(f'| {name.upper()} | {int(m["num_q"])} | {m["map"]:.4f} | {m["P_10"]:.4f} | '
      f'{m["ndcg_cut_10"]:.4f} | {n["map"]:.4f} / {n["P_10"]:.4f} / {n["ndcg_cut_10"]:.4f} | '
      f'{ref} |')
PY
)"
  table+=$'\n'"$row"
  echo "$row" >&2
  if [[ "$check" == 1 && -n "${target[$c]:-}" ]]; then
    map="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["means"]["map"])' \
      "$out/$c.eval.json")"
    if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' \
        "$map" "${target[$c]}"; then
      echo "run.sh: $c MAP $map is below the target ${target[$c]}" >&2
      failed=1
    fi
  fi
done

echo "$table"
if [[ "$check_loo" == 1 ]]; then exit "$failed"; fi

# Leave-one-collection-out over grid.tsv: needs all five shared collections.
loo_table=""
grid_table=""
if [[ "$loo" == 1 ]]; then
  for c in adi cacm cisi cran med; do
    if [[ ! -d "$out/$c.index" ]]; then
      echo "run.sh: leave-one-out needs all of adi cacm cisi cran med; skipped" >&2
      loo=0
      break
    fi
  done
fi
if [[ "$loo" == 1 ]]; then
  choices="$out/loo-choices.json"
  [[ "$write_results" == 1 ]] && choices="$here/loo-choices.json"
  # Title-only versions (every article cut to its title; same queries and judgments): the
  # short-record style the choice must also hold on.
  for c in adi cacm cisi cran med; do
    v="$out/data/$c-titles"
    mkdir -p "$v"
    python3 -c '
import json, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        a = json.loads(line)
        out.write(json.dumps({"id": a["id"], "title": a["title"], "body": a["title"]}) + "\n")
' "$data/$c/docs.jsonl" "$v/docs.jsonl"
    cp "$data/$c/queries.tsv" "$data/$c/qrels.txt" "$v/"
    rm -rf "$out/$c-titles.index"
    "$indexer" --index "$out/$c-titles.index" --quiet "$v/docs.jsonl" >/dev/null 2>&1 || {
      echo "run.sh: indexing $v/docs.jsonl failed" >&2; exit 1; }
  done
  echo "run.sh: leave-one-collection-out over $(grep -vc '^#' "$here/grid.tsv") settings" >&2
  python3 "$here/loo.py" loo "${loo_args[@]}" --styles titles --choices "$choices" >/dev/null
  grid_table="$(python3 "$here/loo.py" grid "${loo_args[@]}" --collections \
    "adi cacm cisi cran med adi-titles cacm-titles cisi-titles cran-titles med-titles")"
  loo_table="$(python3 - "$choices" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lucene = {"cacm": "0.310", "cisi": "0.220", "cran": "0.305", "med": "0.533"}
target = {"cacm": "0.319", "cisi": "0.227", "cran": "0.314", "med": "0.549"}
print("| held out | chosen on the other four | MAP | P@10 | nDCG@10 | Lucene MAP | target MAP "
      "| title-only MAP |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for c, v in d["held_out"].items():
    m = v["means"]
    print(f'| {c.upper()} | {v["name"]} | {m["map"]:.4f} | {m["P_10"]:.4f} | '
          f'{m["ndcg_cut_10"]:.4f} | {lucene.get(c, "–")} | {target.get(c, "–")} | '
          f'{v["styles_map"].get("titles", 0):.4f} |')
a = d["all"]
print()
shipped = ("Byline's built-in default ranks exactly as this setting (same MAP, P@10 and "
           "nDCG@10 on all five and their title-only versions)." if d["default_is_choice"] else
           "**Byline's built-in default does not rank as this setting: update the defaults "
           "(include/byline/options.h) or the grid.**")
print(f'Chosen on all five: {a["name"]} (worst ratio to plain BM25 {a["worst_ratio"]:.3f}, '
      f'mean {a["mean_ratio"]:.3f}). {shipped}')
PY
)"
  echo "$loo_table"
fi

if [[ "$write_results" == 1 ]]; then
  results="$repo/bench/out/relevance/result.md"
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$repo" diff --quiet HEAD -- 2>/dev/null || commit="$commit + uncommitted changes"
  section="## Ranking quality (\`bench/relevance/run.sh\`)

Last run: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, \`bench/relevance/run.sh${run_args}\`.
Each collection indexed with byline-indexer, every query run by \`byline-search --batch --op
or --limit 1000\`, scored with trec_eval.py. Quality does not depend on the machine's load.

### In sample: Byline's default ranking

The default, with no per-collection settings. It was chosen on these same five collections,
so this table flatters it; the leave-one-out table below is the honest one.

$table

Reference MAP from issue 6: Lucene 8 BM25 (EnglishAnalyzer) CACM 0.310, CISI 0.220,
CRAN 0.305, MED 0.533; SQLite FTS5 0.309 / 0.217 / 0.301 / 0.534; Xapian defaults
0.325 / 0.196 / 0.285 / 0.528; a quick tuned experiment 0.342 / 0.230 / 0.314 / 0.537.
ADI has no reference figure. The \"no feedback\" column is the same index and queries with
\`--no-feedback\`.

### Out of sample: leave one collection out

For each collection, every setting of \`bench/relevance/grid.tsv\` is run on the other four
and the one chosen there is scored on it (\`bench/relevance/loo.py\`; the choices are kept in
\`bench/relevance/loo-choices.json\`, which ctest's \`relevance_loo_*\` tests re-score). The
choice: each setting's MAP on a training collection divided by plain BM25's there; the
setting whose worst ratio is highest wins (ties within 0.001 go to the better mean ratio).
The ratios are taken on each training collection and on its title-only version (every
article cut to its title, same queries and judgments): the held-out collections of the issue
differ in style from these five, and short records are the style feedback fails on. Worst
case rather than mean because a default must not lose on a collection it was never tuned on,
which is exactly how the old feedback failed; ratios so that each collection counts once
(CRAN's 225 queries would otherwise outvote MED's 30). The held-out collection is left out
in both versions; its title-only MAP is the last column. Target (issue 16): 3% above
Lucene's MAP on each held-out collection.

$loo_table

Every setting of the grid, MAP per collection and per title-only version (ratios to the
first line, plain BM25, over all ten):

$grid_table
$(cat "$here/ranking-notes.md")"
  mkdir -p "$(dirname "$results")"
  printf '%s\n' "$section" >"$results"
  echo "run.sh: wrote the Ranking quality section to ${results#"$repo"/}; put it in place of" \
    "that section of bench/RESULTS.md when this run is the one to show" >&2
fi
exit "$failed"

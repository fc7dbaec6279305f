#!/usr/bin/env python3
"""Summarises query benchmark runs: medians per size and mode, and ratios.

  summarize.py OUT_DIR SIZE...   reads OUT_DIR/query-SIZE.jsonl, prints Markdown
"""
import json
import os
import statistics
import sys

MODES = [("byline", "Byline (snippets on)"), ("raw", "raw Xapian loop, default snippet"),
         ("raw-fast", "raw Xapian loop, snippet flags=0"), ("fts5", "SQLite FTS5"),
         ("raw-fast-byline-index", "raw loop, flags=0, on Byline's index")]
# Byline counting only the page (exact_total_up_to 0): its own table, below.
ESTIMATE = "byline-estimate"


def main():
    out_dir, sizes = sys.argv[1], sys.argv[2:]
    print("| articles | " + " | ".join(f"{label} q/s (p99 ms)" for _, label in MODES) +
          " | Byline ÷ best of raw flags=0 and FTS5 | Byline ÷ raw on Byline's index |"
          " Byline peak RSS MB |")
    print("|---|" + "---|" * (len(MODES) + 3))
    plot_rows = []
    for size in sizes:
        path = os.path.join(out_dir, f"query-{size}.jsonl")
        if not os.path.exists(path):
            continue
        runs = [json.loads(l) for l in open(path) if l.strip()]
        med = {}
        for mode in {r["mode"] for r in runs}:  # MODES, ESTIMATE and any byline-ALSO
            rs = [r for r in runs if r["mode"] == mode]
            med[mode] = {k: statistics.median(r[k] for r in rs)
                         for k in ("qps", "p50_ms", "p99_ms", "peak_rss_mb")}
            med[mode]["inexact_share"] = statistics.median(
                r.get("inexact_totals", 0) / r["queries"] for r in rs)
        cells = [f'{med[m]["qps"]:,.0f} ({med[m]["p99_ms"]:.2f})' if m in med else "–"
                 for m, _ in MODES]
        best_other = max(med[m]["qps"] for m in ("raw-fast", "fts5") if m in med)
        ratio = med["byline"]["qps"] / best_other
        same_index = med.get("raw-fast-byline-index")
        same = f'{med["byline"]["qps"] / same_index["qps"]:.2f}×' if same_index else "–"
        print(f"| {size} | " + " | ".join(cells) +
              f' | {ratio:.2f}× | {same} | {med["byline"]["peak_rss_mb"]:.0f} |')
        plot_rows.append((size, med))
    print_counting_cost(plot_rows)
    print_also(plot_rows)
    with open(os.path.join(out_dir, "query-plot.dat"), "w") as f:
        f.write("# size " + " ".join(f"{m}_qps {m}_p99" for m, _ in MODES) + "\n")
        for size, med in plot_rows:
            f.write(size + " " + " ".join(
                f'{med[m]["qps"]} {med[m]["p99_ms"]}' if m in med else "NaN NaN"
                for m, _ in MODES) + "\n")


def print_counting_cost(rows):
    """What exact totals cost: Byline against Byline counting only the page."""
    rows = [(size, med) for size, med in rows if "byline" in med and ESTIMATE in med]
    if not rows:
        return
    print()
    print("| articles | Byline q/s (p50 / p99 ms) | counting only the page q/s (p50 / p99 ms) |"
          " q/s cost of exact totals | queries with more than 1,000 matches |")
    print("|---|---|---|---|---|")
    for size, med in rows:
        exact, page = med["byline"], med[ESTIMATE]
        cost = 1 - exact["qps"] / page["qps"]
        print(f'| {size} | {exact["qps"]:,.0f} ({exact["p50_ms"]:.2f} / {exact["p99_ms"]:.2f}) | '
              f'{page["qps"]:,.0f} ({page["p50_ms"]:.2f} / {page["p99_ms"]:.2f}) | '
              f'{cost:.1%} | {exact["inexact_share"]:.0%} |')


def print_also(rows):
    """Byline on a second kind of index (ALSO=table|stream) or run another way
    (byline-xapian-lengths), beside the first."""
    also = lambda med: sorted(m for m in med if m.startswith("byline-") and m != ESTIMATE)
    rows = [(size, mode, med[mode]) for size, med in rows for mode in ["byline"] + also(med)]
    if not any(mode != "byline" for _, mode, _ in rows):
        return
    print()
    print("| articles | run | Byline q/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for size, mode, m in rows:
        print(f'| {size} | {mode} | {m["qps"]:,.0f} | {m["p50_ms"]:.2f} | {m["p99_ms"]:.2f} |')


if __name__ == "__main__":
    main()

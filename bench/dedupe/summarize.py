#!/usr/bin/env python3
"""Tables of bench/dedupe/run.sh's raw results.

  summarize.py OUT SIZE QUALITY SPEED
"""
import json
import statistics
import sys

# The library's distance is read from the header, so the table marks it.
import re
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def setting():
    text = open(os.path.join(ROOT, "include/byline/fingerprint.h")).read()
    get = lambda name: re.search(name + r" = ([^;]+);", text).group(1)
    return int(get("kNearDuplicateDistance")), get("kFingerprintMethod"), get("kFingerprintShingle"), get("kFingerprintTitle")


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    out, size, quality, speed = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4] == "1"
    distance, method, shingle, title = setting()
    print(f"Fingerprint: {method}, {shingle}-word shingles, title {title}; "
          f"near-duplicates within {distance} bits (marked *).")
    print()
    if quality:
        print("| distance | Reuters pairs found | precision | recall | precision vs Jaccard >= 0.5 "
              "| BBC precision | BBC recall |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        reuters, bbc = rows(out + "/reuters-pairs.jsonl"), rows(out + "/bbc-pairs.jsonl")
        for r, b in zip(reuters, bbc):
            d = r["distance"]
            if d > 16:
                break
            mark = "*" if d == distance else ""
            print(f"| {d}{mark} | {r['fingerprint_pairs']} | {r['precision']:.3f} | "
                  f"{r['recall']:.3f} | {r['precision_jaccard_0_5']:.3f} | "
                  f"{b['precision']:.3f} | {b['recall']:.3f} |")
        print()
        print(f"True pairs: Reuters {reuters[0]['true_pairs']}, BBC {bbc[0]['true_pairs']}.")
        print()
        for name in ("reuters", "bbc"):
            syn = rows(out + f"/{name}-synthetic.jsonl")
            kinds = [k for k in syn[0] if k not in ("distance", "unrelated_within")]
            print(f"Synthetic edits of {name}: share of copies within the distance of their original")
            print()
            print("| distance | " + " | ".join(kinds) + " | unrelated pairs within |")
            print("| ---: " * (len(kinds) + 2) + "|")
            for s in syn:
                d = s["distance"]
                if d > 16:
                    break
                mark = "*" if d == distance else ""
                print(f"| {d}{mark} | " + " | ".join(f"{s[k]:.3f}" for k in kinds) +
                      f" | {s['unrelated_within']:.2e} |")
            print()
    if speed:
        runs = rows(out + f"/speed-{size}.jsonl")
        by_mode = {}
        for r in runs:
            by_mode.setdefault(r["mode"], []).append(r)
        print(f"Search at {size} (1,000 queries, one thread, in-process; medians of {len(runs) // 2} runs)")
        print()
        print("| mode | q/s | p50 ms | p95 ms | p99 ms | RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        med = {}
        for mode in ("byline", "byline-dedupe"):
            rs = by_mode.get(mode, [])
            if not rs:
                continue
            m = {k: statistics.median(r[k] for r in rs) for k in ("qps", "p50_ms", "p95_ms", "p99_ms", "rss_mb")}
            med[mode] = m
            label = "dedupe=off" if mode == "byline" else "dedupe=near"
            print(f"| {label} | {m['qps']:.0f} | {m['p50_ms']:.3f} | {m['p95_ms']:.3f} | "
                  f"{m['p99_ms']:.3f} | {m['rss_mb']:.0f} |")
        if len(med) == 2:
            cost = 1 - med["byline-dedupe"]["qps"] / med["byline"]["qps"]
            print()
            print(f"Folding costs {100 * cost:.1f}% of q/s (target <= 10%).")
        dup = rows(out + f"/duplicates-{size}.jsonl")
        if dup:
            d = dup[0]
            print()
            print(f"/articles/{{id}}/duplicates (Searcher::Duplicates, limit 20) on each query's top hit: "
                  f"{d['qps']:.0f} calls/s, p50 {d['p50_ms']:.3f} ms, p99 {d['p99_ms']:.3f} ms.")


if __name__ == "__main__":
    main()

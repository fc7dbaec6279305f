#!/usr/bin/env python3
"""Builds the benchmark corpora from ../shared/data or $BYLINE_DATA (read-only) into OUT_DIR.

  corpora.py OUT_DIR SIZE...   SIZE is 22k, 100k, 400k or 1m

22k  = Reuters-21578 + BBC News (22,004 articles).
100k = 22k + the first Simple English Wikipedia articles up to 100,000.
400k = 22k + all 139,361 Wikipedia articles, then copies of those with new ids
       (suffix "~N") until 400,000: term statistics stay those of real text.
1m   = the same, copied on until 1,000,000 (for growth: build time, peak RSS,
       size and query speed as the archive grows).
Each corpus is written once as OUT_DIR/corpus-SIZE.jsonl and reused.
"""
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("BYLINE_DATA") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "shared", "data"))
SIZES = {"22k": 22004, "100k": 100000, "400k": 400000, "1m": 1000000}


def base_articles():
    for name in ("reuters21578.jsonl", "bbc.jsonl"):
        with open(os.path.join(SHARED, name), encoding="utf-8") as f:
            for line in f:
                yield line.rstrip("\n")
    large = os.path.join(SHARED, "large")
    for part in sorted(os.listdir(large)):
        if part.endswith(".jsonl.gz"):
            with gzip.open(os.path.join(large, part), "rt", encoding="utf-8") as f:
                for line in f:
                    yield line.rstrip("\n")


def build(out_dir, size):
    target = SIZES[size]
    path = os.path.join(out_dir, f"corpus-{size}.jsonl")
    if os.path.exists(path):
        return path
    base = []
    for line in base_articles():
        base.append(line)
        if len(base) == target:
            break
    tmp = path + ".tmp"
    # Written as it goes: a million lines need not sit in memory twice.
    with open(tmp, "w", encoding="utf-8") as f:
        written = 0
        for line in base:
            f.write(line + "\n")
            written += 1
        copy = 0
        while written < target:
            copy += 1
            for line in base:
                doc = json.loads(line)
                doc["id"] = f'{doc["id"]}~{copy}'
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
                written += 1
                if written == target:
                    break
    os.rename(tmp, path)
    return path


def main():
    if not os.path.isdir(SHARED):
        sys.exit(f"corpora.py: {SHARED} is absent; the benchmarks need ../shared/data")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for size in sys.argv[2:]:
        print(build(out_dir, size))


if __name__ == "__main__":
    main()

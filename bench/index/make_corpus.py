#!/usr/bin/env python3
"""Writes the benchmark corpora into OUT_DIR from ../shared/data:

  c22k.jsonl   Reuters-21578 + BBC (22,004 articles)
  c100k.jsonl  those + Simple English Wikipedia articles up to 100,000
  c400k.jsonl  those + all of the Wikipedia parts (161k), then repeated with
               new ids ("<id>~2", ...) up to 400,000: the same text again, so
               the vocabulary stops growing past 161k

usage: make_corpus.py DATA_DIR OUT_DIR SIZE...   (SIZE: 22k, 100k, 400k)
"""
import gzip
import itertools
import os
import sys

SIZES = {"22k": 22004, "100k": 100000, "400k": 400000}


def base_lines(data):
    for name in ("reuters21578.jsonl", "bbc.jsonl"):
        with open(os.path.join(data, name), encoding="utf-8") as f:
            yield from f
    large = os.path.join(data, "large")
    for name in sorted(os.listdir(large)):
        with gzip.open(os.path.join(large, name), "rt", encoding="utf-8") as f:
            yield from f


def main():
    data, out, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out, exist_ok=True)
    all_lines = None
    for size in sizes:
        n = SIZES[size]
        path = os.path.join(out, "c%s.jsonl" % size)
        if os.path.exists(path):
            continue
        if all_lines is None:
            all_lines = [l if l.endswith("\n") else l + "\n" for l in base_lines(data)]
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            written = 0
            for copy in itertools.count(1):
                for line in all_lines:
                    if written == n:
                        break
                    if copy > 1:
                        # A new id for repeated text: {"id": "x", ... -> {"id": "x~2", ...
                        head, sep, rest = line.partition('", ')
                        line = head + "~%d" % copy + sep + rest
                    f.write(line)
                    written += 1
                if written == n:
                    break
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Derives a fixed, seeded set of benchmark queries from a corpus.

  make_queries.py CORPUS.jsonl COUNT > queries.txt

Queries are 1-3 words taken from real titles and bodies, spread from rare to
common words, plus about 5% two-word "phrases" copied from a body. The seed is
fixed, so the same corpus always gives the same queries.
"""
import json
import random
import re
import sys
from collections import Counter

STOP = set("""a an and are as at be by for from has have he in is it its of on or that the
to was were will with said mln dlrs pct s u""".split())
WORD = re.compile(r"[a-z]{3,}")


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(20261125)
    docs = []
    df = Counter()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 7:  # a sample is enough to know word frequencies
                continue
            doc = json.loads(line)
            words = WORD.findall((doc["title"] + " " + doc["body"]).lower())
            docs.append(words)
            df.update(set(words))
    vocab = [w for w, n in df.items() if n >= 2 and w not in STOP]
    vocab.sort(key=lambda w: -df[w])
    out = []
    while len(out) < count:
        words = rng.choice(docs)
        if len(words) < 4:
            continue
        if rng.random() < 0.05:
            i = rng.randrange(len(words) - 1)
            if words[i] in STOP or words[i + 1] in STOP:
                continue
            out.append(f'"{words[i]} {words[i + 1]}"')
            continue
        n = rng.choice((1, 2, 2, 3))
        # Mix rare and common: pick from the document, weighted to spread df.
        picked = []
        for _ in range(n):
            w = rng.choice(words)
            if w in STOP or w in picked or df[w] < 2:
                continue
            picked.append(w)
        if picked:
            out.append(" ".join(picked))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

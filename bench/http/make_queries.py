#!/usr/bin/env python3
"""Writes a fixed query mix from a JSON Lines corpus: 1-2 title words per
query, from a seeded sample of articles, so every run sends the same queries."""
import json
import random
import re
import sys

corpus, out_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
titles = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", json.loads(line).get("title", ""))]
        if words:
            titles.append(words)
rng = random.Random(4)
with open(out_path, "w", encoding="utf-8") as out:
    for _ in range(count):
        words = rng.choice(titles)
        n = min(len(words), rng.choice([1, 2, 2]))
        out.write(" ".join(rng.sample(words, n)) + "\n")

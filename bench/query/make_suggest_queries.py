#!/usr/bin/env python3
"""Derives a fixed, seeded mix of search-as-you-type queries from a corpus.

  make_suggest_queries.py CORPUS.jsonl COUNT > suggest-queries.txt

Half are one partial word ("s", "int", "readf": the first 1-5 letters of a
word of a real title or body), half a word and the start of the word after
it in a body ("interest r", "event lo"), as someone types them. Words are
taken as they are written, so the mix has capitals too. The seed is fixed, so
the same corpus always gives the same queries.
"""
import json
import random
import re
import sys

STOP = set("""a an and are as at be by for from has have he in is it its of on or that the
to was were will with said this which""".split())
# Two words with only spaces between them.
PAIR = re.compile(r"\b([A-Za-z]{2,})[ ]+([A-Za-z]{2,})\b")
WORD = re.compile(r"[A-Za-z]{2,}")


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(20261202)
    docs = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 11:  # a sample of the articles is enough
                continue
            doc = json.loads(line)
            docs.append(doc["title"] + "\n" + doc["body"][:4000])
    out = []
    while len(out) < count:
        text = rng.choice(docs)
        if len(out) % 2 == 0:
            words = WORD.findall(text)
            if not words:
                continue
            word = rng.choice(words)
            out.append(word[: rng.randint(1, min(5, len(word)))])
        else:
            pairs = [p for p in PAIR.findall(text) if p[0].lower() not in STOP]
            if not pairs:
                continue
            first, second = rng.choice(pairs)
            out.append(first + " " + second[: rng.randint(1, min(4, len(second)))])
    print("\n".join(out))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The update steps of bench/updates/run.sh, from a corpus (JSON lines).

  steps.py CORPUS STEP updates   the articles step STEP (1-4) writes
  steps.py CORPUS STEP all       every article as it is after step STEP

Step 1 replaces 10% of the articles, step 2 50%, step 3 100% (each a new
revision of the body), step 4 adds 10% new ones (copies under new ids).
Which articles a step picks is fixed by their position, so runs agree.
"""
import json
import sys

SHARE = {1: 10, 2: 50, 3: 100}
NEW_SHARE = 10  # step 4


def picked(i, pct):
    return (i * 7919) % 100 < pct


def revised(row, step):
    row = dict(row)
    row["body"] = row.get("body", "") + " Revision %d of this article." % step
    return row


def main():
    corpus, step, what = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if step not in (1, 2, 3, 4) or what not in ("updates", "all"):
        sys.exit("usage: steps.py CORPUS STEP(1-4) updates|all")
    out = sys.stdout
    new_rows = []
    with open(corpus, encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            if step == 4 and picked(i, NEW_SHARE):
                new = revised(row, 4)
                new["id"] = str(row["id"]) + "-new"
                new_rows.append(new)
            if what == "updates":
                if step in SHARE and picked(i, SHARE[step]):
                    out.write(json.dumps(revised(row, step)) + "\n")
                continue
            last = max([s for s in SHARE if s <= step and picked(i, SHARE[s])], default=0)
            out.write(json.dumps(revised(row, last) if last else row) + "\n")
    for row in new_rows:
        out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()

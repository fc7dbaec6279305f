#!/usr/bin/env python3
"""The update steps of bench/updates/run.sh, from a corpus (JSON lines).

  steps.py CORPUS STEP updates   the articles step STEP writes
  steps.py CORPUS STEP all       every article as it is after step STEP
  steps.py names                 the steps' names, one a line

Steps 1-5 replace 2%, 2% (others), 10%, 50% and 100% of the articles (each a
new revision of the body); step 6 adds 10% new ones (copies under new ids).
The two small steps are what a site's cron writes between compactions; the
large ones what an import or a template change writes. Which articles a step
picks is fixed by their position, so runs agree.
"""
import json
import sys

# (share replaced in percent, offset of the pick) per step; None: new ones.
STEPS = [(2, 0), (2, 50), (10, 0), (50, 0), (100, 0), None]
NEW_SHARE = 10


def name(step):
    spec = STEPS[step - 1]
    if spec is None:
        return "%d%% new" % NEW_SHARE
    return "%d%% replaced%s" % (spec[0], " (others)" if spec[1] else "")


def picked(i, spec):
    pct, offset = spec
    return (i * 7919 + offset) % 100 < pct


def revised(row, step):
    row = dict(row)
    row["body"] = row.get("body", "") + " Revision %d of this article." % step
    return row


def main():
    if sys.argv[1:] == ["names"]:
        for step in range(1, len(STEPS) + 1):
            print(name(step))
        return
    corpus, step, what = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if not 1 <= step <= len(STEPS) or what not in ("updates", "all"):
        sys.exit("usage: steps.py CORPUS STEP(1-%d) updates|all" % len(STEPS))
    out = sys.stdout
    new_rows = []
    with open(corpus, encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            if STEPS[step - 1] is None and i % 100 < NEW_SHARE:
                new = revised(row, step)
                new["id"] = str(row["id"]) + "-new"
                new_rows.append(new)
            if what == "updates":
                spec = STEPS[step - 1]
                if spec is not None and picked(i, spec):
                    out.write(json.dumps(revised(row, step)) + "\n")
                continue
            last = max([s for s in range(1, step + 1)
                        if STEPS[s - 1] is not None and picked(i, STEPS[s - 1])], default=0)
            out.write(json.dumps(revised(row, last) if last else row) + "\n")
    for row in new_rows:
        out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Ranking settings chosen by leave-one-collection-out (bench/relevance/run.sh runs this).

    loo.py grid   --search BIN --data DIR --work DIR --trec-eval PY --grid FILE [--collections ...]
    loo.py loo    (same) --choices FILE      # choose on four, score the fifth; write the choices
    loo.py check  (same) --choices FILE --targets c=MAP,...   # held-out MAP of the recorded choices

A collection named C-titles is C with every article cut to its title (same queries and
judgments): a short-document version, read from WORK/data/C-titles (run.sh writes it).

Each line of the grid file is one setting: a name, a tab, and the `byline-search --ranking`
value ("-" for Byline's built-in defaults); the key feedback=off stands for --no-feedback.
Indexes must already be in WORK/<collection>.index (run.sh builds them). Every setting's
queries are run with `byline-search --batch --json --limit 1000 --op or --no-snippets` and
scored by trec_eval.py; results are cached in WORK per collection and setting.

Selection criterion: each setting's MAP on a training collection is divided by the MAP of the
grid's first setting (the reference: plain BM25) there; the setting whose worst such ratio over
the training collections is highest wins, ties (within 0.001) broken by the mean ratio, then by
grid order (simpler settings come first). Worst case, because a default must not lose on a
collection it was not tuned on: a setting that gains 6% on three collections and loses 5% on a
fourth is what the issue's held-out collections punished. Ratios, so each collection counts
once whatever its number of queries (CRAN's 225 would otherwise outvote MED's 30) and a gain
counts the same on a collection scoring 0.2 as on one scoring 0.6. With --styles titles, a
setting's worst ratio is taken over each training collection and its title-only version too:
the collections a default meets elsewhere differ in style (short records, only titles), and a
setting that gains on long abstracts but loses on titles is not one to ship. The held-out
collection is left out in both versions.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

MEASURES = ("map", "P_10", "ndcg_cut_10")


def read_grid(path):
    grid = []
    for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" not in line:
            sys.exit(f"loo.py: {path}:{lineno}: expected NAME<TAB>SETTINGS")
        name, spec = line.split("\t", 1)
        grid.append((name.strip(), spec.strip()))
    if not grid:
        sys.exit(f"loo.py: {path} lists no settings")
    return grid


def search_args(spec):
    """byline-search flags for a grid setting."""
    items = [] if spec == "-" else [s for s in spec.split(",") if s]
    args = []
    if "feedback=off" in items:
        args.append("--no-feedback")
        items.remove("feedback=off")
    if items:
        args += ["--ranking", ",".join(items)]
    return args


def evaluate(a, collection, spec):
    """trec_eval.py's means for `spec` on `collection` (cached)."""
    key = hashlib.sha1(spec.encode()).hexdigest()[:12]
    cached = os.path.join(a.work, f"{collection}.{key}.eval.json")
    if os.path.exists(cached):
        return json.load(open(cached))["means"]
    data = (os.path.join(a.work, "data", collection) if collection.endswith("-titles")
            else os.path.join(a.data, collection))
    out = subprocess.run(
        [a.search, "--index", os.path.join(a.work, f"{collection}.index"), "--batch",
         os.path.join(data, "queries.tsv"), "--json", "--limit", "1000", "--op", "or",
         "--no-snippets"] + search_args(spec),
        check=True, capture_output=True, text=True).stdout
    run = os.path.join(a.work, f"{collection}.{key}.run")
    with open(run, "w", encoding="utf-8") as fh:
        for line in out.splitlines():
            r = json.loads(line)
            # trec_eval sorts by score: a strictly decreasing stand-in keeps Byline's order.
            for rank, doc in enumerate(r["ids"], 1):
                fh.write(f'{r["qid"]} Q0 {doc} {rank} {1000000 - rank} byline\n')
    scored = subprocess.run([sys.executable, a.trec_eval, "--json",
                             os.path.join(data, "qrels.txt"), run],
                            check=True, capture_output=True, text=True).stdout
    with open(cached, "w", encoding="utf-8") as fh:
        fh.write(scored)
    os.remove(run)
    return json.loads(scored)["means"]


def ratios(a, grid, spec, collections):
    ref = grid[0][1]
    return [evaluate(a, c, spec)["map"] / evaluate(a, c, ref)["map"] for c in collections]


def choose(a, grid, training):
    """The grid setting with the best worst-case relative MAP on `training` (and its other
    styles): (name, settings, worst ratio, mean ratio)."""
    training = training + [f"{c}-{s}" for c in training for s in a.styles.split()]
    best = None
    for name, spec in grid:
        r = ratios(a, grid, spec, training)
        worst, mean = min(r), sum(r) / len(r)
        if (best is None or worst > best[2] + 0.001
                or (worst > best[2] - 0.001 and mean > best[3] + 1e-12)):
            best = (name, spec, worst, mean)
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=["grid", "loo", "check"])
    p.add_argument("--search", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--trec-eval", required=True)
    p.add_argument("--grid", required=True)
    p.add_argument("--collections", default="adi cacm cisi cran med")
    p.add_argument("--choices", help="JSON file of the LOO choices (written by loo, read by check)")
    p.add_argument("--targets", default="", help="collection=MAP,... for check")
    p.add_argument("--styles", default="", help='"titles": also choose on title-only versions')
    a = p.parse_args()
    grid = read_grid(a.grid)
    collections = a.collections.split()

    if a.mode == "grid":
        print("| setting | " + " | ".join(c.upper() for c in collections) +
              " | worst / mean ratio |")
        print("| --- |" + " ---: |" * (len(collections) + 1))
        for name, spec in grid:
            maps = [evaluate(a, c, spec)["map"] for c in collections]
            r = ratios(a, grid, spec, collections)
            print(f"| {name} | " + " | ".join(f"{m:.4f}" for m in maps) +
                  f" | {min(r):.3f} / {sum(r) / len(r):.3f} |", flush=True)
        return 0

    if a.mode == "loo":
        choices = {"all": {}, "held_out": {}, "styles": a.styles}
        name, spec, worst, mean = choose(a, grid, collections)
        styled = collections + [f"{c}-{s}" for c in collections for s in a.styles.split()]
        choices["all"] = {"name": name, "settings": spec, "worst_ratio": worst, "mean_ratio": mean,
                          "means": {c: {m: evaluate(a, c, spec)[m] for m in MEASURES + ("num_q",)}
                                    for c in styled}}
        # Whether Byline's built-in default ranks as the setting chosen on all five does.
        choices["default_is_choice"] = all(
            abs(evaluate(a, c, "-")[m] - choices["all"]["means"][c][m]) < 1e-9
            for c in choices["all"]["means"] for m in MEASURES)
        for held in collections:
            training = [c for c in collections if c != held]
            name, spec, worst, mean = choose(a, grid, training)
            means = evaluate(a, held, spec)
            styles = {s: evaluate(a, f"{held}-{s}", spec)["map"] for s in a.styles.split()}
            choices["held_out"][held] = {"name": name, "settings": spec, "training_worst": worst,
                                         "training_mean": mean, "styles_map": styles,
                                         "means": {m: means[m] for m in MEASURES + ("num_q",)}}
        with open(a.choices, "w", encoding="utf-8") as fh:
            json.dump(choices, fh, indent=1, sort_keys=True)
            fh.write("\n")
        json.dump(choices, sys.stdout, indent=1, sort_keys=True)
        print()
        return 0

    # check: the recorded held-out choices must still reach their targets.
    choices = json.load(open(a.choices, encoding="utf-8"))["held_out"]
    targets = dict(t.split("=") for t in a.targets.split(",") if t)
    failed = 0
    for c in collections:
        if c not in choices:
            continue
        spec = choices[c]["settings"]
        m = evaluate(a, c, spec)["map"]
        target = float(targets[c]) if c in targets else None
        ok = target is None or m >= target
        print(f"{c}: held-out setting {choices[c]['name']} ({spec}): MAP {m:.4f}"
              + (f", target {target:.3f}" if target is not None else "")
              + ("" if ok else "  BELOW TARGET"), file=sys.stderr)
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes the labels bench/related/related_bench reads: one "ID<TAB>label,..."
line per article of a JSON Lines corpus.

    labels.py bbc FILE       the BBC category (its one tag)
    labels.py reuters FILE   the Reuters-21578 TOPICS codes among its tags (its
                             PLACES and ORGS codes, "usa", "opec", are left out)
    labels.py none FILE N    no labels: N ids evenly spread (latency only)
"""
import json
import sys

# Reuters-21578's TOPICS categories (the collection's all-topics list) that
# this copy's tags may hold; the tags mix them with PLACES and ORGS codes.
REUTERS_TOPICS = set("""
acq alum austdlr barley bfr bop carcass castor-oil castorseed citruspulp cocoa coconut
coconut-oil coffee copper copra-cake corn corn-oil cornglutenfeed cotton cotton-oil
cottonseed cpi cpu crude cruzado dfl dkr dlr dmk drachma earn escudo f-cattle ffr
fishmeal flaxseed fuel gas gnp gold grain groundnut groundnut-oil heat hk hog housing
income instal-debt interest inventories ipi iron-steel jet jobs l-cattle lead lei
lin-meal lin-oil linseed lit livestock lumber lupin meal-feed mexpeso money-fx
money-supply naphtha nat-gas nickel nkr nzdlr oat oilseed orange palladium palm-meal
palm-oil palmkernel peseta pet-chem platinum plywood pork-belly potato propane rand
rape-meal rape-oil rapeseed red-bean reserves retail rice ringgit rubber rupiah rye
saudriyal sfr ship silver skr sorghum soy-meal soy-oil soybean stg strategic-metal
sugar sun-meal sun-oil sunseed tapioca tea tin trade tung tung-oil veg-oil wheat wool
wpi yen zinc
""".split())


def main():
    kind, path = sys.argv[1], sys.argv[2]
    out = sys.stdout
    with open(path, encoding="utf-8") as f:
        if kind == "none":
            ids = [json.loads(line)["id"] for line in f if line.strip()]
            n = min(int(sys.argv[3]), len(ids))
            for i in range(n):
                out.write(ids[i * len(ids) // n] + "\t\n")
            return
        for line in f:
            if not line.strip():
                continue
            article = json.loads(line)
            tags = article.get("tags") or []
            if kind == "reuters":
                tags = [t for t in tags if t in REUTERS_TOPICS]
            elif kind != "bbc":
                sys.exit(f"labels.py: unknown kind {kind} (bbc, reuters, none)")
            out.write(article["id"] + "\t" + ",".join(tags) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""SQLite FTS5 side of the query benchmark (Python's sqlite3, porter tokenizer).

  fts5_bench.py build CORPUS.jsonl DB      index title + body
  fts5_bench.py query DB QUERIES [PASSES]  top 10 by bm25() with snippet(), one thread

Prints one JSON line like query_bench. Queries are turned into FTS5 syntax:
every word quoted (implicit AND, as Byline's default), phrases kept.
"""
import json
import os
import re
import resource
import sqlite3
import sys
import time


def build(corpus, db_path):
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, "
               "tokenize='porter unicode61')")
    start = time.perf_counter()
    n = 0
    with open(corpus, encoding="utf-8") as f:
        batch = []
        for line in f:
            d = json.loads(line)
            batch.append((d["id"], d["title"], d["body"]))
            if len(batch) == 5000:
                db.executemany("INSERT INTO articles VALUES (?,?,?)", batch)
                n += len(batch)
                batch = []
        db.executemany("INSERT INTO articles VALUES (?,?,?)", batch)
        n += len(batch)
    db.commit()
    db.execute("INSERT INTO articles(articles) VALUES('optimize')")
    db.commit()
    seconds = time.perf_counter() - start
    print(json.dumps({"engine": "fts5", "articles": n, "seconds": round(seconds, 2),
                      "articles_per_s": round(n / seconds, 1),
                      "bytes": os.path.getsize(db_path)}))


TOKEN = re.compile(r'"[^"]*"|\S+')


def to_fts(q):
    parts = []
    for tok in TOKEN.findall(q):
        words = re.findall(r"\w+", tok)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)


def query(db_path, queries_path, passes=1):
    db = sqlite3.connect(db_path)
    queries = [to_fts(q) for q in open(queries_path, encoding="utf-8").read().split("\n") if q]
    sql = ("SELECT id, title, snippet(articles, 2, '<mark>', '</mark>', '…', 24) "
           "FROM articles WHERE articles MATCH ? ORDER BY bm25(articles, 0, 3, 1) LIMIT 10")
    for q in queries:  # warm up
        db.execute(sql, (q,)).fetchall()
    lat = []
    start = time.perf_counter()
    for _ in range(passes):
        for q in queries:
            t0 = time.perf_counter()
            db.execute(sql, (q,)).fetchall()
            lat.append((time.perf_counter() - t0) * 1000)
    seconds = time.perf_counter() - start
    lat.sort()
    pct = lambda p: lat[int(p * (len(lat) - 1))]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mode": "fts5", "queries": len(lat), "qps": round(len(lat) / seconds, 1),
                      "p50_ms": round(pct(0.5), 3), "p95_ms": round(pct(0.95), 3),
                      "p99_ms": round(pct(0.99), 3), "peak_rss_mb": round(rss, 1)}))


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    else:
        query(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1)

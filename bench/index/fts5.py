#!/usr/bin/env python3
"""The peer: SQLite FTS5 (porter tokenizer) indexing the same fields.

usage: fts5.py OUT_DB < corpus.jsonl
"""
import json
import sqlite3
import sys


def main():
    db = sqlite3.connect(sys.argv[1])
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE articles USING fts5("
               "id UNINDEXED, title, body, source, tokenize='porter unicode61')")
    rows = []
    for line in sys.stdin:
        a = json.loads(line)
        rows.append((a["id"], a["title"], a["body"], a.get("source", "")))
        if len(rows) == 10000:
            db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", rows)
            rows.clear()
    db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", rows)
    db.commit()
    db.close()


if __name__ == "__main__":
    main()

"""Latency of search (tantivy beside FTS5's exact BM25), entity lookup, ask and chronology pages (p50/p95, ms).

    python bench/bench_latency.py --make-search-db /tmp/fontes-1m.db 1000000   # once: ~1 h on 2 busy cores
    python bench/bench_latency.py --db /tmp/fontes-large.db --search-db /tmp/fontes-1m.db -n 100

--db is a knowledge base from bench/make_corpus.py (100,000 documents written through
KnowledgeBase.save_documents, the store's write path). --make-search-db writes only the search
tables of N generated documents by bulk inserts of prepared rows (the documents table stays
empty): each document is a lead sentence naming two of 440 people and a date, then 3-8 real
sentences of examples/ and ../shared/data (WikiWars, TempEval-3, HIPE) reshuffled; the tantivy
index is then built from the tables by SearchIndex.build_text_index.

Every search row runs the same queries twice in the same run: ranked by the tantivy index (the
default: exact BM25 top-k, block-max WAND) and by FTS5's bm25() over every match (the old exact
path), and says how often both give the same total and how much their top 20 overlap (their BM25
formulas differ slightly: tantivy's IDF is ln(1 + (N - n + 0.5) / (n + 0.5)) and it quantises
lengths).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import re
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import Callable

from fontes.api import chronology_page
from fontes.ask import ask
from fontes.search import Filters, SearchIndex
from fontes.store import KnowledgeBase


def measure(fn: Callable[[], object], n: int) -> tuple[float, float, int | None]:
    """p50 and p95 in ms, and how many results were flagged approximate (None: not a search)."""
    times = []
    approx: int | None = None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
        if hasattr(result, "approximate"):
            approx = (approx or 0) + bool(result.approximate)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], approx


def make_search_db(path: str, docs: int, *, seed: int = 1917) -> None:
    """A search-only database of ``docs`` generated documents: the sentence tables written by bulk SQL
    inserts of prepared rows (the same rows ``SearchIndex.insert_rows`` writes, in batches), the FTS5
    table filled as they go, then the tantivy index built from the tables by ``SearchIndex``.

    Each document is a lead sentence naming two of 440 people and a date, then 3-8 real sentences
    drawn from the example corpus and ../shared/data (WikiWars, TempEval-3, HIPE), as in make_corpus.py.
    The documents table stays empty (``fontes.store`` rows are not needed to rank sentences).
    """
    from pathlib import Path

    from make_corpus import FAMILY, GIVEN, TYPES, sentences

    from fontes.search import SearchIndex
    from fontes.store import date_range

    rng = random.Random(seed)
    pool = sentences()
    people = [f"{g} {f}" for g in GIVEN for f in FAMILY]
    if Path(path).exists():
        Path(path).unlink()
    kb = KnowledgeBase.open(path)
    index = SearchIndex(kb.engine, text_engine="fts5")
    index.ensure_schema()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=OFF")
    t0 = time.time()
    sid = 0
    rows, ents, evs = [], [], []

    def flush() -> None:
        raw.executemany('INSERT INTO search_sentence(id, doc_id, start, "end", text, zone, genre, date_lo, date_hi) '
                        "VALUES (?, ?, ?, ?, ?, 'body', ?, ?, ?)", rows)
        raw.executemany("INSERT INTO search_fts(rowid, text) VALUES (?, ?)", [(r[0], r[4]) for r in rows])
        raw.executemany("INSERT INTO search_entity(sentence_id, entity_id) VALUES (?, ?)", ents)
        raw.executemany("INSERT INTO search_event(sentence_id, event_type, event_id) VALUES (?, ?, 'e0')", evs)
        raw.commit()
        rows.clear(), ents.clear(), evs.clear()

    for n in range(docs):
        day = f"{rng.randint(1850, 1950)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        a, b = rng.sample(range(len(people)), 2)
        doc_id = hashlib.sha256(f"synthetic {n}".encode()).hexdigest()
        genre = rng.choice(["primary", "secondary"])
        lo, hi = date_range(day)
        at = 0
        for k, sentence in enumerate([f"On {day} {people[a]} met {people[b]}.",
                                      *(rng.choice(pool) for _ in range(rng.randint(3, 8)))]):
            sid += 1
            rows.append((sid, doc_id, at, at + len(sentence), sentence, genre, lo, hi))
            at += len(sentence) + 2
            if k == 0:
                ents += [(sid, f"p{a}"), (sid, f"p{b}")]
                evs.append((sid, rng.choice(TYPES)))
        if len(rows) >= 50_000:
            flush()
            print(f"  {n + 1} documents, {sid} sentences ({time.time() - t0:.0f} s)", flush=True)
    flush()
    raw.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    raw.commit()
    raw.close()
    print(f"tables: {docs} documents, {sid} sentences in {time.time() - t0:.0f} s", flush=True)
    t1 = time.time()
    SearchIndex(kb.engine).build_text_index(progress=True)
    print(f"tantivy index: {time.time() - t1:.0f} s -> {path}.search", flush=True)


def search_rows(db: str, n: int, rng: random.Random, *, fts5: bool = True) -> None:
    """p50/p95 of the four query kinds, ranked by the tantivy index and (``fts5``) by FTS5's bm25() over
    every match."""
    kb = KnowledgeBase.open(db)
    engines = {"tantivy": SearchIndex(kb.engine)}
    if fts5:
        engines["fts5"] = SearchIndex(kb.engine, text_engine="fts5")
    t = time.perf_counter()
    engines["tantivy"].text_index()  # opened, or built from the tables when missing or stale
    opened = time.perf_counter() - t
    raw = sqlite3.connect(db)
    sents = raw.execute("SELECT max(id) FROM search_sentence").fetchone()[0]
    ids = [rng.randint(1, sents) for _ in range(600)]
    sample = [r[0] for r in raw.execute(f"SELECT text FROM search_sentence WHERE id IN ({','.join(map(str, ids))})")]
    words = [w for s in sample for w in re.findall(r"[A-Za-z]+", s) if len(w) > 2]
    freq = Counter(w.lower() for w in words)
    common = [w for w, _ in freq.most_common(30)]
    rare = [w for w in freq if freq[w] == 1 and len(w) > 7]
    phrases = [" ".join(s.split()[2:4]) for s in sample if len(s.split()) > 5]
    kinds = {
        "one common word (30 most frequent)": [rng.choice(common) for _ in range(n)],
        "one rare word": [rng.choice(rare) for _ in range(n)],
        "phrase": [f'"{rng.choice(phrases)}"' for _ in range(n)],
        # words of the lead sentences, which carry the people and dates, beside common ones
        "word + entity and date filters": [rng.choice(["met", "on", *common[:5]]) for _ in range(n)],
    }
    filters = [Filters(entity=f"p{rng.randrange(440)}", date_from="1900", date_to="1920") for _ in range(n)]
    print(f"\n{db}: {sents} indexed sentences; tantivy index ready in {opened:.1f} s (opened or built)")
    print(f"{'query kind (top 20)':40} {'engine':8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  same top-20 as fts5")
    for kind, queries in kinds.items():
        results = {}
        for name, index in engines.items():
            times, tops = [], []
            for q, f in zip(queries, filters):
                t = time.perf_counter()
                r = index.search(q, limit=20, filters=f if "filter" in kind else None)
                times.append((time.perf_counter() - t) * 1000)
                tops.append((r.total, {h.sentence_id for h in r.hits}))
            times.sort()
            results[name] = tops
            same = ""
            if name == "fts5":
                same_total = sum(a[0] == b[0] for a, b in zip(results["tantivy"], tops))
                overlap = statistics.mean(len(a[1] & b[1]) / max(1, len(b[1])) for a, b in zip(results["tantivy"], tops))
                same = f"totals equal {same_total}/{n}, top-20 overlap {overlap:.2f}"
            print(f"{kind:40} {name:8} {statistics.median(times):8.1f} {times[int(len(times) * 0.95) - 1]:8.1f} "
                  f"{times[-1]:8.1f}  {same}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="/tmp/fontes-large.db", help="a KB from bench/make_corpus.py (every row kind)")
    ap.add_argument("--search-db", action="append", default=[],
                    help="more databases to time search on (e.g. one made by --make-search-db), repeatable")
    ap.add_argument("--make-search-db", nargs=2, metavar=("PATH", "DOCS"),
                    help="write a search-only database of DOCS generated documents to PATH, then exit")
    ap.add_argument("-n", type=int, default=200, help="queries per row")
    ap.add_argument("--search-only", action="store_true")
    ap.add_argument("--no-fts5", action="store_true",
                    help="time the tantivy index only (FTS5's exact bm25 takes seconds per common word at 1M)")
    args = ap.parse_args()
    if args.make_search_db:
        make_search_db(args.make_search_db[0], int(args.make_search_db[1]))
        return
    rng = random.Random(7)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for db in [args.db, *args.search_db]:
        if db and os.path.exists(db):
            search_rows(db, args.n, rng, fts5=not args.no_fts5)
        elif db != args.db or not args.search_only:
            raise SystemExit(f"{db}: no such database; make it first (see this script's docstring)")
    if args.search_only:
        return
    kb = KnowledgeBase.open(args.db)
    with kb.engine.connect() as conn:
        docs = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
    entities = kb.entities()
    names = [e.aliases[0] if e.aliases else e.name for e in entities]
    people = [e.name for e in entities if e.type == "PER"]
    asks = [q.format(rng.choice(people)) for q in ("When was {} dismissed?", "Who appointed {}?",
                                                   "Where was {} arrested?", "Who did {} order?")]
    it = iter(range(10**9))

    def pick(pool):
        return pool[next(it) % len(pool)]

    rows = [
        ("entity lookup by alias", lambda: kb.entity(pick(names))),
        ("ask: who/when/where question (fontes.ask)", lambda: ask(kb, pick(asks))),
        ("chronology page: from a month on, 50 rows (API)", lambda: chronology_page(
            kb, date_from=f"{rng.randint(1850, 1950)}-{rng.randint(1, 12):02d}", limit=50)),
        ("chronology page: Julian window + entity (API)", lambda: chronology_page(
            kb, date_from=f"{rng.randint(1850, 1950)}", date_to="1950", calendar="julian",
            entity=f"p{rng.randrange(400)}", limit=50)),
        ("chronology: first 50 rows of iter_chronology", lambda: list(itertools.islice(kb.iter_chronology(
            date_from=f"{rng.randint(1850, 1950)}-{rng.randint(1, 12):02d}"), 50))),
    ]
    print(f"\n{args.db}: {docs} documents (rows written by bench/make_corpus.py through KnowledgeBase.save_documents)")
    ask(kb, asks[0])
    print(f"{'call':50} {'p50 ms':>9} {'p95 ms':>9}")
    for name, fn in rows:
        p50, p95, _ = measure(fn, args.n)
        print(f"{name:50} {p50:9.1f} {p95:9.1f}", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

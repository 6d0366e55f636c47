"""Generate a large realistic knowledge base for the latency benchmark (default 100,000 documents).

Real text, recombined: sentences of the example corpus (examples/seeds) and, when present, of
the benchmark texts under ../shared/data (read at run time, never copied into the repo), with
varied dates and names. Running 100,000 documents through the NLP pipeline would take hours
on this machine, so rows are inserted directly through the store (KnowledgeBase.save) and the
search index (SearchIndex.insert_rows): the database has the same tables, indexes and sizes a
real build would have, but its annotations are synthetic.

    python bench/make_corpus.py --docs 100000 --db /tmp/fontes-large.db
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import time
from pathlib import Path

from fontes.model import Corpus, Document, DualDate, Entity, Event, Mention, Zone
from fontes.search import SearchIndex
from fontes.store import KnowledgeBase, date_range

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FONTES_SHARED", REPO.parent / "shared")) / "data"
TYPES = ["ORDER", "MESSAGE_SENT", "APPOINTMENT", "DISMISSAL", "AUTHORIZATION", "REFUSAL", "TREATY", "SPEECH",
         "ARREST", "TRAVEL", "PROPOSAL", "PUBLICATION"]
GIVEN = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Fyodor", "Greta", "Hugo", "Irina", "Jan", "Karl", "Lidia",
         "Marek", "Nadia", "Oskar", "Pavel", "Rosa", "Stefan", "Tamara", "Viktor"]
FAMILY = ["Adler", "Baranov", "Cerny", "Dubois", "Engel", "Faber", "Gorski", "Hess", "Ivanov", "Jansen", "Kovac",
          "Lenz", "Moreau", "Novak", "Orlov", "Petrov", "Quist", "Rossi", "Sokol", "Tarkov", "Ulrich", "Volkov"]
PLACES = [("Riga", 56.95, 24.1), ("Vilnius", 54.69, 25.28), ("Kiev", 50.45, 30.52), ("Warsaw", 52.23, 21.01),
          ("Berlin", 52.52, 13.4), ("Vienna", 48.21, 16.37), ("Prague", 50.08, 14.44), ("Odessa", 46.48, 30.73)]


def sentences() -> list[str]:
    """Real sentences: the example corpus plus any text files of ../shared/data."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((REPO / "examples").rglob("*.txt"))]
    if SHARED.is_dir():
        for p in sorted(SHARED.rglob("*")):
            if p.is_file() and p.suffix in (".txt", ".tml", ".tsv", ".xml", ".sgm") and p.stat().st_size < 5_000_000:
                raw = p.read_text(encoding="utf-8", errors="replace")
                texts.append(re.sub(r"<[^>]+>", " ", raw) if p.suffix in (".tml", ".xml", ".sgm") else raw)
            if len(texts) > 400:
                break
    out = []
    for text in texts:
        for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            if 40 <= len(s) <= 400 and s.count("\t") == 0:
                out.append(s)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/fontes-large.db")
    ap.add_argument("--seed", type=int, default=1917)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = sentences()
    print(f"{len(pool)} real sentences to recombine")
    if Path(args.db).exists():
        Path(args.db).unlink()
    kb = KnowledgeBase.open(args.db)
    people = [Entity(f"p{i}", f"{g} {f}", "PER", aliases=[f], mention_count=0)
              for i, (g, f) in enumerate((g, f) for g in GIVEN for f in FAMILY)]
    places = [Entity(f"l{i}", n, "LOC", lat=la, lon=lo) for i, (n, la, lo) in enumerate(PLACES)]
    index = SearchIndex(kb.engine)
    index.ensure_schema()
    t0 = time.time()
    sid = 0
    batch, rows, ents, evs = [], [], [], []
    for n in range(args.docs):
        year = rng.randint(1850, 1950)
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        actor, target = rng.sample(people, 2)
        place = rng.choice(places)
        body = [rng.choice(pool) for _ in range(rng.randint(3, 8))]
        lead = f"On {day} {actor.name} met {target.name} at {place.name}."
        text = "\n\n".join([lead, *body])
        doc = Document(id=hashlib.sha256(f"synthetic {n}".encode()).hexdigest(), path=f"synthetic/{n:06d}.txt", text=text, genre=rng.choice(["primary", "secondary"]),
                       calendar="gregorian", zones=[Zone(0, len(text), "body")], dct=DualDate(day))
        doc.citation.short = f"Synthetic source {n}"
        doc.mentions = [Mention(text.index(actor.name), text.index(actor.name) + len(actor.name), actor.name, "PER", actor.id),
                        Mention(text.index(target.name), text.index(target.name) + len(target.name), target.name, "PER", target.id)]
        etype = rng.choice(TYPES)
        doc.events = [Event(id="e0", type=etype, start=0, end=len(lead), evidence=lead, actors=[actor.id],
                            targets=[target.id], place=place.id, when=DualDate(day), doc_id=doc.id)]
        batch.append(doc)
        at = 0
        lo, hi = date_range(day)
        for s in [lead, *body]:
            start = text.index(s, at)
            at = start + len(s)
            sid += 1
            rows.append({"id": sid, "doc_id": doc.id, "start": start, "end": at, "text": s, "zone": "body",
                         "genre": doc.genre, "lo": lo, "hi": hi})
            if s is lead:
                ents += [{"s": sid, "e": actor.id}, {"s": sid, "e": target.id}]
                evs.append({"s": sid, "t": etype, "e": "e0"})
        if len(batch) == 2000:
            kb.save_documents(batch)
            _insert(index, rows, ents, evs)
            batch, rows, ents, evs = [], [], [], []
            print(f"  {n + 1} documents ({time.time() - t0:.0f} s)", flush=True)
    if batch:
        kb.save_documents(batch)
        _insert(index, rows, ents, evs)
    kb.save_corpus(Corpus(entities=people + places))
    with kb.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    with kb.engine.begin() as conn:
        index._set_meta(conn, "fingerprint", index.fingerprint(kb.document_ids()))
    print(f"built {args.docs} documents, {sid} sentences in {time.time() - t0:.0f} s -> {args.db} "
          "(rows inserted through the store API, annotations synthetic)")


def _insert(index: SearchIndex, rows, ents, evs) -> None:
    """Append rows and index only them (the 'rebuild' in insert_rows would re-read the whole table each batch)."""
    from sqlalchemy import text

    with index.engine.begin() as conn:
        conn.execute(text('INSERT INTO search_sentence(id, doc_id, start, "end", text, zone, genre, date_lo, date_hi) '
                          "VALUES (:id, :doc_id, :start, :end, :text, :zone, :genre, :lo, :hi)"), rows)
        conn.execute(text("INSERT INTO search_fts(rowid, text) VALUES (:id, :text)"), rows)
        conn.execute(text("INSERT INTO search_entity(sentence_id, entity_id) VALUES (:s, :e)"), ents)
        conn.execute(text("INSERT INTO search_event(sentence_id, event_type, event_id) VALUES (:s, :t, :e)"), evs)


if __name__ == "__main__":
    main()

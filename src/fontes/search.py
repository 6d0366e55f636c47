"""Search: full-text (SQLite FTS5 or PostgreSQL tsvector), facets, semantic vectors and hybrid ranking.

The index lives in the knowledge base's own database, in tables this module owns:

    search_sentence   one row per sentence of body or metadata text: doc id, offsets, text,
                      genre, Gregorian date bounds (from the events it reports, else the
                      document's date)
    search_fts        FTS5 table over search_sentence.text (SQLite), or a tsvector column (PostgreSQL)
    search_entity     sentence -> entity ids mentioned in it
    search_event      sentence -> event types and ids whose evidence overlaps it
    search_embedding  (doc id, sentence offsets) -> little-endian float32 embedding (``fontes.embeddings``:
                      by default a static model shipped in the package); kept when the rest of the
                      index is rebuilt, so a document is embedded once (by ``fontes build``) for as
                      long as its text and the embedding model are unchanged
    search_meta       key/value: fingerprint of the indexed documents, embedding model name (kept
                      across rebuilds: vectors of another model are replaced, never mixed)

User text is never spliced into SQL: ``simple`` mode (the default) parses a web-search
syntax (``"a phrase"``, ``OR``, ``AND``, ``NOT`` or ``-word``, ``prefix*``) into quoted FTS5
terms, so any string runs; ``advanced`` mode passes FTS5 syntax through and turns a syntax
error into a QueryError that says how to write the query.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from fontes.errors import QueryError
from fontes.fulltext import Clause, SentenceRow, Term, TextIndex
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.store import date_range

Mode = Literal["simple", "advanced"]
Ranking = Literal["bm25", "semantic", "hybrid"]
Scope = Literal["sentences", "documents"]

RRF_K = 60  # reciprocal rank fusion constant (Cormack et al. 2009)
MAX_QUERY_CHARS = 1000
CHECK_SECONDS = 5.0  # how often index_for compares the index with the stored documents
ROWS_PER_WRITE = 5000  # sentences written per transaction while the index is rebuilt (a book has 10^5)
DOC_COUNT_MAX = 20_000  # documents scope: past this many matching sentences, documents are not all counted
TEXT_CHECK_SECONDS = 1.0  # how often a search compares the tantivy index's stamp with the tables'
TextEngine = Literal["tantivy", "fts5"]

_SCHEMA_SQLITE = [
    """CREATE TABLE IF NOT EXISTS search_sentence (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, zone TEXT NOT NULL DEFAULT 'body', genre TEXT,
        date_lo TEXT, date_hi TEXT)""",
    "CREATE INDEX IF NOT EXISTS search_sentence_doc ON search_sentence(doc_id, start)",
    "CREATE INDEX IF NOT EXISTS search_sentence_date ON search_sentence(date_lo, date_hi)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        text, content='search_sentence', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    "CREATE TABLE IF NOT EXISTS search_entity (sentence_id INTEGER NOT NULL, entity_id TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_entity_e ON search_entity(entity_id, sentence_id)",
    "CREATE INDEX IF NOT EXISTS search_entity_s ON search_entity(sentence_id)",
    "CREATE TABLE IF NOT EXISTS search_event (sentence_id INTEGER NOT NULL, event_type TEXT NOT NULL, event_id TEXT)",
    "CREATE INDEX IF NOT EXISTS search_event_t ON search_event(event_type, sentence_id)",
    "CREATE INDEX IF NOT EXISTS search_event_s ON search_event(sentence_id)",
    """CREATE TABLE IF NOT EXISTS search_embedding (
        doc_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, vec BLOB NOT NULL,
        PRIMARY KEY (doc_id, start, "end"))""",
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT)",
]

_SCHEMA_POSTGRES = [
    """CREATE TABLE IF NOT EXISTS search_sentence (
        id BIGINT PRIMARY KEY, doc_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, zone TEXT NOT NULL DEFAULT 'body', genre TEXT,
        date_lo TEXT, date_hi TEXT,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)""",
    "CREATE INDEX IF NOT EXISTS search_sentence_doc ON search_sentence(doc_id, start)",
    "CREATE INDEX IF NOT EXISTS search_sentence_tsv ON search_sentence USING GIN (tsv)",
    "CREATE TABLE IF NOT EXISTS search_entity (sentence_id BIGINT NOT NULL, entity_id TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_entity_e ON search_entity(entity_id, sentence_id)",
    "CREATE TABLE IF NOT EXISTS search_event (sentence_id BIGINT NOT NULL, event_type TEXT NOT NULL, event_id TEXT)",
    "CREATE INDEX IF NOT EXISTS search_event_t ON search_event(event_type, sentence_id)",
    """CREATE TABLE IF NOT EXISTS search_embedding (
        doc_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, vec BYTEA NOT NULL,
        PRIMARY KEY (doc_id, start, "end"))""",
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT)",
]

# Dropped when the index is rebuilt (search_vector: the sentence-id keyed embeddings of older versions);
# search_embedding survives, pruned to the sentences that still exist.
_TABLES = ("search_vector", "search_event", "search_entity", "search_sentence", "search_meta")
EMBEDDING_DTYPE = "<f4"


# ---------------------------------------------------------------- results and filters


@dataclass
class Filters:
    """Facet filters; every field narrows the result set, None means any."""

    doc: str | None = None  # document id (or its prefix) = source
    entity: str | None = None  # global entity id
    event_type: str | None = None
    genre: str | None = None  # primary | secondary
    date_from: str | None = None  # ISO date, in ``calendar``
    date_to: str | None = None
    calendar: Literal["gregorian", "julian"] = "gregorian"


@dataclass
class Hit:
    """One matching sentence, with its offsets in the document and the matched ranges within it."""

    doc_id: str
    start: int
    end: int
    text: str
    score: float
    rank: int
    zone: str = "body"
    genre: str | None = None
    date: str | None = None
    highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets into ``text``
    sentence_id: int = 0


@dataclass
class SearchResult:
    query: str
    mode: str
    ranking: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    fts_query: str | None = None
    note: str | None = None
    approximate: bool = False  # always False now (issue 12: every ranking is exact); kept for API clients
    candidates: int | None = None  # likewise (how many matches a capped ranking saw)
    total_estimated: bool = False  # True: ``total`` is a lower bound (documents of a very common word)


# ---------------------------------------------------------------- query parsing

_TOKEN_RE = re.compile(r'"([^"]*)"?|(\S+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT"}


def _parse_items(query: str) -> list[tuple[str, list[str], bool]]:
    """The terms of a simple-mode query as (operator before it, its words, prefix?), in FTS5 order.

    ``"a phrase"`` stays a phrase (an unbalanced quote closes at the end), ``OR``/``AND``/``NOT``
    (upper case) and a leading ``-`` are operators, ``word*`` is a prefix term; every other
    character is dropped. Raises QueryError when nothing searchable is left or only excluded
    terms remain. Negations written before the first wanted term follow it (FTS5's NOT is binary).
    """
    items: list[tuple[str, list[str], bool]] = []
    pending = "AND"
    for match in _TOKEN_RE.finditer(query[:MAX_QUERY_CHARS]):
        phrase, word = match.group(1), match.group(2)
        if word in _OPERATORS:
            pending = "NOT" if "NOT" in (pending, word) else word
            continue
        source = phrase if phrase is not None else word
        words = _WORD_RE.findall(source)
        if not words:
            continue
        prefix = phrase is None and word.endswith("*")
        if phrase is None and word.startswith("-") and len(word) > 1:
            pending = "NOT"
        items.append((pending, words, prefix))
        pending = "AND"
    if not items:
        raise QueryError(f"query {query!r} has no words to search for; type at least one word or a quoted phrase")
    first = next((i for i, (op, _, _) in enumerate(items) if op != "NOT"), None)
    if first is None:
        raise QueryError(
            f"query {query!r} only excludes terms (NOT/-word); add a word to search for, e.g. 'armistice -treaty'"
        )
    return [items[first]] + items[:first] + items[first + 1:]


def to_fts5(query: str) -> str:
    """Translate web-search syntax into a safe FTS5 MATCH expression.

    The syntax is that of ``_parse_items``; FTS5 syntax (NEAR, ^, column:, parentheses) in user
    text is inert. Raises QueryError when nothing searchable is left or only excluded terms remain.
    """
    ordered = _parse_items(query)
    terms = ['"' + " ".join(words) + '"' + ("*" if prefix else "") for _, words, prefix in ordered]
    expr = terms[0]
    for (op, _, _), term in zip(ordered[1:], terms[1:]):
        expr += f" {op} {term}" if op in ("OR", "NOT") else f" {term}"
    return expr


def parse_query(query: str) -> list[Clause]:
    """A simple-mode query as an OR of clauses, each wanted terms AND-ed with its excluded ones.

    The grouping is FTS5's precedence (NOT binds tighter than AND, AND tighter than OR), so
    ``a b OR c -d`` means ``(a AND b) OR (c AND NOT d)`` for every ranking engine.
    """
    clauses: list[Clause] = []
    for op, words, prefix in _parse_items(query):
        term = Term(tuple(words), prefix)
        if op == "OR" or not clauses:
            clauses.append(Clause([term], []))
        elif op == "NOT":
            clauses[-1].must_not.append(term)
        else:
            clauses[-1].must.append(term)
    return clauses


def query_words(query: str) -> list[str]:
    """The plain words of a query (operators and syntax removed), for highlighting and scoring."""
    return [w for w in _WORD_RE.findall(query) if w not in _OPERATORS]


# ---------------------------------------------------------------- dates


def date_bounds(value: str | None) -> tuple[str, str] | None:
    """Earliest and latest ISO day a TIMEX3 value can mean ("1917-11" -> 1917-11-01..1917-11-30), or None."""
    lo, hi = date_range(value)
    return (lo, hi) if lo and hi else None


def julian_to_gregorian(iso: str) -> str:
    """Convert an ISO Julian (Old Style) day to its Gregorian (New Style) day."""
    from convertdate import julian

    try:
        y, m, d = (int(x) for x in iso[:10].split("-"))
        gy, gm, gd = julian.to_gregorian(y, m, d)
    except (ValueError, TypeError) as err:
        raise QueryError(f"date {iso!r} is not an ISO date (YYYY-MM-DD): {err}") from None
    return f"{gy:04d}-{gm:02d}-{gd:02d}"


def _filter_bound(value: str | None, cal: str, upper: bool) -> str | None:
    if not value:
        return None
    bounds = date_bounds(value.strip())
    if bounds is None:
        raise QueryError(f"date {value!r} is not an ISO date; write it as YYYY, YYYY-MM or YYYY-MM-DD")
    day = bounds[1] if upper else bounds[0]
    if cal == "julian":
        return julian_to_gregorian(day)
    if cal != "gregorian":
        raise QueryError(f"calendar {cal!r} is unknown; use gregorian or julian")
    return day


# ---------------------------------------------------------------- sentences


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(doc: Document) -> list[tuple[int, int, str]]:
    """Sentence spans (start, end, zone) of a document's body and metadata zones, chrome excluded."""
    return list(iter_sentences(doc))


def iter_sentences(doc: Document, window: int | None = None) -> Iterator[tuple[int, int, str]]:
    """The spans of ``sentences(doc)``, one at a time. A text longer than ``window`` characters (default
    ``section_chars``) is sentencized a section at a time, each in a spaCy memory zone: a zone longer than
    the window in windows, shorter zones in groups of about a window's characters. A book is then never
    one spaCy Doc, and its words are not kept in the sentencizer's vocabulary after their section."""
    window = window or DEFAULTS.section_chars
    zones = [(z.start, z.end, z.kind) for z in doc.zones if z.kind != "boilerplate"] or [(0, len(doc.text), "body")]
    nlp = _sentencizer()
    if len(doc.text) <= window:  # an ordinary text keeps the tokenizer's cache (a memory zone empties it: a third slower)
        yield from _zone_sentences(nlp, doc.text, zones, window)
        return
    group: list[tuple[int, int, str]] = []
    size = 0
    for n, zone in enumerate(zones):
        long_zone = zone[1] - zone[0] > window  # sentencized window by window, each in its own memory zone
        if not long_zone:
            group.append(zone)
            size += zone[1] - zone[0]
        if group and (long_zone or size >= window or n == len(zones) - 1):
            with nlp.memory_zone():
                found = list(_zone_sentences(nlp, doc.text, group, window))
            yield from found
            group, size = [], 0
        if long_zone:
            yield from _zone_sentences(nlp, doc.text, [zone], window)


def _zone_sentences(nlp: Any, body: str, zones: list[tuple[int, int, str]], window: int) -> Iterator[tuple[int, int, str]]:
    """Sentence spans (start, end, zone kind) of ``zones`` of ``body``, trimmed of whitespace."""
    for zstart, zend, kind in zones:
        chunk = body[zstart:zend]
        if not chunk.strip():
            continue
        if len(chunk) > window:
            spans: Iterable[tuple[int, int]] = _windowed_spans(nlp, chunk, window)
        else:
            spans = [(sent.start_char, sent.end_char) for sent in nlp(chunk).sents]
        for s, e in spans:
            while s < e and chunk[s].isspace():
                s += 1
            while e > s and chunk[e - 1].isspace():
                e -= 1
            if e > s:
                yield zstart + s, zstart + e, kind


def _window_end(chunk: str, pos: int, size: int) -> int:
    """Where a window of about ``size`` characters from ``pos`` ends: after a blank line, a line break or
    a space in its second half (whole words on both sides), the end of the text, or -1 if none."""
    if len(chunk) - pos <= size:
        return len(chunk)
    for sep in ("\n\n", "\n", " "):
        at = chunk.rfind(sep, pos + size // 2, pos + size)
        if at >= 0:
            return at + len(sep)
    return -1


def _windowed_spans(nlp: Any, chunk: str, window: int) -> Iterator[tuple[int, int]]:
    """The sentence spans of ``nlp(chunk)``, identical, computed a window at a time.

    The sentencizer decides a sentence start from the tokens since the previous start, so each window
    keeps all its sentences but the last (which may run past the cut) and the next window begins where
    that last one began. A restart is taken only where the tokenizer also begins a token on its own (after
    whitespace, or on a run of whitespace): "one. Two" restarts at "Two", "a.b" never restarts at "b".
    A window with no such second sentence (a run of text without a full stop) is doubled.
    """
    pos, size = 0, window
    while pos < len(chunk):
        end = _window_end(chunk, pos, size)
        if end < 0:
            size *= 2
            continue
        with nlp.memory_zone():
            spans = [(sent.start_char, sent.end_char) for sent in nlp(chunk[pos:end]).sents]
        if end == len(chunk):
            yield from ((pos + s, pos + e) for s, e in spans)
            return
        restart = next((i for i in range(len(spans) - 1, 0, -1)
                        if chunk[pos + spans[i][0] - 1].isspace() or chunk[pos + spans[i][0]].isspace()), 0)
        if restart == 0:
            size *= 2
            continue
        yield from ((pos + s, pos + e) for s, e in spans[:restart])
        pos, size = pos + spans[restart][0], window


# ---------------------------------------------------------------- embeddings


def embed(texts: Sequence[str], model: str | None = None):
    """Unit-length float32 embeddings, one row per text (``fontes.embeddings``; default: the static model)."""
    from fontes.embeddings import embed as _embed

    return _embed(texts, model)


# ---------------------------------------------------------------- the index


@dataclass
class IndexInput:
    """What the index needs from the knowledge base, as model objects."""

    documents: Iterable[Document]  # read once, in order (a generator keeps one document in memory at a time)
    entity_of_mention: dict[tuple[str, int, int], str] = field(default_factory=dict)  # (doc, start, end) -> id
    event_dates: dict[str, str] = field(default_factory=dict)  # per-document event id -> Gregorian value


class SearchIndex:
    """Full-text, faceted and semantic search over the sentences of a knowledge base."""

    def __init__(self, engine: Engine, *, text_engine: TextEngine = "tantivy") -> None:
        """``text_engine``: what ranks simple-mode BM25 queries on SQLite: tantivy (exact top-k with
        block-max WAND, the default), or FTS5's bm25() over every match (kept for comparison)."""
        self.engine = engine
        self.backend = "postgresql" if engine.dialect.name == "postgresql" else "sqlite"
        self.text_engine = text_engine
        self._vectors = None  # (generation, ids, matrix)
        self._lock = threading.Lock()
        self._text: TextIndex | None = None
        self._text_checked = -1e9
        self._text_lock = threading.RLock()

    # -- schema

    def ensure_schema(self) -> None:
        statements = _SCHEMA_POSTGRES if self.backend == "postgresql" else _SCHEMA_SQLITE
        with self.engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)

    def drop(self, *, embeddings: bool = False) -> None:
        """Drop the index tables; the stored embeddings too only when ``embeddings``."""
        with self.engine.begin() as conn:
            if self.backend == "sqlite":
                conn.exec_driver_sql("DROP TABLE IF EXISTS search_fts")
            for table in _TABLES + (("search_embedding",) if embeddings else ()):
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
        self._vectors = None

    def meta(self, key: str) -> str | None:
        try:
            with self.engine.connect() as conn:
                row = conn.execute(text("SELECT value FROM search_meta WHERE key = :k"), {"k": key}).first()
        except DBAPIError:
            return None
        return row[0] if row else None

    def _set_meta(self, conn: Connection, key: str, value: str) -> None:
        conn.execute(text("DELETE FROM search_meta WHERE key = :k"), {"k": key})
        conn.execute(text("INSERT INTO search_meta(key, value) VALUES (:k, :v)"), {"k": key, "v": value})

    # -- building

    @staticmethod
    def fingerprint(doc_ids: Iterable[str]) -> str:
        return hashlib.sha256("\n".join(sorted(doc_ids)).encode()).hexdigest()[:16]

    def is_current(self, doc_ids: Iterable[str]) -> bool:
        return self.meta("fingerprint") == self.fingerprint(doc_ids)

    def rebuild(self, data: IndexInput) -> int:
        """Replace the index with the sentences of ``data.documents``; returns the sentence count."""
        vector_model = self.meta("embedding_model")  # the kept vectors' model outlives the rebuild
        self.drop()
        self.ensure_schema()
        rows, ent_rows, ev_rows = [], [], []
        sid = 0
        indexed: list[str] = []
        for doc in data.documents:
            indexed.append(doc.id)
            dct = doc.dct.gregorian if doc.dct else (doc.citation.date.gregorian if doc.citation and doc.citation.date else None)
            events = [(ev.start, ev.end, ev.type, ev.id, data.event_dates.get(ev.id) or (ev.when.gregorian if ev.when else None))
                      for ev in doc.events]
            near_events, near_mentions = _SpanWindow(events), _SpanWindow([(m.start, m.end, m) for m in doc.mentions])
            for start, end, zone in iter_sentences(doc):
                sid += 1
                lo = hi = None
                for es, ee, etype, eid, value in near_events.overlapping(start, end):
                    if es < end and ee > start:
                        ev_rows.append({"s": sid, "t": etype, "e": eid})
                        b = date_bounds(value)
                        if b:
                            lo, hi = min(lo or b[0], b[0]), max(hi or b[1], b[1])
                if lo is None and (b := date_bounds(dct)):
                    lo, hi = b
                seen: set[str] = set()
                for _, _, m in near_mentions.overlapping(start, end):
                    if m.start < end and m.end > start:
                        eid = m.entity_id or data.entity_of_mention.get((doc.id, m.start, m.end))
                        if eid and eid not in seen:
                            seen.add(eid)
                            ent_rows.append({"s": sid, "e": eid})
                rows.append({"id": sid, "doc_id": doc.id, "start": start, "end": end, "text": doc.text[start:end],
                             "zone": zone, "genre": doc.genre, "lo": lo, "hi": hi})
                if len(rows) >= ROWS_PER_WRITE:  # a long document's sentences are written a batch at a time
                    with self.engine.begin() as conn:
                        self._write_rows(conn, rows, ent_rows, ev_rows)
                    rows, ent_rows, ev_rows = [], [], []
        self.insert_rows(rows, ent_rows, ev_rows)
        with self.engine.begin() as conn:
            self._set_meta(conn, "fingerprint", self.fingerprint(indexed))
            if vector_model:
                self._set_meta(conn, "embedding_model", vector_model)
            # embeddings of sentences that no longer exist (a document removed or replaced) go
            conn.exec_driver_sql(
                'DELETE FROM search_embedding WHERE NOT EXISTS (SELECT 1 FROM search_sentence s WHERE '
                's.doc_id = search_embedding.doc_id AND s.start = search_embedding.start AND s."end" = search_embedding."end")')
        return sid

    def insert_rows(self, rows: list[dict], ent_rows: list[dict] = (), ev_rows: list[dict] = ()) -> None:
        """Bulk-insert prepared sentence rows (used by rebuild and by the benchmark's generator)."""
        with self.engine.begin() as conn:
            self._write_rows(conn, rows, ent_rows, ev_rows)
            if self.backend == "sqlite":
                conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            self._set_meta(conn, "generation", uuid.uuid4().hex)
        self._vectors = None
        if self.backend == "sqlite":
            self.build_text_index()

    def _write_rows(self, conn: Connection, rows: list[dict], ent_rows: list[dict], ev_rows: list[dict]) -> None:
        if rows:
            conn.execute(text(
                'INSERT INTO search_sentence(id, doc_id, start, "end", text, zone, genre, date_lo, date_hi) '
                "VALUES (:id, :doc_id, :start, :end, :text, :zone, :genre, :lo, :hi)"), rows)
        if ent_rows:
            conn.execute(text("INSERT INTO search_entity(sentence_id, entity_id) VALUES (:s, :e)"), list(ent_rows))
        if ev_rows:
            conn.execute(text("INSERT INTO search_event(sentence_id, event_type, event_id) VALUES (:s, :t, :e)"),
                         list(ev_rows))

    def embed_all(self, batch: int = 256, *, model: str | None = None) -> int:
        """Compute and store embeddings for sentences that have none (new or changed documents only)
        with ``model`` (default: ``FONTES_EMBEDDING_MODEL`` or the static model); returns how many were
        added. Unchanged documents keep their stored vectors, so re-running writes nothing; vectors
        made by another model (a knowledge base built before the model changed) are all replaced,
        since two models' vectors cannot be compared."""
        from fontes.embeddings import default_model, embedder

        name = model or default_model()
        embedder(name)  # a model that cannot load fails here, before anything is deleted
        if self.vector_model() not in (None, name):
            with self.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM search_embedding")
        added = 0
        labelled = False
        missing = ('SELECT s.doc_id, s.start, s."end", s.text FROM search_sentence s LEFT JOIN search_embedding e '
                   'ON e.doc_id = s.doc_id AND e.start = s.start AND e."end" = s."end" WHERE e.doc_id IS NULL '
                   'ORDER BY s.doc_id, s.start, s."end" LIMIT :n')
        while True:
            with self.engine.connect() as conn:
                todo = conn.execute(text(missing), {"n": batch}).all()
            if not todo:
                break
            vecs = embed([r[3] for r in todo], name)
            with self.engine.begin() as conn:
                conn.execute(text('INSERT INTO search_embedding(doc_id, start, "end", vec) VALUES (:d, :s, :e, :v)'),
                             [{"d": r[0], "s": r[1], "e": r[2], "v": vec.astype(EMBEDDING_DTYPE).tobytes()}
                              for r, vec in zip(todo, vecs)])
                if not labelled:
                    self._set_meta(conn, "embedding_model", name)
                    labelled = True
            added += len(todo)
        self._vectors = None
        return added

    def vector_model(self) -> str | None:
        """The model that made the stored vectors (None when there are none). Knowledge bases built
        before the name was kept across rebuilds are recognised by their vectors' length."""
        from fontes.embeddings import MINILM_MODEL, STATIC_MODEL

        if not self.has_vectors():
            return None
        name = self.meta("embedding_model")
        if name:
            return name
        with self.engine.connect() as conn:
            size = conn.execute(text("SELECT length(vec) FROM search_embedding LIMIT 1")).scalar_one()
        return MINILM_MODEL if size == 384 * 4 else STATIC_MODEL

    # -- querying

    def _where(self, filters: Filters | None) -> tuple[str, dict[str, Any]]:
        if filters is None:
            return "", {}
        clauses, params = [], {}
        if filters.doc:
            clauses.append("s.doc_id LIKE :f_doc")
            params["f_doc"] = filters.doc.replace("%", "").replace("_", "\\_") + "%"
            clauses[-1] += " ESCAPE '\\'"
        if filters.genre:
            clauses.append("s.genre = :f_genre")
            params["f_genre"] = filters.genre
        if filters.entity:
            clauses.append("EXISTS (SELECT 1 FROM search_entity x WHERE x.sentence_id = s.id AND x.entity_id = :f_ent)")
            params["f_ent"] = filters.entity
        if filters.event_type:
            clauses.append("EXISTS (SELECT 1 FROM search_event y WHERE y.sentence_id = s.id AND y.event_type = :f_type)")
            params["f_type"] = filters.event_type.upper()
        lo = _filter_bound(filters.date_from, filters.calendar, upper=False)
        hi = _filter_bound(filters.date_to, filters.calendar, upper=True)
        if lo:
            clauses.append("s.date_hi >= :f_lo")
            params["f_lo"] = lo
        if hi:
            clauses.append("s.date_lo <= :f_hi")
            params["f_hi"] = hi
        return "".join(f" AND {c}" for c in clauses), params

    def _fulltext(self, query: str, mode: Mode, filters: Filters | None,
                  limit: int) -> tuple[list[tuple[int, float]], int, str, dict[str, Any] | None]:
        """Ranked (sentence id, score) pairs (lower scores first, like FTS5's bm25()), the match count,
        the FTS expression of the query, and None (every ranking is exact: the slot once told how a
        capped candidate set was ranked).

        Simple-mode queries on SQLite are ranked by the tantivy index (exact BM25 top-k with
        block-max WAND); advanced mode is FTS5 syntax and runs on FTS5, PostgreSQL on its tsvector.
        """
        if self.backend == "sqlite" and mode == "simple":
            index = self.text_index()
            if index is not None:
                return self._tantivy(index, query, filters, limit)
        where, params = self._where(filters)
        if self.backend == "postgresql":
            fn = "websearch_to_tsquery" if mode == "simple" else "to_tsquery"
            sql = (f"SELECT s.id, ts_rank_cd(s.tsv, q) AS score FROM search_sentence s, {fn}('english', :q) q "
                   f"WHERE s.tsv @@ q{where} ORDER BY score DESC, s.id LIMIT :limit")
            count_sql = f"SELECT count(*) FROM search_sentence s, {fn}('english', :q) q WHERE s.tsv @@ q{where}"
            match = query
        else:
            match = to_fts5(query) if mode == "simple" else query
            if where:
                sql = (f"SELECT s.id, bm25(search_fts) AS score FROM search_fts JOIN search_sentence s "
                       f"ON s.id = search_fts.rowid WHERE search_fts MATCH :q{where} ORDER BY score, s.id LIMIT :limit")
                count_sql = (f"SELECT count(*) FROM search_fts JOIN search_sentence s ON s.id = search_fts.rowid "
                             f"WHERE search_fts MATCH :q{where}")
            else:  # no filter: rank and count inside FTS5 alone, without touching the sentence table
                sql = ("SELECT rowid, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH :q "
                       "ORDER BY score LIMIT :limit")
                count_sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH :q"
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(text(sql), {"q": match, "limit": limit, **params}).all()
                total = conn.execute(text(count_sql), {"q": match, **params}).scalar_one()
        except DBAPIError as err:
            detail = str(getattr(err, "orig", err)).strip()
            raise QueryError(
                f"cannot run {mode} query {query!r}: {detail}; "
                + ("check the FTS5 syntax (balanced quotes, AND/OR/NOT between terms, column 'text:')"
                   " or search in simple mode" if mode == "advanced" else "rephrase the query")
            ) from None
        return [(r[0], float(r[1])) for r in rows], int(total), match, None

    def _tantivy(self, index: TextIndex, query: str, filters: Filters | None,
                 limit: int) -> tuple[list[tuple[int, float]], int, str, None]:
        """A simple-mode query ranked by the tantivy index, scores negated to sort like FTS5's bm25()."""
        match = to_fts5(query)
        facets: dict[str, str | None] = {}
        if filters is not None:
            facets = {"entity": filters.entity, "event_type": filters.event_type, "genre": filters.genre,
                      "doc": filters.doc.replace("%", "") if filters.doc else None,
                      "date_lo": _filter_bound(filters.date_from, filters.calendar, upper=False),
                      "date_hi": _filter_bound(filters.date_to, filters.calendar, upper=True)}
        try:
            clauses = parse_query(query)
            ranked, total = index.search(index.query(clauses, **facets), limit,
                                         term=index.single_term(clauses, **facets))
        except ValueError as err:
            raise QueryError(f"cannot run simple query {query!r}: {err}; rephrase the query") from None
        return [(sid, -score) for sid, score in ranked], total, match, None

    # -- the tantivy index beside the database

    def text_index_path(self) -> Path | None:
        """Where the tantivy index of this database lives: beside the SQLite file (None: in memory)."""
        database = self.engine.url.database
        if self.backend != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
            return None
        return Path(database).with_name(Path(database).name + ".search")

    def tables_stamp(self) -> str:
        """The state of the sentence tables: the last write's generation (``insert_rows`` sets it, removing
        documents clears it) and the highest sentence id (rows appended by hand change it)."""
        with self.engine.connect() as conn:
            generation = conn.execute(text("SELECT value FROM search_meta WHERE key = 'generation'")).scalar()
            top = conn.execute(text("SELECT max(id) FROM search_sentence")).scalar()
        return f"{generation or '-'}:{top or 0}"

    def text_index(self) -> TextIndex | None:
        """The tantivy index, open and in step with the tables: opened from its directory, or rebuilt
        from the tables when it is missing or stale (another process wrote, or an older version built
        the knowledge base). None on PostgreSQL, or with ``text_engine="fts5"``."""
        if self.backend != "sqlite" or self.text_engine != "tantivy":
            return None
        with self._text_lock:
            now = time.monotonic()
            if self._text is not None and now - self._text_checked < TEXT_CHECK_SECONDS:
                return self._text
            try:
                stamp = self.tables_stamp()
            except DBAPIError:
                return None  # no sentence tables yet: the SQL path says what is missing
            index = self._text or TextIndex(self.text_index_path())
            if not index.matches(stamp) and not (index.open() and index.matches(stamp)):
                self._build_text_index(index, stamp)
            self._text, self._text_checked = index, time.monotonic()
            return index

    def build_text_index(self, *, progress: bool = False) -> int:
        """Rebuild the tantivy index from the sentence tables; returns how many sentences it holds."""
        with self._text_lock:
            index = self._text or TextIndex(self.text_index_path())
            n = self._build_text_index(index, self.tables_stamp(), progress=progress)
            self._text, self._text_checked = index, time.monotonic()
            return n

    def _build_text_index(self, index: TextIndex, stamp: str, *, progress: bool = False) -> int:
        rows = self._sentence_rows()
        if progress:
            from tqdm import tqdm

            with self.engine.connect() as conn:
                count = conn.execute(text("SELECT count(*) FROM search_sentence")).scalar_one()
            rows = tqdm(rows, total=count, unit=" sentences", desc="text index", mininterval=1.0)
        return index.build(rows, stamp)

    def _sentence_rows(self) -> Iterable[SentenceRow]:
        """Every indexed sentence with its entities and event types: three id-ordered scans merged."""
        raw = self.engine.raw_connection()
        try:
            sentences = raw.cursor().execute(
                "SELECT id, doc_id, text, genre, date_lo, date_hi FROM search_sentence ORDER BY id")
            entities = raw.cursor().execute("SELECT sentence_id, entity_id FROM search_entity ORDER BY sentence_id")
            events = raw.cursor().execute("SELECT sentence_id, event_type FROM search_event ORDER BY sentence_id")
            next_entity, next_event = entities.fetchone(), events.fetchone()
            for sid, doc_id, body, genre, lo, hi in sentences:
                ents: list[str] = []
                while next_entity is not None and next_entity[0] <= sid:
                    if next_entity[0] == sid:
                        ents.append(next_entity[1])
                    next_entity = entities.fetchone()
                types: list[str] = []
                while next_event is not None and next_event[0] <= sid:
                    if next_event[0] == sid:
                        types.append(next_event[1])
                    next_event = events.fetchone()
                yield SentenceRow(sid, doc_id, body, genre, lo, hi, ents, types)
        finally:
            raw.close()

    def _semantic(self, query: str, filters: Filters | None, limit: int) -> list[tuple[int, float]]:
        import numpy as np

        ids, matrix = self._load_vectors()
        if len(ids) == 0:
            return []
        q = embed([query], self.vector_model())[0]
        scores = matrix @ q
        order = np.argsort(-scores)
        where, params = self._where(filters)
        candidates = [(int(ids[i]), float(scores[i])) for i in order[: max(limit * 20, 200)]]
        if not where:
            return candidates[:limit]
        allowed: set[int] = set()
        with self.engine.connect() as conn:
            chunk = [c[0] for c in candidates]
            binds = ",".join(f":i{n}" for n in range(len(chunk)))
            allowed = {r[0] for r in conn.execute(
                text(f"SELECT s.id FROM search_sentence s WHERE s.id IN ({binds}){where}"),
                {**{f"i{n}": v for n, v in enumerate(chunk)}, **params})}
        return [c for c in candidates if c[0] in allowed][:limit]

    def _load_vectors(self):
        import numpy as np

        with self._lock:
            if self._vectors is None:
                with self.engine.connect() as conn:
                    rows = conn.execute(text(
                        'SELECT s.id, e.vec FROM search_sentence s JOIN search_embedding e ON e.doc_id = s.doc_id '
                        'AND e.start = s.start AND e."end" = s."end" ORDER BY s.id')).all()
                ids = np.array([r[0] for r in rows], dtype=np.int64)
                matrix = (np.vstack([np.frombuffer(r[1], dtype=EMBEDDING_DTYPE).astype(np.float32) for r in rows])
                          if rows else np.zeros((0, 0), dtype=np.float32))
                self._vectors = (ids, matrix)
            return self._vectors

    def has_vectors(self) -> bool:
        try:
            with self.engine.connect() as conn:
                return conn.execute(text("SELECT 1 FROM search_embedding LIMIT 1")).first() is not None
        except DBAPIError:
            return False

    def search(self, query: str, *, mode: Mode = "simple", ranking: Ranking = "bm25", filters: Filters | None = None,
               limit: int = 20, offset: int = 0, scope: Scope = "sentences", facets: bool = False) -> SearchResult:
        """Run a query; raises QueryError (never a database error) for a query that cannot run."""
        if not isinstance(query, str) or not query.strip():
            raise QueryError("the query is empty; type a word, a quoted phrase or 'a OR b'")
        if mode not in ("simple", "advanced"):
            raise QueryError(f"mode {mode!r} is unknown; use simple or advanced")
        if ranking not in ("bm25", "semantic", "hybrid"):
            raise QueryError(f"ranking {ranking!r} is unknown; use bm25, semantic or hybrid")
        # The same query is refused by every ranking (issue 11): a lone quote or only exclusions would
        # otherwise give the vectors nothing to rank and 20 arbitrary hits.
        if mode == "simple":
            to_fts5(query)
        elif ranking != "bm25" and not query_words(query):  # advanced BM25: the FTS5 parser says what is wrong
            raise QueryError(f"query {query!r} has no words to search for; type at least one word or a quoted phrase")
        limit = max(1, min(int(limit), 200))
        offset = max(0, int(offset))
        want = (limit + offset) * (5 if scope == "documents" else 1)
        note = None
        fts_query = None
        if ranking in ("semantic", "hybrid") and not self.has_vectors():
            note = ("no embeddings in this knowledge base (it was built with --no-embed or without the embedding "
                    "model; run `fontes search --embed` once); ranked by BM25")
            ranking = "bm25"
        elif ranking in ("semantic", "hybrid") and not _model_available(self.vector_model()):
            note = (f"this knowledge base's embeddings were made with {self.vector_model()}, which cannot be loaded "
                    "here (pip install -e '.[torch]'), or re-embed with the default model: `fontes search --embed`; "
                    "ranked by BM25")
            ranking = "bm25"
        if ranking == "bm25":
            ranked, total, fts_query, _ = self._fulltext(query, mode, filters, want)
        elif ranking == "semantic":
            ranked = self._semantic(query, filters, want)
            total = len(ranked)
        else:
            # In hybrid ranking plain words are OR-ed for the lexical leg (recall), the vectors decide the order.
            plain = mode == "simple" and '"' not in query and not _OPERATORS & set(query.split())
            lexical_query = " OR ".join(query_words(query)) if plain and query_words(query) else query
            try:
                lexical, _, fts_query, _ = self._fulltext(lexical_query, mode, filters, max(want, 50))
            except QueryError:
                if mode == "advanced":
                    raise
                lexical = []
            vector = self._semantic(query, filters, max(want, 50))
            ranked = rrf([lexical, vector])[:want]
            total = len(ranked)
        hits = self._hits(ranked, query)
        sentences_total = total
        if scope == "documents":
            best: dict[str, Hit] = {}
            for hit in hits:
                best.setdefault(hit.doc_id, hit)
            hits = list(best.values())
            total = len(hits) if ranking != "bm25" or total > DOC_COUNT_MAX else self._count_docs(query, mode, filters)
        hits = hits[offset: offset + limit]
        for n, hit in enumerate(hits, start=offset + 1):
            hit.rank = n
        result = SearchResult(query=query, mode=mode, ranking=ranking, total=total, hits=hits,
                              fts_query=fts_query, note=note)
        if scope == "documents" and ranking == "bm25" and sentences_total > DOC_COUNT_MAX:
            # counting the distinct documents of a very common word reads every match: say "at least"
            result.total_estimated = True
            note = (f"{sentences_total} matching sentences; the number of documents shown counts those "
                    "ranked first only")
            result.note = f"{result.note}; {note}" if result.note else note
        if facets:
            result.facets = self.facets(query, mode, filters, [r[0] for r in ranked] if ranking != "bm25" else None)
        return result

    def _count_docs(self, query: str, mode: Mode, filters: Filters | None) -> int:
        if self.backend == "postgresql":
            return len({h for h in self._fulltext(query, mode, filters, 10_000)[0]})
        where, params = self._where(filters)
        match = to_fts5(query) if mode == "simple" else query
        with self.engine.connect() as conn:
            return conn.execute(text(
                "SELECT count(DISTINCT s.doc_id) FROM search_fts JOIN search_sentence s ON s.id = search_fts.rowid "
                f"WHERE search_fts MATCH :q{where}"), {"q": match, **params}).scalar_one()

    def _hits(self, ranked: list[tuple[int, float]], query: str) -> list[Hit]:
        if not ranked:
            return []
        ids = [r[0] for r in ranked]
        binds = ",".join(f":i{n}" for n in range(len(ids)))
        with self.engine.connect() as conn:
            rows = {r[0]: r for r in conn.execute(text(
                f'SELECT id, doc_id, start, "end", text, zone, genre, date_lo, date_hi FROM search_sentence WHERE id IN ({binds})'),
                {f"i{n}": v for n, v in enumerate(ids)})}
        words = query_words(query)
        out = []
        for n, (sid, score) in enumerate(ranked, start=1):
            r = rows.get(sid)
            if r is None:
                continue
            date = r[7] if r[7] == r[8] else (f"{r[7]}/{r[8]}" if r[7] else None)
            out.append(Hit(doc_id=r[1], start=r[2], end=r[3], text=r[4], score=round(score, 6), rank=n, zone=r[5],
                           genre=r[6], date=date, highlights=highlight(r[4], words), sentence_id=sid))
        return out

    def facets(self, query: str, mode: Mode = "simple", filters: Filters | None = None,
               ids: list[int] | None = None, top: int = 10) -> dict[str, list[tuple[str, int]]]:
        """Counts of matching sentences by source, genre, event type and entity."""
        where, params = self._where(filters)
        if ids is not None:
            binds = ",".join(f":i{n}" for n in range(len(ids))) or "NULL"
            base = f"SELECT s.id, s.doc_id, s.genre FROM search_sentence s WHERE s.id IN ({binds})"
            params.update({f"i{n}": v for n, v in enumerate(ids)})
        elif self.backend == "postgresql":
            fn = "websearch_to_tsquery" if mode == "simple" else "to_tsquery"
            base = f"SELECT s.id, s.doc_id, s.genre FROM search_sentence s, {fn}('english', :q) q WHERE s.tsv @@ q{where}"
            params["q"] = query
        else:
            base = ("SELECT s.id, s.doc_id, s.genre FROM search_fts JOIN search_sentence s ON s.id = search_fts.rowid "
                    f"WHERE search_fts MATCH :q{where}")
            params["q"] = to_fts5(query) if mode == "simple" else query
        out: dict[str, list[tuple[str, int]]] = {}
        try:
            with self.engine.connect() as conn:
                for name, sql in (
                    ("source", f"SELECT m.doc_id, count(*) c FROM ({base}) m GROUP BY m.doc_id ORDER BY c DESC LIMIT {top}"),
                    ("genre", f"SELECT m.genre, count(*) c FROM ({base}) m WHERE m.genre IS NOT NULL GROUP BY m.genre ORDER BY c DESC"),
                    ("event_type", (f"SELECT y.event_type, count(DISTINCT m.id) c FROM ({base}) m JOIN search_event y "
                                    f"ON y.sentence_id = m.id GROUP BY y.event_type ORDER BY c DESC LIMIT {top}")),
                    ("entity", (f"SELECT x.entity_id, count(DISTINCT m.id) c FROM ({base}) m JOIN search_entity x "
                                f"ON x.sentence_id = m.id GROUP BY x.entity_id ORDER BY c DESC LIMIT {top}")),
                ):
                    out[name] = [(str(r[0]), int(r[1])) for r in conn.execute(text(sql), params)]
        except DBAPIError as err:
            raise QueryError(f"cannot count facets for {query!r}: {getattr(err, 'orig', err)}") from None
        return out

    def sentence_at(self, doc_id: str, offset: int) -> tuple[int, int] | None:
        """The indexed sentence span containing an offset of a document."""
        with self.engine.connect() as conn:
            row = conn.execute(text('SELECT start, "end" FROM search_sentence WHERE doc_id = :d AND start <= :o '
                                    'AND "end" > :o ORDER BY start DESC LIMIT 1'), {"d": doc_id, "o": offset}).first()
        return (row[0], row[1]) if row else None


def _model_available(name: str | None) -> bool:
    from fontes.embeddings import available

    return name is None or available(name)


def rrf(rankings: Sequence[Sequence[tuple[int, float]]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: score(d) = sum over rankings of 1 / (k + rank of d)."""
    scores: Counter[int] = Counter()
    for ranking in rankings:
        for rank, (item, _) in enumerate(ranking, start=1):
            scores[item] += 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def _stems(words: Sequence[str]) -> set[str]:
    return {w.lower()[: max(4, len(w) - 2)] if len(w) > 5 else w.lower() for w in words}


def highlight(sentence: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Ranges of ``sentence`` where a query word (or a word it prefixes, or shares a stem with) occurs."""
    if not words:
        return []
    stems = _stems(words)
    out = []
    for m in _WORD_RE.finditer(sentence):
        token = m.group(0).lower()
        if any(token.startswith(s) for s in stems):
            out.append((m.start(), m.end()))
    return out


# ---------------------------------------------------------------- the knowledge base's index


def index_for(kb: Any, *, refresh: bool = True) -> SearchIndex:
    """The search index of a KnowledgeBase, rebuilt first when its documents changed since the last build."""
    index = getattr(kb, "_search_index", None)
    if index is None:
        index = SearchIndex(kb.engine)
        kb._search_index = index
    # Comparing the stored documents with the indexed ones reads every document id: do it at most
    # every few seconds, so a busy server pays for it once, and a build is still seen soon after.
    now = time.monotonic()
    if refresh and now - getattr(index, "_checked_at", -1e9) > CHECK_SECONDS:
        if not index.is_current(kb.document_ids()):
            build_index(kb, index)
        index._checked_at = time.monotonic()
    return index


class _SpanWindow:
    """Spans (tuples starting with start, end) sorted by start: those that may overlap a sentence, in
    their original order, without scanning all of a long document's spans for each sentence."""

    def __init__(self, spans: list[tuple]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self.starts = [spans[i][0] for i in self.order]
        self.spans = spans
        self.longest = max((s[1] - s[0] for s in spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple]:
        from bisect import bisect_left

        lo, hi = bisect_left(self.starts, start - self.longest), bisect_left(self.starts, end)
        return [self.spans[i] for i in sorted(self.order[lo:hi])]


def build_index(kb: Any, index: SearchIndex | None = None, *, embeddings: bool = False) -> SearchIndex:
    """(Re)build the sentence index of a KnowledgeBase; ``embeddings`` also computes sentence vectors."""
    index = index or SearchIndex(kb.engine)
    # the documents as rows (text, zones, mentions, events), not as their whole stored JSON (issue 11)
    reader = getattr(kb, "iter_index_documents", None) or kb.iter_documents
    index.rebuild(IndexInput(documents=reader()))
    if embeddings:
        index.embed_all()
    return index


def embed_new(kb: Any) -> int:
    """Bring the index up to date with the stored documents and embed the sentences of new or changed
    documents only (what ``fontes build`` runs after analysing); returns how many were embedded."""
    return index_for(kb).embed_all()


# ---------------------------------------------------------------- command line

import click


@click.command("search")
@click.argument("query")
@click.option("--db", default="fontes.db", show_default=True, envvar="FONTES_DB",
              help="SQLite file or SQLAlchemy URL (postgresql+psycopg://user@host/db).")
@click.option("--mode", type=click.Choice(["simple", "advanced"]), default="simple", show_default=True,
              help="simple: \"phrases\", OR, NOT/-word, prefix*; advanced: raw FTS5 syntax.")
@click.option("--ranking", type=click.Choice(["bm25", "semantic", "hybrid"]), default="bm25", show_default=True)
@click.option("--documents", "by_document", is_flag=True, help="One hit per document instead of per sentence.")
@click.option("--entity", help="Only sentences mentioning this entity (id, name or alias).")
@click.option("--type", "event_type", help="Only sentences reporting an event of this type.")
@click.option("--doc", help="Only this source (document id or id prefix).")
@click.option("--genre", type=click.Choice(["primary", "secondary"]))
@click.option("--from", "date_from", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", metavar="DATE")
@click.option("--calendar", type=click.Choice(["gregorian", "julian"]), default="gregorian", show_default=True,
              help="Calendar of --from/--to.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option("--embed", is_flag=True,
              help="First embed sentences that have no vector yet (fontes build does this unless --no-embed), "
                   "with FONTES_EMBEDDING_MODEL or the static model; vectors of another model are replaced.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def search_command(query: str, db: str, mode: str, ranking: str, by_document: bool, entity: str | None,
                   event_type: str | None, doc: str | None, genre: str | None, date_from: str | None,
                   date_to: str | None, calendar: str, limit: int, embed: bool, as_json: bool) -> None:
    """Search the sentences of the sources.

    \b
    Examples:
      fontes search '"wireless message"'
      fontes search 'armistice -treaty' --from 1917-11 --to 1917-12 --calendar julian
      fontes search 'dismissed from his post' --ranking hybrid
    """
    import json as _json
    from dataclasses import asdict
    from pathlib import Path

    from fontes.errors import FontesError
    from fontes.store import KnowledgeBase

    if "://" not in db and not Path(db).exists():
        raise click.ClickException(f"{db}: no knowledge base here; build one first: fontes build PATH --db {db}")
    try:
        kb = KnowledgeBase.open(db)
        index = index_for(kb)
        if embed:
            from fontes.embeddings import default_model

            click.echo(f"embedded {index.embed_all()} sentence(s) with {default_model()}", err=True)
        if entity:
            found = kb.entity(entity)
            if found is None:
                raise QueryError(f"no entity {entity!r}; list them with: fontes entities --db {db}")
            entity = found.id
        filters = Filters(doc=doc, entity=entity, event_type=event_type, genre=genre, date_from=date_from,
                          date_to=date_to, calendar=calendar)  # type: ignore[arg-type]
        result = index.search(query, mode=mode, ranking=ranking, filters=filters, limit=limit,  # type: ignore[arg-type]
                              scope="documents" if by_document else "sentences")
    except FontesError as err:
        raise click.ClickException(str(err)) from err
    names = {r["id"]: r for r in kb.document_rows()}
    if as_json:
        click.echo(_json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    if result.note:
        click.echo(f"note: {result.note}", err=True)
    click.echo(f"{result.total} match(es) for {query!r} ({result.ranking})")
    for hit in result.hits:
        row = names.get(hit.doc_id, {})
        click.echo(f"\n{hit.rank}. {row.get('short_citation') or row.get('name') or hit.doc_id}"
                   f"{' · ' + hit.date if hit.date else ''}")
        click.echo("   " + " ".join(hit.text.split()))

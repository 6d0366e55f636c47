"""Full-text ranking with tantivy: exact BM25 top-k (block-max WAND) over the indexed sentences.

The SQLite tables of ``fontes.search`` stay the record (sentence text, offsets, entities, events,
dates); this module keeps a tantivy index derived from them in a directory beside the database
file (``fontes.db`` -> ``fontes.db.search/``), or in memory for an in-memory database. Each tantivy
document is one sentence: its id, its text (stemmed like the FTS5 table: lower case, accents
folded, Porter/Snowball English stems), and the facets a query can filter on (entity ids, event
types, genre, document id, Gregorian date bounds as YYYYMMDD integers).

The index carries a stamp (``STAMP_FILE``) naming the state of the tables it was built from; the
search module compares it with the tables' stamp and rebuilds the directory from the tables when
it is missing or stale, so a knowledge base built by an older version, or changed by another
process, is brought in step on its next search.

Queries are built from the parsed simple syntax (``fontes.search.parse_query``) as query objects,
never as query-parser text, so nothing a user types reaches a parser.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy

STAMP_FILE = "fontes-stamp.txt"
SCHEMA_VERSION = "1"  # bump when the schema or the analyzers change: older directories are rebuilt
WRITER_HEAP = 256_000_000
TEXT_ANALYZER = "fontes_en"
PREFIX_ANALYZER = "fontes_fold"


@dataclass
class Term:
    """One term of a parsed query: its words (several: a phrase) and whether the last is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass
class Clause:
    """Terms that must all match (AND) and terms that must not (NOT); a query is an OR of clauses."""

    must: list[Term]
    must_not: list[Term]


@dataclass
class SentenceRow:
    """What the index stores of one sentence."""

    id: int
    doc_id: str
    text: str
    genre: str | None = None
    date_lo: str | None = None
    date_hi: str | None = None
    entities: Sequence[str] = ()
    event_types: Sequence[str] = ()


def _analyzer(stem: bool) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
    builder = builder.filter(tantivy.Filter.ascii_fold())
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


_TEXT = _analyzer(stem=True)
_FOLD = _analyzer(stem=False)


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("text", stored=False, tokenizer_name=TEXT_ANALYZER, index_option="position")
    for name in ("entity", "event_type", "genre", "doc"):
        sb.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("lo", stored=False, indexed=True, fast=True)
    sb.add_integer_field("hi", stored=False, indexed=True, fast=True)
    return sb.build()


def day_number(iso: str | None) -> int | None:
    """An ISO day (YYYY-MM-DD, a leading minus for years BCE) as a sortable integer YYYYMMDD, or None."""
    if not iso:
        return None
    sign = -1 if iso.startswith("-") else 1
    parts = iso.lstrip("-+").split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
    except ValueError:
        return None
    return sign * year * 10_000 + month * 100 + day


def _regex_literal(value: str) -> str:
    """A regex matching ``value`` literally: every character but letters and digits as \\x{...}."""
    return "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in value)


class TextIndex:
    """A tantivy index of sentences at ``path`` (None: in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.schema = _schema()
        self._index: tantivy.Index | None = None
        self._searcher: tantivy.Searcher | None = None
        self.stamp: str | None = None

    # -- opening and building

    def _register(self, index: tantivy.Index) -> tantivy.Index:
        index.register_tokenizer(TEXT_ANALYZER, _TEXT)
        index.register_tokenizer(PREFIX_ANALYZER, _FOLD)
        return index

    def stored_stamp(self) -> str | None:
        """The stamp the directory was built with (None: no complete index there)."""
        if self.path is None:
            return self.stamp if self._index is not None else None
        try:
            return (self.path / STAMP_FILE).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def matches(self, stamp: str) -> bool:
        """Whether the open index was built from tables in the state ``stamp``."""
        return self._searcher is not None and self.stamp == f"{SCHEMA_VERSION}:{stamp}"

    def open(self) -> bool:
        """Open the index on disk; False when there is none (or none of this schema version)."""
        stamp = self.stored_stamp()
        if stamp is None or not stamp.startswith(SCHEMA_VERSION + ":"):
            return False
        if self.path is not None:
            try:
                self._index = self._register(tantivy.Index(self.schema, path=str(self.path), reuse=True))
            except (OSError, ValueError):
                return False
        self._searcher = self._index.searcher() if self._index is not None else None
        self.stamp = stamp
        return self._searcher is not None

    def build(self, rows: Iterable[SentenceRow], stamp: str, *, threads: int = 0) -> int:
        """Write every row into a fresh index and swap it in place of the old one; returns the count.

        The new index is written to a sibling directory and renamed over the old one only when it
        is complete, so a reader never opens half an index, and a failed build leaves the old one.
        """
        stamp = f"{SCHEMA_VERSION}:{stamp}"
        target = None
        if self.path is not None:
            target = self.path.with_name(f"{self.path.name}.tmp-{uuid.uuid4().hex[:8]}")
            target.mkdir(parents=True)
        index = self._register(tantivy.Index(self.schema, path=str(target) if target else None, reuse=False))
        threads = threads or min(2, os.cpu_count() or 1)
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=threads)
        n = 0
        try:
            for row in rows:
                doc = tantivy.Document()
                doc.add_unsigned("id", row.id)
                doc.add_text("text", row.text)
                doc.add_text("doc", row.doc_id)
                if row.genre:
                    doc.add_text("genre", row.genre)
                for entity in row.entities:
                    doc.add_text("entity", entity)
                for event_type in row.event_types:
                    doc.add_text("event_type", event_type.upper())
                lo, hi = day_number(row.date_lo), day_number(row.date_hi)
                if lo is not None and hi is not None:
                    doc.add_integer("lo", lo)
                    doc.add_integer("hi", hi)
                writer.add_document(doc)
                n += 1
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            if target is not None:
                shutil.rmtree(target, ignore_errors=True)
            raise
        if target is not None and self.path is not None:
            (target / STAMP_FILE).write_text(stamp, encoding="utf-8")
            old = self.path.with_name(f"{self.path.name}.old-{uuid.uuid4().hex[:8]}")
            if self.path.exists():
                self.path.rename(old)
            target.rename(self.path)
            shutil.rmtree(old, ignore_errors=True)
            self._index = self._register(tantivy.Index(self.schema, path=str(self.path), reuse=True))
        else:
            self._index = index
        self._index.reload()
        self._searcher = self._index.searcher()
        self.stamp = stamp
        return n

    def remove(self) -> None:
        """Delete the index directory (the tables stay; the next search rebuilds it)."""
        self._index = self._searcher = None
        self.stamp = None
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)

    # -- querying

    def _term_query(self, term: Term) -> tantivy.Query:
        if term.prefix:
            head = [t for w in term.words[:-1] for t in _TEXT.analyze(w)]
            tail = _FOLD.analyze(term.words[-1])
            if not tail:
                return tantivy.Query.empty_query()
            if not head and len(tail) == 1:
                return tantivy.Query.regex_query(self.schema, "text", _regex_literal(tail[0]) + ".*")
            return tantivy.Query.phrase_prefix_query(self.schema, "text", head + tail)
        tokens = [t for w in term.words for t in _TEXT.analyze(w)]
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, "text", tokens[0], index_option="freq")
        return tantivy.Query.phrase_query(self.schema, "text", tokens)

    def _filter_queries(self, *, entity: str | None = None, event_type: str | None = None, genre: str | None = None,
                        doc: str | None = None, date_lo: str | None = None,
                        date_hi: str | None = None) -> list[tantivy.Query]:
        """Filters as unscored (constant 0) queries, so BM25 scores are those of the text alone."""
        out = []
        for field, value in (("entity", entity), ("event_type", event_type and event_type.upper()), ("genre", genre)):
            if value:
                out.append(tantivy.Query.term_query(self.schema, field, value))
        if doc:
            out.append(tantivy.Query.regex_query(self.schema, "doc", _regex_literal(doc) + ".*"))
        lo, hi = day_number(date_lo), day_number(date_hi)
        if lo is not None:  # the sentence's latest possible day is on or after the filter's first
            out.append(tantivy.Query.range_query(self.schema, "hi", tantivy.FieldType.Integer, lo, None))
        if hi is not None:
            out.append(tantivy.Query.range_query(self.schema, "lo", tantivy.FieldType.Integer, None, hi))
        return [tantivy.Query.const_score_query(q, 0.0) for q in out]

    def query(self, clauses: Sequence[Clause], **filters: str | None) -> tantivy.Query:
        """The tantivy query of parsed clauses (OR of AND/NOT chains) and facet filters."""
        parts = []
        for clause in clauses:
            subs = [(tantivy.Occur.Must, self._term_query(t)) for t in clause.must]
            subs += [(tantivy.Occur.MustNot, self._term_query(t)) for t in clause.must_not]
            parts.append(subs[0][1] if len(subs) == 1 else tantivy.Query.boolean_query(subs))
        text_query = parts[0] if len(parts) == 1 else tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, p) for p in parts])
        filter_queries = self._filter_queries(**filters)
        if not filter_queries:
            return text_query
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, text_query)]
                                           + [(tantivy.Occur.Must, q) for q in filter_queries])

    def single_term(self, clauses: Sequence[Clause], **filters: str | None) -> str | None:
        """The one indexed term of a one-word query without filters (its match count is its document
        frequency, read from the term dictionary instead of counted), else None."""
        if len(clauses) != 1 or any(filters.values()):
            return None
        clause = clauses[0]
        if len(clause.must) != 1 or clause.must_not or clause.must[0].prefix:
            return None
        tokens = [t for w in clause.must[0].words for t in _TEXT.analyze(w)]
        return tokens[0] if len(tokens) == 1 else None

    def search(self, query: tantivy.Query, limit: int, *, count: bool = True,
               term: str | None = None) -> tuple[list[tuple[int, float]], int]:
        """The best ``limit`` (sentence id, BM25 score) pairs, best first, and how many sentences match
        (``term``: the query is that one term, counted by its document frequency; the index is always
        rebuilt whole, never deleted from, so the frequency is exact)."""
        if self._searcher is None:
            raise RuntimeError("the text index is not open")
        searcher = self._searcher
        if term is not None:
            ranked, _ = self.search(query, limit, count=False)
            return ranked, int(searcher.doc_freq("text", term))
        found = searcher.search(query, limit=limit, count=False)
        ids = searcher.fast_field_values("id", [addr for _, addr in found.hits]) if found.hits else []
        ranked = [(int(i), float(score)) for (score, _), i in zip(found.hits, ids)]
        # ties in score broken by sentence id, like the SQL paths
        ranked.sort(key=lambda r: (-r[1], r[0]))
        total = len(ranked)
        if count and (len(ranked) >= limit):
            total = int(searcher.search(query, limit=1, count=True).count)
        return ranked, total

    def num_docs(self) -> int:
        return self._searcher.num_docs if self._searcher is not None else 0

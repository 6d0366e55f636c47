"""Store: the knowledge base of documents, annotations and corpus results (SQLite or PostgreSQL).

``KnowledgeBase.open("fontes.db")`` opens (and migrates with Alembic) a SQLite file;
``KnowledgeBase.open("postgresql+psycopg://user@host/db")`` a PostgreSQL database with the same
code. Writes are deterministic: every row is derived from the documents and the corpus, ids
come from content, and no row carries a timestamp, so building the same folder twice leaves
the database byte-for-byte unchanged in content (``kb.dump()`` shows it).

    kb = KnowledgeBase.open("fontes.db")
    kb.save_documents(docs)            # upsert per document (content hash); a changed file replaces its old version
    kb.save_corpus(corpus)             # replaces the cross-document tables
    kb.chronology(entity="...", date_from="1917-11", calendar="gregorian")
"""

from __future__ import annotations

import calendar as _calendar
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from fontes.errors import StoreError
from fontes.model import (
    Box,
    Citation,
    Claim,
    Conflict,
    Corpus,
    CorpusEvent,
    Document,
    DualDate,
    Entity,
    Event,
    Mark,
    Mention,
    Page,
    Role,
    Timex,
    Zone,
)

if TYPE_CHECKING:
    from fontes.corrections import Decision

MIGRATIONS = Path(__file__).with_name("migrations")

metadata = sa.MetaData()


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # sha256 of the source bytes
    sa.Column("path", sa.Text, nullable=False),  # as the document was read
    sa.Column("source", sa.Text, nullable=False, index=True),  # resolved path: a changed file replaces its old version
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("media_type", sa.String(100)),
    sa.Column("encoding", sa.String(50)),
    sa.Column("genre", sa.String(20)),
    sa.Column("calendar", sa.String(20)),
    sa.Column("calendar_reason", sa.Text),
    sa.Column("calendar_confidence", sa.Float),
    sa.Column("place", sa.Text),
    sa.Column("citation", _json()),
    sa.Column("csl", _json()),
    sa.Column("short_citation", sa.Text),
    sa.Column("dct_gregorian", sa.String(40)),
    sa.Column("dct_julian", sa.String(40)),
    sa.Column("dct_as_written", sa.Text),
    sa.Column("html_meta", _json()),
    sa.Column("data", _json(), nullable=False),  # the whole Document as saved (after resolve), less its text
    sa.Column("analysis", _json(), nullable=False),  # the Document as the per-document stages left it (before resolve)
    sa.Column("data_hash", sa.String(64), nullable=False),  # digest of data: unchanged documents are not rewritten
)

zones = sa.Table(
    "zones", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("rule", sa.Text),
)

timexes = sa.Table(
    "timexes", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("value", sa.String(80), nullable=False),
    sa.Column("gregorian", sa.String(80)),
    sa.Column("julian", sa.String(80)),
    sa.Column("mod", sa.String(20)),
    sa.Column("calendar", sa.String(20)),
    sa.Column("calendar_reason", sa.Text),
    sa.Column("confidence", sa.Float),
    sa.Column("anchor", sa.String(80)),
    sa.Column("zone", sa.String(20)),
    sa.Column("gregorian_start", sa.String(10), index=True),
    sa.Column("gregorian_end", sa.String(10)),
)

mentions = sa.Table(
    "mentions", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("label", sa.String(20), nullable=False),
    sa.Column("entity_id", sa.String(200), index=True),
    sa.Column("zone", sa.String(20)),
    sa.Column("source", sa.String(20)),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("authority", _json()),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("doc_ids", _json()),
    sa.Column("mention_count", sa.Integer),
    sa.Column("curated", _json()),  # field -> the correction that set it
)

aliases = sa.Table(
    "aliases", metadata,
    sa.Column("entity_id", sa.String(200), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("alias", sa.Text, nullable=False, index=True),
)

roles = sa.Table(
    "roles", metadata,
    sa.Column("entity_id", sa.String(200), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("start", sa.String(40)),
    sa.Column("end", sa.String(40)),
    sa.Column("doc_id", sa.String(64)),
    sa.Column("evidence", sa.Text),
)

events = sa.Table(
    "events", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("id", sa.String(200), nullable=False, index=True),
    sa.Column("type", sa.String(40), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("trigger", sa.Text),
    sa.Column("actors", _json()),
    sa.Column("targets", _json()),
    sa.Column("place", sa.String(200)),
    sa.Column("when_gregorian", sa.String(80)),
    sa.Column("when_julian", sa.String(80)),
    sa.Column("when_as_written", sa.Text),
    # First and last day the date can mean, ISO yyyy-mm-dd, for range queries in either calendar.
    sa.Column("gregorian_start", sa.String(10), index=True),
    sa.Column("gregorian_end", sa.String(10)),
    sa.Column("julian_start", sa.String(10), index=True),
    sa.Column("julian_end", sa.String(10)),
    sa.Column("timex_index", sa.Integer),
    sa.Column("modality", sa.String(20)),
    sa.Column("channel", sa.Text),
    sa.Column("zone", sa.String(20)),
    sa.Column("confidence", sa.Float),
    sa.Column("links", _json()),
    sa.Column("curated", _json()),
)

event_participants = sa.Table(
    "event_participants", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("event_idx", sa.Integer, primary_key=True),
    sa.Column("role", sa.String(10), primary_key=True),  # actor | target | place
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("entity_id", sa.String(200), nullable=False, index=True),
)

corpus_events = sa.Table(
    "corpus_events", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("when_gregorian", sa.String(80)),
    sa.Column("when_julian", sa.String(80)),
    sa.Column("when_as_written", sa.Text),
    sa.Column("gregorian_start", sa.String(10), index=True),
    sa.Column("gregorian_end", sa.String(10)),
    sa.Column("julian_start", sa.String(10)),
    sa.Column("julian_end", sa.String(10)),
    sa.Column("reasoning", sa.Text),
    sa.Column("actors", _json()),
    sa.Column("targets", _json()),
    sa.Column("place", sa.String(200)),
    sa.Column("curated", _json()),
)

claims = sa.Table(
    "claims", metadata,
    sa.Column("parent", sa.String(200), primary_key=True),  # corpus event id, or conflict id
    sa.Column("parent_kind", sa.String(10), primary_key=True),  # report | conflict
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("doc_id", sa.String(64), nullable=False, index=True),
    sa.Column("event_id", sa.String(200), nullable=False),
    sa.Column("says", sa.Text),
    sa.Column("evidence", sa.Text, nullable=False),
)

conflicts = sa.Table(
    "conflicts", metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # digest of about + claims
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("about", sa.String(200), nullable=False, index=True),
    sa.Column("diagnosis", sa.String(40), nullable=False),
    sa.Column("explanation", sa.Text, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("curated", _json()),  # {"status": {...}}: explained or settled by a user, with a note
)

decisions = sa.Table(
    "decisions", metadata,  # the user's corrections (fontes.corrections), never touched by a build
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(40), nullable=False, index=True),
    sa.Column("target", _json(), nullable=False),  # anchors: content hash, file name, passage offsets and text
    sa.Column("change", _json(), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False, default=""),
    sa.Column("created", sa.String(40), nullable=False),
    sa.Column("undone", sa.String(40)),
    sa.Column("status", sa.String(20)),  # applied | orphaned, after the last build
    sa.Column("note", sa.Text),  # why it was orphaned, or what it did not find
    sa.Column("touched", _json()),  # entity, event, conflict or document ids it applied to
)

pages = sa.Table(
    "pages", metadata,  # where each page of a PDF, scan or OCR file is in the text (issue 14)
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("label", sa.String(40), nullable=False),
    sa.Column("image", sa.Text),
)

witnesses = sa.Table(
    "witnesses", metadata,  # copies, reprints and versions of one text (fontes.witnesses), rewritten by resolve
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("text_id", sa.String(64), nullable=False, index=True),  # the id of the text's leading witness
)

resolve_keys = sa.Table(
    "resolve_keys", metadata,  # each resolved document's blocking keys (fontes.incremental)
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(300), primary_key=True),
    sa.Column("active", sa.Boolean, nullable=False),  # links the documents holding the key (else only answers)
    sa.Index("ix_resolve_keys_key", "key"),
)

resolve_state = sa.Table(
    "resolve_state", metadata,  # what the last resolve depended on besides the documents (settings)
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

document_sections = sa.Table(
    "document_sections", metadata,  # a long document's annotations, a section at a time (issue 11)
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(10), primary_key=True),  # data (as resolved) | analysis (as analysed)
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer),  # the span of the text its annotations fall in
    sa.Column("end", sa.Integer),
    sa.Column("data", _json(), nullable=False),  # {"timexes": [...], "mentions": [...], "events": [...]}
)

DOCUMENT_TABLES = (zones, timexes, mentions, events, event_participants, pages)
CORPUS_TABLES = (entities, aliases, roles, corpus_events, claims, conflicts, witnesses)


# ---------------------------------------------------------------- TIMEX values as day ranges

_SEASONS = {"SP": ("03-01", "05-31"), "SU": ("06-01", "08-31"), "FA": ("09-01", "11-30"), "AU": ("09-01", "11-30"),
            "WI": ("12-01", "02-28")}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _last_day(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """First and last ISO day a TIMEX3 value can denote: '1917-11' -> ('1917-11-01', '1917-11-30').

    Ranges 'a/b' span both ends; centuries ('19') and decades ('191') their years; seasons their
    months; times and parts of day ('1917-11-07TNI') their day. Durations, sets and
    PRESENT_REF-like values have no range.
    """
    if not value:
        return None, None
    if "/" in value:
        first, _, last = value.partition("/")
        return date_range(first)[0], date_range(last)[1]
    if re.fullmatch(r"\d{2}", value):  # century
        return f"{value}00-01-01", f"{value}99-12-31"
    if re.fullmatch(r"\d{3}", value):  # decade
        return f"{value}0-01-01", f"{value}9-12-31"
    season = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", value)
    if season:
        year, code = season.groups()
        lo, hi = _SEASONS[code]
        return f"{year}-{lo}", (f"{int(year) + 1}-{hi}" if code == "WI" else f"{year}-{hi}")
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if quarter:
        year, q = int(quarter.group(1)), int(quarter.group(2))
        return f"{year:04d}-{3 * q - 2:02d}-01", f"{year:04d}-{3 * q:02d}-{_last_day(year, 3 * q):02d}"
    match = _DATE.match(value)
    if not match:
        return None, None
    year, month, day = match.groups()
    try:
        if day:
            return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
        if month and 1 <= int(month) <= 12:
            return f"{year}-{month}-01", f"{year}-{month}-{_last_day(int(year), int(month)):02d}"
    except ValueError:
        return None, None
    return f"{year}-01-01", f"{year}-12-31"


_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_problem(value: str, calendar: str | None = None) -> str | None:
    """Why a user's date bound is not a date in ``calendar`` ('month 13 does not exist'), or None.

    Julian years divisible by 4 are all leap years (29 February 1900 is a Julian date and not a
    Gregorian one); with no calendar given, a day is accepted if either calendar has it.
    """
    match = _BOUND.fullmatch(value.strip())
    if not match:
        return "not a date"
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"month {month} does not exist"
    if day is not None:
        leap = year % 4 == 0 if calendar in (None, "julian") else _calendar.isleap(year)
        last = 29 if month == 2 and leap else _last_day(2001 if month == 2 else year, month)
        if not 1 <= day <= last:
            return f"day {day} does not exist in month {month} of {year}" + (
                f" in the {calendar} calendar" if calendar else "")
    return None


def bound(value: str, *, upper: bool) -> str:
    """A user's date bound ('1917', '1917-11', '1917-11-07') as an ISO day, the first or last it covers."""
    problem = date_problem(value)
    lo, hi = date_range(value.strip())
    if problem or lo is None or hi is None:
        raise StoreError(f"date {value!r}: {problem or 'not a date'}; write it as YYYY, YYYY-MM or YYYY-MM-DD")
    return hi if upper else lo


# ---------------------------------------------------------------- rows <-> model objects

def _pick(obj: Any, table: sa.Table, **extra: Any) -> dict[str, Any]:
    """The dataclass fields of obj that are columns of table, plus extra columns."""
    row = {f.name: getattr(obj, f.name) for f in fields(obj) if f.name in table.c}
    row.update(extra)
    return row


def _build(cls: type, row: Any) -> Any:
    mapping = row._mapping
    return cls(**{f.name: mapping[f.name] for f in fields(cls) if f.name in mapping})


def _dual(prefix: str, date: DualDate | None) -> dict[str, Any]:
    if date is None:
        return {f"{prefix}_gregorian": None, f"{prefix}_julian": None, f"{prefix}_as_written": None}
    return {f"{prefix}_gregorian": date.gregorian, f"{prefix}_julian": date.julian,
            f"{prefix}_as_written": date.as_written}


def _undual(prefix: str, row: Any) -> DualDate | None:
    m = row._mapping
    g, j, w = m[f"{prefix}_gregorian"], m[f"{prefix}_julian"], m[f"{prefix}_as_written"]
    return None if g is None and j is None and w is None else DualDate(g, j, w)


def _ranges(date: DualDate | None) -> dict[str, str | None]:
    g = date_range(date.gregorian if date else None)
    # Outside the dual-calendar era the Julian column carries the Gregorian range, so a
    # query "in the Julian calendar" still finds events after the switch (Russia 1918).
    j = date_range(date.julian) if date and date.julian else g
    return {"gregorian_start": g[0], "gregorian_end": g[1], "julian_start": j[0], "julian_end": j[1]}


_NESTED: dict[type, dict[str, tuple[type, bool]]] = {
    Document: {"zones": (Zone, True), "citation": (Citation, False), "dct": (DualDate, False),
               "timexes": (Timex, True), "mentions": (Mention, True), "events": (Event, True),
               "entities": (Entity, True), "pages": (Page, True), "boxes": (Box, True), "marks": (Mark, True)},
    Citation: {"date": (DualDate, False)},
    Event: {"when": (DualDate, False)},
    Entity: {"roles": (Role, True)},
}


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a model dataclass (and the ones nested in it) from ``dataclasses.asdict`` output."""
    if isinstance(data, cls):  # built already, while its JSON was parsed (_loads_model)
        return data
    nested = _NESTED.get(cls, {})
    kwargs = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name in nested and value is not None:
            inner, many = nested[f.name]
            value = [from_dict(inner, v) for v in value] if many else from_dict(inner, value)
        kwargs[f.name] = value
    return cls(**kwargs)


# the annotation classes a stored document's JSON holds, by their full set of field names (asdict writes all)
_BY_FIELDS: dict[frozenset[str], type] = {
    frozenset(f.name for f in fields(c)): c
    for c in {inner for nested in _NESTED.values() for inner, _ in nested.values()}}


INTERN_CHARS = 40  # parsed string values up to this length are interned: labels, kinds, entity ids, names


def _interned(value: Any) -> Any:
    """A short string as the one interned copy; a list of strings (actors, aliases) likewise, item by item."""
    if type(value) is str:
        return sys.intern(value) if len(value) <= INTERN_CHARS else value
    if type(value) is list and value and type(value[0]) is str:
        return [_interned(v) for v in value]
    return value


def _as_model(obj: dict[str, Any]) -> Any:
    cls = _BY_FIELDS.get(frozenset(obj))
    if cls is None:
        return obj
    # the JSON parser makes a new string for every value: a book's 10^5 mentions would hold 10^5 copies
    # of "PER", "body" or one entity id; one shared copy each keeps a long document's objects smaller
    return from_dict(cls, {key: _interned(value) for key, value in obj.items()})


def _loads_model(text: str) -> dict[str, Any]:
    """A stored document's JSON, each annotation made a model object as soon as it is parsed: a long
    document's JSON is never one tree of dicts beside its objects (issue 11)."""
    return json.loads(text, object_hook=_as_model)


def document_from_dict(data: dict[str, Any], text: str | None = None) -> Document:
    """A Document from ``asdict(doc)`` output (``text`` given separately when the dict lacks it)."""
    if text is not None:
        data = {**data, "text": text}
    return from_dict(Document, data)


def document_data(doc: Document) -> dict[str, Any]:
    """``asdict(doc)`` without the text (stored once, in its own column)."""
    data = asdict(doc)
    data.pop("text", None)
    return data


def document_json(doc: Document) -> "_Json":
    """``document_data(doc)`` as JSON text, the same text ``_json_dumps`` gives, made one annotation at a
    time: a long document's hundreds of thousands of annotations are never one tree of dicts (issue 11)."""
    shallow = {f.name: getattr(doc, f.name) for f in fields(doc) if f.name != "text"}
    return _Json(json.dumps(shallow, sort_keys=True, ensure_ascii=False, default=_as_dict))


# A document whose text is longer than this is stored as its sections (issue 11): its documents row holds
# the document without its time expressions, mentions and events, and a document_sections record holds
# those of each section of SECTION_ITEMS annotations (each list's next run, in order), each made, written
# and read on its own, so neither saving nor loading a book ever makes its annotations one JSON text.
SECTION_CHARS = 100_000
SECTION_ITEMS = 2000
SECTIONED = ("events", "mentions", "timexes")


def is_sectioned(doc: Document) -> bool:
    return len(doc.text) > SECTION_CHARS


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=_as_dict)


def sectioned_json(doc: Document) -> tuple["_Json", Iterator[tuple[int | None, int | None, "_Json"]]]:
    """A long document as stored: the documents row's JSON (its lists of SECTIONED empty, with the count
    of its sections and the digest of ``document_json(doc)``, computed a piece at a time), and its
    sections' (start, end, JSON), each made when the iterator reaches it."""
    shallow = {f.name: getattr(doc, f.name) for f in fields(doc) if f.name != "text"}
    digest = hashlib.sha256()
    for n, key in enumerate(sorted(shallow)):  # the pieces of document_json(doc)'s text, in its order
        digest.update((("{" if n == 0 else ", ") + json.dumps(key, ensure_ascii=False) + ": ").encode())
        if key in SECTIONED:
            digest.update(b"[")
            for i, item in enumerate(shallow[key]):
                digest.update(((", " if i else "") + _dumps(item)).encode())
            digest.update(b"]")
        else:
            digest.update(_dumps(shallow[key]).encode())
    digest.update(b"}" if shallow else b"{}")
    count = max(1, *(-(-len(shallow[k]) // SECTION_ITEMS) for k in SECTIONED))
    main = {**{k: v for k, v in shallow.items() if k not in SECTIONED}, **{k: [] for k in SECTIONED},
            "sections": count, "digest": digest.hexdigest()}
    return _Json(_dumps(main)), _section_records(shallow, count)


def _section_records(shallow: dict[str, Any], count: int) -> Iterator[tuple[int | None, int | None, "_Json"]]:
    for idx in range(count):
        part = {k: shallow[k][idx * SECTION_ITEMS:(idx + 1) * SECTION_ITEMS] for k in SECTIONED}
        spans = [(x.start, x.end) for k in SECTIONED for x in part[k]]
        yield (min((a for a, _ in spans), default=None), max((b for _, b in spans), default=None),
               _Json(_dumps(part)))


def stored_digest(data: Any) -> str:
    """The digest of a stored document's JSON (``data`` or ``analysis``, parsed or as text): a sectioned
    document's row keeps the digest of its whole JSON."""
    parsed = json.loads(data) if isinstance(data, str) else data
    if isinstance(parsed, dict) and "sections" in parsed and "digest" in parsed:
        return parsed["digest"]
    return _digest(data)


class _Json(str):
    """JSON text already made (``document_json``): stored and hashed as it is, never encoded again."""


def _as_dict(obj: Any) -> dict[str, Any]:
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def _json_dumps(obj: Any) -> str:
    if isinstance(obj, _Json):
        return obj
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


DIGEST_CHUNK = 1 << 20  # characters of JSON encoded and hashed at a time


def _digest(obj: Any) -> str:
    """sha256 of the JSON text, encoded a chunk at a time: a long document's JSON is never held twice."""
    text = _json_dumps(obj)
    digest = hashlib.sha256()
    for start in range(0, len(text), DIGEST_CHUNK):
        digest.update(text[start:start + DIGEST_CHUNK].encode())
    return digest.hexdigest()


def _source_key(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, ValueError):  # ValueError: a NUL byte, from a user's lookup key
        return path


# ---------------------------------------------------------------- chronology rows

@dataclass
class Source:
    """One document's report of an event in the chronology."""

    doc_id: str
    doc: str
    citation: str | None
    evidence: str
    event_id: str
    start: int
    end: int
    says: str | None = None
    page: str | None = None  # the page of a paginated source the evidence is on ("12")


@dataclass
class ChronologyRow:
    """One line of the chronology: a happening, its date in both calendars and who reports it."""

    id: str
    type: str
    gregorian: str | None
    julian: str | None
    gregorian_start: str | None
    gregorian_end: str | None
    julian_start: str | None
    julian_end: str | None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: str | None = None
    modality: str = "asserted"
    channel: str | None = None
    zone: str = "body"
    corpus_event: str | None = None
    reasoning: str | None = None
    curated: dict[str, Any] = field(default_factory=dict)  # field -> the correction that set it (who, when, why)
    sources: list[Source] = field(default_factory=list)

    def dual_date(self) -> str:
        """The date as people write it: '22 November 1917 (O.S. 9 November)', 'night of 6 November 1917'."""
        from fontes.dates import dual

        return dual(self.gregorian, self.julian)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "date": self.dual_date()}


# ---------------------------------------------------------------- the knowledge base

class KnowledgeBase:
    """Documents, their annotations and the corpus results in one SQL database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url_or_path: str | Path = "fontes.db", *, migrate: bool = True) -> "KnowledgeBase":
        """Open a SQLite file (path) or any SQLAlchemy URL, creating and migrating its tables."""
        url = str(url_or_path)
        if "://" not in url:
            path = Path(url)
            if path.exists() and path.is_dir():
                raise StoreError(f"{path}: is a folder; pass a database file such as {path / 'fontes.db'}")
            if not path.parent.exists():
                raise StoreError(f"{path}: folder {path.parent} does not exist; create it or pass another --db")
            url = f"sqlite:///{path}"
        try:
            engine = sa.create_engine(url, json_serializer=_json_dumps, future=True)
            if migrate:
                upgrade(engine)
        except StoreError:
            raise
        except Exception as err:  # noqa: BLE001 - any driver error means the same to the user
            raise StoreError(f"{url_or_path}: cannot open the database ({err.__class__.__name__}: {err}); "
                             "check the path or URL and that the server is running") from err
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def own_files(self) -> tuple[set[Path], list[Path]]:
        """The knowledge base's own files and folders (SQLite file, its journal, lock and search index), so
        that a build of the folder holding them reads none of them as a source; nothing for a server."""
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:" or database.startswith("file:"):
            return set(), []
        path = Path(database).resolve()
        files = {path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal", ".lock"))}
        return files, [Path(f"{path}.search")]

    @contextmanager
    def resolve_lock(self) -> Iterator[None]:
        """Hold the knowledge base's resolve lock: one resolve at a time, across processes and machines.

        Builds may analyse and save documents side by side, but a resolve reads the stored corpus,
        then replaces the rows it decided; two at once would each miss what the other saved. On
        PostgreSQL a session advisory lock (released if the process dies), on a SQLite file an
        exclusive ``flock`` on ``<file>.lock`` beside it (the same); an in-memory database has
        one process and needs none.
        """
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_RESOLVE})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_RESOLVE})
                    conn.commit()
            return
        with _sqlite_file_lock(self.engine):
            yield

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ writes

    def save(self, corpus: Corpus) -> None:
        """Save the corpus's documents and its cross-document results in one transaction."""
        with self.engine.begin() as conn:
            self._save_documents(conn, corpus.documents)
            self._save_corpus(conn, corpus)

    def save_documents(self, docs: Iterable[Document]) -> list[str]:
        """Upsert documents as they are; returns the ids written (unchanged documents are left alone).

        A document whose content hash is stored keeps its row unless its annotations changed;
        a document from a path that holds another version replaces that version.
        """
        with self.engine.begin() as conn:
            return self._save_documents(conn, docs)

    def save_analyses(self, docs: Iterable[Document]) -> list[str]:
        """Upsert documents as the per-document stages left them (before resolve).

        ``analysed_documents()`` returns these, so resolving the stored corpus again starts
        from the same input every time.
        """
        with self.engine.begin() as conn:
            return self._save_documents(conn, docs, analysis=True)

    def save_corpus(self, corpus: Corpus) -> None:
        """Replace the cross-document tables (entities, aliases, roles, corpus events, claims, conflicts)."""
        with self.engine.begin() as conn:
            self._save_corpus(conn, corpus)

    def delete_document(self, doc_id: str) -> None:
        with self.engine.begin() as conn:
            self._delete_document(conn, doc_id)

    def remove_documents(self, keys: Iterable[str]) -> list[dict[str, Any]]:
        """Remove documents (by id, id prefix, file name or path) and every row only they supported.

        Goes in one transaction: the documents' own rows (zones, timexes, mentions, events), their
        claims, the merged events, conflicts and entities no remaining document supports, their
        rows in the search index and their sentence embeddings. Returns ``{"id", "name", "path"}``
        of each document removed; raises StoreError naming a key that matches no document, before
        removing anything. The corpus tables still need resolving again (``fontes.build.remove``
        does both), so merged events and conflicts are recomputed from the documents that remain.
        """
        with self.engine.begin() as conn:
            rows = []
            for key in keys:
                row = self._find_document(conn, key)
                if row is None:
                    raise StoreError(f"{key}: no such document; give its id, an id prefix (6+ characters), its "
                                     "file name or its path (GET /api/documents lists them)")
                if row.id not in {r.id for r in rows}:
                    rows.append(row)
            ids = [r.id for r in rows]
            for doc_id in ids:
                self._delete_document(conn, doc_id)
            if ids:
                self._delete_unsupported(conn, ids)
                _delete_search_rows(conn, ids)
        return [{"id": r.id, "name": r.name, "path": r.path} for r in rows]

    def _delete_unsupported(self, conn: Connection, ids: list[str]) -> None:
        """Claims of the removed documents, and merged events, conflicts and entities left with no support."""
        touched = sa.select(claims.c.parent).where(claims.c.parent_kind == "conflict", claims.c.doc_id.in_(ids))
        touched = [r.parent for r in conn.execute(touched)]
        conn.execute(claims.delete().where(claims.c.doc_id.in_(ids)))
        conn.execute(witnesses.delete().where(witnesses.c.doc_id.in_(ids)))
        left = sa.select(claims.c.parent).where(claims.c.parent_kind == "report")
        conn.execute(corpus_events.delete().where(corpus_events.c.id.not_in(left)))
        # a conflict needs two claims; with one left it is no disagreement any more
        standing = (sa.select(claims.c.parent).where(claims.c.parent_kind == "conflict")
                    .group_by(claims.c.parent).having(sa.func.count() >= 2))
        for start in range(0, len(touched), 500):  # a one-claim conflict elsewhere (a consistency check) stays
            part = touched[start:start + 500]
            conn.execute(claims.delete().where(claims.c.parent_kind == "conflict", claims.c.parent.in_(part),
                                               claims.c.parent.not_in(standing)))
            conn.execute(conflicts.delete().where(conflicts.c.id.in_(part), conflicts.c.id.not_in(standing)))
        gone = set(ids)
        orphans = [r.id for r in conn.execute(sa.select(entities.c.id, entities.c.doc_ids))
                   if set(r.doc_ids or []) <= gone]
        for table, column in ((aliases, aliases.c.entity_id), (roles, roles.c.entity_id), (entities, entities.c.id)):
            for start in range(0, len(orphans), 500):
                conn.execute(table.delete().where(column.in_(orphans[start:start + 500])))

    def stored_sources(self) -> list[dict[str, str]]:
        """Id, name, path and resolved source path of every stored document, in source order."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                sa.select(documents.c.id, documents.c.name, documents.c.path, documents.c.source)
                .order_by(documents.c.source, documents.c.id))]

    def _delete_document(self, conn: Connection, doc_id: str, *, keep_row: bool = False) -> None:
        for table in DOCUMENT_TABLES:
            conn.execute(table.delete().where(table.c.doc_id == doc_id))
        if not keep_row:
            conn.execute(documents.delete().where(documents.c.id == doc_id))
            conn.execute(document_sections.delete().where(document_sections.c.doc_id == doc_id))

    def _save_documents(self, conn: Connection, docs: Iterable[Document], *, analysis: bool = False) -> list[str]:
        written = []
        for doc in docs:
            source = _source_key(doc.path)
            parts: Iterator[tuple[int | None, int | None, _Json]] = iter(())
            if is_sectioned(doc):  # a book: its row and its sections' records, never one JSON text
                data, parts = sectioned_json(doc)
                data_hash = stored_digest(data)
            else:
                data = document_json(doc)
                data_hash = _digest(data)
            # A changed file at the same path replaces its old version.
            for (old_id,) in conn.execute(sa.select(documents.c.id).where(
                    documents.c.source == source, documents.c.id != doc.id)).all():
                self._delete_document(conn, old_id)
            # the stored analysis is read (and its JSON parsed) only when it may be replaced
            current = conn.execute(sa.select(documents.c.data_hash, documents.c.analysis if analysis else sa.null())
                                   .where(documents.c.id == doc.id)).first()
            if current is not None:
                # Same content (perhaps from another path): keep the first path; rewrite only what changed.
                update: dict[str, Any] = {}
                kinds = []
                if analysis and stored_digest(current.analysis) != data_hash:
                    update["analysis"] = data
                    kinds.append("analysis")
                if current.data_hash != data_hash:
                    update.update(_document_columns(doc, data, data_hash))
                    kinds.append("data")
                if update:
                    conn.execute(documents.update().where(documents.c.id == doc.id).values(**update))
                _write_sections(conn, doc.id, kinds, parts)
                if current.data_hash == data_hash:
                    continue
                self._delete_document(conn, doc.id, keep_row=True)
            else:
                conn.execute(documents.insert(), [{"id": doc.id, "path": doc.path, "source": source,
                                                   "name": doc.name, "text": doc.text, "analysis": data,
                                                   **_document_columns(doc, data, data_hash)}])
                _write_sections(conn, doc.id, ["analysis", "data"], parts)
            _insert(conn, zones, (_pick(z, zones, doc_id=doc.id, idx=i) for i, z in enumerate(doc.zones)))
            _insert(conn, pages, (_pick(p, pages, doc_id=doc.id, idx=i) for i, p in enumerate(doc.pages)))
            _insert(conn, timexes, (_timex_row(doc.id, i, t) for i, t in enumerate(doc.timexes)))
            _insert(conn, mentions, (_pick(m, mentions, doc_id=doc.id, idx=i) for i, m in enumerate(doc.mentions)))
            _insert(conn, events, (_event_row(doc.id, i, e) for i, e in enumerate(doc.events)))
            _insert(conn, event_participants, (p for i, e in enumerate(doc.events) for p in _participants(doc.id, i, e)))
            written.append(doc.id)
        return written

    def _save_corpus(self, conn: Connection, corpus: Corpus) -> None:
        for table in CORPUS_TABLES:
            conn.execute(table.delete())
        self._insert_corpus(conn, corpus)
        _renumber_conflicts(conn)

    def _insert_corpus(self, conn: Connection, corpus: Corpus) -> None:
        seen: set[str] = set()
        entity_rows, alias_rows, role_rows = [], [], []
        for entity in corpus.entities:
            if entity.id in seen:
                raise StoreError(f"entity id {entity.id!r} occurs twice in the corpus; resolve must give unique ids")
            seen.add(entity.id)
            row, names, held = entity_rows_of(entity)
            entity_rows.append(row)
            alias_rows += names
            role_rows += held
        _insert(conn, entities, entity_rows)
        _insert(conn, aliases, alias_rows)
        _insert(conn, roles, role_rows)
        event_rows, claim_rows = [], []
        for ev in corpus.events:
            event_rows.append({"id": ev.id, "type": ev.type, **_dual("when", ev.when), **_ranges(ev.when),
                               "reasoning": ev.reasoning, "actors": ev.actors, "targets": ev.targets, "place": ev.place,
                               "curated": ev.curated or None})
            claim_rows += [_pick(c, claims, parent=ev.id, parent_kind="report", idx=i) for i, c in enumerate(ev.reported_by)]
        _insert(conn, corpus_events, event_rows)
        conflict_rows = []
        for n, conflict in enumerate([*corpus.conflicts, *corpus.variants]):  # variants: kind "variant"
            cid = conflict_id(conflict)
            conflict_rows.append(_pick(conflict, conflicts, id=cid, idx=n))
            claim_rows += [_pick(c, claims, parent=cid, parent_kind="conflict", idx=i) for i, c in enumerate(conflict.claims)]
        _insert(conn, conflicts, conflict_rows)
        _insert(conn, claims, claim_rows)
        shared = {t for d, t in corpus.witnesses.items() if d != t}  # texts with more than one witness
        _insert(conn, witnesses, [{"doc_id": d, "text_id": t} for d, t in sorted(corpus.witnesses.items()) if t in shared])

    # ------------------------------------------------------------ incremental resolve (fontes.incremental)

    def analysed_documents_of(self, ids: Iterable[str]) -> list[Document]:
        """The documents with these ids as the per-document stages left them, in file-name order."""
        ids = sorted(set(ids))
        out = []
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                rows = conn.execute(sa.select(*_without(documents.c.data)).where(documents.c.id.in_(ids[start:start + 500])))
                out += [(row.name, row.id, self._rebuild(conn, row, analysis=True)) for row in rows]
        return [doc for _, _, doc in sorted(out, key=lambda x: (x[0], x[1]))]

    def link_documents(self) -> list[Document]:
        """Every stored document as the entity linker reads it, in file-name order: only its mentions,
        local entities, creation date, citation and time expressions, taken from the stored analysis
        without its text, events or zones (the first level of an incremental resolve)."""
        a = documents.c.analysis
        parts = ("mentions", "entities", "dct", "citation", "timexes")
        out = []
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(documents.c.id, documents.c.path, *(a[p].label(p) for p in parts),
                                          a["sections"].label("sections"))
                                .order_by(documents.c.name, documents.c.id)).all()
            for row in rows:
                data = {"id": row.id, "path": row.path, "text": ""}
                data.update({p: _parsed(getattr(row, p)) for p in parts if getattr(row, p) is not None})
                if row.sections is not None:  # a long document: its mentions and time expressions by section
                    for k in ("mentions", "timexes"):
                        data[k] = []
                    for part in _read_sections(conn, row.id, "analysis"):
                        for k in ("mentions", "timexes"):
                            data[k].extend(part.get(k) or [])
                out.append(from_dict(Document, data))
        return out

    def resolved_links(self) -> dict[str, tuple[list[str | None], list[dict[str, Any]]]]:
        """Document id -> the global entity id of each of its mentions and its entities, as the last resolve
        stored them (what the entity linker gave the document)."""
        out: dict[str, tuple[list[str | None], list[dict[str, Any]]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(documents.c.id, documents.c.data["entities"].label("entities"))):
                out[row.id] = ([], _parsed(row.entities) or [])
            for row in conn.execute(sa.select(mentions.c.doc_id, mentions.c.entity_id)
                                    .order_by(mentions.c.doc_id, mentions.c.idx)):
                if row.doc_id in out:
                    out[row.doc_id][0].append(row.entity_id)
        return out

    def entity_rows(self) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]]:
        """Entity id -> its stored rows (entity, aliases, roles) in the form ``entity_rows_of`` makes them."""
        out: dict[str, tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(entities)):
                out[row.id] = (dict(row._mapping), [], [])
            for row in conn.execute(sa.select(aliases).order_by(aliases.c.entity_id, aliases.c.idx)):
                out.setdefault(row.entity_id, ({}, [], []))[1].append(dict(row._mapping))
            for row in conn.execute(sa.select(roles).order_by(roles.c.entity_id, roles.c.idx)):
                out.setdefault(row.entity_id, ({}, [], []))[2].append(dict(row._mapping))
        return out

    def resolve_keys(self) -> dict[str, dict[str, bool]]:
        """Document id -> its blocking keys (key -> whether it links), as the last resolve stored them."""
        out: dict[str, dict[str, bool]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(resolve_keys.c.doc_id, resolve_keys.c.key, resolve_keys.c.active)):
                out.setdefault(row.doc_id, {})[row.key] = bool(row.active)
        return out

    def resolved_counts(self) -> dict[str, int]:
        """Documents, global entities, documents' events and conflicts (variants apart) in the knowledge base."""
        with self.engine.connect() as conn:
            def count(table: sa.Table, *where: Any) -> int:
                return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()
            return {"documents": count(documents), "entities": count(entities), "events": count(events),
                    "conflicts": count(conflicts, conflicts.c.kind != "variant")}

    def resolve_key_documents(self) -> set[str]:
        """The documents the last resolve stored keys for."""
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(sa.select(resolve_keys.c.doc_id).distinct())}

    def resolve_keys_of(self, ids: Iterable[str]) -> dict[str, dict[str, bool]]:
        """Document id -> its stored keys (key -> active), for these documents."""
        ids, out = sorted(set(ids)), {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                for row in conn.execute(sa.select(resolve_keys).where(resolve_keys.c.doc_id.in_(ids[start:start + 500]))):
                    out.setdefault(row.doc_id, {})[row.key] = bool(row.active)
        return out

    def resolve_key_holders(self, keys: Iterable[str]) -> dict[str, dict[str, bool]]:
        """Key -> the documents holding it (document -> active), for those of keys some document holds actively."""
        keys, out = sorted(set(keys)), {}
        with self.engine.connect() as conn:
            for start in range(0, len(keys), 500):
                part = keys[start:start + 500]
                live = [r[0] for r in conn.execute(sa.select(resolve_keys.c.key).distinct()
                                                   .where(resolve_keys.c.key.in_(part), resolve_keys.c.active))]
                for first in range(0, len(live), 500):
                    for row in conn.execute(sa.select(resolve_keys).where(resolve_keys.c.key.in_(live[first:first + 500]))):
                        out.setdefault(row.key, {})[row.doc_id] = bool(row.active)
        return out

    def resolve_state(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {r.name: r.value for r in conn.execute(sa.select(resolve_state))}

    def save_resolved(self, corpus: Corpus, keys: dict[str, dict[str, bool]], state: dict[str, str], *,
                      replace: Iterable[str] | None = None, gone: Iterable[str] = (),
                      stale_entities: Iterable[str] | None = None) -> None:
        """Save a resolve in one transaction: its documents, its corpus rows and the documents' keys.

        ``replace=None``: the corpus is the whole knowledge base (every corpus row is rewritten);
        else it is the resolve of these documents only (whole components, see fontes.incremental):
        the corpus rows that name them or the ``gone`` documents are replaced and the rest kept.
        ``stale_entities`` (with ``replace``): the entities were linked over every document, and only
        the entities with these ids are deleted and ``corpus.entities`` written (the changed ones).
        """
        with self.engine.begin() as conn:
            self._save_documents(conn, corpus.documents)
            if replace is None:
                self._save_corpus(conn, corpus)
                conn.execute(resolve_keys.delete())
            else:
                touched = sorted(set(replace) | set(gone))
                self._delete_corpus_rows(conn, touched, with_entities=stale_entities is None)
                if stale_entities is not None:
                    _delete_entities(conn, sorted(set(stale_entities)))
                self._insert_corpus(conn, corpus)
                _renumber_conflicts(conn)
                rekeyed = sorted(set(keys) | set(gone))
                for start in range(0, len(rekeyed), 500):
                    conn.execute(resolve_keys.delete().where(resolve_keys.c.doc_id.in_(rekeyed[start:start + 500])))
            _insert(conn, resolve_keys, [{"doc_id": d, "key": k, "active": a}
                                         for d, mine in sorted(keys.items()) for k, a in sorted(mine.items())])
            conn.execute(resolve_state.delete())
            if conn.execute(sa.select(documents.c.id).limit(1)).first() is not None:  # an empty base keeps no state
                _insert(conn, resolve_state, [{"name": k, "value": v} for k, v in sorted(state.items())])

    def _delete_corpus_rows(self, conn: Connection, doc_ids: list[str], *, with_entities: bool = True) -> None:
        """The corpus rows (entities, merged events, conflicts, variants, witnesses) that name these documents."""
        wanted = set(doc_ids)
        parents: dict[str, set[str]] = {"report": set(), "conflict": set()}
        for start in range(0, len(doc_ids), 500):
            part = doc_ids[start:start + 500]
            for row in conn.execute(sa.select(claims.c.parent, claims.c.parent_kind).where(claims.c.doc_id.in_(part))):
                parents[row.parent_kind].add(row.parent)
            conn.execute(witnesses.delete().where(witnesses.c.doc_id.in_(part)))
        names = {r.entity_id for r in conn.execute(sa.select(roles.c.entity_id, roles.c.doc_id)) if r.doc_id in wanted}
        names |= {r.id for r in conn.execute(sa.select(entities.c.id, entities.c.doc_ids))
                  if set(r.doc_ids or []) & wanted}
        for kind, table in (("report", corpus_events), ("conflict", conflicts)):
            ids = sorted(parents[kind])
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                conn.execute(claims.delete().where(claims.c.parent_kind == kind, claims.c.parent.in_(part)))
                conn.execute(table.delete().where(table.c.id.in_(part)))
        if with_entities:
            _delete_entities(conn, sorted(names))

    # ------------------------------------------------------------ corrections (decisions)

    def add_decision(self, decision: "Decision") -> int:
        """Store a user's correction (fontes.corrections.Decision); returns its id."""
        row = {"kind": decision.kind, "target": decision.target, "change": decision.change,
               "author": decision.author, "reason": decision.reason or "", "created": decision.created}
        with self.engine.begin() as conn:
            decision.id = int(conn.execute(decisions.insert().values(**row)).inserted_primary_key[0])
        return decision.id

    def decisions(self, *, include_undone: bool = True) -> list["Decision"]:
        """Every correction in the order it was made (undone ones too unless ``include_undone`` is False)."""
        from fontes.corrections import Decision

        query = sa.select(decisions).order_by(decisions.c.id)
        if not include_undone:
            query = query.where(decisions.c.undone.is_(None))
        with self.engine.connect() as conn:
            return [Decision(kind=r.kind, target=dict(r.target), change=dict(r.change), author=r.author,
                             reason=r.reason, created=r.created, id=r.id, undone=r.undone)
                    for r in conn.execute(query)]

    def decision_rows(self) -> list[dict[str, Any]]:
        """Every correction with what the last build did with it (status, note, ids it touched)."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(decisions).order_by(decisions.c.id))]

    def undo_decision(self, decision_id: int, when: str) -> bool:
        """Mark a correction undone (it stays in the history); False when there is no such live one."""
        with self.engine.begin() as conn:
            done = conn.execute(decisions.update().where(decisions.c.id == decision_id, decisions.c.undone.is_(None))
                                .values(undone=when))
            return done.rowcount > 0

    def record_outcomes(self, outcomes: Iterable[Any]) -> None:
        """Write what the last build did with each correction: applied or orphaned, and what it touched."""
        with self.engine.begin() as conn:
            for o in outcomes:
                conn.execute(decisions.update().where(decisions.c.id == o.decision.id).values(
                    status="applied" if o.applied else "orphaned", note=o.note or None, touched=o.touched))

    # ------------------------------------------------------------ reads: documents

    def document_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(documents.c.id).order_by(documents.c.name, documents.c.id)).scalars())

    def documents(self) -> list[Document]:
        """Every stored document, rebuilt with all its annotations, in file-name order."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*_without(documents.c.analysis)).order_by(documents.c.name, documents.c.id))
            return [self._rebuild(conn, row) for row in rows]

    def iter_documents(self, batch: int = 16) -> Iterator[Document]:
        """Every stored document, rebuilt, one at a time in file-name order: memory holds a batch of
        documents, not the corpus (the search index is rebuilt from this, issues 11 and 15). Each
        batch is read on a connection of its own, closed before the document is handed on."""
        with self.engine.connect() as conn:
            ids = list(conn.execute(sa.select(documents.c.id).order_by(documents.c.name, documents.c.id)).scalars())
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            with self.engine.connect() as conn:
                rows = {row.id: row for row in conn.execute(
                    sa.select(*_without(documents.c.analysis)).where(documents.c.id.in_(chunk)))}
            for doc_id in chunk:
                row = rows.pop(doc_id, None)
                if row is not None:  # removed since the ids were read
                    yield self._rebuild(None, row)

    INDEX_BATCH_CHARS = 1_000_000  # characters of text read together by iter_index_documents

    def iter_index_documents(self, batch: int = 16) -> Iterator[Document]:
        """Every stored document as the search index reads it, one at a time in file-name order: its
        text, genre, dates, zones, mentions and events, rebuilt from their rows (which hold what the
        resolved document holds), never from the document's whole JSON: a book's annotations are then
        light objects of a few fields, not one tree of every field (issue 11). Documents are read a
        batch at a time (at most ``batch`` of them and about INDEX_BATCH_CHARS of text)."""
        with self.engine.connect() as conn:
            sizes = conn.execute(sa.select(documents.c.id, sa.func.length(documents.c.text))
                                 .order_by(documents.c.name, documents.c.id)).all()
        chunk: list[str] = []
        size = 0
        for n, (doc_id, length) in enumerate(sizes):
            chunk.append(doc_id)
            size += length or 0
            if len(chunk) >= batch or size >= self.INDEX_BATCH_CHARS or n == len(sizes) - 1:
                yield from self._index_documents(chunk)
                chunk, size = [], 0

    def _index_documents(self, ids: list[str]) -> Iterator[Document]:
        cols = (documents.c.id, documents.c.path, documents.c.name, documents.c.text, documents.c.genre,
                documents.c.citation, documents.c.dct_gregorian, documents.c.dct_julian, documents.c.dct_as_written)
        with self.engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(sa.select(*cols).where(documents.c.id.in_(ids)))}
            found: dict[str, Document] = {}
            for doc_id, row in rows.items():
                citation = from_dict(Citation, row.citation) if row.citation else Citation()
                found[doc_id] = Document(id=row.id, path=row.path, text=row.text, genre=row.genre,
                                         citation=citation, dct=_undual("dct", row))
            for r in conn.execute(sa.select(zones).where(zones.c.doc_id.in_(ids)).order_by(zones.c.doc_id, zones.c.idx)):
                if r.doc_id in found:
                    found[r.doc_id].zones.append(Zone(r.start, r.end, r.kind, r.rule))
            for r in conn.execute(sa.select(mentions.c.doc_id, mentions.c.start, mentions.c.end, mentions.c.label,
                                            mentions.c.entity_id).where(mentions.c.doc_id.in_(ids))
                                  .order_by(mentions.c.doc_id, mentions.c.idx)):
                if r.doc_id in found:
                    found[r.doc_id].mentions.append(Mention(r.start, r.end, "", _interned(r.label), _interned(r.entity_id)))
            for r in conn.execute(sa.select(events.c.doc_id, events.c.id, events.c.type, events.c.start, events.c.end,
                                            events.c.when_gregorian, events.c.when_julian, events.c.when_as_written)
                                  .where(events.c.doc_id.in_(ids)).order_by(events.c.doc_id, events.c.idx)):
                if r.doc_id in found:
                    found[r.doc_id].events.append(Event(id=r.id, type=_interned(r.type), start=r.start, end=r.end,
                                                        evidence="", when=_undual("when", r), doc_id=r.doc_id))
        rows.clear()
        for doc_id in ids:
            doc = found.pop(doc_id, None)
            if doc is not None:  # removed since the ids were read
                yield doc

    def document_rows(self) -> list[dict[str, Any]]:
        """A light listing: id, name, path, genre, calendar, short citation and counts."""
        cols = [documents.c.id, documents.c.name, documents.c.path, documents.c.genre, documents.c.calendar,
                documents.c.short_citation, documents.c.dct_gregorian, documents.c.dct_julian]
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(*cols).order_by(documents.c.name))]

    def document(self, id_or_name: str) -> Document | None:
        """One document by id, id prefix (≥ 6 characters), file name or path."""
        with self.engine.connect() as conn:
            row = self._find_document(conn, id_or_name)
            return None if row is None else self._rebuild(conn, row)

    def _find_document(self, conn: Connection, key: str) -> Any:
        for cond in (documents.c.id == key, documents.c.name == key, documents.c.path == key,
                     documents.c.source == _source_key(key)):
            row = conn.execute(sa.select(documents).where(cond).order_by(documents.c.id)).first()
            if row is not None:
                return row
        if len(key) >= 6:
            return conn.execute(sa.select(documents).where(documents.c.id.startswith(key, autoescape=True))
                                .order_by(documents.c.id)).first()
        return None

    def _rebuild(self, conn: Connection | None, row: Any, *, analysis: bool = False) -> Document:
        data = row.analysis if analysis else row.data
        data = _loads_model(data) if isinstance(data, str) else data
        data = _join_sections(conn, self.engine, row.id, "analysis" if analysis else "data", data)
        doc = document_from_dict(data, row.text)
        doc.path = row.path
        return doc

    def analysed_documents(self) -> list[Document]:
        """Every stored document as the per-document stages left it (before resolve), in file-name order."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*_without(documents.c.data)).order_by(documents.c.name, documents.c.id))
            return [self._rebuild(conn, row, analysis=True) for row in rows]

    def corpus(self) -> Corpus:
        """Everything stored, as a Corpus: documents (after resolve), entities, merged events, conflicts."""
        return Corpus(documents=self.documents(), entities=self.entities(), events=self.corpus_events(),
                      conflicts=self.conflicts(), variants=self.variants(), witnesses=self.witnesses())

    # ------------------------------------------------------------ reads: entities

    def entities(self, *, type: str | None = None) -> list[Entity]:
        """Every corpus entity with aliases and roles, most mentioned first."""
        query = sa.select(entities).order_by(entities.c.mention_count.desc(), entities.c.name, entities.c.id)
        if type:
            query = query.where(entities.c.type == type.upper())
        with self.engine.connect() as conn:
            return [self._entity(conn, r) for r in conn.execute(query).all()]

    def entity(self, name_or_id: str) -> Entity | None:
        """One entity by id, canonical name or alias (case-insensitive), else None."""
        key = name_or_id.strip()
        with self.engine.connect() as conn:
            for query in (sa.select(entities).where(entities.c.id == key),
                          sa.select(entities).where(sa.func.lower(entities.c.name) == key.lower()),
                          sa.select(entities).join(aliases, aliases.c.entity_id == entities.c.id)
                          .where(sa.func.lower(aliases.c.alias) == key.lower())):
                row = conn.execute(query.order_by(entities.c.mention_count.desc(), entities.c.id)).first()
                if row is not None:
                    return self._entity(conn, row)
        return None

    def _entity(self, conn: Connection, row: Any) -> Entity:
        entity = _build(Entity, row)
        entity.authority = dict(entity.authority or {})
        entity.doc_ids = list(entity.doc_ids or [])
        entity.curated = dict(entity.curated or {})
        entity.aliases = list(conn.execute(sa.select(aliases.c.alias).where(aliases.c.entity_id == entity.id)
                                           .order_by(aliases.c.idx)).scalars())
        entity.roles = [_build(Role, r) for r in conn.execute(
            sa.select(roles).where(roles.c.entity_id == entity.id).order_by(roles.c.idx)).all()]
        return entity

    def mentions_of(self, entity_id: str, *, context: int = 60) -> list[dict[str, Any]]:
        """Every mention of an entity with its document, zone and the text around it."""
        query = (sa.select(mentions, documents.c.name, documents.c.text.label("doc_text"), documents.c.short_citation)
                 .join(documents, documents.c.id == mentions.c.doc_id)
                 .where(mentions.c.entity_id == entity_id)
                 .order_by(documents.c.name, mentions.c.start))
        out = []
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                m = r._mapping
                text = m["doc_text"]
                out.append({"doc_id": m["doc_id"], "doc": m["name"], "citation": m["short_citation"],
                            "text": m["text"], "label": m["label"], "zone": m["zone"],
                            "start": m["start"], "end": m["end"],
                            "before": text[max(0, m["start"] - context):m["start"]].replace("\n", " "),
                            "after": text[m["end"]:m["end"] + context].replace("\n", " ")})
        return out

    # ------------------------------------------------------------ reads: events and chronology

    def events(self, *, doc: str | None = None, types: Sequence[str] | None = None) -> list[Event]:
        """Document events (optionally of one document or some types), in document then text order."""
        query = sa.select(events).order_by(events.c.doc_id, events.c.idx)
        if doc:
            with self.engine.connect() as conn:
                row = self._find_document(conn, doc)
            if row is None:
                return []
            query = query.where(events.c.doc_id == row.id)
        if types:
            query = query.where(events.c.type.in_([t.upper() for t in types]))
        out = []
        with self.engine.connect() as conn:
            keys = [(r.doc_id, r.idx) for r in conn.execute(query.with_only_columns(events.c.doc_id, events.c.idx))]
            data = {r.id: _join_sections(conn, self.engine, r.id, "data", r.data) for r in conn.execute(
                sa.select(documents.c.id, documents.c.data).where(documents.c.id.in_({d for d, _ in keys})))}
        for doc_id, idx in keys:  # rebuilt from the stored Document, so every field of Event comes back
            ev = from_dict(Event, data[doc_id]["events"][idx])
            ev.doc_id = ev.doc_id or doc_id
            out.append(ev)
        return out

    def corpus_events(self) -> list[CorpusEvent]:
        with self.engine.connect() as conn:
            out = []
            for r in conn.execute(sa.select(corpus_events).order_by(corpus_events.c.gregorian_start, corpus_events.c.id)):
                m = r._mapping
                ev = CorpusEvent(**{f.name: m[f.name] for f in fields(CorpusEvent) if f.name in m},
                                 when=_undual("when", r))
                ev.reported_by = self._claims(conn, ev.id, "report")
                ev.curated = dict(ev.curated or {})
                out.append(ev)
            return out

    def _claims(self, conn: Connection, parent: str, kind: str) -> list[Claim]:
        return [_build(Claim, r) for r in conn.execute(
            sa.select(claims).where(claims.c.parent == parent, claims.c.parent_kind == kind).order_by(claims.c.idx))]

    def conflicts(self, *, variants: bool = False) -> list[Conflict]:
        """Where sources disagree, one record per happening; with ``variants``, where witnesses of one
        text read differently instead (kind "variant")."""
        kind = conflicts.c.kind == "variant" if variants else conflicts.c.kind != "variant"
        with self.engine.connect() as conn:
            out = []
            for r in conn.execute(sa.select(conflicts).where(kind).order_by(conflicts.c.idx)):
                out.append(Conflict(about=r.about, claims=self._claims(conn, r.id, "conflict"),
                                    diagnosis=r.diagnosis, explanation=r.explanation, kind=r.kind,
                                    curated=dict(r.curated or {})))
            return out

    def variants(self) -> list[Conflict]:
        """Where copies, reprints or versions of one text read differently (a changed date)."""
        return self.conflicts(variants=True)

    def witnesses(self) -> dict[str, str]:
        """Document id -> the id of the text it is a witness of, for texts stored in several witnesses."""
        with self.engine.connect() as conn:
            return {r.doc_id: r.text_id for r in conn.execute(sa.select(witnesses).order_by(witnesses.c.doc_id))}

    def chronology(self, *, entity: str | None = None, date_from: str | None = None, date_to: str | None = None,
                   calendar: str = "gregorian", types: Sequence[str] | None = None,
                   include_undated: bool = False) -> list[ChronologyRow]:
        """Events in date order, one row per happening (reports merged by resolve), each with its sources.

        Args:
            entity: an entity id, name or alias; keeps events it takes part in (actor, target or place).
            date_from, date_to: YYYY, YYYY-MM or YYYY-MM-DD in ``calendar``; keeps events whose
                date range overlaps [date_from, date_to].
            calendar: 'gregorian' (N.S.) or 'julian' (O.S.) for the bounds.
            types: event types to keep.
            include_undated: keep events without a date (at the end).
        """
        if calendar not in ("gregorian", "julian"):
            raise StoreError(f"calendar {calendar!r}: use 'gregorian' or 'julian'")
        lo = bound(date_from, upper=False) if date_from else None
        hi = bound(date_to, upper=True) if date_to else None
        wanted_types = {t.upper() for t in types} if types else None
        entity_id = None
        if entity:
            found = self.entity(entity)
            if found is None:
                return []
            entity_id = found.id
        with self.engine.connect() as conn:
            doc_rows = {r.id: r for r in conn.execute(sa.select(documents.c.id, documents.c.name,
                                                                documents.c.short_citation))}
            merged: dict[tuple[str, str], str] = {}
            corpus_rows = {r.id: r for r in conn.execute(sa.select(corpus_events))}
            for c in conn.execute(sa.select(claims).where(claims.c.parent_kind == "report")
                                  .order_by(claims.c.parent, claims.c.idx)):
                merged.setdefault((c.doc_id, c.event_id), c.parent)
            says = {(c.doc_id, c.event_id): c.says for c in conn.execute(
                sa.select(claims).where(claims.c.parent_kind == "report"))}
            page_spans: dict[str, list[tuple[int, int, str]]] = {}
            for p in conn.execute(sa.select(pages).order_by(pages.c.doc_id, pages.c.idx)):
                page_spans.setdefault(p.doc_id, []).append((p.start, p.end, p.label))
            rows: dict[str, ChronologyRow] = {}
            for r in conn.execute(sa.select(events).order_by(events.c.doc_id, events.c.idx)):
                doc = doc_rows[r.doc_id]
                page = _page_label(page_spans.get(r.doc_id, ()), r.start)
                citation = f"{doc.short_citation}, p. {page}" if page and doc.short_citation else doc.short_citation
                source = Source(doc_id=r.doc_id, doc=doc.name, citation=citation, evidence=r.evidence,
                                event_id=r.id, start=r.start, end=r.end, says=says.get((r.doc_id, r.id)), page=page)
                _add_to_chronology(rows, r, source, merged.get((r.doc_id, r.id)), corpus_rows)
        out = []
        for row in rows.values():
            start = row.gregorian_start if calendar == "gregorian" else row.julian_start
            end = row.gregorian_end if calendar == "gregorian" else row.julian_end
            if start is None and not include_undated:
                continue
            if start is not None and ((lo and end < lo) or (hi and start > hi)):
                continue
            if start is None and (lo or hi):
                continue
            if wanted_types and row.type not in wanted_types:
                continue
            if entity_id and entity_id not in (*row.actors, *row.targets, row.place):
                continue
            out.append(row)
        out.sort(key=lambda r: (r.gregorian_start is None, r.gregorian_start or "", r.gregorian_end or "",
                                (r.gregorian or "").split("/")[0], r.sources[0].doc, r.sources[0].start))
        return out

    def iter_chronology(self, *, entity: str | None = None, date_from: str | None = None, date_to: str | None = None,
                        calendar: str = "gregorian", types: Sequence[str] | None = None,
                        include_undated: bool = False, first_page: int = 100,
                        page: int = 4000) -> Iterator[ChronologyRow]:
        """The rows of ``chronology`` with the same arguments, in the same order, read a page at a time.

        Pages are cut between distinct Gregorian start days (the first key of the order) on the
        indexed ``gregorian_start`` columns, so each page is ordered on its own and the first rows
        come after one small query, whatever the size of the knowledge base (issue 12: the command
        printed nothing for 5.7 s at 100k documents). The first page holds about ``first_page``
        reports, later ones up to ``page``.
        """
        if calendar not in ("gregorian", "julian"):
            raise StoreError(f"calendar {calendar!r}: use 'gregorian' or 'julian'")
        lo = bound(date_from, upper=False) if date_from else None
        hi = bound(date_to, upper=True) if date_to else None
        wanted_types = {t.upper() for t in types} if types else None
        entity_id = None
        if entity:
            found = self.entity(entity)
            if found is None:
                return
            entity_id = found.id

        def keep(row: ChronologyRow) -> bool:
            start = row.gregorian_start if calendar == "gregorian" else row.julian_start
            end = row.gregorian_end if calendar == "gregorian" else row.julian_end
            if start is None and (not include_undated or lo or hi):
                return False
            if start is not None and ((lo and end < lo) or (hi and start > hi)):
                return False
            if wanted_types and row.type not in wanted_types:
                return False
            return not entity_id or entity_id in (*row.actors, *row.targets, row.place)

        def order(row: ChronologyRow) -> tuple:
            return (row.gregorian_start is None, row.gregorian_start or "", row.gregorian_end or "",
                    (row.gregorian or "").split("/")[0], row.sources[0].doc, row.sources[0].start)

        with self.engine.connect() as conn:
            after: str | None = None
            size = first_page
            while True:
                cut = conn.execute(sa.select(events.c.gregorian_start).where(
                    events.c.gregorian_start.is_not(None),
                    *([events.c.gregorian_start > after] if after is not None else []))
                    .order_by(events.c.gregorian_start).limit(1).offset(size - 1)).scalar()
                window = [events.c.gregorian_start.is_not(None)]
                merged_window = [corpus_events.c.gregorian_start.is_not(None)]
                if after is not None:
                    window.append(events.c.gregorian_start > after)
                    merged_window.append(corpus_events.c.gregorian_start > after)
                if cut is not None:
                    window.append(events.c.gregorian_start <= cut)
                    merged_window.append(corpus_events.c.gregorian_start <= cut)
                rows = self._chronology_rows(conn, window, merged_window)
                yield from (r for r in sorted(rows, key=order) if keep(r))
                # past the last day the filter allows (a year of slack covers the Julian calendar's lag)
                if cut is None or (hi and cut > f"{int(hi[:4]) + 1:04d}{hi[4:]}" and not hi.startswith("-")):
                    break
                after, size = cut, min(size * 2, page)
            if include_undated and not (lo or hi):
                rows = self._chronology_rows(conn, [events.c.gregorian_start.is_(None)],
                                             [corpus_events.c.gregorian_start.is_(None)])
                yield from (r for r in sorted(rows, key=order) if keep(r))

    def _chronology_rows(self, conn: Connection, window: list[Any], merged_window: list[Any]) -> list[ChronologyRow]:
        """The chronology rows whose own Gregorian start lies in a window, built as ``chronology`` builds
        them: a happening merged by resolve (its date from corpus_events) with every report of it, or
        a report no happening took in, in the order of their first report."""
        report = claims.c.parent_kind == "report"
        merged_ids = {r.id for r in conn.execute(sa.select(corpus_events.c.id).where(*merged_window))}
        candidates = conn.execute(sa.select(events).where(*window)).all()
        keys = {(r.doc_id, r.id) for r in candidates}
        if merged_ids:  # the reports of the window's happenings, wherever their own dates lie
            ids = list(merged_ids)
            for i in range(0, len(ids), 500):
                pairs = {(c.doc_id, c.event_id) for c in conn.execute(
                    sa.select(claims.c.doc_id, claims.c.event_id).where(report, claims.c.parent.in_(ids[i:i + 500])))}
                keys |= pairs
        # the first parent of each report, as chronology's merged.setdefault over claims ordered by parent
        parent_of: dict[tuple[str, str], str] = {}
        says: dict[tuple[str, str], Any] = {}
        doc_ids = sorted({k[0] for k in keys})
        for i in range(0, len(doc_ids), 500):
            for c in conn.execute(sa.select(claims.c.doc_id, claims.c.event_id, claims.c.parent, claims.c.says)
                                  .where(report, claims.c.doc_id.in_(doc_ids[i:i + 500]))
                                  .order_by(claims.c.parent, claims.c.idx)):
                if (c.doc_id, c.event_id) in keys:
                    parent_of.setdefault((c.doc_id, c.event_id), c.parent)
                    says[(c.doc_id, c.event_id)] = c.says
        parents = set(parent_of.values())
        corpus_rows = {}
        parent_list = list(parents)
        for i in range(0, len(parent_list), 500):
            corpus_rows.update({r.id: r for r in conn.execute(
                sa.select(corpus_events).where(corpus_events.c.id.in_(parent_list[i:i + 500])))})
        wanted: list[Any] = []
        seen: set[tuple[str, int]] = set()
        for r in candidates:  # a report merged into a happening dated outside the window waits for it
            parent = parent_of.get((r.doc_id, r.id))
            if parent is None or parent not in corpus_rows or parent in merged_ids:
                wanted.append(r)
                seen.add((r.doc_id, r.idx))
        missing = [k for k, parent in parent_of.items() if parent in merged_ids]
        for i in range(0, len(missing), 300):
            chunk = missing[i:i + 300]
            for r in conn.execute(sa.select(events).where(
                    sa.tuple_(events.c.doc_id, events.c.id).in_(chunk))):
                if (r.doc_id, r.idx) not in seen:
                    wanted.append(r)
                    seen.add((r.doc_id, r.idx))
        wanted.sort(key=lambda r: (r.doc_id, r.idx))
        docs_needed = sorted({r.doc_id for r in wanted})
        doc_rows: dict[str, Any] = {}
        page_spans: dict[str, list[tuple[int, int, str]]] = {}
        for i in range(0, len(docs_needed), 500):
            chunk = docs_needed[i:i + 500]
            doc_rows.update({r.id: r for r in conn.execute(sa.select(
                documents.c.id, documents.c.name, documents.c.short_citation).where(documents.c.id.in_(chunk)))})
            for p in conn.execute(sa.select(pages).where(pages.c.doc_id.in_(chunk)).order_by(pages.c.doc_id, pages.c.idx)):
                page_spans.setdefault(p.doc_id, []).append((p.start, p.end, p.label))
        rows: dict[str, ChronologyRow] = {}
        for r in wanted:
            parent = parent_of.get((r.doc_id, r.id))
            if parent is not None and parent in corpus_rows and parent not in merged_ids:
                continue
            doc = doc_rows[r.doc_id]
            label = _page_label(page_spans.get(r.doc_id, ()), r.start)
            citation = f"{doc.short_citation}, p. {label}" if label and doc.short_citation else doc.short_citation
            source = Source(doc_id=r.doc_id, doc=doc.name, citation=citation, evidence=r.evidence,
                            event_id=r.id, start=r.start, end=r.end, says=says.get((r.doc_id, r.id)), page=label)
            _add_to_chronology(rows, r, source, parent, corpus_rows)
        return list(rows.values())

    # ------------------------------------------------------------ whole-database views

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every fontes table in key order (for comparing two builds)."""
        out = {}
        with self.engine.connect() as conn:
            for table in metadata.sorted_tables:
                keys = list(table.primary_key.columns) or list(table.columns)
                out[table.name] = [tuple(_json_dumps(v) if isinstance(v, (dict, list)) else v for v in r)
                                   for r in conn.execute(sa.select(table).order_by(*keys))]
        return out

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in metadata.sorted_tables}


def _delete_entities(conn: Connection, ids: list[str]) -> None:
    for table, column in ((aliases, aliases.c.entity_id), (roles, roles.c.entity_id), (entities, entities.c.id)):
        for start in range(0, len(ids), 500):
            conn.execute(table.delete().where(column.in_(ids[start:start + 500])))


def entity_rows_of(entity: Entity) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows an entity is stored as: its row, its aliases' and its roles'."""
    return (_pick(entity, entities),
            [{"entity_id": entity.id, "idx": i, "alias": a} for i, a in enumerate(entity.aliases)],
            [_pick(r, roles, entity_id=entity.id, idx=i) for i, r in enumerate(entity.roles)])


def _parsed(value: Any) -> Any:
    """A JSON value read from a column's part: parsed already by the driver, or JSON text."""
    return json.loads(value) if isinstance(value, str) else value


def _delete_search_rows(conn: Connection, ids: list[str]) -> None:
    """The removed documents' sentences in the search index (and its FTS5 shadow) and their embeddings."""
    tables = set(sa.inspect(conn).get_table_names())

    def run(sql: str) -> None:
        conn.execute(sa.text(sql).bindparams(sa.bindparam("ids", expanding=True)), {"ids": ids})

    sentences = "SELECT id FROM search_sentence WHERE doc_id IN :ids"
    if "search_sentence" in tables:
        for table in ("search_entity", "search_event"):
            if table in tables:
                run(f"DELETE FROM {table} WHERE sentence_id IN ({sentences})")
        if "search_fts" in tables:  # an external-content FTS5 table forgets a row only when given its text
            run("INSERT INTO search_fts(search_fts, rowid, text) "
                "SELECT 'delete', id, text FROM search_sentence WHERE doc_id IN :ids")
        run("DELETE FROM search_sentence WHERE doc_id IN :ids")
        if "search_meta" in tables:  # the tantivy index beside the database is now stale (fontes.search)
            conn.execute(sa.text("DELETE FROM search_meta WHERE key = 'generation'"))
    if "search_embedding" in tables:
        run("DELETE FROM search_embedding WHERE doc_id IN :ids")


def _role_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower().replace("’", "'")))


def shown(entity: Entity) -> Entity:
    """The entity as a reader sees it: its names, without the titles it also went by (kept as roles)."""
    entity.aliases = names_not_roles(entity.aliases, [r.title for r in entity.roles])
    return entity


def names_not_roles(aliases: list[str], titles: list[str]) -> list[str]:
    """An entity's names without its titles: 'Commander-in-Chief' (or 'citizen Commander in Chief') is a
    role it held, shown with its roles, not a name it went by."""
    keys = {_role_key(t) for t in titles if t}
    out = []
    for alias in aliases:
        key = _role_key(alias)
        words = key.split()
        if key in keys or (len(words) > 1 and alias[:1].islower() and " ".join(words[1:]) in keys):
            continue
        out.append(alias)
    return out


def _renumber_conflicts(conn: Connection) -> None:
    """Order the conflicts (their idx) by what each is: the happening's disagreements first, then the
    chronology's consistency checks, then variants of one text; within each, by the happening's date.
    The order follows from the rows alone, so replacing some of them (fontes.incremental) orders the
    whole table as a full resolve does."""
    rows = conn.execute(sa.select(conflicts.c.id, conflicts.c.idx, conflicts.c.kind, conflicts.c.about,
                                  corpus_events.c.gregorian_start)
                        .select_from(conflicts.outerjoin(corpus_events, corpus_events.c.id == conflicts.c.about))).all()
    section = {"consistency": 1, "variant": 2}
    rows.sort(key=lambda r: (section.get(r.kind, 0), r.gregorian_start or "9999-99-99", r.about, r.id))
    for n, row in enumerate(rows):
        if row.idx != n:
            conn.execute(conflicts.update().where(conflicts.c.id == row.id).values(idx=n))


def _without(column: sa.Column) -> list[Any]:
    """The documents columns but one: a document's two JSON copies (as analysed, as resolved) are never
    both parsed when only one is read; the one read comes as text, for ``_loads_model`` (SQLite; a
    PostgreSQL driver parses JSON itself)."""
    return [sa.type_coerce(c, sa.Text).label(c.name) if isinstance(c.type, sa.JSON) and c.name in ("data", "analysis")
            else c for c in documents.c if c is not column]


def conflict_id(conflict: Conflict) -> str:
    """A stable id for a conflict: digest of what it is about and its claims."""
    return "conflict-" + _digest([conflict.about, conflict.kind, [asdict(c) for c in conflict.claims]])[:12]


INSERT_BATCH = 5000  # rows per executemany: a long document's rows are made and sent a batch at a time


def _insert(conn: Connection, table: sa.Table, rows: Iterable[dict[str, Any]]) -> None:
    it = iter(rows)
    while batch := list(islice(it, INSERT_BATCH)):
        conn.execute(table.insert(), batch)


def _write_sections(conn: Connection, doc_id: str, kinds: list[str],
                    parts: Iterator[tuple[int | None, int | None, "_Json"]]) -> None:
    """Replace a document's section records of these kinds (none for a document stored whole), one
    section made and written at a time."""
    if not kinds:
        return
    conn.execute(document_sections.delete().where(document_sections.c.doc_id == doc_id,
                                                  document_sections.c.kind.in_(kinds)))
    for idx, (start, end, data) in enumerate(parts):
        conn.execute(document_sections.insert(), [{"doc_id": doc_id, "kind": kind, "idx": idx, "start": start,
                                                   "end": end, "data": data} for kind in kinds])


def _read_sections(conn: Connection, doc_id: str, kind: str) -> Iterator[dict[str, Any]]:
    """A sectioned document's section records of one kind, in order, each parsed as it is read."""
    query = (sa.select(sa.type_coerce(document_sections.c.data, sa.Text).label("data"))
             .where(document_sections.c.doc_id == doc_id, document_sections.c.kind == kind)
             .order_by(document_sections.c.idx))
    for (data,) in conn.execute(query):
        yield _loads_model(data) if isinstance(data, str) else data


def _join_sections(conn: Connection | None, engine: Engine, doc_id: str, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """A stored document's parsed JSON with its sections' annotations put back (a document stored whole as it is)."""
    if "sections" not in data or "digest" not in data:
        return data
    data = {k: v for k, v in data.items() if k not in ("sections", "digest")}
    lists: dict[str, list] = {k: [] for k in SECTIONED}

    def read(c: Connection) -> None:
        for part in _read_sections(c, doc_id, kind):
            for k in SECTIONED:
                lists[k].extend(part.get(k) or [])

    if conn is not None:
        read(conn)
    else:
        with engine.connect() as c:
            read(c)
    data.update(lists)
    return data


def _document_columns(doc: Document, data: dict[str, Any], data_hash: str) -> dict[str, Any]:
    """The columns of a documents row that the annotations decide (path, name and text are the source's)."""
    return {
        "media_type": doc.media_type, "encoding": doc.encoding, "genre": doc.genre, "calendar": doc.calendar,
        "calendar_reason": doc.calendar_reason, "calendar_confidence": doc.calendar_confidence, "place": doc.place,
        "citation": asdict(doc.citation), "csl": doc.citation.csl or None, "short_citation": doc.citation.short,
        **_dual("dct", doc.dct), "html_meta": getattr(doc, "html_meta", None) or None,
        "data": data, "data_hash": data_hash,
    }


def _add_to_chronology(rows: dict[str, ChronologyRow], r: Any, source: Source, parent: str | None,
                       corpus_rows: dict[str, Any]) -> None:
    """Add one report (an events row) to the chronology rows: to its happening's row when resolve merged
    it into one (``parent`` in ``corpus_rows``), else as a row of its own."""
    if parent is not None and parent in corpus_rows:
        if parent not in rows:
            c = corpus_rows[parent]
            rows[parent] = ChronologyRow(
                id=parent, type=c.type, gregorian=c.when_gregorian, julian=c.when_julian,
                gregorian_start=c.gregorian_start, gregorian_end=c.gregorian_end,
                julian_start=c.julian_start, julian_end=c.julian_end, actors=list(c.actors or []),
                targets=list(c.targets or []), place=c.place, zone=r.zone, corpus_event=parent,
                reasoning=c.reasoning, modality=r.modality, channel=r.channel,
                curated=dict(c.curated or {}))
        row = rows[parent]
        row.sources.append(source)
        for key, stamp in (r.curated or {}).items():
            row.curated.setdefault(key, stamp)
        row.actors += [a for a in r.actors or [] if a not in row.actors]
        row.targets += [a for a in r.targets or [] if a not in row.targets]
        row.place = row.place or r.place
        row.channel = row.channel or r.channel
        if r.zone == "body":
            row.zone = "body"
    else:
        key = f"{r.doc_id[:12]}:{r.id}"
        rows[key] = ChronologyRow(
            id=key, type=r.type, gregorian=r.when_gregorian, julian=r.when_julian,
            gregorian_start=r.gregorian_start, gregorian_end=r.gregorian_end, julian_start=r.julian_start,
            julian_end=r.julian_end, actors=list(r.actors or []), targets=list(r.targets or []),
            place=r.place, modality=r.modality or "asserted", channel=r.channel, zone=r.zone or "body",
            sources=[source], curated=dict(r.curated or {}))


def _page_label(spans: Iterable[tuple[int, int, str]], offset: int) -> str | None:
    """The label of the page an offset of the text is on (None for a source without pages)."""
    return next((label for start, end, label in spans if start <= offset < end), None)


def _timex_row(doc_id: str, idx: int, timex: Timex) -> dict[str, Any]:
    lo, hi = date_range(timex.gregorian)
    return _pick(timex, timexes, doc_id=doc_id, idx=idx, gregorian_start=lo, gregorian_end=hi)


def _event_row(doc_id: str, idx: int, event: Event) -> dict[str, Any]:
    row = _pick(event, events, doc_id=doc_id, idx=idx)
    row.update(_dual("when", event.when))
    row.update(_ranges(event.when))
    return row


def _participants(doc_id: str, idx: int, event: Event) -> Iterator[dict[str, Any]]:
    for role, ids in (("actor", event.actors), ("target", event.targets), ("place", [event.place] if event.place else [])):
        for pos, entity_id in enumerate(ids):
            yield {"doc_id": doc_id, "event_idx": idx, "role": role, "position": pos, "entity_id": entity_id}


def alembic_config(engine: Engine | None = None) -> Any:
    """An Alembic Config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def _migration_head() -> str | None:
    """The newest revision among the migration scripts (the one no other names as its parent), read
    from the files without importing Alembic; None when that is not a single revision."""
    revisions, parents = set(), set()
    for script in (Path(__file__).with_name("migrations") / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
        down = re.search(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
        if rev:
            revisions.add(rev.group(1))
        if down:
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(engine: Engine) -> bool:
    """Whether the database is already at the newest migration (one query; False when unsure)."""
    head = _migration_head()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except Exception:  # noqa: BLE001 - no table yet, or another driver's error: let Alembic decide
        return False
    return [r[0] for r in rows] == [head]


# keys of PostgreSQL advisory locks (any 64-bit numbers, the same in every fontes process)
_LOCK_MIGRATE = 0x666F6E746573_01
_LOCK_RESOLVE = 0x666F6E746573_02


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive ``flock`` on ``<database file>.lock`` (released when the process ends, even killed);
    nothing for other databases and in-memory SQLite."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    import fcntl

    with open(f"{database}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database's tables to the newest migration (Alembic ``upgrade head``).

    Two commands opening a new database at once would both create its tables: on SQLite the second
    waits for the first's file lock, on PostgreSQL for its advisory lock, then finds the tables at head.
    """
    if revision == "head" and _at_head(engine):
        return  # already there: skip importing Alembic (0.3-0.7 s of every command, issue 12)
    with _sqlite_file_lock(engine):
        if revision == "head" and _at_head(engine):
            return
        _upgrade(engine, revision)


def _upgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # two commands opening a new database at once would both create the tables; the second
            # waits here, then finds them at head (the lock ends with the transaction)
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_MIGRATE})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)

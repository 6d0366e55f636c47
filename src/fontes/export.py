"""Export: the knowledge base in the formats other tools read: CSV, CSL-JSON, TEI P5, GEXF 1.3, TimelineJS.

    json        the chronology as ``fontes chronology --format json`` prints it
    csv         the chronology, one row per report of an event (a happening reported by two
                sources gives two rows sharing its ``event`` id), both calendars, citation, evidence
    csl-json    the sources' citations as a CSL-JSON array (Zotero, Pandoc, citeproc)
    tei         TEI P5 XML: per document a <TEI> whose header carries the citation and whose
                body is the clean text with <persName>/<orgName>/<placeName ref="#id"> and
                <date when=...> inline at the annotated offsets; the whole corpus as <teiCorpus>
    gexf        GEXF 1.3 network for Gephi: entities as nodes, actor -> target edges per event,
                dated (Gregorian) so Gephi's timeline can play them
    timelinejs  TimelineJS 3 JSON: dated events grouped by type, dual dates, evidence and citation

Everything is built from ``KnowledgeBase`` reads (a ``Corpus`` is first saved to an in-memory
SQLite knowledge base), every string is escaped by the writer that emits it (csv, json, lxml,
``html.escape`` for the HTML inside TimelineJS), and output is deterministic: the same
knowledge base exports byte-for-byte the same files.

    kb = KnowledgeBase.open("fontes.db")
    text = export(kb, "csv", date_from="1917-11", calendar="julian")   # filters as in kb.chronology
    corpus_xml = export(kb, "tei")                                      # one teiCorpus
    files = tei_documents(kb)                                           # {"<stem>.xml": bytes} per document
    FORMATS["gexf"].media_type                                          # for an HTTP response
"""

from __future__ import annotations

import calendar as _calendar
import csv
import html
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from lxml import etree

from fontes.errors import FontesError
from fontes.model import EVENT_TYPES, Corpus, Document, Entity, Mention, Timex, Zone
from fontes.store import ChronologyRow, KnowledgeBase, Source, date_range

TEI_NS = "http://www.tei-c.org/ns/1.0"
GEXF_NS = "http://gexf.net/1.3"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# CSL 1.0.2 item types (csl-data.json); a record without one becomes "manuscript" (primary source) or "document".
CSL_TYPES = frozenset((
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage",
))

# Mention label -> TEI element inline in the text, and the list it is described in.
_TEI_NAME = {"PER": "persName", "ORG": "orgName", "LOC": "placeName", "WORK": "title", "EVENT": "name"}

_CALENDARS = {"julian": "Julian calendar (Old Style).", "gregorian": "Gregorian calendar (New Style)."}

# A TIMEX3 point at year, month, day or minute granularity, with an optional part of day (TNI, TMO ...).
_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(?:(\d{2}):(\d{2})(?::(\d{2}))?|[A-Z]{2}))?)?)?$")
_ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
# Characters XML 1.0 cannot carry (C0 controls but tab/newline/CR, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


# ---------------------------------------------------------------- what an export reads

def knowledge_base(source: KnowledgeBase | Corpus) -> KnowledgeBase:
    """The knowledge base to export: ``source`` itself, or a Corpus saved to an in-memory SQLite one."""
    if isinstance(source, KnowledgeBase):
        return source
    kb = KnowledgeBase.open("sqlite://")
    kb.save(source)
    return kb


def _select(kb: KnowledgeBase, docs: Sequence[str] | None) -> list[Document]:
    """The stored documents, or those named (file name, path, id or id prefix) in ``docs``."""
    if not docs:
        return kb.documents()
    found = []
    for key in docs:
        doc = kb.document(key)
        if doc is None:
            stored = ", ".join(r["name"] for r in kb.document_rows()[:10]) or "none"
            raise FontesError(f"no document {key!r} in the knowledge base; stored: {stored}")
        if all(d.id != doc.id for d in found):
            found.append(doc)
    return found


def _names(entities: Iterable[Entity]) -> dict[str, str]:
    return {e.id: e.name for e in entities}


def chronology_rows(kb: KnowledgeBase, *, entity: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, calendar: str = "gregorian",
                    types: Sequence[str] | None = None) -> list[ChronologyRow]:
    """The chronology to export: every event (undated ones last) unless a date range is asked for.

    ``entity``, ``date_from``/``date_to`` (in ``calendar``) and ``types`` filter as in
    ``KnowledgeBase.chronology``; an entity the knowledge base does not know is an error.
    """
    if entity and kb.entity(entity) is None:
        raise FontesError(f"no entity called {entity!r}; list them with: fontes entities")
    return kb.chronology(entity=entity, date_from=date_from, date_to=date_to, calendar=calendar, types=types,
                         include_undated=not (date_from or date_to))


# ---------------------------------------------------------------- dates

def _w3c_point(value: str) -> str | None:
    """A TIMEX3 point as a W3C (XML Schema) date, dateTime, gYearMonth or gYear; None if it is not one."""
    m = _POINT.match(value)
    if not m:
        return None
    year, month, day, hour, minute, second = m.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    if day:
        if not 1 <= int(day) <= _calendar.monthrange(int(year), int(month))[1]:
            return None
        if hour is not None:
            return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"
        return f"{year}-{month}-{day}"
    return f"{year}-{month}" if month else year


def date_attributes(value: str | None, *, custom: bool = False) -> dict[str, str]:
    """TEI dating attributes for a TIMEX3 value: @when, @from/@to, @notBefore/@notAfter or @dur-iso.

    Points become @when (a part of day such as 'TNI' keeps its day), ranges 'a/b' @from/@to,
    seasons, quarters, decades and centuries the days they can mean (@notBefore/@notAfter);
    a value with no place in time (PRESENT_REF, 'PXM') gives nothing. ``custom`` names the
    attributes of att.datable.custom (@when-custom ...), for a date in a non-Gregorian calendar.
    """
    if not value:
        return {}
    suffix = "-custom" if custom else ""
    if value.startswith("P"):
        return {} if custom or not _ISO_DURATION.match(value) else {"dur-iso": value}
    point = _w3c_point(value)
    if point:
        return {f"when{suffix}": point}
    if "/" in value:
        first, _, last = value.partition("/")
        lo, hi = _w3c_point(first), _w3c_point(last)
        if lo and hi:
            return {f"from{suffix}": lo, f"to{suffix}": hi}
    lo, hi = date_range(value)
    if lo and hi and _w3c_point(lo) and _w3c_point(hi):  # e.g. '1917-02-30' names no day
        return {f"notBefore{suffix}": lo, f"notAfter{suffix}": hi}
    return {}


def dual_attributes(gregorian: str | None, julian: str | None) -> dict[str, str]:
    """@when etc. in the Gregorian calendar, plus @when-custom etc. and @datingMethod where Old Style differs."""
    attrs = date_attributes(gregorian)
    if julian and julian != gregorian:
        old = date_attributes(julian, custom=True)
        if old:
            attrs.update(old)
            attrs["datingMethod"] = "#cal-julian"
    return attrs


def human_date(value: str | None) -> str:
    """'1917-11-22' -> '22 November 1917'; months, years, times, parts of day and ranges likewise."""
    from fontes.dates import human

    return human(value)


def dual_human(gregorian: str | None, julian: str | None) -> str:
    """'22 November 1917 (O.S. 9 November 1917)', or one date where the calendars agree."""
    if not gregorian:
        return f"O.S. {human_date(julian)}" if julian else "undated"
    if julian and julian != gregorian:
        return f"{human_date(gregorian)} (O.S. {human_date(julian)})"
    return human_date(gregorian)


# ---------------------------------------------------------------- CSV

CSV_COLUMNS = ("event", "date", "gregorian", "julian", "gregorian_start", "gregorian_end", "type", "modality",
               "channel", "actors", "targets", "place", "actor_ids", "target_ids", "place_id", "citation",
               "evidence", "doc", "doc_id", "start", "end", "zone", "curated")


def curation_note(curated: Mapping[str, Any] | None) -> str:
    """What users corrected, for a cell or a note: 'date by ana (2026-12-04): the source writes O.S.'."""
    parts = []
    for key, stamp in sorted((curated or {}).items()):
        if not isinstance(stamp, Mapping):
            continue
        what = stamp.get("status", key)
        why = stamp.get("note") or stamp.get("why")
        parts.append(f"{what} by {stamp.get('by', '?')} ({str(stamp.get('at', ''))[:10]})" + (f": {why}" if why else ""))
    return "; ".join(parts)


def _distinct(sources: Iterable[Source]) -> list[Source]:
    """A row's sources less repeats of one passage (one document can report a happening as two events)."""
    return list({(s.doc_id, s.start, s.end): s for s in reversed(list(sources))}.values())[::-1]


def chronology_records(kb: KnowledgeBase, **where: Any) -> list[dict[str, Any]]:
    """The chronology as flat records: one per report of an event (dated events first, in Gregorian order).

    ``where`` filters the events as in ``chronology_rows``.
    """
    names = _names(kb.entities())
    out = []
    for row in chronology_rows(kb, **where):
        for source in _distinct(row.sources):
            out.append({
                "event": row.id, "date": row.dual_date(), "gregorian": row.gregorian or "",
                "julian": row.julian or "", "gregorian_start": row.gregorian_start or "",
                "gregorian_end": row.gregorian_end or "", "type": row.type, "modality": row.modality,
                "channel": row.channel or "", "actors": "; ".join(names.get(a, a) for a in row.actors),
                "targets": "; ".join(names.get(t, t) for t in row.targets),
                "place": names.get(row.place, row.place) if row.place else "",
                "actor_ids": "; ".join(row.actors), "target_ids": "; ".join(row.targets), "place_id": row.place or "",
                "citation": source.citation or source.doc, "evidence": source.evidence, "doc": source.doc,
                "doc_id": source.doc_id, "start": source.start, "end": source.end, "zone": row.zone,
                "curated": curation_note(row.curated),
            })
    return out


def chronology_csv(kb: KnowledgeBase, **where: Any) -> str:
    """The chronology as CSV (RFC 4180 quoting by the csv module), with a header row of CSV_COLUMNS."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(chronology_records(kb, **where))
    return buf.getvalue()


def chronology_json(kb: KnowledgeBase, **where: Any) -> str:
    """The chronology as JSON: one object per happening with its sources (as ``fontes chronology --format json``)."""
    names = _names(kb.entities())
    rows = [{**row.to_dict(), "actor_names": [names.get(a, a) for a in row.actors],
             "target_names": [names.get(t, t) for t in row.targets],
             "place_name": names.get(row.place, row.place) if row.place else None}
            for row in chronology_rows(kb, **where)]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- CSL-JSON

def csl_item(doc: Document) -> dict[str, Any]:
    """The document's CSL-JSON record, completed: an id, a CSL type, its title and URL, no null fields."""
    c = doc.citation
    item = {k: v for k, v in (c.csl or {}).items() if v not in (None, "", [], {})}
    item["id"] = str(item.get("id") or doc.id[:16])
    if item.get("type") not in CSL_TYPES:
        item["type"] = "manuscript" if doc.genre == "primary" else "document"
    if c.title and "title" not in item:
        item["title"] = c.title
    if c.url and "URL" not in item:
        item["URL"] = c.url
    custom = dict(item.get("custom") or {})
    custom.update({"fontes-document": doc.name, "fontes-id": doc.id})
    item["custom"] = custom
    return item


def csl_items(docs: Iterable[Document]) -> list[dict[str, Any]]:
    """CSL-JSON records of the documents, ids made unique (a second 'x' becomes 'x-2')."""
    items, seen = [], Counter()
    for doc in docs:
        item = csl_item(doc)
        seen[item["id"]] += 1
        if seen[item["id"]] > 1:
            item["id"] = f"{item['id']}-{seen[item['id']]}"
        items.append(item)
    return items


def csl_json(kb: KnowledgeBase, *, docs: Sequence[str] | None = None) -> str:
    """The sources' citations as a CSL-JSON array."""
    return json.dumps(csl_items(_select(kb, docs)), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- TEI P5

def _xml(text: str | None) -> str:
    """Text XML 1.0 can carry: characters it forbids become U+FFFD (one for one, so offsets hold)."""
    return _NOT_XML.sub("\ufffd", text or "")


def _tei(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", {k: _xml(v) for k, v in attrs.items() if v})
    if text:
        el.text = _xml(text)
    return el


class _Ids:
    """xml:id values for entity ids: the id itself where it is an XML name, else a prefixed slug; unique."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._used: set[str] = {f"cal-{name}" for name in _CALENDARS}

    def __call__(self, key: str) -> str:
        if key not in self._ids:
            base = key if _NCNAME.match(key) else "e-" + (re.sub(r"[^A-Za-z0-9._-]+", "-", key).strip("-") or "x")
            self._ids[key] = self.fresh(base)
        return self._ids[key]

    def fresh(self, base: str) -> str:
        """An id not yet used: base, else base-2, base-3 ..."""
        candidate, n = base, 1
        while candidate in self._used:
            n += 1
            candidate = f"{base}-{n}"
        self._used.add(candidate)
        return candidate


def _append_text(el: Any, text: str) -> None:
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + _xml(text)
    else:
        el.text = (el.text or "") + _xml(text)


@dataclass
class _Span:
    start: int
    end: int
    rank: int  # at equal spans, lower rank is the outer element
    tag: str
    attrs: dict[str, str]


def _nested(spans: list[_Span]) -> list[_Span]:
    """The spans that nest properly, in document order: a span crossing an earlier one is left out (XML must nest)."""
    kept: list[_Span] = []
    open_: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.rank)):
        while open_ and open_[-1].end <= span.start:
            open_.pop()
        if open_ and span.end > open_[-1].end:
            continue
        kept.append(span)
        open_.append(span)
    return kept


def _inline(parent: Any, text: str, base: int, spans: list[_Span]) -> None:
    """Write text (which starts at offset base) into parent, wrapping each span in its element."""
    stack: list[tuple[Any, int]] = [(parent, base + len(text))]
    pos = base
    for span in _nested(spans):
        while stack[-1][1] <= span.start:
            el, end = stack.pop()
            _append_text(el, text[pos - base:end - base])
            pos = end
        el = stack[-1][0]
        _append_text(el, text[pos - base:span.start - base])
        child = _tei(el, span.tag, **span.attrs)
        stack.append((child, span.end))
        pos = span.start
    while stack:
        el, end = stack.pop()
        _append_text(el, text[pos - base:end - base])
        pos = end
    for el in parent.iter():
        if el.text is None and len(el):
            el.text = ""  # mixed content: keeps the pretty-printer from adding whitespace to the text


def _mention_span(m: Mention, ids: _Ids) -> _Span:
    tag = _TEI_NAME.get(m.label, "name")
    attrs = {"ref": f"#{ids(m.entity_id)}" if m.entity_id else ""}
    if m.label == "EVENT":
        attrs["type"] = "event"
    return _Span(m.start, m.end, 0, tag, attrs)


def _timex_span(t: Timex, doc: Document) -> _Span:
    attrs = {"type": t.type.lower()}
    if t.type == "DURATION":
        attrs.update(date_attributes(t.value))
    else:
        attrs.update(dual_attributes(t.gregorian, t.julian))
    calendar = t.calendar or doc.calendar
    if calendar in _CALENDARS and t.type != "DURATION":
        attrs["calendar"] = f"#cal-{calendar}"
    return _Span(t.start, t.end, 1, "date", attrs)


def _header(tei: Any, doc: Document, *, calendars: bool) -> None:
    c = doc.citation
    header = _tei(tei, "teiHeader")
    file_desc = _tei(header, "fileDesc")
    title_stmt = _tei(file_desc, "titleStmt")
    _tei(title_stmt, "title", c.title or doc.name)
    for author in c.authors:
        _tei(title_stmt, "author", author)
    curators = sorted({str(st.get("by")) for ev in doc.events for st in (ev.curated or {}).values()
                       if isinstance(st, Mapping)})
    for user in curators:  # the users whose corrections the events' @resp point to
        resp = _tei(title_stmt, "respStmt", **{XML_ID: _resp_id(user)})
        _tei(resp, "resp", "corrected the automatic annotation")
        _tei(resp, "name", user)
    publication = _tei(file_desc, "publicationStmt")
    _tei(publication, "p", f"Exported by fontes from {doc.name} (sha256 {doc.id}). Zones, names, dates and "
                           "events were annotated automatically.")
    source_desc = _tei(file_desc, "sourceDesc")
    bibl = _tei(source_desc, "bibl")
    if c.title:
        _tei(bibl, "title", c.title)
    for author in c.authors:
        _tei(bibl, "author", author)
    for translator in c.translators:
        _tei(bibl, "editor", translator, role="translator")
    if c.date and (c.date.gregorian or c.date.julian or c.date.as_written):
        attrs = dual_attributes(c.date.gregorian, c.date.julian)
        if doc.calendar in _CALENDARS:
            attrs["calendar"] = f"#cal-{doc.calendar}"
        _tei(bibl, "date", c.date.as_written or c.date.gregorian or c.date.julian, **attrs)
    if c.publisher:
        _tei(bibl, "publisher", c.publisher)
    if c.url:
        _tei(bibl, "ptr", target=c.url)
    if c.first_published:
        _tei(bibl, "note", c.first_published, type="first-published")
    if c.source:
        _tei(bibl, "note", c.source, type="source")
    if c.accessed:
        note = _tei(bibl, "note", "Accessed ", type="accessed")
        _tei(note, "date", c.accessed, **date_attributes(c.accessed))
    if c.formatted:
        _tei(source_desc, "bibl", c.formatted, type="formatted")
    profile = _tei(header, "profileDesc")
    if calendars:
        _calendar_desc(profile)
    if doc.genre:
        keywords = _tei(_tei(profile, "textClass"), "keywords")
        _tei(keywords, "term", doc.genre, type="genre")


def _calendar_desc(parent: Any) -> None:
    calendar_desc = _tei(parent, "calendarDesc")
    for name, text in _CALENDARS.items():
        cal = _tei(calendar_desc, "calendar", **{XML_ID: f"cal-{name}"})
        _tei(cal, "p", text)


def _body(tei: Any, doc: Document, ids: _Ids) -> None:
    body = _tei(_tei(tei, "text"), "body")
    spans = [_mention_span(m, ids) for m in doc.mentions] + [_timex_span(t, doc) for t in doc.timexes]
    zones = [z for z in doc.zones if z.kind == "body"] or ([] if doc.zones else [_whole(doc)])
    for zone in zones:
        text = doc.text[zone.start:zone.end]
        start = zone.start + len(text) - len(text.lstrip())
        end = zone.start + len(text.rstrip())
        if end <= start:
            continue
        inside = [s for s in spans if start <= s.start < s.end <= end]
        _inline(_tei(body, "p"), doc.text[start:end], start, inside)
    if not len(body):
        _tei(body, "p")  # TEI's body needs one paragraph, even an empty one


def _whole(doc: Document) -> Zone:
    return Zone(0, len(doc.text), "body")


def _entity_lists(parent: Any, entities: Iterable[Entity], ids: _Ids) -> None:
    """listPerson, listOrg, listPlace, listBibl (works) and listEvent (named events) of the entities."""
    groups: dict[str, list[Entity]] = {}
    for e in entities:
        groups.setdefault(e.type, []).append(e)
    for etype, list_tag, item_tag in (("PER", "listPerson", "person"), ("ORG", "listOrg", "org"),
                                      ("LOC", "listPlace", "place"), ("WORK", "listBibl", "bibl"),
                                      ("EVENT", "listEvent", "event")):
        members = groups.pop(etype, [])
        if members:
            lst = _tei(parent, list_tag, type="named" if etype == "EVENT" else "")
            for e in members:
                _entity_item(lst, item_tag, e, ids)
    others = [e for rest in groups.values() for e in rest]
    if others:  # an entity type TEI has no list for: described as generic names in a list of persons' kin
        lst = _tei(parent, "listObject")
        for e in others:
            obj = _tei(lst, "object", **{XML_ID: ids(e.id)})
            _tei(_tei(obj, "objectIdentifier"), "objectName", e.name)


def _entity_item(parent: Any, tag: str, e: Entity, ids: _Ids) -> None:
    item = _tei(parent, tag, **{XML_ID: ids(e.id)})
    name_tag = {"person": "persName", "org": "orgName", "place": "placeName", "bibl": "title", "event": "label"}[tag]
    names = [e.name] + [a for a in e.aliases if a != e.name]
    for n, name in enumerate(names):
        if tag in ("bibl", "event") and n:
            break
        _tei(item, name_tag, name, type="" if tag in ("bibl", "event") else ("canonical" if n == 0 else "alias"))
    if tag == "bibl":
        for alias in names[1:]:
            _tei(item, "title", alias, type="alt")
    for key, value in sorted(e.authority.items()):
        _tei(item, "idno", value, type=key)
    if tag == "place" and e.lat is not None and e.lon is not None:
        _tei(_tei(item, "location"), "geo", f"{e.lat} {e.lon}")
    if tag == "person":
        seen = set()
        for role in e.roles:
            attrs = {}
            for key, value in (("notBefore", role.start), ("notAfter", role.end)):
                lo, hi = date_range(value)
                if lo and hi:
                    attrs[key] = lo if key == "notBefore" else hi
            key = (role.title, tuple(sorted(attrs.items())))
            if key not in seen:  # the same role reported twice is one occupation
                seen.add(key)
                _tei(item, "occupation", role.title, **attrs)


def _event_list(parent: Any, doc: Document, ids: _Ids, entities: Mapping[str, Entity]) -> None:
    """The events this document reports, with date, evidence and participants (as references)."""
    if not doc.events:
        return
    lst = _tei(parent, "listEvent", type="reported")
    for n, ev in enumerate(doc.events):
        attrs = {XML_ID: ids.fresh(f"ev-{doc.id[:12]}-{n}"), "type": ev.type, "subtype": ev.modality}
        if ev.when:
            attrs.update(dual_attributes(ev.when.gregorian, ev.when.julian))
        if ev.place:
            attrs["where"] = f"#{ids(ev.place)}"
        curators = sorted({str(s.get("by")) for s in (ev.curated or {}).values() if isinstance(s, Mapping)})
        if curators:  # values a user set: @resp names who (declared in the header's respStmt)
            attrs["resp"] = " ".join(f"#{_resp_id(c)}" for c in curators)
        item = _tei(lst, "event", **attrs)
        _tei(item, "label", ev.type)
        if curators:
            _tei(item, "note", curation_note(ev.curated), type="curation")
        _tei(_tei(item, "desc"), "quote", ev.evidence)
        for role, refs in (("actors", ev.actors), ("targets", ev.targets), ("place", [ev.place] if ev.place else [])):
            if refs:
                note = _tei(item, "note", type=role)
                for i, ref in enumerate(refs):
                    if i:
                        _append_text(note, "; ")
                    found = entities.get(ref)
                    tag = _TEI_NAME.get(found.type if found else "", "name")
                    _tei(note, tag, found.name if found else ref, ref=f"#{ids(ref)}")
        if ev.channel:
            _tei(item, "note", ev.channel, type="channel")


def _resp_id(user: str) -> str:
    return "user-" + re.sub(r"[^A-Za-z0-9_.-]", "_", user)


def _referenced(doc: Document, entities: Mapping[str, Entity]) -> list[Entity]:
    """The entities a document refers to (mentions and event participants), stand-ins for unknown ids."""
    out: dict[str, Entity] = {}
    for m in doc.mentions:
        if m.entity_id:
            out.setdefault(m.entity_id, entities.get(m.entity_id) or Entity(m.entity_id, m.text, m.label))
    for ev in doc.events:
        for ref in (*ev.actors, *ev.targets, *([ev.place] if ev.place else [])):
            out.setdefault(ref, entities.get(ref) or Entity(ref, ref, "ORG"))
    return sorted(out.values(), key=lambda e: (e.type, e.name, e.id))


def tei_document(doc: Document, entities: Iterable[Entity] = (), *, ids: _Ids | None = None,
                 standalone: bool = True) -> Any:
    """One document as a TEI P5 <TEI> element (lxml).

    Standalone, it carries its own calendar declarations and, in <standOff>, the persons,
    bodies, places and works it refers to; inside a teiCorpus those live in the corpus.
    """
    by_id = {e.id: e for e in entities}
    ids = ids or _Ids()
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    _header(tei, doc, calendars=standalone)
    _body(tei, doc, ids)
    stand_off = _tei(tei, "standOff")
    if standalone:
        _entity_lists(stand_off, _referenced(doc, by_id), ids)
    _event_list(stand_off, doc, ids, by_id)
    if not len(stand_off):
        tei.remove(stand_off)
    return tei


def _xml_bytes(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def tei_document_bytes(doc: Document, entities: Iterable[Entity] = ()) -> bytes:
    """One document as a standalone TEI P5 file."""
    return _xml_bytes(tei_document(doc, entities))


def tei_documents(kb: KnowledgeBase, *, docs: Sequence[str] | None = None) -> dict[str, bytes]:
    """Standalone TEI files by file name ('<document stem>.xml'; the id is added where two stems collide)."""
    entities = kb.entities()
    selected = _select(kb, docs)
    stems = Counter(Path(d.name).stem for d in selected)
    out = {}
    for doc in selected:
        stem = Path(doc.name).stem
        out[f"{stem}.xml" if stems[stem] == 1 else f"{stem}-{doc.id[:12]}.xml"] = tei_document_bytes(doc, entities)
    return out


def tei_corpus(kb: KnowledgeBase, *, docs: Sequence[str] | None = None) -> bytes:
    """The documents as one <teiCorpus>: corpus header with the calendars, every entity in its <standOff>."""
    entities = kb.entities()
    selected = _select(kb, docs)
    ids = _Ids()
    root = etree.Element(f"{{{TEI_NS}}}teiCorpus", nsmap={None: TEI_NS})
    header = _tei(root, "teiHeader")
    file_desc = _tei(header, "fileDesc")
    _tei(_tei(file_desc, "titleStmt"), "title", "fontes corpus")
    _tei(_tei(file_desc, "publicationStmt"), "p", "Exported by fontes; annotations made automatically.")
    _tei(_tei(file_desc, "sourceDesc"), "p", f"{len(selected)} source document(s), each described in its own header.")
    _calendar_desc(_tei(header, "profileDesc"))
    by_id = {e.id: e for e in entities}
    wanted: dict[str, Entity] = {e.id: e for e in entities} if not docs else {}
    for doc in selected:
        for e in _referenced(doc, by_id):
            wanted.setdefault(e.id, e)
    stand_off = _tei(root, "standOff")
    _entity_lists(stand_off, sorted(wanted.values(), key=lambda e: (e.type, e.name, e.id)), ids)
    if not len(stand_off):
        root.remove(stand_off)
    for doc in selected:
        root.append(tei_document(doc, entities, ids=ids, standalone=False))
    return _xml_bytes(root)


# ---------------------------------------------------------------- GEXF 1.3

_NODE_ATTRS = (("type", "string"), ("mentions", "integer"), ("aliases", "string"), ("documents", "integer"),
               ("latitude", "double"), ("longitude", "double"), ("authority", "string"))
_EDGE_ATTRS = (("type", "string"), ("date", "string"), ("gregorian", "string"), ("julian", "string"),
               ("modality", "string"), ("channel", "string"), ("place", "string"), ("event", "string"),
               ("sources", "string"), ("evidence", "string"))


def _gexf(parent: Any, tag: str, **attrs: Any) -> Any:
    return etree.SubElement(parent, f"{{{GEXF_NS}}}{tag}",
                            {k: _xml(str(v)) for k, v in attrs.items() if v is not None and v != ""})


def _attvalues(parent: Any, values: Mapping[str, Any]) -> None:
    present = {k: v for k, v in values.items() if v is not None and v != ""}
    if present:
        box = _gexf(parent, "attvalues")
        for key, value in present.items():
            _gexf(box, "attvalue", **{"for": key, "value": value})


def network_gexf(kb: KnowledgeBase, **where: Any) -> bytes:
    """Entities and who acted on whom, as GEXF 1.3.

    Nodes are the corpus entities (label, type, mention count ...); each event gives one
    directed edge from every actor to every target, labelled with the event type and its
    Gregorian date, carrying both calendars, the sources and the evidence. Dated edges have
    @start/@end (first and last day the date can mean), so Gephi's timeline can replay them.
    ``where`` filters the events as in ``chronology_rows``; every entity stays a node.
    """
    entities = kb.entities()
    rows = chronology_rows(kb, **where)
    names = _names(entities)
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "xsi": XSI_NS}, version="1.3")
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{GEXF_NS} http://gexf.net/1.3/gexf.xsd")
    meta = _gexf(root, "meta")
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "fontes"
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = (
        "Entities of the sources and the events linking them (actor -> target), dated in the Gregorian calendar.")
    graph = _gexf(root, "graph", defaultedgetype="directed", mode="dynamic", timeformat="date",
                  timerepresentation="interval")
    for cls, attrs in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        box = _gexf(graph, "attributes", **{"class": cls})
        for key, kind in attrs:
            _gexf(box, "attribute", id=key, title=key, type=kind)
    edges: list[tuple[str, str, ChronologyRow]] = []
    for row in rows:
        for actor in row.actors:
            for target in row.targets:
                if actor != target:
                    edges.append((actor, target, row))
    nodes = _gexf(graph, "nodes")
    known = {e.id for e in entities}
    for e in entities:
        node = _gexf(nodes, "node", id=e.id, label=e.name)
        _attvalues(node, {"type": e.type, "mentions": e.mention_count, "aliases": "; ".join(e.aliases),
                          "documents": len(e.doc_ids), "latitude": e.lat, "longitude": e.lon,
                          "authority": "; ".join(f"{k}:{v}" for k, v in sorted(e.authority.items()))})
    for ref in sorted({ref for a, t, _ in edges for ref in (a, t)} - known):  # ids resolve left without an entity
        _gexf(nodes, "node", id=ref, label=ref)
    box = _gexf(graph, "edges")
    for n, (actor, target, row) in enumerate(edges):
        label = f"{row.type} {row.gregorian}" if row.gregorian else row.type
        edge = _gexf(box, "edge", id=f"e{n}", source=actor, target=target, label=label,
                     start=row.gregorian_start, end=row.gregorian_end)
        _attvalues(edge, {"type": row.type, "date": row.dual_date(), "gregorian": row.gregorian,
                          "julian": row.julian, "modality": row.modality, "channel": row.channel,
                          "place": names.get(row.place, row.place) if row.place else None, "event": row.id,
                          "sources": " | ".join(dict.fromkeys(s.citation or s.doc for s in row.sources)),
                          "evidence": " | ".join(dict.fromkeys(s.evidence for s in row.sources))})
    return _xml_bytes(root)


# ---------------------------------------------------------------- TimelineJS

def _timeline_date(value: str | None) -> dict[str, int] | None:
    """A TIMEX3 point as a TimelineJS date object at its own granularity (year, month, day, hour, minute)."""
    m = _POINT.match(value or "")
    if not m:
        return None
    year, month, day, hour, minute, _ = m.groups()
    out = {"year": int(year)}
    for key, part in (("month", month), ("day", day), ("hour", hour), ("minute", minute)):
        if part is None:
            break
        out[key] = int(part)
    return out


def _timeline_span(row: ChronologyRow) -> tuple[dict[str, int], dict[str, int] | None] | None:
    value = row.gregorian or ""
    first, _, last = value.partition("/")
    start, end = _timeline_date(first), _timeline_date(last) if last else None
    if start and (end or not last):
        return start, end
    lo, hi = _timeline_date(row.gregorian_start), _timeline_date(row.gregorian_end)
    if lo is None:
        return None
    if row.gregorian_start and row.gregorian_end and row.gregorian_start[:4] != row.gregorian_end[:4]:
        return {"year": lo["year"]}, {"year": hi["year"]} if hi else None  # decades, centuries: years suffice
    return lo, (hi if hi != lo else None)


def _slide_text(row: ChronologyRow, names: Mapping[str, str]) -> str:
    e = html.escape
    parts = [f"<p><b>{e(dual_human(row.gregorian, row.julian))}</b></p>"]
    details = []
    if row.place:
        details.append(f"place: {e(names.get(row.place, row.place))}")
    if row.channel:
        details.append(f"by {e(row.channel)}")
    if row.modality != "asserted":
        details.append(e(row.modality))
    if details:
        parts.append(f"<p>{' · '.join(details)}</p>")
    for s in _distinct(row.sources):
        parts.append(f"<blockquote>“{e(s.evidence)}”</blockquote><p>— {e(s.citation or s.doc)} "
                     f"<small>({e(s.doc)})</small></p>")
    return "".join(parts)


def _headline(row: ChronologyRow, names: Mapping[str, str]) -> str:
    who = ", ".join(names.get(a, a) for a in row.actors)
    whom = ", ".join(names.get(t, t) for t in row.targets)
    what = row.type.replace("_", " ").capitalize()
    if who or whom:
        what += f": {who or '?'}" + (f" → {whom}" if whom else "")
    return html.escape(what)


def timeline(kb: KnowledgeBase, **where: Any) -> dict[str, Any]:
    """The dated events as a TimelineJS 3 document (``{"title": ..., "events": [...]}``), grouped by type.

    Dates are Gregorian (TimelineJS counts in the proleptic Gregorian calendar), at the
    granularity the source gives; each slide's display date shows the Old Style date beside
    it. The slide text is HTML, so every piece of source text in it is escaped. ``where``
    filters the events as in ``chronology_rows``.
    """
    names = _names(kb.entities())
    rows = [r for r in chronology_rows(kb, **where) if r.gregorian_start]
    events, used = [], Counter()
    for row in rows:
        span = _timeline_span(row)
        if span is None:
            continue
        start, end = span
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", row.id).strip("-").lower() or "event"
        used[slug] += 1
        slide: dict[str, Any] = {
            "unique_id": slug if used[slug] == 1 else f"{slug}-{used[slug]}",
            "start_date": start,
            "display_date": dual_human(row.gregorian, row.julian),
            "text": {"headline": _headline(row, names), "text": _slide_text(row, names)},
            "group": row.type.replace("_", " ").capitalize(),
            "autolink": False,
        }
        if end:
            slide["end_date"] = end
        events.append(slide)
    documents = len(kb.document_rows())
    return {"title": {"text": {"headline": "Chronology", "text": html.escape(
                f"{len(events)} dated events from {documents} source(s), Gregorian (New Style) dates with "
                "the Old Style beside them; each event quotes its sources.")}},
            "scale": "human", "events": events}


def timeline_json(kb: KnowledgeBase, **where: Any) -> str:
    return json.dumps(timeline(kb, **where), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- one entry point

@dataclass(frozen=True)
class Format:
    """An export format: how to write it, its media type, the file name it gets in a folder, what it selects by."""

    name: str
    media_type: str
    filename: str
    write: Callable[..., str | bytes]
    by: str  # "events": takes the chronology filters; "documents": takes docs


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", "application/json", "chronology.json", chronology_json, "events"),
    Format("csv", "text/csv; charset=utf-8", "chronology.csv", chronology_csv, "events"),
    Format("csl-json", "application/vnd.citationstyles.csl+json", "citations.json", csl_json, "documents"),
    Format("tei", "application/tei+xml", "corpus.xml", tei_corpus, "documents"),
    Format("gexf", "application/gexf+xml", "network.gexf", network_gexf, "events"),
    Format("timelinejs", "application/json", "timeline.json", timeline_json, "events"),
)}


def export(source: KnowledgeBase | Corpus, fmt: str, *, docs: Sequence[str] | None = None,
           entity: str | None = None, date_from: str | None = None, date_to: str | None = None,
           calendar: str = "gregorian", types: Sequence[str] | None = None) -> str:
    """The knowledge base (or a corpus) in one format, as text (XML formats declare UTF-8: write them as UTF-8).

    The event formats (json, csv, gexf, timelinejs) take the chronology filters ``entity``,
    ``date_from``/``date_to`` in ``calendar`` and ``types``; the document formats (csl-json,
    tei) take ``docs`` (file names, paths or ids). Raises FontesError for an unknown format,
    document or entity, or a filter the format does not take.
    """
    if fmt not in FORMATS:
        raise FontesError(f"export format {fmt!r}: unknown; use one of {', '.join(FORMATS)}")
    unknown = [t for t in types or () if t.upper() not in EVENT_TYPES]
    if unknown:
        raise FontesError(f"event type {', '.join(unknown)}: unknown; use one of {', '.join(EVENT_TYPES)}")
    spec = FORMATS[fmt]
    where = {"entity": entity, "date_from": date_from, "date_to": date_to, "types": types}
    if spec.by == "documents" and any(where.values()):
        raise FontesError(f"{fmt} exports documents: --entity, --from, --to and --type do not apply; "
                          "use --doc to choose documents")
    if spec.by == "events" and docs:
        raise FontesError(f"{fmt} exports events: --doc does not apply; filter with --entity, --from, --to")
    kb = knowledge_base(source)
    try:
        data = spec.write(kb, docs=docs) if spec.by == "documents" else spec.write(kb, **where, calendar=calendar)
    finally:
        if kb is not source:
            kb.close()
    return data.decode("utf-8") if isinstance(data, bytes) else data


# ---------------------------------------------------------------- command line

@click.command("export")
@click.option("--db", default="fontes.db", show_default=True, envvar="FONTES_DB",
              help="SQLite file or SQLAlchemy URL (postgresql+psycopg://user@host/db).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="json", show_default=True,
              help="json/csv: chronology; csl-json: citations; tei: TEI P5 XML; gexf: actor network (Gephi); "
                   "timelinejs: timeline slides.")
@click.option("--out", "out_arg", type=click.Path(),
              help="File to write (default: standard output). A folder (existing, or given with a trailing /) "
                   "gets the format's file name; for tei, one <document>.xml per document.")
@click.option("--doc", "docs", multiple=True, metavar="DOC",
              help="Only this document (file name, path or id), repeatable; for csl-json and tei.")
@click.option("--entity", help="Only events this entity (id, name or alias) takes part in.")
@click.option("--from", "date_from", metavar="DATE", help="First date, YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", metavar="DATE", help="Last date, same forms.")
@click.option("--calendar", type=click.Choice(["gregorian", "julian"]), default="gregorian", show_default=True,
              help="Calendar of --from/--to: gregorian (New Style) or julian (Old Style).")
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Event type, repeatable (DISMISSAL, ORDER, ...).")
def export_command(db: str, fmt: str, out_arg: str | None, docs: tuple[str, ...], entity: str | None,
                   date_from: str | None, date_to: str | None, calendar: str, types: tuple[str, ...]) -> None:
    """Write the knowledge base for other tools: JSON, CSV, CSL-JSON, TEI, GEXF (Gephi) or TimelineJS.

    \b
    Examples:
      fontes export --format csv --out chronology.csv        # spreadsheets, pandas
      fontes export --format csl-json > sources.json         # Zotero, Pandoc
      fontes export --format tei --out tei/                  # one TEI P5 file per document
      fontes export --format tei --out corpus.xml            # one teiCorpus
      fontes export --format gexf --out actors.gexf          # Gephi
      fontes export --format timelinejs --out timeline.json  # TimelineJS
      fontes export --format csv --entity NAME --from 1917-11 --to 1917-12 --calendar julian
    """
    from fontes.cli import _open  # imported here: cli imports this module

    out = Path(out_arg) if out_arg else None
    folder = out is not None and (out.is_dir() or out_arg.endswith(("/", "\\")))  # type: ignore[union-attr]
    kb = _open(db)
    try:
        if not kb.document_ids():
            raise click.ClickException(f"{db}: no documents to export; build first: fontes build PATH --db {db}")
        if folder and fmt == "tei":
            files = tei_documents(kb, docs=docs or None)
            out.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            for name, data in files.items():
                (out / name).write_bytes(data)  # type: ignore[operator]
            click.echo(f"tei: {len(files)} file(s) -> {out}", err=True)
            return
        text = export(kb, fmt, docs=docs or None, entity=entity, date_from=date_from, date_to=date_to,
                      calendar=calendar, types=types or None)
    except FontesError as err:
        raise click.ClickException(str(err)) from err
    finally:
        kb.close()
    if out is None:
        click.echo(text, nl=False)
        return
    target = out / FORMATS[fmt].filename if folder else out
    if folder:
        out.mkdir(parents=True, exist_ok=True)
    elif not target.parent.exists():
        raise click.ClickException(f"{target}: folder {target.parent} does not exist; create it or pass another --out")
    target.write_text(text, encoding="utf-8", newline="")
    click.echo(f"{fmt} -> {target}", err=True)

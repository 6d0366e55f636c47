"""Corrections: the historian's decisions, kept apart from what fontes extracts and re-applied after every build.

A correction (a *decision*) says what a user changed, who, when and why. It never names a row
number: it points at what it corrects by **anchors** that survive a rebuild — the document's
content hash and file name, and the exact passage (offsets and text) of a mention, a time
expression or an event's evidence. After each build the decisions are applied in the order
they were made, in two passes:

- before resolve, on each document as the per-document stages left it: a document's, a
  passage's or one date's calendar; an event's type or date; an event rejected or added from a
  passage. Resolve then merges and compares what the user has corrected.
- after resolve, on the corpus: entities merged, split, renamed, retyped; an event's actors,
  targets and place; a conflict explained or settled with a note.

A decision whose anchor no longer exists (the document was removed, or its passage changed) is
reported as *orphaned*, never silently dropped. Every value a decision set is marked in the
object's ``curated`` field (who, when, why), so exports can say it was curated.

    kind              target anchor          change
    entity.merge      entity (a mention)     {"with": [entity anchors]}
    entity.split      entity                 {"mentions": [mention anchors], "name"?: str, "type"?: str}
    entity.rename     entity                 {"name": str}
    entity.retype     entity                 {"type": "PER" | "ORG" | "LOC" | "WORK" | "EVENT"}
    event.type        event (its evidence)   {"type": str}
    event.date        event                  {"value": TIMEX3 day/month/year or a/b range, "calendar": "gregorian" | "julian"}
    event.actors      event                  {"entities": [entity anchors]}   (event.targets likewise)
    event.place       event                  {"entity": entity anchor | None}
    event.reject      event                  {}
    event.add         passage                {"type": str, "date"?: {...as event.date}}
    conflict.settle   conflict (its claims)  {"status": "explained" | "settled", "note": str}
    calendar.set      document | passage | timex   {"calendar": "julian" | "gregorian"}
    review.accept     {"item": review key}   {}   (fontes was right: the item leaves the review queue)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fontes.model import EVENT_TYPES, Conflict, Corpus, Document, DualDate, Entity, Event, Timex
from fontes.time import calendars

KINDS: tuple[str, ...] = (
    "entity.merge", "entity.split", "entity.rename", "entity.retype",
    "event.type", "event.date", "event.actors", "event.targets", "event.place", "event.reject", "event.add",
    "conflict.settle", "calendar.set", "review.accept",
)
BEFORE_RESOLVE = frozenset({"calendar.set", "event.type", "event.date", "event.reject", "event.add"})
ENTITY_TYPES = ("PER", "ORG", "LOC", "WORK", "EVENT")
STATUSES = ("explained", "settled")


class CorrectionError(ValueError):
    """A decision that cannot be made: unknown kind, bad value, or nothing to point at."""


@dataclass
class Decision:
    """One correction: what it points at (anchor), what it changes, and who made it, when and why."""

    kind: str
    target: dict[str, Any]
    change: dict[str, Any] = field(default_factory=dict)
    author: str = "unknown"
    reason: str = ""
    created: str = ""  # ISO timestamp (UTC)
    id: int | None = None
    undone: str | None = None  # ISO timestamp of the undo, or None

    def stamp(self) -> dict[str, Any]:
        """What a curated value carries: the decision, who, when and why."""
        return {"decision": self.id, "by": self.author, "at": self.created, "why": self.reason}


@dataclass
class Outcome:
    """What applying a decision did: applied (and to which ids) or orphaned (and why)."""

    decision: Decision
    applied: bool
    touched: list[str] = field(default_factory=list)  # entity ids, event ids, conflict ids, doc ids
    note: str = ""


# ---------------------------------------------------------------- anchors

def document_anchor(doc: Document) -> dict[str, Any]:
    return {"doc": doc.id, "name": doc.name}


def passage_anchor(doc: Document, start: int, end: int) -> dict[str, Any]:
    """A stretch of a document's text: its offsets and the exact text, so a moved passage is found again."""
    return {**document_anchor(doc), "start": start, "end": end, "text": doc.text[start:end]}


def event_anchor(doc: Document, event: Event) -> dict[str, Any]:
    return {**passage_anchor(doc, event.start, event.end), "type": event.type}


def entity_anchor(docs: Sequence[Document], entity_id: str, name: str | None = None) -> dict[str, Any]:
    """An entity by one of its mentions (the first in document order), plus its name at the time."""
    for doc in docs:
        for m in doc.mentions:
            if m.entity_id == entity_id:
                return {**passage_anchor(doc, m.start, m.end), "entity": name or m.text}
    raise CorrectionError(f"entity {entity_id!r} has no mention to anchor a correction on")


def conflict_anchor(docs: Sequence[Document], conflict: Conflict) -> dict[str, Any]:
    """A conflict by the evidence passages of its claims."""
    by_id = {d.id: d for d in docs}
    claims = []
    for claim in conflict.claims:
        doc = by_id.get(claim.doc_id)
        event = next((e for e in doc.events if e.id == claim.event_id), None) if doc else None
        if doc and event:
            claims.append(event_anchor(doc, event))
    if not claims:
        raise CorrectionError("the conflict's claims point at no stored event")
    return {"claims": claims, "about": conflict.about}


def find_document(docs: Sequence[Document], anchor: dict[str, Any]) -> Document | None:
    """The anchored document: the same content hash, else a new version of the same file name."""
    for doc in docs:
        if doc.id == anchor.get("doc"):
            return doc
    named = [d for d in docs if anchor.get("name") and d.name == anchor["name"]]
    return named[0] if len(named) == 1 else None


def find_passage(docs: Sequence[Document], anchor: dict[str, Any]) -> tuple[Document, int, int] | None:
    """Where the anchored passage is now: same offsets and text, else the nearest copy of its text."""
    doc = find_document(docs, anchor)
    text, start = anchor.get("text") or "", int(anchor.get("start", 0))
    if doc is None or not text:
        return None
    if doc.text[start:start + len(text)] == text:
        return doc, start, start + len(text)
    hits = [m.start() for m in re.finditer(re.escape(text), doc.text)]
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - start))
    return doc, best, best + len(text)


def find_event(docs: Sequence[Document], anchor: dict[str, Any]) -> tuple[Document, Event] | None:
    """The event whose evidence is the anchored passage (the anchored type first), else one inside it."""
    found = find_passage(docs, anchor)
    if found is None:
        return None
    doc, start, end = found
    same = [e for e in doc.events if e.start == start and e.end == end]
    inside = [e for e in doc.events if e.start >= start and e.end <= end] or \
             [e for e in doc.events if e.start < end and start < e.end]
    for pool in (same, inside):
        typed = [e for e in pool if e.type == anchor.get("type")]
        if typed or pool:
            return doc, (typed or pool)[0]
    return None


def find_entity_id(docs: Sequence[Document], anchor: dict[str, Any]) -> str | None:
    """The entity (after resolve) of the anchored mention."""
    found = find_passage(docs, anchor)
    if found is None:
        return None
    doc, start, end = found
    for m in doc.mentions:
        if m.start == start and m.end == end and m.entity_id:
            return m.entity_id
    for m in doc.mentions:
        if m.start < end and start < m.end and m.entity_id:
            return m.entity_id
    return None


def find_timex(docs: Sequence[Document], anchor: dict[str, Any]) -> tuple[Document, Timex] | None:
    found = find_passage(docs, anchor)
    if found is None:
        return None
    doc, start, end = found
    for t in doc.timexes:
        if t.start < end and start < t.end:
            return doc, t
    return None


# ---------------------------------------------------------------- checking a decision

def check(decision: Decision) -> Decision:
    """Raise CorrectionError when the decision's kind or change is not one fontes can apply."""
    kind, change = decision.kind, decision.change
    if kind not in KINDS:
        raise CorrectionError(f"unknown correction {kind!r}; one of: {', '.join(KINDS)}")
    if kind == "entity.retype" and change.get("type") not in ENTITY_TYPES:
        raise CorrectionError(f"entity type must be one of {', '.join(ENTITY_TYPES)}")
    if kind == "entity.rename" and not str(change.get("name", "")).strip():
        raise CorrectionError("a new name is needed")
    if kind in ("event.type", "event.add") and change.get("type") not in EVENT_TYPES:
        raise CorrectionError(f"event type must be one of {', '.join(EVENT_TYPES)}")
    if kind == "event.date" or (kind == "event.add" and change.get("date")):
        date = change if kind == "event.date" else change["date"]
        dual_date(date.get("value", ""), date.get("calendar", "gregorian"))
    if kind == "conflict.settle" and change.get("status") not in STATUSES:
        raise CorrectionError(f"status must be one of {', '.join(STATUSES)}")
    if kind == "calendar.set" and change.get("calendar") not in ("julian", "gregorian"):
        raise CorrectionError("calendar must be julian or gregorian")
    return decision


_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def dual_date(value: str, calendar: str = "gregorian") -> DualDate:
    """A user's date (YYYY, YYYY-MM, YYYY-MM-DD, or 'a/b' for a range) in one calendar, in both.

    Raises CorrectionError when it is not a date of that calendar (31 February, month 13).
    """
    value = (value or "").strip()
    parts = value.split("/")
    if calendar not in ("julian", "gregorian") or not value or len(parts) > 2 or \
            not all(_VALUE.fullmatch(p) for p in parts):
        raise CorrectionError(f"date {value!r}: write YYYY, YYYY-MM, YYYY-MM-DD or a range FIRST/LAST, "
                              "in the julian or gregorian calendar")
    for part in parts:
        if not calendars.is_real_date(part, calendar):
            raise CorrectionError(f"date {part!r} does not exist in the {calendar} calendar")
    if calendar == "gregorian":
        return DualDate(value, None, value)
    gregorian = "/".join(calendars.convert_value(p, "gregorian") or p for p in parts)
    return DualDate(gregorian, value, value)


# ---------------------------------------------------------------- applying

def apply_before_resolve(docs: list[Document], decisions: Iterable[Decision]) -> list[Outcome]:
    """Apply the document-level decisions (calendars, event type/date, rejections, additions) in order."""
    out = []
    for d in decisions:
        if d.undone or d.kind not in BEFORE_RESOLVE:
            continue
        out.append(_BEFORE[d.kind](docs, d))
    return out


def apply_after_resolve(corpus: Corpus, decisions: Iterable[Decision]) -> list[Outcome]:
    """Apply the corpus-level decisions (entities, participants, conflicts), and re-assert event dates/types."""
    out = []
    for d in decisions:
        if d.undone:
            continue
        if d.kind not in BEFORE_RESOLVE:
            out.append(_AFTER[d.kind](corpus, d))
        elif d.kind in ("event.date", "event.type"):  # resolve may recompute dates: the user's stand
            _BEFORE[d.kind](corpus.documents, d)
            _sync_corpus_events(corpus)
    return out


def _orphan(d: Decision, what: str) -> Outcome:
    return Outcome(d, False, note=f"{what} no longer exists in the knowledge base")


def _mark(obj: Any, key: str, d: Decision) -> None:
    curated = getattr(obj, "curated", None)
    if curated is None:
        curated = {}
        obj.curated = curated
    curated[key] = d.stamp()


def _calendar_set(docs: list[Document], d: Decision) -> Outcome:
    cal, target = d.change["calendar"], d.target
    if "start" not in target:  # the whole document
        doc = find_document(docs, target)
        if doc is None:
            return _orphan(d, f"document {target.get('name')}")
        timexes = list(doc.timexes)
        doc.calendar, doc.calendar_reason, doc.calendar_confidence = cal, _reason(d), 1.0
    else:
        found = find_passage(docs, target)
        if found is None:
            return _orphan(d, f"passage {target.get('text', '')[:40]!r} of {target.get('name')}")
        doc, start, end = found
        timexes = [t for t in doc.timexes if start <= t.start and t.end <= end] or \
                  [t for t in doc.timexes if t.start < end and start < t.end]
    for t in timexes:
        _reread(t, cal, d)
    for e in doc.events:
        if e.timex_index is not None and e.timex_index < len(doc.timexes) and doc.timexes[e.timex_index] in timexes:
            t = doc.timexes[e.timex_index]
            e.when = DualDate(t.gregorian or t.value, t.julian, t.text)
            _mark(e, "date", d)
    return Outcome(d, True, touched=[doc.id])


def _reason(d: Decision) -> str:
    return f"set by {d.author}" + (f": {d.reason}" if d.reason else "")


def _reread(t: Timex, calendar: str, d: Decision) -> None:
    """A time expression read in another calendar: its value as written stays, the other is recomputed."""
    if not t.value or not re.match(r"^\d{4}", t.value):
        return
    if calendar == "julian":
        t.julian, t.gregorian = t.value, calendars.convert_value(t.value, "gregorian", mod=t.mod) or t.value
    else:
        t.gregorian, t.julian = t.value, None
    t.calendar, t.calendar_reason, t.confidence = calendar, _reason(d), 1.0


def _event_type(docs: list[Document], d: Decision) -> Outcome:
    found = find_event(docs, d.target)
    if found is None:
        return _orphan(d, _event_name(d.target))
    doc, event = found
    event.type = d.change["type"]
    _mark(event, "type", d)
    return Outcome(d, True, touched=[event.id])


def _event_date(docs: list[Document], d: Decision) -> Outcome:
    found = find_event(docs, d.target)
    if found is None:
        return _orphan(d, _event_name(d.target))
    doc, event = found
    event.when = dual_date(d.change["value"], d.change.get("calendar", "gregorian"))
    event.timex_index = None  # the user's date, not one read from the passage
    _mark(event, "date", d)
    return Outcome(d, True, touched=[event.id])


def _event_reject(docs: list[Document], d: Decision) -> Outcome:
    found = find_event(docs, d.target)
    if found is None:
        return _orphan(d, _event_name(d.target))
    doc, event = found
    doc.events.remove(event)
    return Outcome(d, True, touched=[event.id])


def _event_add(docs: list[Document], d: Decision) -> Outcome:
    found = find_passage(docs, d.target)
    if found is None:
        return _orphan(d, f"passage {d.target.get('text', '')[:40]!r} of {d.target.get('name')}")
    doc, start, end = found
    digest = hashlib.sha1(f"{doc.id}:{start}:{end}:{d.change['type']}".encode()).hexdigest()[:10]
    event = Event(id=f"{doc.id[:12]}:user:{digest}", type=d.change["type"], start=start, end=end,
                  evidence=doc.text[start:end], doc_id=doc.id, zone=doc.zone_at(start), confidence=1.0)
    date = d.change.get("date")
    if date:
        event.when = dual_date(date["value"], date.get("calendar", "gregorian"))
    else:  # the first time expression of the passage, as the events stage would
        for i, t in enumerate(doc.timexes):
            if start <= t.start and t.end <= end and t.type == "DATE" and (t.gregorian or t.value):
                event.when, event.timex_index = DualDate(t.gregorian or t.value, t.julian, t.text), i
                break
    for key in ("event", "type", "date"):
        _mark(event, key, d)
    doc.events.append(event)
    doc.events.sort(key=lambda e: (e.start, e.end))
    return Outcome(d, True, touched=[event.id])


def _event_name(anchor: dict[str, Any]) -> str:
    return f"event {anchor.get('type', '')} {anchor.get('text', '')[:40]!r} of {anchor.get('name')}"


# --- after resolve

def _entity_or_orphan(corpus: Corpus, anchor: dict[str, Any]) -> Entity | None:
    eid = find_entity_id(corpus.documents, anchor)
    return next((e for e in corpus.entities if e.id == eid), None) if eid else None


def _merge(corpus: Corpus, d: Decision) -> Outcome:
    keep = _entity_or_orphan(corpus, d.target)
    if keep is None:
        return _orphan(d, f"entity {d.target.get('entity')!r}")
    merged, missing = [], []
    for anchor in d.change.get("with", []):
        other = _entity_or_orphan(corpus, anchor)
        if other is None:
            missing.append(anchor.get("entity") or anchor.get("text"))
        elif other.id != keep.id:
            _absorb(corpus, keep, other)
            merged.append(other.id)
    _mark(keep, "merge", d)
    note = f"not found: {', '.join(map(str, missing))}" if missing else ""
    return Outcome(d, bool(merged) or not missing, touched=[keep.id, *merged], note=note)


def _absorb(corpus: Corpus, keep: Entity, other: Entity) -> None:
    """Make other's mentions, names and participations keep's, and drop other."""
    for name in [other.name, *other.aliases]:
        if name not in keep.aliases and name != keep.name:
            keep.aliases.append(name)
    keep.doc_ids = sorted(set(keep.doc_ids) | set(other.doc_ids))
    keep.mention_count += other.mention_count
    keep.roles.extend(other.roles)
    for key, value in other.authority.items():
        keep.authority.setdefault(key, value)
    if keep.lat is None and other.lat is not None:
        keep.lat, keep.lon = other.lat, other.lon
    _replace_id(corpus, {other.id: keep.id})
    corpus.entities.remove(other)


def _replace_id(corpus: Corpus, ids: dict[str, str], mentions: bool = True) -> None:
    """Point mentions, event participants and merged events at new entity ids."""
    for doc in corpus.documents:
        if mentions:
            for m in doc.mentions:
                if m.entity_id in ids:
                    m.entity_id = ids[m.entity_id]
        for e in doc.events:
            _swap(e, ids)
    for ce in corpus.events:
        _swap(ce, ids)


def _swap(obj: Any, ids: dict[str, str]) -> None:
    obj.actors = list(dict.fromkeys(ids.get(a, a) for a in obj.actors))
    obj.targets = list(dict.fromkeys(ids.get(a, a) for a in obj.targets))
    if obj.place in ids:
        obj.place = ids[obj.place]


def _split(corpus: Corpus, d: Decision) -> Outcome:
    entity = _entity_or_orphan(corpus, d.target)
    if entity is None:
        return _orphan(d, f"entity {d.target.get('entity')!r}")
    moved = []
    for anchor in d.change.get("mentions", []):
        found = find_passage(corpus.documents, anchor)
        if found is None:
            continue
        doc, start, end = found
        moved += [(doc, m) for m in doc.mentions if m.start == start and m.end == end and m.entity_id == entity.id]
    if not moved:
        return Outcome(d, False, note="none of the mentions to split off belongs to the entity any more")
    name = d.change.get("name") or moved[0][1].text
    new_id = f"{entity.id}~{_slug(name)}"
    new = Entity(id=new_id, name=name, type=d.change.get("type") or entity.type,
                 aliases=sorted({m.text for _, m in moved} - {name}), doc_ids=sorted({doc.id for doc, _ in moved}),
                 mention_count=len(moved))
    for doc, m in moved:
        m.entity_id = new_id
        if d.change.get("type"):
            m.label = d.change["type"]
    left = {m.text for doc in corpus.documents for m in doc.mentions if m.entity_id == entity.id}
    entity.aliases = [a for a in entity.aliases if a in left or a == entity.name]
    entity.mention_count = max(0, entity.mention_count - len(moved))
    entity.doc_ids = sorted({doc.id for doc in corpus.documents for m in doc.mentions if m.entity_id == entity.id})
    _mark(new, "split", d)
    corpus.entities.append(new)
    return Outcome(d, True, touched=[entity.id, new_id])


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "x"


def _rename(corpus: Corpus, d: Decision) -> Outcome:
    entity = _entity_or_orphan(corpus, d.target)
    if entity is None:
        return _orphan(d, f"entity {d.target.get('entity')!r}")
    name = d.change["name"].strip()
    if entity.name != name and entity.name not in entity.aliases:
        entity.aliases.append(entity.name)
    entity.name = name
    _mark(entity, "name", d)
    return Outcome(d, True, touched=[entity.id])


def _retype(corpus: Corpus, d: Decision) -> Outcome:
    entity = _entity_or_orphan(corpus, d.target)
    if entity is None:
        return _orphan(d, f"entity {d.target.get('entity')!r}")
    entity.type = d.change["type"]
    for doc in corpus.documents:
        for m in doc.mentions:
            if m.entity_id == entity.id:
                m.label = entity.type
    _mark(entity, "type", d)
    return Outcome(d, True, touched=[entity.id])


def _participants(corpus: Corpus, d: Decision) -> Outcome:
    found = find_event(corpus.documents, d.target)
    if found is None:
        return _orphan(d, _event_name(d.target))
    _, event = found
    role = d.kind.split(".")[1]
    if role == "place":
        anchor = d.change.get("entity")
        place = find_entity_id(corpus.documents, anchor) if anchor else None
        if anchor and place is None:
            return Outcome(d, False, note=f"place {anchor.get('entity')!r} no longer exists")
        event.place = place
    else:
        ids = [find_entity_id(corpus.documents, a) for a in d.change.get("entities", [])]
        if None in ids:
            return Outcome(d, False, note=f"an entity named as {role} no longer exists")
        setattr(event, role, list(dict.fromkeys(ids)))
    _mark(event, role, d)
    _sync_corpus_events(corpus)
    return Outcome(d, True, touched=[event.id])


def _sync_corpus_events(corpus: Corpus) -> None:
    """Merged events take the (possibly corrected) type, date and participants of their reports."""
    events = {e.id: e for doc in corpus.documents for e in doc.events}
    for ce in corpus.events:
        reports = [events[c.event_id] for c in ce.reported_by if c.event_id in events]
        curated = [r for r in reports if getattr(r, "curated", None)]
        if not curated:
            continue
        ce.actors = list(dict.fromkeys(a for r in reports for a in r.actors))
        ce.targets = list(dict.fromkeys(a for r in reports for a in r.targets))
        ce.place = next((r.place for r in reports if r.place), ce.place)
        for r in curated:
            if "date" in r.curated and r.when:
                ce.when = r.when
                ce.reasoning = f"date set by {r.curated['date']['by']}" + (
                    f": {r.curated['date']['why']}" if r.curated["date"].get("why") else "")
                _stamp_copy(ce, "date", r.curated["date"])
            if "type" in r.curated:
                ce.type = r.type
                _stamp_copy(ce, "type", r.curated["type"])


def _stamp_copy(obj: Any, key: str, stamp: dict[str, Any]) -> None:
    if getattr(obj, "curated", None) is None:
        obj.curated = {}
    obj.curated[key] = stamp


def _settle(corpus: Corpus, d: Decision) -> Outcome:
    wanted = {(c.get("doc"), c.get("text")) for c in d.target.get("claims", [])}
    by_id = {e.id: (doc, e) for doc in corpus.documents for e in doc.events}
    best, overlap = None, 0
    for conflict in corpus.conflicts:
        have = set()
        for claim in conflict.claims:
            if claim.event_id in by_id:
                doc, e = by_id[claim.event_id]
                have.add((doc.id, e.evidence))
                have.add((doc.id, doc.text[e.start:e.end]))
        n = len(wanted & have)
        if n > overlap:
            best, overlap = conflict, n
    if best is None:
        return _orphan(d, "the conflict between these passages")
    _stamp_copy(best, "status", {**d.stamp(), "status": d.change["status"], "note": d.change.get("note", "")})
    return Outcome(d, True, touched=[best.about])


def _accept(corpus: Corpus, d: Decision) -> Outcome:
    return Outcome(d, True, touched=[str(d.target.get("item", ""))])


_BEFORE = {"calendar.set": _calendar_set, "event.type": _event_type, "event.date": _event_date,
           "event.reject": _event_reject, "event.add": _event_add}
_AFTER = {"entity.merge": _merge, "entity.split": _split, "entity.rename": _rename, "entity.retype": _retype,
          "event.actors": _participants, "event.targets": _participants, "event.place": _participants,
          "conflict.settle": _settle, "review.accept": _accept}

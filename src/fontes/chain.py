"""Chain of command: link messages to receipts, replies to messages, orders to refusals, and posts to tenures.

``link_events`` writes ``Event.links`` (resolve calls it); ``assign_roles`` turns appointments and
dismissals into ``Entity.roles``; ``chain`` lists who told whom what, when, by which channel,
each step cited, for ``fontes chronology --chain``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from fontes import calendars
from fontes.model import Corpus, Document, DualDate, Entity, Event, Role

CHAIN_TYPES = (
    "ORDER", "MESSAGE_SENT", "MESSAGE_RECEIVED", "PROPOSAL", "AUTHORIZATION", "REFUSAL",
    "DISMISSAL", "APPOINTMENT",
)
SENDS = ("MESSAGE_SENT", "ORDER", "PROPOSAL")
REPLY_WORDS = ("reply", "answer", "response")
LINK_WINDOW_DAYS = 31  # a receipt, refusal or reply is looked for within a month of its cause


@dataclass
class ChainStep:
    """One link of the chain: who told whom what, when, by which channel, and where it is written."""

    when: DualDate | None
    type: str
    who: list[str]
    whom: list[str]
    what: str
    channel: str | None
    doc_id: str
    doc_name: str
    event_id: str
    evidence: str
    citation: str
    modality: str = "asserted"
    links: dict[str, list[str]] = field(default_factory=dict)


def _add(event: Event, relation: str, other: Event) -> None:
    ids = event.links.setdefault(relation, [])
    if other.id not in ids:
        ids.append(other.id)


def _day(event: Event) -> date | None:
    if not event.when or not event.when.gregorian:
        return None
    return _first_day(event.when.gregorian)


@lru_cache(maxsize=65536)
def _first_day(value: str) -> date | None:
    bounds = calendars.value_bounds(value)
    return bounds[0] if bounds else None


def _before(cause: Event, effect: Event) -> bool:
    """Whether a cause can precede an effect: same document and earlier text, or dated no later."""
    a, b = _day(cause), _day(effect)
    if a and b:
        return a <= b and (b - a).days <= LINK_WINDOW_DAYS
    return cause.doc_id == effect.doc_id and cause.start <= effect.start


def _people(event: Event) -> set[str]:
    return set(event.actors) | set(event.targets)


def link_events(docs: list[Document]) -> None:
    """Write Event.links: received_as/receipt_of, replied_by/reply_to, refused_by/refuses, replaced_by/replaces."""
    events = _Pools([e for doc in docs for e in doc.events if e.modality in ("asserted", "planned")])
    for effect in events.all:
        if effect.type == "MESSAGE_RECEIVED":
            cause = _nearest(effect, events, SENDS, lambda c, effect=effect: not _people(c) or not _people(effect) or bool(_people(c) & _people(effect)))
            if cause:
                _add(cause, "received_as", effect)
                _add(effect, "receipt_of", cause)
        elif effect.type == "MESSAGE_SENT" and _is_reply(effect):
            cause = _nearest(effect, events, SENDS, lambda c, effect=effect: bool(set(c.targets) & set(effect.actors)))
            if cause:
                _add(cause, "replied_by", effect)
                _add(effect, "reply_to", cause)
        elif effect.type == "REFUSAL":
            cause = _nearest(effect, events, ("ORDER",), lambda c, effect=effect: not effect.actors or not c.targets or bool(set(c.targets) & set(effect.actors)))
            if cause:
                _add(cause, "refused_by", effect)
                _add(effect, "refuses", cause)
        elif effect.type == "APPOINTMENT":
            cause = _nearest(effect, events, ("DISMISSAL",), lambda c, effect=effect: c.doc_id == effect.doc_id)
            if cause:
                _add(cause, "replaced_by", effect)
                _add(effect, "replaces", cause)


def _is_reply(event: Event) -> bool:
    """"replied", "sent an answer", "in reply to": a message answering an earlier one."""
    trigger = (event.trigger or "").lower()
    return trigger.startswith(("repl", "answer", "respon")) or bool(
        re.search(r"\b(?:in (?:reply|answer|response) to|(?:a|an|his|her|their) (?:reply|answer|response))\b", event.evidence.lower())
    )


class _Pools:
    """The events a link may start from, by type, by document and by day, so that finding a cause looks
    only at the events that could be it (see ``_before``): linear in the events of a long document and
    of a corpus, not quadratic."""

    def __init__(self, events: list[Event]) -> None:
        self.all = events
        self._typed: dict[tuple[str, ...], _Pool] = {}

    def of(self, types: tuple[str, ...]) -> "_Pool":
        if types not in self._typed:
            self._typed[types] = _Pool([e for e in self.all if e.type in types])
        return self._typed[types]


class _Pool:
    """Events of some types: each document's sorted by start, the dated ones sorted by day."""

    def __init__(self, events: list[Event]) -> None:
        self.order = {id(e): i for i, e in enumerate(events)}  # the original order breaks ties, as max() did
        by_doc: dict[str | None, list[Event]] = {}
        for e in events:
            by_doc.setdefault(e.doc_id, []).append(e)
        self.by_doc = {d: sorted(evs, key=lambda e: e.start) for d, evs in by_doc.items()}  # stable
        self.starts = {d: [e.start for e in evs] for d, evs in self.by_doc.items()}
        dated = sorted(((day, self.order[id(e)], e) for e in events if (day := _day(e))), key=lambda x: (x[0], x[1]))
        self.days = [d for d, _, _ in dated]
        self.dated = [e for _, _, e in dated]

    def earlier_in(self, effect: Event) -> list[Event]:
        """Events of the effect's document that start no later than it, latest first."""
        evs = self.by_doc.get(effect.doc_id, [])
        return evs[:bisect_right(self.starts.get(effect.doc_id, []), effect.start)][::-1]

    def dated_before(self, day: date) -> list[Event]:
        """Dated events from LINK_WINDOW_DAYS before ``day`` to ``day``."""
        return self.dated[bisect_left(self.days, day - timedelta(days=LINK_WINDOW_DAYS)):bisect_right(self.days, day)]


def _nearest(effect: Event, events: _Pools, types: tuple[str, ...], ok) -> Event | None:
    """The latest earlier event of the given types that fits, preferring the same document."""
    pool = events.of(types)
    best: Event | None = None
    for c in pool.earlier_in(effect):  # latest first: the first fit's start is the text's own sequence
        if best is not None and c.start < best.start:
            break
        if c is not effect and c.zone == effect.zone and _not_after(c, effect):
            best = c  # among equal starts the earliest in the original order, as max() keeps the first
    if best is not None:
        return best
    day = _day(effect)
    near = [] if day is None else pool.dated_before(day)
    near += [c for c in pool.earlier_in(effect) if not (_day(c) and day)]  # undated: its own document's earlier text
    candidates = sorted({id(c): c for c in near if c is not effect and _before(c, effect) and ok(c)}.values(),
                        key=lambda c: pool.order[id(c)])
    if not candidates:
        return None
    return max(candidates, key=lambda c, effect=effect: (_day(c) or date.min, c.start))


def _not_after(cause: Event, effect: Event) -> bool:
    a, b = _day(cause), _day(effect)
    return a is None or b is None or a <= b


def assign_roles(corpus: Corpus) -> None:
    """Add Entity.roles from appointments (start of a tenure) and dismissals (its end)."""
    entities = {e.id: e for e in corpus.entities}
    events = {e.id: e for doc in corpus.documents for e in doc.events}
    for doc in _one_witness_per_text(corpus):
        for event in doc.events:
            if event.modality != "asserted" or event.type not in ("APPOINTMENT", "DISMISSAL"):
                continue
            title = _title(event) or next(
                (_title(events[i]) for i in event.links.get("replaced_by", []) if i in events), None
            ) or "post"
            day = event.when.gregorian if event.when else None
            for target in event.targets:
                entity = entities.get(target)
                if entity is None:
                    entity = Entity(id=target, name=(event.arguments.get("targets") or [target])[0], type="PER")
                    corpus.entities.append(entity)
                    entities[target] = entity
                role = Role(
                    title=title, start=day if event.type == "APPOINTMENT" else None,
                    end=day if event.type == "DISMISSAL" else None, doc_id=doc.id, evidence=event.evidence,
                )
                if role not in entity.roles:
                    entity.roles.append(role)


def _one_witness_per_text(corpus: Corpus) -> list[Document]:
    """The documents, a copy or reprint of another's text left out: its steps are the leading witness's."""
    return [d for d in corpus.documents if corpus.witnesses.get(d.id, d.id) == d.id]


def _title(event: Event) -> str | None:
    """"has been appointed the new Commander-in-Chief" → "Commander-in-Chief"."""
    match = re.search(
        r"\b(?:appointed|named|made|installed|nominated|dismissed|removed|relieved)\b(?:\s+as)?\s+(?:the\s+)?(?:new\s+)?"
        r"((?:[A-Z][\w’'-]*(?:\s+(?:of|for|in)\s+|\s+)?){1,6})",
        event.evidence,
    )
    if match:
        return match[1].strip(" ,.") or None
    return None


def chain(corpus: Corpus) -> list[ChainStep]:
    """The chain of command in date order: every order, message, receipt, refusal and change of post."""
    names = {e.id: e.name for e in corpus.entities}
    steps = []
    for doc in _one_witness_per_text(corpus):
        cite = doc.citation.short or doc.citation.title or doc.name
        for event in doc.events:
            if event.type not in CHAIN_TYPES or event.modality not in ("asserted", "planned"):
                continue
            who = [names.get(a, a) for a in event.actors] or event.arguments.get("actors", [])
            whom = [names.get(t, t) for t in event.targets] or event.arguments.get("targets", [])
            steps.append(ChainStep(
                when=event.when, type=event.type, who=who, whom=whom, what=_what(event), channel=event.channel,
                doc_id=doc.id, doc_name=doc.name, event_id=event.id, evidence=event.evidence, citation=cite,
                modality=event.modality, links=dict(event.links),
            ))
    steps.sort(key=lambda s: (_sort_day(s.when), s.doc_name, s.event_id))
    return steps


def _sort_day(when: DualDate | None) -> tuple[date, str]:
    if when is None or not when.gregorian:
        return (date.max, "")
    bounds = calendars.value_bounds(when.gregorian)
    return (bounds[0] if bounds else date.max, when.gregorian)


def _what(event: Event) -> str:
    verb = event.type.lower().replace("_", " ")
    extra = "; ".join(event.arguments.get("content_recipients", []))
    return f"{verb} ({event.trigger})" + (f" — concerning {extra}" if extra else "")

"""Review: what fontes is least sure of, first, so a historian's time goes where it matters.

The queue holds, each with a score (how unsure fontes is, 0–1) and the question to answer:

- calendar decisions with low confidence (a document's calendar, a date read in one calendar);
- entity merges with a low score (names clustered as one entity that look least alike);
- events with no date, or no actor;
- conflicts without a diagnosis (and, lower, the diagnosed ones).

Answering is a correction like any other (``fontes.corrections``): accept (``review.accept``:
fontes was right) or correct. An answered item leaves the queue; both count as gold
(``fontes corrections --as-gold``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz

from fontes.model import Corpus
from fontes.store import KnowledgeBase, conflict_id

DUAL_ERA_CONFIDENCE = 0.75  # a date read in one calendar with less confidence than this is asked about


@dataclass
class Item:
    """One question for the reviewer."""

    key: str  # stable: what the answer is recorded against
    kind: str  # calendar | date_calendar | merge | undated_event | event_without_actor | conflict
    score: float  # how unsure fontes is: review the highest first
    question: str
    evidence: str = ""
    doc: str | None = None  # file name
    target: dict[str, Any] = field(default_factory=dict)  # the keys a correction request needs (API/web)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def queue(kb: KnowledgeBase, *, limit: int | None = 50, kinds: set[str] | None = None) -> list[Item]:
    """The open review items, least sure first (answered ones left out)."""
    answered = _answered(kb)
    corpus = kb.corpus()
    items = [i for i in _items(corpus) if i.key not in answered and (not kinds or i.kind in kinds)]
    items.sort(key=lambda i: (-i.score, i.key))
    return items[:limit] if limit else items


def _answered(kb: KnowledgeBase) -> set[str]:
    """Keys of items a live correction answered (accepted, or corrected)."""
    keys: set[str] = set()
    for r in kb.decision_rows():
        if r["undone"]:
            continue
        if r["kind"] == "review.accept":
            keys.add(str(r["target"].get("item")))
        keys |= {f"{_KIND_PREFIX.get(r['kind'], r['kind'])}:{t}" for t in (r.get("touched") or [])}
    return keys


# a correction of these kinds answers the review item of the same prefix and id
_KIND_PREFIX = {"entity.merge": "merge", "entity.split": "merge", "event.date": "undated_event",
                "event.reject": "undated_event", "event.actors": "event_without_actor",
                "conflict.settle": "conflict", "calendar.set": "calendar"}


def _items(corpus: Corpus) -> list[Item]:
    return [*_calendar_items(corpus), *_merge_items(corpus), *_event_items(corpus), *_conflict_items(corpus)]


def _calendar_items(corpus: Corpus) -> list[Item]:
    out = []
    for doc in corpus.documents:
        confidence = doc.calendar_confidence
        if doc.calendar in ("julian", "gregorian", "mixed") and confidence is not None and confidence < 0.9 \
                and not (doc.calendar_reason or "").startswith("set by "):
            out.append(Item(key=f"calendar:{doc.id}", kind="calendar", score=round(1 - confidence, 3),
                            question=f"Are the dates of {doc.name} written in the {doc.calendar} calendar?",
                            evidence=doc.calendar_reason or "", doc=doc.name,
                            target={"doc": doc.name, "calendar": doc.calendar}))
        for t in doc.timexes:
            if t.julian and t.confidence < DUAL_ERA_CONFIDENCE and not (t.calendar_reason or "").startswith("set by "):
                other = "gregorian" if t.calendar == "julian" else "julian"
                out.append(Item(key=f"date_calendar:{doc.id}:{t.start}", kind="date_calendar",
                                score=round(0.9 * (1 - t.confidence), 3),
                                question=f"Is “{t.text}” {t.calendar or doc.calendar} (not {other})?",
                                evidence=_around(doc.text, t.start, t.end), doc=doc.name,
                                target={"doc": doc.name, "passage": t.text, "calendar": t.calendar}))
    return out


def _merge_items(corpus: Corpus) -> list[Item]:
    """Entities whose names look least alike: the merges most worth a look."""
    out = []
    for e in corpus.entities:
        names = [a for a in e.aliases if a != e.name]
        if not names:
            continue
        worst = min(names, key=lambda a: fuzz.token_set_ratio(a.lower(), e.name.lower()))
        similarity = fuzz.token_set_ratio(worst.lower(), e.name.lower()) / 100
        if similarity >= 0.8:
            continue
        out.append(Item(key=f"merge:{e.id}", kind="merge", score=round(0.8 * (1 - similarity), 3),
                        question=f"Are “{worst}” and “{e.name}” the same {_type_name(e.type)}?",
                        evidence=", ".join(e.aliases[:8]), target={"entity": e.id, "mentions": [worst]}))
    return out


def _event_items(corpus: Corpus) -> list[Item]:
    out = []
    for doc in corpus.documents:
        for ev in doc.events:
            if ev.zone != "body":
                continue
            if ev.when is None or not (ev.when.gregorian or ev.when.julian):
                out.append(Item(key=f"undated_event:{ev.id}", kind="undated_event", score=0.5 * ev.confidence,
                                question=f"When did this {ev.type.lower().replace('_', ' ')} happen?",
                                evidence=ev.evidence, doc=doc.name, target={"event": ev.id}))
            elif not ev.actors:
                out.append(Item(key=f"event_without_actor:{ev.id}", kind="event_without_actor",
                                score=0.35 * ev.confidence,
                                question=f"Who did this {ev.type.lower().replace('_', ' ')}?",
                                evidence=ev.evidence, doc=doc.name, target={"event": ev.id}))
    return out


def _conflict_items(corpus: Corpus) -> list[Item]:
    out = []
    for c in corpus.conflicts:
        if (c.curated or {}).get("status"):
            continue
        cid = conflict_id(c)
        score = 0.85 if c.diagnosis == "unexplained" else 0.3
        out.append(Item(key=f"conflict:{c.about}", kind="conflict", score=score,
                        question=f"Why do the sources disagree about {c.about}? ({c.diagnosis.replace('_', ' ')})",
                        evidence=" | ".join(f"{cl.says}: {cl.evidence}" for cl in c.claims[:3]),
                        target={"conflict": cid}))
    return out


def _around(text: str, start: int, end: int, width: int = 80) -> str:
    return text[max(0, start - width):end + width].replace("\n", " ").strip()


def _type_name(entity_type: str) -> str:
    return {"PER": "person", "ORG": "body", "LOC": "place", "WORK": "work", "EVENT": "event"}.get(entity_type, "entity")

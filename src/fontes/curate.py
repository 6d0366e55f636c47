"""Curate: make, undo and list corrections from what a user types (ids, names, passages).

The one place behind ``fontes fix``, ``fontes corrections``, the API's correction routes and the
web app's edit buttons. It turns a user's key (an entity's name or id, an event id, a conflict id,
a document and a passage of it) into the anchors of ``fontes.corrections``, stores the decision,
and resolves the knowledge base again so the change shows at once, exactly as the next build
will re-apply it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from fontes import corrections
from fontes.corrections import CorrectionError, Decision, Outcome
from fontes.model import Document
from fontes.settings import DEFAULTS, Settings
from fontes.store import KnowledgeBase, conflict_id


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- keys -> anchors

def entity_anchor(kb: KnowledgeBase, key: str, docs: Sequence[Document] | None = None) -> dict[str, Any]:
    entity = kb.entity(key)
    if entity is None:
        raise CorrectionError(f"no entity {key!r}; 'fontes entities' lists them (an id, a name or an alias)")
    return corrections.entity_anchor(docs if docs is not None else kb.documents(), entity.id, entity.name)


def event_anchor(kb: KnowledgeBase, event_id: str, docs: Sequence[Document] | None = None) -> dict[str, Any]:
    for doc in docs if docs is not None else kb.documents():
        for event in doc.events:
            if event.id == event_id:
                return corrections.event_anchor(doc, event)
    raise CorrectionError(f"no event {event_id!r}; 'fontes chronology --format json' gives each report's event id")


def conflict_anchor(kb: KnowledgeBase, key: str, docs: Sequence[Document] | None = None) -> dict[str, Any]:
    for conflict in kb.conflicts():
        if conflict_id(conflict) == key or conflict.about == key:
            return corrections.conflict_anchor(docs if docs is not None else kb.documents(), conflict)
    raise CorrectionError(f"no conflict {key!r}; 'fontes conflicts --format json' gives their ids")


def document_of(kb: KnowledgeBase, key: str) -> Document:
    doc = kb.document(key)
    if doc is None:
        raise CorrectionError(f"no document {key!r}; 'fontes show' takes a file name, path or id")
    return doc


def passage_anchor(kb: KnowledgeBase, doc_key: str, passage: str | None = None, *,
                   start: int | None = None, end: int | None = None, occurrence: int = 1) -> dict[str, Any]:
    """A passage of a document by its exact text (the n-th occurrence) or by offsets."""
    doc = document_of(kb, doc_key)
    if start is not None and end is not None:
        if not 0 <= start < end <= len(doc.text):
            raise CorrectionError(f"offsets {start}-{end} are outside {doc.name} (0-{len(doc.text)})")
        return corrections.passage_anchor(doc, start, end)
    if not passage:
        return corrections.document_anchor(doc)
    at = -1
    for _ in range(max(1, occurrence)):
        at = doc.text.find(passage, at + 1)
        if at < 0:
            raise CorrectionError(f"{doc.name} does not contain {passage!r}"
                                  + (f" {occurrence} times" if occurrence > 1 else "") + "; quote it exactly")
    return corrections.passage_anchor(doc, at, at + len(passage))


# ---------------------------------------------------------------- deciding

def decide(kb: KnowledgeBase, kind: str, target: dict[str, Any], change: dict[str, Any] | None = None, *,
           author: str, reason: str = "", settings: Settings = DEFAULTS, apply: bool = True) -> tuple[Decision, Outcome | None]:
    """Check, store and apply one correction; returns it with what applying it did."""
    decision = corrections.check(Decision(kind=kind, target=target, change=dict(change or {}), author=author or "unknown",
                                          reason=reason or "", created=now()))
    kb.add_decision(decision)
    if not apply:
        return decision, None
    return decision, refresh(kb, settings).get(decision.id)


def refresh(kb: KnowledgeBase, settings: Settings = DEFAULTS) -> dict[int, Outcome]:
    """Resolve the knowledge base again with every live correction; what each one did, by id."""
    from fontes.build import _resolve_with_corrections

    _, outcomes = _resolve_with_corrections(kb, settings)
    return {o.decision.id: o for o in outcomes if o.decision.id is not None}


def undo(kb: KnowledgeBase, decision_id: int, settings: Settings = DEFAULTS) -> bool:
    """Undo a correction (kept in the history as undone) and resolve again; False if none was live."""
    if not kb.undo_decision(decision_id, now()):
        return False
    refresh(kb, settings)
    return True


def history(kb: KnowledgeBase, key: str | None = None) -> list[dict[str, Any]]:
    """Every correction (or those that touched one entity, event or conflict id, or an entity's name)."""
    rows = kb.decision_rows()
    if not key:
        return rows
    ids = {key}
    entity = kb.entity(key)
    if entity is not None:
        ids.add(entity.id)
    for conflict in kb.conflicts():
        if conflict_id(conflict) == key:
            ids.add(conflict.about)
    return [r for r in rows if ids & set(r.get("touched") or []) or
            ids & {r["target"].get("entity"), r["target"].get("about")}]


# ---------------------------------------------------------------- corrections as gold

def as_gold(kb: KnowledgeBase, out: Path) -> list[Path]:
    """Write the curated knowledge base's documents as gold files (../shared/gold/SCHEMA.md's format).

    A user's review becomes evaluation data: each document that a live correction touched is
    written with its entities, time expressions and events as they stand after the corrections
    (``fontes annotate`` writes the same format from fontes's own output).
    """
    from fontes.annotate import annotate_document

    rows = [r for r in kb.decision_rows() if not r["undone"] and r.get("status") == "applied"]
    corpus = kb.corpus()
    touched = {t for r in rows for t in (r.get("touched") or [])}
    docs = [d for d in corpus.documents if d.id in touched or any(e.id in touched for e in d.events)
            or any(m.entity_id in touched for m in d.mentions)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in docs:
        path = out / f"{doc.name}.json"
        gold = annotate_document(doc, corpus)
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    # who reviewed what, beside the gold (the gold format itself has no place for it)
    log = out / "_decisions.json"
    log.write_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return written


# ---------------------------------------------------------------- a request by keys (API, web app)

def from_request(kb: KnowledgeBase, request: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A correction asked for by keys, as the API and the web app send it, turned into anchors.

    ``{"kind": "entity.merge", "entity": "a name", "with": ["another name"]}``,
    ``{"kind": "event.date", "event": "doc.txt#e3", "value": "1917-12-02", "calendar": "julian"}``,
    ``{"kind": "event.add", "doc": "doc.txt", "passage": "exact text", "type": "TREATY"}``,
    ``{"kind": "conflict.settle", "conflict": "conflict-84f5...", "status": "explained", "note": "..."}``,
    ``{"kind": "calendar.set", "doc": "doc.txt", "passage": "optional exact text", "calendar": "julian"}``.
    """
    kind = str(request.get("kind", ""))
    docs = kb.documents()
    group = kind.split(".")[0]

    def need(key: str) -> Any:
        if request.get(key) in (None, "", []):
            raise CorrectionError(f"{kind} needs {key!r}")
        return request[key]

    if group == "entity":
        target = entity_anchor(kb, str(need("entity")), docs)
        change: dict[str, Any] = {
            "entity.merge": lambda: {"with": [entity_anchor(kb, str(k), docs) for k in need("with")]},
            "entity.split": lambda: {"mentions": _mention_anchors(kb, docs, target, need("mentions")),
                                     **({"name": request["name"]} if request.get("name") else {})},
            "entity.rename": lambda: {"name": str(need("name"))},
            "entity.retype": lambda: {"type": str(need("type")).upper()},
        }.get(kind, dict)()
    elif kind == "event.add":
        target = passage_anchor(kb, str(need("doc")), request.get("passage"), start=request.get("start"),
                                end=request.get("end"))
        if "start" not in target:
            raise CorrectionError("event.add needs the passage: 'passage' (exact text) or 'start' and 'end'")
        change = {"type": str(need("type")).upper(), **({"date": request["date"]} if request.get("date") else {})}
    elif group == "event":
        target = event_anchor(kb, str(need("event")), docs)
        change = {
            "event.type": lambda: {"type": str(need("type")).upper()},
            "event.date": lambda: {"value": str(need("value")), "calendar": request.get("calendar", "gregorian")},
            "event.actors": lambda: {"entities": [entity_anchor(kb, str(k), docs) for k in need("entities")]},
            "event.targets": lambda: {"entities": [entity_anchor(kb, str(k), docs) for k in need("entities")]},
            "event.place": lambda: {"entity": entity_anchor(kb, str(request["entity"]), docs) if request.get("entity") else None},
        }.get(kind, dict)()
    elif kind == "conflict.settle":
        target = conflict_anchor(kb, str(need("conflict")), docs)
        change = {"status": need("status"), "note": str(request.get("note", ""))}
    elif kind == "review.accept":
        target, change = {"item": str(need("item"))}, {}
    elif kind == "calendar.set":
        target = passage_anchor(kb, str(need("doc")), request.get("passage"))
        change = {"calendar": need("calendar")}
    else:
        raise CorrectionError(f"unknown correction {kind!r}; one of: {', '.join(corrections.KINDS)}")
    return kind, target, change


def _mention_anchors(kb: KnowledgeBase, docs: Sequence[Document], target: dict[str, Any], texts: Sequence[str]) -> list[dict[str, Any]]:
    entity_id = corrections.find_entity_id(docs, target)
    out = [corrections.passage_anchor(doc, m.start, m.end) for doc in docs for m in doc.mentions
           if m.entity_id == entity_id and m.text in set(texts)]
    if not out:
        raise CorrectionError(f"the entity has no mention written {' or '.join(map(repr, texts))}")
    return out

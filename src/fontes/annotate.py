"""Annotate: a resolved corpus as gold-format JSON (one file per document plus _corpus.json).

The format is the one of ``shared/gold/SCHEMA.md``: quoted strings are copied exactly from
the document, dates are TIMEX3 values in both calendars, entity ids are global across the
corpus. Optional keys the gold also uses (``line``/``offset``/``zone`` on timexes,
``zone``/``modality`` on events, ``metadata_lines``) are written too, so a reader can audit
every answer against the text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from fontes.clean import is_fragment
from fontes.model import Citation, Corpus, Document, DualDate, Entity, Event, Timex

_SLUG = re.compile(r"[^0-9a-z]+")


def surface(text: str) -> str:
    """A mention's surface form as the gold writes it: whitespace collapsed, without possessive 's."""
    text = " ".join(text.split())
    if text.endswith(("'s", "’s")):
        return text[:-2]
    return text


def slug(text: str) -> str:
    """A readable id from a name: 'Council of People's Commissars' -> 'council-of-people-s-commissars'."""
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


def line_of(text: str, offset: int) -> int:
    """1-based line number of a code-point offset."""
    return text.count("\n", 0, offset) + 1


def _dual(date: DualDate | None) -> dict[str, Any] | None:
    if date is None or (date.gregorian is None and date.julian is None and date.as_written is None):
        return None
    return {"as_written": date.as_written, "gregorian": date.gregorian, "julian": date.julian}


def _when(date: DualDate | None) -> dict[str, Any] | None:
    if date is None or (date.gregorian is None and date.julian is None):
        return None
    return {"gregorian": date.gregorian, "julian": date.julian}


def metadata_fields(citation: Citation) -> dict[str, Any]:
    """The eight metadata fields of the gold, from a Citation."""
    return {
        "title": citation.title,
        "authors": list(citation.authors),
        "date": _dual(citation.date),
        "first_published": citation.first_published,
        "source": citation.source,
        "translators": list(citation.translators),
        "publisher": citation.publisher,
        # the gold writes the access date as a date record; the model keeps its ISO day
        "accessed": {"as_written": None, "gregorian": citation.accessed, "julian": None} if citation.accessed else None,
    }


def _entities(doc: Document, known: dict[str, Entity]) -> list[dict[str, Any]]:
    """Mentions grouped by entity id, each entity with its distinct surface forms in text order."""
    groups: dict[str, list[str]] = {}
    labels: dict[str, Counter[str]] = {}
    zones: dict[str, set[str]] = {}
    for m in sorted(doc.mentions, key=lambda m: (m.start, m.end)):
        key = m.entity_id or f"{slug(surface(m.text))}"
        forms = groups.setdefault(key, [])
        form = surface(m.text)
        if form and form not in forms:
            forms.append(form)
        labels.setdefault(key, Counter())[m.label] += 1
        zones.setdefault(key, set()).add(m.zone)
    out = []
    for key, forms in groups.items():
        entity = known.get(key)
        item: dict[str, Any] = {
            "id": key,
            "type": entity.type if entity else labels[key].most_common(1)[0][0],
            "name": entity.name if entity else forms[0],
            "mentions": forms,
        }
        if zones[key] == {"metadata"}:
            item["metadata_only"] = True
        if zones[key] == {"boilerplate"}:
            item["boilerplate_only"] = True
        out.append(item)
    return out


def _timex(doc: Document, t: Timex) -> dict[str, Any]:
    item: dict[str, Any] = {"text": t.text, "type": t.type, "value": t.value, "gregorian": t.gregorian,
                            "julian": t.julian}
    if t.mod:
        item["mod"] = t.mod
    item.update({"line": line_of(doc.text, t.start), "offset": t.start, "zone": t.zone})
    return item


def _event(doc: Document, e: Event) -> dict[str, Any]:
    item: dict[str, Any] = {"id": e.id, "type": e.type, "when": _when(e.when), "actors": list(e.actors),
                            "targets": list(e.targets), "place": e.place, "evidence": e.evidence,
                            "zone": e.zone, "offset": e.start}
    if e.modality != "asserted":
        item["modality"] = e.modality
    if e.channel:
        item["channel"] = e.channel
    if e.trigger:
        item["trigger"] = e.trigger
    return item


def annotate_document(doc: Document, corpus: Corpus | None = None) -> dict[str, Any]:
    """One document's annotations in the gold format."""
    known = {e.id: e for e in corpus.entities} if corpus else {}
    return {
        "doc": doc.name,
        "genre": doc.genre,
        "calendar": doc.calendar,
        "metadata": metadata_fields(doc.citation),
        "boilerplate": [t for z in doc.zones if z.kind == "boilerplate" and not is_fragment(z)
                        if (t := doc.text[z.start:z.end].strip())],
        "boilerplate_fragments": [t for z in doc.zones if z.kind == "boilerplate" and is_fragment(z)
                                  if (t := doc.text[z.start:z.end].strip())],
        "metadata_lines": [line for line in doc.lines("metadata") if line],
        "body": [line for line in doc.lines("body") if line],
        "body_keep": [line for line in doc.lines("body") if len(line) > 40][:5],  # lines cleaning must keep
        "removed": [{"line": line_of(doc.text, z.start), "kind": z.kind, "rule": z.rule,
                     "text": doc.text[z.start:z.end].strip()} for z in doc.zones if z.kind != "body"],
        "entities": _entities(doc, known),
        "timexes": [_timex(doc, t) for t in sorted(doc.timexes, key=lambda t: (t.start, t.end))],
        "events": [_event(doc, e) for e in doc.events],
    }


def annotate_corpus(corpus: Corpus, name: str | None = None) -> dict[str, Any]:
    """The cross-document part (_corpus.json): documents, global entities, merged events, conflicts."""
    names = {d.id: d.name for d in corpus.documents}
    entity_docs: dict[str, set[str]] = {}
    for doc in corpus.documents:
        for m in doc.mentions:
            if m.entity_id:
                entity_docs.setdefault(m.entity_id, set()).add(doc.name)
    entities = []
    for e in corpus.entities:
        docs = sorted({names.get(d, d) for d in e.doc_ids} | entity_docs.get(e.id, set()))
        entities.append({"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "docs": docs})
    return {
        "corpus": name,
        "documents": sorted(names.values()),
        "entities": entities,
        "events": [{"id": ev.id, "type": ev.type, "when": _when(ev.when), "reasoning": ev.reasoning,
                    "reported_by": [{"doc": names.get(c.doc_id, c.doc_id), "event": c.event_id, "says": c.says}
                                    for c in ev.reported_by]}
                   for ev in corpus.events],
        "conflicts": [{"about": c.about, "kind": c.kind, "diagnosis": c.diagnosis, "explanation": c.explanation,
                       "claims": [{"doc": names.get(cl.doc_id, cl.doc_id), "event": cl.event_id, "says": cl.says,
                                   "evidence": cl.evidence} for cl in c.claims]}
                      for c in corpus.conflicts],
    }


def annotate(corpus: Corpus, name: str | None = None) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Per-document annotations keyed by file name, and the corpus annotation."""
    docs = {doc.name: annotate_document(doc, corpus) for doc in corpus.documents}
    return docs, annotate_corpus(corpus, name)


def write_annotations(corpus: Corpus, out: Path, name: str | None = None) -> list[Path]:
    """Write ``<file name>.json`` per document and ``_corpus.json`` into ``out``; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    docs, whole = annotate(corpus, name or out.name)
    written = []
    for file_name, data in sorted(docs.items()):
        written.append(_write(out / f"{file_name}.json", data))
    written.append(_write(out / "_corpus.json", whole))
    return written


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_annotations(folder: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Read a folder in the gold format: per-document files keyed by document name, and _corpus.json."""
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        if path.name == "_corpus.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        docs[data.get("doc") or path.name.removesuffix(".json")] = data
    corpus_file = Path(folder) / "_corpus.json"
    whole = json.loads(corpus_file.read_text(encoding="utf-8")) if corpus_file.exists() else {}
    return docs, whole

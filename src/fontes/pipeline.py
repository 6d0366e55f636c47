"""The pipeline: per-document stages in order, then resolve across documents.

Per-document stages are functions of one Document and the Settings only, so the same code
can run as map tasks on a distributed engine; everything that needs several documents
lives in ``resolve``.

A text longer than ``settings.section_chars`` (a book, a long report) is cleaned and its
citation read as a whole, then analysed by the later stages (time, entities, events) one
section at a time, cut at paragraph breaks: time and memory then grow linearly with its
length, and no model ever sees more than a section. Each section's annotations are moved
back to their place in the whole text, so every offset still points into ``doc.text``; the
document-local entities of the sections are merged by name. From the second section on, each
runs inside spaCy's memory zones (``Language.memory_zone``, spaCy 3.8): the strings and lexemes
a section adds to the models' vocabularies are freed when it is done, so a book's new words do
not pile up; the first section, outside any zone, has loaded the models and their caches.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from contextlib import ExitStack, nullcontext
from functools import lru_cache
from pathlib import Path

from fontes.errors import PipelineError
from fontes.model import Corpus, Document, Entity, Event
from fontes.settings import DEFAULTS, Settings

Stage = Callable[[Document, Settings], Document]
# Stages that read the document as a whole (chrome repeated through the text, the citation in its
# head); the stages after them run section by section on a long text.
WHOLE_DOCUMENT_STAGES = ("clean", "metadata")


@lru_cache(maxsize=4)
def stages(settings: Settings = DEFAULTS) -> list[tuple[str, Stage]]:
    """The per-document stages in order: clean → metadata → time → entities → events.

    The spaCy pipelines the stages run (the NER, the parser of the event stage) are loaded here, once,
    and set to multiply matrices with numpy's BLAS (``ner.use_numpy_gemm``).
    """
    from fontes import clean, entities, events, metadata, timex
    from fontes.events.parse import _nlp
    from fontes.ner import use_numpy_gemm

    use_numpy_gemm(entities.load_model(settings))  # first: a model that cannot load says what to set
    use_numpy_gemm(_nlp(settings.spacy_model))
    return [
        ("clean", clean.clean),
        ("metadata", metadata.extract_metadata),
        ("time", timex.find_timexes),
        ("entities", entities.find_mentions),
        ("events", events.extract_events),
    ]


def analyse(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Run every per-document stage on one document (a long one in sections, see the module docstring).

    The stages after cleaning read the text with the letter forms of early print folded
    (``reading_text``: "firſt of Auguſt" is read as "first of August"); what they quote (the text of
    each time expression and mention, each event's evidence) is then taken from the text as written.
    """
    all_stages = stages(settings)
    whole = [(n, s) for n, s in all_stages if n in WHOLE_DOCUMENT_STAGES]
    later = [(n, s) for n, s in all_stages if n not in WHOLE_DOCUMENT_STAGES]
    doc = _run(doc, whole, settings)
    written = doc.text
    doc.text = reading_text(written)
    if len(doc.text) <= settings.section_chars:
        doc = _run(doc, later, settings)
    else:
        doc = _analyse_sections(doc, later, settings)
    if doc.text != written:
        _quote_as_written(doc, written)
    return doc


# Letter forms of early modern print that the stages read as their modern letter, one character for
# one so that every offset stays valid: the long s ("ſ").
_FOLD = str.maketrans({"ſ": "s"})


def reading_text(text: str) -> str:
    """The text as the stages after cleaning read it: ``text`` with early print's letter forms folded."""
    return text.translate(_FOLD) if "ſ" in text else text


def _quote_as_written(doc: Document, written: str) -> None:
    """Put the text as written back, and every quoted span of it (offsets are unchanged by the folding)."""
    doc.text = written
    for item in (*doc.timexes, *doc.mentions):
        item.text = written[item.start:item.end]
    for event in doc.events:
        if 0 <= event.start < event.end <= len(written) and len(event.evidence) == event.end - event.start:
            event.evidence = written[event.start:event.end]


def _analyse_sections(doc: Document, later: list[tuple[str, Stage]], settings: Settings) -> Document:
    """The stages after cleaning, one section of a long text at a time."""
    head: Document | None = None
    merged: dict[str, Entity] = {}
    doc.timexes, doc.mentions, doc.events, doc.calendar = [], [], [], None  # the sections' stages write them
    for n, (start, end) in enumerate(sections(doc.text, settings.section_chars)):
        # later sections read the place and date the first one found (the head names them)
        with _memory_zones(settings) if n else nullcontext():
            part = _run(_section(doc, start, end, head or doc), later, settings)
        _merge(doc, part, start, merged)
        head = head or part
        part.text = ""  # only one section's text and parses are held at a time
    for n, event in enumerate(doc.events, 1):
        event.id = f"{doc.name}#e{n}"
    doc.entities = list(merged.values())
    return doc


def _memory_zones(settings: Settings) -> ExitStack:
    """The memory zones of the spaCy pipelines the stages use (NER, parser), entered together."""
    from fontes import entities
    from fontes.events.parse import _nlp

    stack = ExitStack()
    for nlp in {id(m): m for m in (entities.load_model(settings), _nlp(settings.spacy_model))}.values():
        if hasattr(nlp, "memory_zone"):
            stack.enter_context(nlp.memory_zone())
    return stack


def _run(doc: Document, todo: list[tuple[str, Stage]], settings: Settings) -> Document:
    for name, stage in todo:
        out = stage(doc, settings)
        if not isinstance(out, Document):
            raise PipelineError(f"stage {name!r} returned {type(out).__name__}; return the Document")
        doc = out
    return doc


def sections(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) spans covering text, each at most ``size`` characters, cut where a paragraph ends.

    A cut falls after the last blank line of the span's second half, else after its last line
    break, else after its last space; a text without any is cut at ``size``.
    """
    size = max(size, 1)
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit, half = start + size, start + size // 2
        end = -1
        for sep in ("\n\n", "\n", " "):
            at = text.rfind(sep, half, limit)
            if at >= 0:
                end = at + len(sep)
                break
        if end <= start:
            end = limit
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def _clip(items: list, start: int, end: int) -> list:
    """Copies of the spans (dataclasses with start/end) that fall in [start, end), moved to the section."""
    return [dataclasses.replace(x, start=max(x.start, start) - start, end=min(x.end, end) - start)
            for x in items if x.start < end and x.end > start]


def _section(doc: Document, start: int, end: int, head: Document) -> Document:
    """The part text[start:end] as a Document of its own, with what the whole-document stages (and the
    head section: place and date of writing) found."""
    spans = None if doc.main_spans is None else [(max(a, start) - start, min(b, end) - start)
                                                  for a, b in doc.main_spans if a < end and b > start]
    return Document(id=doc.id, path=doc.path, text=doc.text[start:end], media_type=doc.media_type,
                    encoding=doc.encoding, html_meta=doc.html_meta, main_spans=spans, pages=_clip(doc.pages, start, end),
                    boxes=[], marks=_clip(doc.marks, start, end), record=doc.record, zones=_clip(doc.zones, start, end),
                    citation=doc.citation, genre=doc.genre, place=head.place, dct=head.dct)


def _merge(doc: Document, part: Document, offset: int, entities: dict[str, Entity]) -> None:
    """Put a section's annotations (the section starts at ``offset``) back into doc; merge its local
    entities into ``entities`` by name. The document's calendar, place and date are the first
    section's that decided them (each passage keeps its own calendar in its timexes)."""
    rename = _merge_entities(entities, part.entities)
    for t in part.timexes:
        t.start, t.end = t.start + offset, t.end + offset
    for m in part.mentions:
        m.start, m.end = m.start + offset, m.end + offset
        m.entity_id = rename.get(m.entity_id, m.entity_id)
    for e in part.events:
        _move_event(e, offset, len(doc.timexes), rename)
    doc.timexes.extend(part.timexes)
    doc.mentions.extend(part.mentions)
    doc.events.extend(part.events)
    if doc.calendar in (None, "none") and part.calendar is not None:
        doc.calendar, doc.calendar_reason, doc.calendar_confidence = part.calendar, part.calendar_reason, part.calendar_confidence
    doc.place = doc.place or part.place
    doc.dct = doc.dct or part.dct


def _move_event(event: Event, offset: int, timexes_before: int, rename: dict[str, str]) -> None:
    event.start, event.end = event.start + offset, event.end + offset
    if event.timex_index is not None:
        event.timex_index += timexes_before
    event.actors = [rename.get(a, a) for a in event.actors]
    event.targets = [rename.get(a, a) for a in event.targets]
    event.place = rename.get(event.place, event.place) if event.place else event.place


def _merge_entities(merged: dict[str, Entity], found: list[Entity]) -> dict[str, str]:
    """Add a section's entities to ``merged`` (by id); returns the ids renamed on the way.

    An entity whose id is taken by one of the same type and name is that entity (its aliases,
    roles and mentions join it); another one gets a fresh id.
    """
    rename: dict[str, str] = {}
    for entity in found:
        same = merged.get(entity.id)
        if same is not None and (same.type, same.name) != (entity.type, entity.name):
            base, n = entity.id, 2
            while f"{base}-s{n}" in merged and (merged[f"{base}-s{n}"].type, merged[f"{base}-s{n}"].name) != \
                    (entity.type, entity.name):
                n += 1
            rename[entity.id] = entity.id = f"{base}-s{n}"
            same = merged.get(entity.id)
        if same is None:
            merged[entity.id] = entity
            continue
        same.aliases.extend(a for a in entity.aliases if a not in same.aliases)
        same.roles.extend(entity.roles)
        same.mention_count += entity.mention_count
        if same.lat is None:
            same.lat, same.lon = entity.lat, entity.lon
        for key, value in entity.authority.items():
            same.authority.setdefault(key, value)
    return rename


def analyse_path(path: Path, settings: Settings = DEFAULTS) -> Document:
    """Read one file and run every per-document stage on it."""
    from fontes.ingest import read_document

    return analyse(read_document(path, settings), settings)


def resolve(docs: Iterable[Document], settings: Settings = DEFAULTS) -> Corpus:
    """Cross-document step: global entities, merged events, conflicts."""
    from fontes import resolve as resolve_stage

    return resolve_stage.resolve(list(docs), settings)

"""Event stage: extract_events, and one report per happening."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from fontes.events.clauses import _Context
from fontes.events.common import ASSERTED_MODALITIES, _is_dated
from fontes.events.dating import _TimeIndex
from fontes.events.foreign import _foreign_events
from fontes.events.lines import (
    _closing_events,
    _dateline_events,
    _header_events,
    _timeline_events,
    _timeline_lines,
)
from fontes.events.named import _named_span_events
from fontes.events.parse import _eventful, _mended, _nlp, _segments
from fontes.events.triggers import triggers
from fontes.model import EVENT_TYPES, Document, Event
from fontes.settings import DEFAULTS, Settings

# --- the stage --------------------------------------------------------------------------------

def extract_events(doc: Document, settings: Settings = DEFAULTS, *, keep_irrealis: bool = False) -> Document:
    """Add a typed Event for every happening the document reports, or plans ("will make an offer").

    A negated, hypothetical (an order's content, an imperative) or conditional ("sign only after
    approval") event is not an event: it is dropped unless ``keep_irrealis`` (used to inspect the
    modality decisions). Reads doc.text, doc.zones, doc.timexes, doc.mentions, doc.dct; writes doc.events.
    """
    table = triggers()
    found: list[Event] = []
    found.extend(_header_events(doc, table))
    found.extend(_dateline_events(doc, table))
    nlp = _nlp(settings.spacy_model)
    found.extend(_closing_events(doc, table, nlp))
    header_spans = [(e.start, e.end) for e in found]
    lines = _timeline_lines(doc, header_spans)
    time_index = _TimeIndex.of(doc)
    narrative = _narrative_filter(doc)
    pieces = [(zone_start, start, text) for zone_start, zone_end in _segments(doc)
              for start, text in _eventful(doc.text, zone_start, zone_end, nlp, narrative)]
    # the entity stage's mentions stand in for the model's entities; without them the NER runs too
    skip = ["ner"] if doc.mentions and "ner" in nlp.pipe_names else []
    parsed = nlp.pipe((_mended(text) for _, _, text in pieces), batch_size=64, disable=skip)
    for (zone_start, start, _), sdoc in zip(pieces, parsed):
        context = _Context(doc, sdoc, start, table, zone_start)
        context.time_index = time_index
        for sent in sdoc.sents:
            s_start = start + sent.start_char
            if any(a <= s_start < b for a, b in header_spans):
                continue
            found.extend(context.sentence_events(sent))
    foreign, foreign_spans = _foreign_events(doc, header_spans)
    if foreign_spans:
        found = [e for e in found if e.zone != "body" or not any(a <= e.start < b for a, b in foreign_spans)]
    found.extend(foreign)
    added, superseded = _timeline_events(doc, lines, found, nlp)
    found = [e for e in found if id(e) not in superseded] + added
    if not keep_irrealis:
        found = [e for e in found if e.modality in ASSERTED_MODALITIES]
    kept = _deduplicate(found)
    # named happenings with their own span of years, after the reports of the sentences: they are
    # no sentence's report, so none of them is taken for one told again (_refers_back)
    named = {e.evidence: e for e in _named_span_events(doc, table, kept)}
    doc.events = _number(doc, kept + list(named.values()))
    return doc



def _number(doc: Document, events: list[Event]) -> list[Event]:
    events.sort(key=lambda e: (e.start, EVENT_TYPES.index(e.type)))
    for n, event in enumerate(events, 1):
        event.id = f"{doc.name}#e{n}"
        event.doc_id = doc.id
    return events


def _deduplicate(events: list[Event]) -> list[Event]:
    """One report per happening: one event per type and sentence; a repeated line reports once; a
    non-finite or undated mention right after a same-type report by the same people refers back to
    it ("he refused to obey. ... dismissed for refusing to obey"); a headline or a noun naming the
    same happening again ("the crisis ... The crisis in Germany") joins the best-dated report."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.start):
        if any(k.type == event.type and (k.start == event.start or k.evidence == event.evidence) for k in kept):
            continue
        previous = next((k for k in reversed(kept) if k.type == event.type), None)
        if previous is not None and _refers_back(previous, event):
            continue
        if _named_again(kept, event):
            continue
        twin = next((k for k in kept if _same_happening(k, event)), None)
        if twin is not None:
            if _rank(event) < _rank(twin):
                kept[kept.index(twin)] = event
            continue
        kept.append(event)
    return kept


def _named_again(kept: list[Event], event: Event) -> bool:
    """An undated noun naming a happening the text has already told ("the crews raised a mutiny in
    May. The mutiny spread ..."): the same happening named again, no report of its own."""
    if event.confidence != 0.9 or event.timex_index is not None:
        return False
    lemma, name = event.arguments.get("lemma"), event.arguments.get("name")
    return any(k.type == event.type and k.arguments.get("lemma") == lemma and k.arguments.get("name") == name
               for k in kept)


def _people(event: Event) -> set[str]:
    return set(event.actors) | set(event.targets) | ({event.place} if event.place else set())


def _refers_back(previous: Event, event: Event) -> bool:
    if previous.modality not in ASSERTED_MODALITIES or event.timex_index is not None:
        return False
    if event.arguments.get("lemma") == ["narrated"] and not _same_word(previous.trigger, event.trigger):
        return False  # a finite clause of narrative with a verb of its own tells another act ("... the
        # siege was poorly managed. The Allies prevailed."), not the last one told again (issue 10)
    gap = event.start - previous.end
    if gap < 0 or gap > 2:
        return False  # only the very next sentence
    if event.confidence < 0.85:
        return not event.actors or not previous.actors or bool(set(event.actors) & set(previous.actors))
    return bool(set(event.actors) & set(previous.actors))


def _same_word(a: str | None, b: str | None) -> bool:
    """Whether two trigger words are forms of one word ("refused", "refusing", "refusal"): they
    share their first five letters (all of a shorter word)."""
    if not a or not b:
        return False
    a, b = a.lower(), b.lower()
    n = min(5, len(a), len(b))
    return a[:n] == b[:n]


def _same_happening(a: Event, b: Event) -> bool:
    if a.type != b.type or a.arguments.get("lemma") != b.arguments.get("lemma") or not (_people(a) & _people(b)):
        return False
    return "metadata" in (a.zone, b.zone) or (a.confidence == b.confidence == 0.9)


def _rank(event: Event) -> tuple[int, int, int]:
    """Which of two reports of one happening to keep: dated by its own timex, in the body, first."""
    return (event.timex_index is None, event.zone != "body", event.start)


def _narrative_filter(doc: Document) -> Callable[[int, int], bool]:
    """Whether a range of the body names a person, body or place, or holds a dated time
    expression: a sentence that may narrate a happening although no trigger word is in it."""
    starts = sorted({m.start for m in doc.mentions if m.label in ("PER", "ORG", "LOC")}
                    | {t.start for t in doc.timexes if _is_dated(t)})

    def narrative(start: int, end: int) -> bool:
        k = bisect_left(starts, start)
        return k < len(starts) and starts[k] < end and doc.zone_at(start) == "body"

    return narrative

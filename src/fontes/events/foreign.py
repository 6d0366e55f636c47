"""Events told in another language than the parser's (French, Norwegian, German): in a page written
in that language (its function words a good share of the body's words, well over the English ones),
a sentence whose function words are mostly that language's is typed by the language's trigger words
(data/event_triggers.yaml, ``languages``), one event per type and sentence, dated by the first
dated time expression inside it. The English parser reads such a sentence as noise. A foreign
title or quotation in an English page keeps the English reading."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fontes.datafiles import load_yaml
from fontes.errors import PipelineError
from fontes.events.common import _dual, _is_dated
from fontes.events.parse import _segments, _sentences
from fontes.model import EVENT_TYPES, Document, Event

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class _Language:
    name: str
    markers: frozenset[str]  # function words that mark the language
    triggers: tuple[tuple[str, str], ...]  # (word stem, event type), longest stem first
    min_markers: int = 3
    capital_nouns: bool = False  # the language writes every noun with a capital (German)


@lru_cache(maxsize=1)
def _languages() -> tuple[_Language, ...]:
    raw = load_yaml(resources.files("fontes").joinpath("data/event_triggers.yaml").read_text("utf-8"))
    out = []
    for name, spec in (raw.get("languages") or {}).items():
        pairs = []
        for etype, stems in spec["triggers"].items():
            if etype not in EVENT_TYPES:
                raise PipelineError(f"data/event_triggers.yaml: languages.{name}: unknown event type {etype!r}")
            pairs.extend((stem.lower(), etype) for stem in stems)
        out.append(_Language(name, frozenset(spec["markers"]), tuple(sorted(pairs, key=lambda p: -len(p[0]))),
                             int(spec.get("min_markers", 3)), bool(spec.get("capital_nouns", False))))
    return tuple(out)


def _language_of(words: list[str]) -> _Language | None:
    """The language whose function words make up most of a sentence's, if it has enough of them
    and clearly more than English ones."""
    english, counts = _marker_counts(words)
    best, best_n = None, 0
    for n, lang in counts:
        if n >= lang.min_markers and n > 2 * english and n > best_n:
            best, best_n = lang, n
    return best


def _marker_counts(words: list[str]) -> tuple[int, list[tuple[int, _Language]]]:
    """How many of the words are English function words, and how many each language's."""
    return sum(w in _ENGLISH for w in words), [(sum(w in lang.markers for w in words), lang) for lang in _languages()]


_SHARE = 0.15  # the least share of a page's words that are its language's function words

_ENGLISH = frozenset(["the", "of", "and", "to", "was", "were", "is", "are", "in", "on", "at", "by", "with", "from",
                      "that", "which", "this", "had", "has", "have", "he", "she", "they", "it", "his", "her", "their",
                      "an"])


def _document_language(doc: Document) -> _Language | None:
    """The language a document's body is written in when it is not English: the one whose function
    words outnumber the English ones over the whole body (a foreign title or quotation in an English
    page does not make the page foreign)."""
    words = [_elided(w).lower() for zone_start, zone_end in _segments(doc)
             for w in _WORD.findall(doc.text[zone_start:zone_end])]
    english, counts = _marker_counts(words)
    n, lang = max(counts, key=lambda c: c[0], default=(0, None))
    # a language's function words make up a good part of any page written in it (a fifth to a third of
    # its words), a few percent of one in a neighbouring language or with foreign names in it
    return lang if n > 2 * english and n >= _SHARE * len(words) else None


def _elided(word: str) -> str:
    """A word without its elided article or pronoun ("l'armistice" -> "armistice")."""
    word = word.replace("’", "'")
    head, _, rest = word.partition("'")
    return rest if rest and len(head) <= 2 else word


def _word_types(words: list[str], lang: _Language) -> list[tuple[str, str]]:
    """(word, type) of the words that begin with one of the language's trigger stems, once per type
    (OTHER only when no other type is found)."""
    seen: dict[str, str] = {}
    for word in words:
        for stem, etype in lang.triggers:
            if word == stem.rstrip("$") if stem.endswith("$") else word.startswith(stem):
                seen.setdefault(etype, word)
                break
    if len(seen) > 1:
        seen.pop("OTHER", None)  # a sentence a typed word types tells no other untyped act
    return [(word, etype) for etype, word in seen.items()]


def _foreign_events(doc: Document, skip: list[tuple[int, int]]) -> tuple[list[Event], list[tuple[int, int]]]:
    """One event per type and sentence of each sentence in another language, and the ranges of
    those sentences (the English parser's reading of them is noise)."""
    if not _languages():
        return [], []
    written_in = _document_language(doc)
    if written_in is None:
        return [], []  # an English page quoting a foreign title or line keeps the English reading
    out: list[Event] = []
    spans: list[tuple[int, int]] = []
    dated = sorted((t.start, k) for k, t in enumerate(doc.timexes) if _is_dated(t))
    for zone_start, zone_end in _segments(doc):
        zone = doc.text[zone_start:zone_end]
        for s, e in _sentences(zone):
            start, end = zone_start + s, zone_start + e
            if any(a <= start < b for a, b in skip) or doc.zone_at(start) != "body":
                continue
            written = [_elided(w) for w in _WORD.findall(zone[s:e])]
            words = [w.lower() for w in written]
            lang = _language_of(words)
            if lang is None or lang.name != written_in.name:
                continue
            # a capitalised word inside the sentence names a title or a body ("Histoire des Guerres"), no act
            # (in a language that capitalises every noun, every word may tell the act)
            told = [w for k, (w, raw) in enumerate(zip(words, written))
                    if k == 0 or lang.capital_nouns or not raw[:1].isupper()]
            spans.append((start, end))
            index = next((k for pos, k in dated if start <= pos < end), None)
            when = _dual(doc.timexes[index]) if index is not None else None
            for word, etype in _word_types(told, lang):
                out.append(Event(id="", type=etype, start=start, end=end, evidence=doc.text[start:end], trigger=word,
                                 when=when, timex_index=index, zone="body", doc_id=doc.id, confidence=0.7,
                                 arguments={"lemma": [word], "language": [lang.name], "actors": [], "targets": [],
                                            "place": []}))
    return out, spans

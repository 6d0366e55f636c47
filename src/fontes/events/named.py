"""Event stage, named spans: a named happening written with its own span of years ("the Great Northern
War (1700-1721)", "the Council of Trent [1545-1563]", "the Crimean War of 1853-1856").

Such a name is a happening of its own, dated by its span, beside the event of the sentence that
mentions it ("The siege of the fortress was the longest of the Great Northern War (1700-1721)"
reports the siege and dates the war). The sentence's own event keeps its date (dating leaves these
spans out when the sentence gives a finer date); this module adds the named happening, with the
name and its span as evidence (issue 10). The name's last word must name a happening (a war, a
campaign, a council; data/event_triggers.yaml), so a person's life ("John Smith (1802-1874)") is none.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from fontes.datafiles import load_yaml
from fontes.events.common import _dual, _is_dated
from fontes.events.triggers import Triggers
from fontes.model import Document, Event

# what joins a name to its span: an opening bracket, or "of"
_OPENER = re.compile(r"(?:\s?[(\[]|\s+of\s+)$")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*$")
_OF = frozenset({"of", "de", "des", "du", "von"})
_LINKS = _OF | {"the", "der", "и"}
_DETERMINERS = frozenset({"the", "The", "des", "der", "die", "das", "la", "le", "les"})
_YEAR_SPAN = re.compile(r"^\d{4}/\d{4}$")
MAX_NAME_WORDS = 6


@lru_cache(maxsize=1)
def _heads() -> tuple[frozenset[str], tuple[str, ...]]:
    """(words, endings) that name a happening when a span of years follows: the event nouns of the
    trigger table and data/event_triggers.yaml's ``named_span_heads`` (bodies that meet for years,
    other languages' words for war, compounds' endings such as German "-krieg")."""
    raw = load_yaml(resources.files("fontes").joinpath("data/event_triggers.yaml").read_text("utf-8"))
    extra = raw.get("named_span_heads") or {}
    return frozenset(extra.get("words", [])), tuple(extra.get("endings", []))


def _head_type(word: str, table: Triggers) -> str | None:
    """The event type a name's last word gives it ("War" OTHER, "campaigns" OFFENSIVE), None if it
    names no happening."""
    lower = word.lower()
    for form in (lower, lower[:-1] if lower.endswith("s") else lower):
        if form in table.nouns:
            return table.nouns[form]
    words, endings = _heads()
    if lower in words or (lower.endswith("s") and lower[:-1] in words) or lower.endswith(endings):
        return "OTHER"
    return None


def _name_start(text: str, end: int, limit: int) -> tuple[int, list[str]] | None:
    """Where the name ending at ``end`` starts, and its words from the last back: words back from the
    end while they are capitalised, linking words ("of", "the") or the last word itself; a leading
    determiner belongs to it ("the Napoleonic Wars")."""
    words = list(re.finditer(r"[^\s(\[]+", text[limit:end]))
    if not words or not _NAME_WORD.search(words[-1].group()):
        return None
    names = [words[-1].group().rstrip("'’")]
    start = limit + words[-1].start()
    for m in reversed(words[:-1]):
        word = m.group()
        if len(names) >= MAX_NAME_WORDS or not (word[:1].isupper() or word in _LINKS or word.endswith(("'s", "’s"))):
            break
        start = limit + m.start()
        names.append(word)
        if word in _DETERMINERS:
            break
    return start, names


def _named_span_events(doc: Document, table: Triggers, found: list[Event]) -> list[Event]:
    """An event for each named happening of the body followed by its own span of years, unless an
    event of the same type is already dated by that span (the sentence tells that happening)."""
    out: list[Event] = []
    for index, t in enumerate(doc.timexes):
        value = t.gregorian or t.value or ""
        if not _is_dated(t) or not _YEAR_SPAN.match(value) or doc.zone_at(t.start) != "body":
            continue
        limit = max(0, t.start - 120)
        opener = _OPENER.search(doc.text, limit, t.start)
        if opener is None:
            continue
        named = _name_start(doc.text, opener.start(), max(limit, doc.text.rfind("\n", limit, opener.start()) + 1))
        if named is None:
            continue
        start, names = named
        # the name's head: its last word, or the word before "of" ("the Council of Trent" is a council,
        # but "the War Office" is no war)
        heads = [names[0]] + [names[k + 1] for k in range(len(names) - 1) if names[k] in _OF]
        typed = next(((w, k) for w in heads if (k := _head_type(w, table)) is not None), None)
        if typed is None:
            continue
        head, etype = typed
        end = t.end + (1 if doc.text[t.end:t.end + 1] in (")", "]") else 0)
        if any(e.type == etype and e.timex_index == index for e in found):
            continue  # the sentence's own event is that happening, dated by the span already
        out.append(Event(
            id="", type=etype, start=start, end=end, evidence=doc.text[start:end], trigger=head,
            when=_dual(t), timex_index=index, zone="body", doc_id=doc.id, confidence=0.9,
            arguments={"lemma": [head.lower()], "dated_by": ["named_span"]},
        ))
    return out

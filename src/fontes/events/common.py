"""Event stage, shared pieces: modalities kept, pronoun sets, date and id helpers, noun-phrase helpers."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from fontes.model import DualDate, Timex

ASSERTED_MODALITIES = ("asserted", "planned")
_PRONOUNS_PER = {"he", "him", "his", "she", "her"}
_PRONOUNS_PLURAL = {"they", "them", "their"}
_EXPLETIVES = {"it", "this", "that", "there", "which", "what"}
_PERSONAL = _PRONOUNS_PER | _PRONOUNS_PLURAL | {"i", "we", "you", "us", "me"}
_DATED = re.compile(r"^\d{4}")
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_RANGE_JOIN = re.compile(r"^\s*(?:to|until|till|and|-|–|—)\s*$", re.IGNORECASE)
_MODEL_LABELS = {"PERSON": "PER", "NORP": "ORG", "GPE": "LOC", "FAC": "LOC"}
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s*$")
_WORDS = re.compile(r"[^\W_]+")
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def _is_dated(t: Timex) -> bool:
    value = t.gregorian or t.value
    return t.type in ("DATE", "TIME") and bool(value) and bool(_DATED.match(value))


def _dual(t: Timex) -> DualDate:
    gregorian = t.gregorian or t.value
    return DualDate(gregorian=gregorian, julian=t.julian, as_written=t.text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _ids(mentions: Any) -> list[str]:
    return list(dict.fromkeys(m.entity_id or _slug(m.text) for m in mentions))



def _of_objects(noun: Any) -> list[Any]:
    """What an event noun is of: "the outbreak of the war" → war (a participant named by "of")."""
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


def _name_of(noun: Any) -> str | None:
    """"the Great October Workers' Revolution" → its name; None for a common noun ("the revolution")."""
    if not noun.text[:1].isupper() or noun.i == noun.sent.start:
        return None
    words = [t for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod", "poss") and t.text[:1].isupper()]
    if words:  # "the Treaty of Neuilly-sur-Seine": a compound's own parts and hyphens belong to the name
        first = min(w.left_edge.i for w in words)
        words = [t for t in noun.doc[first:noun.i] if t.text[:1].isupper() or t.text == "-"]
    return re.sub(r" ?- ?", "-", " ".join(t.text for t in [*words, noun])).lower()


@lru_cache(maxsize=1)
def _agent_nouns() -> frozenset[str]:
    """Common nouns that name a body or an office holder (the entity stage's lexicon): they can speak."""
    from fontes.entities import lexicon

    lex = lexicon()
    bodies = {word for word, label in lex["head_type"].items() if label == "ORG"}
    return frozenset(bodies | {title.lower() for title in lex["titles"] if " " not in title})


@lru_cache(maxsize=1)
def _body_nouns() -> frozenset[str]:
    """Common nouns that name a body (the entity stage's lexicon): "the senate", "the council"."""
    from fontes.entities import lexicon

    return frozenset(word for word, label in lexicon()["head_type"].items() if label == "ORG")


def _within(tok: Any, noun: Any, verb: Any) -> bool:
    """Whether a token sits in a noun's phrase, below it and above the clause verb."""
    for ancestor in tok.ancestors:
        if ancestor == noun:
            return True
        if ancestor == verb:
            return False
    return False

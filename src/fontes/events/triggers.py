"""Event stage, trigger table: data/event_triggers.yaml loaded and indexed, and the word forms that can fire it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from fontes.datafiles import load_yaml
from fontes.errors import PipelineError
from fontes.events.common import _WORDS
from fontes.model import EVENT_TYPES

# --- trigger table ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Triggers:
    """The event patterns of data/event_triggers.yaml, indexed for lookup."""

    verbs: dict[str, list[tuple[str, dict[str, Any]]]]  # lemma -> [(type, conditions)]
    classes: dict[str, frozenset[str]]
    nouns: dict[str, str]  # noun lemma -> type
    support_only: frozenset[str]
    always: frozenset[str]
    stative_verbs: frozenset[str]  # verbs that tell no happening in a narrative sentence
    dated_only: frozenset[str]  # nouns named often in passing: a happening only when dated or said to happen
    support_verbs: frozenset[str]
    frames: frozenset[tuple[str, str]]
    aspect_nouns: dict[str, str | None]
    happening_verbs: frozenset[str]
    happening_frames: frozenset[tuple[str, str]]  # (verb lemma, object): "took place"
    of_roles: dict[str, str]  # event noun -> the role of its "of"-complement (target or actor)
    families: tuple[frozenset[str], ...]
    channels: tuple[tuple[str, str], ...]  # (cue, channel), longest cue first
    modality: dict[str, frozenset[str]]
    headers: tuple[tuple[str, str], ...]  # (label, type), longest label first
    status: dict[str, frozenset[str]]  # tentative / formal status words
    record_lines: tuple[tuple[str, str], ...] = ()  # (label, type) of a record line without a colon
    stamp_fields: frozenset[str] = frozenset()  # front-matter fields whose time stamp is the page's publication
    closing_lines: tuple[str, ...] = ()  # an instrument's closing formula ("done at"), longest first
    idioms: tuple[tuple[str, ...], ...] = ()  # word sequences in which an event noun names no happening ("in order to")

    def in_class(self, word: str, name: str) -> bool:
        return word.lower() in self.classes.get(name, frozenset())


@lru_cache(maxsize=1)
def triggers() -> Triggers:
    """Load and check the trigger table once."""
    raw = load_yaml(resources.files("fontes").joinpath("data/event_triggers.yaml").read_text("utf-8"))
    verbs: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for etype, patterns in raw["verbs"].items():
        if etype not in EVENT_TYPES:
            raise PipelineError(f"data/event_triggers.yaml: unknown event type {etype!r}; use one of model.EVENT_TYPES")
        for pattern in patterns:
            cond = {"lemma": pattern} if isinstance(pattern, str) else dict(pattern)
            verbs.setdefault(cond.pop("lemma"), []).append((etype, cond))
    nouns = {noun: etype for etype, words in raw["nouns"].items() for noun in words}
    channels = sorted(((cue, name) for name, cues in raw["channels"].items() for cue in cues), key=lambda c: -len(c[0]))
    headers = sorted(((label, etype) for etype, labels in raw["headers"].items() for label in labels), key=lambda h: -len(h[0]))
    return Triggers(
        verbs=verbs,
        classes={k: frozenset(v) for k, v in raw["classes"].items()},
        nouns=nouns,
        support_only=frozenset(raw["support_only"]),
        always=frozenset(raw["always"]),
        dated_only=frozenset(raw.get("dated_only", [])),
        stative_verbs=frozenset(raw.get("stative_verbs", [])),
        support_verbs=frozenset(raw["support_verbs"]),
        frames=frozenset(tuple(f) for f in raw["frames"]),
        aspect_nouns=dict(raw["aspect_nouns"]),
        happening_verbs=frozenset(raw["happening_verbs"]),
        happening_frames=frozenset(tuple(f) for f in raw.get("happening_frames", [])),
        of_roles={noun: role for role, nouns in (raw.get("of_roles") or {}).items() for noun in nouns},
        families=tuple(frozenset(f) for f in raw["families"]),
        channels=tuple(channels),
        modality={k: frozenset(v) for k, v in raw["modality"].items()},
        headers=tuple(headers),
        status={k: frozenset(v) for k, v in raw["status"].items()},
        idioms=tuple(tuple(phrase.lower().split()) for phrase in raw.get("idioms", [])),
        record_lines=tuple(sorted(((label, etype) for etype, labels in (raw.get("record_lines") or {}).items()
                                   for label in labels), key=lambda h: -len(h[0]))),
        stamp_fields=frozenset(raw.get("stamp_fields") or ()),
        closing_lines=tuple(sorted(raw.get("closing_lines") or (), key=lambda c: -len(c))),
    )



_HAPPENING_NAMES = ("war", "revolution", "crisis", "uprising", "rising", "siege", "campaign", "offensive",
                    "conference", "congress", "strike", "rebellion")


@lru_cache(maxsize=4)
def _inflector(nlp: Any) -> Callable[..., set[str]] | None:
    """forms(lemma, pos=None): the words the model's rule lemmatizer turns into a lemma (its rules and
    exceptions, inverted); None when the model has no rule lemmatizer."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        rules, exceptions = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
    except (KeyError, ValueError, AttributeError):
        return None
    parts = ("verb", "noun", "adj", "adv")
    irregular: dict[tuple[str, str], set[str]] = {}  # (part of speech, lemma) -> its exceptional forms
    for part in parts:
        for form, lemmas in (exceptions.get(part) or {}).items():
            for lemma in lemmas:
                irregular.setdefault((part, lemma.lower()), set()).add(form.lower())

    def forms(lemma: str, pos: str | None = None) -> set[str]:
        """The words the lemmatizer turns into lemma as a part of speech (as any when None)."""
        out = {lemma}
        for part in [pos] if pos else parts:
            out |= irregular.get((part, lemma), set())
            out |= {lemma[:len(lemma) - len(new)] + old for old, new in rules.get(part) or [] if lemma.endswith(new)}
        return {form for form in out if _WORDS.fullmatch(form)}  # the tokenizer splits "cease-fire"

    return forms


@lru_cache(maxsize=4)
def _trigger_words(nlp: Any) -> dict[str, list[frozenset[str]]] | None:
    """Word form -> the alternative sets of words one of which must also be in the sentence for a
    pattern of that form to fire (an empty set: none needed). Forms come from the lemmatizer's own
    rules and exceptions, inverted; None when the model has no rule lemmatizer (parse everything)."""
    forms = _inflector(nlp)
    if forms is None:
        return None

    def all_forms(lemmas: Any) -> frozenset[str]:
        return frozenset().union(*(forms(w.lower()) for w in lemmas))

    t = triggers()
    needs: dict[str, list[frozenset[str]]] = {}

    def add(lemma: str, need: frozenset[str], pos: str, *, participle: bool = False) -> None:
        for form in forms(lemma.lower(), pos) if pos != "exact" else {lemma}:
            if participle and (form == lemma.lower() or form.endswith(("s", "ing"))):
                continue  # "was founded", "was born": not "found", "founds", "founding"
            needs.setdefault(form, []).append(need)

    for lemma, patterns in t.verbs.items():
        for _, cond in patterns:
            # one of a pattern's conditions is enough to rule a sentence out; take the most selective
            if cond.get("passive") and not ({"object", "subject", "subject_passive", "prep", "particle"} & cond.keys()):
                add(lemma, frozenset(), "verb", participle=True)
            elif "object" in cond or "subject" in cond or "subject_passive" in cond or cond.get("army"):
                cls = cond.get("object") or cond.get("subject") or cond.get("subject_passive") or "armies"
                add(lemma, all_forms(t.classes.get(cls, ())), "verb")
            elif "object_of_prep" in cond or "particle" in cond or "prep" in cond:
                add(lemma, frozenset({cond.get("object_of_prep") or cond.get("particle") or cond["prep"]}), "verb")
            else:
                add(lemma, frozenset(), "verb")
    realisers = all_forms(t.support_verbs) | frozenset(t.aspect_nouns) | frozenset(w for _, w in t.happening_frames)
    for noun in t.nouns:
        if noun in t.support_only:
            add(noun, realisers | {prep for prep, word in t.frames if word == noun}, "noun")
        else:
            add(noun, frozenset(), "noun")
    for noun in ("agreement", "accord", "convention"):  # "the cease-fire agreement": the word before gives the type
        add(noun, all_forms(t.nouns) | frozenset(t.nouns), "noun")
    for noun, etype in t.aspect_nouns.items():
        if etype:  # "the end of the Civil War"
            add(noun, frozenset(_HAPPENING_NAMES), "exact")
    return {form: ([frozenset()] if frozenset() in alts else alts) for form, alts in needs.items()}


@lru_cache(maxsize=4)
def _form_types(nlp: Any) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Word form -> (event type, words one of which the line must also hold; empty: none) of the
    trigger nouns and verbs it can be a form of, in the table's order. A chronology line is not
    parsed, so a narrowed verb pattern fires on its words: "lands at Torbay", "receives Royal Assent"."""
    forms = _inflector(nlp) or (lambda lemma, pos=None: {lemma})
    t = triggers()
    out: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for noun, etype in t.nouns.items():
        for form in forms(noun, "noun") | {noun}:
            out.setdefault(form, []).append((etype, frozenset()))
    for lemma, patterns in t.verbs.items():
        for etype, cond in patterns:
            if {"subject", "subject_passive", "xcomp", "not_object_label"} & cond.keys():
                continue  # who acts, what follows, or what is not: a line's words cannot tell
            need: frozenset[str] = frozenset()
            if "object" in cond or cond.get("army"):
                words = t.classes.get(cond.get("object") or "armies", ())
                need = frozenset().union(*(forms(w, "noun") | {w} for w in words))
            elif {"prep", "particle", "object_of_prep"} & cond.keys():
                need = frozenset({cond.get("object_of_prep") or cond.get("particle") or cond["prep"]})
            elif cond.get("to_place"):
                need = frozenset({"to", "into", "towards", "toward"})
            for form in forms(lemma, "verb") | {lemma}:
                # an army's pattern first: "the Fourth Army lands at X" is an offensive, not a journey
                entries = out.setdefault(form, [])
                entries.insert(0, (etype, need)) if cond.get("army") else entries.append((etype, need))
    return out


def family_of(etype: str) -> set[str]:
    """Types that may report the same happening at another stage of one process."""
    out = {etype}
    for family in triggers().families:
        if etype in family:
            out |= family
    return out

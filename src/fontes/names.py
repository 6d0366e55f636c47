"""Names: the word lists of titles, heads and countries, and the token helpers that both the entity
stage (``fontes.entities``) and alias resolution (``fontes.aliases``) read.

Kept apart so that the two stages depend on it and not on each other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontes import gazetteer
from fontes.datafiles import load_yaml

DATA = Path(__file__).with_name("data") / "titles.yaml"
_TOKEN = re.compile(r"[^\W_](?:[\w\]\|’'\-+&]*[\w\]])?(?:(?<=s)[’'](?![\w]))?|\S")
_POSSESSIVE = re.compile(r"[’']s$")
_ROMAN = re.compile(r"^(?:[IVX]{1,4})$")
_OCR = str.maketrans({"]": "l", "|": "l", "’": "'", "‘": "'"})


@dataclass
class Cand:
    """A candidate mention: a span, a label and the evidence behind it."""

    start: int
    end: int
    label: str
    tier: int
    source: str = "model"
    nested: bool = False  # an outer mention (title + name, role line) allowed over other mentions
    alias_of: tuple[int, int] | None = None  # span of the name this one is a short form of
    role: str | None = None  # a role mention without a name: the title
    signer: tuple[int, int] | None = None  # a signature's title line: span of the signer's name
    pseudonym: str | None = None
    title: str | None = None  # title before the name in a title + name mention
    head: str | None = None  # head noun of a body's name
    gloss: str | None = None  # the usual English name of a name in another language ("Россией" -> "Russia")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Title words, head nouns and other word lists of src/fontes/data/titles.yaml."""
    data = load_yaml(DATA.read_text(encoding="utf-8"))
    data["head_type"] = {w: t for t, words in data["heads"].items() for w in words}
    data["title_seqs"] = sorted({tuple(norm_tok(t[2]) for t in tokens(title)) for title in data["titles"]},
                                key=len, reverse=True)
    data["title_first"] = {seq[0] for seq in data["title_seqs"]}
    data["party_set"] = set(data["party_words"])
    data["countries"] = sorted({p.name for p in gazetteer._index().values() if p.kind == "country"})
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    data["re_source"] = re.compile(rf"(?:{alt(data['source_labels'])})\s*:\s*([^,;\n]+)")
    data["re_party"] = re.compile(rf"(?<![\w-])(?:{alt(data['party_set'])})(?![\w-])")
    data["re_collective"] = re.compile(rf"(?<![\w-])(?:{'|'.join(data['collective_patterns'])})(?![\w-])")
    data["re_government"] = re.compile(
        rf"(?<![\w-])((?:(?:{alt(data['government_modifiers'])})\s+|[A-Z][a-z]+\s+){{1,3}})government(?![\w-])")
    data["re_country_event"] = re.compile(
        rf"\b([A-Z][a-z]+)(?:[’']s)?\s+(?:{alt(data['country_event_nouns'])})\b")
    data["re_publisher"] = re.compile(rf"^\W*(?:{alt(data['publisher_labels'])})\s*:?\s*(.*)$")
    return data


GIVEN_NAMES = Path(__file__).with_name("data") / "given_names.yaml"


@lru_cache(maxsize=1)
def given_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given names of data/given_names.yaml: (names that open a personal name, those that are also places)."""
    data = load_yaml(GIVEN_NAMES.read_text(encoding="utf-8"))
    places = frozenset(data.pop("also_places"))
    return frozenset(n for names in data.values() for n in names) - places, places


EQUIVALENTS = Path(__file__).with_name("data") / "name_equivalents.yaml"


@lru_cache(maxsize=1)
def _equivalents() -> dict[str, int]:
    """Normalised given name -> its group of data/name_equivalents.yaml."""
    data = load_yaml(EQUIVALENTS.read_text(encoding="utf-8")) or {}
    return {norm_tok(name): i for i, group in enumerate(data.get("groups", [])) for name in group}


def same_given(a: str, b: str) -> bool:
    """One given name in two languages ("nikolai" = "nicholas"): both normalised tokens of one group."""
    table = _equivalents()
    return a == b or (a in table and table.get(a) == table.get(b))


def tokens(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    return [(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=65536)
def norm_tok(tok: str) -> str:
    return _POSSESSIVE.sub("", tok.translate(_OCR)).rstrip("'").lower()


def ocr_norm(text: str) -> str:
    """Lower-case text with the usual transcription damage undone (']' and '|' for 'l', curly quotes)."""
    return text.translate(_OCR).lower()


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def match_title(toks: list[tuple[int, int, str]], i: int) -> int:
    """Number of tokens of a title starting at token i (0 if none)."""
    lex = lexicon()
    first = norm_tok(toks[i][2])
    if first not in lex["title_first"] or not toks[i][2][:1].isupper():
        return 0
    for seq in lex["title_seqs"]:
        n = len(seq)
        if i + n <= len(toks) and all(norm_tok(toks[i + k][2]) == seq[k] for k in range(n)):
            return n
    return 0


def head_of(words: list[str]) -> tuple[str | None, str | None]:
    """Head noun and its type of a capitalised name: last word before 'of'/'for' (roman numerals skipped)."""
    lex = lexicon()
    pre = []
    for w in words:
        if w in ("of", "for"):
            break
        pre.append(w)
    while pre and (_ROMAN.match(pre[-1]) or pre[-1].isdigit()):
        pre.pop()
    if not pre:
        return None, None
    head = norm_tok(pre[-1])
    kind = lex["head_type"].get(head)
    if head in lex["journey_heads"] and len(pre) >= 2 and pre[-2] in lex["journey_adjectives"]:
        kind = "EVENT"  # "Grand Embassy": a journey, not the body of an embassy
    return (head, kind) if kind else (None, None)


@lru_cache(maxsize=65536)
def country_core(word: str) -> str | None:
    """The country a word names or is the adjective of ("Russian" -> "Russia"), if any."""
    place = gazetteer.lookup(word)
    if place is not None and place.kind == "country":
        return place.name
    if word in gazetteer.demonyms():
        return gazetteer.demonyms()[word]
    if len(word) < 4 or not word[:1].isupper():
        return None
    for cut in range(4, len(word) + 1):
        for country in _country_stems().get(word[:cut], ()):
            # the stem goes on with a people's ending ("Russi-an", "Chin-ese"), not any word ("Pala-ce"
            # is no Palau, "Franc-is" no France)
            if abs(len(word) - len(country)) <= 2 and word[cut:] in _DEMONYM_ENDINGS:
                return country
    return None


_DEMONYM_ENDINGS = {"a", "e", "n", "as", "an", "ans", "ian", "ians", "ns", "ese", "nese", "ean", "eans"}  # "Russias": "all the Russias"


@lru_cache(maxsize=1)
def _country_stems() -> dict[str, list[str]]:
    """Countries by their name less the last letter: 'Russi' -> Russia (so 'Russian' finds it)."""
    stems: dict[str, list[str]] = defaultdict(list)
    for country in lexicon()["countries"]:
        if len(country) >= 5:
            stems[country[:-1]].append(country)
    return stems


def role_key(title: str) -> str:
    """Normalised title: 'Commander-in-Chief' = 'Commander in Chief'."""
    text = ocr_norm(title)
    text = re.sub(r"[-\s]+", " ", text)
    text = re.sub(r"^(?:the |citizen |comrade |acting )+", "", text)
    return re.sub(r"[’']s$", "", text.strip())  # "the Tsar's": the role is the Tsar

"""Entity resolution: group a document's mentions into entities, link them across documents and to authority files.

People match on surname (exact, or by edit distance for damaged forms, never across name
endings that make a different person: Petrov/Petrova, Ivanov/Ivanovich), with compatible
first names or initials; a surname seen as a pseudonym in parentheses ("A. Sokolov (Ostrovsky)")
frees the match from initials. Bodies, places, works and events match on their content words
in any order, word forms and transcription damage allowed. Role mentions ("the Commander in
Chief") go to the person who held the role at the text's date.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from fontes import gazetteer
from fontes.errors import InputError
from fontes.model import Document, Entity, Role
from fontes.names import Cand, _equivalents, given_names, lexicon, ocr_norm, same_given
from fontes.names import country_core as _country_core
from fontes.names import head_of as _head_of
from fontes.names import match_title as _match_title
from fontes.names import norm_tok as _norm_tok
from fontes.names import role_key as _role_key
from fontes.names import tokens as _tokens
from fontes.settings import DEFAULTS, Settings

ROLE_PREFIX = "role--"  # id prefix of a role mention no holder was found for ("--" never occurs in a slug)
_STOP = {"the", "of", "for", "and", "a", "an", "in", "on", "at", "to", "by", "&", "de", "von", "van", "der"}
_GEO_QUALIFIERS = {"western", "eastern", "northern", "southern", "central", "upper", "lower", "greater",
                   "little", "north", "south", "east", "west", "new", "old"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _lex():
    return lexicon()


def slug(text: str) -> str:
    """A readable id from a name: 'Council of People's Commissars' -> 'council-of-people-s-commissars'."""

    import unicodedata

    text = ocr_norm(text).translate(_CYRILLIC_LATIN)  # "Россия" -> "rossiya", not "x"
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


# Russian letters in Latin (a plain scientific-style transliteration) for readable ids.
_CYRILLIC_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ѣ": "e", "ѳ": "f", "ѵ": "i"})


# ---------------------------------------------------------------- people

@dataclass(frozen=True)
class PersonName:
    """A personal name taken apart: given names or initials, surname, pseudonym, regnal number."""

    given: tuple[str, ...]
    surname: str
    pseudonym: str | None = None
    number: str | None = None  # "II" in "Nicholas II"
    text: str = ""  # the name as written, without title or pseudonym
    epithet: str | None = None  # "great" in "Peter the Great"; "saint" for "St. Peter"
    land: str | None = None  # "england" in "William III of England"
    patronymic: str | None = None  # "alekseevich" in "Peter Alekseevich"

    @property
    def full_given(self) -> int:
        return sum(len(g) > 1 for g in self.given)


_NAME_PARTICLES = {"de", "von", "van", "der", "du", "da", "di", "del", "della", "ten", "ter", "zu", "d'", "d’"}


@lru_cache(maxsize=65536)
def person_name(text: str) -> PersonName | None:
    """Parse a person mention; None for a role without a name ("Chairman of the Council")."""

    lex = _lex()
    pseud = None
    m = re.search(r"\(([^)]+)\)\s*$", text)
    if m:
        pseud = ocr_norm(m.group(1)).strip()
        text = text[:m.start()].strip()
    spans = _tokens(text)
    while spans and spans[0][2].lower() in lex["honorifics"] + ["the"]:
        spans = spans[1:]
    n = _match_title(spans, 0) if spans else 0
    if n:
        spans = spans[n:]
    # "de Croy", "von Moltke": a surname with its particle, the short form of "Charles de Croy"
    while len(spans) >= 2 and spans[0][2] in _NAME_PARTICLES and spans[1][2][:1].isupper():
        spans = spans[1:]
    if not spans or not spans[0][2][:1].isupper():
        return None
    bare = text[spans[0][0]:spans[-1][1]]
    toks = [t[2] for t in spans]
    words = [t for t in toks if t != "."]
    epithet = land = patronymic = None
    if len(words) >= 2 and words[0] in ("St", "Saint", "Ste", "Sainte"):
        words, epithet = words[1:], "saint"
    # a ruler's land and epithet are no part of the name: "William III of England", "Peter the Great"
    if len(words) >= 3 and words[-2] == "of" and words[-1][:1].isupper():
        land = _norm_tok(words[-1])
        words = words[:-2]
    if len(words) >= 3 and words[-2] == "the" and words[-1][:1].isupper() and epithet is None:
        epithet = _norm_tok(words[-1])
        words = words[:-2]
    number = None
    if len(words) >= 2 and re.fullmatch(r"[IVX]{1,4}", words[-1]):
        number = words.pop()
    if not words:
        return None
    # "Peter Alekseevich", "Sophia Alekseyevna": a given name and a patronymic, no surname
    if len(words) == 2 and re.search(r"(?:ovich|evich|ovna|evna|ichna)$", words[1].lower()):
        patronymic = _norm_tok(words[1])
        words = words[:1]
    surname = _norm_tok(words[-1])
    given = tuple(_norm_tok(w) for w in words[:-1])
    if len(surname) < 2 or not words[-1][:1].isupper():  # "the Russian tsar": a role, no name
        return None
    return PersonName(given, surname, pseud, number, bare, epithet, land, patronymic)


@lru_cache(maxsize=1)
def _variant_endings() -> frozenset[str]:
    """Name endings that tell two people apart (Petrov / Petrova), and the empty ending; built once."""
    return frozenset(_lex()["name_variant_endings"]) | {""}


@lru_cache(maxsize=65536)
def same_surname(a: str, b: str, settings: Settings = DEFAULTS) -> bool:
    """Equal surnames, or one a damaged form of the other; different name endings never match."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 5 or a[:2] != b[:2]:
        return False
    prefix = 0
    while prefix < len(short) and short[prefix] == long_[prefix]:
        prefix += 1
    endings = _variant_endings()
    if a[prefix:] in endings and b[prefix:] in endings:
        return False  # Petrov / Petrova, Ivanov / Ivanovich: two people's names
    allowed = 1 if len(long_) <= 7 else 2
    return (Levenshtein.distance(a, b) <= allowed
            and fuzz.ratio(a, b) >= settings.fuzzy_alias_threshold)


# Spellings of one surname in two transliterations or two ages ("Orloff" / "Orlov", "Hyrakis" / "Yraki",
# "Tchaikowsky" / "Chaikovsky"): the sound, not the letters, once these are undone (a Greek
# nominative's -s after a vowel too; an English -s is another name: "Jenkins").
_SPELLINGS = ((r"^h(?=[aeiouy])", ""), (r"(?<=[aeiouy])(?:ff|w)$", "v"), (r"tsch", "ch"), (r"sch", "sh"),
              (r"tch", "ch"), (r"ph", "f"), (r"kh", "h"), (r"ck", "k"), (r"w", "v"), (r"y", "i"), (r"j", "i"),
              (r"(.)\1", r"\1"), (r"(?<=[a-z]{4}[aeiou])s$", ""))
# Feminine and masculine forms of one surname: one family's name, one person's only with the same given name.
_GENDERED = ((r"skaia$|skaja$|ska$|skii$|skij$|ski$", "sk"), (r"ova$", "ov"), (r"eva$", "ev"), (r"ina$", "in"))


@lru_cache(maxsize=65536)
def spelling_key(surname: str, gendered: bool = False) -> str:
    """A surname's sound: transliteration and old spelling undone ("korsakoff" -> "korsakov"); with
    `gendered`, the feminine and masculine endings made one ("korinskaya" and "korinski" -> "korinsk")."""
    key = surname.lower()
    for pattern, repl in _SPELLINGS:
        key = re.sub(pattern, repl, key)
    if gendered:
        for pattern, repl in _GENDERED:
            key = re.sub(pattern, repl, key)
    return key


def _same_spelled(a: PersonName, b: PersonName) -> bool:
    """One surname in two spellings (see spelling_key): the same sound, and names long enough to tell;
    a feminine and a masculine form only with the same full given name ("Anna Petrova" / "Anna Petrov")."""
    if min(len(a.surname), len(b.surname)) < 5 or a.surname == b.surname \
            or any(p.number or p.epithet or p.land for p in (a, b)):  # "Henry IV" is named by a given name
        return False
    if spelling_key(a.surname) == spelling_key(b.surname):
        return True
    return bool(a.given and b.given and len(a.given[0]) > 1 and a.given[0] == b.given[0]
                and spelling_key(a.surname, True) == spelling_key(b.surname, True))


def _given_ok(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    for g, h in zip(x, y):
        if len(g) == 1 or len(h) == 1:
            if g[0] != h[0]:
                return False
        elif g != h and fuzz.ratio(g, h) < 80:
            return False
    return True


def _person_link(a: PersonName, b: PersonName, pseudonyms: set[str], settings: Settings) -> str | None:
    """How two names are of one person: 'surname', 'pseudonym', or None."""
    if a.pseudonym and (a.pseudonym == b.surname or a.pseudonym == b.pseudonym):
        return "pseudonym"
    if b.pseudonym and b.pseudonym == a.surname:
        return "pseudonym"
    if same_surname(a.surname, b.surname, settings) or _same_regnal(a, b) or _same_spelled(a, b):
        for x, y in ((a.number, b.number), (a.epithet, b.epithet), (a.land, b.land), (a.patronymic, b.patronymic)):
            if x and y and x != y:
                return None  # Peter I / Peter II, Peter the Great / St. Peter, Charles I / Charles of Sweden
        if (a.epithet == "saint") != (b.epithet == "saint") and (a.epithet or b.epithet):
            return None  # a saint is not the ruler who bears the name
        if any(x.number and x.given and not y.number and y.given != x.given for x, y in ((a, b), (b, a))):
            return None  # "Frederick William IV" is a compound regnal name: no "William" of his
        if a.surname in pseudonyms and a.surname == b.surname:
            return "pseudonym"  # initials of a pen name say nothing ("N. Ostrovsky")
        return "surname" if _given_ok(a.given, b.given) else None
    return None


def _same_regnal(a: PersonName, b: PersonName) -> bool:
    """A ruler's name and number in two languages ("Nikolai II", "Nicholas II"): one given name, the
    same regnal number, nothing else."""
    return bool(a.number and a.number == b.number and not a.given and not b.given
                and same_given(a.surname, b.surname))


def _person_conflict(a: PersonName, b: PersonName, pseudonyms: set[str], settings: Settings) -> bool:
    """Two names that share a surname but cannot be one person (other initials, other number)."""
    if _person_link(a, b, pseudonyms, settings):
        return False
    if a.pseudonym or b.pseudonym:
        return False
    return same_surname(a.surname, b.surname, settings) or (a.surname == b.surname)


# ---------------------------------------------------------------- bodies, places, works, events

def _stem(tok: str) -> str:
    if tok.endswith("ies") and len(tok) > 5:
        return tok[:-3] + "y"
    if tok.endswith("s") and len(tok) > 3 and not tok.endswith("ss"):
        return tok[:-1]
    return tok


@lru_cache(maxsize=65536)
def body_tokens(text: str) -> tuple[tuple[str, ...], str | None]:
    """Content words of a name (stemmed, lower case, damage undone) and its head noun."""

    lex = _lex()
    if re.fullmatch(r"(?:[A-Z]\.){2,}", text.strip()):
        text = text.replace(".", "")
    raw = re.findall(r"[\w\]\|’'\-+&]+", text)
    raw = [re.sub(r"[’']s?$", "", w) for w in raw]
    head, _ = _head_of(raw)
    words = [ocr_norm(w) for w in raw]
    words = [w for w in words if w not in _STOP and len(w) > 1]
    generic = set(lex["collective_generic"])
    if any(w not in generic for w in words):
        words = [w for w in words if w not in generic]
    return tuple(_stem(w) for w in words), (_stem(head) if head else None)


@lru_cache(maxsize=262144)  # the same word pairs recur across the name pairs clustering compares
def _tok_eq(x: str, y: str) -> bool:
    if x == y:
        return True
    prefix = 0
    while prefix < min(len(x), len(y)) and x[prefix] == y[prefix]:
        prefix += 1
    if prefix >= max(4, 0.75 * min(len(x), len(y))):
        return True
    return min(len(x), len(y)) >= 6 and fuzz.ratio(x, y) >= 88


def _covers(small: list[str], big: list[str]) -> bool:
    pool = list(big)
    for w in small:
        hit = next((i for i, v in enumerate(pool) if _tok_eq(w, v)), None)
        if hit is None:
            return False
        pool.pop(hit)
    return True


def _country_of(text: str) -> str | None:

    words = re.findall(r"[\w\]\|’'\-]+", text)
    cores = [c for w in words if (c := _country_core(w))]
    others = [w for w in words if not _country_core(w)]
    if len(cores) == 1 and not any(w.lower() in _GEO_QUALIFIERS for w in others):
        return cores[0]
    return None


_STATE_OF = re.compile(r"^(?:the\s+)?(?:kingdom|grand\s+duchy|duchy|principality|tsardom|electorate|khanate|"
                       r"sultanate|emirate)\s+of\s+(?:the\s+)?(.+)$", re.IGNORECASE)


def _state_of_land(state: str, land: str) -> bool:
    """"Kingdom of Sardinia" and "Sardinia", "the kingdom of England" and "England": a state named by its
    kind and its land, and the land's name, are one place in a text (the land stands for the state)."""
    m = _STATE_OF.match(state.strip())
    if not m or _STATE_OF.match(land.strip()):
        return False
    core, other = m.group(1).strip(), land.strip()
    if core == other:
        return True
    pa, pb = gazetteer.lookup(core), gazetteer.lookup(other)
    return pa is not None and pa == pb


def _old_spelling(name: str, place: gazetteer.Place) -> bool:
    """A one-word name the gazetteer does not know that sounds as a place it knows ("Pommerania"
    of Pomerania): an older or foreign spelling of that place (see spelling_key)."""
    word = name.strip()
    return " " not in word and len(word) >= 6 and " " not in place.name \
        and spelling_key(word.lower().replace("ou", "u")) == spelling_key(place.name.lower().replace("ou", "u"))


@lru_cache(maxsize=65536)
def same_body(a: str, b: str, label: str) -> bool:
    """Two names of one body, place, work or event: same words in any order and form, or a short form."""
    if label == "LOC":
        if _state_of_land(a, b) or _state_of_land(b, a):
            return True
        pa, pb = gazetteer.lookup(a), gazetteer.lookup(b)
        if pa and pb:
            return pa == pb
        if (pa or pb) and _old_spelling(b if pa else a, pa or pb):
            return True
        ca, cb = _country_of(a), _country_of(b)
        if ca or cb:
            return ca == cb
    ta, ha = body_tokens(a)
    tb, hb = body_tokens(b)
    if not ta or not tb:
        return False
    if len(ta) == len(tb) and _covers(ta, tb):
        return True
    small, big, hs, hbig = (ta, tb, ha, hb) if len(ta) < len(tb) else (tb, ta, hb, ha)
    if len(small) >= 2 and _covers(small, big) and (hs is None or hbig is None or _tok_eq(hs, hbig)):
        return True
    if label == "ORG" and ha and hb and _tok_eq(ha, hb) and _tok_eq(ta[0], tb[0]) and ta[0] != ha:
        shared = sum(1 for w in ta if any(_tok_eq(w, v) for v in tb))
        return shared / (len(set(ta)) + len(set(tb)) - shared) >= 0.4
    return False


# ---------------------------------------------------------------- clustering

@dataclass
class _Node:
    """Names known to belong together (one surface form, or forms a rule tied), to be clustered."""

    label: str
    names: list[str]
    doc_ids: list[str] = field(default_factory=list)
    role: str | None = None  # a role mention without a name
    date: str | None = None  # date of the text a role mention stands in
    roles: list[Role] = field(default_factory=list)
    local_ids: list[tuple[str, str]] = field(default_factory=list)  # (doc id, local entity id)
    _persons: tuple | None = None

    def persons(self) -> list[PersonName]:
        if self._persons is None or self._persons[0] != len(self.names):
            self._persons = (len(self.names), [p for n in self.names if (p := person_name(n))])
        return self._persons[1]


def _specificity(node: _Node) -> tuple:
    if node.label == "PER":
        people = node.persons()
        return (max((p.full_given for p in people), default=-1), max((len(p.given) for p in people), default=-1),
                max(len(n) for n in node.names))
    return (max(len(body_tokens(n)[0]) for n in node.names), max(len(n) for n in node.names))


_PRINCELY = re.compile(r"^(?:the\s+)?(?:Grand\s+Duke|Grand\s+Duchess|Crown\s+Prince|Prince|Princess|Archduke|"
                       r"Archduchess|Duke|Duchess|Tsarevich|Tsesarevich|Count|Countess|Elector)\s+[A-Z]")


def _prince_not_ruler(a: _Node, b: _Node) -> bool:
    """A prince named by title and given name ("Grand Duke Nicholas", "Prince Charles") is not the ruler
    of that given name and a regnal number ("Nicholas II", "Charles XII"): a prince who reigned is named
    with his number or his monarch's title somewhere, and a bare given name is no evidence."""
    def princely_only(n: _Node) -> bool:
        return any(_PRINCELY.match(x) for x in n.names) and not any(p.number for p in n.persons())
    def numbered(n: _Node) -> bool:
        return any(p.number for p in n.persons())
    return princely_only(a) and numbered(b) or princely_only(b) and numbered(a)


def _compatible(a: _Node, b: _Node, pseudonyms: set[str], settings: Settings) -> bool:
    if a.label != b.label or a.role or b.role:
        return False
    if a.label == "PER":
        if _prince_not_ruler(a, b):
            return False
        pa, pb = a.persons(), b.persons()
        if any(_person_conflict(x, y, pseudonyms, settings) for x in pa for y in pb):
            return False
        return any(_person_link(x, y, pseudonyms, settings) for x in pa for y in pb)
    return any(same_body(x, y, a.label) for x in a.names for y in b.names)


def _keys(node: _Node) -> set[str]:
    """Blocking keys: two nodes can only match if they share one (surname start, word start, place)."""
    if node.label == "PER":
        return {p.surname[:2] for p in node.persons()} | {p.pseudonym[:2] for p in node.persons() if p.pseudonym} \
            | {f"sound:{spelling_key(p.surname)[:2]}" for p in node.persons()} \
            | {f"regnal:{g}:{p.number}" for p in node.persons() if p.number and not p.given
               and (g := _equivalents().get(p.surname)) is not None}
    keys = {f"{node.label}:{w[:3]}" for n in node.names for w in body_tokens(n)[0]}
    if node.label == "LOC":
        for n in node.names:
            place = gazetteer.lookup(n)
            keys |= {f"place:{place.name}"} if place else set()
            keys |= {f"place:{c}"} if (c := _country_of(n)) else set()
    return keys


def _given_like(nodes: list[_Node]) -> frozenset[str]:
    """Words that open a longer personal name somewhere in the corpus ("Charles" of "Charles XII").

    A person named by such a word alone ("Charles") is only known within its document: across
    documents it may be any of the people who bear it, so it is not linked on that word.
    """
    out = set()
    for node in nodes:
        if node.label == "PER":
            for p in node.persons():
                if p.given or p.number or p.epithet or p.land or p.patronymic:
                    out.add(p.given[0] if p.given else p.surname)
    return frozenset(out)


def _bare(node: _Node, given_like: frozenset[str]) -> bool:
    people = node.persons()
    return node.label == "PER" and bool(people) and all(
        not p.given and not p.number and not p.epithet and not p.land and not p.patronymic
        and p.surname in given_like for p in people)


def _cluster(nodes: list[_Node], pseudonyms: set[str], settings: Settings,
             given_like: frozenset[str] = frozenset()) -> list[list[_Node]]:
    """Greedy clustering, most specific names first; a node joins the first cluster it fits entirely.

    A bare given name ("Charles") joins a cluster only where its own document is already in it.
    """
    clusters: list[list[_Node]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for node in sorted(nodes, key=_specificity, reverse=True):
        if node.role:
            clusters.append([node])
            continue
        keys = _keys(node)
        near = sorted({ci for k in keys for ci in index.get(k, ())})
        bare = _bare(node, given_like)
        for ci in near:
            cluster = clusters[ci]
            if bare and not any(d in other.doc_ids for other in cluster for d in node.doc_ids):
                continue
            if any(_compatible(node, other, pseudonyms, settings) for other in cluster) and not any(
                    node.label == "PER" and other.label == "PER" and any(
                        _person_conflict(x, y, pseudonyms, settings) for x in node.persons() for y in other.persons())
                    for other in cluster):
                cluster.append(node)
                for k in keys:
                    if ci not in index[k]:
                        index[k].append(ci)
                break
        else:
            clusters.append([node])
            for k in keys:
                index[k].append(len(clusters) - 1)
    return clusters


_DAMAGED = re.compile(r"[\[\]|{}<>\\_^~]|[a-z][0-9]|[0-9][a-z]")


def is_damaged(name: str) -> bool:
    """A name with transcription damage ('Parl|ament', 'L0ndon', 'Pans' for Paris): never the canonical one."""
    return bool(_DAMAGED.search(name))


def _canonical(label: str, names: list[str], counts: Counter[str]) -> str:
    """The fullest clean name: most given names for people; a known place name, else the longest, for the
    rest; a name with transcription damage only when there is no other."""
    names = [n for n in names if not is_damaged(n)] or names
    if label == "PER":
        people = [p for n in names if (p := person_name(n))]
        if people:
            best = max(people, key=lambda p: (p.pseudonym is None, p.full_given, len(p.given), counts[p.text],
                                              len(p.text)))
            return best.text
        return names[0]
    def rank(n: str) -> tuple:
        known = label == "LOC" and gazetteer.lookup(n) is not None
        return (known, not n[:1].islower(), not n.lower().startswith("the "), counts[n] if known else 0, len(n))
    return max(names, key=rank)


def _pseudonyms(names: list[str]) -> set[str]:
    out = set()
    for name in names:
        p = person_name(name)
        if p and p.pseudonym:
            out.add(p.pseudonym)
    return out


# ---------------------------------------------------------------- dates and roles

def _iso_day(value: str | None) -> str | None:
    if value and _DATE.match(value):
        return value[:10]
    return None


def doc_date(doc: Document) -> str | None:
    """The Gregorian day a document was written, from the time and metadata stages."""
    for date in (doc.dct, doc.citation.date):
        if date is not None and (day := _iso_day(date.gregorian)):
            return day
    for t in sorted(doc.timexes, key=lambda t: t.start):
        if t.zone != "boilerplate" and (day := _iso_day(t.gregorian or t.value)):
            return day
    return None


def date_at(doc: Document, offset: int) -> str | None:
    """The last full date stated before an offset in the same paragraph, else the document's date."""
    para = doc.text.rfind("\n\n", 0, offset)
    best = None
    for t in doc.timexes:
        if para <= t.start < offset and t.type in ("DATE", "TIME") and (day := _iso_day(t.gregorian or t.value)):
            if best is None or t.start > best[0]:
                best = (t.start, day)
    return best[1] if best else doc_date(doc)


def role_keys(title: str) -> set[str]:
    """A title line split into the roles it names: 'Commissar for War and Commander-in-Chief' -> two."""

    parts = re.split(r"\s+and\s+(?=[A-Z])", title)
    return {_role_key(p) for p in parts} | {_role_key(title)}


def _appointments(doc: Document, hints: list["Cand"]) -> list[tuple[int, Role]]:
    """'X has been appointed the new Y': (index of X's mention, the role from that date)."""

    out = []
    for i, (mention, hint) in enumerate(zip(doc.mentions, hints)):
        if mention.label != "PER" or hint.nested and not hint.title or hint.role:
            continue  # a person's name, with its title or without ("Captain Smith has been appointed")
        tail = doc.text[mention.end:mention.end + 120]
        m = re.match(r"\s*,?\s*(?:has been|had been|was|is|were|being|has|had)?\s*(?:formally\s+|now\s+)?"
                     r"(?:appointed|named|made|elected)\s+(?:as\s+|to be\s+)?(?:the\s+|a\s+)?(new\s+)?", tail)
        if not m:
            continue
        toks = _tokens(tail[m.end():])
        n = _match_title(toks, 0)
        if not n:
            continue
        title = tail[m.end():m.end() + toks[n - 1][1]]
        sentence_end = doc.text.find(".", mention.end)
        evidence = doc.text[doc.text.rfind(".", 0, mention.start) + 1:sentence_end + 1].strip()
        role = Role(title=title, start=date_at(doc, mention.start), doc_id=doc.id, evidence=evidence)
        out.append((i, role))
    return out


def _is_new(role: Role) -> bool:
    return bool(role.evidence and re.search(r"\bnew\s+" + re.escape(role.title), role.evidence))


# ---------------------------------------------------------------- within a document

def resolve_document(doc: Document, hints: list["Cand"], settings: Settings = DEFAULTS) -> list[Entity]:
    """Group doc.mentions (with the entity stage's hints) into document-local entities; sets entity_id."""
    span_index = {(m.start, m.end): i for i, m in enumerate(doc.mentions)}
    parent = list(range(len(doc.mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    # hard ties: the same surface form, short forms, signatures, title + name
    by_form: dict[tuple[str, str], int] = {}
    for i, m in enumerate(doc.mentions):
        key = _form_key(m.label, m.text, hints[i] if i < len(hints) else None)
        if key in by_form:
            union(i, by_form[key])
        else:
            by_form[key] = i
    for i, hint in enumerate(hints):
        target = hint.alias_of or hint.signer
        if target and target in span_index:
            union(i, span_index[target])
        elif target:
            inside = [j for (s, e), j in span_index.items() if s >= target[0] and e <= target[1]]
            if inside:
                union(i, inside[0])
        if hint.title and hint.nested:
            inner = [j for j, m in enumerate(doc.mentions) if m.label == "PER" and m.end == hint.end
                     and m.start > hint.start and not hints[j].nested]
            if inner:
                union(i, inner[0])
    roles: dict[int, list[Role]] = defaultdict(list)
    for i, hint in enumerate(hints):
        if hint.title and hint.nested:
            roles[i].append(Role(title=hint.title, doc_id=doc.id, evidence=doc.mentions[i].text))
        if hint.signer:
            roles[i].append(Role(title=doc.mentions[i].text, doc_id=doc.id, evidence=doc.mentions[i].text))
    for i, role in _appointments(doc, hints):
        roles[i].append(role)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(doc.mentions)):
        groups[find(i)].append(i)
    nodes = []
    members: dict[int, list[int]] = {}
    date = doc_date(doc)
    for root, idx in groups.items():
        label = Counter(doc.mentions[i].label for i in idx).most_common(1)[0][0]
        names = list(dict.fromkeys([doc.mentions[i].text for i in idx] + [n for i in idx if (n := _titled_name(doc, hints[i]))]
                                   + [g for i in idx if (g := hints[i].gloss)]))  # "Russia" of "Россией": links across languages
        role = None
        if all(hints[i].role and not hints[i].signer for i in idx):
            role = hints[idx[0]].role
        node = _Node(label, names, [doc.id], role=role, date=date,
                     roles=[r for i in idx for r in roles.get(i, [])])
        members[id(node)] = idx
        nodes.append(node)
    pseudonyms = _pseudonyms([m.text for m in doc.mentions if m.label == "PER"])
    clusters = _cluster(nodes, pseudonyms, settings)
    clusters = _short_of_full_names(clusters)
    clusters = _resolve_roles(clusters, settings)
    positions = {id(n): [doc.mentions[i].start for i in members[id(n)]] for n in nodes}
    clusters = _known_rulers(doc, clusters, positions, settings)
    clusters = _sovereign_roles(clusters, positions)
    entities = []
    used: Counter[str] = Counter()
    for cluster in clusters:
        idx = [i for node in cluster for i in members[id(node)]]
        entity = _entity(cluster, used)
        entity.mention_count = len(idx)
        entity.doc_ids = [doc.id]
        for i in idx:
            doc.mentions[i].entity_id = entity.id
        for node in cluster:
            node.local_ids.append((doc.id, entity.id))
        entities.append(entity)
    return entities


def _short_form(p: PersonName, opening: frozenset[str]) -> tuple[str, ...] | None:
    """The words of a name that may be the opening of a fuller name of the same text: a given name alone
    ("Anna") or given names without the surname ("Anna Maria" of "Anna Maria Smith"); None otherwise."""
    if p.number or p.epithet or p.land or p.patronymic or p.pseudonym or any(len(g) == 1 for g in p.given):
        return None
    if not p.given:
        return (p.surname,) if p.surname.capitalize() in opening or p.text in opening else None
    return (*p.given, p.surname)


def _short_of_full_names(clusters: list[list[_Node]]) -> list[list[_Node]]:
    """Within one text, a person named by a given name alone, or by given names without the surname, is
    the one person of the text whose fuller name opens with those words ("Anna" and "Anna Smith", "Mary
    Ann" and "Mary Ann Evans"); where two fuller names open so, or none, the short name stays apart."""
    opening, _ = given_names()
    people = [ci for ci, c in enumerate(clusters) if all(n.label == "PER" and not n.role for n in c)]
    merged: dict[int, int] = {}
    for ci in people:
        persons = [p for n in clusters[ci] for p in n.persons()]
        shorts = {_short_form(p, opening) for p in persons}
        if not persons or len(shorts) != 1 or None in shorts:
            continue
        short = shorts.pop()
        fits = {cj for cj in people if cj != ci and any(
            len(p.given) >= len(short) and p.given[:len(short)] == short
            for n in clusters[cj] for p in n.persons())}
        if len(short) == 1 and any(not p.given and (p.surname, ) != short and any(
                q.given and q.surname == p.surname for m in clusters[cj] for q in m.persons())
                for cj in fits for n in clusters[cj] for p in n.persons()):
            continue  # a person the text calls by the surname ("Smith") is not the one it calls "Anna"
        if len(fits) == 1:
            merged[ci] = fits.pop()
    moved: set[int] = set()
    for ci, cj in merged.items():
        seen = {ci}
        while cj in merged and cj not in seen:  # a fuller name itself short of a third: go to the fullest
            seen.add(cj)
            cj = merged[cj]
        if cj not in seen:
            clusters[cj].extend(clusters[ci])
            moved.add(ci)
    return [c for ci, c in enumerate(clusters) if ci not in moved]


def _form_key(label: str, text: str, hint: Cand | None) -> tuple[str, str]:
    """The key under which two mentions of one document are the same entity outright: the same text,
    or, for a role named without its holder, the same role whatever its case or article ("The Sultan"
    opening a sentence and "the Sultan" inside one are one office, hence one person in one text)."""
    if hint is not None and hint.role and not hint.signer:
        return label, "\0role:" + re.sub(r"^(?:the|his|her|their|its|our)\s+", "", hint.role.lower())
    return label, text


def _titled_name(doc: Document, hint: "Cand") -> str | None:
    """The name of a title + name mention without its title ("John Smith" of "Secretary of State ... John
    Smith"): a name of the person for matching, though the text writes it only with the title."""
    if not (hint.title and hint.nested and hint.label == "PER") or hint.role:
        return None
    name = doc.text[hint.start + len(hint.title):hint.end].strip()
    return name if name[:1].isupper() else None


def _entity(cluster: list["_Node"], used: Counter[str]) -> Entity:
    label = Counter(n.label for n in cluster).most_common(1)[0][0]
    names = list(dict.fromkeys(name for n in cluster for name in n.names))
    if len(cluster) == 1 and cluster[0].role:
        base = ROLE_PREFIX + slug(cluster[0].role)
        name = names[0]
    else:
        counts = Counter(name for n in cluster for name in n.names)
        # a role joined to its holder ("his Majesty") never names the entity: the holder's own name does
        named = list(dict.fromkeys(name for n in cluster if not n.role for name in n.names)) or names
        name = _canonical(label, named, counts)
        base = slug(name)
    used[base] += 1
    ident = base if used[base] == 1 else f"{base}-{used[base]}"
    entity = Entity(id=ident, name=name, type=label, aliases=names,
                    roles=[r for n in cluster for r in n.roles])
    if label == "LOC":
        for candidate in [name, *names]:
            place = gazetteer.lookup(candidate)
            if place is not None and place.lat is not None:
                entity.lat, entity.lon = place.lat, place.lon
                if place.geonames_id:
                    entity.authority.setdefault("geonames", str(place.geonames_id))
                break
    return entity


def _seat_rank(role: str | None) -> str | None:
    """The bare rank of an office named with its seat ("bishop" of "bishop of london"); None for others."""
    parts = re.split(r"\s+(?:of|for)\s+", role or "", maxsplit=1)
    return parts[0] if len(parts) == 2 and parts[0] and " " not in parts[0] else None


def _office_known_here(node: _Node, holder: list[_Node]) -> bool:
    """Whether a role mention may go to a holder: an office of one seat ("the Bishop of London", "the
    Commissar for War") wherever the holder is named; a bare rank or title ("the Bishop", "the General")
    only in a text that names the holder, as many hold it at once."""
    return " " in (node.role or "").strip() or any(set(n.doc_ids) & set(node.doc_ids) for n in holder)


def _resolve_roles(clusters: list[list[_Node]], settings: Settings) -> list[list[_Node]]:
    """Give each role mention to the one person who held that role at its text's date, if the texts say."""
    holders: dict[str, list[tuple[int, Role]]] = defaultdict(list)
    for ci, cluster in enumerate(clusters):
        for node in cluster:
            for role in node.roles:
                for key in role_keys(role.title):
                    holders[key].append((ci, role))
    # "the Bishop of London" holds the bare "the Bishop" of its text, where no named person holds that office
    # (a role that goes to a holder itself is no holder: its cluster is not kept)
    for ci, cluster in enumerate(clusters):
        if len(cluster) == 1 and (seat := _seat_rank(cluster[0].role)) and cluster[0].role not in holders:
            holders[seat].append((ci, Role(title=seat, doc_id=cluster[0].doc_ids[0])))
    dates = {}
    for cluster in clusters:
        for node in cluster:
            for role in node.roles:
                dates.setdefault(id(role), node.date)
    # a "new" holder ends the terms of those attested before
    for key, items in holders.items():
        for ci, role in items:
            if role.start and _is_new(role):
                for cj, other in items:
                    seen = other.start or dates.get(id(other))
                    if cj != ci and other.end is None and seen and seen <= role.start:
                        other.end = role.start
    out = [c for c in clusters if not (len(c) == 1 and c[0].role)]
    for cluster in clusters:
        if not (len(cluster) == 1 and cluster[0].role):
            continue
        node = cluster[0]
        found = _holder_at(holders.get(node.role, []), node.date)
        if found is not None and not _office_known_here(node, clusters[found]):
            found = None
        if found is not None:
            clusters[found].append(node)  # a holder's cluster is kept: in out, or a seat's role cluster added below
        else:
            out.append(cluster)
    return out


# A monarch's office named without the name ("the Tsar", "his Majesty", "the sovereign"): within one
# document it is the monarch the text is about (issue 10: "the Emperor" apart from "Alexander II").
# Female titles and "highness", "pope" are left out: a consort, a prince or a pope is seldom the ruler named.
_SOVEREIGN_SYNONYMS = {"czar": "tsar", "tzar": "tsar", "majesty": "", "sovereign": "", "kaiser": "emperor"}
_MALE_SOVEREIGN = {"tsar", "czar", "tzar", "emperor", "king", "sultan", "sovereign", "kaiser", "shah", "majesty"}


def _sovereign_word(text: str) -> str | None:
    """The monarch's title a role or a titled name holds ('emperor' of "the Emperor of Russia"), if any."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _MALE_SOVEREIGN:
            return _SOVEREIGN_SYNONYMS.get(word, word)
    return None


def _ruler_titles(cluster: list[_Node]) -> set[str] | None:
    """Titles a person cluster is known to rule with ({''} = a ruler of unknown title); None for no ruler.

    A ruler is named with a regnal number or an epithet ("Alexander II", "Peter the Great") or with
    a monarch's title ("Tsar Nicholas", "King James").
    """
    if any(n.label != "PER" or n.role and _sovereign_word(n.role) is None for n in cluster) or all(n.role for n in cluster):
        return None  # a body, a role cluster, or a person holding another office
    titles: set[str] = set()
    for node in cluster:
        if node.role:  # a monarch's role already given to this ruler ("the Tsar" of "Tsar Peter")
            titles.add(_sovereign_word(node.role) or "")
            continue
        for name in node.names:
            p = person_name(name)
            if p is None:
                continue
            lead = name[:len(name) - len(p.text)] if name.endswith(p.text) else ""
            word = _sovereign_word(lead) if lead.strip() else None
            if word is not None:
                titles.add(word)
            elif p.number or (p.epithet and p.epithet != "saint"):
                titles.add("")
        for role in node.roles:
            word = _sovereign_word(role.title)
            if word is not None:
                titles.add(word)
    return titles or None


RULERS = Path(__file__).with_name("data") / "rulers.yaml"
_YEAR = re.compile(r"^(\d{4})")


@lru_cache(maxsize=1)
def _rulers() -> dict[str, list[dict]]:
    """Reigns of the titles that name one realm's ruler alone (data/rulers.yaml)."""
    from fontes.datafiles import load_yaml

    return load_yaml(RULERS.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def rulers_given_names() -> frozenset[str]:
    """The given names of the rulers of data/rulers.yaml ("Ivan" of "Ivan IV")."""
    return frozenset(r["name"].split()[0] for reigns in _rulers().values() for r in reigns)


def ruler_at(word: str, year: int) -> dict | None:
    """The one male holder of a monarch's title in a year ("tsar", 1708 -> Peter I); None when the
    title names no single realm, the year has two holders, or the title's holder was a woman."""
    held = [r for r in _rulers().get(word, []) if r["from"] <= year <= r["to"]]
    if len(held) != 1 or held[0].get("sex") != "m":
        return None
    return held[0]


def year_at(doc: Document, offset: int) -> int | None:
    """The year of the narrative at an offset: the last year stated before it, else the first after it,
    else the document's date (a role in a newspaper of 1905 speaks of 1905)."""
    before = after = None
    for t in sorted(doc.timexes, key=lambda t: t.start):
        if t.zone == "boilerplate" or t.type not in ("DATE", "TIME"):
            continue
        m = _YEAR.match(t.gregorian or t.value or "")
        if not m:
            continue
        if t.start < offset:
            before = int(m.group(1))
        elif after is None:
            after = int(m.group(1))
    if before is not None or after is not None:
        return before if before is not None else after
    day = doc_date(doc)
    return int(day[:4]) if day else None


_REALM = re.compile(r"\bof\s+(?:all\s+)?(?:the\s+)?(.+)$", re.IGNORECASE)


def _realm_title(role: str | None, word: str | None) -> str | None:
    """A monarch's title with its realm as data/rulers.yaml keys it ("emperor of russia" of "Emperor of
    all the Russias", "emperor of france" of "Emperor of the French"); None without a realm the gazetteer
    or its peoples' names know."""
    m = _REALM.search(role or "")
    if not word or m is None:
        return None
    realm = m.group(1).strip()
    place = gazetteer.lookup(realm)
    name = place.name if place is not None else gazetteer.demonyms().get(realm.capitalize())
    return f"{word} of {name.lower()}" if name else None


def _known_rulers(doc: Document, clusters: list[list[_Node]], positions: dict[int, list[int]],
                  settings: Settings = DEFAULTS) -> list[list[_Node]]:
    """A monarch's title alone ("the Tsar") in a text naming no ruler of that title: the ruler who held it
    in the narrative's year. Joined to the person of the text with that ruler's name ("Peter I", "Peter
    the Great"), else named after the ruler so that other texts naming him link to it."""
    out = list(clusters)
    titled = {ci for ci, c in enumerate(clusters) if (t := _ruler_titles(c)) and (t - {""})}
    for ci, cluster in enumerate(clusters):
        if not (len(cluster) == 1 and cluster[0].role and cluster[0].label == "PER"):
            continue
        word = _sovereign_word(cluster[0].role)
        title = _realm_title(cluster[0].role, word) or word
        if title not in _rulers() or any(word in (_ruler_titles(clusters[r]) or set()) for r in titled):
            continue  # a ruler of this title is named in the text: the text's own ruler wins
        pos = positions.get(id(cluster[0]), [])
        year = year_at(doc, min(pos)) if pos else None
        ruler = ruler_at(title, year) if year else None
        if ruler is None:
            continue
        names = [ruler["name"], *ruler.get("aliases", [])]
        known = [p for n in names if (p := person_name(n))]
        match = [cj for cj, other in enumerate(clusters) if cj != ci and other and not any(n.role for n in other)
                 and other[0].label == "PER" and any(_person_link(x, y, set(), settings) and not
                                                     _person_conflict(x, y, set(), settings)
                                                     for node in other for y in node.persons() for x in known)]
        if len(match) == 1:
            out[match[0]] = out[match[0]] + [cluster[0]]
            out[ci] = []
        else:
            node = cluster[0]
            node.names = node.names + [n for n in names if n not in node.names]
            # the ruler keeps the title the text gives him: "the Shah" is not the "King of Spain" named so
            node.roles = node.roles + [Role(title=node.role, doc_id=doc.id)]
            node.role = None
            node._persons = None
    return [c for c in out if c]


def _sovereign_roles(clusters: list[list[_Node]], positions: dict[int, list[int]]) -> list[list[_Node]]:
    """Give each monarch's role mention still without a holder to the ruler named nearest before it.

    Rulers named with the same title come first ("the King" goes to "King Charles" before "Tsar Peter");
    a ruler named after the role is taken when none stands before it.
    """
    rulers = {ci: t for ci, c in enumerate(clusters) if (t := _ruler_titles(c)) is not None}
    if not rulers:
        return clusters
    moved: set[int] = set()
    for ci, cluster in enumerate(clusters):
        if not (len(cluster) == 1 and cluster[0].role):
            continue
        word = _sovereign_word(cluster[0].role)
        if word is None:
            continue
        # a ruler of the same title; else one of unknown title ("Peter I"); "his Majesty" goes to any ruler,
        # but "the tsar" never to a ruler named as king. A ruler named before the role comes first: one of
        # the same title, else one of unknown title ("Peter I ... was the Tsar", a "Tsar Alexis" only after)
        same = [r for r, titles in rulers.items() if word and word in titles]
        unknown = [r for r, titles in rulers.items() if (not word or titles <= {""}) and r not in same]
        if not same and not unknown:
            continue
        votes: Counter[int] = Counter()
        for pos in positions.get(id(cluster[0]), []):
            target = _nearest_before(clusters, positions, same, pos)
            if target is None:
                target = _nearest_before(clusters, positions, unknown, pos)
            if target is None:
                pool = same or unknown
                target = min((min(_cluster_positions(clusters[r], positions), default=1 << 30), r) for r in pool)[1]
            votes[target] += 1
        if votes:
            target = votes.most_common(1)[0][0]
            clusters[target].append(cluster[0])
            moved.add(ci)
    return [c for ci, c in enumerate(clusters) if ci not in moved]


def _nearest_before(clusters: list[list[_Node]], positions: dict[int, list[int]], pool: list[int], pos: int) -> int | None:
    """The cluster of the pool named nearest before a position, if any is named before it."""
    before = [(max(ps), r) for r in pool if (ps := [p for p in _cluster_positions(clusters[r], positions) if p < pos])]
    return max(before)[1] if before else None


def _cluster_positions(cluster: list[_Node], positions: dict[int, list[int]]) -> list[int]:
    return [p for node in cluster for p in positions.get(id(node), [])]


def _holder_at(items: list[tuple[int, Role]], day: str | None) -> int | None:
    people = {ci for ci, _ in items}
    if day is None:
        return next(iter(people)) if len(people) == 1 else None
    fits = set()
    for ci in people:
        mine = [r for cj, r in items if cj == ci]
        first_start = min((r.start for r in mine if r.start), default=None)
        if first_start and day < first_start:
            continue  # appointed only later
        if any(r.end and r.end <= day for r in mine) and not any(r.start and r.start <= day and not r.end
                                                                  for r in mine):
            continue  # replaced by then
        fits.add(ci)
    return fits.pop() if len(fits) == 1 else None


# ---------------------------------------------------------------- across documents

def _place_of(cluster: list[_Node]) -> str | None:
    """The one gazetteer place every name of a cluster of place names that the gazetteer knows denotes
    (None if the cluster is no place, names none it knows, or names two)."""
    if any(n.label != "LOC" or n.role for n in cluster):
        return None
    # a country's name in another language ("Russie") is that country: the entity stage reads one in
    # a line of that language only
    places = {(p.name, p.kind, p.geonames_id) for n in cluster for name in n.names
              if (p := gazetteer.lookup(name) or gazetteer.exonyms().get(name))}
    return repr(places.pop()) if len(places) == 1 else None


def _one_cluster_per_place(clusters: list[list[_Node]]) -> list[list[_Node]]:
    """Clusters of place names that denote one and the same place of the gazetteer become one: the greedy
    clustering may seat "Saint Augustine" apart from "St. Augustine" when a longer, damaged form
    ("St. Augustine Augustine") opened the other cluster first."""
    first: dict[str, list[_Node]] = {}
    out: list[list[_Node]] = []
    for cluster in clusters:
        key = _place_of(cluster)
        if key is None:
            out.append(cluster)
        elif key in first:
            first[key].extend(cluster)
        else:
            first[key] = cluster
            out.append(cluster)
    return out


def link_entities(docs: list[Document], settings: Settings = DEFAULTS) -> list[Entity]:
    """Cluster the documents' local entities into global ones; rewrite Mention.entity_id to global ids.

    Works on one document too. Places get coordinates from the offline gazetteer, and entities
    are linked to ``settings.authority_file`` entries when one is set.
    """
    nodes: list[_Node] = []
    for doc in docs:
        date = doc_date(doc)
        by_id: dict[str, list[str]] = defaultdict(list)
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        for m in doc.mentions:
            if m.entity_id:
                if m.text not in by_id[m.entity_id]:
                    by_id[m.entity_id].append(m.text)
                labels[m.entity_id][m.label] += 1
        local = {e.id: e for e in doc.entities}
        for eid, names in by_id.items():
            entity = local.get(eid)
            label = entity.type if entity else labels[eid].most_common(1)[0][0]
            if entity is not None:  # names known only with a title ("General Lee") match as "Lee"
                names += [a for a in entity.aliases if a not in names]
            role = None
            if eid.startswith(ROLE_PREFIX):
                role = eid[len(ROLE_PREFIX):].replace("-", " ")
                role = re.sub(r"\d+$", "", role).strip()
                role = _role_key(names[0])
            nodes.append(_Node(label, names, [doc.id], role=role, date=date,
                               roles=list(entity.roles) if entity else [], local_ids=[(doc.id, eid)]))
    all_names = [n for node in nodes if node.label == "PER" for n in node.names]
    clusters = _cluster(nodes, _pseudonyms(all_names), settings, _given_like(nodes))
    clusters = _one_cluster_per_place(clusters)
    clusters = _resolve_roles(clusters, settings)
    used: Counter[str] = Counter()
    entities = []
    mapping: dict[tuple[str, str], str] = {}
    for cluster in sorted(clusters, key=lambda c: min(d for n in c for d in n.doc_ids)):
        entity = _entity(cluster, used)
        for node in cluster:
            for key in node.local_ids:
                mapping[key] = entity.id
        entities.append(entity)
    counts: Counter[str] = Counter()
    docs_of: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        for m in doc.mentions:
            if m.entity_id and (doc.id, m.entity_id) in mapping:
                m.entity_id = mapping[(doc.id, m.entity_id)]
                counts[m.entity_id] += 1
                if doc.id not in docs_of[m.entity_id]:
                    docs_of[m.entity_id].append(doc.id)
        merged: dict[str, Entity] = {}
        for e in doc.entities:
            e.id = mapping.get((doc.id, e.id), e.id)
            if e.id in merged:  # two local entities found to be one person
                kept = merged[e.id]
                kept.aliases += [a for a in e.aliases if a not in kept.aliases]
                kept.roles += e.roles
                kept.mention_count += e.mention_count
            else:
                merged[e.id] = e
        doc.entities = list(merged.values())
    for entity in entities:
        entity.mention_count = counts[entity.id]
        entity.doc_ids = docs_of[entity.id]
    if settings.authority_file:
        link_authority(entities, load_authority(settings.authority_file), settings)
    return entities


# ---------------------------------------------------------------- authority files

@dataclass
class AuthorityEntry:
    """One record of a user's authority file."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # wikidata, viaf, geonames


_ID_FIELDS = ("wikidata", "viaf", "geonames")
_TYPES = {"PER", "ORG", "LOC", "WORK", "EVENT"}


def load_authority(path: str | Path) -> list[AuthorityEntry]:
    """Read an authority file: CSV (id,name,type,aliases,wikidata,viaf,geonames; aliases split on '|' or ';')
    or JSON (a list of objects with the same keys, aliases a list)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "authority file not found", "check the path given as authority_file")
    try:
        if path.suffix.lower() == ".json":
            rows = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(rows, dict):
                rows = rows.get("entries") or rows.get("entities") or []
        else:
            with path.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
    except (json.JSONDecodeError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, f"authority file cannot be parsed ({err})",
                         "write CSV with a header id,name,type,aliases,... or a JSON list of objects") from err
    if not isinstance(rows, list):
        raise InputError(path, "authority file holds no list of entries", "write a JSON list of objects")
    entries = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not row.get("id") or not row.get("name"):
            raise InputError(path, f"entry {n} lacks an id or a name", "give every entry an id and a name")
        kind = str(row.get("type") or "").upper()
        if kind not in _TYPES:
            raise InputError(path, f"entry {n} ({row['name']}) has type {row.get('type')!r}",
                             f"use one of {', '.join(sorted(_TYPES))}")
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in re.split(r"[|;]", aliases) if a.strip()]
        ids = {k: str(row[k]) for k in _ID_FIELDS if row.get(k)}
        entries.append(AuthorityEntry(str(row["id"]), str(row["name"]), kind, list(aliases), ids))
    return entries


def _norm_name(text: str) -> str:

    return " ".join(re.findall(r"\w+", ocr_norm(text)))


def link_authority(entities: list[Entity], entries: list[AuthorityEntry], settings: Settings = DEFAULTS) -> None:
    """Set Entity.authority from the entry that names it: exact alias match first, then a close one of its type."""
    exact: dict[tuple[str, str], AuthorityEntry] = {}
    for entry in entries:
        for name in [entry.name, *entry.aliases]:
            exact.setdefault((entry.type, _norm_name(name)), entry)
    for entity in entities:
        names = [entity.name, *entity.aliases]
        hit = next((exact[(entity.type, _norm_name(n))] for n in names if (entity.type, _norm_name(n)) in exact), None)
        if hit is None and entity.type == "PER":
            hit = _authority_person(entity, [e for e in entries if e.type == "PER"], settings)
        elif hit is None:
            best, best_score = None, 0.0
            for entry in entries:
                if entry.type != entity.type:
                    continue
                for a in [entry.name, *entry.aliases]:
                    for n in names:
                        score = fuzz.token_sort_ratio(_norm_name(a), _norm_name(n))
                        if score > best_score:
                            best, best_score = entry, score
            if best is not None and best_score >= settings.fuzzy_alias_threshold:
                hit = best
        if hit is not None:
            entity.authority.update({"id": hit.id, "name": hit.name, **hit.ids})


def _authority_person(entity: Entity, entries: list[AuthorityEntry], settings: Settings) -> AuthorityEntry | None:
    """The one authority person whose names fit the entity's (surname, and first names where both have them)."""
    ours = [p for n in [entity.name, *entity.aliases] if (p := person_name(n))]
    fits, strong = [], []
    for entry in entries:
        theirs = [p for n in [entry.name, *entry.aliases] if (p := person_name(n))]
        links = [(a, b) for a in ours for b in theirs if _person_link(a, b, set(), settings)]
        if links and not any(_person_conflict(a, b, set(), settings) for a in ours for b in theirs):
            fits.append(entry)
            if any(a.given and b.given for a, b in links):
                strong.append(entry)
    if len(fits) == 1:
        return fits[0]
    return strong[0] if len(strong) == 1 else None

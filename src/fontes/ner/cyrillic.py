"""Names in Russian lines, read by rules: the English model finds nothing in Cyrillic text.

In Russian prose a capitalised word inside a sentence is a name (common nouns, adjectives of
nationality and months are written in lower case), so capitalised runs are the candidates; their
type comes from the evidence around them: a title word before ("императору Александру II"), a
regnal number after, a given name, a place noun before ("крепость Карс"), a head noun after a
capitalised adjective ("Крымской войне", "Чёрное море"), or the lexicon of state and city names in
data/names_ru.yaml, matched in any case form ("Россией", "Турции"). Texts in the spelling before 1918
("Россіи", "Александръ Третій") are read in today's spelling; a sovereign's style capitalises pronouns,
titles and reverent nouns ("Мы", "Государству"), which are no names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontes.datafiles import load_yaml
from fontes.names import Cand

LEXICON = Path(__file__).resolve().parent.parent / "data" / "names_ru.yaml"
RULE = 2  # the rules' tier of fontes.entities

# Russian letters, with those of the spelling before 1918 ("Россіи", "Петербургѣ", "Ѳеодоръ", "мѵро")
_LETTERS = "А-ЯЁа-яёІіѢѣѲѳѴѵ"
_OLD_LETTERS = str.maketrans({"і": "и", "І": "И", "ѣ": "е", "Ѣ": "Е", "ѳ": "ф", "Ѳ": "Ф", "ѵ": "и", "Ѵ": "И", "ё": "е"})
_WORD = re.compile(rf"[{_LETTERS}]+(?:-[{_LETTERS}]+)*|[IVX]{{1,4}}(?![\w])|[A-Za-z]+|\d+|[^\s\w]")
_LINE = re.compile(r"[^\n]+")
_CYR = re.compile(rf"[{_LETTERS}]")
_LETTER = re.compile(r"[^\W\d_]")
_ROMAN = re.compile(r"[IVX]{1,4}")
# case endings of nouns and adjectives, longest first: a name's stem is matched with any of them
_NOUN_ENDINGS = ("ией", "ией", "ии", "ию", "ия", "ью", "ой", "ей", "ёй", "ом", "ем", "ём", "ам", "ям", "ах", "ях",
                 "а", "я", "ы", "и", "е", "у", "ю", "о", "ь", "й", "")
_ADJ_END = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ой|ей|ую|юю|ым|им|ом|ем|ые|ие|ых|их|ыми|ими)$")
_SINGULAR_ADJ = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ую|юю|ым|им|ых|их)$")
# Russian surnames' endings in their case forms ("Меншиков", "Шереметева", "Голицыну", "Долгорукого").
_SURNAME = re.compile(r"(?:[оеё]в|[иы]н|ск|цк)(?:а|у|ым|ом|е|ой|ою|ы|ых|ими?)?$|(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую)$")
_PLACE_PREPOSITIONS = {"в", "во", "из", "изо", "под", "к", "ко", "до", "близ", "около", "у", "над", "через", "за"}
_SENTENCE_END = re.compile(r"[.!?…]\s*[«\"„(]*$")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """data/names_ru.yaml with its stems: {stem: place} for places, stems of titles and head nouns."""
    data = load_yaml(LEXICON.read_text(encoding="utf-8"))
    data["place_stems"] = {_stem(p): english for p, english in data["places"].items()}
    data["title_stems"] = {_stem(t) for t in data["titles"]}
    data["head_stems"] = {_stem(h): label for label, words in data["heads"].items() for h in words}
    data["place_noun_stems"] = {_stem(n) for n in data["place_nouns"]}
    data["body_stems"] = {_stem(b) for b in data["bodies"]}
    data["reverent_stems"] = {_stem(n) for n in data["reverent_nouns"]}
    data["given_stems"] = {_stem(g): english for g, english in data["given"].items()}
    data["phrase_variants"] = [([_variants(w) for w in phrase.split()], english)
                               for phrase, english in data["phrases"].items()]
    return data


def _modern(word: str) -> str:
    """A word in lower case and today's spelling: "Россіи" -> "россии", "Александръ" -> "александр"."""
    low = word.lower().translate(_OLD_LETTERS)
    return low[:-1] if len(low) > 2 and low.endswith("ъ") else low


def _stem(word: str) -> str:
    """A word without its case ending: "Россия" -> "росси", "Дунай" -> "дуна", "Париж" -> "париж"."""
    low = _modern(word)
    for end in _NOUN_ENDINGS:
        if end and low.endswith(end) and len(low) - len(end) >= 3:
            return low[:-len(end)]
    return low


def _forms(word: str) -> list[str]:
    """Every stem a written word may have, longest first ("Францией" -> "франци", "францие", ...)."""
    low = _modern(word)
    return [low[:len(low) - len(end)] if end else low for end in _NOUN_ENDINGS
            if low.endswith(end) and len(low) - len(end) >= 3]


def _match(word: str, stems: set[str] | dict[str, Any]) -> bool:
    return any(f in stems for f in _forms(word))


def _lookup(word: str, stems: dict[str, str]) -> str | None:
    """The value (an English name) of the first stem of a written word found in a lexicon."""
    return next((stems[f] for f in _forms(word) if f in stems), None)


_ADJ_ENDINGS = ("ыми", "ими", "ого", "его", "ому", "ему", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ую", "юю", "ым", "им",
                "ом", "ем", "ые", "ие", "ых", "их", "ей")


def _variants(word: str) -> set[str]:
    """Stems of a noun or an adjective in any case: two forms of one word share one ("Крымская", "Крымской")."""
    low = _modern(word)
    return {low[:len(low) - len(end)] if end else low for end in (*_NOUN_ENDINGS, *_ADJ_ENDINGS)
            if low.endswith(end) and len(low) - len(end) >= 3}


def gloss(words: list[str]) -> str | None:
    """The usual English name of a Russian name as written ("Крымской войне" -> "Crimean War",
    "Россией" -> "Russia", "Александру II" -> "Alexander II"), if the lexicon knows it."""
    lex = lexicon()
    for variants, english in lex["phrase_variants"]:
        if len(variants) == len(words) and all(v & _variants(w) for v, w in zip(variants, words)):
            return english
    if len(words) == 2 and _ROMAN.fullmatch(words[1]):
        given = _lookup(words[0], lex["given_stems"])
        return f"{given} {words[1]}" if given else None
    if len(words) == 1:
        return _lookup(words[0], lex["place_stems"])
    whole = " ".join(words).lower()
    return next((e for p, e in lex["places"].items() if p.lower() == whole), None)


def is_russian_line(line: str) -> bool:
    """A line whose letters are mostly Cyrillic."""
    letters = _LETTER.findall(line)
    return bool(letters) and sum(1 for c in letters if _CYR.match(c)) > len(letters) / 2


def _cap(word: str) -> bool:
    """A capitalised Cyrillic word (not one in capitals throughout: a heading's shout or an acronym)."""
    return bool(_CYR.match(word[:1])) and word[:1].isupper() and not word.isupper()


def cyrillic_cands(text: str) -> list[Cand]:
    """Candidate mentions of the Russian lines of a text (rule tier, source "cyrillic")."""
    out: list[Cand] = []
    for m in _LINE.finditer(text):
        if is_russian_line(m.group()):
            out += _line_cands(m.start(), m.group())
        else:  # a Russian name quoted in another language's line: "The Streltsy uprising (Стрелецкий бунт)"
            for run in _CYR_RUN.finditer(m.group()):
                out += _line_cands(m.start() + run.start(), run.group())
    _link_forms(text, out)
    return out


# A run of Russian words (with numbers between them) inside a line in another language.
_CYR_RUN = re.compile(rf"[{_LETTERS}][{_LETTERS}-]*(?:[ \t]+(?:[{_LETTERS}][{_LETTERS}-]*|\d{{3,4}}(?=[ \t]+[{_LETTERS}])))*")


def _line_cands(offset: int, line: str) -> list[Cand]:
    lex = lexicon()
    toks = [(t.start(), t.end(), t.group()) for t in _WORD.finditer(line)]
    out: list[Cand] = []
    i = 0
    while i < len(toks):
        word = toks[i][2]
        initial = _opens_sentence(line, toks, i)
        if not _cap(word):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and (_cap(toks[j][2]) or _ROMAN.fullmatch(toks[j][2]) and _cap(toks[j - 1][2])):
            j += 1
        if initial and j - i >= 2 and not _known(word) and not _SINGULAR_ADJ.search(_modern(word)):
            i += 1  # "Взятие Севастополя": a sentence's first word is a noun, the name follows it
            initial = False
        words = [t[2] for t in toks[i:j]]
        prev = toks[i - 1][2].lower() if i else ""
        nxt = toks[j][2] if j < len(toks) else ""
        after = toks[j + 1][2] if j + 1 < len(toks) else ""
        label = _type(words, prev, nxt, initial, after)
        if label == "HEAD":  # a capitalised adjective and the head noun after it: one name with the noun
            label, j = lex["head_stems"][next(f for f in _forms(nxt) if f in lex["head_stems"])], j + 1
            if label == "EVENT" and j + 1 < len(toks) and toks[j][2].isdigit() and re.fullmatch(r"год[аеу]?", toks[j + 1][2]):
                j += 2  # "Стрелецкий бунт 1698 года": an event named with its year
        if label is not None:
            start, stop = offset + toks[i][0], offset + toks[j - 1][1]
            out.append(Cand(start, stop, label, RULE, "cyrillic", gloss=gloss(line[toks[i][0]:toks[j - 1][1]].split())))
            if label == "PER" and _match(prev, lex["title_stems"]):
                k = i - 1  # the title and the adjectives before it: "российскому императору Александру II"
                while k > 0 and _ADJ_END.search(_modern(toks[k - 1][2])) and not _cap(toks[k - 1][2]) and toks[k - 1][2].isalpha():
                    k -= 1
                out.append(Cand(offset + toks[k][0], stop, "PER", RULE, "cyrillic", nested=True,
                                title=line[toks[k][0]:toks[i - 1][1]], gloss=out[-1].gloss))
        i = j
    return out


def _opens_sentence(line: str, toks: list[tuple[int, int, str]], i: int) -> bool:
    """The first Russian word of its sentence (Latin words, digits and marks before it do not count:
    "Print Читать на русском" opens with "Читать")."""
    for k in range(i - 1, -1, -1):
        if _SENTENCE_END.search(line[:toks[k][1]]):
            return True
        if _CYR.match(toks[k][2]):
            return False
    return True


def _known(word: str) -> bool:
    """A word the lexicon knows as a name or part of one: a place, a given name, a body."""
    lex = lexicon()
    return _match(word, lex["place_stems"]) or _match(word, lex["given_stems"]) or _match(word, lex["body_stems"])


def _type(words: list[str], prev: str, nxt: str, initial: bool, after: str = "") -> str | None:
    """The type of a capitalised run from its words and neighbours; "HEAD" when the next word is a
    head noun that belongs to the name; None when the run is no name (a sentence's first word)."""
    lex = lexicon()
    last = _modern(words[-1])
    if _ROMAN.fullmatch(words[-1]) and len(words) >= 2 or _match(prev, lex["title_stems"]):
        return "PER"
    if nxt and nxt.islower() and _match(nxt, lex["head_stems"]) and _ADJ_END.search(last):
        return "HEAD"
    if len(words) == 1 and (last in lex["pronouns"] or _match(last, lex["title_stems"])
                            or _match(last, lex["reverent_stems"]) or nxt == "." and after.islower()):
        return None  # "Мы", "Императоръ", "Государству": a sovereign's style; "Полн. собр.": an abbreviation
    if len(words) >= 2 and _ADJ_END.search(_modern(words[-2])) and _match(last, lex["head_stems"]):
        return _lookup(last, lex["head_stems"])  # "Высочайший Манифест": an adjective and its capitalised head
    if len(words) >= 2 and _match(words[0], lex["given_stems"]):
        return "PER"
    if _match(prev, lex["place_noun_stems"]) or _match(last, lex["place_stems"]) or " ".join(words).lower() in {
            p.lower() for p in lex["places"]}:
        return "LOC"
    if len(words) == 1 and _match(last, lex["body_stems"]):
        return "ORG"
    if initial or len(words) == 1 and _ADJ_END.search(last) and len(last) > 5 and not _SURNAME.search(last):
        return None  # a sentence's first word; a lone adjective ("Российской") is no name by itself
    if len(words) >= 2 or prev not in _PLACE_PREPOSITIONS and _SURNAME.search(last):
        return "PER"  # "Меншиков", "Шереметева": a surname's shape, not after "в", "из", "под"
    return "LOC"


def _link_forms(text: str, cands: list[Cand]) -> None:
    """Case forms of one name are one entity: "Турции" and "Турцией" are short forms of "Турция"."""
    first: dict[tuple[str, ...], tuple[int, int]] = {}
    for c in cands:
        if c.nested:
            continue
        key = tuple(_stem(w) for w in text[c.start:c.end].split())
        if key in first:
            c.alias_of = first[key]
        else:
            first[key] = (c.start, c.end)

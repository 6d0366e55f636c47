"""Names in German text, read by rules: German capitalises every noun, so the English model and the
capitalisation rules read common nouns as names ("auf Grund" as a person) and miss the names German
writes with an adjective and a head noun ("Osmanisches Reich", "Schwarzen Meeres", "russische
Marine"), with a compound ("Krimkrieges") or with a preposition ("Schlacht von Sinop").

Candidates come only from the lexicon of data/names_de.yaml: state names (also in the genitive),
head nouns after an adjective, compounds ending in an event's head noun, and "X von Y" events.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from fontes.names import Cand

LEXICON = Path(__file__).resolve().parent.parent / "data" / "names_de.yaml"
STRONG = 3  # the entity stage's top tier: in German text these readings outrank the English model's

# an inflected adjective, not an article or a possessive ("einem Meer" is no name)
_ADJ = r"(?!(?:[Ee]in|[Kk]ein|[Dd]ies|[Jj]en|[Jj]ed|[Ww]elch|[Ss]ein|[Ii]hr|[Uu]nser|[Mm]ein|[Dd]ein|[Ee]uer|[Oo]d|[Aa]b|" \
       r"[Üü]b|[Uu]nt|[Hh]int|[Ww]ied|[Ii]mm|[Aa]nd|[Aa]ll|[Vv]ie|[Ww]eit)(?:e|en|er|es|em)\b)" \
       r"[A-ZÄÖÜa-zäöüß][a-zäöüß]{2,}(?:e|en|er|es|em)"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """data/names_de.yaml with its patterns compiled."""
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    heads = {w: label for label, words in data["heads"].items() for w in words}
    data["head_type"] = heads
    places = sorted(data["places"], key=len, reverse=True)  # the German names (keys)
    data["phrase_keys"] = {_key(p): e for p, e in data["phrases"].items()}
    data["place_keys"] = {_key(p): e for p, e in data["places"].items()}
    data["re_place"] = re.compile(r"(?<![\wäöüÄÖÜß])(?:" + "|".join(map(re.escape, places)) + r")s?(?![\wäöüÄÖÜß])")
    data["re_adj_head"] = re.compile(r"(?<![\wäöüÄÖÜß])" + _ADJ + r"[ \t]+(" +
                                     "|".join(map(re.escape, sorted(heads, key=len, reverse=True))) +
                                     r")(?![\wäöüÄÖÜß])")
    data["re_event_of"] = re.compile(r"(?<![\wäöüÄÖÜß])(?:" + "|".join(map(re.escape, data["event_of"])) +
                                     r")[ \t]+(?:von|bei|zu|am|an[ \t]+der)[ \t]+[A-ZÄÖÜ][\wäöüß-]+(?![\wäöüÄÖÜß])")
    events = [w for w, label in heads.items() if label == "EVENT" and w[:1].isupper()]
    # a compound of a place and an event's head ("Krimkrieges"), not "Seeschlacht"
    data["re_compound_event"] = re.compile(r"(?<![\wäöüÄÖÜß])(?:" + "|".join(map(re.escape, places)) + r")(?:" +
                                           "|".join(w.lower() for w in events) + r")(?![\wäöüÄÖÜß])")
    return data


def _key(name: str) -> tuple[str, ...]:
    """A name without its inflection, to compare forms: "Schwarzen Meeres" and "Schwarzes Meer" agree."""
    return tuple(re.sub(r"(?:es|en|er|em|e|s)$", "", w) if len(w) > 4 else w for w in name.lower().split())


def gloss(name: str) -> str | None:
    """The usual English name of a German name ("Osmanischen Reich" -> "Ottoman Empire",
    "Schlacht von Sinop" -> "Battle of Sinop", "Russlands" -> "Russia"), if the lexicon knows it."""
    lex = lexicon()
    key = _key(name)
    if key in lex["phrase_keys"]:
        return lex["phrase_keys"][key]
    if key in lex["place_keys"]:
        return lex["place_keys"][key]
    m = re.match(r"(\S+)\s+(?:von|bei|zu|am|an\s+der)\s+(\S+)$", name)
    if m and m.group(1) in lex["event_of_english"]:
        place = m.group(2)
        return f"{lex['event_of_english'][m.group(1)]} {lex['place_keys'].get(_key(place), place)}"
    return None


def german_cands(text: str, spans: list[tuple[int, int]]) -> list[Cand]:
    """Candidate mentions in the German spans (start, end) of a text."""
    lex = lexicon()
    out: list[Cand] = []
    for s0, e0 in spans:
        part = text[s0:e0]
        for m in lex["re_event_of"].finditer(part):
            out.append(Cand(s0 + m.start(), s0 + m.end(), "EVENT", STRONG, "german", gloss=gloss(m.group())))
        for m in lex["re_adj_head"].finditer(part):
            label = lex["head_type"][m.group(1)]
            out.append(Cand(s0 + m.start(), s0 + m.end(), label, STRONG, "german", gloss=gloss(m.group())))
        for m in lex["re_compound_event"].finditer(part):
            out.append(Cand(s0 + m.start(), s0 + m.end(), "EVENT", STRONG, "german", gloss=gloss(m.group())))
        for m in lex["re_place"].finditer(part):
            out.append(Cand(s0 + m.start(), s0 + m.end(), "LOC", STRONG, "german", gloss=gloss(m.group())))
        out.extend(_given_name_cands(s0, part))
    return out


# overlapping: "Reich Pawel Worontzow" is tried at "Reich" and at "Pawel"
_GIVEN_AND_NAME = re.compile(r"(?<![\wäöüÄÖÜß])([A-ZÄÖÜ][a-zäöüßł]+)(?=[ \t]+([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)"
                             r"(?![\wäöüÄÖÜß]))")


def _given_name_cands(offset: int, part: str) -> list[Cand]:
    """A known given name and the capitalised word after it ("Pawel Worontzow"): a person. German writes
    every noun with a capital, so the English rules skip a given name after another capitalised word;
    the word after it must be no head noun or place of the lexicon ("Peter Kirche" is no name)."""
    from fontes.names import given_names

    lex = lexicon()
    opening, _ = given_names()
    out: list[Cand] = []
    for m in _GIVEN_AND_NAME.finditer(part):
        surname = m.group(2)
        if m.group(1) in opening and surname not in lex["head_type"] and _key(surname) not in lex["place_keys"] \
                and not lex["re_place"].fullmatch(surname):
            out.append(Cand(offset + m.start(), offset + m.end(2), "PER", STRONG, "german"))
    return out

"""Time stage, lexicon: the words of dates and times by language, read from ``data/time_lexicon/``.

Each language has one YAML file (as HeidelTime keeps ``resources/<language>/``): month names with
their cases and old spellings, abbreviations, the words that mark a calendar ("O.S.", "ст. ст."),
and for English the number, unit, season and modifier words the grammar is built from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fontes.datafiles import load_yaml

_CASES = {"lower": str.lower, "title": str.title, "upper": str.upper}


@dataclass(frozen=True, slots=True)
class MonthForm:
    """One way a text writes a month: "Febr", "февраля", "7ber"; abbreviations may take a full stop."""

    surface: str
    month: int
    language: str
    abbreviation: bool = False


@lru_cache(maxsize=1)
def languages() -> dict[str, dict]:
    """Every lexicon file, keyed by its language code (``en`` first)."""
    folder = resources.files("fontes").joinpath("data/time_lexicon")
    raw = {}
    for entry in sorted(folder.iterdir(), key=lambda p: (p.name != "en.yaml", p.name)):
        if entry.name.endswith(".yaml"):
            data = load_yaml(entry.read_text("utf-8"))
            raw[data["language"]] = data
    return raw


def language_countries() -> dict[str, tuple[str, frozenset[str]]]:
    """Language code → (country, function words) for the languages whose lexicon names the country
    whose calendar a text written in them keeps ("sv": Sweden, "och", "jagh", "medh" ...)."""
    return {code: (data["country"], frozenset(str(w).lower() for w in data.get("function_words") or ()))
            for code, data in languages().items() if data.get("country") and data.get("function_words")}


def month_forms(*, include: tuple[str, ...] | None = None) -> list[MonthForm]:
    """Every written form of every month in the given languages (all by default), in every case the
    language writes it in; a name two languages share must name the same month."""
    forms: dict[str, MonthForm] = {}
    for code, data in languages().items():
        if include is not None and code not in include:
            continue
        cases = [_CASES[c] for c in data.get("case", ["lower", "title", "upper"])]
        short_cases = [_CASES[c] for c in data.get("abbreviation_case", [])] or cases
        for key, abbreviation in (("months", False), ("abbreviations", True), ("numbered_months", False)):
            for name, month in (data.get(key) or {}).items():
                name = str(name)
                writes = short_cases if abbreviation else [str.lower, str.capitalize] if key == "numbered_months" else cases
                for write in writes:
                    surface = write(name)
                    old = forms.get(surface)
                    if old is not None and old.month != month:
                        raise ValueError(f"time lexicon: {surface!r} is month {old.month} in {old.language} "
                                         f"and {month} in {code}; keep one or spell them apart")
                    if old is None:
                        forms[surface] = MonthForm(surface, int(month), code, abbreviation)
    return sorted(forms.values(), key=lambda f: (-len(f.surface), f.surface))


@lru_cache(maxsize=1)
def calendar_marks() -> dict[str, list[str]]:
    """calendar ("julian", "gregorian", "swedish") → the patterns of every language that mark it."""
    marks: dict[str, list[str]] = {}
    for data in languages().values():
        for calendar, patterns in (data.get("calendar_marks") or {}).items():
            marks.setdefault(calendar, []).extend(patterns)
    return marks


@lru_cache(maxsize=1)
def foreign_seasons() -> dict[str, str]:
    """Season words of the languages other than English (lower case) → TIMEX3 season code."""
    return {word.lower(): code for lang, data in languages().items() if lang != "en"
            for word, code in (data.get("seasons") or {}).items()}


def year_words() -> list[str]:
    """Words written after a year ("1861 г."), as patterns."""
    return [w for data in languages().values() for w in data.get("year_words") or []]


@lru_cache(maxsize=1)
def teaser_pattern() -> re.Pattern[str]:
    """Lines that point at another time than the narrative's ("On this day in 1915")."""
    words = [w for data in languages().values() for w in data.get("teasers") or []]
    return re.compile(r"(?i)\b(?:" + "|".join(words) + r")\b")


_EN = languages()["en"]
MONTHS: dict[str, int] = {f.surface.lower(): f.month for f in month_forms()}
WEEKDAYS: dict[str, int] = dict(_EN["weekdays"])
ROMAN_MONTHS = {r: i + 1 for i, r in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"])}
NUMBERS: dict[str, float] = dict(_EN["numbers"])
ORDINALS: dict[str, int] = dict(_EN["ordinals"])
VAGUE_NUMBERS: set[str] = set(_EN["vague_numbers"])
UNITS: dict[str, tuple[str, bool]] = {k: (v[0], v[1]) for k, v in _EN["units"].items()}
SEASONS: dict[str, str] = dict(_EN["seasons"])
PARTS_OF_DAY: dict[str, str] = dict(_EN["parts_of_day"])
MODS: dict[str, str] = dict(_EN["mods"])


# English full names long enough that one slip cannot turn a common word into them ("Marsh",
# "Jane", "Julia" are one letter from "March", "June", "July")
_SLIP_MONTHS: dict[str, int] = {name: int(n) for name, n in _EN["months"].items() if len(name) >= 6}


def garbled_month(word: str) -> int | None:
    """The month a deformed English month name stands for, inside a written date (a day and a year
    around it); None for a word that is no such slip, and for every form the lexicon already knows.

    Captures deform names two ways: a drop capital run into the word ("OMarch 3, 1890": the
    paragraph's large initial "O" of "On", captured as a letter of its own) and one slip of a typist
    or of OCR ("12 Decembcr 1888", "Febuary", "Setpember": one letter left out, added, changed or two
    swapped), which is read only for names of six letters or more and only when one month is that
    near.
    """
    from rapidfuzz.distance import OSA

    if len(word) < 4 or word.lower() in MONTHS:
        return None
    if word[0].isupper() and word[1].isupper() and word[2:].islower() and word[1:].lower() in _EN["months"]:
        return int(_EN["months"][word[1:].lower()])  # a drop capital before a capitalised month name
    if len(word) < 5 or not (word.istitle() or word.isupper()):
        return None
    low = word.lower()
    # a month with more after it ("Augusta", "Octobers") is another word, not a slip
    near = {n for name, n in _SLIP_MONTHS.items()
            if not low.startswith(name) and OSA.distance(low, name, score_cutoff=1) <= 1}
    return near.pop() if len(near) == 1 else None


def month_name(month: int) -> str:
    """The English name of a month number, capitalised ("January")."""
    return next(name.capitalize() for name, n in _EN["months"].items() if int(n) == month)

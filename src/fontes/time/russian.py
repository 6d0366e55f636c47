"""Time stage, Russian expressions: relative days, counts of days after, phases of a period,
centuries and "с ... по ..." spans, counted from the narrative's time like their English
counterparts (issue 10: Russian texts date Russia's events; the words are in ``ru.yaml``)."""

from __future__ import annotations

import re
from functools import lru_cache

from fontes.time import lexicon
from fontes.time.anchoring import _anchor_date, _Context, _fmt, _parse_value, _shift
from fontes.time.grammar import _month_match
from fontes.time.lexicon import MONTHS
from fontes.time.values import _Norm

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")


@lru_cache(maxsize=1)
def _ru() -> dict:
    return lexicon.languages().get("ru") or {}


@lru_cache(maxsize=1)
def _relative_table() -> tuple[tuple[re.Pattern[str], int], ...]:
    """Relative days of every language of the lexicon ("на следующий день", "le lendemain") → days after."""
    return tuple((re.compile(rf"(?i:{pattern})"), int(days)) for data in lexicon.languages().values()
                 for pattern, days in (data.get("relative_days") or {}).items())


def _roman(numeral: str) -> int:
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        value = _ROMAN[a]
        total += -value if b in _ROMAN and _ROMAN[b] > value else value
    return total


def _h_ru_rel(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    """"на следующий день", "в тот же день": a day counted from the narrative's day."""
    days = next((d for pattern, d in _relative_table() if pattern.fullmatch(s.strip())), 0)
    base = _anchor_date(ctx, deictic=False)
    if not base or len(base) < 10 or not re.match(r"^\d{4}-\d{2}-\d{2}", base):
        return _Norm("DATE", "XXXX-XX-XX")
    value = _shift(base[:10], days=days)
    if value is None:
        return _Norm("DATE", "XXXX-XX-XX")
    return _Norm("DATE", value, updates_ref=days != 0)


def _h_ru_after(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"через два дня", "три года спустя": that long after the narrative's time."""
    words = re.findall(r"\d+|[а-яё]+", low)
    numbers, units = _ru().get("numbers") or {}, _ru().get("units") or {}
    count = next((int(w) if w.isdigit() else numbers.get(w) for w in words if w.isdigit() or w in numbers), None)
    unit = next((units[w] for w in words if w in units), None)
    if unit is None:
        return None
    base = _anchor_date(ctx, deictic=False)
    y, m, d = _parse_value(base)
    if count is None or y is None:
        return _Norm("DATE", "FUTURE_REF")
    if unit == "D":
        value = _shift(base[:10], days=count) if d else None
    elif unit == "W":
        value = _shift(base[:10], weeks=count) if d else None
    elif unit == "M":
        value = _shift(_fmt(y, m), months=count) if m else None
    else:
        value = _fmt(y + count)
    return _Norm("DATE", value, updates_ref=True) if value else _Norm("DATE", "FUTURE_REF")


def _h_ru_phase(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"в конце 1773 г.", "к началу 1774 года", "в середине июня 1905 г.", "в конце года" (the narrative's)."""
    phase = next((code for word, code in (_ru().get("phases") or {}).items() if word in low), None)
    year_m = _YEAR.search(s)
    if year_m:
        year = int(year_m[1])
    else:
        year = _parse_value(_anchor_date(ctx, deictic=False))[0]
        if year is None:
            return _Norm("DATE", "XXXX", mod=phase)
    month_m = _month_match(s)
    month = MONTHS.get(month_m.group(0).rstrip(".").lower()) if month_m else None
    return _Norm("DATE", _fmt(year, month), mod=phase, updates_ref=bool(year_m))


def _h_ru_century(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"в XVIII веке" → 17; "XVIII–XIX вв." → 17/18; "в конце XVIII века" → 17, END."""
    numerals = re.findall(r"\b[XVI]+\b", s)
    if not numerals:
        return None
    centuries = [_roman(n) - 1 for n in numerals]
    mod = "END" if "конц" in low else "START" if "начал" in low else "MID" if "середин" in low else None
    value = f"{centuries[0]:02d}" if len(centuries) == 1 else f"{centuries[0]:02d}/{centuries[-1]:02d}"
    return _Norm("DATE", value, mod=mod)


def _h_ru_range(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"с 1773 по 1775 год": one span of years."""
    years = _YEAR.findall(s)
    if len(years) != 2 or int(years[1]) < int(years[0]):
        return None
    return _Norm("DATE", f"{years[0]}/{years[1]}", updates_ref=True)


HANDLERS = {"ru_rel": _h_ru_rel, "ru_after": _h_ru_after, "ru_phase": _h_ru_phase, "ru_century": _h_ru_century,
            "ru_range": _h_ru_range}

"""Dates as people write them: TIMEX3 values in words, both calendars in one phrase.

    >>> human("1917-11-06TNI")
    'night of 6 November 1917'
    >>> dual("1917-11-22", "1917-11-09", short=True)
    '22 Nov 1917 (O.S. 9 Nov)'
    >>> human("1917-11-20/1917-11-22")
    '20–22 November 1917'

Never a raw suffix (``TNI``, ``-SP``) or a cut interval; values fontes cannot read are returned
as they are, so nothing is hidden.
"""

from __future__ import annotations

import calendar as _calendar
import re

PARTS_OF_DAY = {"MO": "morning of", "MI": "midday of", "AF": "afternoon of", "EV": "evening of", "NI": "night of",
                "DT": "daytime of"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
MODS = {"START": "early", "MID": "mid-", "END": "late", "APPROX": "about", "BEFORE": "before", "AFTER": "after",
        "ON_OR_BEFORE": "on or before", "ON_OR_AFTER": "on or after", "LESS_THAN": "less than",
        "MORE_THAN": "more than", "EQUAL_OR_LESS": "at most", "EQUAL_OR_MORE": "at least"}

_POINT = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(?:(\d{2}):(\d{2})(?::\d{2})?|(MO|MI|AF|EV|NI|DT)))?$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")


def _month(n: int, short: bool) -> str:
    return (_calendar.month_abbr if short else _calendar.month_name)[n]


def _year(y: str) -> str:
    n = int(y)
    return f"{-n + 1} BC" if n <= 0 else str(n)


def human(value: str | None, *, short: bool = False, mod: str | None = None) -> str:
    """One TIMEX3 value in words ('22 November 1917', 'night of 6 November 1917', 'spring 1917')."""
    if not value:
        return ""
    text = _words(value.strip(), short)
    if mod and mod in MODS:
        word = MODS[mod]
        text = f"{word}{text}" if word.endswith("-") else f"{word} {text}"
    return text


def _words(value: str, short: bool) -> str:
    if "/" in value:
        first, _, last = value.partition("/")
        return _range(first, last, short)
    m = _POINT.match(value)
    if m and (not m.group(2) or 1 <= int(m.group(2)) <= 12):
        year, month, day, hour, minute, part = m.groups()
        text = _year(year)
        if month:
            text = f"{_month(int(month), short)} {text}"
        if day:
            text = f"{int(day)} {text}"
        if hour is not None:
            text += f", {hour}:{minute}"
        if part:
            text = f"{PARTS_OF_DAY[part]} {text}"
        return text
    if (s := _SEASON.match(value)):
        return f"{SEASONS[s.group(2)]} {s.group(1)}"
    if (q := _QUARTER.match(value)):
        return f"{('first', 'second', 'third', 'fourth')[int(q.group(2)) - 1]} quarter of {q.group(1)}"
    if (w := _WEEK.match(value)):
        return f"week {int(w.group(2))} of {w.group(1)}"
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):
        n = int(value) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century"
    return value


def _range(first: str, last: str, short: bool) -> str:
    """'20–22 November 1917', 'November – December 1917', '30 November – 2 December 1917'."""
    a, b = _POINT.match(first), _POINT.match(last)
    if a and b and a.group(4) is not None and b.group(4) is not None and a.groups()[:3] == b.groups()[:3]:
        return f"{_words(first, short)}–{b.group(4)}:{b.group(5)}"  # one day: '22 November 1917, 02:00–04:30'
    if a and b and not a.group(4) and not b.group(4) and not a.group(6) and not b.group(6):
        (ya, ma, da), (yb, mb, db) = a.groups()[:3], b.groups()[:3]
        if first == last:
            return _words(first, short)
        if ya == yb and ma and ma == mb and da and db:
            return f"{int(da)}–{int(db)} {_month(int(ma), short)} {_year(ya)}"
        if ya == yb and ma and mb and bool(da) == bool(db):
            left = f"{int(da)} {_month(int(ma), short)}" if da else _month(int(ma), short)
            return f"{left} – {_words(last, short)}"
    return f"{_words(first, short)} – {_words(last, short)}"


def dual(gregorian: str | None, julian: str | None, *, short: bool = False, mod: str | None = None) -> str:
    """Both calendars in one phrase: '22 Nov 1917 (O.S. 9 Nov)', the O.S. year only where it differs."""
    if not gregorian:
        return f"O.S. {human(julian, short=short, mod=mod)}" if julian else "undated"
    new = human(gregorian, short=short, mod=mod)
    if not julian or julian == gregorian:
        return new
    old = human(julian, short=short)
    year_new, year_old = gregorian[:4], julian[:4]
    if year_new == year_old and "/" not in julian and old.endswith(" " + _year(year_old)) and old != _year(year_old):
        old = old[: -len(_year(year_old)) - 1]
    return f"{new} (O.S. {old})"

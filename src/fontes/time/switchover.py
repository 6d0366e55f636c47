"""Time stage, switchovers: "4 October 1582 was followed by 15 October 1582" names one night twice.

A text on a calendar reform writes the last Julian day and the first Gregorian day side by side
(a table row "Savoy 21 December 1582 1 January 1583", "31 January 1918 was followed by 14
February 1918"). Read in one calendar the pair is 11 or 14 days apart; read as the reform reads
it, the second day follows the first. Each half then gets its own calendar, whatever the
document's decision says about the rest of its dates.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from fontes.model import Timex
from fontes.time.calendars import (
    convert_value,
    gregorian_to_julian,
    julian_to_gregorian,
)

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NEAR = 60  # characters: the two halves stand in one row or one clause
_YEAR = re.compile(r"\d{4}")
_RANGE = re.compile(r"^\s*(?:[-–—,;]|to|until|till|and|or|through)?\s*$")  # "1 to 12 May", "3 and 14 June": two days


def _ymd(value: str) -> tuple[int, int, int] | None:
    m = _DAY.match(value or "")
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def _follows(julian: tuple[int, int, int], gregorian: tuple[int, int, int]) -> bool:
    """Whether a Gregorian day is the day after a Julian one (and not the same calendar's next day)."""
    try:
        before = date(*julian_to_gregorian(*julian))
        return before + timedelta(days=1) == date(*gregorian) and julian != gregorian_to_julian(*gregorian)
    except ValueError:
        return False


def _second_day(first: tuple[int, int, int], second: Timex) -> tuple[int, int, int] | None:
    """The second half's day, with the next year tried where the text writes none ("1 January")."""
    day = _ymd(second.value)
    if day is None:
        return None
    if _follows(first, day) or _YEAR.search(second.text):
        return day
    return (day[0] + 1, day[1], day[2])


def mark_switchovers(text: str, timexes: list[Timex]) -> None:
    """Give each pair "last Julian day, first Gregorian day" its two calendars (in place).

    Reads each timex's value (as written); writes calendar, gregorian, julian and the reason.
    """
    days = [t for t in timexes if t.type == "DATE" and _ymd(t.value) and t.calendar != "mixed"]
    for first, second in itertools.pairwise(days):
        between = text[first.end:second.start]
        ranged = bool(_RANGE.match(between)) and "\n" not in between and bool(between.strip())
        if len(between) > _NEAR or "\n\n" in between.strip(" \t") or ranged:
            continue
        a = _ymd(first.value)
        b = _second_day(a, second)
        if a is None or b is None or not _follows(a, b):
            continue
        second_value = f"{b[0]:04d}-{b[1]:02d}-{b[2]:02d}"
        reason = "the last Julian day and the first Gregorian day of a calendar reform, written side by side"
        first.calendar, first.calendar_reason, first.confidence = "julian", reason, 0.9
        first.julian, first.gregorian = first.value, convert_value(first.value, "gregorian")
        second.value = second_value
        second.calendar, second.calendar_reason, second.confidence = "gregorian", reason, 0.9
        second.gregorian, second.julian = second_value, convert_value(second_value, "julian")

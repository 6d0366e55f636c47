"""Time stage, calendar conversion: Julian↔Gregorian days through the Julian Day Number, month
lengths, real dates, and TIMEX3 values rewritten in the other calendar.

Conversion goes through the Julian Day Number (Richards, *Mapping Time*, algorithms E and F in
integer form), so it works for any year of either calendar without a library call on the hot
path; tests check it against the convertdate package. ``calendars`` re-exports every name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

CalendarName = Literal["julian", "gregorian"]
GREGORIAN_START = (1582, 10, 15)  # first day of the Gregorian calendar (Inter gravissimas, 1582)
# from the bull Inter gravissimas (24 February 1582) a text may name a day in either calendar
DUAL_ERA_START = (1582, 2, 24)

_DAY = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})(T.*)?$")
_MONTH = re.compile(r"^(-?\d{4})-(\d{2})$")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# --- Julian Day Number arithmetic -------------------------------------------------------------

def jdn_from_gregorian(year: int, month: int, day: int) -> int:
    """Julian Day Number of a proleptic Gregorian date (astronomical years: 0 = 1 BC)."""
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def jdn_from_julian(year: int, month: int, day: int) -> int:
    """Julian Day Number of a proleptic Julian date (astronomical years)."""
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def gregorian_from_jdn(jdn: int) -> tuple[int, int, int]:
    """Proleptic Gregorian (year, month, day) of a Julian Day Number."""
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return 100 * b + d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def julian_from_jdn(jdn: int) -> tuple[int, int, int]:
    """Proleptic Julian (year, month, day) of a Julian Day Number."""
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def julian_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Gregorian (N.S.) date of a Julian (O.S.) date."""
    return gregorian_from_jdn(jdn_from_julian(year, month, day))


def gregorian_to_julian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Julian (O.S.) date of a Gregorian (N.S.) date."""
    return julian_from_jdn(jdn_from_gregorian(year, month, day))


def shift_days(date_iso: str) -> int:
    """Days the Gregorian calendar runs ahead of the Julian on a date: 10 in 1582-1700, ... 13 in 1900-2100.

    The resolve step uses it to recognise two sources dating one happening that many days apart.
    """
    match = re.match(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date_iso.strip())
    if not match:
        raise ValueError(f"{date_iso!r}: not an ISO date; give YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match[1]), int(match[2] or 3), int(match[3] or 1)
    return jdn_from_julian(year, month, min(day, 28)) - jdn_from_gregorian(year, month, min(day, 28))


def month_length(year: int, month: int, calendar: str = "gregorian") -> int:
    """Days in a month of a calendar (1900 is a leap year in the Julian calendar only; the Swedish
    calendar dropped 29 February 1700 and added 30 February 1712)."""
    if month != 2:
        return _MONTH_DAYS[month - 1]
    if calendar == "swedish" and year in (1700, 1712):
        return 28 if year == 1700 else 30
    leap = year % 4 == 0 and (calendar == "julian" or year % 100 != 0 or year % 400 == 0)
    return 29 if leap else 28


def is_real_date(value: str | None, calendar: str = "gregorian") -> bool:
    """Whether every day or month a TIMEX3 value names exists in the calendar (issue 11).

    "1917-02-30" and "1917-13" do not; "1900-02-29" exists in the Julian calendar only, and
    "1712-02-30" in the Swedish one only. Values without a month (years, durations, REFs) pass.
    """
    if not value:
        return True
    if "/" in value:
        return all(is_real_date(part, calendar) for part in value.split("/"))
    m = _VALUE_DAY.match(value)
    if not m:
        return True
    year = (1 - int(m[2])) if m[1] else int(m[2])
    month = int(m[3])
    if not 1 <= month <= 12:
        return False
    if m[4] is None:
        return True
    return 1 <= int(m[4]) <= month_length(year, month, calendar)


_VALUE_DAY = re.compile(r"^(BC)?(\d{4})-(\d{2})(?![\dW])(?:-(\d{2}))?")


def _iso(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def _convert_day(ymd: tuple[int, int, int], to: CalendarName) -> tuple[int, int, int]:
    return julian_to_gregorian(*ymd) if to == "gregorian" else gregorian_to_julian(*ymd)


def convert_value(value: str | None, to: CalendarName, *, mod: str | None = None) -> str | None:
    """A TIMEX3 value written in the other calendar, rewritten in calendar ``to``.

    Days keep their time or part-of-day suffix (``1917-10-24TNI`` → ``1917-11-06TNI``); a month
    becomes the day range it covers in the other calendar, the whole month even with a ``mod``
    ("late June" O.S. stays June 1-30 O.S. with mod END, as TIMEX3 keeps vague values):
    ``1917-04`` → ``1917-03-19/1917-04-17``; and so does
    a spring, summer or autumn (``1699-SP`` → ``1699-03-11/1699-06-10``); ranges ``a/b`` are
    converted end by end. Years, decades, centuries, winters, weeks, durations and the REF values
    keep their label, as historians do. Unparseable values come back unchanged.
    """
    if not value:
        return value
    if "/" in value:
        parts = [convert_value(p, to) or p for p in value.split("/", 1)]
        return f"{parts[0].split('/')[0]}/{parts[1].split('/')[-1]}"
    src: CalendarName = "julian" if to == "gregorian" else "gregorian"
    day = _DAY.match(value)
    if day:
        ymd = (int(day[1]), int(day[2]), int(day[3]))
        if not (1 <= ymd[1] <= 12 and 1 <= ymd[2] <= month_length(ymd[0], ymd[1], src)):
            return value
        return _iso(_convert_day(ymd, to)) + (day[4] or "")
    month = _MONTH.match(value)
    if month:
        year, mon = int(month[1]), int(month[2])
        if not 1 <= mon <= 12:
            return value
        first, last = 1, month_length(year, mon, src)
        return f"{_iso(_convert_day((year, mon, first), to))}/{_iso(_convert_day((year, mon, last), to))}"
    season = _SEASON.match(value)
    if season and season[2] in _SEASON_MONTHS:  # a spring of the other calendar: the days it covers
        year, (first_month, last_month) = int(season[1]), _SEASON_MONTHS[season[2]]
        last = (year, last_month, month_length(year, last_month, src))
        return f"{_iso(_convert_day((year, first_month, 1), to))}/{_iso(_convert_day(last, to))}"
    return value


_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU)$")
# the meteorological seasons (winter, across the new year, keeps its label)
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11)}


def value_bounds(value: str, calendar: CalendarName = "gregorian") -> tuple[date, date] | None:
    """First and last Gregorian day a TIMEX3 date value covers (None for durations, REFs, unknowns)."""
    value = value.split("T")[0]
    if "/" in value:
        a, b = value.split("/", 1)
        first, last = value_bounds(a, calendar), value_bounds(b, calendar)
        return (first[0], last[1]) if first and last else None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", value)
    if m:
        y = int(m[1])
        if m[3]:
            lo = hi = (y, int(m[2]), int(m[3]))
        elif m[2]:
            mon = int(m[2])
            lo, hi = (y, mon, 1), (y, mon, month_length(y, mon, calendar))
        else:
            lo, hi = (y, 1, 1), (y, 12, 31)
    else:
        m = re.match(r"^(\d{4})-(SP|SU|FA|AU|WI|H[12]|Q[1-4]|W\d\d)$", value)
        d = re.match(r"^(\d{2,3})(X{0,2})$", value)  # century "19", decade "191"/"191X"
        if m:
            y = int(m[1])
            lo, hi = (y, 1, 1), (y, 12, 31)
        elif d and len(d[1]) in (2, 3):
            span = 100 if len(d[1]) == 2 else 10
            y = int(d[1]) * span
            lo, hi = (y, 1, 1), (y + span - 1, 12, 31)
        else:
            return None
    try:
        if calendar == "julian":
            lo, hi = julian_to_gregorian(*lo), julian_to_gregorian(*hi)
        if lo[0] < 1 or hi[0] > 9999:
            return None
        return date(*lo), date(*hi)
    except ValueError:
        return None

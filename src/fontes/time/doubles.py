"""Time stage, double dates: one day written in two calendars ("26 October (8 November) 1917",
"3/15 March 1881", "25 August (O.S. 12 August)") and dual years ("1688/9"), one expression each."""

from __future__ import annotations

import re

from fontes.time import calendars
from fontes.time.anchoring import (
    _anchor_date,
    _Context,
    _fmt,
    _parse_value,
    _resolve_month_day,
)
from fontes.time.grammar import _day_of, _month_match
from fontes.time.lexicon import MONTHS, calendar_marks
from fontes.time.values import _Norm

_MARK_RES = {calendar: re.compile("(?:" + "|".join(patterns) + ")") for calendar, patterns in calendar_marks().items()}


_PLAIN_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")


def mark_of(text: str) -> str | None:
    """The calendar a text's mark names ("O.S." → julian, "in the Gregorian calendar" → gregorian)."""
    return next((calendar for calendar, pattern in _MARK_RES.items() if pattern.search(text)), None)


_NUMERIC_DAY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")


def _date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(month, day, year) of one half of a double date; any may be missing."""
    numeric = _NUMERIC_DAY.search(text)
    if numeric:  # "3.4.1701": day, month and year in figures
        return int(numeric[2]), int(numeric[1]), int(numeric[3])
    for pattern in _MARK_RES.values():
        text = pattern.sub(" ", text)
    found = _month_match(text)
    month = MONTHS.get(found.group(0).rstrip(".").lower()) if found else None
    rest = text[:found.start()] + " " + text[found.end():] if found else text
    year_m = _PLAIN_YEAR.search(rest)
    year = int(year_m[1]) if year_m else None
    if year_m:
        rest = rest[:year_m.start()] + " " + rest[year_m.end():]
    return month, _day_of(rest), year


def _day_number(y: int, m: int, d: int) -> int | None:
    if not (1 <= m <= 12 and 1 <= d <= calendars.month_length(y, m, "julian")):
        return None
    return calendars.jdn_from_julian(y, m, d)  # one arithmetic for both halves: only the gap counts


def _h_double(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """One day written in two calendars: "26 October (8 November) 1917", "March 14 (1), 1917",
    "25 August (O.S. 12 August)", "Oct. 25/Nov. 7", "3/15 March", "on the 3rd (16th)".

    The halves share what one of them leaves out (the month, the year written after both). Of a
    real pair the earlier day is the Julian one, and the gap is the calendars' difference in that
    century (10 to 13 days, ``calendars.shift_days``); a mark ("O.S.", "in the Gregorian calendar")
    must agree with it. Anything else ("the night of 3/4 May") is the first date alone. The value
    is the half written first (the passage's own calendar); the anchor "double:J:<other>" or
    "double:G:<other>" says whether that value is the Julian or the Gregorian one.
    """
    split = re.search(r"[(\[/]", s)
    if not split:
        return None
    a_text = s[:split.start()]
    if split.group() == "/":
        b_text, tail = s[split.end():], ""
    else:
        close = re.search(r"[)\]]", s[split.end():])
        if not close:
            return None
        b_text, tail = s[split.end():split.end() + close.start()], s[split.end() + close.end():]
    (ma, da, ya), (mb, db, yb) = _date_parts(a_text), _date_parts(b_text)
    mt, _, yt = _date_parts(tail) if tail.strip() else (None, None, None)
    if da is None or db is None:
        return None
    first_end = start + len(a_text.rstrip())
    if mb is None and ya is not None and mt is None:  # "October 3, 1918[1]": a footnote, not a day
        return _Norm("DATE", _fmt(ya, ma, da), updates_ref=True, start=start, end=first_end) if ma else None
    mark = mark_of(b_text)
    if ma is None and mb is None and mt is None:  # "on the 3rd (16th)": the month of the narrative
        ref_y, ref_m, _ = _parse_value(_anchor_date(ctx, deictic=False))
        if ref_m is None:
            return _Norm("DATE", _fmt(None, None) + f"-XX-{da:02d}")
        ma = mt = ref_m
        ya = ya or ref_y
    known_year = ya or yb or yt
    if known_year is None:
        resolved = _parse_value(_resolve_month_day(ma or mb or mt, da, ctx, start, end))[0]
        known_year = resolved
    nominal = known_year or 1900
    shift = calendars.shift_days(f"{nominal:04d}-{(ma or mb or mt):02d}-{min(da, 28):02d}") if known_year else None

    def options(month, year, other_month):
        months = [month] if month else ([other_month - 1 or 12, other_month, other_month % 12 + 1] if other_month else [])
        years = [year] if year else [nominal, nominal - 1, nominal + 1]
        return [(y, m) for m in months for y in years]

    best = None
    # a year written after both halves is the nearer one's: "1 January [O.S. 19 December] 1917" has
    # its gloss in 1916, so only a year a half writes itself is fixed; the cost prefers the shared one
    for y1, m1 in options(ma or (mt if mb is None else None), ya, mb or mt):
        n1 = _day_number(y1, m1, da)
        for y2, m2 in options(mb or mt, yb, m1):
            n2 = _day_number(y2, m2, db)
            if n1 is None or n2 is None:
                continue
            gap = n2 - n1
            miss = abs(abs(gap) - shift) if shift else (0 if 10 <= abs(gap) <= 13 else 99)
            if mark == "julian" and gap > 0 or mark == "gregorian" and gap < 0:
                miss += 50  # a mark against the order of the days: not this reading
            cost = (miss, (y1 != nominal) + (y2 != nominal) + (m1 != (ma or m1)) + (m2 != (mb or m2)))
            if best is None or cost < best[0]:
                best = (cost, (y1, m1, da), (y2, m2, db), gap)
    if best is None:
        return None
    (miss, _), first, second, gap = best
    year_known = known_year is not None
    fmt_first = _fmt(first[0] if year_known else None, first[1], first[2])
    fmt_second = _fmt(second[0] if year_known else None, second[1], second[2])
    if miss > (1 if mark else 0) or not 10 <= abs(gap) <= 13:
        if split.group() == "/" and ma is None:  # "the night of 3/4 May": the first day of the pair, in its month
            month = mb or mt
            year = (yb or yt or (known_year if month is not None else None)) if month else None
            return _Norm("DATE", _fmt(year, month, da) if month else fmt_first, updates_ref=True)
        return _Norm("DATE", fmt_first, updates_ref=True, start=start, end=first_end)
    flag = "J" if gap > 0 else "G"  # the earlier half is the Julian one
    return _Norm("DATE", fmt_first, anchor=f"double:{flag}:{fmt_second}", updates_ref=True)


def _h_double_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    pair = calendars.split_double_year(s)
    if pair is None:
        return None
    if pair[0] > 1752:  # "1914/15" is a span (a winter, a season), not an old-style year
        split = start + 4
        return [_Norm("DATE", _fmt(pair[0]), start=start, end=split, updates_ref=True),
                _Norm("DATE", _fmt(pair[1]), start=split + 1, end=end)]
    return _Norm("DATE", _fmt(pair[1]), anchor="double_year", updates_ref=True)

"""Time stage, normalisation: each recognised expression -> TIMEX3 type and value.

Expressions are walked in text order with a reference time: the document creation time (DCT)
for deictic expressions ("today", "last week") and the last date the narrative established for
anaphoric ones ("the following morning", "that day", a bare "March"). ``tag`` recognises and
normalises a plain text. The handlers live by concern: ``dates`` (absolute dates), ``doubles``
(one day in two calendars), ``relative`` (weekdays, "the next day", clock times), ``durations``
(durations and sets), over the shared ``values``; ``ranges`` then joins "1853–1856" into one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from fontes.model import Timex
from fontes.time import calendars, russian
from fontes.time.anchoring import (
    _ENTRY_REACH,
    _aside,
    _Context,
    _fmt,
    _parse_dct,
    _parse_value,
    _update_ref,
    entry_day,
    heading_year,
    opens_entry,
)
from fontes.time.dates import (
    _h_anniversary,
    _h_century,
    _h_date,
    _h_decade,
    _h_decade_words,
    _h_drange,
    _h_fiscal,
    _h_garbled_date,
    _h_half_year,
    _h_holiday,
    _h_iso,
    _h_month,
    _h_numeric,
    _h_numeric_roman,
    _h_roman_day,
    _h_season,
    _h_short_year,
    _h_spelled_date,
    _h_week_of_month,
    _h_world_year,
    _h_year,
    _h_year_range,
    _h_year_range_bc,
)
from fontes.time.doubles import _h_double, _h_double_year, mark_of
from fontes.time.durations import _h_age, _h_duration, _h_set
from fontes.time.grammar import (
    _MODW,
    _MON_RE,
    _SEASON_RE,
    _THE_MOD,
    _WD_RE,
    _candidates,
    _compiled,
    _trigger_table,
)
from fontes.time.ranges import merge_ranges
from fontes.time.relative import (
    _h_date_at_time,
    _h_date_time_range,
    _h_day_of_month,
    _h_deictic,
    _h_mod_rel,
    _h_of_that_year,
    _h_offset,
    _h_pod_of_date,
    _h_quarter,
    _h_ref,
    _h_time,
    _h_tonight,
    _h_unit_rel,
    _h_wd_pod,
    _h_weekday,
    _h_yearago,
)
from fontes.time.values import _mod_of, _Norm

__all__ = ["mark_of", "tag"]


def _normalise(kind: str, s: str, ctx: _Context, start: int, end: int) -> list[_Norm]:
    low = re.sub(r"\bto-(?=day|night|morrow)", "to", s.lower())  # "to-day", as older English writes it
    fn = _HANDLERS.get(kind)
    if fn is None:
        return []
    out = fn(s, low, ctx, start, end)
    if out is None:
        return []
    return out if isinstance(out, list) else [out]


def _h_mod_date(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    mod = _mod_of(low.split(" of ")[0] if " of " in low else low.split()[0] if " " in low else low)
    if mod is None:
        mod = _mod_of(low)
    inner = re.sub(rf"^(?:{_MODW}[- ]?|{_THE_MOD}\s)", "", s)
    kind = "date"
    if _MON_RE.fullmatch(inner):
        kind = "month"
    elif re.fullmatch(r"(?:1\d{3}|20\d{2})s", inner):
        kind = "decade"
    elif re.fullmatch(r"(?:1\d{3}|20\d{2})", inner):
        return _Norm("DATE", inner, mod=mod, updates_ref=True)
    elif _SEASON_RE.search(inner):
        kind = "season"
    elif re.search(r"(?i)\b(?:year|month|week|decade|century|war)\b", inner):
        n = _h_unit_rel(inner, inner.lower(), ctx, start, end)
        if n is None:
            return None
        n.mod = mod
        return n
    n = _normalise(kind, inner, ctx, start, end)
    if not n:
        return None
    n[0].mod = mod
    return n[0]


def _h_at_time(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"at this time", "at that point": the narrative's time in scope (a day, a month
    or a year, as the story last set it); nothing where no date has set it."""
    ref = ctx.ref if ctx.narrative else None
    if not ref or "X" in ref[:4]:
        return None
    return _Norm("DATE", ref, updates_ref=False)


def _h_lords_day(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"(the) Lord's day": a Sunday, read as the weekday is."""
    return _h_weekday("Sunday", "sunday", ctx, start, end)


def _h_the_day(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"The day it was finished", "that memorable day": the narrative's day, as "that day" is."""
    return _h_unit_rel("that day", "that day", ctx, start, end)


def _h_entry_day(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """A diary's day heading ("Ye 2d.", "Feb ye 1st."): the day of the month it names, else of the
    narrative's month, as "on the 2nd" is; "ye" is the old spelling of "the"."""
    bare = re.sub(r"(?i)\bye\s", "", s)
    if re.search(r"[A-Za-z]{3}", re.sub(r"\d+(?:st|nd|rd|th|d)", "", bare)):
        return _h_date(bare, bare.lower(), ctx, start, end)
    # a day alone continues the entries above it: without a dated entry before, "1st." and "2nd." open
    # the articles of a list; after "May 31st." the day "1st." is of the next month
    previous = _parse_value(ctx.entry_day)
    if previous[2] is None or start - ctx.entry_at > _ENTRY_REACH:
        return None
    year, month, last = previous
    day = int(re.search(r"\d+", bare).group(0))
    if day < last:
        year, month = divmod(year * 12 + month, 12)
        month += 1
    return _Norm("DATE", _fmt(year, month, day), updates_ref=True)


_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ENTRY_PARTS = {"morning": "MO", "afternoon": "AF", "dinner": "AF", "evening": "EV", "night": "NI"}


def _h_entry_pod(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """A part of the day inside a dated diary entry or letter ("In the morning", "at night", "After
    dinner"): that part of the entry's day; elsewhere no time expression, as annotators leave it."""
    day = entry_day(ctx)
    if day is None:
        return None
    word = low.rsplit(" ", 1)[-1]
    if word == "night" and not low.startswith("at"):
        return None  # "all night", "in the night" run over two days
    if word == "dinner" and not low.startswith("after"):
        return None  # "at dinner" names a meal, not a part of the day
    return _Norm("TIME", f"{day}T{_ENTRY_PARTS[word]}", updates_ref=False)


def _note_entry(ctx: _Context, text: str, n: _Norm, start: int, end: int, frozen: bool) -> None:
    """Open a dated entry at a day that heads one: its "today" is then that day (issue 10).

    A date line is the entry's today; a diary's day heading and a place's date line are ones even
    where the page's layout took them for a header ("Mar ye 4th. A cold wett day.", "St.
    Andrews, May 3, 1862."): a page's own date names no place. Only a day written by its
    number opens one ("London, Friday." is counted from the page); in a history a dated heading or
    a chronology's item ("March 13, 1881. The mill burns.") is none, unless it names its weekday as
    a diary's day line does ("Thursday 23 January 1667/68").
    """
    if n.type != "DATE" or not _DAY_VALUE.match(n.value) or not re.search(r"\d", text[start:end]):
        return
    heads = opens_entry(text, start, end)
    if ctx.writer_present and heads in ("line", "running") and re.search(r"\d{4}", text[start:end]) \
            and not _WD_RE.match(text, start):
        heads = None
    if heads in ("running", "place") or (heads and not frozen):
        ctx.entry_day, ctx.entry_at = n.value[:10], start
        if frozen and heads == "running" and n.updates_ref:
            _update_ref(ctx, n.value)  # the diary's first day, in a header, still sets the month


_HANDLERS: dict[str, Callable[..., _Norm | list[_Norm] | None]] = {
    "day_of_month": _h_day_of_month, "iso": _h_iso, "numeric": _h_numeric, "numeric_roman": _h_numeric_roman, "roman_day": _h_roman_day, "short_year": _h_short_year, "double": _h_double,
    "double_year": _h_double_year, "date_time_range": _h_date_time_range, "date_at_time": _h_date_at_time,
    "time_on_date": _h_date_at_time, "pod_of_date": _h_pod_of_date, "wd_pod": _h_wd_pod, "tonight": _h_tonight,
    "time": _h_time, "year_range": _h_year_range, "year_range_bc": _h_year_range_bc, "mod_date": _h_mod_date, "mod_rel": _h_mod_rel,
    "drange": _h_drange, "date": _h_date, "holiday": _h_holiday, "anniversary": _h_anniversary,
    "garbled_date": _h_garbled_date,
    "season": _h_season, "decade": _h_decade, "decade_words": _h_decade_words, "century": _h_century,
    "year": _h_year, "year_bc": _h_year, "fiscal": _h_fiscal, "month": _h_month, "weekday": _h_weekday,
    "deictic": _h_deictic, "ref": _h_ref, "unit_rel": _h_unit_rel, "offset": _h_offset,
    "duration": _h_duration, "vague_duration": _h_duration, "age": _h_age, "set": _h_set, "of_that_year": _h_of_that_year, "half_year": _h_half_year,
    "week_of_month": _h_week_of_month,
    "quarter": _h_quarter, "yearago": _h_yearago, "spelled_date": _h_spelled_date,
    "world_year": _h_world_year, "the_day": _h_the_day, "at_time": _h_at_time, "lords_day": _h_lords_day,
    "entry_day": _h_entry_day, "entry_pod": _h_entry_pod,
    **russian.HANDLERS,
}


# --- public API -------------------------------------------------------------------------------

# an offset set off by commas right after a date restates that date from another point of view:
# "In 1698, just a year before, ..." is 1698 (a year before the story's time), not 1697
_APPOSED_BEFORE = re.compile(r",\s(?:(?:just|only|exactly|precisely|barely|some|about)\s)?")
_APPOSED_AFTER = re.compile(r"\s?[,;–—)]")


_RANGE_TO = re.compile(r"\s?[-–—]\s?|\s(?:to|until|till)\s(?:the\s)?")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _range_end(text: str, previous: Timex | None, ctx: _Context, value: str, start: int) -> bool:
    """Whether a day closes a range opened by the day before it ("between the 27.12.1664 to the
    19.12.1665"): the narrative stays at the range's start, so "in early May" after it is the May
    within the range, not the one after its end."""
    return (previous is not None and previous.value == ctx.ref and bool(_DAY_VALUE.match(previous.value or ""))
            and bool(_DAY_VALUE.match(value)) and value > previous.value
            and bool(_RANGE_TO.fullmatch(text, previous.end, start)))


def _apposed(text: str, previous: Timex | None, start: int, end: int) -> bool:
    """Whether the expression at text[start:end] is an aside that restates the explicit date just before it."""
    if previous is None or not re.search(r"\d", previous.text) or "X" in (previous.value or "X")[:4]:
        return False
    return bool(_APPOSED_BEFORE.fullmatch(text, previous.end, start) and _APPOSED_AFTER.match(text, end))


def _note_last_day(ctx: _Context, kind: str, n: _Norm, frozen: bool) -> None:
    """Keep the day a deictic word of the narrative named ("yesterday") for the anaphoric days after
    it; a date that moves the narrative's time replaces it."""
    if frozen or not ctx.narrative:
        return
    if n.updates_ref:
        ctx.last_day = None
    elif kind == "deictic" and n.type == "DATE" and _DAY_VALUE.match(n.value):
        ctx.last_day = n.value


def _iter_timexes(text: str, ctx: _Context, skip_ref: Callable[[int], bool] | None = None) -> Iterator[Timex]:
    previous: Timex | None = None
    for hit in _candidates(text):
        s = text[hit.start:hit.end]
        ctx.at = hit.start
        if hit.kind == "weekday" and opens_entry(text, hit.start, hit.end):
            ctx.entry_day = None  # "London, Friday.": a new dispatch, dated from the page, ends the last entry
        try:
            if hit.kind == "offset" and _apposed(text, previous, hit.start, hit.end):
                norms = [_Norm(previous.type, previous.value, mod=previous.mod)]
            else:
                norms = _normalise(hit.kind, s, ctx, hit.start, hit.end)
        except (ValueError, KeyError, AttributeError, IndexError, TypeError, OverflowError):
            norms = []  # a malformed candidate is dropped, never raised: tag() must not fail on any text
        for n in norms:
            if not calendars.is_real_date(n.value, "julian") and not calendars.is_real_date(n.value, "swedish"):
                if not re.match(r"^\d{4}-02-29", n.value):
                    continue  # "31/02/1917" names no day in any calendar (issue 11)
                n.value = "XXXX" + n.value[4:]  # "February 29" anchored on a year without one
            start = hit.start if n.start is None else n.start
            end = hit.end if n.end is None else n.end
            frozen = skip_ref is not None and skip_ref(start)
            if n.updates_ref and not frozen and "X" not in n.value[:4] and heading_year(text, start, end):
                ctx.ref = n.value  # a year heading opens its year: the entries under it start there
            elif n.updates_ref and not frozen and "X" not in n.value[:4] and not _aside(ctx, n.value, start, end) \
                    and not _range_end(text, previous, ctx, n.value, start):
                _update_ref(ctx, n.value)
                if hit.kind != "weekday":
                    ctx.week_ref = ctx.ref
            if n.coarsens_ref and not frozen and ctx.ref:
                ctx.ref = ctx.ref[:4]
            _note_last_day(ctx, hit.kind, n, frozen)
            gregorian, julian = n.value, None
            if n.anchor and n.anchor.startswith("double:"):
                flag, other = n.anchor.split(":", 2)[1:]
                julian, gregorian = (n.value, other) if flag == "J" else (other, n.value)
            _note_entry(ctx, text, n, start, end, frozen)
            previous = Timex(start=start, end=end, text=text[start:end], type=n.type, value=n.value,
                             gregorian=gregorian, julian=julian, mod=n.mod, anchor=n.anchor)
            yield previous


def tag(text: str, *, dct: str | None = None, narrative: bool | None = None) -> list[Timex]:
    """Find and normalise every time expression of a plain text (Gregorian, no calendar logic).

    ``dct`` (ISO date) anchors deictic expressions ("today", "last week", a bare "Friday"). With
    no ``dct`` (or ``narrative=True``) the text is read as a narrative: relative expressions are
    resolved on the last date the text established. Never raises on any string.
    """
    if not isinstance(text, str) or not text:
        return []
    is_narrative = dct is None if narrative is None else narrative
    ctx = _Context(dct=_parse_dct(dct), narrative=is_narrative, text=text, deictic_dct=not is_narrative)
    if ctx.dct is not None and not is_narrative:
        ctx.ref = ctx.dct.isoformat()
    # a plain text is read in the Gregorian calendar: "29 February 1900" is no day of it, so its
    # year is left unknown (an anchored "February 29" may have taken the wrong year)
    out = []
    for t in merge_ranges(text, sorted(_iter_timexes(text, ctx), key=lambda t: (t.start, t.end))):
        if not calendars.is_real_date(t.gregorian):
            if not re.match(r"^\d{4}-02-29", t.value):
                continue
            t.value = t.gregorian = "XXXX" + t.value[4:]
            t.julian = None
        out.append(t)
    return out


# Compile every pattern at import, not inside the first call: the recognisers, then (by running
# once on a sample that reaches every handler) the small patterns the normalisers use.
_compiled()
_trigger_table()
_WARM_UP = (
    "On 9 November, 1917 (27 October O.S.) and Nov. 9th, the 9th of November 1917, 9.11.1917, 9/XI/1917, 1917-11-09, "
    "11/9/17 at 5.05 am; from 2 a.m. to 4.30 a.m. on November 9. The night of November 6-7, the evening of "
    "Monday, Friday night, tonight, late June, early 1918, mid-July, the end of 1916, the first half of 1917, "
    "by the spring, last summer, the 1920s, the '60s, the twenties, the 20th century, 480 BC, 1688/9, 1914-1918, "
    "fiscal 1989, the third quarter, the following morning, the next day, three days later, two years ago, that day, "
    "today, yesterday, now, very soon, recently, the following March, last week, this year, a year earlier, "
    "the next several months, 28 days, nearly two years, a few hours, twenty-four hours, every week, daily, "
    "every Monday, Christmas, the anniversary of the storming of the Bastille, December of that year, the day before."
)
tag(_WARM_UP, dct="1917-11-09")
tag(_WARM_UP)

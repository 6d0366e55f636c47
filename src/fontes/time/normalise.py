"""Time stage, normalisation: each recognised expression -> TIMEX3 type and value.

Expressions are walked in text order with a reference time: the document creation time (DCT)
for deictic expressions ("today", "last week") and the last date the narrative established for
anaphoric ones ("the following morning", "that day", a bare "March"). ``tag`` recognises and
normalises a plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from fontes.model import Timex
from fontes.time import calendars
from fontes.time.anchoring import (
    _FORWARD, _Context, _anchor_date, _aside, _fmt, _parse_dct, _parse_value, _resolve_month_day,
    _shift, _tense, _to_date, _update_ref, _week_of,
)
from fontes.time.grammar import (
    _MODW, _MON_RE, _NUMW, _ORDW, _POD, _SEASON_RE, _THE_MOD, _TIME_RE, _WD_RE, _candidates, _compiled, _day_of,
    _holiday_table, _month_match, _month_of, _number, _trigger_table, _year_of,
)
from fontes.time.lexicon import (
    MODS, calendar_marks, MONTHS, ORDINALS, PARTS_OF_DAY, ROMAN_MONTHS, SEASONS, UNITS, VAGUE_NUMBERS, WEEKDAYS,
)

@dataclass(slots=True)
class _Norm:
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None
    updates_ref: bool = False
    coarsens_ref: bool = False
    start: int | None = None  # sub-span, when one match yields several timexes
    end: int | None = None

# --- normalisation by kind --------------------------------------------------------------------

def _norm_date_text(s: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    found = _month_match(s)
    if found is None:
        return None
    month = MONTHS.get(found.group(0).rstrip(".").lower())
    if month is None:
        return None
    body = s[:found.start()] + " " + s[found.end():]
    body = _WD_RE.sub(" ", body)
    double = re.search(r"(\d{4})/(\d{1,2})$", body)
    if double:
        pair = calendars.split_double_year(double.group(0))
        body = body[:double.start()] + (str(pair[1]) if pair else double.group(1))
    year = _year_of(body)
    # a day is a 1-2 digit number that is not the year
    day_text = re.sub(r"\d{3,4}\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?)?", " ", body) if year is not None else body
    if year is not None and year < 1000:
        day_text = re.sub(r"\d{1,4}\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?)", " ", body)
    day = _day_of(day_text)
    if day is not None and day > max(calendars.month_length(year or 2000, month, c) for c in ("julian", "swedish")):
        return None
    if year is not None:
        return _Norm("DATE", _fmt(year, month, day), updates_ref=True, anchor="double_year" if double else None)
    return _Norm("DATE", _resolve_month_day(month, day, ctx, start, end), updates_ref=True)


def _norm_time_text(s: str) -> str | None:
    low = s.lower().replace(" ", "")
    if "noon" in low or "midday" in low:
        return "T12:00"
    if "midnight" in low:
        return "T24:00"
    m = re.match(r"(\d{1,2}|[a-z]+)(?:[.:]?(\d{2}))?(?::(\d{2}))?", low)
    if not m:
        return None
    hour = _number(m.group(1))
    if hour is None:
        return None
    hour, minute = int(hour), int(m.group(2) or 0)
    if re.search(r"p\.?m|evening|afternoon|atnight", low) and hour < 12:
        hour += 12
    if re.search(r"a\.?m|morning", low) and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    seconds = f":{m.group(3)}" if m.group(3) else ""
    return f"T{hour:02d}:{minute:02d}{seconds}"


def _split_date_time(s: str) -> tuple[str, str]:
    t = _TIME_RE.search(s)
    if not t:
        return s, ""
    return s[:t.start()] + " " + s[t.end():], t.group(0)


def _normalise(kind: str, s: str, ctx: _Context, start: int, end: int) -> list[_Norm]:
    low = s.lower()
    fn = _HANDLERS.get(kind)
    if fn is None:
        return []
    out = fn(s, low, ctx, start, end)
    if out is None:
        return []
    return out if isinstance(out, list) else [out]


def _h_iso(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    return _Norm("TIME" if "T" in s else "DATE", s, updates_ref=True)


def _h_numeric(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    a, b, y = re.split(r"[./]", s)
    a, b, year = int(a), int(b), int(y)
    if len(y) == 2:
        year += 1900 if year > 30 else 2000
    if "." in s or a > 12:  # 9.11.1917 and 25/10/1917 are day-first; 11/9/1917 is US month-first
        day, month = a, b
    else:
        month, day = a, b
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _Norm("DATE", _fmt(year, month, day), updates_ref=True)


def _h_numeric_roman(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    m = re.match(r"(\d{1,2})(?:\s?[./–-]\s?|\s)([IVX]+)(?:\s?[./–-]\s?|\s)(\d{4})", s)
    if not m or m[2] not in ROMAN_MONTHS:
        return None
    return _Norm("DATE", _fmt(int(m[3]), ROMAN_MONTHS[m[2]], int(m[1])), updates_ref=True)


_MARK_RES = {calendar: re.compile("(?:" + "|".join(patterns) + ")") for calendar, patterns in calendar_marks().items()}
_PLAIN_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")


def mark_of(text: str) -> str | None:
    """The calendar a text's mark names ("O.S." → julian, "in the Gregorian calendar" → gregorian)."""
    return next((calendar for calendar, pattern in _MARK_RES.items() if pattern.search(text)), None)


def _date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(month, day, year) of one half of a double date; any may be missing."""
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
    for y1, m1 in options(ma or (mt if mb is None else None), ya or yt if ya or yt else None, mb or mt):
        n1 = _day_number(y1, m1, da)
        for y2, m2 in options(mb or mt, yb or yt if yb or yt else None, m1):
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
        if split.group() == "/" and ma is None:  # "the night of 3/4 May": the first day of the pair
            return _Norm("DATE", fmt_first, updates_ref=True)
        return _Norm("DATE", fmt_first, updates_ref=True, start=start, end=first_end)
    flag = "J" if gap > 0 else "G"  # the earlier half is the Julian one
    return _Norm("DATE", fmt_first, anchor=f"double:{flag}:{fmt_second}", updates_ref=True)


def _h_day_of_month(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    """"on the 11th": that day of the narrative's month (unknown month and year without one)."""
    day = int(re.search(r"\d+", s).group(0))
    ref_y, ref_m, _ = _parse_value(_anchor_date(ctx, deictic=False))
    if ref_m is None:
        return _Norm("DATE", f"XXXX-XX-{day:02d}")
    return _Norm("DATE", _fmt(ref_y, ref_m, day), updates_ref=True)


def _h_double_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    pair = calendars.split_double_year(s)
    if pair is None:
        return None
    if pair[0] > 1752:  # "1914/15" is a span (a winter, a season), not an old-style year
        split = start + 4
        return [_Norm("DATE", _fmt(pair[0]), start=start, end=split, updates_ref=True),
                _Norm("DATE", _fmt(pair[1]), start=split + 1, end=end)]
    return _Norm("DATE", _fmt(pair[1]), anchor="double_year", updates_ref=True)


def _h_date(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    return _norm_date_text(s, ctx, start, end)


def _h_drange(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    first = re.sub(r"\s?[-–]\s?\d{1,2}(?:st|nd|rd|th)?", "", s, count=1)
    return _norm_date_text(first, ctx, start, end)


def _h_month(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    month = _month_of(s)
    return _Norm("DATE", _resolve_month_day(month, None, ctx, start, end), updates_ref=True) if month else None


def _h_weekday(s: str, low: str, ctx: _Context, start: int, end: int, direction: str | None = None) -> _Norm:
    wd = WEEKDAYS[_WD_RE.search(s).group(0).lower()]
    anchor = _to_date(_anchor_date(ctx, deictic=not ctx.narrative))
    if anchor is None:
        return _Norm("DATE", f"XXXX-WXX-{wd + 1}")
    tense = direction or _tense(ctx.text, start, end)
    if tense is None and not ctx.narrative and _FORWARD.search(ctx.text[max(0, start - 30):start].lower()):
        tense = "future"
    tense = tense or "past"
    delta = wd - anchor.weekday()
    if tense == "future" and delta < 0:
        delta += 7
    elif tense == "past" and delta > 0:
        delta -= 7
    if direction == "future" and delta == 0:
        delta = 7
    if direction == "past" and delta == 0:
        delta = -7
    return _Norm("DATE", (anchor + timedelta(days=delta)).isoformat(), updates_ref=ctx.narrative)


def _h_time(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    t = _norm_time_text(s)
    if t is None:
        return None
    anchor = ctx.ref if ctx.narrative else (ctx.dct.isoformat() if ctx.dct else ctx.ref)
    y, m, d = _parse_value(anchor)
    day = _fmt(y, m, d) if d is not None else "XXXX-XX-XX"
    return _Norm("TIME", day + t)


def _date_part(s: str, ctx: _Context, start: int, end: int) -> str | None:
    """The day a composite expression names (its date, a weekday or a deictic word)."""
    if _month_match(s):
        n = _norm_date_text(re.sub(r"\s?[-–]\s?\d{1,2}(?:st|nd|rd|th)?(?=\D|$)", "", s, count=1), ctx, start, end)
        return n.value if n else None
    if _WD_RE.search(s):
        direction = "future" if re.search(r"(?i)\bnext|following\b", s) else None
        return _h_weekday(s, s.lower(), ctx, start, end, direction).value
    low = s.lower()
    base = _anchor_date(ctx, deictic=True)
    anaphoric = _anchor_date(ctx, deictic=False)
    if "yesterday" in low:
        return _shift(base, days=-1) if base else None
    if "tomorrow" in low:
        return _shift(base, days=1) if base else None
    if "today" in low or re.search(r"\bthis\b", low) or "tonight" in low:
        return base[:10] if base and len(base) >= 10 else None
    if re.search(r"\b(?:following|next)\b", low):
        return _shift(anaphoric, days=1) if anaphoric else None
    if re.search(r"\b(?:previous|last)\b", low):
        ref = anaphoric if "previous" in low else base
        return _shift(ref, days=-1) if ref else None
    if re.search(r"\b(?:that|same)\b", low):
        return anaphoric if anaphoric and len(anaphoric) >= 10 else None
    return None


def _h_date_at_time(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    date_text, time_text = _split_date_time(s)
    day = _date_part(date_text, ctx, start, end)
    t = _norm_time_text(time_text)
    if day is None or t is None:
        return None
    return _Norm("TIME", day + t, updates_ref=True)


def _h_date_time_range(s: str, low: str, ctx: _Context, start: int, end: int) -> list[_Norm]:
    times = list(_TIME_RE.finditer(s))
    if len(times) < 2:
        return []
    rest = s[times[1].end():]
    day = _date_part(rest, ctx, start, end) if rest.strip() else None
    if day is None:
        anchor = ctx.ref if ctx.narrative else (ctx.dct.isoformat() if ctx.dct else ctx.ref)
        y, m, d = _parse_value(anchor)
        day = _fmt(y, m, d) if d is not None else "XXXX-XX-XX"
    t1, t2 = _norm_time_text(times[0].group(0)), _norm_time_text(times[1].group(0))
    out = []
    if t1:
        out.append(_Norm("TIME", day + t1, start=start + times[0].start(), end=start + times[0].end()))
    if t2:
        out.append(_Norm("TIME", day + t2, start=start + times[1].start(), end=end, updates_ref=bool(rest.strip())))
    return out


def _h_pod_of_date(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    pod = re.search(rf"(?i){_POD}", s)
    day = _date_part(s[pod.end():], ctx, start, end)
    ordinal = re.fullmatch(r"\sof\s(?:the\s)?(\d+)\D*", s[pod.end():])
    if day is None and ordinal:  # "the morning of the 11th": that day of the narrative's month
        day = _h_day_of_month(ordinal.group(1) + "th", "", ctx, start, end).value
        if day.startswith("XXXX-XX"):
            return None
    if day is None:
        return None
    return _Norm("TIME", day + "T" + PARTS_OF_DAY[pod.group(0).lower()], updates_ref=True)


def _h_wd_pod(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    pod = list(re.finditer(rf"(?i){_POD}", s))[-1]
    day = _date_part(s[:pod.start()], ctx, start, end)
    code = PARTS_OF_DAY[pod.group(0).lower()]
    if day is None:
        return _Norm("TIME", "XXXX-XX-XXT" + code)
    return _Norm("TIME", day + "T" + code, updates_ref=not low.startswith(("this", "today")))


def _h_tonight(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    base = _anchor_date(ctx, deictic=True)
    day = base[:10] if base and len(base) >= 10 else "XXXX-XX-XX"
    return _Norm("TIME", day + "TNI")


def _h_year_range(s: str, low: str, ctx: _Context, start: int, end: int) -> list[_Norm]:
    m = re.match(r"(\d{4})(\s?[-–]\s?)(\d{2,4})", s)
    first, second = int(m[1]), m[3]
    last = int(second) if len(second) == 4 else int(m[1][:2] + second)
    if last <= first:
        return []
    split = start + len(m[1])
    return [_Norm("DATE", _fmt(first), start=start, end=split, updates_ref=True),
            _Norm("DATE", _fmt(last), start=split + len(m[2]), end=end)]


def _h_year_range_bc(s: str, low: str, ctx: _Context, start: int, end: int) -> list[_Norm]:
    """ "499-493 BC", "from 264 to 241 BC": two years, both before Christ (the first counts down to the second)."""
    m = re.match(r"(\d{1,4})(\s?(?:[-–]|to|and)\s?)(\d{1,4})", s)
    first, last = int(m[1]), int(m[3])
    if last >= first:
        return []
    split = start + len(m[1])
    return [_Norm("DATE", _fmt(1 - first), start=start, end=split, updates_ref=True),
            _Norm("DATE", _fmt(1 - last), start=split + len(m[2]), end=end)]


def _mod_of(low: str) -> str | None:
    return next((mod for pattern, mod in _MOD_RES if pattern.search(low)), None)


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


def _h_mod_rel(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    n = _h_unit_rel(low.split(" ", 1)[1], low.split(" ", 1)[1], ctx, start, end)
    if n is None:
        return None
    n.mod = "START" if low.startswith("earlier") else "END"
    n.updates_ref = False
    return n


def _h_holiday(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    for pattern, day in _holiday_table()[0]:
        if pattern.fullmatch(s):
            month, d = (int(p) for p in day.split("-"))
            return _Norm("DATE", _resolve_month_day(month, d, ctx, start, end))
    return None


def _h_anniversary(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    target = re.sub(r"(?i)^the\s(?:\S+\s)?anniversary\sof\s(?:the\s)?", "", s)
    base = None
    for pattern, day in _holiday_table()[1]:
        if pattern.search(target):
            base = day
            break
    if base is None:
        n = _norm_date_text(target, ctx, start, end)
        base = n.value if n else None
    by, bm, bd = _parse_value(base)
    if by is None or bm is None:
        return None
    ordinal = re.match(rf"(?i)the\s({_ORDW}|\d+)(?:st|nd|rd|th)?\sanniversary", s)
    if ordinal:
        n_years = ORDINALS.get(ordinal[1].lower()) or int(re.sub(r"\D", "", ordinal[1]) or 0)
        return _Norm("DATE", _fmt(by + n_years, bm, bd))
    anchor = _to_date(_anchor_date(ctx, deictic=True))
    if anchor is None:
        return _Norm("DATE", _fmt(None, bm, bd))
    year = anchor.year if (bm, bd or 1) >= (anchor.month, anchor.day) else anchor.year + 1
    return _Norm("DATE", _fmt(max(year, by + 1), bm, bd))


def _h_season(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    code = SEASONS[re.search(r"(?i)spring|summer|autumn|winter|fall", s).group(0).lower()]
    mod = _mod_of(low.split()[0]) if re.match(r"(?i)(?:early|late|mid)", s) else None
    year = _year_of(s)
    if year is not None:  # "the spring of 1915": the story is now in 1915
        return _Norm("DATE", f"{_fmt(year)}-{code}", mod=mod, updates_ref=True)
    if year is None:
        anchor = _anchor_date(ctx, deictic=bool(re.match(r"(?i)(?:this|last|next)\b", s)))
        ay, am, _ = _parse_value(anchor)
        if ay is None:
            return _Norm("DATE", f"XXXX-{code}", mod=mod)
        before = ctx.text[max(0, start - 12):start].lower()
        season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
        year = ay
        forward = re.search(r"\b(?:next|following)\b", low) or re.search(r"\b(?:by|until|till|before)\s$", before)
        if forward and am is not None and season_month <= am:
            year = ay + 1  # "by the spring" written in October is next spring
        elif not forward and re.search(r"\b(?:last|previous)\b", low) and (am is None or season_month >= am):
            year = ay - 1
        if code == "WI" and am is not None and am >= 11 and not re.search(r"\b(?:last|previous)\b", low):
            year = ay  # the winter of 1917 begins in December 1917
    return _Norm("DATE", f"{_fmt(year)}-{code}", mod=mod)


def _h_decade(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    m = re.search(r"(\d{4})['’]?s", s)
    mod = _mod_of(low.split()[-1].split("-")[0]) if re.search(r"(?i)early|late|mid", s) else None
    if m:
        y = m.group(1)
        if y.endswith("00"):  # "the 1800s" is the 19th century
            return _Norm("DATE", y[:2], mod=mod)
        return _Norm("DATE", y[:3], mod=mod)
    m = re.search(r"['’](\d)0s", s)
    anchor = _parse_value(_anchor_date(ctx, deictic=True))[0]
    century = str(anchor // 100) if anchor else "19"
    return _Norm("DATE", century + m.group(1), mod=mod) if m else None


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def _h_decade_words(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    word = re.search("|".join(_DECADE_WORDS), low).group(0)
    anchor = _parse_value(_anchor_date(ctx, deictic=False))[0]
    century = anchor // 100 if anchor else 19
    mod = "START" if "early" in low else "END" if "late" in low else "MID" if "mid" in low else None
    return _Norm("DATE", f"{century}{_DECADE_WORDS[word]}", mod=mod)


def _h_century(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    m = re.search(rf"(\d{{1,2}})(?:st|nd|rd|th)|({_ORDW})", low)
    n = int(m.group(1)) if m.group(1) else ORDINALS.get(m.group(2))
    if not n:
        return None
    mod = "START" if re.search(r"\bearly", low) else "END" if re.search(r"\blate", low) else "MID" if re.search(r"\bmid", low) else None
    if re.search(r"b\.?c", low):
        return _Norm("DATE", f"BC{n - 1:02d}", mod=mod)
    return _Norm("DATE", f"{n - 1:02d}", mod=mod)


def _h_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    year = _year_of(s)
    if year is None:
        return None
    return _Norm("DATE", _fmt(year), updates_ref=True)


def _h_fiscal(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    return _Norm("DATE", _fmt(_year_of(s)), updates_ref=True)


def _h_deictic(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    base = _anchor_date(ctx, deictic=True)
    if ctx.narrative and not ctx.deictic_dct and "today" in low:
        return _Norm("DATE", "PRESENT_REF", anchor=base)
    if base is None or len(base) < 10:
        if "today" in low:
            return _Norm("DATE", "PRESENT_REF")
        return _Norm("DATE", "XXXX-XX-XX")
    shift = -2 if "before yesterday" in low else 2 if "after tomorrow" in low else \
        -1 if "yesterday" in low else 1 if "tomorrow" in low else 0
    return _Norm("DATE", _shift(base[:10], days=shift) or "XXXX-XX-XX", anchor=base)


def _h_ref(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    if re.search(r"soon|future", low):
        return _Norm("DATE", "FUTURE_REF")
    if re.search(r"recently|lately|formerly|previously|past", low):
        return _Norm("DATE", "PAST_REF")
    return _Norm("DATE", "PRESENT_REF", anchor=_anchor_date(ctx, deictic=not ctx.narrative))


def _h_unit_rel(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    month_year = re.fullmatch(r"([a-z]+)\.?\s(this|last|next)\syear", low)
    if month_year and month_year.group(1) in MONTHS:  # "January this year", "June last year"
        base = _parse_value(_anchor_date(ctx, deictic=True))[0]
        if base is None:
            return _Norm("DATE", _fmt(None, MONTHS[month_year.group(1)]))
        step = {"this": 0, "last": -1, "next": 1}[month_year.group(2)]
        return _Norm("DATE", _fmt(base + step, MONTHS[month_year.group(1)]), updates_ref=ctx.narrative)
    if _MON_RE.search(s) and low.startswith("this ") and ctx.dct is not None and not ctx.narrative:
        return _Norm("DATE", _fmt(ctx.dct.year, _month_of(s)))  # "this September": the writer's year
    if _MON_RE.search(s) and not re.search(r"(?i)\b(?:day|week|month|year)\b", s.split()[-1]):
        month = _month_of(s)
        if re.search(r"\b(?:following|next)\b", low):
            direction = "future"
        elif re.search(r"\b(?:previous|preceding|last)\b", low):
            direction = "past"
        else:
            direction = None
        deictic = bool(re.match(r"(?:this|last|next)\b", low))
        saved = ctx.narrative
        if deictic and ctx.dct is not None:
            ctx.narrative = False
        try:
            value = _resolve_month_day(month, None, ctx, start, end, direction=direction)
        finally:
            ctx.narrative = saved
        y = _parse_value(value)[0]
        if y is not None and direction:
            anchor = _parse_value(_anchor_date(ctx, deictic))
            if anchor[1] is not None and anchor[0] is not None:
                if direction == "future" and (y, month) <= (anchor[0], anchor[1]):
                    value = _fmt(y + 1, month)
                if direction == "past" and (y, month) >= (anchor[0], anchor[1]):
                    value = _fmt(y - 1, month)
        return _Norm("DATE", value, updates_ref=True)
    if _WD_RE.search(s):
        direction = "future" if re.search(r"\b(?:next|following)\b", low) else \
            "past" if re.search(r"\b(?:last|previous|preceding)\b", low) else None
        return _h_weekday(s, low, ctx, start, end, direction)
    if low.startswith(("the day before", "the night before", "the day after", "the night after")):
        base = _anchor_date(ctx, deictic=False)
        shift = -1 if "before" in low else 1
        value = _shift(base, days=shift) if base and len(base) >= 10 else None
        code = "TNI" if "night" in low else ""
        return _Norm("TIME" if code else "DATE", (value or "XXXX-XX-XX") + code, updates_ref=value is not None)
    unit = re.search(r"(day|weekend|week|month|year|decade|century|quarter)$", low).group(1)
    if low == "the year" and re.match(r"\s(?:ended|ending)\b", ctx.text[end:end + 8]):
        return _Norm("DURATION", "P1Y")  # "for the year ended March 31": a (fiscal) year's length
    anaphoric = ctx.narrative or bool(re.search(r"\b(?:following|previous|preceding|that|same|the next|the last)\b", low))
    deictic = not anaphoric
    base = _anchor_date(ctx, deictic=deictic)
    if base is None:
        return _Norm("DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
                              "year": "XXXX", "decade": "XXX", "century": "XX", "quarter": "XXXX-QX"}[unit])
    step = 1 if re.search(r"\b(?:next|following|coming)\b", low) else \
        -1 if re.search(r"\b(?:last|previous|preceding|past)\b", low) else 0
    y, m, d = _parse_value(base)
    if unit == "day":
        if d is None:  # the narrative knows only the year (or month): the day stays unknown
            return _Norm("DATE", f"{_fmt(y, m)}-XX" if m else f"{_fmt(y)}-XX-XX")
        return _Norm("DATE", _shift(base[:10], days=step) or base, updates_ref=True)
    if unit in ("week", "weekend"):
        if d is None:
            return _Norm("DATE", f"{y:04d}-WXX")
        if unit == "weekend" and step == 0 and deictic and (_to_date(base) or date.min).weekday() < 5 \
                and _tense(ctx.text, start, end) != "future":
            step = -1  # "said over the weekend" on a weekday: the weekend just past
        value = _week_of(_shift(base[:10], weeks=step) or base[:10])
        return _Norm("DATE", value + ("-WE" if unit == "weekend" else ""))
    if unit == "month":
        if m is None:
            return _Norm("DATE", f"{y:04d}-XX")
        return _Norm("DATE", _shift(_fmt(y, m), months=step) or _fmt(y, m), updates_ref=step != 0)
    if unit == "quarter":
        if m is None:
            return _Norm("DATE", f"{y:04d}-QX")
        q = (m - 1) // 3 + step
        return _Norm("DATE", f"{y + q // 4:04d}-Q{q % 4 + 1}")
    if unit == "year":
        return _Norm("DATE", _fmt(y + step), updates_ref=step != 0 and ctx.narrative)
    if unit == "decade":
        return _Norm("DATE", _period_value(y, 10, step))
    return _Norm("DATE", _period_value(y, 100, step))


def _period_value(year: int, size: int, step: int = 0) -> str:
    """The decade (size 10) or century (100) holding an astronomical year, moved by ``step`` periods:
    1917 → "191", 1917 and 100 → "19"; BC years count down, so -485 (486 BC) → "BC048" and a step
    forward gives "BC047"."""
    width = 3 if size == 10 else 2
    if year > 0:
        return f"{year // size + step:0{width}d}"
    period = (1 - year) // size - step
    return f"BC{period:0{width}d}" if period >= 0 else f"{-period - 1:0{width}d}"


def _duration_value(n: float | None, unit: str) -> str:
    code, is_time = UNITS[unit]
    if code == "W2":
        code, n = "W", (n or 1) * 2
    if code == "Q":
        code, n = "M", (n or 1) * 3
    if code == "CE" and n is not None:
        code, n = "Y", n * 100
    if code == "DE" and n is not None:
        code, n = "Y", n * 10
    prefix = "PT" if is_time else "P"
    if n is None:
        return f"{prefix}X{code}"
    if n != int(n):  # "2 1/2 years", "half a day"
        whole, frac = int(n), n - int(n)
        smaller = {"Y": (12, "M"), "M": (30, "D"), "D": (24, "H"), "W": (7, "D"), "H": (60, "M")}.get(code)
        if smaller:
            sub = f"{round(frac * smaller[0])}{smaller[1]}"
            if smaller[1] in ("H",) and not is_time:
                return f"P{whole}{code}T{sub}" if whole else f"PT{sub}"
            if is_time and smaller[1] == "M":
                return f"PT{whole}H{sub}" if whole else f"PT{sub}"
            return f"P{whole}{code}{sub}" if whole else f"P{sub}"
    return f"{prefix}{int(n)}{code}"


def _unit_of(low: str) -> str | None:
    m = re.search(r"(second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie)|quarter)s?\b", low)
    if not m:
        return None
    unit = m.group(1)
    return "century" if unit.startswith("centur") else unit


_VAGUE_RE = re.compile(r"\b(?:" + "|".join(sorted(VAGUE_NUMBERS, key=len, reverse=True)) + r")\b")
_COUNT_RE = re.compile(rf"\b(\d+(?:\.\d+)?|{_NUMW}(?:[- ]{_NUMW})?)\b")
_MOD_RES = [(re.compile(rf"\b{words}\b"), mod) for words, mod in sorted(MODS.items(), key=lambda kv: -len(kv[0]))]


def _count_of(low: str) -> tuple[float | None, bool]:
    """The number of units in a duration and whether it is vague ("several", "few")."""
    if _VAGUE_RE.search(low):
        return None, True
    m = _COUNT_RE.search(low)
    n = _number(m.group(1)) if m else None
    if n is not None and "and a half" in low:
        n += 0.5
    return n, False


def _h_duration(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    if re.fullmatch(r"(?:a|an)\s(?:long|short|brief)\s(?:time|while|period)|some\stime|a\swhile", low):
        return _Norm("DURATION", "PXX")
    unit = _unit_of(low)
    if unit is None:
        return None
    mod_words = re.match(r"(about|around|approximately|roughly|some|nearly|almost|less than|under|more than|over|"
                         r"at least|up to|no more than|at most|no less than)\s", low)
    mod = MODS.get(mod_words.group(1)) if mod_words else None
    n, vague = _count_of(low[mod_words.end():] if mod_words else low)
    plural = bool(re.search(r"(?:second|minute|hour|day|night|week|month|year|decade|centurie|quarter)s\b", low))
    if n is None and not vague and plural:
        vague = True
    if n is None and not vague:
        n = 1
    value = _duration_value(None if vague else n, unit)
    forward = bool(re.search(r"\b(?:next|following|followed|coming|subsequent)\b", low))
    return _Norm("DURATION", value, mod=mod, coarsens_ref=vague and forward and ctx.narrative)


def _h_offset(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    unit = _unit_of(low)
    if unit is None:
        return None
    hedge = re.match(r"(?:only|just|a mere|some|about|around|nearly|almost|less than|more than)\s", low)
    n, vague = _count_of(low[hedge.end():] if hedge else low)
    if n is None and not vague:
        n = 1
    if re.match(r"the\s(?:following|next|previous|preceding)\s", low) or low.startswith("the day"):
        sign = -1 if re.search(r"previous|preceding|before", low) else 1
        if not re.search(r"\d|\b(?:" + _NUMW + r")\b", low.split(" ", 2)[-1]) or unit in ("day", "night"):
            if unit in ("day", "night") and (n == 1 or n is None):
                base = _anchor_date(ctx, deictic=False)
                if base and len(base) >= 10:
                    value = _shift(base[:10], days=sign)
                    code = "TNI" if unit == "night" else ""
                    return _Norm("TIME" if code else "DATE", value + code, updates_ref=True)
                return _Norm("DATE", "XXXX-XX-XX")
            if unit == "week" and (n == 1 or n is None):
                return _h_unit_rel(f"the following {unit}", f"the following {unit}", ctx, start, end)
            if unit in ("month", "year") and (n == 1 or n is None):
                return _h_unit_rel(f"the following {unit}", f"the following {unit}", ctx, start, end)
        value = _duration_value(None if vague else n, unit)
        return _Norm("DURATION", value, coarsens_ref=vague and ctx.narrative and sign > 0)
    deictic = bool(re.search(r"\bago\b|from now|hence", low))
    sign = -1 if re.search(r"\b(?:ago|earlier|before)\b", low) else 1
    base = _anchor_date(ctx, deictic=deictic)
    if vague or base is None:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    k = int(n * sign) if n == int(n) else None
    if k is None:
        return None
    y, m, d = _parse_value(base)
    if unit in ("day", "night"):
        value = _shift(base[:10], days=k) if d else (f"{_fmt(y, m)}-XX" if m else f"{_fmt(y)}-XX-XX")
    elif unit in ("week", "fortnight"):
        shifted = _shift(base[:10], weeks=k * (2 if unit == "fortnight" else 1)) if d else None
        value = _week_of(shifted) if shifted else None
    elif unit == "month":
        value = _shift(_fmt(y, m), months=k) if m else None
    elif unit == "year":
        value = _fmt(y + k)
    elif unit == "decade":
        value = _period_value(y + 10 * k, 10)
    elif unit in ("hour", "minute", "second"):
        return _Norm("TIME", "XXXX-XX-XXTXX:XX") if not d else _Norm("DATE", base[:10])
    else:
        value = None
    if value is None:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    return _Norm("DATE", value, updates_ref=not deictic)


def _h_set(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    simple = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
              "nightly": "P1D", "hourly": "PT1H"}
    if low in simple:
        return _Norm("SET", simple[low])
    if _MON_RE.search(s):
        return _Norm("SET", _fmt(None, _month_of(s)))
    if _WD_RE.search(s):
        return _Norm("SET", f"XXXX-WXX-{WEEKDAYS[_WD_RE.search(s).group(0).lower()] + 1}")
    if re.search(r"morning|evening|night", low):
        return _Norm("SET", "XXXX-XX-XXT" + PARTS_OF_DAY[re.search(r"morning|evening|night", low).group(0)])
    season = re.search(r"spring|summer|autumn|fall|winter", low)
    if season:
        return _Norm("SET", "XXXX-" + SEASONS[season.group(0)])
    unit = _unit_of(low)
    if unit is None:
        if "weekend" in low:
            return _Norm("SET", "XXXX-WXX-WE")
        return None
    n = 2 if "other" in low else 1
    return _Norm("SET", _duration_value(n, unit))


def _h_of_that_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    month = _month_of(s)
    rel = _h_unit_rel(low.split(" of ", 1)[1], low.split(" of ", 1)[1], ctx, start, end)
    y = _parse_value(rel.value)[0] if rel else None
    day = _day_of(_MON_RE.sub(" ", s.split(" of ")[0]))
    return _Norm("DATE", _fmt(y, month, day), updates_ref=y is not None)


def _h_half_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    half = "H1" if "first" in low else "H2"
    return _Norm("DATE", f"{_year_of(s):04d}-{half}")


def _quarter_value(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    base = _anchor_date(ctx, deictic=True)
    by, bm, _ = _parse_value(base)
    m = re.search(r"(first|second|third|fourth|1st|2nd|3rd|4th)", low)
    year = _year_of(s) or by
    if m:
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[m.group(1)]
        if year is None:
            return _Norm("DATE", f"XXXX-Q{q}")
        if not _year_of(s) and bm is not None and q > (bm - 1) // 3 + 1 and _tense(ctx.text, start, end) != "future":
            year -= 1  # "the fourth quarter" reported in March is last year's
        return _Norm("DATE", f"{year:04d}-Q{q}")
    if by is None or bm is None:
        return _Norm("DATE", "XXXX-QX")
    q = (bm - 1) // 3 + 1
    if re.search(r"latest|last|past|previous", low) or low == "the quarter":
        q -= 1
    if q == 0:
        by, q = by - 1, 4
    return _Norm("DATE", f"{by:04d}-Q{q}")


def _h_quarter(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    if low.endswith("period"):  # "the latest period": the quarter the report is about
        return _Norm("DATE", ctx.quarter) if ctx.quarter and not ctx.narrative else None
    norm = _quarter_value(s, low, ctx, start, end)
    if re.fullmatch(r"\d{4}-Q[1-4]", norm.value):
        ctx.quarter = norm.value
    return norm


def _h_yearago(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    if ctx.quarter and not ctx.narrative:  # "net income of $1.9 million a year ago", after "the third quarter"
        y, q = ctx.quarter.split("-Q")
        return _Norm("DATE", f"{int(y) - 1:04d}-Q{q}")
    base = _anchor_date(ctx, deictic="ago" in low and not ctx.narrative)
    y = _parse_value(base)[0]
    return _Norm("DATE", _fmt(y - 1) if y is not None else "PAST_REF")


_HANDLERS: dict[str, Callable[..., _Norm | list[_Norm] | None]] = {
    "day_of_month": _h_day_of_month, "iso": _h_iso, "numeric": _h_numeric, "numeric_roman": _h_numeric_roman, "double": _h_double,
    "double_year": _h_double_year, "date_time_range": _h_date_time_range, "date_at_time": _h_date_at_time,
    "time_on_date": _h_date_at_time, "pod_of_date": _h_pod_of_date, "wd_pod": _h_wd_pod, "tonight": _h_tonight,
    "time": _h_time, "year_range": _h_year_range, "year_range_bc": _h_year_range_bc, "mod_date": _h_mod_date, "mod_rel": _h_mod_rel,
    "drange": _h_drange, "date": _h_date, "holiday": _h_holiday, "anniversary": _h_anniversary,
    "season": _h_season, "decade": _h_decade, "decade_words": _h_decade_words, "century": _h_century,
    "year": _h_year, "year_bc": _h_year, "fiscal": _h_fiscal, "month": _h_month, "weekday": _h_weekday,
    "deictic": _h_deictic, "ref": _h_ref, "unit_rel": _h_unit_rel, "offset": _h_offset,
    "duration": _h_duration, "vague_duration": _h_duration, "set": _h_set, "of_that_year": _h_of_that_year, "half_year": _h_half_year,
    "quarter": _h_quarter, "yearago": _h_yearago,
}


# --- public API -------------------------------------------------------------------------------

def _iter_timexes(text: str, ctx: _Context, skip_ref: Callable[[int], bool] | None = None) -> Iterator[Timex]:
    for hit in _candidates(text):
        s = text[hit.start:hit.end]
        ctx.at = hit.start
        try:
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
            if n.updates_ref and not frozen and "X" not in n.value[:4] and not _aside(ctx, n.value, start, end):
                _update_ref(ctx, n.value)
            if n.coarsens_ref and not frozen and ctx.ref:
                ctx.ref = ctx.ref[:4]
            gregorian, julian = n.value, None
            if n.anchor and n.anchor.startswith("double:"):
                flag, other = n.anchor.split(":", 2)[1:]
                julian, gregorian = (n.value, other) if flag == "J" else (other, n.value)
            yield Timex(start=start, end=end, text=text[start:end], type=n.type, value=n.value,
                        gregorian=gregorian, julian=julian, mod=n.mod, anchor=n.anchor)


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
    for t in _iter_timexes(text, ctx):
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

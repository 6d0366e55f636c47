"""Time stage, absolute dates: written days, months, years, seasons, decades, centuries, holidays
and the anniversaries of named events, each to its TIMEX3 value (a date without a year takes the
narrative's, ``anchoring``)."""

from __future__ import annotations

import re

from fontes.time import calendars
from fontes.time.anchoring import (
    _anchor_date,
    _Context,
    _fmt,
    _parse_value,
    _resolve_month_day,
    _to_date,
)
from fontes.time.grammar import (
    _GARBLED,
    _ORDW,
    _WD_RE,
    _day_of,
    _holiday_table,
    _month_match,
    _month_of,
    _year_of,
    spelled_number,
)
from fontes.time.lexicon import MONTHS, ORDINALS, ROMAN_MONTHS, SEASONS, foreign_seasons, garbled_month, month_name
from fontes.time.values import _mod_of, _Norm


def _norm_date_text(s: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    found = _month_match(s)
    if found is None:
        return None
    month = MONTHS.get(found.group(0).rstrip(".").lower())
    if month is None:
        return None
    body = s[:found.start()] + " " + s[found.end():]
    body = _WD_RE.sub(" ", body)
    body = re.sub(r"\s?\[/(\d{1,4})\]\s*$", r"/\1", body)  # "1719 [/20]": an editor's second year, as "1719/20"
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
    if year is None and day is not None:
        # the year comes from the narrative: the day must exist in it ("30 February" only in Sweden's 1712)
        value = _resolve_month_day(month, day, ctx, start, end)
        known = int(value[:4]) if value[:4].isdigit() else 2000
        if day > max(calendars.month_length(known, month, c) for c in ("julian", "swedish")):
            return None
        return _Norm("DATE", value, updates_ref=True)
    if day is not None and day > max(calendars.month_length(year or 2000, month, c) for c in ("julian", "swedish")):
        return None
    if year is not None:
        return _Norm("DATE", _fmt(year, month, day), updates_ref=True, anchor="double_year" if double else None)
    return _Norm("DATE", _resolve_month_day(month, day, ctx, start, end), updates_ref=True)


def _h_iso(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    s = s.replace("/", "-").replace(" ", "T")  # "1999/03/08 17:22:05" is "1999-03-08T17:22:05"
    value = re.sub(r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$", "", s) if "T" in s else s  # the zone and fraction go
    return _Norm("TIME" if "T" in s else "DATE", value, updates_ref=True)


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


_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int | None:
    """The value of a Roman numeral of a day (I to XXXI), None for anything else."""
    total, last = 0, 0
    for ch in reversed(numeral.upper()):
        value = _ROMAN_DIGITS.get(ch)
        if value is None:
            return None
        total, last = (total - value, last) if value < last else (total + value, value)
    return total if 1 <= total <= 31 else None


def _h_roman_day(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """A day in Roman numerals before a Latin month: "XV Aprilis 1652", "die III Martii"."""
    m = re.search(r"\b([IVXivx]{1,6})\s", s)
    day = _roman(m.group(1)) if m else None
    if day is None:
        return None
    return _norm_date_text(s[:m.start(1)] + str(day) + s[m.end(1):], ctx, start, end)


def _h_short_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """A date whose year keeps two digits after an apostrophe ("Oct 14 '31", "March 3, '05"): read as
    two-digit years are elsewhere (up to 30 this century, the others the last)."""
    m = re.search(r"['’](\d{2})$", s)
    if m is None:
        return None
    yy = int(m.group(1))
    return _norm_date_text(s[:m.start()] + str(yy + (1900 if yy > 30 else 2000)), ctx, start, end)


def _h_numeric_roman(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    m = re.match(r"(\d{1,2})(?:\s?[./–-]\s?|\s)([IVX]+)(?:\s?[./–-]\s?|\s)(\d{4})", s)
    if not m or m[2] not in ROMAN_MONTHS:
        return None
    return _Norm("DATE", _fmt(int(m[3]), ROMAN_MONTHS[m[2]], int(m[1])), updates_ref=True)


def _h_date(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    if re.search(r"\d[-–]\d", s):  # "1913, May 9-10th": a chronology's day range
        return _h_drange(s, low, ctx, start, end)
    return _norm_date_text(s, ctx, start, end)


def _h_garbled_date(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """A written date with a deformed month name ("OMarch 3, 1890", "12 Decembcr 1888"): read with
    the month the lexicon takes it for (``lexicon.garbled_month``), over the same span."""
    word = re.search(_GARBLED, s)
    month = garbled_month(word.group()) if word else None
    if month is None:
        return None
    return _norm_date_text(s[:word.start()] + month_name(month) + s[word.end():], ctx, start, end)


_DRANGE_JOIN = re.compile(r"\s?[-–]\s?|\s(?:and|si|și|et|und|or|to)\s(?:the\s)?")
_DRANGE_DAYS = re.compile(rf"(\d{{1,2}})(?:-?(?:st|nd|rd|th)|d|er)?({_DRANGE_JOIN.pattern})(\d{{1,2}})(?:-?(?:st|nd|rd|th)|d|er)?")


def _h_drange(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | list[_Norm] | None:
    """ "9-10 May 1913", "May 9-10th", "30 and 31 July": the days of one month. In the pipeline
    (``ctx.day_ranges``) one span valued first/last, as ranges are; "26–9 January" shortens the
    second day to its last digit, as page ranges do. In TIMEX tagging the dash form keeps its first
    day and the "and" form is two expressions, as TimeML annotates them."""
    days = _DRANGE_DAYS.search(s)
    if days is None:
        return None
    first_day, last_day = int(days[1]), int(days[3])
    if last_day < first_day and len(days[3]) == 1 and first_day >= 10:
        last_day += first_day // 10 * 10
    first = s[:days.start()] + days[1] + s[days.end():]
    head = _norm_date_text(first, ctx, start, end)
    if head is None or last_day <= first_day or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", head.value):
        return head
    tail = head.value[:8] + f"{last_day:02d}"
    if calendars.month_length(int(tail[:4]), int(tail[5:7]), "julian") < last_day:
        return head
    if ctx.day_ranges:
        return _Norm("DATE", f"{head.value}/{tail}", updates_ref=True)
    if days[2].strip() in ("-", "–"):
        return head
    split = start + days.start(2)  # after the first day and its suffix ("the 20th")
    lead = start + days.start()
    if ctx.text[max(0, lead - 4):lead].lower() == "the ":  # "on the 28 and 29 August": "the 28"
        lead -= 4
    second = start + days.end(2)
    if days[2].rstrip().endswith(" the"):  # "the 13th to the 19th of October": "the 19th of October"
        second -= 4
    return [_Norm("DATE", head.value, start=lead, end=split, updates_ref=True),
            _Norm("DATE", tail, start=second, end=end)]


def _h_month(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    month = _month_of(s)
    return _Norm("DATE", _resolve_month_day(month, None, ctx, start, end), updates_ref=True) if month else None


def _h_year_range(s: str, low: str, ctx: _Context, start: int, end: int) -> list[_Norm]:
    m = re.match(r"(\d{4})(\s?[-–]\s?)(\d{2,4})", s)
    first, second = int(m[1]), m[3]
    last = int(second) if len(second) == 4 else int(m[1][:2] + second)
    if last == first:  # "1708 - 1708" (a date widget's span of one year): that year
        return [_Norm("DATE", _fmt(first), updates_ref=True)]
    if last < first:
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


_HOLIDAY_YEAR = re.compile(r"^(.+?)(?:,?\s|\s(?:of|in)\s)(\d{4})$")


def _h_holiday(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    with_year = _HOLIDAY_YEAR.match(s)
    name = with_year[1] if with_year else s
    for pattern, day in _holiday_table()[0]:
        if pattern.fullmatch(name):
            month, d = (int(p) for p in day.split("-"))
            if with_year:  # "Christmas Day, 1914": the feast of that year
                return _Norm("DATE", f"{with_year[2]}-{month:02d}-{d:02d}")
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


# a second season with its year after a first one: "spring and early summer of 1943", "autumn/winter 1916"
_COORDINATED_SEASON = re.compile(r"\s?(?:and|or|to|/|[-–])\s?(?:(?:the\s)?(?:early|late|mid)[- ]|the\s)?"
                                 r"(?i:spring|summer|autumn|fall|winter)\s(?:of\s)?(1\d{3}|20\d{2})(?!\d)")


def _h_season(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    english = re.search(r"(?i)spring|summer|autumn|winter|fall", s)
    code = SEASONS[english.group(0).lower()] if english else foreign_seasons()[s.split()[0].lower()]
    mod = _mod_of(low.split()[0]) if re.match(r"(?i)(?:early|late|mid)", s) else None
    year = _year_of(s)
    if year is not None:  # "the spring of 1915": the story is now in 1915
        return _Norm("DATE", f"{_fmt(year)}-{code}", mod=mod, updates_ref=True)
    coordinated = _COORDINATED_SEASON.match(ctx.text, end)
    if coordinated:  # "the spring and summer of 1979": the year written after both is the first's too
        return _Norm("DATE", f"{coordinated.group(1)}-{code}", mod=mod)
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
        if code == "WI" and am is not None and not re.search(r"\b(?:last|previous)\b", low):
            # a winter is named by the year it begins in (December): "before winter" written in
            # September 1708 is the winter of 1708, and "during the winter" in March 1881 that of 1880
            if am >= 11 or forward:
                year = ay
            elif am <= 3:
                year = ay - 1
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


# a number labelled as a page, a lot, an item or a serial number is a count, not a year:
# "[Page 1020]", "p. 1020", "pp. 1020-22", "Lot 1444", "No. 1881", "item 1750", "# 1905", "№ 1812"
_NUMBER_LABEL = re.compile(r"(?i)(?:\b(?:pages?|lots?|items?|folios?|numbers?)\s|\b(?:pp?|ff?|fol|nos?|nr|nrs|art|vol)\.\s?|[#№§]\s?)$")


def _h_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    year = _year_of(s)
    if year is None or (s[:1].isdigit() and _NUMBER_LABEL.search(ctx.text, max(0, start - 10), start)):
        return None
    return _Norm("DATE", _fmt(year), updates_ref=True)


def _h_fiscal(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    return _Norm("DATE", _fmt(_year_of(s)), updates_ref=True)


_WEEK_FIRST_DAY = {"first": 1, "second": 8, "third": 15, "fourth": 22}


def _h_week_of_month(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"the last week of December" → its last seven days, "the second week of May 1856" → 8-14 May; the
    year as written, else the narrative's for that month."""
    month = _month_of(s)
    if month is None:
        return None
    year = _year_of(s)
    if year is None:
        resolved = _resolve_month_day(month, None, ctx, start, end)
        year = int(resolved[:4]) if resolved[:4].isdigit() else None
    if year is None:
        return None
    last = calendars.month_length(year, month)
    ordinal = re.match(r"(?i)the\s(\w+)", s)[1].lower()
    first = _WEEK_FIRST_DAY.get(ordinal, last - 6)
    return _Norm("DATE", f"{_fmt(year, month, first)}/{_fmt(year, month, first + 6)}")


def _h_half_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    half = "H1" if "first" in low else "H2"
    return _Norm("DATE", f"{_year_of(s):04d}-{half}")


def _h_spelled_date(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"the thirtieth day of the month of March, in the year one thousand eight hundred and fifty-six"."""
    year_words = re.split(r"(?i)the\syear\s(?:of\s(?:our\s)?lord\s|of\sgrace\s)?", s, maxsplit=1)[-1]
    year = spelled_number(year_words)
    if year is None or not 100 <= year <= 2100:
        return None
    month = _month_of(s) if re.search(r"(?i)\bday\sof\b", s) else None
    day = ORDINALS.get(re.match(rf"(?i)the\s({_ORDW})", s)[1].lower()) if month else None
    return _Norm("DATE", _fmt(year, month, day), updates_ref=True)


# the Byzantine era Russia counted until Peter I's reform: year 7208 ran from 1 September 1699 to 31
# August 1700 (Julian), 5509 years after the creation of the world
WORLD_ERA_OFFSET = 5509


def _h_world_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    """"the year 7208": 1699-09-01/1700-08-31 (Julian); "the New Year 7208": its first day."""
    first = int(re.search(r"\d{4}", s).group(0)) - WORLD_ERA_OFFSET
    if "new year" in low:
        return _Norm("DATE", f"{first:04d}-09-01", anchor="world_era")
    # the year in scope: "the year 7208 began on September 1" is 1 September 1699, not of the year after
    return _Norm("DATE", f"{first:04d}-09-01/{first + 1:04d}-08-31", anchor="world_era", updates_ref=True)

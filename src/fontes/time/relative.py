"""Time stage, relative expressions: weekdays, "the next day", "that evening", "two years later",
"this year", clock times on a day in scope, resolved on the narrative's time or the writer's
"today" (``anchoring``)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fontes.time.anchoring import (
    _FORWARD,
    _anchor_date,
    _Context,
    _fmt,
    _parse_value,
    _resolve_month_day,
    _shift,
    _tense,
    _to_date,
    _week_of,
    anaphoric_day,
    entry_day,
)
from fontes.time.conversion import jdn_from_julian
from fontes.time.dates import _norm_date_text
from fontes.time.durations import _count_of, _duration_value, _unit_of
from fontes.time.grammar import (
    _DAYN,
    _MON,
    _MON_RE,
    _NUMW,
    _POD,
    _TIME_RE,
    _WD_RE,
    _day_of,
    _month_match,
    _month_of,
    _year_of,
)
from fontes.time.lexicon import MONTHS, PARTS_OF_DAY, WEEKDAYS
from fontes.time.values import _Norm, _norm_time_text, _period_value, _split_date_time


def _h_day_of_month(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    """"on the 11th", "the second instant": that day of the narrative's month ("ult.": the month
    before, "prox.": the month after; unknown month and year without one)."""
    digits = re.search(r"\d+", s)
    day = int(digits.group(0)) if digits else _day_of(s)
    # "instant", "ult.", "prox." count from the month the letter is written in, not the story's
    letter = bool(re.search(r"\b(?:inst|ult|prox)", low))
    ref_y, ref_m, _ = _parse_value(_anchor_date(ctx, deictic=letter))
    if ref_m is None or day is None:
        return _Norm("DATE", f"XXXX-XX-{day or 0:02d}") if day else None
    step = -1 if re.search(r"\bult", low) else 1 if re.search(r"\bprox", low) else 0
    if step:
        ref_y, ref_m = divmod(ref_y * 12 + ref_m - 1 + step, 12)
        ref_m += 1
    return _Norm("DATE", _fmt(ref_y, ref_m, day), updates_ref=True)


_IS_WEEKDAY = re.compile(r"(?i)\b(?:it|that\sday|this\sday|the\sday)\s(?:was|is|being|fell\son)\s(?:a\s)?$")


def _weekday_of(day, ctx: _Context) -> int:
    """Monday 0 ... Sunday 6 of a day label, in the calendar the narrative writes."""
    if ctx.julian_weekdays:
        return jdn_from_julian(day.year, day.month, day.day) % 7
    return day.weekday()


def _h_weekday(s: str, low: str, ctx: _Context, start: int, end: int, direction: str | None = None) -> _Norm:
    wd = WEEKDAYS[_WD_RE.search(s).group(0).lower()]
    deictic = not ctx.narrative
    anchor = _to_date(_anchor_date(ctx, deictic=deictic))
    if anchor is None:
        return _Norm("DATE", f"XXXX-WXX-{wd + 1}")
    if ctx.narrative and direction is None:
        if _IS_WEEKDAY.search(ctx.text, max(0, start - 20), start):
            return _Norm("DATE", anchor.isoformat())  # "it was a Tuesday": the day in scope, whatever its calendar
        anchor = _to_date(ctx.week_ref) or anchor
    tense = direction or _tense(ctx.text, start, end)
    if tense is None and not ctx.narrative and _FORWARD.search(ctx.text[max(0, start - 30):start].lower()):
        tense = "future"
    tense = tense or "past"
    delta = wd - _weekday_of(anchor, ctx)
    if tense == "future" and delta < 0:
        delta += 7
    elif tense == "past" and delta > 0:
        delta -= 7
    if direction == "future" and delta == 0:
        delta = 7
    if direction == "past" and delta == 0:
        delta = -7
    # a day looked forward to ("are preparing to leave on Friday") does not move the narrative's time
    return _Norm("DATE", (anchor + timedelta(days=delta)).isoformat(), updates_ref=ctx.narrative and tense != "future")


def _h_time(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    t = _norm_time_text(s)
    if t is None:
        return None
    anchor = ctx.ref if ctx.narrative else (ctx.dct.isoformat() if ctx.dct else ctx.ref)
    y, m, d = _parse_value(anchor)
    day = _fmt(y, m, d) if d is not None else "XXXX-XX-XX"
    if (ctx.narrative and _afternoon_in_scope(s, t, ctx.text, start)) or _afternoon_after(s, t, ctx.text, end):
        t = f"T{int(t[1:3]) + 12:02d}{t[3:]}"
    if t == "T00:00" and d is not None and re.search(r"(?i)midnight", s):
        day = _shift(day, days=1) or day  # "past midnight" with no day named: the night ran into the next day
    return _Norm("TIME", day + t)


_LATER_PART = re.compile(r"(?i)\b(?:afternoon|noon|midday|evening|p\.\s?m\.|(?<=\d)\s?pm\b|(?<=\d\s)pm\b|dusk|sunset|nightfall)")
_EARLIER_PART = re.compile(r"(?i)\b(?:morning|a\.\s?m\.|(?<=\d)am\b|(?<=\d\s)am\b|dawn|daybreak|sunrise|midnight|night)")
_DAY_PART_WORD = re.compile(r"(?i)morning|afternoon|evening|night|noon|[ap]\.\s?m\b|\d\s?[ap]m\b|at\sdawn")


# "4:30 in the drowsy afternoon", "at 9 on a wet evening": the part of the day named right after the clock,
# with words between that the grammar's "in the afternoon" does not take
_PART_AFTER = re.compile(r"(?i)^,?\s(?:in|on|of)\s(?:the|a|an|that|this)\s(?:[a-z'-]+\s){1,2}(?:afternoon|evening)\b")


def _afternoon_after(s: str, t: str, text: str, end: int) -> bool:
    """Whether a bare clock hour of one to eleven is followed in its phrase by the afternoon or evening."""
    hour = re.match(r"^T(\d{2})", t)
    if not hour or not 1 <= int(hour[1]) <= 11 or _DAY_PART_WORD.search(s):
        return False
    return bool(_PART_AFTER.match(text[end:end + 60]))


def _afternoon_in_scope(s: str, t: str, text: str, start: int) -> bool:
    """Whether a bare clock hour of one to seven ("half-past three o'clock") written in a narrative
    that last named the afternoon ("four in the afternoon", "at noon") is an afternoon hour: a
    story's day runs forward, and nobody writes "o'clock" for the small hours without saying so."""
    hour = re.match(r"^T(\d{2})", t)
    if not hour or not 1 <= int(hour[1]) <= 7 or _DAY_PART_WORD.search(s):
        return False
    window = text[max(0, start - 2000):start]
    later = [m.end() for m in _LATER_PART.finditer(window)]
    earlier = [m.end() for m in _EARLIER_PART.finditer(window)]
    return bool(later) and (not earlier or later[-1] > earlier[-1])


def _date_part(s: str, ctx: _Context, start: int, end: int) -> str | None:
    """The day a composite expression names (its date, a weekday or a deictic word)."""
    if _month_match(s):
        n = _norm_date_text(re.sub(r"\s?[-–]\s?\d{1,2}(?:st|nd|rd|th)?(?=\D|$)", "", s, count=1), ctx, start, end)
        return n.value if n else None
    if _WD_RE.search(s):
        direction = "future" if re.search(r"(?i)\bnext|following\b", s) else None
        return _h_weekday(s, s.lower(), ctx, start, end, direction).value
    low = re.sub(r"\bto-(?=day|morrow|night)", "to", s.lower())  # "to-day", "to-morrow" as older English writes them
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
    # "last night" runs into the writer's today: the hours after it ("called us up about three in
    # the morning") are today's, so it does not move the narrative's day back
    moves = not low.startswith(("this", "today")) and not re.fullmatch(r"(?:late\s)?last\snight", low)
    return _Norm("TIME", day + "T" + code, updates_ref=moves)


def _h_tonight(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    base = _anchor_date(ctx, deictic=True)
    day = base[:10] if base and len(base) >= 10 else "XXXX-XX-XX"
    return _Norm("TIME", day + "TNI")


def _h_mod_rel(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    n = _h_unit_rel(low.split(" ", 1)[1], low.split(" ", 1)[1], ctx, start, end)
    if n is None:
        return None
    n.mod = "START" if low.startswith("earlier") else "END"
    n.updates_ref = False
    return n


# "the same day", "that day": the last day the narrative named
_ANAPHORIC_DAY = re.compile(r"\b(?:same|that)\b")


# "Today is the day ...", "... that today is the wrong day" under a post's own date: the subject of its
# clause, "today" names that day; "today's Chile", "plain today" name the writer's present at large
_TODAY_IS = re.compile(r"\s(?:is|marks)\s")
_CLAUSE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*|\bthat\s)$")


def _h_deictic(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm:
    base = entry_day(ctx)  # a dated entry's "today" is its day, in a history's quotation too
    if base is None:
        if ctx.writer_present and low == "today":
            if ctx.dct is not None and ctx.deictic_dct and _TODAY_IS.match(ctx.text, end) \
                    and _CLAUSE_START.search(ctx.text[max(0, start - 8):start]):
                return _Norm("DATE", ctx.dct.isoformat(), updates_ref=True)  # "Today is the Twelfth of July": the post's own day
            return _Norm("DATE", "PRESENT_REF")
        base = _anchor_date(ctx, deictic=True)
        if ctx.narrative and not ctx.deictic_dct and "today" in low:
            return _Norm("DATE", "PRESENT_REF", anchor=base)
    if base is None or len(base) < 10:
        if "today" in low:
            return _Norm("DATE", "PRESENT_REF")
        return _Norm("DATE", "XXXX-XX-XX")
    low = low.replace("to-morrow", "tomorrow")
    shift = -2 if "before yesterday" in low else 2 if "after tomorrow" in low else \
        -1 if "yesterday" in low else 1 if "tomorrow" in low else 0
    return _Norm("DATE", _shift(base[:10], days=shift) or "XXXX-XX-XX", anchor=base)


# "the future celebrated fable writer", "the future Tsar Peter III": "future" as an adjective, no time
_FUTURE_AS_ADJECTIVE = re.compile(r"\s(?:[A-Z][a-z]|(?:celebrated|famous|great|king|queen|tsar|czar|emperor|empress|"
                                  r"prince|princess|wife|husband|bride|president|capital|site|leader|author|writer)\b)")


def _h_ref(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    if low == "the future" and _FUTURE_AS_ADJECTIVE.match(ctx.text, end):
        return None
    if re.search(r"soon|future", low):
        return _Norm("DATE", "FUTURE_REF")
    if re.search(r"recently|lately|formerly|previously|past", low):
        return _Norm("DATE", "PAST_REF")
    entry = entry_day(ctx)
    if entry is not None and low in ("now", "right now", "just now", "at present", "at this moment"):
        return _Norm("DATE", "PRESENT_REF", anchor=entry)  # the day of the letter or diary entry
    if ctx.writer_present and low not in ("now", "right now", "just now"):
        return _Norm("DATE", "PRESENT_REF")  # "nowadays", "at present": the writer's time
    # a document of its time (a decree, a letter) dated to the day says "now" at its writing
    at_writing = not ctx.narrative or (not ctx.writer_present and ctx.deictic_dct and not ctx.story_dct)
    return _Norm("DATE", "PRESENT_REF", anchor=_anchor_date(ctx, deictic=at_writing))


_UNTIL = re.compile(r"(?i)\b(?:to|until|till|unto)\s$")


def _h_unit_rel(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    if low == "this day" and _UNTIL.search(ctx.text, max(0, start - 7), start):
        return _Norm("DATE", "PRESENT_REF")  # "to this day the motto is ...": until the writer's present
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
    if unit == "day" and anaphoric and _ANAPHORIC_DAY.search(low):
        base = anaphoric_day(ctx)
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


# a date set beside an offset as its apposition: ", on April 19, 1783", " (in 1911)", " – 1812"
_APPOSED_YEAR = re.compile(
    rf"\s?[,(–—-]\s?(?:(?:on|in|at|of)\s)?(?:the\s)?(?:{_MON}\.?\s{_DAYN},?\s|{_DAYN}\s(?:of\s)?{_MON}\.?,?\s|"
    rf"{_MON}\.?,?\s)?(1\d{{3}}|20\d{{2}})(?![\d/-])", re.IGNORECASE)


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
    named = _APPOSED_YEAR.match(ctx.text, end, end + 60) if unit in ("year", "decade", "century") else None
    if named and sign < 0:
        # "240 years ago, on April 19, 1783" / "a century earlier (1812)": the date beside it names the
        # year, whatever "now" the writer counted from (the headline's or a site's date is no DCT)
        return _Norm("DATE", _fmt(int(named.group(1))))
    base = _anchor_date(ctx, deictic=deictic)
    if deictic and unit in ("year", "decade", "century") and ctx.writer_present and (ctx.dct is None or ctx.story_dct):
        if ctx.present:
            base = ctx.present  # "112 years ago" in an article counts from when it was posted
        elif sign < 0 and base and n and n >= 10:
            # no writer's date at all: "exactly 112 years ago" in a modern page points at the story it
            # tells, not at 112 years before the story
            return _Norm("DATE", base[:4])
    if vague and base is not None and unit in ("week", "fortnight", "month") and re.match(r"^\d{4}", base) \
            and not deictic:
        # "a few weeks later", "some months earlier" in a story: the year a few (three) of them away
        return _Norm("DATE", _few_later_year(base, unit, sign))
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
    elif unit == "century":  # "a century before" in a story of 1703: the 1600s, "16"
        value = _period_value(y + 100 * k, 100)
    elif unit in ("hour", "minute", "second"):
        return _Norm("TIME", "XXXX-XX-XXTXX:XX") if not d else _Norm("DATE", base[:10])
    else:
        value = None
    if value is None:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    return _Norm("DATE", value, updates_ref=not deictic)


def _few_later_year(base: str, unit: str, sign: int) -> str:
    """The year "a few" weeks or months from a reference value, counted as three of them (the
    reference's own year when it names no day or month)."""
    y, m, d = _parse_value(base)
    if unit == "month" and m:
        shifted = _shift(_fmt(y, m), months=3 * sign)
    elif d:
        shifted = _shift(base[:10], weeks=3 * sign * (2 if unit == "fortnight" else 1))
    else:
        shifted = None
    return (shifted or base)[:4]


def _h_of_that_year(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    month = _month_of(s)
    rel = _h_unit_rel(low.split(" of ", 1)[1], low.split(" of ", 1)[1], ctx, start, end)
    y = _parse_value(rel.value)[0] if rel else None
    day = _day_of(_MON_RE.sub(" ", s.split(" of ")[0]))
    return _Norm("DATE", _fmt(y, month, day), updates_ref=y is not None)


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

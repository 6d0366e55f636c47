"""Time stage, anchoring: the reference time in scope (the DCT, the narrative's last date) and
the year of a date written without one, as a careful reader would (issue 3, issue 10).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from fontes.time.grammar import _DAYN, _MON, _MONX, _month_of


@dataclass(slots=True)
class _Context:
    """What normalisation needs: the DCT, the narrative's reference time, the mode."""

    dct: date | None
    narrative: bool
    ref: str | None = None
    deictic_dct: bool = True  # the DCT is the writer's "today" (False for a download timestamp)  # value of the last date the text established (YYYY, YYYY-MM or YYYY-MM-DD)
    text: str = ""
    quarter: str | None = None  # the last quarter the text named ("1989-Q3"): earnings news compares quarters
    # the narrative's year where no date has set the reference yet: offset → "YYYY" (the next year
    # of the paragraph, a dated heading...), before the DCT is used (issue 10)
    fallback: Callable[[int], str | None] | None = None
    at: int = 0  # offset of the expression being normalised
    # the last day the narrative set by a date, not by a bare weekday: "On Saturday ... On Sunday"
    # after "the 11th" are both days of the week before the 11th, not a chain back week by week
    week_ref: str | None = None
    # "today", "nowadays", "at present" name the writer's present, not the story's day: true for a
    # history or an article, false for a letter or a diary, whose "today" is the day it is dated
    writer_present: bool = False
    # the year the writer wrote in, where no DCT says it: a site's "Posted on ... 2023" or "© 2023",
    # for "112 years ago" in an article (never the narrative's time)
    present: str | None = None
    story_dct: bool = False  # the DCT is the story's day, read off a modern page's title, not its writing
    # the narrative writes Julian days: a weekday is counted on the Julian calendar ("Lord's day" in a
    # diary of 2 September 1666 O.S. is that day, not the Gregorian Sunday of the same label)
    julian_weekdays: bool = False
    # a day range of one month ("9-10 May") is one span valued first/last, as the chronology's gold
    # writes it; TIMEX tagging (``tag``) keeps the TimeML habit of valuing its first day
    day_ranges: bool = False
    # the day of the dated entry in force (a diary's day heading, a letter's or a dispatch's date line)
    # and where it was written: the entry's "today", "this morning", "yesterday" count from it
    entry_day: str | None = None
    entry_at: int = -1
    # the last day the narrative named by a deictic word ("yesterday", "to-morrow") since its last
    # date: "Yesterday they attacked. The same day ..." is that day, not the dispatch's (issue 10)
    last_day: str | None = None


def anaphoric_day(ctx: _Context) -> str | None:
    """The day an anaphoric "the same day" or "that day" counts from: the last day the
    narrative named, a deictic one included, else the narrative's reference."""
    return ctx.last_day or _anchor_date(ctx, deictic=False)


def _narrative_ref(ctx: _Context) -> str | None:
    """The reference a narrative expression is read on: the story's last date, else its year in scope."""
    if ctx.ref is None and ctx.fallback is not None:
        return ctx.fallback(ctx.at)
    return ctx.ref

def _fmt(y: int | None, m: int | None = None, d: int | None = None) -> str:
    ys = "XXXX" if y is None else (f"{y:04d}" if y >= 0 else f"BC{1 - y:04d}")
    if m is None:
        return ys
    return f"{ys}-{m:02d}" if d is None else f"{ys}-{m:02d}-{d:02d}"


def _parse_value(value: str | None) -> tuple[int | None, int | None, int | None]:
    if not value:
        return None, None, None
    m = re.match(r"^(BC)?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None, None, None
    year = 1 - int(m[2]) if m[1] else int(m[2])  # BC0480 is astronomical year -479
    return year, int(m[3]) if m[3] else None, int(m[4]) if m[4] else None


def _to_date(value: str | None) -> date | None:
    y, m, d = _parse_value(value)
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _shift(value: str, *, days: int = 0, weeks: int = 0, months: int = 0, years: int = 0) -> str | None:
    y, m, d = _parse_value(value)
    if y is None:
        return None
    if days or weeks:
        base = _to_date(value)
        if base is None:
            return None
        try:
            return (base + timedelta(days=days, weeks=weeks)).isoformat()
        except OverflowError:
            return None
    if months:
        if m is None:
            return None
        total = y * 12 + (m - 1) + months
        return _fmt(total // 12, total % 12 + 1, None)
    return _fmt(y + years, m, d) if years else value


def _week_of(value: str) -> str | None:
    day = _to_date(value)
    if day is None:
        return None
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


_PAST = re.compile(
    r"\b(?:was|were|had|did|said|ago|last|been|began|came|went|took|gave|met|told|fell|rose|won|lost|left|made|"
    r"saw|sent|held|led|brought|broke|fought|got|grew|knew|paid|ran|sold|spoke|stood|wrote|became|"
    r"found|thought|bought|built|caught|chose|drove|flew|forgot|hid|kept|laid|meant|rode|"
    r"sank|shot|slew|struck|swore|threw|understood|woke|wore|(?<!\bto\s)\w{3,}ed)\b")


_FUTURE = re.compile(r"\b(?:will|shall|'ll|going to|expects?|expected|plans?|planned|planning|scheduled|due to|set to|"
                     r"intends?|upcoming|coming|to be held|to meet|to begin|to start|to resume|to open|to close|"
                     # a plan told in the present: "are preparing to leave on Friday", "is about to sail"
                     r"(?:arranging|preparing|making\sready|about|ready|hoping|hopes?|intending)\sto|"
                     r"to\s(?:depart|leave|sail|set\sout|arrive|return))\b")


# a deadline before an expression points forward: "until 9 a.m. Tuesday", "as soon as Tuesday", "by May"
_FORWARD = re.compile(r"\b(?:by|until|till|through|as soon as|as early as|no later than)\s(?:[\w.:]+\s){0,3}$")
_CUES = re.compile(f"(?P<future>{_FUTURE.pattern})|(?P<past>{_PAST.pattern})")
_CLAUSE_END = re.compile(r"[.!?;]\s")


def _tense(text: str, start: int, end: int) -> str | None:
    """'past', 'future' or None from the verb cue nearest to an expression in its sentence."""
    left = text[max(0, start - 100):start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(left)), default=0)
    left = left[cut:].lower()
    right = _CLAUSE_END.split(text[end:end + 60], 1)[0].lower()
    best: tuple[int, str] | None = None
    for m in _CUES.finditer(left):
        best = (len(left) - m.end(), m.lastgroup or "past")  # the last cue on the left is the nearest
    for m in _CUES.finditer(right):
        dist = m.start() + 5  # the verb usually comes before its time adverbial
        if best is None or dist < best[0]:
            best = (dist, m.lastgroup or "past")
        break
    return best[1] if best else None


# how far a dated entry's day reaches: a diary's day or a letter runs some pages at most; a "today"
# further on is not the entry's
_ENTRY_REACH = 4000
# a date line: the date alone on its line, or after a place ("St. Andrews, May 3, 1862.",
# "CONSTANTINOPLE, Oct. 8.—"), or opening a diary's paragraph ("May 1st. This morning ...")
_ENTRY_PLACE = re.compile(r"[ \t]*(?:[A-Z][\w'’.-]*(?:[ \t]+(?:of[ \t]+|on[ \t]+)?[A-Z][\w'’.-]*){0,3}[,.][ \t]+)?")
_ENTRY_AFTER_PLACE = re.compile(r"[ \t]*[.,:]?[ \t]*(?:[—–]|--?)?[ \t]*(?:\n|$)")
_ENTRY_AFTER_DASH = re.compile(r"\.?[ \t]*[—–]")  # "CONSTANTINOPLE, Oct. 8.—The envoy ...", after a place only
_ENTRY_AFTER_DAY = re.compile(r"\.[ \t]+(?=[A-Z])")


def opens_entry(text: str, start: int, end: int) -> str | None:
    """How the date at text[start:end] heads a dated entry: "place" for a letter's or a dispatch's date
    line after its place ("Andrews, May 3, 1862."), "line" for a date alone on its line,
    "running" for a diary's day that opens its paragraph, None for a date the entry mentions.
    The words "today" and "yesterday" of such an entry are written on that day, whatever the page
    around it (issue 10)."""
    line_start = text.rfind("\n", 0, start) + 1
    place = _ENTRY_PLACE.fullmatch(text, line_start, start)
    if place is None:
        return None
    placed = bool(text[line_start:start].strip())
    if _ENTRY_AFTER_PLACE.match(text, end):
        return "place" if placed else "line"
    if placed and _ENTRY_AFTER_DASH.match(text, end):
        return "place"  # a chronology's "March 13, 1881 – ..." item names no place: no entry
    # a diary's day opens its paragraph and the entry runs on after it ("2nd. In the morning ...")
    return "running" if not text[line_start:start].strip() and _ENTRY_AFTER_DAY.match(text, end) else None


def entry_day(ctx: _Context) -> str | None:
    """The day of the dated entry the expression is written in, when one is in force and near."""
    if ctx.entry_day is None or ctx.at - ctx.entry_at > _ENTRY_REACH:
        return None
    return ctx.entry_day


def _anchor_date(ctx: _Context, deictic: bool) -> str | None:
    """The reference value: the DCT for deictic expressions (when there is one), else the narrative's.
    Inside a dated entry the entry's day is the writer's today, before any page or capture date."""
    if deictic and (entry := entry_day(ctx)) is not None:
        return entry
    if deictic and ctx.dct is not None and ctx.deictic_dct:
        return ctx.dct.isoformat()
    return _narrative_ref(ctx) or (ctx.dct.isoformat() if ctx.dct else None)


# "in August and September 1914", "(26 June - 4 August 1952)", "between March and April 1918": the
# year written after the second date is the first one's too
# (and in the other languages of the lexicon: "с 25 октября по 7 ноября 1917 г.", "du 3 au 5 mars 1905",
# "vom 25. Oktober bis 7. November 1917")
_COORDINATED_YEAR = re.compile(
    rf"\s?(?:and|or|to|until|till|through|по|до|и|et|au|und|bis|[-–/])\s?(?:(?:the\s)?{_DAYN}\.?(?:\sof)?\s)?{_MONX}"
    rf"(?:\s{_DAYN})?,?\s(\d{{4}})(?!\d)")


# the words by which a letter acknowledges one received ("yours of the 5th", "your favour of", "I received")
_ACKNOWLEDGED = re.compile(r"(?i)\b(?:yours|your\s(?:letter|favou?r|last|kind\sletter)|(?:I|we)\s(?:have\s)?received|"
                           r"favou?r['’]?d\swith|in\sreceipt\sof|acknowledge)\b[^;!?]{0,100}?\bof\s(?:the\s)?$")


# a date that opens an item of a numbered or bulleted list ("  3. 16th of December", "• March 2 –")
_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:\d{1,3}[.)]|[•*·▪◦‣–-])[ \t]*(?:(?:[Oo]n|[Ii]n)\s)?(?:the\s)?$")


def _resolve_month_day(month: int, day: int | None, ctx: _Context, start: int, end: int,
                       direction: str | None = None) -> str:
    """The year of a date written without one, from the narrative reference or the DCT and tense."""
    coordinated = _COORDINATED_YEAR.match(ctx.text, end, end + 50)
    if coordinated and direction is None:
        year = int(coordinated.group(1))
        later = _month_of(coordinated.group(0))
        return _fmt(year - 1 if later is not None and later < month else year, month, day)
    if ctx.narrative or ctx.dct is None:
        anchor = _narrative_ref(ctx) or (ctx.dct.isoformat() if ctx.dct else None)
    else:
        anchor = ctx.dct.isoformat()
    span = _straddle(anchor)
    if span is not None and direction is None:
        # a day of a year that straddles two calendar years takes the one in which it falls
        (y1, m1, d1), _ = span
        return _fmt(y1 if (month, day or 1) >= (m1, d1) else y1 + 1, month, day)
    ay, am, ad = _parse_value(anchor)
    if ay is None:
        return _fmt(None, month, day)
    if am is None and anchor:  # "in the autumn of 1855 ... on 13 February": the season's middle month
        am = _SEASON_MONTH.get(anchor[5:7])
    narrative = ctx.narrative and ctx.ref is not None
    tense = direction or (None if narrative else _tense(ctx.text, start, end))
    year = ay
    if am is not None and not (day is None and month == am):
        here, there = month * 31 + (day or 15), am * 31 + (ad or 15)
        if direction == "past" or (narrative and tense == "past"):
            year = ay - 1 if here > there else ay
        elif direction == "future" or (narrative and tense == "future"):
            year = ay + 1 if here < there else ay
        elif narrative and _ACKNOWLEDGED.search(ctx.text, max(0, start - 120), start):
            # a letter acknowledges letters received, so already written: "I am favoured with yours
            # ... of the 29th of December" in a letter of October is the December before
            year = ay - 1 if here > there else ay
        elif narrative and _LIST_ITEM.search(ctx.text, max(0, start - 12), start):
            # a chronology's items run forward: "3. 16th of December" after "2. 11th of April" is that December
            year = ay + 1 if here < there else ay
        elif narrative:
            # a narrative moves forward: "In December 1941 ... In January" is January 1942
            # and a later month of the same year stays in it ("Febr. 3, 1854 ... Sept. 8"), unless
            # the clause looks back ("in December they had ...")
            if here - there <= -170:
                year = ay + 1
            elif here - there > 200 and _PAST_PERFECT.search(_clause_before(ctx.text, start)):
                year = ay - 1
            elif _after_writing(ctx, year, month, day, start, end):
                # a letter dated 10 January that writes "Nov. 28th" means the December just past: no
                # past day of a letter lies half a year after the day it is written
                year -= 1
        elif not narrative:
            # news: the nearest occurrence, unless the tense clearly points the other way
            gap = here - there  # in ~days, within one year
            if tense is None and _FORWARD.search(ctx.text[max(0, start - 30):start].lower()):
                tense = "future"  # "to remain until March 6", "to conclude by May"
            if tense == "past":  # "In January, the company brought in ...": never a later month
                year = ay - 1 if gap > 45 else ay
            elif tense == "future":  # "will double its flights by August": never an earlier one
                year = ay + 1 if gap < -45 else ay
            elif gap > 45:
                year = ay - 1
            elif gap < -186:
                year = ay + 1
    return _fmt(year, month, day)


def _after_writing(ctx: _Context, year: int, month: int, day: int | None, start: int, end: int) -> bool:
    """Whether a day read in a letter's or a diary's narrative lies more than half a year after the
    day the text is dated (its DCT, the writer's today), and is not told as to come."""
    if ctx.dct is None or not ctx.deictic_dct or ctx.writer_present or ctx.story_dct:
        return False
    try:
        when = date(year, month, min(day or 15, 28))
    except ValueError:
        return False
    return (when - ctx.dct).days > 186 and _tense(ctx.text, start, end) != "future"


def _parse_dct(dct: str | date | None) -> date | None:
    if dct is None:
        return None
    if isinstance(dct, date):
        return dct
    m = re.match(r"^\s*(\d{4})-?(\d{2})-?(\d{2})", str(dct))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


_PAST_PERFECT = re.compile(r"\bhad\s(?:not\s|already\s|just\s|\w+ly\s)?(?:been|[a-z]+(?:ed|en|wn|ne|ught|ade|eld|ent|eft|ost|uck|un|ome|ept|ot|ld|ad|id))\b")


_BACKWARD = re.compile(r"(?i)\b(?:previous|preceding|before|earlier|ago|prior)\b")


def _clause_before(text: str, start: int) -> str:
    """The text of the clause before an expression (up to 80 characters, from the last sentence break)."""
    left = text[max(0, start - 80):start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(left)), default=0)
    return left[cut:].lower()


def _before_ref(value: str, ref: str) -> bool:
    """Whether a value lies before the reference time (compared at the coarser of the two)."""
    vy, vm, vd = _parse_value(value)
    ry, rm, rd = _parse_value(ref)
    if vy is None or ry is None:
        return False
    if vy != ry or vm is None or rm is None:
        return vy < ry
    if vm != rm or vd is None or rd is None:
        return vm < rm
    return vd < rd


def _aside(ctx: _Context, value: str, start: int, end: int) -> bool:
    """Whether a bare year is a side remark that should not move the narrative's time.

    "On 10 March 1975 ... for a campaign planned in 1976" (a plan) or "(1976)" (a citation)
    leaves the story in March 1975.
    """
    if ctx.narrative and ctx.ref is not None and _ACKNOWLEDGED.search(ctx.text, max(0, start - 120), start):
        return True  # "yours of the 29th of December": the date of a letter received, not the story's time
    if ctx.narrative and ctx.ref is not None and _before_ref(value, ctx.ref):
        if _PAST_PERFECT.search(_clause_before(ctx.text, start)):
            return True  # "forces that had invaded Burma in late 1943" looks back from the story's time
        if _BACKWARD.search(ctx.text, start, end):
            return True  # "gains achieved during the previous year": the story stays where it was
        if _NAMING_BEFORE.search(ctx.text, max(0, start - 6), start) and _NAMING_AFTER.match(ctx.text, end):
            return True  # "a veteran of the March 1830 rising": a date that names a past happening
        if ctx.text[max(0, start - 1):start] == "(" and ctx.text[end:end + 1] == ")":
            return True  # "the Civil Code (1804)": the date of a thing the story mentions, a look back
    if ctx.narrative and ctx.ref is not None and len(value) < min(10, len(ctx.ref)) \
            and (_UNTIL_BEFORE.search(ctx.text, max(0, start - 12), start)
                 or _UNTIL_EVENT.search(ctx.text, max(0, start - 70), start)) and _before_ref(ctx.ref, value):
        # "the campaign, to Jan. 1905": a month or year that ends a stretch, coarser than the story's
        # day, is where the stretch ends; the story stays in May 1904 (a day, "until 17 February",
        # may be followed by "the next day", and moves it)
        return True
    if ctx.narrative and ctx.ref is not None and _afterlife(ctx, value, start):
        return True
    if not re.fullmatch(r"\d{4}", value) or ctx.ref is None or len(ctx.ref) == 4:
        return False
    text = ctx.text
    if text[max(0, start - 1):start] == "(" and text[end:end + 1] == ")":
        return True
    if ctx.narrative and int(value) < (_parse_value(ctx.ref)[0] or 0) - 20:
        return True  # "the Estates-General of 1614" in a story of 1788: a look far back, not a move
    return _tense(text, start, end) == "future"


# a date between a determiner and the noun it qualifies names a happening: "the 1905 revolution",
# "their May 1968 strike"
_NAMING_BEFORE = re.compile(r"(?i)\b(?:the|his|her|its|their|our|this|that)\s$")
_NAMING_AFTER = re.compile(r"\s(?!(?:and|or|to|in|on|at|of|by|for|from|with|was|were|is|had|has|when|as|until|the|a|an|"
                           r"he|she|it|they|we)\b)[a-z][a-z-]+(?:\s[a-z]+)?\b")


# what later times do with a story's traces: find, publish, declassify, commemorate them
_AFTERLIFE = re.compile(r"\b(?:found|discovered|rediscovered|unearthed|excavated|exhumed|declassified|published|"
                        r"republished|reprinted|released|revealed|recovered|identified|restored|reconstructed|rebuilt|"
                        r"renamed|commemorated|celebrated|unveiled|erected|rehabilitated|canoni[sz]ed|apologi[sz]ed|"
                        r"digiti[sz]ed|reburied|publication|declassification|discovery|excavation|anniversary)\b")
_AFTERLIFE_GAP = 30  # years: further on than a story's own sequel usually runs


def _afterlife(ctx: _Context, value: str, start: int) -> bool:
    """Whether a date far after the story's time dates what a later age did with its traces
    ("letters discovered in 1961 show that ...", "a file declassified in 1998 revealed ...", "a
    statue unveiled in 1912"): an aside the story returns from, so it does not move the narrative's
    time (its next "on 4 August" is still the story's year)."""
    year, ref_year = _parse_value(value)[0], _parse_value(ctx.ref)[0]
    if year is None or ref_year is None or year - ref_year <= _AFTERLIFE_GAP:
        return False
    line_start = ctx.text.rfind("\n", 0, start) + 1
    sentence = _SENTENCE_START.split(ctx.text[max(line_start, start - 150):start])[-1]
    after = _CLAUSE_END.split(ctx.text[start:start + 80], 1)[0]
    return bool(_AFTERLIFE.search(sentence.lower()) or _AFTERLIFE.search(after.lower()))


_SENTENCE_START = re.compile(r"[.!?]\s+(?=[A-Z\"“])")


# the middle month of a season, to place a later day of the narrative in its year ("осенью 1855 г. ...
# 13 февраля" is February 1856); winter straddles two years and places nothing
_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10}


_HEADING_MARKUP = re.compile(r"[\s#*•=_:.,()\[\]|–—-]*")


_MONTH_YEAR = re.compile(rf"{_MON}\.?,?\s?\d{{4}}", re.IGNORECASE)
# a date right after one of these ends a stretch of time ("to Jan. 1905", "until 1905")
_UNTIL_BEFORE = re.compile(r"(?i)\b(?:to|until|till|up\sto)\s$")
# or ends it at a happening dated after it: "a blockade that lasted until the surrender of the port in
# February 1712"
_UNTIL_EVENT = re.compile(r"(?i)\b(?:until|till)\s(?:the\s)?[^.;:!?\n]{3,50}?\s(?:in|of)\s$")


def heading_year(text: str, start: int, end: int) -> bool:
    """Whether the year (or month and year) at text[start:end] stands alone on its line: a
    chronology's or a diary's heading ("1904", "== 1905 ==", "1703:", "MAY 1904"), which sets the
    year of the entries under it."""
    if not re.fullmatch(r"\d{4}", text[start:end]) and not _MONTH_YEAR.fullmatch(text[start:end]):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return bool(_HEADING_MARKUP.fullmatch(text, line_start, start) and _HEADING_MARKUP.fullmatch(text, end, line_end))


_DAY_RANGE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})$")


def _straddle(value: str | None) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """First and last day of a value that is one year running across two calendar years (a year
    from the creation of the world, a fiscal or regnal year: "1699-09-01/1700-08-31"), else None."""
    m = _DAY_RANGE.match(value or "")
    if not m:
        return None
    first, last = (int(m[1]), int(m[2]), int(m[3])), (int(m[4]), int(m[5]), int(m[6]))
    if last[0] != first[0] + 1 or (last[1], last[2]) >= (first[1], first[2]):
        return None  # not within one year's length across a new year
    return first, last


_THE_YEAR = re.compile(r"(?i)the\s(?:calendar\s|civil\s)?year\s\d{4}\b")


def _update_ref(ctx: _Context, value: str) -> None:
    y, m, d = _parse_value(value)
    if y is None:
        return
    if _straddle(value) is not None:
        ctx.ref = value  # a year that straddles two ("the year 7208", 1 Sep 1699 - 31 Aug 1700): read by _resolve_month_day
        return
    new = _fmt(y, m, d)
    if m is None and re.fullmatch(r"\d{4}-(?:SP|SU|FA)", value):
        new = value  # a season is finer than its year: "1855-FA" (read by _resolve_month_day)
    ry, rm, _ = _parse_value(ctx.ref)
    # "in 1917" after "April 1917" keeps the finer reference; "the year 1704 began on..." names the
    # whole year again, and its days are counted from its start
    whole_year = bool(_THE_YEAR.match(ctx.text, ctx.at))
    if m is None and ry == y and rm is not None and _straddle(ctx.ref) is None and not whole_year:
        return  # "in 1917" after "April 1917" keeps the finer reference
    ctx.ref = new

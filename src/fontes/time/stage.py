"""Time stage, the pipeline step: the document's date, its timexes, its calendar and both values."""

from __future__ import annotations

import bisect
import re

from fontes.model import Document, DualDate, Timex
from fontes.settings import DEFAULTS, Settings
from fontes.time import anchors, calendars, lexicon
from fontes.time.anchoring import _Context, _parse_dct, heading_year
from fontes.time.grammar import _ANYDATE, _DMY, _MDY, _MONX_RE, _year_of
from fontes.time.normalise import _iter_timexes, tag
from fontes.time.ranges import merge_ranges
from fontes.time.switchover import mark_switchovers

# --- the pipeline stage -----------------------------------------------------------------------

_HEADER_DATE = re.compile(r"(?im)^\s*(?:written|sent|dated?|delivered|signed|composed|published|first published)\s*[:\-]\s*(?:in\s)?(.{4,60})$")


def _find_dct_text(doc: Document) -> str | None:
    """The as-written date of the document itself: the citation's, else a "Written:/Sent:/Dated:" line."""
    if doc.citation and doc.citation.date and doc.citation.date.as_written:
        return doc.citation.date.as_written
    head = doc.text[:3000]
    for m in _HEADER_DATE.finditer(head):
        date_m = re.search(_ANYDATE, m.group(1))
        if date_m and _year_of(date_m.group(0)):
            return date_m.group(0)
    # a date in the title block (first lines) stands for the document's date, not a capture stamp
    for line in head.splitlines()[:12]:
        if _CAPTURE.search(line) or lexicon.teaser_pattern().search(line) or _LOOKS_BACK.search(line):
            continue  # "Exactly 240 Years Ago, On April 19, 1783 ...": the story's day, not the writing's
        date_m = re.search(rf"{_DMY}|{_MDY}", line)
        if date_m and _year_of(date_m.group(0)) and _MONX_RE.search(date_m.group(0)):
            return date_m.group(0)
    # a treaty, decree or charter dates itself at its foot: "Done at Paris, the thirtieth day of the
    # month of March, in the year one thousand eight hundred and fifty-six"; its "this day" is that day
    for m in reversed(list(_CLOSING_DATE.finditer(doc.text))):
        dated = [t for t in tag(m.group(1)) if t.type == "DATE" and re.match(r"^\d{4}-\d{2}-\d{2}$", t.value)]
        if dated:
            return m.group(1)[dated[0].start:dated[0].end]
    return None


def _from_title(doc: Document, dct_text: str | None) -> bool:
    """Whether the document's date was read off its title block, not a citation or a labelled line."""
    if not dct_text or (doc.citation and doc.citation.date and doc.citation.date.as_written):
        return False
    return not any(dct_text in m.group(1) for m in _HEADER_DATE.finditer(doc.text[:3000]))


_LOOKS_BACK = re.compile(r"(?i)\b(?:ago|anniversary|years?\s(?:since|after|before|later|earlier))\b")
_CLOSING_DATE = re.compile(r"(?im)^[ \t]*(?:done|given|dated|signed)(?:\sand\s\w+)?\s(?:at|in)\s(.{6,220})$")


def find_timexes(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Add a Timex for every date, time, duration or set in doc.text, in both calendars.

    Reads doc.text, doc.zones, doc.citation (and doc.place, doc.genre when set); writes
    doc.timexes, doc.calendar, doc.calendar_reason, doc.calendar_confidence, doc.dct and
    doc.citation.date.gregorian/julian.
    """
    text = doc.text or ""
    dct_text = _find_dct_text(doc)
    dct_value, clocks = None, []
    if dct_text:
        found = tag(dct_text)
        clocks = [t.value for t in found if t.type == "TIME"]
        # the most precise date in the string: a day, else a month or a year ("November, 2000")
        dated = [t.value for t in found if t.type == "DATE" and re.match(r"^\d{4}(?:-\d{2}){0,2}$", t.value)]
        # a stamp with its clock ("1999/03/08 17:22:05") is a day too
        dated += [t.value[:10] for t in found if t.type == "TIME" and _CLOCKED.match(t.value)]
        dct_value = max(dated, key=len, default=None)
    teasers = _teaser_lines(text)
    years = _narrative_years(doc, teasers)
    if dct_value:  # a story is not told before it happens: no year after the document's own
        years = [y for y in years if y[1] <= int(dct_value[:4])]
    first_year = next((y for _, y, body in years if body), None)
    # a page whose body writes no year: its title's year is the story's ("... in the Gazette in 1799"
    # under a magazine issue of 2003), unless the title only repeats the page's own year
    story_year = next((y for _, y, _ in years if not dct_value or abs(int(dct_value[:4]) - y) > 1),
                      int(dct_value[:4]) if dct_value else 0)
    dct_is_story = bool(dct_value) and (doc.genre == "primary" or abs(int(dct_value[:4]) - (first_year or story_year)) <= 1)
    if dct_value and not dct_is_story:  # the page's own date line then sets no year of the story either
        years = [y for y in years if y[2] or abs(y[1] - int(dct_value[:4])) > 1] or years
    fallback = _year_in_scope(text, years)

    def context(julian_weekdays: bool = False) -> _Context:
        # a DCT of a year only ("© 2026") names no day: "today" is then the writer's present, not 1 January
        ctx = _Context(dct=_parse_dct(dct_value), narrative=True, text=text, fallback=fallback,
                       deictic_dct=bool(dct_value and len(dct_value) >= 10), writer_present=doc.genre != "primary",
                       julian_weekdays=julian_weekdays, day_ranges=True)
        if doc.genre != "primary":
            # "112 years ago" counts from the writer's day: a page's own date line, where the DCT is only
            # the story's day written in its title ("The death of X, 18th September 1911")
            ctx.present = _site_year(text)
            ctx.story_dct = bool(dct_value and _from_title(doc, dct_text))
        # the document's own date is the narrative's start only where the text is of its time (a
        # letter, a dispatch, a news story); a reference work's or a site's date is not (issue 10)
        if dct_is_story:
            ctx.ref = dct_value
        return ctx

    def frozen(offset: int) -> bool:  # header, chrome and teaser dates do not move the narrative's time
        return doc.zone_at(offset) != "body" or _inside(teasers, offset)

    def found(ctx: _Context) -> list[Timex]:
        out = merge_ranges(text, sorted(_iter_timexes(text, ctx, skip_ref=frozen), key=lambda t: (t.start, t.end)))
        for t in out:
            t.zone = doc.zone_at(t.start)
        return out

    timexes = found(context())
    guess = None
    if dct_value is None and not years:
        # a text that writes no year (a cable, a teaser): the year of a known happening it names and
        # dates by month and day, else its dates stay XXXX
        guess = anchors.year_from_happenings(text, [t for t in timexes if t.zone == "body"])
        if guess is None:
            guess = _name_year(doc)
        if guess is not None:
            fallback = lambda _offset, year=f"{guess[0]:04d}": year  # noqa: E731
            timexes = found(context())
    # a day written without its year on a known happening's day takes its year and calendar (issue 10)
    by_happening = anchors.happening_years(text, [t for t in timexes if t.zone == "body"])
    decision = calendars.decide_calendar(doc, timexes, dct_value, settings, as_written=dct_text)
    if decision.calendar == "julian" and any(_BARE_WEEKDAY.search(t.text) for t in timexes):
        # a text that writes Julian days counts its weekdays on the Julian calendar: read it again so
        # ("Lord's day", "on Tuesday" in an Old Style diary); the calendar evidence is the same
        timexes = found(context(julian_weekdays=True))
        by_happening = anchors.happening_years(text, [t for t in timexes if t.zone == "body"])
    decision = calendars.passage_calendars(doc, timexes, decision)
    for t, calendar, reason in by_happening:
        decision.expressions = {**(decision.expressions or {}), t.start: (calendar, reason, 0.9)}
    doc.calendar, doc.calendar_reason, doc.calendar_confidence = decision.calendar, decision.reason, decision.confidence
    if guess is not None:
        doc.calendar_reason = f"{doc.calendar_reason}; the text writes no year: {guess[0]} because {guess[1]}"
    if doc.place is None and decision.country is not None:
        doc.place = decision.country.name
    for t in timexes:
        calendars.assign_calendars(t, decision, text)
    same_day_calendars(timexes, decision)
    inherit_calendars(timexes, decision)
    mark_switchovers(text, timexes)
    # a day that does not exist in the calendar it is written in is no date (issue 11)
    doc.timexes = edition_dates(doc, [t for t in timexes if _real(t)])
    if dct_value:
        dual = calendars.dual_value(dct_value, decision)  # a month gives a day range in the other calendar
        doc.dct = DualDate(gregorian=dual[0], julian=dual[1], as_written=dct_text)
        # a date line in the head is the narrative's anchor; it dates the document itself (its
        # citation) only when a label says so ("Written:", "Dated:"), or the citation had it
        if doc.citation.date is None and any(dct_text in m.group(1) for m in _HEADER_DATE.finditer(text[:3000])):
            doc.citation.date = DualDate(gregorian=None, as_written=dct_text)
        if doc.citation.date is not None:
            doc.citation.date.gregorian, doc.citation.date.julian = _with_clock(doc.citation.date, dual, clocks)
    return doc


_CLOCKED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _with_clock(date: DualDate, dual: tuple[str | None, str | None],
                clocks: list[str]) -> tuple[str | None, str | None]:
    """The citation's (gregorian, julian) pair: the day in both calendars, and its clock time when the
    date as written gives one (``clocks``: the values of the TIMEs found in it; "Mon 12 Mar 2018 09:15"
    is 2018-03-12T09:15) on a Gregorian day."""
    gregorian, julian = dual
    if not gregorian or len(gregorian) != 10 or julian not in (None, gregorian):
        return dual
    if date.gregorian and date.gregorian.startswith(gregorian + "T"):
        return date.gregorian, julian
    same_day = [value for value in clocks if value.startswith(gregorian + "T")]
    if same_day and _CLOCKED.match(same_day[0]):
        return same_day[0], julian
    return dual


# a year in a file's or a page's title: four digits standing apart ("memoirs-ch12-1876.txt")
_NAME_YEAR = re.compile(r"(?<![\d.])(1[0-9]{3}|20[0-9]{2})(?![\d])")


def _name_year(doc: Document) -> tuple[int, str] | None:
    """(year, reason) for a text that writes no year and names no known happening: the one year its
    title or its file name carries (a chapter saved as "escape-chapter-1876.txt", a cable titled
    "Dispatches of 1877"), else None. Two different years in the name say nothing."""
    title = doc.citation.title if doc.citation and doc.citation.title else ""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", (doc.path or "").replace("\\", "/").rsplit("/", 1)[-1])
    for where, name in (("its title", title), ("its file name", stem)):
        found = {int(y) for y in _NAME_YEAR.findall(name or "")}
        if len(found) == 1:
            year = found.pop()
            return year, f"{where} carries the year {year}"
    return None


_EXPLICIT = re.compile(r"\d")
# a weekday written without its date: its day is counted from the narrative's
_BARE_WEEKDAY = re.compile(r"(?i)^(?!.*\d).*\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lord['’]?s[\s-]day)\b")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _written_in(timex: Timex) -> str | None:
    """The calendar a dated expression's value is written in: its own (a mark, a known happening),
    or for a double date the calendar of the half written first (its value)."""
    if timex.calendar == "mixed":
        return "julian" if timex.julian and timex.value == timex.julian else "gregorian"
    return timex.calendar if timex.calendar in ("julian", "gregorian", "swedish") else None


def _relabel(t: Timex, written: str, reason: str, confidence: float, decision: calendars.Decision) -> None:
    """Read an expression again in the calendar ``written``, with its reason."""
    local = calendars.Decision(written, reason, confidence, decision.country, year_start=False, explicit=True)
    calendars.assign_calendars(t, local, "")
    if written == "julian" and t.julian is None and _DAY_VALUE.match(t.value or ""):
        # past the place's switch (the day after its last Julian day) the day still counts Julian:
        # "17 February (Julian) 1753 ... the next day" is 1 March 1753 N.S. in Sweden
        t.gregorian, t.julian = calendars.convert_value(t.value, "gregorian", mod=t.mod), t.value
        t.calendar, t.calendar_reason = "julian", reason


def same_day_calendars(timexes: list[Timex], decision: calendars.Decision) -> None:
    """One day written the same way twice in a document is one day: where one of its writings says
    its calendar (a mark, a double date, a known happening: confidence 0.9 and over), the others
    follow it ("17 October" as an on-this-day heading above "On October 17, 1905, the manifesto...")."""
    evidence: dict[str, tuple[str, Timex]] = {}
    for t in timexes:
        if t.confidence < 0.9 or t.type not in ("DATE", "TIME"):
            continue
        if t.calendar == "mixed" and t.julian and t.gregorian:
            for written, value in (("julian", t.julian), ("gregorian", t.gregorian)):
                if _DAY_VALUE.match(value):
                    evidence.setdefault(value[:10], (written, t))
            continue
        written = _written_in(t)
        if written is not None and _DAY_VALUE.match(t.value or ""):
            evidence.setdefault(t.value[:10], (written, t))
    if not evidence:
        return
    for t in timexes:
        if t.confidence >= 0.9 or t.type not in ("DATE", "TIME") or not _DAY_VALUE.match(t.value or ""):
            continue
        found = evidence.get(t.value[:10])
        if found is None or found[0] == t.calendar or t.calendar in ("mixed", "swedish"):
            continue
        written, source = found
        _relabel(t, written, f"the same day as {source.text!r}, written in the {written} calendar",
                 min(source.confidence, 0.85), decision)


def inherit_calendars(timexes: list[Timex], decision: calendars.Decision) -> None:
    """A relative day ("the next day", "that evening", "the same day") is counted from the date the
    narrative last wrote, so it is written in that date's calendar: after "17 February (Julian)"
    "the next day" is a Julian day, whatever the passage's calendar (issue 10: the calendar of one
    expression). Only where the date that anchors it carries its own evidence (a mark, a double
    date, a known happening: confidence 0.9 and over) and the two calendars differ."""
    last: Timex | None = None
    for t in timexes:
        if t.type not in ("DATE", "TIME") or not _DAY_VALUE.match(t.value or ""):
            continue
        if _EXPLICIT.search(t.text):
            last = t
            continue
        if last is None or last.confidence < 0.9 or last.calendar == t.calendar:
            continue
        written = _written_in(last)
        if written is None or written == t.calendar or t.calendar == "mixed":
            continue
        _relabel(t, written, f"counted from {last.text!r}, written in the {written} calendar",
                 min(last.confidence, 0.85), decision)


_ISO_WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def edition_dates(doc: Document, timexes: list[Timex]) -> list[Timex]:
    """A scholarly edition's own dating wins: a TEI ``<date when="...">`` (proleptic Gregorian, as TEI
    defines @when) sets the value of the expression it marks, or adds one the grammar did not find."""
    marks = [m for m in doc.marks if m.kind == "date" and m.value and _ISO_WHEN.match(m.value.strip())]
    for mark in marks:
        when = mark.value.strip()
        hit = [t for t in timexes if t.start < mark.end and mark.start < t.end]
        if not hit:
            hit = [Timex(mark.start, mark.end, doc.text[mark.start:mark.end], "DATE", when, zone=doc.zone_at(mark.start))]
            timexes.append(hit[0])
        for t in hit:
            julian = calendars.convert_value(when, "julian") if t.julian or t.calendar == "julian" else None
            t.gregorian, t.julian = when, julian
            t.value = julian if t.calendar == "julian" and julian else when
            t.calendar_reason, t.confidence = "the edition's <date when>", 1.0
    return sorted(timexes, key=lambda t: (t.start, t.end))


_YEAR_WORD = re.compile(r"(?<![\d$£€.,/#-])(1[0-9]{3}|20[0-9]{2})(?![\d%]|,\d|\.\d)")


_CITED_BEFORE = re.compile(r"\([A-Z][\w.’'&, -]{1,50}\s$")
_CITED_AFTER = re.compile(r"[a-z]?(?:[,:]\s?(?:p+\.\s?)?\d+(?:[-–]\d+)?)?\)")
_CAPTURE = re.compile(r"(?i)access|retriev|captur|download|copyright|©|\(c\)|posted|updated|published|uploaded|"
                      r"last\smodified|all\srights")


_POSTED = re.compile(r"(?i)\b(?:posted|published|updated|written)\b|©|\(c\)\s?\d|copyright")


def _site_year(text: str) -> str | None:
    """The latest year of the lines that date the page itself ("Posted on 3 May 2023", "© 2023"):
    the writer's present for "112 years ago" in a page that gives no date of its own."""
    years = [int(y) for line in text.splitlines() if len(line) < 200 and _POSTED.search(line)
             for y in re.findall(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)", line)]
    return f"{max(years):04d}" if years else None


# a teaser line that ends in a colon after a written year introduces the old text printed under it
# (a newspaper's "N years ago today" column), so it dates that text rather than pointing away from it
_INTRODUCES_REPRINT = re.compile(r"(?<!\d)\d{4}\s*:\s*$")


def _teaser_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that point at another time than the narrative's ("On this day in 1915",
    "Retrieved 12 May 2021")."""
    pattern = lexicon.teaser_pattern()
    spans, offset = [], 0
    for line in text.splitlines(keepends=True):
        if _INTRODUCES_REPRINT.search(line):
            pass  # "100 years ago today, May 2, 1913:" heads the old text reprinted under it: its date is that text's
        elif len(line) < 200 and (pattern.search(line) or _CAPTURE.match(line.lstrip(" •*-–|"))):
            spans.append((offset, offset + len(line)))
        offset += len(line)
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _narrative_years(doc: Document, teasers: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """(offset, year, in the body) of every plain year the text writes, outside chrome and teasers."""
    out = []
    text = doc.text or ""
    for m in _YEAR_WORD.finditer(text):
        zone = doc.zone_at(m.start())
        if zone == "boilerplate" or _inside(teasers, m.start()):
            continue
        if _CITED_BEFORE.search(text, max(0, m.start() - 60), m.start()) and _CITED_AFTER.match(text, m.end()):
            continue  # "(Tinniswood 2003)", "(Smith, 1998: 12)": a reference's year, not the story's
        if zone != "body":
            line_start = doc.text.rfind("\n", 0, m.start()) + 1
            if _CAPTURE.search(doc.text, line_start, m.start()):
                continue  # "Retrieved 3 May 2021", "© 2019": the capture's or the site's time, not the story's
        out.append((m.start(), int(m.group(1)), zone == "body"))
    return out


def _year_in_scope(text: str, years: list[tuple[int, int, bool]]):
    """offset → the narrative's year before any date has set it: the next year of the same paragraph,
    else a dated heading or title line, else the next year of the body (never the capture date)."""
    body = [(o, y) for o, y, in_body in years if in_body]
    heading = next((y for _, y, in_body in years if not in_body), None)
    # a year standing alone on its line (a chronology's "1903" above its entries) opens its year
    headings = [(o, y) for o, y, _ in years if heading_year(text, o, o + 4)]

    def year_at(offset: int) -> str | None:
        h = bisect.bisect_left(headings, (offset, 0)) - 1
        if h >= 0:
            return f"{headings[h][1]:04d}"
        i = bisect.bisect_left(body, (offset, 0))
        if i < len(body):
            paragraph_end = text.find("\n\n", offset, offset + 3000)  # bounded: long texts stay linear
            if body[i][0] < (paragraph_end if paragraph_end >= 0 else offset + 3000):
                return f"{body[i][1]:04d}"
        if heading is not None:
            return f"{heading:04d}"
        return f"{body[i][1]:04d}" if i < len(body) else None

    return year_at


def _real(timex) -> bool:
    if timex.calendar == "swedish":
        return True  # swedish_values only converts days of the Swedish calendar
    if timex.calendar == "julian" or (timex.calendar == "mixed" and timex.julian):
        ok = calendars.is_real_date(timex.julian or timex.value, "julian")
        return ok and (timex.calendar == "julian" or calendars.is_real_date(timex.gregorian, "gregorian"))
    return calendars.is_real_date(timex.value, "gregorian")

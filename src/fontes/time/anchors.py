"""Time stage, calendar evidence from known happenings (issue 10).

``data/calendar_anchors.yaml`` lists well-known dated happenings of the places and periods where
the Julian (O.S.) and Gregorian (N.S.) calendars differ, each with its day in both calendars and
the names that identify it. When a document dates such a happening ("the Battle of Borodino on
7 September 1812"), the calendar in which that day is right is a strong vote for the calendar of
the expression, of its passage and of the document: knowledge of the event, not of the text's
habits. Month-level dates count too, so an event whose name carries its Old Style month ("the
February Revolution ... in March 1917") tells the narrative's calendar.

Reads only the anchors file and the timexes' ``value``/``start``/``end``/``anchor``; imports no
other module of the time package but ``calendars``' types, so there is no import circle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from fontes.datafiles import load_yaml

_DAY = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?![\d-])")
# how far around an expression the happening's name may stand: its sentence, within these bounds
_BEFORE, _AFTER = 220, 140
_PARAGRAPH = 400


@dataclass(frozen=True, slots=True)
class Anchor:
    """One known happening: its days in each calendar (first, last) and the names it goes by."""

    event: str
    country: str
    julian: tuple[str, str]
    gregorian: tuple[str, str]
    swedish: tuple[str, str] | None
    keywords: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Vote:
    """A calendar vote of one expression: which calendar, how strong, why, and where."""

    calendar: str  # "julian", "gregorian" or "swedish"
    weight: float
    reason: str
    start: int
    end: int
    country: str
    january_year: bool = False  # a Julian day before 25 March written with its year from 1 January
    lady_day_year: bool = False  # a Julian day before 25 March written with the civil year before ("1648")
    day: bool = True  # the expression names a day (a month is weaker evidence)


def _pair(value) -> tuple[str, str]:
    if isinstance(value, (list, tuple)):
        return str(value[0]), str(value[-1])
    return str(value), str(value)


@lru_cache(maxsize=1)
def load_anchors() -> tuple[Anchor, ...]:
    """The anchors of ``data/calendar_anchors.yaml``."""
    raw = load_yaml(resources.files("fontes").joinpath("data/calendar_anchors.yaml").read_text("utf-8"))
    return tuple(
        Anchor(event=row["event"], country=row["country"], julian=_pair(row["julian"]),
               gregorian=_pair(row["gregorian"]), swedish=_pair(row["swedish"]) if row.get("swedish") else None,
               keywords=tuple(row["keywords"]), weight=float(row.get("weight", 1.0)))
        for row in raw["anchors"])


_RULER = re.compile(r"^(\w+) ([IVX]+)$")


@lru_cache(maxsize=1)
def _given_name_groups() -> dict[str, tuple[str, ...]]:
    """Given name -> the same name in the other languages of data/name_equivalents.yaml."""
    raw = load_yaml(resources.files("fontes").joinpath("data/name_equivalents.yaml").read_text("utf-8")) or {}
    return {name: tuple(group) for group in raw.get("groups", []) for name in group}


def _ruler_variants(keyword: str) -> tuple[str, ...]:
    """A ruler's name with its regnal number in the other languages ("Charles V" -> "Carlos V", "Karl V";
    "Francis I" -> "François Ier"): a French or German page names the same happening."""
    m = _RULER.match(keyword)
    if not m:
        return ()
    numbers = (m[2], "Ier") if m[2] == "I" else (m[2],)
    return tuple(f"{name} {number}" for name in _given_name_groups().get(m[1], ()) for number in numbers
                 if f"{name} {number}" != keyword)


@lru_cache(maxsize=1)
def _keyword_index() -> tuple[re.Pattern[str], dict[str, tuple[Anchor, ...]]]:
    by_keyword: dict[str, list[Anchor]] = {}
    for anchor in load_anchors():
        for keyword in anchor.keywords:
            by_keyword.setdefault(keyword, []).append(anchor)
            for variant in _ruler_variants(keyword):
                if anchor not in by_keyword.setdefault(variant, []):
                    by_keyword[variant].append(anchor)
    names = sorted(by_keyword, key=len, reverse=True)
    # a name in capitals is matched as written; a common noun ("serfdom") in any case
    alternatives = [re.escape(n) if n != n.lower() else f"(?i:{re.escape(n)})" for n in names]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?!\w)", re.UNICODE)
    return pattern, {k: tuple(v) for k, v in by_keyword.items()}


def _span_of(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """First and last (year, month, day) a day or month value names (a month covers 1..31)."""
    first = value.split("/")[0]
    m = _DAY.match(first)
    if not m:
        return None
    year, month = int(m[1]), int(m[2])
    if m[3]:
        return (year, month, int(m[3])), (year, month, int(m[3]))
    return (year, month, 1), (year, month, 31)


def _ymd(text: str) -> tuple[int, int, int]:
    y, m, d = text.split("-")
    return int(y), int(m), int(d)


def _overlaps(span, pair: tuple[str, str] | None, *, lady_day: bool) -> int:
    """Whether a value's span meets an anchor's days: 0 no, 1 yes, 2 with the year before, which a
    January to 24 March date may carry where the civil year began on 25 March ("30 January 1648")."""
    if pair is None:
        return 0
    lo, hi = _ymd(pair[0]), _ymd(pair[1])
    if span[0] <= hi and lo <= span[1]:
        return 1
    if lady_day and lo[1:] < (3, 25):
        shifted = ((span[0][0] + 1, *span[0][1:]), (span[1][0] + 1, *span[1][1:]))
        return 2 if shifted[0] <= hi and lo <= shifted[1] else 0
    return 0


def match_anchor(anchor: Anchor, value: str, *, lady_day: bool = False) -> tuple[str, int] | None:
    """(calendar, how) in which ``value`` is the anchor's day or month: calendar "julian",
    "gregorian" or "swedish", how 1 as written or 2 with the civil year before; None when it is
    neither or both (a month that holds the day in both calendars)."""
    span = _span_of(value)
    if span is None:
        return None
    hits = {name: how for name, pair in (("julian", anchor.julian), ("gregorian", anchor.gregorian),
                                         ("swedish", anchor.swedish))
            if (how := _overlaps(span, pair, lady_day=lady_day and name == "julian"))}
    if len(hits) == 1:
        return next(iter(hits.items()))
    if set(hits) == {"julian", "swedish"}:  # no Swedish day of its own: a Julian one
        return "julian", hits["julian"]
    return None


# a sentence's end, a blank line, a list item or a table cell: the name of a happening beyond it
# names another one
_STOP = re.compile(r"[.!?](?=\s+[A-Z\"“])|\n\s*\n|\n\s*(?:[•*\-–]|\d{1,3}[.)])\s|<|\|")


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around an expression, within bounds: where the happening's name must stand."""
    hi = min(len(text), end + _AFTER)
    # the last sentence end before the expression starts the window
    before = text[max(0, start - _BEFORE):start]
    stops = list(_STOP.finditer(before))
    lo = max(0, start - _BEFORE) + (stops[-1].end() if stops else 0)
    after = text[end:hi]
    stop = _STOP.search(after + "\n\n")
    hi = end + (stop.start() if stop else len(after))
    return lo, hi


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around an expression, within _PARAGRAPH characters either side."""
    lo, hi = max(0, start - _PARAGRAPH), min(len(text), end + _PARAGRAPH)
    before = list(re.finditer(r"\n\s*\n", text[lo:start]))
    after = re.search(r"\n\s*\n", text[end:hi])
    return lo + (before[-1].end() if before else 0), end + (after.start() if after else hi - end)


def anchor_votes(text: str, timexes: Iterable, *, skip: Sequence[tuple[int, int]] = (),
                 lady_day_countries: frozenset[str] = frozenset({"Great Britain", "British America"})) -> list[Vote]:
    """A vote for every day or month expression that dates a known happening named in its
    sentence, in the calendar whose day it is. Double dates (which carry both calendars) and the
    spans in ``skip`` (expressions marked O.S./N.S.) give none: they speak for themselves."""
    pattern, index = _keyword_index()
    votes: list[Vote] = []
    lone = []  # full days whose paragraph names no happening
    for t in timexes:
        value = t.value or ""
        if t.type not in ("DATE", "TIME") or not _DAY.match(value) or (t.anchor or "").startswith("double:"):
            continue
        if "/" in value:
            continue  # a range ("Oct. 1854 - Sept. 1855") dates a stretch, not the happening
        if not re.search(r"\d", t.text) or any(a <= t.start < b for a, b in skip):
            continue  # "the next day" took its day from another expression: no evidence of its own
        lo, hi = _window(text, t.start, t.end)
        near, far = _paragraph(text, t.start, t.end)
        seen: set[str] = set()
        mine: list[Vote] = []
        for m in pattern.finditer(text, near, far):
            if t.start <= m.start() < t.end:
                continue
            # named in the expression's sentence: full weight; elsewhere in its paragraph: half
            share = 1.0 if lo <= m.start() < hi else 0.5
            for anchor in index.get(m.group(1)) or index.get(m.group(1).lower(), ()):
                if anchor.event in seen:
                    continue
                lady_day = anchor.country in lady_day_countries
                hit = match_anchor(anchor, value, lady_day=lady_day)
                if hit is None:
                    continue
                calendar, how = hit
                seen.add(anchor.event)
                day = getattr(anchor, calendar)[0]
                january = lady_day and calendar == "julian" and how == 1 and _ymd(day)[1:] < (3, 25)
                weight = share * (anchor.weight if len(value) >= 10 else anchor.weight / 2)  # a month is weaker
                mine.append(Vote(calendar, weight, f"{anchor.event} was on {day} in the {calendar} calendar",
                                  t.start, t.end, anchor.country, january, how == 2, len(value) >= 10))
        if not mine and _FULL_DAY.match(value):
            lone.append(t)
        if len({v.calendar == "gregorian" for v in mine}) == 1:  # two happenings that disagree: no vote
            votes.extend(mine)
    if not votes and lone:  # no paragraph dates a happening it names: the days of those the text names
        named = named_in_text(text)
        for t in lone:
            mine = _document_votes(t, named)
            if len({v.calendar == "gregorian" for v in mine}) == 1:
                votes.extend(mine)
    return votes


def named_in_text(text: str) -> frozenset[Anchor]:
    """The happenings a text names anywhere by a proper name of several words ("Veliko Tarnovo")."""
    pattern, index = _keyword_index()
    return frozenset(a for k in pattern.finditer(text) if _PROPER_NAME.match(k.group(1))
                     for a in index.get(k.group(1), ()))


def _document_votes(t, named: frozenset[Anchor]) -> list[Vote]:
    """Half a vote for a full day written in a paragraph that names no happening, where it is the very
    day of a one-day happening the text names elsewhere by its proper name: a page on the independence
    proclaimed in a river town whose "June 5, 1890" stands a paragraph further down."""
    mine = []
    for anchor in named:
        for calendar in ("julian", "gregorian"):
            pair = getattr(anchor, calendar)
            if pair[0] == pair[1] == t.value[:10] and getattr(anchor, "gregorian" if calendar == "julian" else "julian") != pair:
                mine.append(Vote(calendar, 0.5 * anchor.weight, f"{anchor.event} was on {pair[0]} in the {calendar} calendar",
                                 t.start, t.end, anchor.country))
    return mine


def tally(votes: Iterable[Vote]) -> dict[str, float]:
    """Summed weight per document calendar (a Swedish day is a Julian-era day: it counts as julian)."""
    out = {"julian": 0.0, "gregorian": 0.0}
    for v in votes:
        out["gregorian" if v.calendar == "gregorian" else "julian"] += v.weight
    return out


_MONTH_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})")


def _month_day_gap(month: int, day: int, pair: tuple[str, str] | None) -> int | None:
    """Days between a month and day written without a year and the nearest day of an anchor's
    span, counted in the anchor's own years (None without a span)."""
    if pair is None:
        return None
    from datetime import date

    lo, hi = _ymd(pair[0]), _ymd(pair[1])
    try:
        here = date(lo[0], month, day)
    except ValueError:
        return None
    first, last = date(*lo), date(*hi)
    if first <= here <= last:
        return 0
    return min(abs((here - first).days), abs((here - last).days))


def year_from_happenings(text: str, timexes: Iterable, *, tolerance: int = 1) -> tuple[int, str] | None:
    """(year, reason) for a document that writes no year at all ("ST. PETERSBURG, October 31. The
    Czar issued a manifesto..."): the year of the one known happening the text names (in any case)
    in the paragraph of a month and day it writes, whose day in either calendar is within
    ``tolerance`` days of it (a cable is dated the day after the event). None when no happening
    fits, or those that fit disagree on the year (issue 10: documents with no year at all)."""
    pattern, index = _keyword_index()
    folded: dict[str, set[Anchor]] = {}
    for keyword, found in index.items():  # "Manifesto" and "manifesto" may name different happenings
        folded.setdefault(keyword.lower(), set()).update(found)
    anywhere = re.compile(pattern.pattern, re.IGNORECASE | re.UNICODE)
    fits: dict[int, str] = {}
    for t in timexes:
        m = _MONTH_DAY.match(t.value or "")
        if not m:
            continue
        month, day, written = int(m[1]), int(m[2]), t.text
        # the happening is named in the date's paragraph, not anywhere in the page
        lo, hi = _paragraph(text, t.start, t.end)
        named = {a for k in anywhere.finditer(text, lo, hi) for a in folded.get(k.group(1).lower(), ())}
        for anchor in named:
            for calendar in ("julian", "gregorian"):
                gap = _month_day_gap(month, day, getattr(anchor, calendar))
                if gap is not None and gap <= tolerance:
                    year = _ymd(getattr(anchor, calendar)[0])[0]
                    fits.setdefault(year, f"{written!r} is within {gap} day(s) of {anchor.event} "
                                          f"({getattr(anchor, calendar)[0]}, {calendar}), which the text names")
    if len(fits) != 1:
        return None
    return next(iter(fits.items()))


_WRITTEN_YEAR = re.compile(r"\d{3,4}|['’]\d{2}\b")
_PROPER_NAME = re.compile(r"^[A-ZА-ЯЁ]\w*(?:[\s-]\w+)+$")
_FULL_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ANNIVERSARY = re.compile(r"(?i)\b(?:anniversary|anniversaries|jubilee|commemorat\w*|celebrat\w*|годовщин\w*|Jahrestag)\b")


def happening_years(text: str, timexes: Iterable) -> list[tuple[Any, str, str]]:
    """Give a day written without its year the year of the one known happening its sentence names
    on that very day, in either calendar ("the October Revolution ... took place on 7 November"):
    the narrative's year in scope may be a later one the text wrote before. Not in a sentence that
    writes a year ("the year 1704 began on a Tuesday"), nor in one of
    anniversaries ("on 7 November, the anniversary of the Revolution"). Returns (timex, calendar,
    reason) for each day changed: it is written in the calendar in which the happening fell on it."""
    pattern, index = _keyword_index()
    changed = []
    for t in timexes:
        m = _FULL_DAY.match(t.value or "")
        if not m or _WRITTEN_YEAR.search(t.text) or (t.anchor or "").startswith("double"):
            continue
        lo, hi = _window(text, t.start, t.end)
        if _ANNIVERSARY.search(text, lo, hi) or _WRITTEN_YEAR.search(text, lo, hi):
            continue  # a sentence that writes a year gives the day its year itself
        # a happening's own name ("October Revolution", "Peace of Westphalia"), not a common word ("decree")
        named = {a for k in pattern.finditer(text, lo, hi) if _PROPER_NAME.match(k.group(1))
                 for a in index.get(k.group(1), ())}
        years = {}
        for anchor in named:
            for calendar in ("julian", "gregorian"):
                pair = getattr(anchor, calendar)
                if pair is not None and _month_day_gap(int(m[2]), int(m[3]), pair) == 0:
                    years.setdefault(_ymd(pair[0])[0], set()).add(
                        (calendar, f"{t.text!r} is the day of {anchor.event} ({pair[0]}, {calendar})"))
        if len(years) == 1:
            year, readings = next(iter(years.items()))
            if year != int(m[1]) and len({c for c, _ in readings}) == 1:
                t.value = f"{year:04d}{t.value[4:]}"
                t.gregorian = t.value
                changed.append((t, *min(readings)))
    return changed

"""Calendars: Julian↔Gregorian conversion of TIMEX3 values, switch dates by country, calendar inference.

Conversion goes through the Julian Day Number (Richards, *Mapping Time*, algorithms E and F in
integer form), so it works for any year of either calendar without a library call on the hot
path; tests check it against the convertdate package. The switch table lives in
``data/calendars.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

CalendarName = Literal["julian", "gregorian"]
GREGORIAN_START = (1582, 10, 15)  # first day of the Gregorian calendar (Inter gravissimas, 1582)

_DAY = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})(T.*)?$")
_MONTH = re.compile(r"^(-?\d{4})-(\d{2})$")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# TIMEX3 mod on a month: which days it covers ("late June" = 21-30 June), as the gold annotates it.
_MOD_DAYS = {"START": (1, 10), "MID": (11, 20), "END": (21, 31)}


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


def month_length(year: int, month: int, calendar: CalendarName = "gregorian") -> int:
    """Days in a month of either calendar (1900 is a leap year in the Julian calendar only)."""
    if month != 2:
        return _MONTH_DAYS[month - 1]
    leap = year % 4 == 0 and (calendar == "julian" or year % 100 != 0 or year % 400 == 0)
    return 29 if leap else 28


def _iso(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def _convert_day(ymd: tuple[int, int, int], to: CalendarName) -> tuple[int, int, int]:
    return julian_to_gregorian(*ymd) if to == "gregorian" else gregorian_to_julian(*ymd)


def convert_value(value: str | None, to: CalendarName, *, mod: str | None = None) -> str | None:
    """A TIMEX3 value written in the other calendar, rewritten in calendar ``to``.

    Days keep their time or part-of-day suffix (``1917-10-24TNI`` → ``1917-11-06TNI``); a month
    (narrowed by ``mod`` START/MID/END to its first, middle or last ten days) becomes the day
    range it covers in the other calendar (``1917-04`` → ``1917-03-19/1917-04-17``); ranges
    ``a/b`` are converted end by end. Years, decades, centuries, seasons, weeks, durations and
    the REF values keep their label, as historians do. Unparseable values come back unchanged.
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
        first, last = _MOD_DAYS.get(mod or "", (1, 31))
        last = min(last, month_length(year, mon, src))
        return f"{_iso(_convert_day((year, mon, first), to))}/{_iso(_convert_day((year, mon, last), to))}"
    return value


# --- switch dates by country ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Country:
    """One row of data/calendars.yaml."""

    name: str
    switch: date  # first Gregorian day of civil dating
    names: tuple[str, ...]
    weak: tuple[str, ...] = ()
    year_start: str | None = None  # "MM-DD" of the civil new year before ``year_start_until``
    year_start_until: int | None = None


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """The switch table, keyed by country name."""
    raw = yaml.safe_load(resources.files("fontes").joinpath("data/calendars.yaml").read_text("utf-8"))
    table = {}
    for name, row in raw["countries"].items():
        start = row.get("year_start") or {}
        table[name] = Country(
            name=name, switch=row["switch"], names=tuple(row.get("names", [])),
            weak=tuple(row.get("weak", [])), year_start=start.get("day"), year_start_until=start.get("until"),
        )
    return table


@lru_cache(maxsize=1)
def _place_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, float]]]:
    lookup: dict[str, tuple[str, float]] = {}
    for country in countries().values():
        lookup[country.name.lower()] = (country.name, 1.0)
        for name in country.names:
            lookup[name.lower()] = (country.name, 1.0)
        for name in country.weak:
            lookup.setdefault(name.lower(), (country.name, 0.5))
    names = sorted(lookup, key=len, reverse=True)  # longest first: "New York" before "York"
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?:['’]s)?(?![\w-])",
                      re.IGNORECASE), lookup


def find_country(name: str | None) -> Country | None:
    """The country a place name (country, city or demonym) belongs to, or None."""
    if not name:
        return None
    pattern, lookup = _place_pattern()
    hit = lookup.get(name.strip().lower())
    if hit is None:
        match = pattern.search(name)
        hit = lookup.get(match[1].lower()) if match else None
    return countries()[hit[0]] if hit else None


def place_scores(text: str, weight: float = 1.0) -> dict[str, float]:
    """Country → evidence score from the place names a text mentions (demonyms count half)."""
    pattern, lookup = _place_pattern()
    scores: dict[str, float] = {}
    for match in pattern.finditer(text):
        word = match[1]
        if word[0].islower():  # "turkey", "china": common nouns, not places
            continue
        country, strength = lookup[word.lower()]
        scores[country] = scores.get(country, 0.0) + strength * weight
    return scores


# --- eras -------------------------------------------------------------------------------------

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


def in_dual_era(value: str, country: Country | None, calendar: CalendarName = "gregorian") -> bool:
    """Whether a value overlaps the era when Julian and Gregorian dating differed in a country."""
    if country is None:
        return False
    bounds = value_bounds(value, calendar)
    if bounds is None:
        return False
    return bounds[0] < country.switch and bounds[1] >= date(*GREGORIAN_START)


# --- year-start conventions -------------------------------------------------------------------

_DOUBLE_YEAR = re.compile(r"^(\d{3,4})/(\d{1,4})$")


def split_double_year(text: str) -> tuple[int, int] | None:
    """The (old-style, new-style) years of a double year such as "1688/9" or "1750/51", else None."""
    m = _DOUBLE_YEAR.match(text.strip())
    if not m:
        return None
    first, tail = int(m[1]), m[2]
    second = int(m[1][: len(m[1]) - len(tail)] + tail)
    return (first, second) if second == first + 1 else None


def historical_year(year: int, month: int, day: int, country: Country | None) -> int:
    """The modern (1 January) year of a day whose year was written in the country's civil style.

    In England until 1751 the year began on 25 March, so "10 February 1688" is 1689 in modern
    reckoning.
    """
    if country is None or not country.year_start or country.year_start_until is None or year > country.year_start_until:
        return year
    start_month, start_day = (int(p) for p in country.year_start.split("-"))
    if start_month <= 6:  # a spring new year (25 March, 1 March): Jan..start belong to the next year
        return year + 1 if (month, day) < (start_month, start_day) else year
    # an autumn new year (1 September): the months from it on were written with the next year
    return year - 1 if (month, day) >= (start_month, start_day) else year


# --- calendar inference -----------------------------------------------------------------------

@dataclass(slots=True)
class Decision:
    """The calendar a document writes its dates in, why, how sure, and the place whose era counts."""

    calendar: Literal["julian", "gregorian", "mixed", "none"]
    reason: str
    confidence: float
    country: Country | None = None


_OS = re.compile(r"\b(?:O\.\s?S\.|Old\sStyle|old\sstyle|Julian\scalendar|\(O\.?S\.?\))|\bOS\)")
_NS = re.compile(r"\b(?:N\.\s?S\.|New\sStyle|new\sstyle|\(N\.?S\.?\))|\bNS\)")
_PUBLICATION_LINE = re.compile(
    r"(?im)^\s*(?:source|publisher|published(?:\sby)?|first\spublished|printed|written|sent|delivered|"
    r"place|location|dateline|from)\b[^\n]{0,300}$")
_WRITING_LINE = re.compile(r"(?im)^\s*(?:written|sent|delivered|dated|signed|composed)\s*[:\-]")
_WEBSITE = re.compile(r"(?i)\b(?:access(?:ed)?\sdate|retrieved|website\sname|year\spublished|url\b|copyright|©|"
                      r"all\srights\sreserved|share\sthis|rate\sthis|posted\son|last\supdated|author\sstaff)")
_DAYLEVEL = re.compile(r"^\d{4}-\d{2}")


def _country_for(doc, settings) -> Country | None:
    for name in (getattr(settings, "default_place", None), doc.place):
        country = find_country(name)
        if country is not None:
            return country
    weights = {"metadata": 2.0, "body": 1.0, "boilerplate": 0.5}
    scores: dict[str, float] = {}
    spans = [(z.start, z.end, z.kind) for z in doc.zones] or [(0, len(doc.text), "body")]
    for start, end, kind in spans:
        for name, score in place_scores(doc.text[start:end], weights[kind]).items():
            scores[name] = scores.get(name, 0.0) + score
    if not scores:
        return None
    best = max(scores, key=lambda n: scores[n])
    return countries()[best] if scores[best] >= 1.0 else None


def _publication_text(doc, as_written: str | None = None) -> str:
    """Header lines that say where the text was written, sent or published (its edition's origin),
    and the dateline: the line that carries the document's own date ("London, 10 February 1740")."""
    head = "\n".join(doc.text.splitlines()[:40])
    lines = [m.group(0) for m in _PUBLICATION_LINE.finditer(head)]
    if as_written:
        lines += [line for line in doc.text.splitlines() if as_written in line and len(line) < 200][:2]
    lines += [doc.text[z.start:z.end] for z in doc.zones if z.kind == "metadata" and _PUBLICATION_LINE.match(doc.text[z.start:z.end])]
    return "\n".join(lines)


def decide_calendar(doc, timexes, dct_value: str | None, settings, *, as_written: str | None = None) -> Decision:
    """Decide in which calendar a document writes its own dates, from the evidence it carries.

    In order: explicit O.S./N.S. markers and double dates; no day or month dates at all (none);
    the date of writing against the switch date of the place the document is about; for texts
    written before the switch, a modern website (N.S.), or a primary text whose header places
    its writing or edition in that country (O.S.) rather than with a foreign editor (N.S.).
    """
    country = _country_for(doc, settings)
    text = doc.text or ""
    old, new = len(_OS.findall(text)), len(_NS.findall(text))
    doubles = sum(1 for t in timexes if (t.anchor or "").startswith("double:"))
    double_years = sum(1 for t in timexes if t.anchor == "double_year")
    if old and new or doubles:
        return Decision("mixed", f"explicit markers: {old} O.S., {new} N.S., {doubles} double dates", 0.8, country)
    if double_years and not new:
        return Decision("julian", f"double years such as 1688/9 ({double_years}): O.S. dating with a 25 March year",
                        0.85, country)
    if old:
        return Decision("julian", f"explicit Old Style markers ({old})", 0.85, country)
    if new:
        return Decision("gregorian", f"explicit New Style markers ({new})", 0.85, country)
    dated = [t for t in timexes if t.type in ("DATE", "TIME") and _DAYLEVEL.match(t.value)]
    if not dated:
        return Decision("none", "no day or month dates to write in either calendar", 0.9, country)
    if country is None:
        return Decision("gregorian", "no place with a Julian era found; Gregorian by default", 0.5, None)
    anchor = dct_value or max((t.value for t in dated), default=None)
    era_dates = [t for t in dated if in_dual_era(t.value, country)]
    if anchor and not in_dual_era(anchor, country):
        return Decision("gregorian", f"written {anchor[:10]}, after the switch in {country.name} ({country.switch})",
                        0.95, country)
    if not era_dates:
        return Decision("gregorian", f"no date before the switch in {country.name} ({country.switch})", 0.9, country)
    if doc.genre == "secondary" or (doc.genre is None and _WEBSITE.search(text)):
        return Decision("gregorian", f"modern secondary text about {country.name}: dates read as N.S.", 0.7, country)
    origin = place_scores(_publication_text(doc, as_written))
    if origin.get(country.name, 0) >= 1.0 or (_WRITING_LINE.search(text[:3000]) and origin.get(country.name)):
        return Decision("julian", f"written in {country.name} before its switch ({country.switch}); "
                        "the edition comes from there and keeps the original dates", 0.8, country)
    if _WRITING_LINE.search(text[:3000]) and not origin:
        return Decision("julian", f"dated at its writing (Written:/Sent: header) in {country.name} before its switch "
                        f"({country.switch}), with no foreign edition named", 0.6, country)
    return Decision("gregorian", f"a {country.name} text from before the switch ({country.switch}) reproduced "
                    "by an editor outside it: dates read as N.S.", 0.6, country)


def dual_value(value: str, decision: Decision, *, calendar: str | None = None,
               mod: str | None = None) -> tuple[str | None, str | None]:
    """(gregorian, julian) of a value written in a document's calendar; julian None outside the dual era."""
    written = calendar or ("julian" if decision.calendar == "julian" else "gregorian")
    if not in_dual_era(value, decision.country, "julian" if written == "julian" else "gregorian"):
        return value, None
    if written == "julian":
        return convert_value(value, "gregorian", mod=mod), value
    return value, convert_value(value, "julian", mod=mod)


_MARK_AFTER = re.compile(r"^\s?[(\[,]?\s?(?:(O\.\s?S\.|Old\sStyle|old\sstyle|OS)|(N\.\s?S\.|New\sStyle|new\sstyle|NS))")


def assign_calendars(timex, decision: Decision, text: str = "") -> None:
    """Fill a Timex's gregorian, julian, calendar, calendar_reason and confidence from a decision."""
    written = "julian" if decision.calendar == "julian" else "gregorian"
    reason, confidence = decision.reason, decision.confidence
    mark = _MARK_AFTER.match(text[timex.end:timex.end + 16]) if text else None
    if mark:
        written, reason, confidence = ("julian" if mark.group(1) else "gregorian"), "marked O.S./N.S. in the text", 0.95
    anchor = timex.anchor or ""
    if anchor.startswith("double:"):
        julian_v, gregorian_v = timex.value, anchor.split(":", 1)[1]
        timex.julian, timex.gregorian = julian_v, gregorian_v
        timex.value = julian_v if decision.calendar == "julian" else gregorian_v
        timex.calendar, timex.calendar_reason, timex.confidence = "mixed", "double date (O.S. then N.S.)", 0.95
        timex.anchor = None
        return
    if anchor == "double_year":
        timex.anchor = None
    timex.calendar, timex.calendar_reason, timex.confidence = written, reason, confidence
    value = timex.value
    if value == "PRESENT_REF" and timex.anchor:
        value = timex.anchor
    elif value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or timex.type in ("DURATION", "SET"):
        timex.gregorian, timex.julian = timex.value, None
        return
    if written == "julian" and anchor != "double_year":
        modern = modern_year_value(value, decision.country)
        if modern != value:
            timex.calendar_reason = f"{reason}; year begun on {decision.country.year_start} (O.S. civil year)"
            value = modern
    gregorian, julian = dual_value(value, decision, calendar=written, mod=timex.mod)
    timex.gregorian, timex.julian = gregorian, julian


def modern_year_value(value: str, country: Country | None) -> str:
    """A Julian day or month value written with a civil year that began on 25 March (England until
    1751), restated with the year beginning on 1 January: "1688-02-10" → "1689-02-10"."""
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(.*)$", value)
    if not m or country is None:
        return value
    year = historical_year(int(m[1]), int(m[2]), int(m[3] or 1), country)
    return f"{year:04d}{value[4:]}" if year != int(m[1]) else value


def redecide(doc, calendar: Literal["julian", "gregorian"], reason: str, confidence: float = 0.8):
    """Re-read a document's dates in another calendar, e.g. when resolve finds another source
    dating the same happening ``shift_days`` apart. Values stay as written; gregorian/julian change.

    Reads doc.place, doc.timexes, doc.dct; writes doc.calendar*, each timex's calendars, doc.dct and
    doc.citation.date. Returns the document.
    """
    decision = Decision(calendar, reason, confidence, find_country(doc.place))
    doc.calendar, doc.calendar_reason, doc.calendar_confidence = calendar, reason, confidence
    for timex in doc.timexes:
        if timex.calendar == "mixed":  # a double date already carries both
            continue
        assign_calendars(timex, decision, doc.text)
    if doc.dct is not None:
        value = _as_written_value(doc)
        if value:
            doc.dct.gregorian, doc.dct.julian = dual_value(value, decision)
            if doc.citation.date is not None:
                doc.citation.date.gregorian, doc.citation.date.julian = doc.dct.gregorian, doc.dct.julian
    return doc


def _as_written_value(doc) -> str | None:
    """The value of the document's date as written (before any calendar conversion)."""
    from fontes.timex import tag  # local import: timex imports this module

    if doc.dct is None or not doc.dct.as_written:
        return None
    return next((t.value for t in tag(doc.dct.as_written) if re.match(r"^\d{4}-\d{2}-\d{2}$", t.value)), None)

"""Time stage, calendars: Julian↔Gregorian conversion of TIMEX3 values, switch dates by country, calendar inference.

Conversion goes through the Julian Day Number (Richards, *Mapping Time*, algorithms E and F in
integer form), so it works for any year of either calendar without a library call on the hot
path; tests check it against the convertdate package. The switch table lives in
``data/calendars.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

from fontes.time import lexicon

CalendarName = Literal["julian", "gregorian"]
GREGORIAN_START = (1582, 10, 15)  # first day of the Gregorian calendar (Inter gravissimas, 1582)
# from the bull Inter gravissimas (24 February 1582) a text may name a day in either calendar
DUAL_ERA_START = (1582, 2, 24)

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
    domains: tuple[str, ...] = ()  # top-level internet domains of the country's sites
    modern: str = "gregorian"  # how modern histories write its days before the switch


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
            domains=tuple(row.get("domains", [])), modern=row.get("modern", "gregorian"),
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
    if bounds is None and calendar == "gregorian":
        bounds = value_bounds(value, "julian")  # "1900-02-29" is a day of the Julian calendar only
    if bounds is None:
        return False
    return bounds[0] < country.switch and bounds[1] >= date(*DUAL_ERA_START)


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
    # an autumn new year (1 September) was counted from the Creation (7208): a year written from the
    # birth of Christ ("20 December 1699", Peter I's decree) already begins on 1 January
    return year


# --- calendar inference -----------------------------------------------------------------------

@dataclass(slots=True)
class Decision:
    """The calendar a document writes its dates in, why, how sure, and the place whose era counts."""

    calendar: Literal["julian", "gregorian", "mixed", "none"]
    reason: str
    confidence: float
    country: Country | None = None
    year_start: bool = True  # whether Julian dates count years from the country's civil new year (25 March)
    unmarked: str | None = None  # for a "mixed" document, the calendar its unmarked dates are read in
    explicit: bool = False  # decided from marks the text writes (then a Julian date is not read as Swedish)
    # offset → (calendar, reason, confidence) of the passage there, where it differs from the document's
    passages: Callable[[int], tuple[str, str, float] | None] | None = None


_OS = re.compile(r"\b(?:O\.\s?S\.|Old\sStyle|old\sstyle|Julian\scalendar|\(O\.?S\.?\))|\bOS\)")
_NS = re.compile(r"\b(?:N\.\s?S\.|New\sStyle|new\sstyle|\(N\.?S\.?\))|\bNS\)")
_PUBLICATION_LINE = re.compile(
    r"(?im)^\s*(?:source|publisher|published(?:\sby)?|first\spublished|printed|written|sent|delivered|"
    r"place|location|dateline|from)\b[^\n]{0,300}$")
_WRITING_LINE = re.compile(r"(?im)^\s*(?:written|sent|delivered|dated|signed|composed)\s*[:\-]")
_WEBSITE = re.compile(r"(?i)\b(?:access(?:ed)?\sdate|retrieved|website\sname|year\spublished|url\b|copyright|©|"
                      r"all\srights\sreserved|share\sthis|rate\sthis|posted\son|last\supdated|author\sstaff)")
_DAYLEVEL = re.compile(r"^\d{4}-\d{2}")


def _country_for(doc, settings, values: tuple[str, ...] = ()) -> Country | None:
    """The country whose calendar era counts: the settings' place, else the place the document was
    written, else the country the text names most; a country in whose dual era none of the dates
    fall gives way to one in whose era they do (Britain's switch of 1752 says nothing of a
    nineteenth-century Russian text, issue 10)."""
    fixed = find_country(getattr(settings, "default_place", None))
    if fixed is not None:
        return fixed

    def era_hits(country: Country) -> int:
        return sum(1 for v in values if in_dual_era(v, country))

    written = find_country(doc.place)
    if written is not None and (not values or era_hits(written)):
        return written
    weights = {"metadata": 2.0, "body": 1.0, "boilerplate": 0.5}
    scores: dict[str, float] = {}
    spans = [(z.start, z.end, z.kind) for z in doc.zones] or [(0, len(doc.text), "body")]
    for start, end, kind in spans:
        for name, score in place_scores(doc.text[start:end], weights[kind]).items():
            scores[name] = scores.get(name, 0.0) + score
    candidates = [countries()[n] for n, score in scores.items() if score >= 1.0]
    if not candidates:
        return written
    best = max(candidates, key=lambda c: (era_hits(c) > 0, scores[c.name]))
    if written is not None and not era_hits(best):
        return written
    return best


def _publication_text(doc, as_written: str | None = None) -> str:
    """Header lines that say where the text was written, sent or published (its edition's origin),
    and the dateline: the line that carries the document's own date ("London, 10 February 1740")."""
    head = "\n".join(doc.text.splitlines()[:40])
    lines = [m.group(0) for m in _PUBLICATION_LINE.finditer(head)]
    if as_written:
        lines += [line for line in doc.text.splitlines() if as_written in line and len(line) < 200][:2]
    lines += [doc.text[z.start:z.end] for z in doc.zones if z.kind == "metadata" and _PUBLICATION_LINE.match(doc.text[z.start:z.end])]
    return "\n".join(lines)


def _weekday_votes(doc, timexes, country: Country | None) -> dict[str, int]:
    """Calendar votes from dates written with their weekday ("Sunday, 9 January 1905"): the weekday
    holds in one calendar only, a check that needs no knowledge of the event."""
    votes = {"julian": 0, "gregorian": 0}
    for t in timexes:
        day = _DAY.match(t.value or "")
        if not day or not re.search(r"\d", t.text) or (country is not None and not in_dual_era(t.value, country)):
            continue  # a bare "Tuesday" took its day from the weekday: no evidence
        # the weekday written with the date itself: "Sunday, 9 January 1905", "Monday September 3"
        named = _WEEKDAY.search(t.text) or _WEEKDAY_BEFORE.search(doc.text, max(0, t.start - 14), t.start)
        if not named:
            continue
        ymd = (int(day[1]), int(day[2]), int(day[3]))
        try:
            as_gregorian = date(*ymd).weekday()
            as_julian = date(*julian_to_gregorian(*ymd)).weekday()
        except ValueError:
            continue
        wanted = _WEEKDAYS.index(named.group(1).lower())
        if as_gregorian == wanted != as_julian:
            votes["gregorian"] += 1
        elif as_julian == wanted != as_gregorian:
            votes["julian"] += 1
    return votes


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"(?i)\b(" + "|".join(_WEEKDAYS) + r")\b")
_WEEKDAY_BEFORE = re.compile(r"(?i)\b(" + "|".join(_WEEKDAYS) + r"),?\s(?:the\s)?$")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁіѣ]")


def _marked_share(text: str, dated) -> float:
    """The share of day and month dates that stand in a paragraph holding an O.S./N.S. mark."""
    if not dated:
        return 1.0
    marked = [(m.start(), m.end()) for m in re.finditer(r"(?s).+?(?:\n\s*\n|$)", text)
              if _OS.search(m.group()) or _NS.search(m.group())]
    inside = sum(1 for t in dated if any(a <= t.start < b for a, b in marked))
    return inside / len(dated)


def _site_country(doc) -> Country | None:
    """The country a modern text was published in: its publisher's place or its address's domain
    (a museum in Moscow, a .ru site), never a place its headline or dateline names."""
    citation = getattr(doc, "citation", None)
    url = (getattr(citation, "url", None) or getattr(doc, "url", None) or doc.html_meta.get("url") or "").lower()
    host = re.sub(r"^[a-z]+://", "", url).split("/")[0]
    if host:
        tld = host.rsplit(".", 1)[-1]
        for country in countries().values():
            if tld in country.domains:
                return country
    lines = [m.group(0) for m in _PUBLICATION_LINE.finditer("\n".join(doc.text.splitlines()[:40]))]
    lines.append(getattr(citation, "publisher", None) or "")
    strong = {name: score for name, score in place_scores("\n".join(lines)).items() if score >= 1.0}
    return countries()[max(strong, key=strong.get)] if strong else None


def decide_calendar(doc, timexes, dct_value: str | None, settings, *, as_written: str | None = None) -> Decision:
    """Decide in which calendar a document writes its own dates, from the evidence it carries.

    In order: the expressions' own evidence (double dates and which calendar they write first,
    O.S./N.S. marks after dates and in the prose, dual years, weekdays that hold in one calendar
    only); no day or month dates at all (none); the time and place of the events the dates
    name, against the switch table, never the capture date or a modern site's own date; for
    events before the switch, a text written then and there, or an edition or site from that
    country, keeps the local Old Style; a modern text from elsewhere writes New Style.
    """
    text = doc.text or ""
    dated = [t for t in timexes if t.type in ("DATE", "TIME") and _DAYLEVEL.match(t.value)]
    country = _country_for(doc, settings, tuple(t.value for t in dated))
    old, new = len(_OS.findall(text)), len(_NS.findall(text))
    flags = [t.anchor.split(":")[1] for t in timexes if (t.anchor or "").startswith("double:")]
    julian_first, gregorian_first = flags.count("J"), flags.count("G")
    doubles = len(flags)
    double_years = sum(1 for t in timexes if t.anchor == "double_year")
    if gregorian_first > julian_first:
        return Decision("gregorian", f"writes New Style with Old Style glosses ({gregorian_first} double dates, "
                        "N.S. first)", 0.85, country)
    if old and new or doubles:
        # unmarked dates follow the calendar the text marks most ("4 October 1582" among five O.S. marks)
        unmarked = "julian" if old + julian_first > 2 * (new + gregorian_first) else None
        return Decision("mixed", f"explicit markers: {old} O.S., {new} N.S., {doubles} double dates"
                        + ("; unmarked dates read as O.S., the calendar it marks most" if unmarked else ""), 0.8, country,
                        unmarked=unmarked)
    if (old or new) and _marked_share(text, dated) <= 0.5:
        old = new = 0  # the marks belong to some passages only (passage_calendars): the rest is read below
    if double_years and not new:
        return Decision("julian", f"double years such as 1688/9 ({double_years}): O.S. dating with a 25 March year",
                        0.85, country)
    if old:
        return Decision("julian", f"explicit Old Style markers ({old})", 0.85, country, explicit=True)
    if new:
        return Decision("gregorian", f"explicit New Style markers ({new})", 0.85, country)
    if not dated:
        return Decision("none", "no day or month dates to write in either calendar", 0.9, country)
    if country is None:
        return Decision("gregorian", "no place with a Julian era found; Gregorian by default", 0.5, None)
    era_dates = [t for t in dated if in_dual_era(t.value, country)]
    if not era_dates:
        return Decision("gregorian", f"no date before the switch in {country.name} ({country.switch})", 0.9, country)
    votes = _weekday_votes(doc, dated, country)
    if votes["julian"] != votes["gregorian"]:
        winner = max(votes, key=votes.get)
        return Decision(winner, f"weekdays written with {votes[winner]} dates hold in the {winner} calendar only",
                        0.9, country)
    # the writing date decides only for a text written in the era, or when most dates are after it
    if dct_value and not in_dual_era(dct_value, country) and len(era_dates) * 2 <= len(dated):
        return Decision("gregorian", f"written {dct_value[:10]}, after the switch in {country.name} ({country.switch}), "
                        "and most of its dates are too", 0.9, country)
    if _CYRILLIC.search(text) and len(_CYRILLIC.findall(text)) > len(text) / 4:
        return Decision("julian", f"a text in Russian about {country.name} before its switch ({country.switch}): "
                        "dates in the local Old Style", 0.75, country)
    origin = place_scores(_publication_text(doc, as_written))
    from_there = origin.get(country.name, 0) >= 1.0
    modern = doc.genre == "secondary" or (doc.genre is None and _WEBSITE.search(text))
    if modern:
        if _site_country(doc) is country:
            return Decision("julian", f"a {country.name} edition or site writing of {country.name} before its switch "
                            f"({country.switch}) keeps the local Old Style dates", 0.6, country)
        if country.modern == "julian":
            return Decision("julian", f"a modern text on {country.name} before its switch ({country.switch}): "
                            "historians keep its Old Style days (years from 1 January)", 0.6, country, year_start=False)
        return Decision("gregorian", f"a modern text from outside {country.name} about its events before the switch "
                        f"({country.switch}): dates read as N.S.", 0.6, country)
    if from_there or (_WRITING_LINE.search(text[:3000]) and origin.get(country.name)):
        return Decision("julian", f"written in {country.name} before its switch ({country.switch}); "
                        "the edition comes from there and keeps the original dates", 0.8, country)
    if _WRITING_LINE.search(text[:3000]) and not origin:
        return Decision("julian", f"dated at its writing (Written:/Sent: header) in {country.name} before its switch "
                        f"({country.switch}), with no foreign edition named", 0.6, country)
    if country.modern == "julian":
        return Decision("julian", f"a {country.name} text from before the switch ({country.switch}): its editors "
                        "keep the Old Style days (years from 1 January)", 0.6, country, year_start=False)
    return Decision("gregorian", f"a {country.name} text from before the switch ({country.switch}) reproduced "
                    "by an editor outside it: dates read as N.S.", 0.6, country)


def passage_calendars(doc, timexes, decision: Decision) -> Decision:
    """Give the decision a calendar per passage (paragraph) where a passage says otherwise than the
    document: its dates marked O.S. (or N.S.) and none the other way, its double dates written Old
    Style first, or a passage in Russian quoted in a text of another language. Unmarked dates of
    that passage then follow it (issue 10: the calendar belongs to a passage, a quotation or one
    expression)."""
    text = doc.text or ""
    bounds = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)] + [len(text) + 1]
    votes: dict[int, dict[str, int]] = {}
    for t in timexes:
        i = bisect_right(bounds, t.start) - 1
        mark = _MARK_AFTER.match(text[t.end:t.end + 30])
        flag = t.anchor.split(":")[1] if (t.anchor or "").startswith("double:") else None
        calendar = mark.lastgroup if mark else {"J": "julian", "G": "gregorian"}.get(flag or "")
        if calendar:
            votes.setdefault(i, {}).setdefault(calendar, 0)
            votes[i][calendar] += 1
    own = {"julian", "gregorian"} - ({"julian"} if decision.calendar == "julian" else {"gregorian"})
    local: dict[int, tuple[str, str, float]] = {}
    for i, counts in votes.items():
        if len(counts) == 1 and next(iter(counts)) in own:
            calendar = next(iter(counts))
            local[i] = (calendar, f"its passage marks {counts[calendar]} date(s) {calendar}, none otherwise", 0.75)
    if decision.country is not None and decision.calendar != "julian":
        for i in range(len(bounds) - 1):
            passage = text[bounds[i]:bounds[i + 1]]
            if i not in local and len(_CYRILLIC.findall(passage)) > max(20, len(passage) / 3):
                local[i] = ("julian", f"a passage in Russian about {decision.country.name} before its switch", 0.7)
    if local:
        decision.passages = lambda offset: local.get(bisect_right(bounds, offset) - 1)
    return decision


def dual_value(value: str, decision: Decision, *, calendar: str | None = None,
               mod: str | None = None) -> tuple[str | None, str | None]:
    """(gregorian, julian) of a value written in a document's calendar; julian None outside the dual era."""
    written = calendar or ("julian" if decision.calendar == "julian" else "gregorian")
    if not in_dual_era(value, decision.country, "julian" if written == "julian" else "gregorian"):
        return value, None
    if written == "julian":
        return convert_value(value, "gregorian", mod=mod), value
    return value, convert_value(value, "julian", mod=mod)


def _marks() -> dict[str, str]:
    return {calendar: "(?:" + "|".join(patterns) + ")" for calendar, patterns in lexicon.calendar_marks().items()}


# a mark right after a date ("25 October 1917 O.S.", "12 May (N.S.)", "1 March 1708 (Swedish calendar)")
_MARK_AFTER = re.compile(r"^\s?[(\[,]?\s?(?:(?P<julian>{julian})|(?P<gregorian>{gregorian})|(?P<swedish>{swedish}))".format(**_marks()))
_MARK_INSIDE = re.compile(r"[(\[]\s?(?:(?P<julian>{julian})|(?P<gregorian>{gregorian})|(?P<swedish>{swedish}))\s?[)\]]".format(**_marks()))
# the Swedish calendar ran one day ahead of the Julian from 1 March 1700 to 30 February 1712
SWEDISH_ERA = ((1700, 3, 1), (1712, 2, 30))


def in_swedish_era(value: str) -> bool:
    """Whether a day value falls in the years of the Swedish calendar (1700-03-01 to 1712-02-30)."""
    day = _DAY.match(value)
    return bool(day) and SWEDISH_ERA[0] <= (int(day[1]), int(day[2]), int(day[3])) <= SWEDISH_ERA[1]


def swedish_values(value: str) -> tuple[str, str] | None:
    """(gregorian, julian) of a day written in the Swedish calendar: "1712-02-30" → ("1712-03-11", "1712-02-29")."""
    day = _DAY.match(value)
    if not day or not in_swedish_era(value):
        return None
    jdn = jdn_from_julian(int(day[1]), int(day[2]), int(day[3])) - 1
    suffix = day[4] or ""
    return _iso(gregorian_from_jdn(jdn)) + suffix, _iso(julian_from_jdn(jdn)) + suffix


def assign_calendars(timex, decision: Decision, text: str = "") -> None:
    """Fill a Timex's gregorian, julian, calendar, calendar_reason and confidence.

    The expression's own evidence comes first (a double date, a mark after it, a dual year such
    as "1688/9", a Swedish date), then the passage's or the document's decision.
    """
    written = "julian" if decision.calendar == "julian" or decision.unmarked == "julian" else "gregorian"
    reason, confidence = decision.reason, decision.confidence
    inner = _MARK_INSIDE.search(timex.text)  # "17 February (Julian) 1753"
    if inner:
        written, reason, confidence = inner.lastgroup, f"marked {inner.group(0).strip(' ()[]')!r} in the date", 0.95
    passage = getattr(decision, "passages", None) if not inner else None
    if passage:
        local = passage(timex.start)
        if local is not None:
            written, reason, confidence = local
    mark = _MARK_AFTER.match(text[timex.end:timex.end + 30]) if text else None
    if mark:
        written, reason, confidence = mark.lastgroup, f"marked {mark.group(0).strip(' ([,')!r} after the date", 0.95
    anchor = timex.anchor or ""
    if anchor.startswith("double:"):
        flag, other = anchor.split(":", 2)[1:]
        first = timex.value
        julian_v, gregorian_v = (first, other) if flag == "J" else (other, first)
        timex.julian, timex.gregorian = julian_v, gregorian_v
        timex.value = julian_v if decision.calendar == "julian" else gregorian_v if decision.calendar == "gregorian" else first
        order = "O.S. then N.S." if flag == "J" else "N.S. then O.S."
        timex.calendar, timex.calendar_reason, timex.confidence = "mixed", f"double date ({order}), the earlier day Julian", 0.95
        timex.anchor = None
        return
    country = decision.country
    if anchor == "double_year":
        timex.anchor = None
        written, reason, confidence = "julian", "dual year such as 1688/9: Old Style, the year begun on 25 March", 0.9
        if country is None or country.year_start != "03-25":
            country = countries()["Great Britain"]
    value = timex.value
    if value == "PRESENT_REF" and timex.anchor:
        value = timex.anchor
    elif value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or timex.type in ("DURATION", "SET"):
        timex.calendar, timex.calendar_reason, timex.confidence = written, reason, confidence
        timex.gregorian, timex.julian = timex.value, None
        return
    swedish_place = country is not None and country.name in ("Sweden", "Finland")
    automatic = written == "julian" and swedish_place and not decision.explicit and not mark and not inner
    only_swedish = written == "julian" and not is_real_date(value, "julian") and is_real_date(value, "swedish")
    if written == "swedish" or only_swedish or (automatic and in_swedish_era(value)):
        pair = swedish_values(value)
        if pair is not None:
            if written != "swedish":
                reason, confidence = f"{reason}; Swedish calendar of 1700-1712 (one day ahead of the Julian)", confidence
            timex.calendar, timex.calendar_reason, timex.confidence = "swedish", reason, confidence
            timex.gregorian, timex.julian = pair
            return
        written = "julian"
    timex.calendar, timex.calendar_reason, timex.confidence = written, reason, confidence
    if written == "julian" and anchor != "double_year" and decision.year_start:
        modern = modern_year_value(value, country)
        if modern != value:
            timex.calendar_reason = f"{reason}; year begun on {country.year_start} (O.S. civil year)"
            value = modern
    local = decision if country is decision.country else Decision(decision.calendar, reason, confidence, country)
    gregorian, julian = dual_value(value, local, calendar=written, mod=timex.mod)
    if written == "julian" and julian is None and _DAYLEVEL.match(value) and (
            mark or not is_real_date(gregorian, "gregorian")):
        # marked O.S. wherever it is, or a Julian leap day ("29 February 1900") that has no Gregorian twin
        gregorian, julian = convert_value(value, "gregorian", mod=timex.mod), value
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
    written_before = _as_written_value(doc)
    decision = Decision(calendar, reason, confidence, find_country(doc.place))
    doc.calendar, doc.calendar_reason, doc.calendar_confidence = calendar, reason, confidence
    for timex in doc.timexes:
        if timex.calendar == "mixed":  # a double date already carries both
            continue
        assign_calendars(timex, decision, doc.text)
    if doc.dct is not None and written_before:
        doc.dct.gregorian, doc.dct.julian = dual_value(written_before, decision)
        if doc.citation.date is not None:
            doc.citation.date.gregorian, doc.citation.date.julian = doc.dct.gregorian, doc.dct.julian
    return doc


def _as_written_value(doc) -> str | None:
    """The value of the document's date as written: the Old Style field where the document wrote
    Julian (and the date falls in the dual era), else the New Style one."""
    if doc.dct is None:
        return None
    if doc.calendar == "julian" and doc.dct.julian:
        return doc.dct.julian
    return doc.dct.gregorian

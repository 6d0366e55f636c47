"""Time stage, calendars: switch dates by country, year-start conventions, and the calendar a
document, a passage or one expression writes, with its reason and confidence.

The day arithmetic (Julian Day Number, month lengths, TIMEX3 values in the other calendar) lives in
``conversion`` and is re-exported here; the switch table lives in ``data/calendars.yaml``; the
known happenings that vote for a calendar come from ``anchors``.
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

from fontes.datafiles import load_yaml
from fontes.time import anchors, lexicon
from fontes.time.conversion import (  # noqa: F401  (re-exported: the conversion is part of the calendars)
    _DAY,
    DUAL_ERA_START,
    GREGORIAN_START,
    CalendarName,
    _iso,
    convert_value,
    gregorian_from_jdn,
    gregorian_to_julian,
    is_real_date,
    jdn_from_gregorian,
    jdn_from_julian,
    julian_from_jdn,
    julian_to_gregorian,
    month_length,
    shift_days,
    value_bounds,
)

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
    modern_julian_until: int | None = None  # before this year modern histories keep Old Style days


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """The switch table, keyed by country name."""
    raw = load_yaml(resources.files("fontes").joinpath("data/calendars.yaml").read_text("utf-8"))
    table = {}
    for name, row in raw["countries"].items():
        start = row.get("year_start") or {}
        table[name] = Country(
            name=name, switch=row["switch"], names=tuple(row.get("names", [])),
            weak=tuple(row.get("weak", [])), year_start=start.get("day"), year_start_until=start.get("until"),
            domains=tuple(row.get("domains", [])), modern=row.get("modern", "gregorian"),
            modern_julian_until=row.get("modern_julian_until"),
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


def _place(lookup: dict[str, tuple[str, float]], word: str) -> tuple[str, float] | None:
    """The lookup entry of a matched place name. The pattern matches case-insensitively, and Unicode
    case-insensitivity equates letters that ``lower()`` keeps apart (the long s of early modern print,
    "Auſtria"), so those are folded before giving up."""
    return lookup.get(word.lower()) or lookup.get(word.lower().replace("ſ", "s"))


def find_country(name: str | None) -> Country | None:
    """The country a place name (country, city or demonym) belongs to, or None."""
    if not name:
        return None
    pattern, lookup = _place_pattern()
    hit = _place(lookup, name.strip())
    if hit is None:
        match = pattern.search(name)
        hit = _place(lookup, match[1]) if match else None
    return countries()[hit[0]] if hit else None


def place_scores(text: str, weight: float = 1.0) -> dict[str, float]:
    """Country → evidence score from the place names a text mentions (demonyms count half)."""
    pattern, lookup = _place_pattern()
    scores: dict[str, float] = {}
    for match in pattern.finditer(text):
        word = match[1]
        if word[0].islower():  # "turkey", "china": common nouns, not places
            continue
        hit = _place(lookup, word)
        if hit is None:
            continue
        country, strength = hit
        scores[country] = scores.get(country, 0.0) + strength * weight
    return scores


# --- eras -------------------------------------------------------------------------------------

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
    # offset of an expression → (calendar, reason, confidence) from a known happening it dates
    expressions: dict[int, tuple[str, str, float]] | None = None


# ("Timeline (old calendar)": a heading's bracketed label names the calendar of the list below it)
_OS = re.compile(r"\b(?:O\.\s?S\.|Old\sStyle|old\sstyle|Julian\scalendar|\(O\.?S\.?\))|\bOS\s?\)|\([Oo]ld\s[Cc]alendar\)")
_NS = re.compile(r"\b(?:N\.\s?S\.|New\sStyle|new\sstyle|\(N\.?S\.?\))|\bNS\s?\)|\([Nn]ew\s[Cc]alendar\)")
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
        return written or _language_country(doc.text or "")
    best = max(candidates, key=lambda c: (era_hits(c) > 0, scores[c.name]))
    if values and not era_hits(best):
        # a letter in Swedish edited in Paris: the places named have no era for its dates, its language has
        spoken = _written_in(doc.text or "")
        if spoken is not None and era_hits(spoken):
            return spoken
    if written is not None and not era_hits(best):
        return written
    return best


_SOUTH_SLAVIC = re.compile(r"[јљњџћђѓќѕЈЉЊЏЋЂЃЌЅ]|ъ(?=[а-яё])")


def _language_country(text: str) -> Country | None:
    """Russia for a text written in Russian that names no place of its own ("Указ от 19 февраля 1861 г."),
    else None. Serbian and Macedonian letters (ј, љ, њ, ќ...) or a hard sign inside words (Bulgarian,
    where modern and pre-1918 Russian write it at most between prefix and root) say another language."""
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic > max(20, len(text) / 4) and len(_SOUTH_SLAVIC.findall(text)) * 200 < cyrillic:
        return countries().get("Russia")
    return _written_in(text)


_WORD = re.compile(r"[^\W\d_]+")
# the share of a text's words that must be a language's function words ("och", "jagh") to say it is in it
_FUNCTION_SHARE = 0.06
_FUNCTION_MIN = 8


def _written_in(text: str) -> Country | None:
    """The country of the language a text is written in, from its function words (``function_words``
    of a time lexicon naming its ``country``): a letter in Swedish keeps the Swedish calendar."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    for _code, (country, function_words) in lexicon.language_countries().items():
        hits = sum(1 for w in words if w in function_words)
        if hits >= _FUNCTION_MIN and hits >= _FUNCTION_SHARE * len(words):
            return countries().get(country)
    return None


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
    holds in one calendar only, a check that needs no knowledge of the event. A Julian day may
    also hold with the year begun on 25 March ("Tuesday, 30 January 1648") or in the Swedish
    calendar of 1700-1712; double dates carry both calendars and give no vote."""
    votes = {"julian": 0, "gregorian": 0}
    for t in timexes:
        day = _DAY.match(t.value or "")
        if not day or not re.search(r"\d", t.text) or (country is not None and not in_dual_era(t.value, country)):
            continue  # a bare "Tuesday" took its day from the weekday: no evidence
        if (t.anchor or "").startswith("double:"):
            continue
        # the weekday written with the date itself: "Sunday, 9 January 1905", "Monday September 3"
        named = _WEEKDAY.search(t.text) or _WEEKDAY_BEFORE.search(doc.text, max(0, t.start - 14), t.start)
        if not named:
            continue
        ymd = (int(day[1]), int(day[2]), int(day[3]))
        wanted = _WEEKDAYS.index(named.group(1).lower())
        as_gregorian = _weekday(jdn_from_gregorian(*ymd)) if is_real_date(t.value[:10]) else None
        as_julian = _weekday(jdn_from_julian(*ymd)) if is_real_date(t.value[:10], "julian") else None
        if as_gregorian == wanted != as_julian:
            votes["gregorian"] += 1
        elif as_julian == wanted != as_gregorian:
            votes["julian"] += 1
            if ymd[1:] < (3, 25):  # "Tuesday, 30 January 1649" holds with the year as written: years from 1 January
                votes["january_years"] = votes.get("january_years", 0) + 1
        elif wanted not in (as_gregorian, as_julian) and _julian_elsewise(ymd, country) == wanted:
            votes["julian"] += 1
    return votes


def _weekday(jdn: int) -> int:
    """Monday 0 ... Sunday 6 of a Julian Day Number."""
    return jdn % 7


def _julian_elsewise(ymd: tuple[int, int, int], country: Country | None) -> int | None:
    """The weekday of a Julian-era day read another way: with its year begun on 25 March (a January
    to March day of England's civil year), or in the Swedish calendar of 1700-1712."""
    y, m, d = ymd
    if country is not None and country.year_start == "03-25" and (m, d) < (3, 25) and y <= (country.year_start_until or 0):
        return _weekday(jdn_from_julian(y + 1, m, d))
    if country is not None and country.name in ("Sweden", "Finland") and SWEDISH_ERA[0] <= ymd <= SWEDISH_ERA[1]:
        return _weekday(jdn_from_julian(y, m, d) - 1) if is_real_date(f"{y:04d}-{m:02d}-{d:02d}", "swedish") else None
    return None


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"(?i)\b(" + "|".join(_WEEKDAYS) + r")\b")
_WEEKDAY_BEFORE = re.compile(r"(?i)\b(" + "|".join(_WEEKDAYS) + r"),?\s(?:the\s)?$")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁіѣ]")


def _marked_share(text: str, dated) -> float:
    """The share of day and month dates that stand in a paragraph holding an O.S./N.S. mark."""
    # the days written with their number: "that day", "the next day" follow the date they count from
    dated = [t for t in dated if re.search(r"\d", t.text)] or dated
    if not dated:
        return 1.0
    marked = [(m.start(), m.end()) for m in re.finditer(r"(?s).+?(?:\n\s*\n|$)", text)
              if _OS.search(m.group()) or _NS.search(m.group())]
    # one day written twice is one day: "May 11, O.S." and later "on the 11th" are marked together
    days = {t.value[:10] for t in dated}
    inside = {t.value[:10] for t in dated if any(a <= t.start < b for a, b in marked)}
    return len(inside) / len(days)


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


def _early(country: Country, era_dates) -> bool:
    """Whether most dates of the era fall before the year up to which modern histories keep the
    country's Old Style days (Russia before 1800, ``modern_julian_until``: Peter I's reforms and
    the Pugachev rising are told in Old Style unless a mark or a known happening says otherwise)."""
    if not country.modern_julian_until or not era_dates:
        return False
    years = sorted(int(t.value[:4]) for t in era_dates)
    return years[len(years) // 2] < country.modern_julian_until


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
    # a bare "1637/38" (a portrait's date, a season) may be either year; only a day or a month written
    # with a double year ("4 Feb. 1625/6") says the text counts its years from 25 March
    double_years = sum(1 for t in timexes if t.anchor == "double_year" and _DAYLEVEL.match(t.value))
    if gregorian_first > julian_first:
        return Decision("gregorian", f"writes New Style with Old Style glosses ({gregorian_first} double dates, "
                        "N.S. first)", 0.85, country)
    if as_written and not doubles and doc.genre == "primary":
        # a letter whose own date line says its calendar ("St. Petersburg, Jan. 10th (N.S.) 1856")
        # writes its other days in that calendar too, wherever it was written
        own_old, own_new = bool(_OS.search(as_written)), bool(_NS.search(as_written))
        if own_old != own_new:
            written = "julian" if own_old else "gregorian"
            return Decision(written, f"its own date line is marked {'O.S.' if own_old else 'N.S.'} "
                            f"({as_written!r})", 0.85, country, explicit=True)
    known = anchor_votes(doc, timexes)
    lean = anchors.tally(known)
    if old and new or doubles:
        # a mark that introduces a gloss ("(N.S. 25 August)") names the other calendar than the text's
        glossed = [(t.start, t.end) for t in timexes if (t.anchor or "").startswith("double:")]
        free_old, free_new = _free_marks(_OS, text, glossed), _free_marks(_NS, text, glossed)
        if abs(lean["julian"] - lean["gregorian"]) >= 1:  # the known happenings it dates decide
            unmarked = "julian" if lean["julian"] > lean["gregorian"] else None
            why = f"; unmarked dates read as {'O.S.' if unmarked else 'N.S.'}, as the known happenings they date"
        else:
            # unmarked dates follow the calendar the text marks most ("4 October 1582" among five O.S.
            # marks), and a text that glosses its dates in one calendar writes the others in the other
            # a double date with its other day in brackets ("27 July (7 August)") writes the text's own
            # calendar first and glosses the other; a pair "14/26 March" favours neither, so it is no
            # vote for reading the unmarked days Old Style (issue 10: a chronology pairing local days
            # and giving Western ones single)
            julian_glossed = sum(1 for t in timexes if (t.anchor or "").startswith("double:J:") and _GLOSSED.search(t.text))
            unmarked = "julian" if free_old + julian_glossed > 2 * (free_new + gregorian_first) else None
            why = "; unmarked dates read as O.S., the calendar it marks or glosses least" if unmarked else ""
        return Decision("mixed", f"explicit markers: {old} O.S., {new} N.S., {doubles} double dates" + why, 0.8, country,
                        unmarked=unmarked)
    if (old or new) and _marked_share(text, dated) <= 0.5:
        old = new = 0  # the marks belong to some passages only (passage_calendars): the rest is read below
    if double_years and not new:
        return Decision("julian", f"double years such as 1688/9 ({double_years}): O.S. dating with a 25 March year",
                        0.85, country)
    by_anchor = _anchor_decision(known, lean, _weekday_votes(doc, dated, country), country, dated) if dated else None
    # marks in the prose ("the Julian calendar was then in use") that no date carries weigh less than
    # the known happenings the text dates
    attached = sum(1 for t in dated if _MARK_AFTER.match(text[t.end:t.end + _MARK_REACH]) or _MARK_INSIDE.search(t.text))
    if by_anchor is not None and (not attached or not (old or new)):
        return _confirm(by_anchor, _decide_by_marks(doc, dated, country, old, new, dct_value, as_written))
    return _decide_by_marks(doc, dated, country, old, new, dct_value, as_written)


def _decide_by_marks(doc, dated, country: Country | None, old: int, new: int, dct_value: str | None,
                     as_written: str | None) -> Decision:
    """decide_calendar's reading from O.S./N.S. marks, weekdays, the place and time of the
    events, and the text's origin, once the double dates have said nothing."""
    text = doc.text or ""
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
        winner = "julian" if votes["julian"] > votes["gregorian"] else "gregorian"
        january = winner == "julian" and votes.get("january_years", 0) > 0
        return Decision(winner, f"weekdays written with {votes[winner]} dates hold in the {winner} calendar only"
                        + ("; with the years as written, so they count from 1 January" if january else ""),
                        0.9, country, year_start=not january)
    # the writing date decides only for a text written in the era, or when most dates are after it
    if dct_value and not in_dual_era(dct_value, country) and len(era_dates) * 2 <= len(dated):
        return Decision("gregorian", f"written {dct_value[:10]}, after the switch in {country.name} ({country.switch}), "
                        "and most of its dates are too", 0.9, country)
    if _CYRILLIC.search(text) and len(_CYRILLIC.findall(text)) > len(text) / 4:
        return Decision("julian", f"a text in Russian about {country.name} before its switch ({country.switch}): "
                        "dates in the local Old Style", 0.75, country)
    if _written_in(text) is country:
        return Decision("julian", f"a text in the language of {country.name} before its switch ({country.switch}): "
                        "dates in the local Old Style", 0.75, country)
    origin = place_scores(_publication_text(doc, as_written))
    # a document of its time written in the country (its place of writing, as the metadata read it)
    written_there = doc.genre == "primary" and find_country(getattr(doc, "place", None)) is country
    from_there = origin.get(country.name, 0) >= 1.0 or written_there
    modern = doc.genre == "secondary" or (doc.genre is None and _WEBSITE.search(text))
    if modern:
        if _site_country(doc) is country:
            return Decision("julian", f"a {country.name} edition or site writing of {country.name} before its switch "
                            f"({country.switch}) keeps the local Old Style dates", 0.6, country)
        if country.modern == "julian":
            return Decision("julian", f"a modern text on {country.name} before its switch ({country.switch}): "
                            "historians keep its Old Style days (years from 1 January)", 0.6, country, year_start=False)
        if _early(country, era_dates):
            return Decision("julian", f"a modern text on {country.name} before {country.modern_julian_until}: "
                            "historians keep the Old Style days of that time (years from 1 January)", 0.6, country,
                            year_start=False)
        return Decision("gregorian", f"a modern text from outside {country.name} about its events before the switch "
                        f"({country.switch}): dates read as N.S.", 0.6, country)
    if from_there or (_WRITING_LINE.search(text[:3000]) and origin.get(country.name)):
        return Decision("julian", f"written in {country.name} before its switch ({country.switch}); "
                        "the edition comes from there and keeps the original dates", 0.8, country)
    if _WRITING_LINE.search(text[:3000]) and not origin:
        return Decision("julian", f"dated at its writing (Written:/Sent: header) in {country.name} before its switch "
                        f"({country.switch}), with no foreign edition named", 0.6, country)
    if country.modern == "julian" or _early(country, era_dates):
        return Decision("julian", f"a {country.name} text from before the switch ({country.switch}): its editors "
                        "keep the Old Style days (years from 1 January)", 0.6, country, year_start=False)
    return Decision("gregorian", f"a {country.name} text from before the switch ({country.switch}) reproduced "
                    "by an editor outside it: dates read as N.S.", 0.6, country)


def anchor_votes(doc, timexes) -> list[anchors.Vote]:
    """Votes of the known happenings a document dates, leaving out the expressions it marks O.S./N.S."""
    text = doc.text or ""
    marked = [(t.start, t.end) for t in timexes if _MARK_AFTER.match(text[t.end:t.end + _MARK_REACH])
              or _MARK_INSIDE.search(t.text)]
    return anchors.anchor_votes(text, timexes, skip=marked)


# the second day of a double date in brackets: a gloss ("27 July (7 August)"), not a pair ("14/26 March")
_GLOSSED = re.compile(r"\S\s?[(\[]")


def _free_marks(pattern: re.Pattern[str], text: str, glossed: list[tuple[int, int]]) -> int:
    """O.S. (or N.S.) marks that stand outside double dates: marks of single dates or of the prose."""
    return sum(1 for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in glossed))


def _anchor_decision(known: list[anchors.Vote], lean: dict[str, float], weekdays: dict[str, int],
                     country: Country | None, dated) -> Decision | None:
    """The document's calendar from the known happenings it dates and its dated weekdays, when
    they agree clearly (two thirds of the weight, and a margin of one vote, or of half a vote that
    nothing opposes), else None."""
    julian = lean["julian"] + weekdays["julian"]
    gregorian = lean["gregorian"] + weekdays["gregorian"]
    if not known or max(julian, gregorian) < 2 * min(julian, gregorian):
        return None
    if abs(julian - gregorian) < (0.5 if min(julian, gregorian) == 0 else 1):  # one unopposed half vote will do
        return None
    winner = "julian" if julian > gregorian else "gregorian"
    mine = [v for v in known if (v.calendar == "gregorian") == (winner == "gregorian")]
    if not weekdays[winner] and sum(v.weight for v in mine) < 1 and not any(v.day for v in mine):
        return None  # half a vote from a month ("December 1904" near a siege's name) is too little alone
    if country is None or not any(in_dual_era(t.value, country) for t in dated):
        weight: dict[str, float] = {}
        for v in mine:
            weight[v.country] = weight.get(v.country, 0.0) + v.weight
        country = countries().get(max(weight, key=weight.get)) if weight else country
    events = "; ".join(dict.fromkeys(v.reason for v in mine))
    if len(events) > 200:
        events = events[:200].rsplit(";", 1)[0] + "; ..."
    # years count from 25 March only where a known day is written with the civil year before
    lady_day = winner == "julian" and any(v.lady_day_year for v in mine) and not any(v.january_year for v in mine)
    extra = f"; {weekdays[winner]} dated weekday(s) agree" if weekdays[winner] else ""
    # known days that hold in the Julian calendar proper say the text is not in the Swedish one
    julian_proper = winner == "julian" and not any(v.calendar == "swedish" for v in mine)
    return Decision(winner, f"dates {len(mine)} known happening(s) in the {winner} calendar ({events}){extra}",
                    0.85, country, year_start=lady_day, explicit=julian_proper)


def _confirm(by_anchor: Decision, fallback: Decision) -> Decision:
    """The known happenings' decision, or the other evidence's where both name the same calendar
    (its country and year style are then kept, and the happenings added to its reason)."""
    if fallback.calendar != by_anchor.calendar:
        return by_anchor
    fallback.reason = f"{fallback.reason}; confirmed: {by_anchor.reason}"
    fallback.confidence = max(fallback.confidence, by_anchor.confidence)
    return fallback


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
        mark = _MARK_AFTER.match(text[t.end:t.end + _MARK_REACH])
        # a double date votes for its passage only where it glosses the other calendar in brackets
        flag = t.anchor.split(":")[1] if (t.anchor or "").startswith("double:") and _GLOSSED.search(t.text) else None
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
    unmarked = "julian" if decision.calendar == "julian" or decision.unmarked == "julian" else "gregorian"
    known = anchor_votes(doc, timexes)
    weights: dict[int, dict[str, float]] = {}
    for v in known:
        i = bisect_right(bounds, v.start) - 1
        calendar = "gregorian" if v.calendar == "gregorian" else "julian"
        weights.setdefault(i, {"julian": 0.0, "gregorian": 0.0})[calendar] += v.weight
    for i, counts in weights.items():
        other = "gregorian" if unmarked == "julian" else "julian"
        if i not in local and counts[other] >= 1 and counts[unmarked] == 0:
            local[i] = (other, f"its passage dates {int(counts[other])} known happening(s) in the {other} calendar", 0.75)
    # the expression that dates a known happening is read in the calendar in which that day is right
    # unless the document's other known happenings outvote it two to one (a coincidence of days)
    lean = anchors.tally(known)

    def outvoted(v: anchors.Vote) -> bool:
        mine = lean["gregorian" if v.calendar == "gregorian" else "julian"]
        theirs = lean["julian" if v.calendar == "gregorian" else "gregorian"]
        return theirs >= 2 and theirs >= 2 * mine
    decision.expressions = {v.start: (v.calendar, v.reason, 0.9) for v in known if v.weight >= 1 and not outvoted(v)}
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


# how far after a date its mark may run ("11 March 1712 in the countries which had adopted the Gregorian calendar")
_MARK_REACH = 75
# a mark right after a date ("25 October 1917 O.S.", "12 May (N.S.)", "1 March 1708 (Swedish calendar)",
# "November 11th of the Old Style Calendar")
# ("April 1. O.S.": a letter's date line may close the day with a full stop before its mark)
_MARK_AFTER = re.compile(r"^(?:\.(?=\s?[A-Z]\.\s?S\.))?\s?[(\[,]?\s?(?:(?:of|in|by)\s(?:the\s)?)?(?:(?P<julian>{julian})|(?P<gregorian>{gregorian})|(?P<swedish>{swedish}))".format(**_marks()))
_MARK_INSIDE = re.compile(r"[(\[]\s?(?:(?P<julian>{julian})|(?P<gregorian>{gregorian})|(?P<swedish>{swedish}))\s?[)\]]"
                          r"|\s(?:(?P<j2>{julian})|(?P<g2>{gregorian}))(?=,?\s\d)".format(**_marks()))
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
        written = {"j2": "julian", "g2": "gregorian"}.get(inner.lastgroup or "", inner.lastgroup)
        reason, confidence = f"marked {inner.group(0).strip(' ()[]')!r} in the date", 0.95
    passage = getattr(decision, "passages", None) if not inner else None
    if passage:
        local = passage(timex.start)
        if local is not None:
            written, reason, confidence = local
    known = (decision.expressions or {}).get(timex.start) if not inner else None
    if known is not None:
        written, reason, confidence = known
    mark = _MARK_AFTER.match(text[timex.end:timex.end + _MARK_REACH]) if text else None
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
    if anchor == "world_era":
        timex.anchor = None
        written, reason, confidence = "julian", "a year from the creation of the world (Byzantine era), Julian", 0.9
        country = countries()["Russia"]
    value = timex.value
    if value == "PRESENT_REF" and timex.anchor:
        value = timex.anchor
    elif value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or timex.type in ("DURATION", "SET"):
        timex.calendar, timex.calendar_reason, timex.confidence = written, reason, confidence
        timex.gregorian, timex.julian = timex.value, None
        return
    swedish_place = country is not None and country.name in ("Sweden", "Finland")
    automatic = written == "julian" and swedish_place and not decision.explicit and not mark and not inner and not known
    # a day that only the Swedish calendar had ("30 February 1712") is Swedish, whatever the passage
    only_swedish = not is_real_date(value, "julian") and not is_real_date(value, "gregorian") and is_real_date(value, "swedish")
    if written == "swedish" or only_swedish or (automatic and in_swedish_era(value)):
        pair = swedish_values(value)
        if pair is not None:
            if written != "swedish":
                reason = f"{reason}; Swedish calendar of 1700-1712 (one day ahead of the Julian)"
            timex.calendar, timex.calendar_reason, timex.confidence = "swedish", reason, confidence
            timex.gregorian, timex.julian = pair
            return
        written = "julian"
    timex.calendar, timex.calendar_reason, timex.confidence = written, reason, confidence
    if written == "julian" and anchor not in ("double_year", "world_era") and decision.year_start:
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
    if julian is None and _before_gregorian(value) and not (mark or inner):
        # before 15 October 1582 no one dated by the Gregorian calendar: a day is Julian, wherever it is
        gregorian, julian = convert_value(value, "gregorian", mod=timex.mod), value
        timex.calendar = "julian"
        timex.calendar_reason = "a day before 15 October 1582, when the Gregorian calendar began: Julian"
    timex.gregorian, timex.julian = gregorian, julian
    if written == "julian" and julian is None and gregorian == value and _DAYLEVEL.match(value) and country is not None:
        # read Old Style by its passage, but a day after the place's switch: it is written New Style
        timex.calendar = "gregorian"
        timex.calendar_reason = f"{timex.calendar_reason}; after the switch in {country.name} ({country.switch}): N.S."


def _before_gregorian(value: str) -> bool:
    """Whether a day value falls before 15 October 1582, the first day of the Gregorian calendar."""
    day = _DAY.match(value)
    return bool(day) and (int(day[1]), int(day[2]), int(day[3])) < GREGORIAN_START


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

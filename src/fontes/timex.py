"""Time stage: find time expressions and normalise them to TIMEX3 values in both calendars.

Recognition is a set of regular expressions compiled once (no general date parser on the hot
path); overlapping candidates are reduced to the longest. Normalisation walks the expressions
in text order with a reference time: the document creation time (DCT) for deictic expressions
("today", "last week") and the last date the narrative established for anaphoric ones ("the
following morning", "that day", a bare "March"), as a careful reader would (issue 3).
``tag`` does recognition and normalisation on plain text; ``find_timexes`` is the pipeline
stage, which also decides the document's calendar (see ``fontes.calendars``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import yaml

from fontes import calendars
from fontes.model import Document, DualDate, Timex
from fontes.settings import DEFAULTS, Settings

# --- vocabulary -------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
ROMAN_MONTHS = {r: i + 1 for i, r in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"])}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "half a": 0.5, "a half": 0.5,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23,
    "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27,
    "twenty-eighth": 28, "twenty-ninth": 29, "thirty-first": 31,
}
VAGUE_NUMBERS = {"several", "few", "a few", "some", "many", "a couple of", "couple of", "a number of", "numerous"}
UNITS = {  # unit word → (TIMEX3 duration code, is a time unit)
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W2", False), "month": ("M", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False), "quarter": ("Q", False),
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "noon": "MI",
                "midday": "MI", "dawn": "MO", "daybreak": "MO", "dusk": "EV", "nightfall": "NI"}
MODS = {  # modifier words → TIMEX3 mod
    "early": "START", "beginning": "START", "start": "START", "first half": "START", "dawn": "START",
    "late": "END", "end": "END", "close": "END", "second half": "END", "latter part": "END",
    "mid": "MID", "middle": "MID", "height": "MID",
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "some": "APPROX",
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
}

# --- building blocks of the patterns ----------------------------------------------------------

_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
        r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z])")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
_DAYN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|d)?(?!\d|:\d)"
_ORDW = "(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"
_DAY = rf"(?:{_DAYN}|(?i:{_ORDW})(?![a-z]))"
# a year: four digits from 1000, or fewer digits when an era (BC, AD, CE) follows
_YEAR = r"(?:1\d{3}|20\d{2}|[1-9]\d{0,2}(?=\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?|C\.?E\.?)\b))(?:\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?|C\.?E\.?)(?![A-Za-z]))?(?![\d,]\d)"
_YEAR_PLAIN = r"(?<![\d$£€.,/-])(?:1\d{3}|20\d{2})(?![\d%]|,\d|\.\d)"
_UNITW = "one|two|three|four|five|six|seven|eight|nine"
_TEENW = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENSW = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMW = (rf"(?:(?:{_TENSW})(?:[- ](?:{_UNITW}))?|(?:{_UNITW}|a)[- ]hundred|{_TEENW}|{_UNITW}|a\sdozen|dozen|hundred"
         rf"|half\sa|an|a)")
_NUMW_NA = _NUMW.replace("|half\\sa|an|a)", ")")
_NUM_NA = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|a couple of|couple of|a few|few|several|some|many|numerous|a number of|{_NUMW_NA})"
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|a couple of|couple of|a few|few|several|some|many|numerous|a number of|{_NUMW})"
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie)|quarter)s?"
_TIME = (r"(?:(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s?(?:a\.\s?m\.?|p\.\s?m\.?|am|pm|AM|PM|A\.M\.|P\.M\.)(?![A-Za-z])"
         r"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)(?:\s?(?:hours|hrs|h)\b)?"
         r"|(?:[01]?\d|2[0-3])[.:]?[0-5]\d\s?hours\b"
         r"|(?i:noon|midnight|midday)(?![a-z])"
         r"|(?:\d{1,2}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s?o['’]clock"
         r"(?:\s(?:in the (?:morning|afternoon|evening)|at night))?)")
_TZ = r"(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|local\stime)"
_POD = r"(?:morning|afternoon|evening|night|dawn|daybreak|dusk|nightfall)"
_SEASON = r"(?:spring|summer|autumn|winter|Spring|Summer|Autumn|Winter|fall|Fall)(?![a-z])"
_MODW = r"(?:early|late|mid|middle|Early|Late|Mid|Middle)"
_THE_MOD = r"(?i:the\s(?:very\s)?(?:beginning|start|end|close|middle|first\shalf|second\shalf|latter\spart|height|dawn)\sof)"

# Dates written out: "9 November, 1917", "the 9th of November", "Nov. 9th", "November 8, 1917".
_DOUBLE_YEAR = r"(?:/\d{1,2}(?![\d/]))?"  # "10 February 1688/9": the civil year began on 25 March
_DMY = rf"(?:{_WD},?\s)?(?:the\s)?{_DAY}(?:\sof)?\s{_MON}(?:,?\s{_YEAR}{_DOUBLE_YEAR})?"
_MDY = rf"(?:{_WD},?\s)?{_MON}\s(?:the\s)?{_DAY}(?:,?\s{_YEAR}{_DOUBLE_YEAR})?"
_MY = rf"{_MON},?\s(?:of\s)?{_YEAR}{_DOUBLE_YEAR}"
_OF_THAT_YEAR = rf"{_MON}(?:\s{_DAYN})?\sof\s(?i:that|the\ssame|the\sfollowing|the\sprevious|the\snext|this)\syear"
_DATE = rf"(?:{_DMY}|{_MDY}|{_MY})"
_DRANGE_DM = rf"{_DAYN}\s?[-–]\s?{_DAYN}\s{_MON}(?:,?\s{_YEAR})?"
_DRANGE_MD = rf"{_MON}\s{_DAYN}\s?[-–]\s?{_DAYN}(?:,?\s{_YEAR})?"
_ANYDATE = rf"(?:{_DRANGE_DM}|{_DRANGE_MD}|{_DATE}|{_WD})"


_MON_RE, _WD_RE, _TIME_RE, _SEASON_RE = (re.compile(p) for p in (_MON, _WD, _TIME, _SEASON))


@dataclass(slots=True)
class _Hit:
    """A recognised expression before normalisation."""

    start: int
    end: int
    kind: str
    priority: int = 0


@dataclass(slots=True)
class _Context:
    """What normalisation needs: the DCT, the narrative's reference time, the mode."""

    dct: date | None
    narrative: bool
    ref: str | None = None
    deictic_dct: bool = True  # the DCT is the writer's "today" (False for a download timestamp)  # value of the last date the text established (YYYY, YYYY-MM or YYYY-MM-DD)
    text: str = ""
    quarter: str | None = None  # the last quarter the text named ("1989-Q3"): earnings news compares quarters


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


# --- pattern table ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    priority: int = 0
    need: tuple[str, ...] = ()  # trigger classes the sentence must hold for the rule to run (see _NEEDS)
    # (before, after): a match holds a word of the first needed class and reaches at most this many
    # characters before and after it, so the rule runs only on those windows of the sentence
    reach: tuple[int, int] | None = None


def _rules() -> list[_Rule]:
    r = []

    def add(kind: str, pattern: str, priority: int = 0, need: str = "", first: str = "",
            reach: tuple[int, int] | None = None) -> None:
        # ``first``: the characters a match can begin with; a look-ahead on them skips most positions
        head = (f"(?=[{first}])" if first else "") + r"(?<![\w])"
        r.append(_Rule(kind, re.compile(rf"{head}{pattern}(?![\w])" if not pattern.endswith(")") else
                                        rf"{head}{pattern}"), priority, tuple(need.split("&")) if need else _NEEDS[kind],
                       reach))

    numeric_year = r"(?:1\d{3}|20\d{2})"
    add("iso", r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T\d{2}:\d{2}(?::\d{2})?)?(?![\d-])", 3, "#shape", first="0-9")
    add("numeric", rf"\d{{1,2}}[./]\d{{1,2}}[./](?:{numeric_year}|\d{{2}})(?![\d./])", 3, first="0-9")
    add("numeric_roman", rf"\d{{1,2}}\s?[./ ]\s?(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\s?[./ ]\s?{numeric_year}(?!\d)", 3, first="0-9")
    add("double", rf"{_DAYN}\s{_MON}\s?\(\s?{_DAYN}\s{_MON}\s?\)(?:,?\s{_YEAR})?", 6, first="0-9JFMASOND")
    add("double", rf"{_DAYN}\s{_MON}\s?/\s?{_DAYN}\s{_MON}(?:,?\s{_YEAR})?", 6, first="0-9JFMASOND")
    add("double", rf"{_MON}\s{_DAYN}\s?/\s?{_MON}\s{_DAYN}(?:,?\s{_YEAR})?", 6, first="0-9JFMASOND")
    add("double", rf"{_DAYN}\s?/\s?{_DAYN}\s{_MON}(?:,?\s{_YEAR})?", 6, first="0-9JFMASOND")
    add("double_year", r"(?:1[0-9]{3})/(?:\d{1,2})(?![\d/])", 2, first="0-9")
    add("date_time_range", rf"(?:from|between)\s{_TIME}\s(?:to|and|until|till)\s{_TIME}(?:,?\s(?:on|of)\s(?:the\s)?{_ANYDATE})?", 8)
    add("date_at_time", rf"{_DATE},?\s(?:at|about|around)\s{_TIME}", 7)
    add("time_on_date", rf"{_TIME}(?:\s(?:{_TZ}))?,?\s(?:(?:on|of)\s(?:the\s)?)?(?:{_DATE}|{_WD})", 7)
    add("pod_of_date", rf"(?:(?i:the)\s)?(?i:{_POD})\sof\s(?:the\s)?{_ANYDATE}", 7)
    add("wd_pod", rf"(?:{_WD}|(?i:yesterday|tomorrow|today|this|last|that|the\s(?:following|next|previous|same))|{_DATE})\s(?i:{_POD})(?![a-z])", 6)
    add("tonight", r"(?i:tonight|overnight)", 2)
    add("time", rf"{_TIME}(?:\s{_TZ})?", 4)
    add("year_range", rf"{numeric_year}\s?[-–]\s?(?:{numeric_year}|\d{{2}})(?![\d%])", 5, first="0-9")
    add("mod_date", rf"(?:{_MODW}[- ]?|{_THE_MOD}\s)(?:{_DATE}|{_MON}|{numeric_year}s?|{_SEASON}(?:\s(?:of\s)?{numeric_year})?|the\s(?:year|month|week|decade|century|war)|(?:this|last|next|that)\s(?:year|month|week|decade|century))", 5)
    add("mod_rel", r"(?i:earlier|later)\s(?:this|that|last|next)\s(?:year|month|week|decade|century)", 5)
    add("drange", _DRANGE_DM, 5, first="0-9JFMASOND")
    add("drange", _DRANGE_MD, 5, first="0-9JFMASOND")
    add("date", _DATE, 4, reach=(60, 60))
    add("of_that_year", _OF_THAT_YEAR, 5, reach=(0, 45))
    add("half_year", rf"(?i:the\s(?:first|second|latter|last)\shalf\sof)\s{numeric_year}", 6)
    add("quarter", rf"(?i:(?:the\s)?(?:(?:fiscal|calendar)[- ])?(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter)(?![a-z])(?:\s(?:of\s)?{numeric_year})?", 4)
    add("quarter", r"(?i:the\s(?:latest|last|past|previous|current|same)\squarter|the\squarter|the\slatest\speriod)(?![a-z])", 2)
    add("unit_rel", r"(?i:the\s(?:year|weekend|week))(?![a-z-])", 1, reach=(5, 12))
    add("yearago", r"(?i:(?:the\s)?year-(?:earlier|ago)\s(?:quarter|period)|year-(?:earlier|ago)|a\syear\searlier|a\syear\sago)", 5, reach=(5, 25))
    add("holiday", _holiday_pattern(), 4)
    add("anniversary", rf"(?i:the\s(?:(?:{_ORDW}|\d+(?:st|nd|rd|th))\s)?anniversary\sof)\s(?:the\s)?(?:{_event_pattern()}|{_DATE})", 7)
    add("season", rf"(?:(?i:the|this|last|next|that|the\sfollowing|the\sprevious|the\snext|early|late|mid)[- ])?{_SEASON}(?:\s(?:of\s)?{numeric_year})?", 3)
    add("decade", r"(?i:the\s)?(?:(?i:early|late|mid)[- ])?(?:(?:1\d|20)\d0['’]?s|['’]\d0s)", 4, first="0-9TtEeLlMm'’")
    add("decade_words", r"(?i:the\s)(?:(?i:early|late|mid)[- ])?(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?![a-z])", 4)
    add("century", rf"(?i:the\s)?(?:(?i:early|late|mid)[- ])?(?:\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDW}))[- ](?i:century)(?:\s?(?:B\.?C\.?|A\.?D\.?))?", 4)
    add("year", rf"(?i:(?:the\s)?year\s)?{_YEAR_PLAIN}(?:\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?)(?![A-Za-z]))?", 1, first="0-9TtYy", reach=(12, 12))
    add("year_bc", r"(?:[1-9]\d{0,3})\s?(?:(?:B\.C\.(?:E\.)?|B\.C(?![.\w])|BCE?)|A\.D\.|AD)(?![A-Za-z])|(?:A\.D\.|AD)\s?[1-9]\d{0,3}(?!\d)", 2)
    add("year_range_bc", r"[1-9]\d{0,3}\s?(?:[-–]|to|and)\s?[1-9]\d{0,3}\s?(?:B\.C\.(?:E\.)?|B\.C(?![.\w])|BCE?)(?![A-Za-z])", 5,
        "era", reach=(25, 10))
    add("fiscal", r"(?i:fiscal)\s(?:1\d{3}|20\d{2})(?!\d)", 3)
    add("month", _MON, 1, reach=(0, 12))
    add("weekday", _WD, 1)
    add("deictic", r"(?i:today|yesterday|tomorrow|the\sday\sbefore\syesterday|the\sday\safter\stomorrow)(?![a-z])", 2)
    add("ref", r"(?=[RrJjNnCcAaPpTt])(?i:(?:right\s|just\s)?now|nowadays|currently|at\spresent|at\sthe\smoment|presently|the\spresent(?:\sday)?|the\scurrent\s(?:time|period))(?![a-z])", 1)
    add("ref", r"(?=[VvQqFfTtRrLl])(?:(?i:very|quite|fairly)\s(?i:soon)|(?i:the\s(?:near\s|distant\s)?future|recently|lately|the\spast))(?![a-z])", 1)
    add("unit_rel", r"(?i:(?:the\s)?(?:this|last|next|past|coming|previous|following|preceding|that|same|current|present|the\ssame|that\ssame|this\ssame|the\sfollowing|the\snext|the\sprevious|the\spreceding|the\slast|later\sthat|earlier\sthat))\s(?i:day|week|weekend|month|year|decade|century|quarter)(?![a-z])", 3, "unit&dir", reach=(30, 12))
    add("unit_rel", rf"(?i:the\s(?:following|next|previous|preceding)|this|last|next|that|the\ssame)\s{_MON}", 4, "month", reach=(25, 12))
    add("unit_rel", rf"(?i:the\s(?:following|next|previous|preceding)|this|last|next|that|the\ssame)\s{_WD}", 4, "weekday", reach=(25, 12))
    add("unit_rel", rf"(?i:{_MON})\s(?i:last|this|next)\syear", 4, "month&year", first="JFMASONDjfmasond")
    add("unit_rel", r"(?i:the\sday\s(?:before|after)|the\snight\s(?:before|after))(?!\s(?:the|a|an|his|her|their|its)\b)", 3, "unit&before", reach=(8, 30))
    add("offset", rf"(?:(?i:only|just|a\smere|some|about|around|nearly|almost|less\sthan|more\sthan)\s)?(?:(?i:{_NUM})[- ])?(?i:{_UNIT})\s(?:(?i:later|earlier|afterwards?|ago|from\snow|hence)(?![a-z])|(?i:before|after)(?![a-z])(?!\s+[\w(\"“]))", 4, "unit&after", reach=(45, 20))
    add("offset", rf"(?i:the\s(?:following|next|previous|preceding)|the\sday)\s(?:(?i:{_NUM})\s)?(?i:{_UNIT})", 1, "unit&seq", reach=(35, 15))
    dur_unit = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie))s?"
    dur_mods = (r"(?:(?i:about|around|approximately|roughly|some|nearly|almost|a\slittle\smore\sthan|a\slittle\sover|"
                r"just\sover|just\sunder|well\sover|less\sthan|under|more\sthan|over(?!\sthe)|at\sleast|up\sto|no\smore\sthan|"
                r"at\smost|no\sless\sthan)\s)?")
    add("duration", rf"{dur_mods}(?:(?i:the\s(?:first|last|past|next|previous|following|coming|preceding|latest)\s)|(?i:these|those|the)\s(?i:past|last|next|first)\s|(?i:the)\s(?=\S+\s(?:minute|hour|day|week|month|year)s\b))?"
        rf"(?:(?i:an?)\s(?:(?i:full|whole|more|further|additional)\s)?(?i:minute|hour|day|night|week|fortnight|month|year|decade|century)(?![-\w])"
        rf"|(?i:{_NUM_NA})(?:\sand\sa\shalf)?[- ](?:(?i:more|full|long|further|additional)\s)?(?i:{dur_unit})(?:\sand\sa\shalf)?(?:[- ]long)?)", 2, reach=(100, 40))
    add("duration", r"(?:(?i:the|these|those)\s)?(?i:past|last|next|recent|coming|following|preceding|previous|first)\s(?:(?i:several|few|many)\s)?(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries)", 2, "unit&dir", reach=(40, 15))
    add("duration", r"(?i:the\s(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)\sthat\sfollowed)", 3, "unit&followed")
    add("duration", r"(?:(?<=for\s)|(?<=over\s)|(?<=within\s)|(?<=after\s)|(?<=For\s))(?i:minutes|hours|days|weeks|months|years|decades|centuries)(?![a-z])", 1, "unit&for", reach=(0, 15))
    add("vague_duration", r"(?i:(?:a|an)\s(?:long|short|brief)\s(?:time|while|period)|some\stime|a\swhile)(?![a-z])", 0)
    add("set", rf"(?i:every|each|per)\s(?:(?i:other|single)\s)?(?:(?i:{_UNIT}|morning|evening|night|weekend|spring|summer|autumn|fall|winter)|{_MON}|{_WD})", 3)
    add("set", r"(?i:daily|weekly|monthly|annually|yearly|nightly|hourly)(?![a-z])", 1)
    add("set", r"(?i:once|twice|three\stimes)\s(?i:a|per|every)\s(?i:day|week|month|year|decade)", 3)
    return r


@lru_cache(maxsize=1)
def _holiday_table() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    raw = yaml.safe_load(resources.files("fontes").joinpath("data/timex_holidays.yaml").read_text("utf-8"))
    holidays = [(re.compile(h["pattern"]), h["date"]) for h in raw["holidays"]]
    events = [(re.compile(e["pattern"]), e["date"]) for e in raw["events"]]
    return holidays, events


def _holiday_pattern() -> str:
    return "(?:" + "|".join(p.pattern for p, _ in _holiday_table()[0]) + ")(?![a-z])"


def _event_pattern() -> str:
    return "(?:" + "|".join(p.pattern for p, _ in _holiday_table()[1]) + ")"


@lru_cache(maxsize=1)
def _compiled() -> list[_Rule]:
    return _rules()


# --- recognition ------------------------------------------------------------------------------

_PLURAL_AFTER_YEAR = re.compile(
    r"\s(?:men|soldiers|troops|people|persons|workers|prisoners|casualties|killed|dead|wounded|tons|tonnes|"
    r"miles|km|kilometres|kilometers|metres|meters|feet|ft|yards|dollars|pounds|rubles|roubles|francs|marks|"
    r"guns|tanks|aircraft|planes|ships|vessels|horses|copies|pages|votes|members|delegates|deaths|acres|"
    r"hectares|units|houses|children|women|students|cases|inhabitants|residents|refugees|civilians|sq)\b")
_MAY_CONTEXT = re.compile(r"(?i:\b(?:in|of|during|by|until|till|since|from|to|through|early|late|mid|last|next|this|"
                          r"that|the\sfollowing|the\send\sof|the\sbeginning\sof|and|or|between|before|after)\s|mid-)$")


# Trigger words: a rule runs on a sentence only if the sentence holds a word of each class the
# rule needs (issue 3: no slow parsing on the hot path; most sentences hold no time word at all).
# Classes are whole lower-cased words ("[a-z]+" tokens, so "mid-July" gives "mid" and "july");
# "#year", "#time" and the other "#" classes are shapes of digits (_DIGIT_SHAPES).
_UNIT_TOKENS = ("second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month", "year", "decade",
                "quarter")
_TRIGGER_WORDS: dict[str, tuple[str, ...]] = {
    "month": tuple(MONTHS),
    "weekday": tuple(WEEKDAYS),
    "unit": _UNIT_TOKENS + tuple(w + "s" for w in _UNIT_TOKENS) + ("century", "centuries"),
    "pod": ("morning", "afternoon", "evening", "night", "dawn", "daybreak", "dusk", "nightfall"),
    "season": ("spring", "summer", "autumn", "winter", "fall"),
    "from": ("from", "between"),
    "mod": ("early", "late", "mid", "middle", "beginning", "start", "end", "close", "half", "part", "height", "dawn"),
    "rel": ("earlier", "later"),
    "deictic": ("today", "yesterday", "tomorrow"),
    "ref": ("now", "nowadays", "currently", "current", "present", "presently", "moment", "soon", "future", "recently",
            "lately", "past"),
    "set": ("every", "each", "per", "daily", "weekly", "monthly", "annually", "yearly", "nightly", "hourly", "once",
            "twice", "times"),
    "vague": ("time", "while", "period"),
    "half": ("half",), "quarter": ("quarter", "quarters", "period"), "year": ("year", "years"), "century": ("century",),
    "anniversary": ("anniversary",), "fiscal": ("fiscal",), "tonight": ("tonight", "overnight"),
    "decade_words": ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"),
    "era": ("bc", "bce", "ad", "b", "d"),
    "clock": ("noon", "midnight", "midday", "clock"),
    "after": ("later", "earlier", "afterward", "afterwards", "ago", "hence", "before", "after", "now"),
    "seq": ("following", "next", "previous", "preceding", "day"),
    "dir": ("this", "last", "next", "past", "coming", "previous", "following", "preceding", "that", "same", "current",
            "present", "recent", "first", "later", "earlier"),
    "followed": ("followed",), "for": ("for", "over", "within", "after"), "before": ("before", "after"),
}
# rule kind -> the trigger classes it needs, all of them (a rule may override with need="a&b")
_NEEDS: dict[str, tuple[str, ...]] = {
    "iso": ("#shape",), "numeric": ("#shape",), "numeric_roman": ("#shape",), "double": ("month", "#double"),
    "double_year": ("#double",), "date_time_range": ("from", "#time"), "date_at_time": ("month", "#time"),
    "time_on_date": ("#time",), "time": ("#time",), "pod_of_date": ("pod",), "wd_pod": ("pod",), "tonight": ("tonight",),
    "year_range": ("#shape",), "drange": ("#shape", "month"), "date": ("month",), "of_that_year": ("month", "year"),
    "half_year": ("half", "#year"), "quarter": ("quarter",), "yearago": ("year",), "anniversary": ("anniversary",),
    "season": ("season",), "decade": ("#shape",), "decade_words": ("decade_words",), "century": ("century",),
    "year": ("#year",), "year_bc": ("era",), "fiscal": ("fiscal", "#year"), "month": ("month",), "weekday": ("weekday",),
    "offset": ("unit",), "duration": ("unit",), "vague_duration": ("vague",), "unit_rel": ("unit",), "mod_date": ("mod",),
    "mod_rel": ("rel",), "deictic": ("deictic",), "ref": ("ref",), "set": ("set",), "holiday": ("holiday",),
}
# shapes of digits, each a trigger class without which some rules cannot match ("#shape": the
# separators of ISO, numeric and Roman-month dates, ranges and decades)
_DIGIT_SHAPES = tuple((frozenset([name]), re.compile(p)) for name, p in (
    ("#year", r"(?:1\d{3}|20\d{2})(?!\d)"),
    ("#time", r"\d(?:\s?(?:[AaPp]\.?\s?[Mm](?![a-z])|hours|hrs|h\b)|[:.]\d\d)"),
    ("#shape", r"\d(?:\d{3}-[01]\d-|[./]\d\d?[./]\d|\s?[./ ]\s?[IVX]|(?:st|nd|rd|th|d)?\s?[-–]\s?\d|0['’]?s)"),
    ("#double", r"[(/]\s?[0-9A-Z]"),
))


_SENTENCE_END = re.compile(r"(?<=[.!?;:])(?<![ap]\.m\.)(?<![AP]\.M\.)(?<![A-Z][a-z][a-z]\.)(?<!Sept\.)\s+(?=[A-Z\"“‘(\[])|\n\s*\n")


def _sentences(text: str, size: int = 0) -> Iterator[tuple[int, int]]:
    """Slices of whole sentences (or lines) of at least ``size`` characters."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() - start >= size:
            yield start, m.start()
            start = m.end()
    if start < len(text):
        yield start, len(text)


def _trie_pattern(words: list[str]) -> str:
    """A regular expression matching exactly the given words, as a trie (one branch per first letter)."""
    if "" in words and len(words) == 1:
        return ""
    groups: dict[str, list[str]] = {}
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
    alts = [re.escape(c) + _trie_pattern(rest) for c, rest in sorted(groups.items())]
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in words else body


@lru_cache(maxsize=1)
def _trigger_table() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """One pattern finding every trigger word of a lower-cased text, and each word's classes."""
    words = dict(_TRIGGER_WORDS)
    words["holiday"] = tuple(max(re.findall(r"[A-Za-z]+", p.pattern), key=len).lower() for p, _ in _holiday_table()[0])
    classes: dict[str, set[str]] = {}
    for name, ws in words.items():
        for w in ws:
            classes.setdefault(w, set()).add(name)
    scan = re.compile(r"(?<![a-z])" + _trie_pattern(sorted(classes)) + r"(?![a-z])")
    return scan, {w: frozenset(c) for w, c in classes.items()}


_RULES_FOR: dict[frozenset[str], tuple[_Rule, ...]] = {}


def _rules_for(present: frozenset[str]) -> tuple[_Rule, ...]:
    """The rules whose trigger classes are all present (cached: few distinct sets occur)."""
    rules = _RULES_FOR.get(present)
    if rules is None:
        rules = _RULES_FOR[present] = tuple(r for r in _compiled() if present.issuperset(r.need))
    return rules


def _first(item: tuple[int, int, frozenset[str]]) -> int:
    return item[0]


def _matches(rule: _Rule, text: str, a: int, b: int, words: list[tuple[int, int, frozenset[str]]]) -> Iterator[re.Match[str]]:
    """The rule's matches in the sentence text[a:b] (on the windows around its trigger words if it has a reach)."""
    n = len(text)
    if rule.reach is None:
        for m in rule.pattern.finditer(text, a, b):
            if m.end() == b < n:  # the slice may have cut the match short: match again without the limit
                m = rule.pattern.match(text, m.start()) or m
            yield m
        return
    before, after = rule.reach
    anchor = rule.need[0]
    windows: list[tuple[int, int]] = []
    for start, end, classes in words:
        if anchor in classes:
            ws, we = max(a, start - before), min(b, end + after)
            if windows and ws <= windows[-1][1]:
                windows[-1] = (windows[-1][0], we)
            else:
                windows.append((ws, we))
    last = a
    for ws, we in windows:
        for m in rule.pattern.finditer(text, max(ws, last), we):
            if m.end() == we < n:  # the window may have cut the match short: match again to the sentence end
                m = rule.pattern.match(text, m.start(), b) or m
                if m.end() == b < n:  # and the sentence may have: match again without the limit
                    m = rule.pattern.match(text, m.start()) or m
            last = m.end()
            yield m


def _candidates(text: str) -> list[_Hit]:
    hits = []
    scan, classes = _trigger_table()
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lower-case to two ("İ"): keep offsets aligned
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found = [(m.start(), m.end(), classes[m.group()]) for m in scan.finditer(lower)]
    for shape_class, shape in _DIGIT_SHAPES:
        found += [(m.start(), m.end(), shape_class) for m in shape.finditer(text)]
    found.sort(key=_first)
    k, nfound = 0, len(found)
    for a, b in _sentences(text):
        present: set[str] = set()
        first = k
        while k < nfound and found[k][0] < b:
            present |= found[k][2]
            k += 1
        if "clock" in present:
            present.add("#time")
        if not present:
            continue
        for rule in _rules_for(frozenset(present)):
            for m in _matches(rule, text, a, b, found[first:k]):
                if m.end() > m.start() and _plausible(rule.kind, m, text):
                    hits.append(_Hit(m.start(), m.end(), rule.kind, rule.priority))
    hits.sort(key=lambda h: (-(h.end - h.start), -h.priority, h.start))
    taken: list[_Hit] = []
    occupied = bytearray(len(text) + 1)
    for h in hits:
        if not any(occupied[h.start:h.end]):
            taken.append(h)
            occupied[h.start:h.end] = b"\x01" * (h.end - h.start)
    taken.sort(key=lambda h: h.start)
    return taken


def _plausible(kind: str, m: re.Match[str], text: str) -> bool:
    s = m.group(0)
    before = text[max(0, m.start() - 25):m.start()]
    after = text[m.end():m.end() + 20]
    if kind in ("year", "year_range"):
        if re.search(r"(?:No\.?|no\.|Nos\.|#|pp?\.|pages?|Vol\.?|vol\.|volume|\$|£|€|number|\d)\s?$", before):
            return False
        if _PLURAL_AFTER_YEAR.match(after) or re.match(r"\s?(?:%|percent|per\scent|\d)", after):
            return False
    short = ("May", "MAY", "Mar", "Jan", "Dec", "Sep", "Sept", "Jun", "Jul", "Aug", "Oct", "Nov", "Feb", "Apr")
    if kind == "month" and s.rstrip(".") in short and (s.startswith("May") or not s.endswith(".")):
        return bool(_MAY_CONTEXT.search(before))  # "may" the verb, "Jan" the name: only after "in", "early"...
    if kind == "month" and s in ("March", "MARCH") and re.match(r"\s(?:on|to|into|through|past|off|across|against|in\b)", after) \
            and not _MAY_CONTEXT.search(before):
        return False
    if kind == "season" and s.lower().endswith("fall") and not re.search(r"\d", s) and (
            re.match(r"\sof\b", after) or not re.search(r"(?i)(?:the|this|last|next|that|early|late|mid)[- ]fall", s)):
        return False  # "the fall of the city"
    if kind == "ref" and s.lower() in ("the past", "the present") and re.match(r"\s(?:of\b|tense|participle|[a-z])", after):
        return False
    if kind == "duration" and re.match(r"(?:[- ]old\b|\sof\sage\b)", after):
        return False  # an age ("a 9-year-old", "90 years old") is not a time expression in TimeML
    if kind == "season" and s[-1].isalpha() and re.match(r"\s[A-Z]", after) and s.split()[-1][0].isupper():
        return False  # "the Winter Palace", "Summer Garden": part of a name
    if kind == "weekday" and re.match(r"\s(?:Times|Post|Telegraph|Express|Review|Herald)\b", after):
        return False
    return not (kind == "time" and re.match(r"^\d{1,2}:\d{2}$", s)
                and re.search(r"(?:score|won|beat|lost|odds|ratio|John|Matthew|Luke|Mark|Genesis)\s?$", before))


# --- small helpers ----------------------------------------------------------------------------

def _number(word: str) -> float | None:
    word = word.strip().lower()
    if not word:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    if word in NUMBERS:
        return NUMBERS[word]
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        a, b = NUMBERS[parts[0]], NUMBERS[parts[1]]
        return a * b if b == 100 else a + b
    return None


def _month_of(text: str) -> int | None:
    m = _MON_RE.search(text)
    return MONTHS.get(m.group(0).rstrip(".").lower()) if m else None


def _year_of(text: str) -> int | None:
    for m in re.finditer(r"(?<![\d])(\d{1,4})(?:\s?((?:B\.C\.?(?:E\.)?|BCE?)|A\.?D\.?))?(?![\d])", text):
        n = int(m.group(1))
        if m.group(2) and m.group(2).upper().startswith("B"):
            return -n + 1  # astronomical numbering: 1 BC = year 0
        if m.group(2) or len(m.group(1)) == 4:
            return n
    return None


def _day_of(text: str) -> int | None:
    """Day of month in a written date, ignoring the year."""
    for m in re.finditer(r"(?<![\d])(\d{1,2})(?:st|nd|rd|th|d)?(?![\d:.]\d)", text):
        n = int(m.group(1))
        if 1 <= n <= 31 and not re.match(r"\d{3}", text[m.start():]):
            return n
    m = re.search(rf"(?i){_ORDW}", text)
    return ORDINALS[m.group(0).lower()] if m else None


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
                     r"intends?|upcoming|coming|to be held|to meet|to begin|to start|to resume|to open|to close)\b")


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


def _anchor_date(ctx: _Context, deictic: bool) -> str | None:
    """The reference value: the DCT for deictic expressions (when there is one), else the narrative's."""
    if deictic and ctx.dct is not None and ctx.deictic_dct:
        return ctx.dct.isoformat()
    return ctx.ref or (ctx.dct.isoformat() if ctx.dct else None)


# "in August and September 1914", "(26 June - 4 August 1952)", "between March and April 1918": the
# year written after the second date is the first one's too
_COORDINATED_YEAR = re.compile(
    rf"\s?(?:and|or|to|until|till|through|[-–])\s?(?:(?:the\s)?{_DAYN}(?:\sof)?\s)?{_MON}(?:\s{_DAYN})?,?\s(\d{{4}})(?!\d)")


def _resolve_month_day(month: int, day: int | None, ctx: _Context, start: int, end: int,
                       direction: str | None = None) -> str:
    """The year of a date written without one, from the narrative reference or the DCT and tense."""
    coordinated = _COORDINATED_YEAR.match(ctx.text, end, end + 50)
    if coordinated and direction is None:
        year = int(coordinated.group(1))
        later = _month_of(coordinated.group(0))
        return _fmt(year - 1 if later is not None and later < month else year, month, day)
    if ctx.narrative or ctx.dct is None:
        anchor = ctx.ref or (ctx.dct.isoformat() if ctx.dct else None)
    else:
        anchor = ctx.dct.isoformat()
    ay, am, ad = _parse_value(anchor)
    if ay is None:
        return _fmt(None, month, day)
    narrative = ctx.narrative and ctx.ref is not None
    tense = direction or (None if narrative else _tense(ctx.text, start, end))
    year = ay
    if am is not None and not (day is None and month == am):
        here, there = month * 31 + (day or 15), am * 31 + (ad or 15)
        if direction == "past" or (narrative and tense == "past"):
            year = ay - 1 if here > there else ay
        elif direction == "future" or (narrative and tense == "future"):
            year = ay + 1 if here < there else ay
        elif narrative:
            # a narrative moves forward: "In December 1941 ... In January" is January 1942
            if here - there <= -170:
                year = ay + 1
            elif here - there > 200:
                year = ay - 1
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


# --- normalisation by kind --------------------------------------------------------------------

def _norm_date_text(s: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    month = _month_of(s)
    if month is None:
        return None
    body = _MON_RE.sub(" ", s, count=1)
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
    if day is not None and day > calendars.month_length(year or 2000, month, "julian"):
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
    m = re.match(r"(\d{1,2})\s?[./ ]\s?([IVX]+)\s?[./ ]\s?(\d{4})", s)
    if not m or m[2] not in ROMAN_MONTHS:
        return None
    return _Norm("DATE", _fmt(int(m[3]), ROMAN_MONTHS[m[2]], int(m[1])), updates_ref=True)


def _h_double(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"26 October (8 November) 1917", "Oct. 25/Nov. 7": the first part O.S., the second N.S."""
    year = _year_of(re.sub(r"\b\d{1,2}(?:st|nd|rd|th)?\b", " ", s))
    parts = [p for p in re.split(r"[()/]", s) if p.strip()]
    months = [_month_of(p) for p in parts[:2]]
    days = [_day_of(_MON_RE.sub(" ", p)) for p in parts[:2]]
    if months[0] is None and len(parts) >= 2 and None not in days:  # "1/14 February", "25/7 November"
        months[0] = months[1] if days[0] < days[1] else (months[1] or 1) - 1 or 12
    if None in months or None in days:
        return None
    if ctx.dct is None and year is None and ctx.ref is None:
        first = _fmt(None, months[0], days[0])
    else:
        first = _fmt(year, months[0], days[0]) if year else _resolve_month_day(months[0], days[0], ctx, start, end)
    try:  # a real O.S./N.S. pair is 10-13 days apart ("the night of 3/4 May" is not)
        nominal = _parse_value(first)[0] or 1900
        second_year = nominal + 1 if months[1] < months[0] else nominal
        gap = (date(second_year, months[1], days[1]) - date(nominal, months[0], days[0])).days
    except ValueError:
        return None
    if not 10 <= gap <= 13:
        return _Norm("DATE", first, updates_ref=True)
    return _Norm("DATE", first, anchor="double:" + _fmt(_parse_value(first)[0], months[1], days[1]), updates_ref=True)


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
    if _MON_RE.search(s):
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
    "iso": _h_iso, "numeric": _h_numeric, "numeric_roman": _h_numeric_roman, "double": _h_double,
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
    if ctx.narrative and ctx.ref is not None and _before_ref(value, ctx.ref):
        if _PAST_PERFECT.search(_clause_before(ctx.text, start)):
            return True  # "forces that had invaded Burma in late 1943" looks back from the story's time
        if _BACKWARD.search(ctx.text, start, end):
            return True  # "gains achieved during the previous year": the story stays where it was
    if not re.fullmatch(r"\d{4}", value) or ctx.ref is None or len(ctx.ref) == 4:
        return False
    text = ctx.text
    if text[max(0, start - 1):start] == "(" and text[end:end + 1] == ")":
        return True
    if ctx.narrative and int(value) < (_parse_value(ctx.ref)[0] or 0) - 20:
        return True  # "the Estates-General of 1614" in a story of 1788: a look far back, not a move
    return _tense(text, start, end) == "future"


def _update_ref(ctx: _Context, value: str) -> None:
    y, m, d = _parse_value(value)
    if y is None:
        return
    new = _fmt(y, m, d)
    ry, rm, _ = _parse_value(ctx.ref)
    if m is None and ry == y and rm is not None:
        return  # "in 1917" after "April 1917" keeps the finer reference
    ctx.ref = new


def _iter_timexes(text: str, ctx: _Context, skip_ref: Callable[[int], bool] | None = None) -> Iterator[Timex]:
    for hit in _candidates(text):
        s = text[hit.start:hit.end]
        try:
            norms = _normalise(hit.kind, s, ctx, hit.start, hit.end)
        except (ValueError, KeyError, AttributeError, IndexError, TypeError, OverflowError):
            norms = []  # a malformed candidate is dropped, never raised: tag() must not fail on any text
        for n in norms:
            start = hit.start if n.start is None else n.start
            end = hit.end if n.end is None else n.end
            frozen = skip_ref is not None and skip_ref(start)
            if n.updates_ref and not frozen and "X" not in n.value[:4] and not _aside(ctx, n.value, start, end):
                _update_ref(ctx, n.value)
            if n.coarsens_ref and not frozen and ctx.ref:
                ctx.ref = ctx.ref[:4]
            anchor = n.anchor
            yield Timex(start=start, end=end, text=text[start:end], type=n.type, value=n.value,
                        gregorian=n.value, mod=n.mod, anchor=anchor)


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
    return list(_iter_timexes(text, ctx))


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
    # a date in the title block (first lines) stands for the document's date
    for line in head.splitlines()[:12]:
        date_m = re.search(rf"{_DMY}|{_MDY}", line)
        if date_m and _year_of(date_m.group(0)) and _MON_RE.search(date_m.group(0)):
            return date_m.group(0)
    return None


def find_timexes(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Add a Timex for every date, time, duration or set in doc.text, in both calendars.

    Reads doc.text, doc.zones, doc.citation (and doc.place, doc.genre when set); writes
    doc.timexes, doc.calendar, doc.calendar_reason, doc.calendar_confidence, doc.dct and
    doc.citation.date.gregorian/julian.
    """
    text = doc.text or ""
    dct_text = _find_dct_text(doc)
    dct_value = None
    if dct_text:
        found = tag(dct_text)
        # the most precise date in the string: a day, else a month or a year ("November, 2000")
        dated = [t.value for t in found if t.type == "DATE" and re.match(r"^\d{4}(?:-\d{2}){0,2}$", t.value)]
        dct_value = max(dated, key=len, default=None)
    ctx = _Context(dct=_parse_dct(dct_value), narrative=True, text=text)
    ctx.ref = dct_value

    def frozen(offset: int) -> bool:  # header and chrome dates do not move the narrative's time
        return doc.zone_at(offset) != "body"

    timexes = list(_iter_timexes(text, ctx, skip_ref=frozen))
    for t in timexes:
        t.zone = doc.zone_at(t.start)
    decision = calendars.decide_calendar(doc, timexes, dct_value, settings, as_written=dct_text)
    doc.calendar, doc.calendar_reason, doc.calendar_confidence = decision.calendar, decision.reason, decision.confidence
    if doc.place is None and decision.country is not None:
        doc.place = decision.country.name
    for t in timexes:
        calendars.assign_calendars(t, decision, text)
    doc.timexes = timexes
    if dct_value:
        dual = calendars.dual_value(dct_value, decision)  # a month gives a day range in the other calendar
        doc.dct = DualDate(gregorian=dual[0], julian=dual[1], as_written=dct_text)
        if doc.citation.date is None:
            doc.citation.date = DualDate(gregorian=None, as_written=dct_text)
        doc.citation.date.gregorian, doc.citation.date.julian = dual
    return doc


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

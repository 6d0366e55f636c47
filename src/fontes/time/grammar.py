"""Time stage, grammar: text -> candidate time expressions, and the parts of a written date.

Recognition is a set of regular expressions compiled once (no general date parser on the hot
path), run on a sentence only when it holds the trigger words a rule needs; overlapping
candidates are reduced to the longest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fontes.datafiles import load_yaml
from fontes.time import lexicon
from fontes.time.lexicon import MONTHS, NUMBERS, ORDINALS, WEEKDAYS

# --- building blocks of the patterns ----------------------------------------------------------

_LETTER = r"[^\W\d_]"


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


def _month_pattern(languages: tuple[str, ...] | None) -> str:
    """The month names of the lexicon as one trie-shaped pattern; abbreviations may take a full stop."""
    forms = lexicon.month_forms(include=languages)
    full = _trie_pattern(sorted(f.surface for f in forms if not f.abbreviation))
    short = _trie_pattern(sorted(f.surface for f in forms if f.abbreviation))
    return rf"(?<!{_LETTER})(?:{full}|{short}\.?)(?!{_LETTER})"


# _MON: English month names, the only ones read alone ("in March"); _MONX: every language's,
# read only inside a written date ("19 февраля 1861 г.", "3 Martii 1700", "le 1er mars 1905")
_MON = _month_pattern(("en",))
_MONX = _month_pattern(None)
_FIRST = "0-9" + "".join(sorted({re.escape(f.surface[0]) for f in lexicon.month_forms()}))  # how a date can begin
# a word that marks a calendar: "O.S.", "New Style", "in the Gregorian calendar", "ст. ст."
_MARK = "(?:" + "|".join(p for ps in lexicon.calendar_marks().values() for p in ps) + ")"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
_DAYN = r"(?:[12]\d|3[01]|0?[1-9])(?:-?(?:st|nd|rd|th)|d|er)?(?![^\W_]|:\d)"  # not "1e308", "1917"
_ORDW = "(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"
_DAY = rf"(?:{_DAYN}|(?i:{_ORDW})(?![a-z]))"
# after its month, an ordinal word before a capitalised word is that name's ("in mid-March the Third
# Pacific Fleet", "in June the First Army"), no day of the month
_DAY_AFTER_MONTH = rf"(?:{_DAYN}|(?i:{_ORDW})(?![a-z])(?!\s[A-Z][a-z]))"
# a year: four digits from 1000, or fewer digits when an era (BC, AD, CE) follows
_YEAR = r"(?:1\d{3}|20\d{2}|[1-9]\d{0,2}(?=\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?|C\.?E\.?)\b))(?:\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?|C\.?E\.?)(?![A-Za-z]))?(?![\d,]\d)"
_YEAR_PLAIN = r"(?<![\d$£€.,/-])(?:1\d{3}|20\d{2})(?![\d%]|,\d|\.\d)"
_UNITW = "one|two|three|four|five|six|seven|eight|nine"
_TEENW = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENSW = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMW = (rf"(?:(?:{_TENSW})(?:[- ](?:{_UNITW}))?|(?:{_UNITW}|a)[- ]hundred|{_TEENW}|{_UNITW}|a\sdozen|dozen|hundred"
         rf"|half\sa|an|a)")
_NUMWORD = rf"{_UNITW}|{_TEENW}|{_TENSW}|hundred|thousand"
_NUMW_NA = _NUMW.replace("|half\\sa|an|a)", ")")
_NUM_NA = rf"(?:\d+\s?(?:1/2|½)|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|a couple of|couple of|a few|few|several|some|many|numerous|a number of|{_NUMW_NA})"
_NUM = rf"(?:\d+\s?(?:1/2|½)|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|a couple of|couple of|a few|few|several|some|many|numerous|a number of|{_NUMW})"
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie)|quarter)s?"
_TIME = (r"(?:(?:[01]?\d|2[0-3])(?:[.:][0-5]\d(?::[0-5]\d)?)?\s?(?:a\.\s?m\.?|p\.\s?m\.?|am|pm|AM|PM|A\.M\.|P\.M\.)(?![A-Za-z])"
         # "530.AM", "[1100.AM]": hour and minutes run together before AM/PM, as chronologies write them
         r"|(?:1[0-2]|0?[1-9])[0-5]\d\.?\s?(?:AM|PM|A\.M\.|P\.M\.)(?![A-Za-z])"
         r"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)(?:\s?(?:hours|hrs|h)\b)?"
         r"|(?:[01]?\d|2[0-3])[.:]?[0-5]\d\s?hours\b"
         r"|(?i:(?:(?:just|shortly|soon)\s)?(?:past|after)\s)?(?i:midnight)(?![a-z])"
         r"|(?i:noon|midnight|midday)(?![a-z])"
         r"|(?:\d{1,2}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s?o['’]clock"
         r"(?:\s(?:in the (?:morning|afternoon|evening)|at night))?)")
_TZ = r"(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|local\stime)"
_POD = r"(?:morning|afternoon|evening|night|dawn|daybreak|dusk|nightfall)"
_SEASON = r"(?:spring|summer|autumn|winter|Spring|Summer|Autumn|Winter|fall|Fall)(?![a-z])"
_MODW = r"(?:early|late|mid|middle|Early|Late|Mid|Middle)"
_THE_MOD = r"(?i:the\s(?:very\s)?(?:beginning|start|end|close|middle|first\shalf|second\shalf|latter\spart|height|dawn)\sof)"

# Dates written out: "9 November, 1917", "the 9th of November", "Nov. 9th", "November 8, 1917".
# "10 February 1688/9": the civil year began on 25 March; an editor may add the second year in
# brackets ("2 February 1719 [/20]")
_DOUBLE_YEAR = r"(?:/(?:\d{1,2}|1\d{3})(?![\d/])|\s?\[/(?:\d{1,2}|1\d{3})\])?"
_YEAR_WORD = "(?:\\s?(?:" + "|".join(lexicon.year_words()) + rf")(?!{_LETTER}))?"  # "1861 г."
# ("die 24 mensis Februarii anno 1582": Latin names the month and the year; "the 10th of June, O.S., 1812")
_DMY = (rf"(?:{_WD},?\s)?(?:the\s)?{_DAY}\.?(?:\sday)?(?:\sof|\sde|\smensis)?\s{_MONX}"
        rf"(?:,\s{_MARK},\s{_YEAR}{_DOUBLE_YEAR}|(?:\s?[(\[]{_MARK}[)\]])?"
        rf"(?:,?\s(?:de\s|του\s|anno\s(?:[Dd]omini\s)?)?{_YEAR}{_DOUBLE_YEAR}{_YEAR_WORD})?)")
# "March14": a full month name may run into its day
# "May.05", "Jan.1905": timelines and tables join a month and its day or year with a full stop
_MJOIN = r"(?:(?<=[A-Za-z])\.(?=\d)|(?<=[A-Za-z]\.)(?=\d))"
# ("May 27 N. S., 1703": a mark between the day and the year, unbracketed, with the year after it)
_MDY = (rf"(?:{_WD},?\s)?{_MONX}(?:\s|(?<=[a-z])(?=\d)|{_MJOIN})(?:the\s)?{_DAY_AFTER_MONTH}"
        rf"(?:\s{_MARK},?\s{_YEAR}{_DOUBLE_YEAR}|(?:\s?[(\[]{_MARK}[)\]])?(?:(?:,?\s|(?<=\d(?:st|nd|rd|th))\.\x20(?=\d{{4}},)){_YEAR}{_DOUBLE_YEAR})?)")  # "March 11 (Old Style), 1801"
# ("November 4th. 1677, he married": a full stop after the ordinal, the year and its comma after it)
_MY = rf"{_MONX}(?:,?\s(?:of\s|de\s|του\s)?|{_MJOIN}){_YEAR}{_DOUBLE_YEAR}{_YEAR_WORD}"
_OF_THAT_YEAR = rf"{_MON}(?:\s{_DAYN})?\sof\s(?i:that|the\ssame|the\sfollowing|the\sprevious|the\snext|this)\syear"
# "1700, February 18": the year first, as chronologies and timelines write it
# (not the end of a range, nor a month and day that write their own year after them: a newspaper
# page's "1880-1920, March 9, 1899" is the run's years, then the day)
_YMD = rf"(?<![\d,.\-–])(?:1\d{{3}}|20\d{{2}}),\s(?:{_MONX}\s{_DAY}(?:[-–]{_DAYN})?|{_DAY}\s{_MONX})(?![\d,]\d)(?!,?\s(?:1\d{{3}}|20\d{{2}})(?!\d))"
_DATE = rf"(?:{_YMD}|{_DMY}|{_MDY}|{_MY})"
_DRANGE_DM = rf"{_DAYN}\s?[-–]\s?{_DAYN}\s{_MONX}(?:,?\s{_YEAR})?"
# "30 and 31 July", "30 si 31 iuliu": two days of one month joined by "and"
_DRANGE_AND = rf"{_DAYN}\s(?:and|si|și|et|und)\s{_DAYN}\s{_MONX}(?:,?\s{_YEAR})?"
_DRANGE_MD = rf"{_MONX}(?:\s|{_MJOIN}){_DAYN}\s?[-–]\s?{_DAYN}(?:,?\s{_YEAR})?"
_ANYDATE = rf"(?:{_DRANGE_DM}|{_DRANGE_MD}|{_DATE}|{_WD})"
_GARBLED = r"[A-Z][A-Za-z]{3,10}"  # a word that may be a deformed month name (see lexicon.garbled_month)


_MON_RE, _MONX_RE, _WD_RE, _TIME_RE, _SEASON_RE = (re.compile(p) for p in (_MON, _MONX, _WD, _TIME, _SEASON))


@dataclass(slots=True)
class _Hit:
    """A recognised expression before normalisation."""

    start: int
    end: int
    kind: str
    priority: int = 0

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
    # a record's timestamp keeps its fraction of a second and its zone in the span ("2014-04-14T11:22:44+00:00")
    add("iso", r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])",
        3, "#shape", first="0-9")
    # a blog's or a forum's stamp writes the same order with slashes: "1999/03/08 17:22:05"
    add("iso", r"\d{4}/(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])(?:\s\d{2}:\d{2}(?::\d{2})?)?(?![\d/])",
        3, "#shape", first="0-9")
    # a full stop after the year ends the sentence ("... to the 19.12.1665."); one before a figure does not
    add("numeric", rf"\d{{1,2}}[./]\d{{1,2}}[./](?:{numeric_year}|\d{{2}})(?![\d/])(?!\.\d)", 3, first="0-9")
    # "29. 4. 1881": day and month with their full stops and a space, as Central European texts write them
    add("numeric", rf"(?:[12]\d|3[01]|0?[1-9])\.\s(?:1[0-2]|0?[1-9])\.\s{numeric_year}(?![\d/])(?!\.\d)", 3, "#year", first="0-9")
    # a day in Roman numerals before a Latin month: "XV Aprilis 1652" (Latin names only: "I May")
    add("roman_day", rf"(?:(?i:die)\s)?(?:X{{0,3}})(?:IX|IV|V?I{{0,3}})\s{_month_pattern(('la',))}(?:,?\s{numeric_year})?",
        4, "month", first="IVXd")
    # a year cut to two digits after an apostrophe: "Oct 14 '31", "March 3, '05"
    add("short_year", rf"{_MONX}\.?\s{_DAYN},?\s['’]\d{{2}}(?![\w'’])", 4, "month", first=_FIRST)
    # "9/XI/1917", "5. IV. 1905", "5/IV - 1905": a Roman-numeral month between day and year
    roman_sep = r"(?:\s?[./–-]\s?|\s)"
    add("numeric_roman", rf"\d{{1,2}}{roman_sep}(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I){roman_sep}{numeric_year}(?!\d)", 3,
        first="0-9")
    # double dates, one expression for one day in two calendars (issue 10): "26 October (8 November)
    # 1917", "Sept. 30 (Oct. 13), 1917", "March 14 (1), 1917", "1 (14) February 1918", "12 August
    # [24 August]", "25 August (O.S. 12 August)", "(19 February in the Gregorian calendar)",
    # "Oct. 25/Nov. 7", "3/15 March 1881"; which part is which comes from the marks and the gap
    part = rf"(?:{_DAYN}\.?\s?{_MONX}|{_MONX}\s?{_DAYN}|{_DAYN})(?:,?\s{_YEAR}{_YEAR_WORD})?"
    dated = rf"(?:{_DAYN}\.?\s?{_MONX}|{_MONX}\s?{_DAYN})(?:,?\s{_YEAR}{_YEAR_WORD})?"
    gloss = rf"[(\[]\s?(?:{_MARK}[,:]?\s?)?{part}(?:,?\s?{_MARK})?\s?[)\]]"
    near = (40, 75)  # a double date holds a month name at most this far from its ends
    year = rf"(?:,?\s{_YEAR}{_YEAR_WORD})?"
    add("double", rf"{dated}\s?{gloss}{year}", 6, first=_FIRST, reach=near)
    # the first day marked too: "13 March 1881 N.S. (1 March O.S.)", "25 Oct. 1917 O.S. [7 Nov. N.S.]"
    add("double", rf"{dated},?\s?{_MARK}\s?{gloss}{year}", 6, first=_FIRST, reach=near)
    add("double", rf"{_DAYN}\s?[(\[]\s?{_DAYN}\s?[)\]]\s{_MONX}{year}", 6, first="0-9", reach=near)
    # day.month.year with its gloss: "3.4.1701 (new style: 14.4.1701)", "9.2.1700 [N.S. 20.2.1700]"
    numeric = rf"(?:[12]\d|3[01]|0?[1-9])\.(?:1[0-2]|0?[1-9])\.{numeric_year}"
    add("double", rf"{numeric}\s?[(\[]\s?(?i:{_MARK})[,:]?\s?{numeric}\s?[)\]]", 6, "#shape", first="0-9")
    add("double", rf"(?:{dated}|{_DAYN})\s?/\s?{dated}{year}", 6, first=_FIRST, reach=near)
    add("double", rf"{_MONX}\s?{_DAYN}\s?/\s?{_DAYN}{year}", 6, first=_FIRST, reach=near)
    # "on the 3rd (16th)", "on the 1st/13th": both days of the narrative's month
    add("double", r"(?:the\s)?\d{1,2}(?:st|nd|rd|th|d)\s?(?:[(\[](?:the\s)?\d{1,2}(?:st|nd|rd|th|d)[)\]]|/\s?\d{1,2}(?:st|nd|rd|th|d)(?![\w/-])(?!\s[A-Z]|\s[a-z]+(?:ion|ment|ade|ers?|ies|s)\b))", 5,
        "#double", first="0-9t", reach=(12, 24))
    # "the 10th (21st) of July, 1774", "the 11th/23rd of March 1801": the month and year after both days
    add("double", rf"(?:the\s)?\d{{1,2}}(?:st|nd|rd|th|d)\s?(?:[(\[]\s?\d{{1,2}}(?:st|nd|rd|th|d)\s?[)\]]|/\s?\d{{1,2}}(?:st|nd|rd|th|d))"
        rf"\sof\s{_MONX}{year}", 6, "#double&month", first="0-9t", reach=near)
    # "on the 11th", "the morning of the 11th": a day of the narrative's month (not "the 3rd Army",
    # "the 20th century": a capitalised word or a noun of rank or time may not follow)
    add("day_of_month", r"(?<=\b[Oo]n\s|\bof\s)the\s(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|d)(?![\w-])"
        r"(?!\s(?:[A-Z]|century|centuries|anniversary|day|year|time|of\s(?:the|a|his|her|its|their)\b|"
        r"[a-z]+(?:ion|ment|ade|ers?|ies)\b))", 2, "#ordinal", first="t")
    # letters and gazettes: "the second instant" (of this month), "your letter of the 5th ult." (last month)
    add("day_of_month", rf"(?:(?i:the)\s)?(?:(?i:{_ORDW})|\d{{1,2}}(?:st|nd|rd|th|d)?)\s(?i:instant|inst\.|ultimo|ult\.|proximo|prox\.)",
        3, "instant")
    # a diary's day heading: a paragraph that opens with the day alone, the month and the year being
    # those of the entries above ("2nd. In the morning ...", "Ye 5th. A wett day.", "Mar ye 4th. ...")
    add("entry_day", rf"(?:(?<=\n)|(?<![\s\S]))(?:{_MONX}\.?\s(?i:ye\s)?|(?i:ye)\s)?(?:[12]\d|3[01]|0?[1-9])"
        r"(?:st|nd|rd|th|d)(?=\.(?:\s|$))", 3, "#entry")
    # a part of a diary's day ("In the morning ...", "at night", "After dinner", "most of ye afternoon"):
    # read only inside a dated entry, whose day it is (a history's "in the morning" names no day)
    add("entry_pod", r"(?:(?i:in|at|after|all|most\sof)\s(?:(?i:the|ye)\s)?)(?i:morning|afternoon|evening|night|dinner)(?![a-z])"
        r"(?!\s(?:of|before|after)\b)", 1, "pod")
    # a year from the creation of the world, Russia's era before 1700: "the year 7208", "the New Year 7208"
    add("world_year", r"(?i:the\s)?(?i:new\s)?(?i:year)\s7[0-2]\d\d(?!\d)", 4, "year")
    add("double_year", r"(?:1[0-9]{3})/(?:\d{1,2}|1[0-9]{3})(?![\d/])", 2, first="0-9")
    add("date_time_range", rf"(?:from|between)\s{_TIME}\s(?:to|and|until|till)\s{_TIME}(?:,?\s(?:on|of)\s(?:the\s)?{_ANYDATE})?", 8)
    add("date_at_time", rf"{_DATE},?\s(?:at|about|around)\s{_TIME}", 7, reach=(50, 60))
    # a day counted from today or from the story's day, and the hour on it: "yesterday, at 4.15 p.m.",
    # "the next day at 5 a.m.", "to-morrow about noon"
    add("date_at_time", r"(?i:yesterday|to-?day|to-?morrow|(?:the|that)\s(?:(?:following|next|previous|same)\s)?day)"
        rf",?\s(?:at|about|around)\s{_TIME}", 7, "#time", reach=(50, 60))
    # a cable's stamp: "Received October 31, 10.17 p.m." (a clock time with minutes and a.m./p.m. after the comma)
    add("date_at_time", rf"{_DATE},\s(?=\d{{1,2}}[.:]\d{{2}}\s?[AaPp]\.?\s?[Mm]\.?){_TIME}", 7, reach=(50, 60))
    # a post's or a log's stamp: a full date with its year, then the clock, with seconds or none, 24-hour
    # or a.m./p.m. ("Tue 3 Mar 2009 21:17", "June 8, 2021, 11:42:05 pm")
    add("date_at_time", rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s)?{_DATE}(?<=\d{{4}}),?\s"
        rf"(?=(?:[01]?\d|2[0-3]):[0-5]\d(?![\d.,]\d)){_TIME}", 7, "#time", reach=(50, 60))
    add("time_on_date", rf"{_TIME}(?:\s(?:{_TZ}))?,?\s(?:(?:on|of)\s(?:the\s)?)?(?:{_DATE}|{_WD})", 7)
    # "the middle of the afternoon on July 3, 1870": the part of that day, whatever its stretch
    add("pod_of_date", rf"(?:(?i:the)\s(?i:middle|end|beginning|rest)\sof\s)?(?:(?i:the)\s)?(?i:{_POD})\s(?:of|on)\s(?:the\s)?(?:{_ANYDATE}|(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|d)(?![\w-]))", 7)
    add("wd_pod", rf"(?:{_WD}|(?i:yesterday|tomorrow|today|this|last|that|the\s(?:following|next|previous|same))|{_DATE})\s(?i:{_POD})(?![a-z])", 6, reach=(70, 12))
    add("tonight", r"(?i:tonight|overnight)", 2)
    # older English hyphenates them: "to-day", "to-night", "to-morrow" (diaries, letters, gazettes)
    add("tonight", r"(?i:to-night)", 2, "unit")
    add("deictic", r"(?i:to-day)(?![a-z])", 2, "unit")
    add("deictic", r"(?i:to-morrow)(?![a-z])", 2, "deictic")
    add("time", rf"{_TIME}(?:\s{_TZ})?", 4)
    # clock times in words, as older texts write them: "half-past three o'clock", "one of the clock in
    # the Morning", "four in the afternoon"
    hour_word = r"(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    day_part = r"(?:\s(?i:in\s(?:the|ye)\s(?:morning|forenoon|afternoon|evening)|at\snight))"
    past_to = r"(?:(?i:half[- ]past|a\squarter\s(?:past|to)|quarter\s(?:past|to))\s)?"
    add("time", rf"{past_to}(?:{hour_word}|(?:[01]?\d|2[0-3]))\s?(?:o['’]\s?clock|of\sthe\s[Cc]lock){day_part}?", 5, "clock")
    add("time", rf"{past_to}{hour_word}{day_part}", 4, "pod")
    # the hour in figures with its part of the day: "about 6 in the evening", "at 9 in ye morning"
    add("time", rf"{past_to}(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?{day_part}", 4, "pod", first="0-9ahqAHQ")
    add("year_range", rf"{numeric_year}\s?[-–]\s?(?:{numeric_year}|\d{{2}})(?![\d%])", 5, first="0-9")
    add("mod_date", rf"(?:{_MODW}[- ]?|{_THE_MOD}\s)(?:{_DATE}|{_MON}|{numeric_year}s?|{_SEASON}(?:\s(?:of\s)?{numeric_year})?|the\s(?:year|month|week|decade|century|war)|(?:this|last|next|that)\s(?:year|month|week|decade|century))", 5)
    add("mod_rel", r"(?i:earlier|later)\s(?:this|that|last|next)\s(?:year|month|week|decade|century)", 5)
    add("drange", _DRANGE_DM, 5, first="0-9")
    add("drange", _DRANGE_AND, 5, "month", first="0-9")
    # "the 12th or 19th of March", "from the 3rd to the 9th of May, 1855": two days of the month named after both
    add("drange", rf"(?:(?i:the)\s)?{_DAYN}\s(?:or|and|to)\s(?:the\s)?{_DAYN}\sof\s{_MONX}(?:,?\s{_YEAR})?", 6, "month",
        first="0-9tT")
    add("drange", _DRANGE_MD, 5, first=_FIRST)
    # a written date begins with a weekday, "the", a day (digits or an ordinal word) or a month
    date_first = _FIRST + "".join(sorted({w[0] for w in WEEKDAYS} | {w[0] for w in ORDINALS} | {"t"})) + "MTWFSTE"
    add("date", _DATE, 4, reach=(60, 60), first=date_first)
    # a written date whose month name the capture deformed: "OMarch 3, 1890" (a drop capital run
    # into it), "12 Decembcr 1888" (a slip); _plausible keeps only words lexicon.garbled_month reads,
    # so the others do not hide the plain year after them
    add("garbled_date", rf"(?:(?:the\s)?{_DAYN}\.?\s(?:of\s)?{_GARBLED}|{_GARBLED}\s{_DAYN}),?\s{_YEAR}"
        rf"{_DOUBLE_YEAR}", 3, first="0-9A-Zt")
    add("of_that_year", _OF_THAT_YEAR, 5, reach=(0, 45))
    # treaties and proclamations spell the year out: "the thirtieth day of the month of March, in the
    # year one thousand eight hundred and fifty-six", "in the year of our Lord sixteen hundred and twenty"
    spelled = rf"(?i:(?:{_NUMWORD})(?![a-z])(?:(?:[\s-]|\sand\s)(?:{_NUMWORD})(?![a-z]))*)"
    add("spelled_date", rf"(?:(?i:the)\s(?i:{_ORDW})\sday\sof\s(?:the\smonth\sof\s)?{_MONX},?\s(?:(?i:in)\s)?)?"
        rf"(?i:the\syear)\s(?:(?i:of\s(?:our\s)?Lord|of\sgrace)\s)?{spelled}", 7, "year")
    add("half_year", rf"(?i:the\s(?:first|second|latter|last)\shalf\sof)\s{numeric_year}", 6)
    # "the last week of December", "the first week of May, 1856": seven days of a month
    add("week_of_month", rf"(?i:the\s(?:first|second|third|fourth|last|final)\sweek\sof)\s{_MON}"
        rf"(?:,?\s{numeric_year})?", 6, "month&unit")
    add("quarter", rf"(?i:(?:the\s)?(?:(?:fiscal|calendar)[- ])?(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter)(?![a-z])(?:\s(?:of\s)?{numeric_year})?", 4)
    add("quarter", r"(?i:the\s(?:latest|last|past|previous|current|same)\squarter|the\squarter|the\slatest\speriod)(?![a-z])", 2)
    add("unit_rel", r"(?i:the\s(?:year|weekend|week))(?![a-z-])", 1, reach=(5, 12))
    add("yearago", r"(?i:(?:the\s)?year-(?:earlier|ago)\s(?:quarter|period)|year-(?:earlier|ago)|a\syear\searlier|a\syear\sago)", 5, reach=(5, 25))
    add("holiday", _holiday_pattern(), 4)
    # a feast with its year: "Christmas Day, 1914", "Candlemas 1642", "on Lammas in 1790"
    add("holiday", rf"{_holiday_pattern()}(?:,?\s|\s(?:of|in)\s){numeric_year}(?![\d/–-])", 5)
    add("anniversary", rf"(?i:the\s(?:(?:{_ORDW}|\d+(?:st|nd|rd|th))\s)?anniversary\sof)\s(?:the\s)?(?:{_event_pattern()}|{_DATE})", 7)
    add("season", rf"(?:(?i:the|this|last|next|that|the\sfollowing|the\sprevious|the\snext|early|late|mid)[- ])?{_SEASON}(?:\s(?:of\s)?{numeric_year})?", 3)
    # a season in another language with its year: "осенью 1855 г.", "im Herbst 1855", "l'automne 1855"
    foreign = "|".join(sorted(lexicon.foreign_seasons(), key=len, reverse=True)) or "(?!)"
    add("season", rf"(?i:{foreign})(?:\s(?:(?i:de|von|des|of)\s)?){_YEAR}{_YEAR_WORD}", 3, "#year")
    add("decade", r"(?i:the\s)?(?:(?i:early|late|mid)[- ])?(?:(?:1\d|20)\d0['’]?s|['’]\d0s)", 4, first="0-9TtEeLlMm'’")
    add("decade_words", r"(?i:the\s)(?:(?i:early|late|mid)[- ])?(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?![a-z])", 4)
    add("century", rf"(?i:the\s)?(?:(?i:early|late|mid)[- ])?(?:\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDW}))[- ](?i:century)(?:\s?(?:B\.?C\.?|A\.?D\.?))?", 4)
    # a year counted as an ordinal in translated decrees: "the 1699th year from the birth of Christ", "the new 1700th year"
    add("year", r"(?i:the\s(?:new\s|present\s|coming\s)?)?1\d{3}(?:st|nd|rd|th)\s(?i:year)(?:\s(?i:from|since|after)\s(?i:the\s)?"
        r"(?i:birth|nativity)\sof\s(?:(?i:our\s)?Lord\s)?(?:Jesus\s)?Christ)?", 4, first="0-9Tt", reach=(12, 40))
    add("year", rf"(?i:(?:the\s)?year\s)?{_YEAR_PLAIN}(?:\s?(?:(?:B\.C\.(?:E\.)?|BCE?)|A\.?D\.?)(?![A-Za-z]))?", 1, first="0-9TtYy", reach=(12, 12))
    add("year_bc", r"(?:[1-9]\d{0,3})\s?(?:(?:B\.C\.(?:E\.)?|B\.C(?![.\w])|BCE?)|A\.D\.|AD)(?![A-Za-z])|(?:A\.D\.|AD)\s?[1-9]\d{0,3}(?!\d)", 2)
    add("year_range_bc", r"[1-9]\d{0,3}\s?(?:[-–]|to|and)\s?[1-9]\d{0,3}\s?(?:B\.C\.(?:E\.)?|B\.C(?![.\w])|BCE?)(?![A-Za-z])", 5,
        "era", reach=(25, 10))
    add("fiscal", r"(?i:fiscal)\s(?:1\d{3}|20\d{2})(?!\d)", 3)
    add("month", _MON, 1, reach=(0, 12))
    add("weekday", _WD, 1)
    # "the Lord's day": Sunday, as diaries and gazettes of the seventeenth and eighteenth centuries write it
    add("lords_day", r"Lord['’]?s[\s-][Dd]ay(?![a-z])", 2, "unit", reach=(10, 2))
    add("deictic", r"(?i:today|yesterday|tomorrow|(?:the\s)?day\sbefore\syesterday|(?:the\s)?day\safter\sto-?morrow)(?![a-z])", 2)
    add("ref", r"(?=[RrJjNnCcAaPpTt])(?i:(?:right\s|just\s)?now|nowadays|currently|at\spresent|at\sthe\smoment|presently|the\spresent(?:\sday)?|the\scurrent\s(?:time|period))(?![a-z])", 1)
    # "lately" ("the mill lately built by the parish") says how long ago something happened, as
    # "newly" does, and names no time of its own: TimeML corpora (TempEval-3) leave it untagged
    add("ref", r"(?=[VvQqFfTtRr])(?:(?i:very|quite|fairly)\s(?i:soon)|(?i:the\s(?:near\s|distant\s)?future|recently|the\spast))(?![a-z])", 1)
    add("unit_rel", r"(?i:(?:the\s)?(?:this|last|next|past|coming|previous|following|preceding|that|same|current|present|the\ssame|that\ssame|this\ssame|the\sfollowing|the\snext|the\sprevious|the\spreceding|the\slast|later\sthat|earlier\sthat))\s(?i:day|week|weekend|month|year|decade|century|quarter)(?![a-z])", 3, "unit&dir", reach=(30, 12))
    # "that January" names a month; "that January 1 would become..." is the day "January 1" after a conjunction
    add("unit_rel", rf"(?i:the\s(?:following|next|previous|preceding)|this|last|next|that|the\ssame)\s{_MON}(?!\s\d)", 4, "month", reach=(25, 12))
    add("unit_rel", rf"(?i:the\s(?:following|next|previous|preceding)|this|last|next|that|the\ssame)\s{_WD}", 4, "weekday", reach=(25, 12))
    add("unit_rel", rf"(?i:{_MON})\s(?i:last|this|next)\syear", 4, "month&year", first="JFMASONDjfmasond")
    # "at this time", "at that point": the narrative's time in scope, whatever its grain ("at the time"
    # is as often a manner of speaking, "nursing at the time had a poor name", and is left out)
    add("at_time", r"(?<=\b[Aa]t\s)(?i:(?:this|that)\s(?:time|point))(?![a-z])(?!\s(?:of|when|being)\b)", 2, "at_time",
        reach=(12, 12))
    # the day a relative clause defines is the narrative's day: "The day it was finished he spoke",
    # "the day that became known as ...", "that fateful day"
    add("the_day", r"(?i:the\sday)(?=\s(?:that|when|on\swhich|it|he|she|they|we)\b)", 2, "unit", reach=(8, 12))
    # the narrative's day running on ("as the day wore on") or ending ("crossed by the end of the day")
    add("the_day", r"(?i:the\sday)(?=\s(?:wore|went|drew|dragged|lumbered|passed|progressed|advanced)\son\b)", 2, "unit",
        reach=(8, 20))
    add("the_day", r"(?:(?<=[Bb]y\s)|(?<=[Bb]efore\s)|(?<=[Uu]ntil\s)|(?<=[Tt]owards\s))(?i:the\send\sof\s(?:the|that)\sday)(?![a-z])",
        3, "unit", reach=(20, 12))
    add("duration", r"(?i:all\sday\slong)(?![a-z])", 3, "unit", reach=(8, 12))
    # a person's age at an act: "crowned at age 12", "died at the age of ninety" (a length of years,
    # from the birth the text gives; events.dating counts the act's year from it)
    add("age", rf"(?<=\b[Aa]t\s)(?:(?i:the)\s+)?(?i:age)\s+(?:(?i:of)\s+)?(?:\d{{1,3}}|(?i:{_NUMWORD})(?:[- ](?i:{_UNITW}))?)(?![\w-])",
        3, reach=(12, 30))
    add("the_day", r"(?i:that|this|the\ssame)\s(?i:memorable|fateful|fatal|terrible|historic|very|same)\sday(?![a-z])", 3, "unit",
        reach=(25, 5))
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
    # an age written as one adjective is a length of a life, as TimeML annotators tag it ("a six-year-old
    # boy", "her two-month-old son": P6Y, P2M)
    add("duration", rf"(?:\d{{1,3}}|(?i:{_NUM_NA}))-(?i:year|month|week|day)s?-(?i:old)(?![\w-])", 3, reach=(30, 20))
    # a span between two counts: "3 to 5 days", "41 or 43 weeks", "six or seven days"; and "many a month"
    add("duration", rf"{dur_mods}(?:(?i:{_NUM_NA})\s?(?:(?i:to|or)\s|[-–]\s?)(?i:{_NUM_NA})[- ](?i:{dur_unit})"
        rf"|(?i:many\sa)\s(?i:{dur_unit}))(?![-\w])", 3, reach=(100, 40))
    # a fraction of a unit: "half an hour", "half day", "a half-hour", "a quarter of an hour", "three
    # quarters of a century", "an hour and a half" (not "an hour" and a stray "half")
    add("duration", rf"{dur_mods}(?:(?i:half)\s(?:(?i:an?)\s)?|(?:(?i:a|one|three)\s)?(?i:quarters?)\s(?i:of)\s(?:(?i:an?)\s)?"
        r"|(?i:a)\shalf[- ])(?i:minute|hour|day|week|month|year|century)(?![-\w])"
        r"|(?i:an?)\s(?i:minute|hour|day|week|month|year|century)\s(?i:and\sa\shalf)(?![-\w])", 3, reach=(100, 40))
    add("duration", r"(?:(?i:the|these|those)\s)?(?i:past|last|next|recent|coming|following|preceding|previous|first)\s(?:(?i:several|few|many)\s)?(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries)", 2, "unit&dir", reach=(40, 15))
    add("duration", r"(?i:the\s(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)\sthat\sfollowed)", 3, "unit&followed")
    add("duration", r"(?:(?<=for\s)|(?<=over\s)|(?<=within\s)|(?<=after\s)|(?<=For\s))(?i:minutes|hours|days|weeks|months|years|decades|centuries)(?![a-z])", 1, "unit&for", reach=(0, 15))
    add("vague_duration", r"(?i:(?:a|an)\s(?:long|short|brief)\s(?:time|while|period)|some\stime|a\swhile)(?![a-z])", 0)
    add("set", rf"(?i:every|each|per)\s(?:(?i:other|single)\s)?(?:(?i:{_UNIT}|morning|evening|night|weekend|spring|summer|autumn|fall|winter)|{_MON}|{_WD})", 3)
    add("set", r"(?i:daily|weekly|monthly|annually|yearly|nightly|hourly)(?![a-z])", 1)
    add("set", r"(?i:once|twice|three\stimes)\s(?i:a|per|every)\s(?i:day|week|month|year|decade)", 3)
    _russian_rules(add, numeric_year)
    return r


def _russian_rules(add, numeric_year: str) -> None:
    """Russian relative days, counts of days after, phases of a year and centuries, from ``ru.yaml``
    (issue 10: "на следующий день", "через два дня", "в конце 1773 г.", "в XVIII веке", "с 1773 по 1775 год")."""
    ru = lexicon.languages().get("ru") or {}
    cyr = r"(?![а-яёА-ЯЁ])"
    # relative days of every language ("на следующий день", "le lendemain", "am folgenden Tag")
    relative = [p for data in lexicon.languages().values() for p in (data.get("relative_days") or {})]
    if relative:
        add("ru_rel", "(?i:" + "|".join(relative) + r")(?![\w-])", 3, "ru_rel")
    counts = "|".join(sorted(ru.get("numbers") or {}, key=len, reverse=True))
    units = "|".join(sorted(ru.get("units") or {}, key=len, reverse=True))
    if counts and units:
        add("ru_after", rf"(?i:(?:через|спустя)\s(?:\d{{1,3}}|{counts})\s(?:{units}){cyr}"
            rf"|(?:\d{{1,3}}|{counts})\s(?:{units})\sспустя{cyr})", 3, "ru_after")
    phases = "|".join(ru.get("phases") or {})
    year_word = r"(?:\s?(?:г\.|года|году|год)(?![а-яё]))?"
    if phases:
        add("ru_phase", rf"(?i:[вк]\s(?:{phases}))\s(?:(?:{_MONX})\s)?(?:{numeric_year}{year_word}|(?i:этого\s|того\s)?года{cyr})",
            5, "ru_phase")
    add("ru_century", r"(?:(?i:[вк]|начал[аеу]|конц[аеу]|середин[аеуы])\s)?(?:XXI|XX|XIX|XVIII|XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII)"
        r"(?:\s?[-–—]\s?(?:XXI|XX|XIX|XVIII|XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII))?\s(?:век(?:а|е|у|ом)?|вв\.)(?![а-яё])",
        4, "ru_century")
    add("ru_range", rf"(?i:с)\s{numeric_year}(?:\s?г\.)?\s(?i:по)\s{numeric_year}(?:\s?(?:гг\.|г\.|годы|год|года)(?![а-яё]))?", 6,
        "ru_range")


@lru_cache(maxsize=1)
def _holiday_table() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    raw = load_yaml(resources.files("fontes").joinpath("data/timex_holidays.yaml").read_text("utf-8"))
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
# a title held of a place: "the Countess of Mar", "Duke of Dec..." name the place, not a month
_TITLE_OF = re.compile(r"\b(?:Earl|Earls|Duke|Dukes|Count|Countess|Duchess|Lord|Lady|Marquess|Marquis|Viscount|Baron|"
                       r"Bishop|Prince|Princess|Master|Laird|Thane|Mormaer)\sof\s$")
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
    "pod": ("morning", "afternoon", "evening", "night", "dawn", "daybreak", "dusk", "nightfall", "dinner"),
    "season": ("spring", "summer", "autumn", "winter", "fall"),
    "from": ("from", "between"),
    "mod": ("early", "late", "mid", "middle", "beginning", "start", "end", "close", "half", "part", "height", "dawn"),
    "rel": ("earlier", "later"),
    "deictic": ("today", "yesterday", "tomorrow", "morrow"),
    "ref": ("now", "nowadays", "currently", "current", "present", "presently", "moment", "soon", "future", "recently",
            "past"),
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
    "instant": ("instant", "inst", "ultimo", "ult", "proximo", "prox"),
    "followed": ("followed",), "for": ("for", "over", "within", "after"), "before": ("before", "after"),
    "at_time": ("time", "point"), "age": ("age",),
    # Russian (issue 10): relative days, "через N дней", phases of a period, centuries, "с ... по ..."
    "ru_rel": ("день", "утро", "днем", "днём", "lendemain", "jour", "veille", "tag", "tage", "tags", "vortag", "vortage"), "ru_after": ("через", "спустя"),
    "ru_phase": ("конце", "концу", "начале", "началу", "середине"),
    "ru_century": ("век", "века", "веке", "веку", "веком", "вв"), "ru_range": ("по",),
}
# rule kind -> the trigger classes it needs, all of them (a rule may override with need="a&b")
_NEEDS: dict[str, tuple[str, ...]] = {
    "day_of_month": ("#ordinal",), "entry_day": ("#entry",), "entry_pod": ("pod",), "iso": ("#shape",), "numeric": ("#shape",), "roman_day": ("month",), "short_year": ("month",), "numeric_roman": ("#shape",), "double": ("month", "#double"),
    "double_year": ("#double",), "date_time_range": ("from", "#time"), "date_at_time": ("month", "#time"),
    "time_on_date": ("#time",), "time": ("#time",), "pod_of_date": ("pod",), "wd_pod": ("pod",), "tonight": ("tonight",),
    "year_range": ("#shape",), "drange": ("#shape", "month"), "date": ("month",), "of_that_year": ("month", "year"),
    "garbled_date": ("#year",), "age": ("age",),
    "week_of_month": ("month", "unit"),
    "half_year": ("half", "#year"), "quarter": ("quarter",), "yearago": ("year",), "anniversary": ("anniversary",),
    "season": ("season",), "decade": ("#shape",), "decade_words": ("decade_words",), "century": ("century",),
    "year": ("#year",), "year_bc": ("era",), "fiscal": ("fiscal", "#year"), "month": ("month",), "weekday": ("weekday",),
    "offset": ("unit",), "duration": ("unit",), "vague_duration": ("vague",), "unit_rel": ("unit",), "mod_date": ("mod",),
    "mod_rel": ("rel",), "deictic": ("deictic",), "ref": ("ref",), "set": ("set",), "holiday": ("holiday",),
    "spelled_date": ("year",), "world_year": ("year",), "the_day": ("unit",), "at_time": ("at_time",), "lords_day": ("unit",),
}
# shapes of digits, each a trigger class without which some rules cannot match ("#shape": the
# separators of ISO, numeric and Roman-month dates, ranges and decades)
_DIGIT_SHAPES = tuple((frozenset([name]), re.compile(p)) for name, p in (
    ("#year", r"(?:1\d{3}|20\d{2})(?!\d)"),
    ("#time", r"\d(?:\.?\s?(?:[AaPp]\.?\s?[Mm](?![a-z])|hours|hrs|h\b)|[:.]\d\d)"),
    ("#shape", r"\d(?:\d{3}-[01]\d-|[./]\d\d?[./]\d|\s?[./ ]\s?[IVX]|(?:st|nd|rd|th|d)?\s?[-–]\s?\d|0['’]?s)"),
    ("#double", r"[(/\[]\s?[0-9A-ZА-Я]"),
    ("#ordinal", r"(?<=\sthe\s)\d\d?(?:st|nd|rd|th|d)\b"),
    ("#entry", r"(?:(?<=\n)|(?<![\s\S]))(?:[A-Za-z]{2,9}\.?\s)?(?:[Yy]e\s)?\d\d?(?:st|nd|rd|th|d)\.\s"),
))


# a sentence ends at a full stop before a capital, but not inside "3. März 1905" or "5. IV. 1905"
# nor after a calendar mark ("13 March 1881 N.S. (1 March O.S.)"),
# nor after one lower-case letter ("18. November a. St.", German "alten Stils"),
# nor after a Russian year word ("1775 г. (21 января н. ст.)", "1812–1815 гг."), which abbreviates "года"
_SENTENCE_END = re.compile(rf"(?<=[.!?;:])(?<![ap]\.m\.)(?<![ON]\.S\.)(?<![ON]\.\sS\.)(?<![\s(\[][ON]\.)(?<![\s(][a-z]\.)(?<![AP]\.M\.)(?<![A-Z][a-z][a-z]\.)(?<!Sept\.)(?<!\dг\.)(?<!\d\sг\.)(?<!\sгг\.)"
                           rf"(?:(?<!\d\.)|(?!\s+(?:{_MONX}|[IVX]{{1,4}}\.?\s)))\s+(?=[A-Z\"“‘(\[])|\n\s*\n")


def _sentences(text: str, size: int = 0) -> Iterator[tuple[int, int]]:
    """Slices of whole sentences (or lines) of at least ``size`` characters."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() - start >= size:
            yield start, m.start()
            start = m.end()
    if start < len(text):
        yield start, len(text)


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


_NAMED_EVENT = re.compile(r"\s(?:" + "|".join(lexicon.languages()["en"].get("month_named_events") or ["(?!)"]) + r")\b")


_NAMED_DAY = re.compile(r"\b(?:" + "|".join(lexicon.languages()["en"].get("weekday_named_days") or ["(?!)"]) + r")\s$")


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
    if kind in ("month", "unit_rel") and s.split()[-1].rstrip(".") in short and (
            _TITLE_OF.search(before) or (not s.endswith(".") and not s.endswith("May")
                                         and (kind == "unit_rel" or re.search(r"(?i)\bthat\s$", before)))):
        return False  # "the Countess of Mar", "that Jan": a title's place, a man's name, not a month
    if kind == "month" and s.rstrip(".") in short and (s.startswith("May") or not s.endswith(".")):
        return bool(_MAY_CONTEXT.search(before))  # "may" the verb, "Jan" the name: only after "in", "early"...
    if kind == "garbled_date":
        word = re.search(_GARBLED, s)
        return word is not None and lexicon.garbled_month(word.group()) is not None
    if kind == "weekday" and _NAMED_DAY.search(before):
        return False  # "Bloody Sunday": the name of a day
    if kind == "month" and _NAMED_EVENT.match(after):
        return False  # "the October Manifesto": part of a name
    if kind == "month" and s in ("March", "MARCH") and re.match(r"\s(?:on|to|into|through|past|off|across|against|in\b)", after) \
            and not _MAY_CONTEXT.search(before):
        return False
    if kind == "season" and s.lower().endswith("fall") and not re.search(r"\d", s) and (
            re.match(r"\sof\b", after) or not re.search(r"(?i)(?:the|this|last|next|that|early|late|mid)[- ]fall", s)):
        return False  # "the fall of the city"
    if kind == "ref" and s.lower() in ("the past", "the present") and re.match(r"\s(?:of\b|tense|participle|[a-zA-Z])", after):
        return False
    if kind == "duration" and s[:4].lower() == "the " and re.match(rf"\sof\s(?:the\s)?(?:{_YEAR_PLAIN}|{_MON})", after):
        return False  # "the first months of 1663": a part of that year (its year is the expression), not a length
    if kind == "duration" and re.match(r"(?:-old\b|\sof\sage\b)", after):
        return False  # "a 9-year-old" is read whole (the age rule); "90 years old" keeps its "90 years"
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
        return a * b if b in (100, 1000) else a + b
    return None


def spelled_number(text: str) -> int | None:
    """A whole number written in words: "one thousand eight hundred and fifty-six" → 1856,
    "sixteen hundred and twenty" → 1620; None when a word is no number."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.strip().lower()):
        if word in ("", "and"):
            continue
        value = NUMBERS.get(word)
        if value is None or word in ("a", "an"):
            return None
        if value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total, current = total + (current or 1) * 1000, 0
        else:
            current += int(value)
    return total + current or None


def _month_match(text: str) -> re.Match[str] | None:
    """The first month name of a text: English names first (the common case, a smaller pattern)."""
    return _MON_RE.search(text) or _MONX_RE.search(text)


def _month_of(text: str) -> int | None:
    m = _month_match(text)
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


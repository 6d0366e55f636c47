"""Time stage, ranges: two dates joined by a dash or "to" become one expression valued ``start/end``.

"1853–1856", "Oct. 1854 - Sept. 1855", "18 Jun–28 Nov 1855", "from 1861 to 1865", "Monday
September 3 to Monday September 10 1666": one span of time, as the gold format writes it
(``when`` may be a range ``start/end``). The first date may leave out the year the second
writes ("18 Jun–28 Nov 1855"); it takes that year, or the one before when it would otherwise
end before it begins ("Dec. 1854 – Feb. 1855" written "Dec. – Feb. 1855").
"""

from __future__ import annotations

import re
from dataclasses import replace

from fontes.model import Timex
from fontes.time.grammar import _MONX, _month_of, _year_of

# what may stand between the two ends: a dash (spaced or not) or a word of span
# ("from the 27.12.1664 to the 19.12.1665": the second day may take its article)
_JOIN = re.compile(r"\s?[-–—]\s?|\s(?:to|until|till|through)\s(?:the\s)?")
_FROM = re.compile(r"(?i)\bfrom\s$")
_YEAR_ONLY = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOYEAR = re.compile(r"^XXXX(-\d{2}(?:-\d{2})?)$")


def _grain(value: str) -> str | None:
    """"year", "month" or "day" for a plain calendar value (a missing year allowed), else None."""
    body = "2000" + value[4:] if value.startswith("XXXX") else value
    for name, pattern in (("year", _YEAR_ONLY), ("month", _MONTH), ("day", _DAY)):
        if pattern.match(body):
            return name
    return None


def _explicit_year(text: str) -> bool:
    return _year_of(text) is not None and bool(re.search(r"\d{4}|\d{2,4}\s?(?:B\.?C|A\.?D)", text))


def _first_value(first: Timex, second: Timex) -> str | None:
    """The first end's value, with the second's year where the first does not write one."""
    if _explicit_year(first.text) or not _explicit_year(second.text):
        return None if first.value.startswith("XXXX") else first.value
    year = second.value[:4]
    tail = first.value[4:]
    value = year + tail
    if value > second.value[:len(value)]:
        value = f"{int(year) - 1:04d}{tail}"
    return value


_MONTH_NAME = re.compile(_MONX)


def _joinable(text: str, first: Timex, second: Timex) -> bool:
    if first.type != "DATE" or second.type != "DATE" or first.anchor or second.anchor:
        return False
    if not re.search(r"\d", first.text) and _MONTH_NAME.search(first.text) is None:
        return False  # "jumping the next day to 1 March": a relative day is no end of a range
    join = _JOIN.fullmatch(text[first.end:second.start])
    if not join:
        return False
    grain = _grain(first.value)
    if join.group(0).endswith("the ") and grain != "day":
        return False  # "from 1861 to the 1865 treaty": only a day takes its article at a range's end
    return grain is not None and grain == _grain(second.value) and not second.value.startswith("XXXX")


# a month name alone before "to" or a dash, and a month with its year after: "May to December 1904"
_BARE_MONTH_TO = re.compile(rf"(?<![\w.])({_MONX})(?:\s?[-–—]\s?|\s(?:to|until|till|through)\s)$")


def _bare_month_start(text: str, previous: Timex | None, second: Timex) -> Timex | None:
    """"May to December 1904": the month written alone before a month of a year, as the range's
    first end (in the second's year, or the year before when it would end before it begins)."""
    if second.type != "DATE" or second.anchor or not _MONTH.match(second.value) or not _explicit_year(second.text):
        return None
    lo = max(0, second.start - 24, previous.end if previous is not None else 0)
    m = _BARE_MONTH_TO.search(text, lo, second.start)
    if not m or not m.group(1)[0].isupper():
        return None
    month = _month_of(m.group(1))
    if month is None:
        return None
    year = int(second.value[:4]) - (1 if month > int(second.value[5:7]) else 0)
    value = f"{year:04d}-{month:02d}"
    if value >= second.value:
        return None
    return Timex(start=m.start(), end=m.end(1), text=m.group(1), type="DATE", value=value, gregorian=value)


def merge_ranges(text: str, timexes: list[Timex]) -> list[Timex]:
    """Join each pair of dates written as a range into one Timex valued "first/last".

    Timexes are in text order; a pair is joined only when both are plain dates of the same grain
    (years, months or days), nothing but a dash or "to"/"until" lies between them, and the first
    ends before the second begins.
    """
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        first = timexes[i]
        bare = _bare_month_start(text, out[-1] if out else None, first)
        if bare is not None:
            value = f"{bare.value}/{first.value}"
            out.append(replace(first, start=bare.start, text=text[bare.start:first.end], value=value,
                               gregorian=value, julian=None, mod=None))
            i += 1
            continue
        second = timexes[i + 1] if i + 1 < len(timexes) else None
        if second is not None and _joinable(text, first, second):
            start_value = _first_value(first, second)
            if start_value is not None and start_value[:len(second.value)] < second.value:
                start = first.start
                before = _FROM.search(text, max(0, start - 5), start)
                if before:
                    start = before.start()
                value = f"{start_value}/{second.value}"
                out.append(replace(first, start=start, end=second.end, text=text[start:second.end], value=value,
                                   gregorian=value, julian=None, mod=None))
                i += 2
                continue
        out.append(first)
        i += 1
    return out

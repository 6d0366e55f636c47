"""Time stage, normalisation helpers shared by every kind of expression: the normalised value
(``_Norm``), clock times, modifiers and the decade or century of a year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fontes.time.grammar import _TIME_RE, _number
from fontes.time.lexicon import MODS


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


_HOURS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_PAST_TO = re.compile(r"(?:half[- ]past|(?:a\s)?quarter\s(past|to))\s")
_HOUR_WORD = re.compile(r"\b(" + "|".join(_HOURS) + r")\b")


def _norm_time_text(s: str) -> str | None:
    """"5.05 am", "17:30", "noon", "ten o'clock at night", "half-past three o'clock" → "Thh:mm"."""
    low = s.lower()
    shift = 0  # minutes: "half-past three", "a quarter to four"
    past_to = _PAST_TO.match(low)
    if past_to:
        shift = 30 if low.startswith("half") else 15 if past_to.group(1) == "past" else -15
        low = low[past_to.end():]
    low = _HOUR_WORD.sub(lambda w: str(_HOURS.index(w.group(1)) + 1), low).replace(" ", "")
    if re.search(r"(?<!after)noon|midday", low):
        return "T12:00"
    if re.search(r"(?:past|after)midnight", low):
        return "T00:00"  # "past midnight on 9 June": the first hour of that day
    if "midnight" in low:
        return "T24:00"
    compact = re.match(r"(\d{1,2})(\d{2})\.?(?=[ap]\.?m)", low)  # "530.am": 5:30
    m = compact or re.match(r"(\d{1,2}|[a-z]+)(?:[.:]?(\d{2}))?(?::(\d{2}))?", low)
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
    if shift:
        hour, minute = divmod(hour * 60 + minute + shift, 60)
    if hour > 24 or minute > 59:
        return None
    seconds = f":{m.group(3)}" if m.re.groups >= 3 and m.group(3) else ""
    return f"T{hour:02d}:{minute:02d}{seconds}"


def _split_date_time(s: str) -> tuple[str, str]:
    t = _TIME_RE.search(s)
    if not t:
        return s, ""
    return s[:t.start()] + " " + s[t.end():], t.group(0)


_MOD_RES = [(re.compile(rf"\b{words}\b"), mod) for words, mod in sorted(MODS.items(), key=lambda kv: -len(kv[0]))]


def _mod_of(low: str) -> str | None:
    return next((mod for pattern, mod in _MOD_RES if pattern.search(low)), None)


def _period_value(year: int, size: int, step: int = 0) -> str:
    """The decade (size 10) or century (100) holding an astronomical year, moved by ``step`` periods:
    1917 → "191", 1917 and 100 → "19"; BC years count down, so -485 (486 BC) → "BC048" and a step
    forward gives "BC047"."""
    width = 3 if size == 10 else 2
    if year > 0:
        return f"{year // size + step:0{width}d}"
    period = (1 - year) // size - step
    return f"BC{period:0{width}d}" if period >= 0 else f"{-period - 1:0{width}d}"

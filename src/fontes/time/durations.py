"""Time stage, durations and sets: "three days", "nearly two years", "a short while", "every
Monday", "daily", to TIMEX3 P… values."""

from __future__ import annotations

import re

from fontes.time.anchoring import _Context, _fmt
from fontes.time.grammar import _MON_RE, _NUMW, _WD_RE, _month_of, _number
from fontes.time.lexicon import (
    MODS,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
)
from fontes.time.values import _Norm


def _duration_value(n: float | None, unit: str) -> str:
    code, is_time = UNITS[unit]
    if code == "W2":
        code, n = "W", (n or 1) * 2
    if code == "Q":
        code, n = "M", (n or 1) * 3
    if code == "CE" and n is not None and n != int(n):
        code, n = "Y", n * 100  # "half a century", "a century and a half": P50Y, P150Y
    # whole centuries keep their unit, as TIMEX annotators write them ("two centuries": P2CE)
    if code == "DE" and n is not None:
        code, n = "Y", n * 10
    prefix = "PT" if is_time else "P"
    if n is None:
        return f"{prefix}X{code}"
    if n != int(n):  # "2 1/2 years", "half a day"
        whole, frac = int(n), n - int(n)
        if whole and frac == 0.5:
            return f"{prefix}{n:g}{code}"  # "33 1/2 hours": ISO 8601's decimal of the unit written, PT33.5H
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
    low = re.sub(r"\bquarters?\sof\b", "", low)  # "a quarter of an hour" counts hours
    m = re.search(r"(second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie)|quarter)s?\b", low)
    if not m:
        return None
    unit = m.group(1)
    return "century" if unit.startswith("centur") else unit


_VAGUE_RE = re.compile(r"\b(?:" + "|".join(sorted(VAGUE_NUMBERS, key=len, reverse=True)) + r")\b")


_COUNT_RE = re.compile(rf"\b(\d+(?:\.\d+)?|{_NUMW}(?:[- ]{_NUMW})?)\b")


def _count_of(low: str) -> tuple[float | None, bool]:
    """The number of units in a duration and whether it is vague ("several", "few")."""
    if _VAGUE_RE.search(low):
        return None, True
    half = re.search(r"(\d+)\s?(?:1/2|½)", low)  # "33 1/2 hours", "2½ days"
    # a fraction alone: "half an hour" (not "an" hour), "a quarter of an hour", "three quarters of a year"
    fraction = re.match(r"(?:(three)\s)?(?:a\s|one\s)?(half|quarters?)\b(?:[- ]|\sof\s)", low)
    if fraction and not half:
        return (0.75 if fraction.group(1) else 0.5 if fraction.group(2) == "half" else 0.25), False
    m = _COUNT_RE.search(low)
    n = float(half.group(1)) if half else _number(m.group(1)) if m else None
    if n is not None and ("and a half" in low or half):
        n += 0.5
    return n, False


_DECIMAL = re.compile(r"(?<![\d.,])(\d+\.\d+)(?![\d.,]\d)")


def _decimal_value(low: str, n: float | None, unit: str) -> str | None:
    """A count written with decimals keeps them, as ISO 8601 allows on the unit written ("365.2422
    days": P365.2422D, not P365DT5H), so a year's astronomical length reads as the text gives it."""
    m = _DECIMAL.search(low)
    code, is_time = UNITS[unit]
    if not m or n is None or float(m.group(1)) != n or code not in ("Y", "M", "W", "D", "H", "S"):
        return None
    return f"{'PT' if is_time else 'P'}{m.group(1).rstrip('0').rstrip('.')}{code}"


_COUNTS = re.compile(r"(\w+)\s?(?:(?:to|or)\s|[-–]\s?)(\w+)[- ]")


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
    counts = _COUNTS.match(low[mod_words.end():] if mod_words else low)
    if counts and not vague:
        # "six or seven days" is about seven days; "3 to 5 days", "41 or 43 weeks" are no one count
        first, last = _number(counts.group(1)), _number(counts.group(2))
        # "thirty-two years" is one count: a tens word and its units joined by a hyphen
        compound = first is not None and last is not None and not counts.group(1).isdigit() and first >= 20 \
            and first % 10 == 0 and last < 10 and "-" in counts.group(0)[len(counts.group(1)):][:1] \
            and not re.match(r"(?:to|or)\s|[-–]", low[(mod_words.end() if mod_words else 0) + counts.end():])
        if first is not None and last is not None and not compound:
            n, vague = (max(first, last), False) if abs(last - first) <= 1 else (None, True)
    plural = bool(re.search(r"(?:second|minute|hour|day|night|week|month|year|decade|centurie|quarter)s\b", low))
    if n is None and not vague and plural:
        vague = True
    if n is None and not vague:
        n = 1
    value = _decimal_value(low, n, unit) if not vague else None
    value = value or _duration_value(None if vague else n, unit)
    forward = bool(re.search(r"\b(?:next|following|followed|coming|subsequent)\b", low))
    return _Norm("DURATION", value, mod=mod, coarsens_ref=vague and forward and ctx.narrative)


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


_AGE_NUMBER = re.compile(r"(?i)age\s(?:of\s)?(.+)$")


def _h_age(s: str, low: str, ctx: _Context, start: int, end: int) -> _Norm | None:
    """"at age 12", "at the age of ninety": that many years of a life (P12Y)."""
    m = _AGE_NUMBER.search(" ".join(s.split()))
    n = _number(m.group(1)) if m else None
    return _Norm("DURATION", f"P{int(n)}Y") if n is not None and 0 < n < 130 else None

"""dateparser peer: ``dateparser.search.search_dates`` over the whole text, English only.

search_dates returns (substring, datetime) pairs without offsets or granularity. Offsets are
found by searching each substring left to right; the value's granularity (year, month, day,
time) comes from ``DateDataParser.get_date_data`` on the substring, outside the timed call, so
words/s measures search_dates alone. dateparser has no durations or sets: everything it finds
is a DATE (or a TIME when the parser says the period is a time of day).
"""

from __future__ import annotations

import time
from datetime import datetime

from peers import Tagged, find_in_order, make_span

NAME = "dateparser"


def unavailable() -> str | None:
    try:
        import dateparser.search  # noqa: F401
    except ImportError:
        return "dateparser is not installed (pip install dateparser, or the 'bench' extra)"
    return None


def _base(dct: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(dct[:10]) if dct else None
    except ValueError:
        return None


def tag(text: str, dct: str | None, domain: str) -> Tagged:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": _base(dct)} if _base(dct) else {}
    t0, c0 = time.perf_counter(), time.process_time()
    found = search_dates(text, languages=["en"], settings=settings) or []
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    parser = DateDataParser(languages=["en"], settings=settings)
    spans = []
    for (surface, when), at in zip(found, find_in_order(text, [s for s, _ in found])):
        if at is None:
            continue
        period = parser.get_date_data(surface).period or "day"
        value = {"year": f"{when:%Y}", "month": f"{when:%Y-%m}", "week": f"{when:%G-W%V}",
                 "time": f"{when:%Y-%m-%dT%H:%M}"}.get(period, f"{when:%Y-%m-%d}")
        span = make_span(text, at[0], at[1], "TIME" if period == "time" else "DATE", value)
        if span is not None:
            spans.append(span)
    return Tagged(spans, seconds, cpu)

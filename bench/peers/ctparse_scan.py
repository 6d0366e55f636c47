"""ctparse peer: ``ctparse.ctparse`` on each sentence (it parses one expression per string).

ctparse resolves a whole string to its single best time expression, with the matched span
(``mstart``/``mend``), so it is run sentence by sentence (split at . ! ? and line breaks) and
finds at most one timex per sentence. Times map to DATE/TIME values at their granularity,
intervals to their start, durations to ``P<n><unit>``. It is built for near-future
scheduling phrases, which is why it "applies" only partly to news and hardly to history.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

from peers import Tagged, make_span, realign

NAME = "ctparse"
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_UNITS = {"years": "Y", "year": "Y", "months": "M", "month": "M", "weeks": "W", "week": "W", "days": "D", "day": "D"}


def unavailable() -> str | None:
    try:
        import ctparse  # noqa: F401
    except ImportError:
        return "ctparse is not installed (pip install ctparse, or the 'bench' extra)"
    return None


def tag(text: str, dct: str | None, domain: str) -> Tagged:
    import logging

    from ctparse import ctparse
    from ctparse.ctparse import _preprocess_string

    logging.getLogger("ctparse").setLevel(logging.ERROR)

    try:
        ts = datetime.fromisoformat(dct[:10]) if dct else datetime(2000, 1, 1)
    except ValueError:
        ts = datetime(2000, 1, 1)
    spans, seconds, cpu = [], 0.0, 0.0
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        if not any(c.isalnum() for c in sentence):
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            parse = ctparse(sentence, ts=ts, timeout=1.0)
        except Exception:  # noqa: BLE001 (ctparse raises on some inputs; a peer failure is a miss, not a crash)
            parse = None
        seconds += time.perf_counter() - t0
        cpu += time.process_time() - c0
        res = getattr(parse, "resolution", None)
        if res is None:
            continue
        type_, value = _value(res)
        # mstart/mend point into ctparse's normalised copy of the sentence: map them back
        start, end = realign(_preprocess_string(sentence), sentence)(res.mstart, res.mend)
        if start is None or end is None:
            continue
        span = make_span(text, m.start() + start, m.start() + end, type_, value)
        if span is not None:
            spans.append(span)
    return Tagged(spans, seconds, cpu)


def _value(res) -> tuple[str, str | None]:
    kind = type(res).__name__
    if kind == "Duration":
        unit = _UNITS.get(str(getattr(res, "unit", "")).split(".")[-1].lower())
        return "DURATION", f"P{res.value}{unit}" if unit else None
    if kind == "Interval":
        res = res.t_from or res.t_to
        if res is None:
            return "DATE", None
    y, mo, d, h, mi = (getattr(res, a, None) for a in ("year", "month", "day", "hour", "minute"))
    if h is not None and y and mo and d:
        return "TIME", f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi or 0:02d}"
    if y and mo and d:
        return "DATE", f"{y:04d}-{mo:02d}-{d:02d}"
    if y and mo:
        return "DATE", f"{y:04d}-{mo:02d}"
    if y:
        return "DATE", f"{y:04d}"
    return "DATE", None

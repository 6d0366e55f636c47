"""fontes itself as a bench system: ``fontes.timex.tag(text, dct=...)``, the time stage on a bare text.

If the installed fontes has no ``tag`` yet, the time stage ``find_timexes`` runs on a Document
holding the text and the DCT. The document type is passed as ``narrative=True`` on WikiWars
(HeidelTime's NARRATIVES) and ``False`` on TempEval-3 (NEWS) when ``tag`` takes that keyword.
"""

from __future__ import annotations

import inspect
import time

from peers import Tagged, make_span

NAME = "fontes"


def unavailable() -> str | None:
    try:
        import fontes.timex  # noqa: F401
    except ImportError as err:
        return f"fontes cannot be imported ({err}); pip install -e . from the repo root"
    return None


def _caller():
    from fontes import timex

    tag = getattr(timex, "tag", None)
    if tag is not None:
        params = inspect.signature(tag).parameters
        if "narrative" in params:  # tag(text, dct=..., narrative=bool)
            return lambda text, dct, domain: tag(text, dct=dct, narrative=domain == "narratives")
        kw = next((k for k in ("domain", "genre", "mode") if k in params), None)
        return lambda text, dct, domain: tag(text, dct=dct, **({kw: domain} if kw else {}))

    from fontes.model import Document, DualDate

    def run_stage(text: str, dct: str | None, domain: str):
        doc = Document(id="bench", path="bench.txt", text=text, dct=DualDate(gregorian=dct) if dct else None)
        return timex.find_timexes(doc).timexes

    return run_stage


def tag(text: str, dct: str | None, domain: str) -> Tagged:
    call = _caller()
    t0, c0 = time.perf_counter(), time.process_time()
    found = call(text, dct, domain)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    if hasattr(found, "timexes"):  # a Document
        found = found.timexes
    spans = []
    for t in found:
        span = make_span(text, t.start, t.end, getattr(t, "type", None), getattr(t, "value", None), getattr(t, "mod", None))
        if span is not None:
            spans.append(span)
    return Tagged(spans, seconds, cpu)

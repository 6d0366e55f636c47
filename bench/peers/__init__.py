"""Peer temporal taggers for bench_time.py: each turns (text, dct, domain) into scored timex spans.

Every peer module exposes ``NAME``, ``unavailable() -> str | None`` (why it cannot run here,
or None) and ``tag(text, dct, domain) -> Tagged``; ``domain`` is "news" or "narratives".
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from fontes.evaluation.tempeval import TimexSpan


@dataclass
class Tagged:
    """A peer's timexes for one text, and the wall-clock and CPU seconds its tagging call took.

    ``cpu_seconds`` is the CPU time of the tagging call alone: the process's own
    (``time.process_time``) for peers that run in-process, the child processes' for a peer that
    runs a subprocess (``resource.getrusage(RUSAGE_CHILDREN)``); summed over cores, so words per
    CPU second is words per second per core, and a loaded machine changes it far less than
    wall-clock time.
    """

    timexes: list[TimexSpan] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def make_span(text: str, start: int, end: int, type_: str | None, value: str | None, mod: str | None = None) -> TimexSpan | None:
    """A TimexSpan over text[start:end] with surrounding whitespace trimmed (None if nothing is left)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return TimexSpan(start, end, text[start:end], type_, value, mod)


def find_in_order(text: str, needles: list[str]) -> list[tuple[int, int] | None]:
    """Offsets of each needle in text, searching left to right from the end of the previous hit."""
    cursor, out = 0, []
    for needle in needles:
        at = text.find(needle, cursor) if needle else -1
        if at < 0:
            at = text.find(needle) if needle else -1  # out of order: fall back to the first occurrence
            out.append((at, at + len(needle)) if at >= 0 else None)
            continue
        out.append((at, at + len(needle)))
        cursor = at + len(needle)
    return out


def realign(tagged: str, source: str) -> Callable[[int, int], tuple[int | None, int | None]]:
    """A function mapping a [start, end) range of ``tagged`` onto ``source`` (None, None if it cannot)."""
    for trimmed, lead in ((tagged, 0), (tagged.lstrip("\n"), len(tagged) - len(tagged.lstrip("\n")))):
        if trimmed.startswith(source) or trimmed.rstrip() == source.rstrip():
            return lambda s, e, lead=lead: (max(0, s - lead), min(len(source), e - lead))
    at = tagged.find(source.strip()) if source.strip() else -1
    if at >= 0:
        shift = at - (len(source) - len(source.lstrip()))
        return lambda s, e: (max(0, s - shift), min(len(source), e - shift))
    blocks = difflib.SequenceMatcher(None, tagged, source, autojunk=False).get_matching_blocks()

    def mapping(s: int, e: int):
        start = end = None
        for a, b, size in blocks:
            if start is None and s < a + size:
                start = b + max(0, s - a)
            if e - 1 < a + size and e - 1 >= a:
                end = b + (e - 1 - a) + 1
                break
            if e - 1 < a:  # the last character fell in a gap: end at the previous block
                break
            end = b + size
        if start is None or end is None or end <= start:
            return None, None
        return start, end

    return mapping

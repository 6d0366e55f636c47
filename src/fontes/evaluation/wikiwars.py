"""WikiWars benchmark: read the TIMEX2 inline gold and score extraction and values as TERN/ACE does.

Rules from the README of ``shared/data/wikiwars`` (Mazur & Dale 2010; HeidelTime's evaluation):

- Text: the content of <TEXT> with the TIMEX2 tags removed; offsets are code points into it.
  The <DATETIME> download stamp (2009-12-19T17:00:00) is the DCT and is not scored. Nested
  TIMEX2 (23 in the corpus) are scored like the others, so a TIMEX3 tagger cannot find them all.
- **Extraction**: a system timex is paired one-to-one with a gold one it overlaps (identical
  extents first, then greedily in text order). *Overlap* (lenient) counts every pair; *exact*
  (strict) only pairs with identical extents. P, R and F1 are micro-averaged.
- **Value accuracy**: among overlap pairs, the share whose value equals the gold ``val``
  (see :func:`same_value`). **Value F1** (lenient + VAL) = value accuracy × overlap F1,
  the figure comparable to TempEval-3 value F1.

TIMEX3 values are compared with TIMEX2 ``val`` conservatively (:func:`same_value`): both
schemes share the ISO-like value syntax (``1939-09-01``, ``1939-10``, ``BC0490``, ``1776-WI``,
``194`` for the 1940s, ``P2M``, ``XXXX-XX-XXTNI``, ``PRESENT_REF``), so a value is right only
when the strings are identical after upper-casing, with one equivalence: a time of day with
zero seconds equals the same time without seconds (``T17:00:00`` = ``T17:00``). Known
differences between the schemes are therefore scored as errors, e.g. a TIMEX3 SET ``P1D`` for
"daily" against TIMEX2 ``XXXX-XX-XX`` with set="YES", an ISO ``-0489`` against ``BC0490``,
or any value against a gold TIMEX2 that has no ``val`` (68 of them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fontes.errors import InputError
from fontes.evaluation import shared_data_dir
from fontes.evaluation.tempeval import PRF, SpanLike, TimexDocument, TimexSpan, align, percent, prf

KEYINLINE = Path("wikiwars") / "WikiWars_20120218_v104" / "keyinline"
_TAG = re.compile(r"<(/?)TIMEX2((?:\s+[^>]*)?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_SECONDS = re.compile(r"(T\d\d:\d\d):00$")


def read_key_inline(path: Path | str) -> TimexDocument:
    """Read one keyinline file: the plain text of <TEXT>, its TIMEX2 tags (val, mod) and the DCT."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such WikiWars file", "set FONTES_SHARED to the folder holding data/wikiwars") from None
    except UnicodeDecodeError as err:
        raise InputError(path, f"not valid UTF-8 at byte {err.start}", "use the WikiWars v1.0.4 files as released") from None
    head, sep, rest = raw.partition("<TEXT>")
    body, sep2, _ = rest.partition("</TEXT>")
    if not sep or not sep2:
        raise InputError(path, "has no <TEXT>…</TEXT> block", "pass a WikiWars keyinline .key.xml file")
    text, timexes = _strip_timex2(body, path)
    dct_match = re.search(r'<DATETIME>.*?val="([^"]+)"', head, re.DOTALL) or re.search(r"<DATETIME>\s*([^<\s]+)", head)
    docid = re.search(r"<DOCID>\s*([^<]+?)\s*</DOCID>", head)
    name = docid.group(1) if docid else path.name.split(".")[0]
    return TimexDocument(name=name, text=text, dct=dct_match.group(1) if dct_match else None, timexes=timexes, path=str(path))


def _strip_timex2(body: str, path: Path) -> tuple[str, list[TimexSpan]]:
    """Remove (possibly nested) TIMEX2 tags from body; return the text and the timexes with offsets."""
    parts: list[str] = []
    pos = 0  # length of the text so far
    last = 0  # end of the last tag in body
    stack: list[tuple[int, dict[str, str]]] = []
    timexes: list[TimexSpan] = []
    for match in _TAG.finditer(body):
        chunk = body[last:match.start()]
        parts.append(chunk)
        pos += len(chunk)
        last = match.end()
        if not match.group(1):
            stack.append((pos, dict(_ATTR.findall(match.group(2) or ""))))
            continue
        if not stack:
            raise InputError(path, f"a </TIMEX2> at character {match.start()} of <TEXT> closes no tag", "use the files as released")
        start, attrs = stack.pop()
        text = "".join(parts)
        timexes.append(TimexSpan(start, pos, text[start:pos], _timex2_type(attrs), attrs.get("val"), attrs.get("mod")))
    if stack:
        raise InputError(path, f"{len(stack)} <TIMEX2> tag(s) never closed", "use the files as released")
    parts.append(body[last:])
    timexes.sort(key=lambda t: (t.start, -t.end))
    return "".join(parts), timexes


def _timex2_type(attrs: dict[str, str]) -> str | None:
    """A rough TIMEX3 type from a TIMEX2's attributes (TIMEX2 has none; used for error analysis only)."""
    val = attrs.get("val")
    if attrs.get("set") == "YES":
        return "SET"
    if not val:
        return None
    if val.startswith("P"):
        return "DURATION"
    return "TIME" if "T" in val and not val.endswith("_REF") else "DATE"


def read_wikiwars(data_dir: Path | None = None) -> list[TimexDocument]:
    """The 22 WikiWars documents (2,659 gold TIMEX2 in their texts)."""
    folder = (data_dir or shared_data_dir()) / KEYINLINE
    if not folder.is_dir():
        raise InputError(folder, "no such WikiWars folder", "set FONTES_SHARED to the folder holding data/wikiwars")
    return [read_key_inline(f) for f in sorted(folder.glob("*.key.xml"))]


def same_value(timex2_val: str | None, timex3_value: str | None) -> bool:
    """True when a TIMEX3 value says the same as a TIMEX2 val (see the module docstring)."""
    if not timex2_val or not timex3_value:
        return False
    a, b = (_SECONDS.sub(r"\1", v.strip().upper()) for v in (timex2_val, timex3_value))
    return a == b


@dataclass
class WikiWarsCounts:
    """Counts behind the WikiWars figures; add them up over documents (micro average)."""

    gold: int = 0
    system: int = 0
    overlap: int = 0
    exact: int = 0
    value: int = 0  # overlap pairs whose value is right

    def __add__(self, other: WikiWarsCounts) -> WikiWarsCounts:
        return WikiWarsCounts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.gold, self.system, self.overlap, self.exact, self.value)

    @property
    def overlap_prf(self) -> PRF:
        return prf(self.overlap, self.system, self.gold)

    @property
    def exact_prf(self) -> PRF:
        return prf(self.exact, self.system, self.gold)

    @property
    def value_accuracy(self) -> float:
        """Right values among overlap pairs."""
        return self.value / self.overlap if self.overlap else 0.0

    @property
    def value_prf(self) -> PRF:
        """Found (overlap) and value right at once: the "lenient + VAL" figure."""
        return prf(self.value, self.system, self.gold)

    def as_dict(self) -> dict[str, float | int]:
        """Counts and figures in percent, rounded to two decimals."""
        out: dict[str, float | int] = dict(zip(("gold", "system", "overlap", "exact", "value"), self.astuple()))
        for name, score in (("overlap", self.overlap_prf), ("exact", self.exact_prf), ("value", self.value_prf)):
            out |= score.percent(name)
        out["value_accuracy"] = percent(self.value_accuracy)
        return out


def score_document(gold: Sequence[SpanLike], system: Sequence[SpanLike]) -> WikiWarsCounts:
    """WikiWars counts for one document's gold TIMEX2 and system timexes."""
    counts = WikiWarsCounts(gold=len(gold), system=len(system))
    for i, j in align(gold, system).pairs:
        g, s = gold[i], system[j]
        counts.overlap += 1
        counts.exact += (g.start, g.end) == (s.start, s.end)
        counts.value += same_value(g.value, s.value)
    return counts


def score(documents: Iterable[tuple[Sequence[SpanLike], Sequence[SpanLike]]]) -> WikiWarsCounts:
    """Micro-averaged WikiWars counts over (gold timexes, system timexes) pairs of documents."""
    total = WikiWarsCounts()
    for gold, system in documents:
        total = total + score_document(gold, system)
    return total

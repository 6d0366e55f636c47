"""TempEval-3 benchmark: read TimeML (.tml) files and score timexes as TempEval-3 Task A does.

The rules are those written down in the README of ``shared/data/tempeval3`` (from the
organisers' toolkit notes and §4.1 of UzZaman et al. 2013), re-implemented here:

- A system timex and a gold timex are paired when they overlap; pairing is one-to-one.
  The toolkit pairs by shared tokens; character overlap stands in for that. Identical
  extents are paired first, then the rest greedily in text order.
- **Relaxed** match: a pair. **Strict** match: a pair with identical extents.
  P = matches / system timexes, R = matches / gold timexes, F1 = 2PR / (P + R), micro-averaged
  over all documents.
- **Attribute F1** (type, value): among the relaxed matches, those whose attribute string is
  exactly the gold one; attribute F1 = attribute accuracy × relaxed F1 (equivalently
  P = correct / system, R = correct / gold).
- The DCT (``t0``) and empty TIMEX3 tags are not scored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from fontes.errors import InputError
from fontes.evaluation import shared_data_dir

PLATINUM = Path("tempeval3") / "platinum" / "te3-platinum"
TBAQ = (Path("tempeval3") / "training" / "TBAQ-cleaned" / "TimeBank", Path("tempeval3") / "training" / "TBAQ-cleaned" / "AQUAINT")


class SpanLike(Protocol):
    """Anything with offsets, a type and a value: a TimexSpan, a fontes Timex, a peer's output."""

    start: int
    end: int
    type: str | None
    value: str | None


@dataclass(slots=True)
class TimexSpan:
    """A timex as the scorers see it: text[start:end] and its normalised attributes."""

    start: int
    end: int
    text: str
    type: str | None = None
    value: str | None = None
    mod: str | None = None
    tid: str | None = None


@dataclass
class TimexDocument:
    """One benchmark document: its plain text, its creation time and its gold timexes."""

    name: str
    text: str
    dct: str | None
    timexes: list[TimexSpan] = field(default_factory=list)
    path: str | None = None

    @property
    def words(self) -> int:
        """Whitespace-separated words of the text (the unit of the words/s figures)."""
        return len(self.text.split())


# --------------------------------------------------------------------------- reading


def read_tml(path: Path | str) -> TimexDocument:
    """Read a TimeML file: the plain text of <TEXT>, its TIMEX3 tags with offsets, and the DCT.

    The DCT is the TIMEX3 inside <DCT>, else the one with functionInDocument="CREATION_TIME".
    Offsets are code-point offsets into the text of <TEXT> with all tags removed.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError(path, "no such TimeML file", "set FONTES_SHARED to the folder holding data/tempeval3") from None
    except ET.ParseError as err:
        raise InputError(path, f"not well-formed TimeML XML ({err})", "pass an unmodified TempEval-3 .tml file") from None
    text_el = root.find("TEXT")
    if text_el is None:
        raise InputError(path, "has no <TEXT> element", "pass a TimeML file with the document text inside <TEXT>")
    parts: list[str] = []
    timexes: list[TimexSpan] = []
    _flatten(text_el, parts, timexes, is_root=True)
    text = "".join(parts)
    name = (root.findtext("DOCID") or "").strip() or path.name.split(".tml")[0]
    return TimexDocument(name=name, text=text, dct=_dct_value(root), timexes=timexes, path=str(path))


def _flatten(el: ET.Element, parts: list[str], timexes: list[TimexSpan], *, is_root: bool = False) -> None:
    """Append el's text (tags removed) to parts, recording every non-empty TIMEX3 with its offsets."""
    start = len("".join(parts)) if el.tag == "TIMEX3" else 0
    if el.text:
        parts.append(el.text)
    for child in el:
        _flatten(child, parts, timexes)
        if child.tail:
            parts.append(child.tail)
    if is_root or el.tag != "TIMEX3":
        return
    text = "".join(parts)
    if len(text) > start:  # an empty (non-consuming) TIMEX3 is not scored
        timexes.append(
            TimexSpan(start, len(text), text[start:], el.get("type"), el.get("value"), el.get("mod"), el.get("tid"))
        )
        timexes.sort(key=lambda t: (t.start, t.end))


def _dct_value(root: ET.Element) -> str | None:
    dct = root.find("DCT/TIMEX3")
    if dct is None:
        dct = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    return dct.get("value") if dct is not None else None


def read_folder(folder: Path) -> list[TimexDocument]:
    """Read every .tml file of a folder, in name order."""
    if not folder.is_dir():
        raise InputError(folder, "no such TempEval-3 folder", "set FONTES_SHARED to the folder holding data/tempeval3")
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise InputError(folder, "holds no .tml files", "point it at a TempEval-3 TimeML folder")
    return [read_tml(f) for f in files]


def read_platinum(data_dir: Path | None = None) -> list[TimexDocument]:
    """The TempEval-3 platinum test set (20 documents, 138 timexes)."""
    return read_folder((data_dir or shared_data_dir()) / PLATINUM)


def read_tbaq(data_dir: Path | None = None) -> list[TimexDocument]:
    """The TBAQ-cleaned training set: TimeBank then AQUAINT (256 documents, 1,822 timexes)."""
    base = data_dir or shared_data_dir()
    return [doc for folder in TBAQ for doc in read_folder(base / folder)]


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 as fractions in [0, 1]."""

    precision: float
    recall: float
    f1: float

    def percent(self, name: str) -> dict[str, float]:
        """``{name}_p``, ``{name}_r`` and ``{name}_f1`` in percent, two decimals."""
        return {f"{name}_p": percent(self.precision), f"{name}_r": percent(self.recall), f"{name}_f1": percent(self.f1)}


def percent(x: float) -> float:
    """A fraction as a percentage rounded to two decimals, as the benchmark tables print it."""
    return round(100 * x, 2)


def prf(correct: int, system: int, gold: int) -> PRF:
    """P = correct / system, R = correct / gold, F1 their harmonic mean (0 where undefined)."""
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Alignment:
    """The one-to-one pairing of a document's gold and system timexes (indices into each list)."""

    pairs: list[tuple[int, int]]
    missed: list[int]  # gold timexes no system timex overlaps
    spurious: list[int]  # system timexes that overlap no (unpaired) gold timex


def align(gold: Sequence[SpanLike], system: Sequence[SpanLike]) -> Alignment:
    """Pair overlapping timexes one-to-one: identical extents first, then greedily in text order."""
    free_gold = set(range(len(gold)))
    pairs: list[tuple[int, int]] = []
    by_extent = {(g.start, g.end): i for i, g in enumerate(gold)}
    unpaired_sys: list[int] = []
    for j, s in enumerate(system):
        i = by_extent.get((s.start, s.end))
        if i is not None and i in free_gold:
            free_gold.discard(i)
            pairs.append((i, j))
        else:
            unpaired_sys.append(j)
    gold_order = sorted(range(len(gold)), key=lambda i: (gold[i].start, gold[i].end))
    spurious: list[int] = []
    for j in sorted(unpaired_sys, key=lambda j: (system[j].start, system[j].end)):
        s = system[j]
        i = next((i for i in gold_order if i in free_gold and gold[i].start < s.end and s.start < gold[i].end), None)
        if i is None:
            spurious.append(j)
        else:
            free_gold.discard(i)
            pairs.append((i, j))
    pairs.sort()
    return Alignment(pairs, sorted(free_gold), sorted(spurious))


@dataclass
class TaskACounts:
    """Counts behind every Task A figure; add them up over documents (micro average)."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type: int = 0
    value: int = 0

    def __add__(self, other: TaskACounts) -> TaskACounts:
        return TaskACounts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.gold, self.system, self.strict, self.relaxed, self.type, self.value)

    @property
    def strict_prf(self) -> PRF:
        return prf(self.strict, self.system, self.gold)

    @property
    def relaxed_prf(self) -> PRF:
        return prf(self.relaxed, self.system, self.gold)

    @property
    def type_f1(self) -> float:
        """Type accuracy over relaxed matches × relaxed F1."""
        return prf(self.type, self.system, self.gold).f1

    @property
    def value_f1(self) -> float:
        """Value accuracy over relaxed matches × relaxed F1 (the TempEval-3 ranking metric)."""
        return prf(self.value, self.system, self.gold).f1

    @property
    def type_accuracy(self) -> float:
        return self.type / self.relaxed if self.relaxed else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value / self.relaxed if self.relaxed else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts and figures in percent, rounded to two decimals."""
        out: dict[str, float | int] = dict(zip(("gold", "system", "strict", "relaxed", "type", "value"), self.astuple()))
        for name, score in (("strict", self.strict_prf), ("relaxed", self.relaxed_prf)):
            out |= score.percent(name)
        out |= {"type_f1": percent(self.type_f1), "value_f1": percent(self.value_f1)}
        out |= {"type_accuracy": percent(self.type_accuracy), "value_accuracy": percent(self.value_accuracy)}
        return out


def score_document(gold: Sequence[SpanLike], system: Sequence[SpanLike]) -> TaskACounts:
    """Task A counts for one document's gold and system timexes."""
    counts = TaskACounts(gold=len(gold), system=len(system))
    for i, j in align(gold, system).pairs:
        g, s = gold[i], system[j]
        counts.relaxed += 1
        counts.strict += (g.start, g.end) == (s.start, s.end)
        counts.type += g.type is not None and g.type == s.type
        counts.value += g.value is not None and g.value == s.value
    return counts


def score(documents: Iterable[tuple[Sequence[SpanLike], Sequence[SpanLike]]]) -> TaskACounts:
    """Micro-averaged Task A counts over (gold timexes, system timexes) pairs of documents."""
    total = TaskACounts()
    for gold, system in documents:
        total = total + score_document(gold, system)
    return total

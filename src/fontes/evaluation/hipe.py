"""HIPE-2022 benchmark: read the HIPE TSV format and score NERC-coarse as the HIPE scorer does.

The scoring rules follow the description of hipe-eval/HIPE-scorer (commit 6605770, used for
the HIPE-2022 results) in the README of the benchmark's data folder: mentions are compared
per document as (type, first token, last token); micro precision, recall and F1 are given
in a *strict* regime (exact boundaries and type) and a *fuzzy* regime (overlapping
boundaries and the same type).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fontes.errors import InputError
from fontes.evaluation import shared_data_dir

COLUMNS = (
    "TOKEN", "NE-COARSE-LIT", "NE-COARSE-METO", "NE-FINE-LIT", "NE-FINE-METO",
    "NE-FINE-COMP", "NE-NESTED", "NEL-LIT", "NEL-METO", "MISC",
)
# The global HIPE-2022 coarse tagset (tagset-hipe2022-all.txt of the scorer): system types in
# it count even when absent from the gold file (as false positives); others are ignored.
HIPE2022_TAGSET = frozenset({
    "BUILDING", "DATE", "HUMANPROD", "LOC", "OBJECT", "ORG", "PER", "PERS", "PROD", "SCOPE", "STREET", "TIME", "WORK",
})
REGIMES = ("strict", "fuzzy")
# topres19th splits places into LOC, BUILDING and STREET; a system with one place type is
# mapped onto them by the head word of the name (words read off the topres19th *train* split).
STREET_WORDS = frozenset({
    "street", "st", "road", "rd", "lane", "square", "place", "row", "terrace", "crescent", "parade",
    "avenue", "walk", "esplanade", "quay", "gate", "alley", "wharf",
})
BUILDING_WORDS = frozenset({
    "inn", "hall", "church", "hotel", "house", "college", "guildhall", "hospital", "castle",
    "office", "rooms", "tavern", "arms", "school", "gaol", "cathedral", "chapel", "lodge",
    "buildings", "palace", "station", "infirmary", "workhouse", "theatre", "exchange", "mill",
    "museum", "library", "prison", "barracks", "abbey", "asylum", "minster", "factory", "warehouse",
})


@dataclass(frozen=True, slots=True)
class Span:
    """A mention as the scorer sees it: upper-cased type, first and last token index (inclusive)."""

    type: str
    first: int
    last: int

    def overlaps(self, other: Span) -> bool:
        return self.first <= other.last and other.first <= self.last


@dataclass
class HipeDocument:
    """One HIPE document: its tokens, their NE-COARSE-LIT tags and MISC flags, and its metadata."""

    id: str
    metadata: dict[str, str] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # NE-COARSE-LIT, IOB
    misc: list[frozenset[str]] = field(default_factory=list)

    @property
    def mentions(self) -> list[Span]:
        """The gold mentions of NE-COARSE-LIT."""
        return spans_from_iob(self.tags)

    def text_with_offsets(self) -> tuple[str, list[tuple[int, int]]]:
        """Rebuild the running text (a space after each token unless NoSpaceAfter) and each token's offsets."""
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        pos = 0
        for token, flags in zip(self.tokens, self.misc):
            offsets.append((pos, pos + len(token)))
            parts.append(token)
            pos += len(token)
            if "NoSpaceAfter" not in flags:
                parts.append(" ")
                pos += 1
        return "".join(parts), offsets

    @property
    def text(self) -> str:
        return self.text_with_offsets()[0]


def data_dir(repo_root: Path | None = None) -> Path:
    """The HIPE-2022 English data folder: $FONTES_SHARED/data/hipe2022-en, else ../shared beside the repo."""
    return shared_data_dir(repo_root) / "hipe2022-en"


def dataset_path(dataset: str, split: str, *, repo_root: Path | None = None) -> Path:
    """Path of e.g. ('hipe2020', 'test') → data/v2.1/hipe2020/en/HIPE-2022-v2.1-hipe2020-test-en.tsv."""
    return data_dir(repo_root) / "data" / "v2.1" / dataset / "en" / f"HIPE-2022-v2.1-{dataset}-{split}-en.tsv"


def read_hipe(path: Path | str) -> list[HipeDocument]:
    """Read a HIPE-2022 TSV file into documents.

    A line is a token when it has the 10 tab-separated fields, even if the token itself starts
    with '#'; '# key = value' lines are metadata, and '# hipe2022:document_id' opens a document.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(path, "no such HIPE file", "set FONTES_SHARED to the folder holding data/hipe2022-en") from None
    except UnicodeDecodeError as err:
        raise InputError(path, f"not valid UTF-8 at byte {err.start}", "use the HIPE-2022 v2.1 files as released") from None
    if not lines or not lines[0].startswith("TOKEN\t"):
        raise InputError(path, "does not start with the HIPE header line 'TOKEN\\tNE-COARSE-LIT...'", "pass a HIPE-2022 TSV file")
    docs: list[HipeDocument] = []
    pending: dict[str, str] = {}  # metadata read before the document's first token
    current: HipeDocument | None = None
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) == len(COLUMNS):
            if current is None:
                current = HipeDocument(id=pending.get("hipe2022:document_id", f"{path.stem}-{len(docs)}"), metadata=pending)
                docs.append(current)
                pending = {}
            current.tokens.append(fields[0])
            current.tags.append(fields[1].strip() or "O")
            flags = fields[9].strip()
            current.misc.append(frozenset(flags.split("|")) if flags and flags != "_" else frozenset())
        elif line.startswith("#"):
            key, sep, value = line.lstrip("# ").partition(" = ")
            if sep:
                if key == "hipe2022:document_id" and current is not None:
                    current = None  # a new document starts even without a blank line
                pending[key.strip()] = value.strip()
        elif not line.strip():
            current = None
        else:
            raise InputError(path, f"line {number} has {len(fields)} fields, expected {len(COLUMNS)}", "check the file is an unmodified HIPE TSV")
    return docs


def spans_from_iob(tags: Sequence[str]) -> list[Span]:
    """Maximal IOB spans; an I-X after O or after another type opens a new mention (the scorer's rule).

    IOBES tags are read as IOB (S- as B-, E- as I-); types are upper-cased.
    """
    spans: list[Span] = []
    open_type: str | None = None
    first = 0
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        prefix, label = prefix.upper(), label.upper()
        if prefix in ("B", "S") or (prefix in ("I", "E") and label != open_type):
            if open_type is not None:
                spans.append(Span(open_type, first, i - 1))
            open_type, first = label, i
        elif prefix not in ("I", "E"):
            if open_type is not None:
                spans.append(Span(open_type, first, i - 1))
            open_type = None
    if open_type is not None:
        spans.append(Span(open_type, first, len(tags) - 1))
    return spans


def place_type(name: str) -> str:
    """topres19th type of a place name: STREET or BUILDING by its head word, else LOC."""
    words = [w for w in re.split(r"[^\w]+", name.lower()) if w]
    if words and words[-1] in STREET_WORDS:
        return "STREET"
    if any(w in BUILDING_WORDS for w in words):
        return "BUILDING"
    return "LOC"


def spans_from_chars(offsets: Sequence[tuple[int, int]], mentions: Iterable[tuple[int, int, str]]) -> list[Span]:
    """Project character mentions (start, end, type) onto the tokens they overlap; unmatched ones are dropped."""
    spans: list[Span] = []
    for start, end, label in mentions:
        touched = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
        if touched:
            spans.append(Span(label.upper(), touched[0], touched[-1]))
    return sorted(set(spans), key=lambda s: (s.first, s.last, s.type))


@dataclass
class Counts:
    """Scorer counts for one regime; P = TP/actual, R = TP/possible."""

    correct: int = 0
    incorrect: int = 0
    spurious: int = 0
    missed: int = 0

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.spurious

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.missed

    @property
    def tp(self) -> int:
        return self.correct

    @property
    def fp(self) -> int:
        return self.actual - self.correct

    @property
    def fn(self) -> int:
        return self.possible - self.correct

    @property
    def precision(self) -> float:
        return self.correct / self.actual if self.actual else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.possible if self.possible else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.correct += other.correct
        self.incorrect += other.incorrect
        self.spurious += other.spurious
        self.missed += other.missed


def score_document(gold: Sequence[Span], system: Sequence[Span]) -> dict[str, Counts]:
    """Match one document's system mentions against its gold mentions, in both regimes.

    For each system mention in order: an exact gold match (same type, same boundaries) is
    correct; else the gold mentions are scanned in order and the first one with the same
    boundaries (other type: incorrect) or overlapping it and not yet claimed is claimed
    (strict: incorrect; fuzzy: correct if same type); else the mention is spurious. Gold
    mentions never claimed are missed.
    """
    strict, fuzzy = Counts(), Counts()
    claimed: set[Span] = set()
    for pred in system:
        if pred in gold:
            claimed.add(pred)
            strict.correct += 1
            fuzzy.correct += 1
            continue
        for true in gold:
            if true.first == pred.first and true.last == pred.last:
                claimed.add(true)
                strict.incorrect += 1
                fuzzy.incorrect += 1
                break
            if true not in claimed and true.overlaps(pred):
                claimed.add(true)
                strict.incorrect += 1
                if true.type == pred.type:
                    fuzzy.correct += 1
                else:
                    fuzzy.incorrect += 1
                break
        else:
            strict.spurious += 1
            fuzzy.spurious += 1
    missed = sum(1 for true in gold if true not in claimed)
    strict.missed += missed
    fuzzy.missed += missed
    return {"strict": strict, "fuzzy": fuzzy}


def score_nerc(
    gold: Sequence[Sequence[Span]],
    system: Sequence[Sequence[Span]],
    *,
    tagset: Iterable[str] | None = HIPE2022_TAGSET,
) -> dict[str, Counts]:
    """Micro counts over documents for NERC-coarse, per regime ("strict", "fuzzy").

    Types counted are those in the gold plus system types in ``tagset`` (None: gold types only);
    system mentions of other types are ignored, as the HIPE scorer does.
    """
    if len(gold) != len(system):
        raise ValueError(f"gold has {len(gold)} documents but system output has {len(system)}; score the same documents")
    types = {span.type for doc in gold for span in doc}
    if tagset is not None:
        types |= {span.type for doc in system for span in doc if span.type in tagset}
    totals = {regime: Counts() for regime in REGIMES}
    for gold_doc, system_doc in zip(gold, system):
        kept_gold = [s for s in gold_doc if s.type in types]
        kept_system = [s for s in system_doc if s.type in types]
        for regime, counts in score_document(kept_gold, kept_system).items():
            totals[regime].add(counts)
    return totals

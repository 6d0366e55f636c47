"""ALTO (v2-v4) OCR files: pages, blocks, lines and words with their boxes and word confidence (WC).

Blocks in a page's top or bottom margin are page chrome; a word split by a line end
(``SUBS_TYPE="HypPart1"``) is joined with its second part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fontes.formats.paged import HYPHENS, Line, PageContent, Word
from fontes.formats.xml import children, descendants, local


def _num(el, name: str) -> int:
    try:
        return int(float(el.get(name) or 0))
    except ValueError:
        return 0


def _line(el) -> Line:
    words: list[Word] = []
    for child in children(el, "String"):
        wc = child.get("WC")
        words.append(Word(child.get("CONTENT") or "", float(wc) if wc not in (None, "") else None))
    text = _join_words([w.text for w in words if w.text])
    if children(el, "HYP"):
        text += children(el, "HYP")[0].get("CONTENT") or "-"
    confs = [w.confidence for w in words if w.confidence is not None]
    box = (_num(el, "HPOS"), _num(el, "VPOS"), _num(el, "WIDTH"), _num(el, "HEIGHT"))
    return Line(text, box, round(sum(confs) / len(confs), 3) if confs else None, words)


def _join_words(words: list[str]) -> str:
    """Words of a line as read: punctuation set as its own String is attached to its word, and a hyphen
    ending the line to the word it breaks ("Men" "-" -> "Men-")."""
    out = ""
    for k, word in enumerate(words):
        attach = bool(out) and (re.fullmatch(r"[.,;:!?)\]»”]+", word) or (k == len(words) - 1 and word in HYPHENS)
                                or out.endswith(("(", "[", "„", "»")))
        out += word if attach or not out else " " + word
    return out


def read_alto(root, path: Path) -> tuple[list[PageContent], list[set[int]]]:
    """Each ALTO page's paragraphs (a TextBlock each) and, per page, the paragraphs in its margins."""
    image = next((text_el.text.strip() for text_el in descendants(root, "fileName") if text_el.text), None)
    pages, margins = [], []
    for n, page in enumerate(descendants(root, "Page"), start=1):
        label = page.get("PRINTED_IMG_NR") or page.get("PHYSICAL_IMG_NR") or str(n)
        paragraphs, margin = [], set()
        for area in page:
            in_margin = local(area.tag) in ("TopMargin", "BottomMargin")
            for block in descendants(area, "TextBlock"):
                lines = [_line(ln) for ln in children(block, "TextLine")]
                if any(ln.text for ln in lines):
                    if in_margin:
                        margin.add(len(paragraphs))
                    paragraphs.append(lines)
        pages.append(PageContent(paragraphs, label, image, _num(page, "WIDTH") or None, _num(page, "HEIGHT") or None))
        margins.append(margin)
    return pages, margins


# ---------------------------------------------------------------- ALTO as an index of words, for articles
# A METS file points into ALTO by element ID (a TextBlock, a page, or a range of words from BEGIN to END),
# and ALTO itself can tag blocks as parts of an article (TAGREFS to a StructureTag): both need the words
# of a page in reading order with the IDs that delimit them.


@dataclass(slots=True)
class AltoString:
    """One String of an ALTO file: its word, box, and the line and block it sits in (indexes into AltoIndex)."""

    word: Word
    box: tuple[int, int, int, int]
    line: int
    block: int


@dataclass(slots=True)
class AltoLine:
    box: tuple[int, int, int, int]
    block: int
    first: int  # index of its first and last String
    last: int
    hyphen: str | None = None  # the HYP the line ends with ("-")


@dataclass(slots=True)
class AltoBlock:
    id: str | None
    page: int
    tags: tuple[str, ...] = ()  # TAGREFS
    margin: bool = False  # in the page's top or bottom margin


@dataclass(slots=True)
class AltoPageInfo:
    label: str
    image: str | None
    width: int | None
    height: int | None


@dataclass
class AltoIndex:
    """Every String of an ALTO file in document order, with the ID ranges (first, last String) of its elements."""

    pages: list[AltoPageInfo] = field(default_factory=list)
    blocks: list[AltoBlock] = field(default_factory=list)
    lines: list[AltoLine] = field(default_factory=list)
    strings: list[AltoString] = field(default_factory=list)
    ids: dict[str, tuple[int, int]] = field(default_factory=dict)
    structure_tags: dict[str, str] = field(default_factory=dict)  # StructureTag ID -> LABEL (or TYPE)

    def span(self, begin: str, end: str | None = None) -> tuple[int, int] | None:
        """The (first, last) String indexes from element ``begin`` to element ``end`` (inclusive), or None."""
        first = self.ids.get(begin)
        last = self.ids.get(end) if end else first
        if first is None or last is None or last[1] < first[0]:
            return None
        return first[0], last[1]

    def paragraphs(self, first: int, last: int) -> list[tuple[int, list[Line]]]:
        """(page, lines) per block of the Strings first..last: a block cut by the range keeps the part inside."""
        out: list[tuple[int, list[Line]]] = []
        current_block = -1
        k = first
        while k <= last:
            line = self.lines[self.strings[k].line]
            stop = min(line.last, last)
            line_out = self._line(line, k, stop)
            if line.block != current_block:
                out.append((self.blocks[line.block].page, []))
                current_block = line.block
            out[-1][1].append(line_out)
            k = stop + 1
        return out

    def _line(self, line: AltoLine, first: int, last: int) -> Line:
        strings = self.strings[first:last + 1]
        words = [s.word for s in strings]
        text = _join_words([w.text for w in words if w.text])
        if last == line.last and line.hyphen is not None:
            text += line.hyphen
        confs = [w.confidence for w in words if w.confidence is not None]
        if first == line.first and last == line.last:
            box = line.box
        else:
            x0 = min(s.box[0] for s in strings)
            y0 = min(s.box[1] for s in strings)
            x1 = max(s.box[0] + s.box[2] for s in strings)
            y1 = max(s.box[1] + s.box[3] for s in strings)
            box = (x0, y0, x1 - x0, y1 - y0)
        return Line(text, box, round(sum(confs) / len(confs), 3) if confs else None, words)


def _box(el) -> tuple[int, int, int, int]:
    return _num(el, "HPOS"), _num(el, "VPOS"), _num(el, "WIDTH"), _num(el, "HEIGHT")


def index_alto(root) -> AltoIndex:
    """The words of an ALTO file in document order, with the String range of every element that has an ID."""
    out = AltoIndex()
    image = next((el.text.strip() for el in descendants(root, "fileName") if el.text), None)
    for tag in descendants(root, "StructureTag") + descendants(root, "LayoutTag") + descendants(root, "OtherTag"):
        if tag.get("ID"):
            kind = local(tag.tag)
            out.structure_tags[tag.get("ID")] = f"{kind}:{tag.get('TYPE') or ''}:{tag.get('LABEL') or ''}"
    position: dict = {}  # String element -> its index in out.strings
    for n, page in enumerate(descendants(root, "Page"), start=1):
        p = len(out.pages)
        out.pages.append(AltoPageInfo(page.get("PRINTED_IMG_NR") or page.get("PHYSICAL_IMG_NR") or str(n), image,
                                      _num(page, "WIDTH") or None, _num(page, "HEIGHT") or None))
        for area in page:
            margin = local(area.tag) in ("TopMargin", "BottomMargin")
            for block in descendants(area, "TextBlock"):
                b = len(out.blocks)
                out.blocks.append(AltoBlock(block.get("ID"), p, tuple((block.get("TAGREFS") or "").split()), margin))
                for line_el in children(block, "TextLine"):
                    strings = children(line_el, "String")
                    if not strings:
                        continue
                    hyp = children(line_el, "HYP")
                    line = AltoLine(_box(line_el), b, len(out.strings), len(out.strings) + len(strings) - 1,
                                    (hyp[0].get("CONTENT") or "-") if hyp else None)
                    for s in strings:
                        position[s] = len(out.strings)  # the element is kept alive here, so it stays the same key
                        wc = s.get("WC")
                        word = Word(s.get("CONTENT") or "", float(wc) if wc not in (None, "") else None)
                        out.strings.append(AltoString(word, _box(s), len(out.lines), b))
                        if s.get("ID"):
                            out.ids[s.get("ID")] = (len(out.strings) - 1, len(out.strings) - 1)
                    if line_el.get("ID"):
                        out.ids[line_el.get("ID")] = (line.first, line.last)
                    out.lines.append(line)
    # the range of every other element with an ID that holds Strings: pages, print spaces, composed and text blocks
    for el in root.iter():
        el_id = el.get("ID") if isinstance(el.tag, str) else None
        if not el_id or el_id in out.ids or local(el.tag) in ("String", "TextLine"):
            continue
        inside = [position[s] for s in el.iter() if s in position]
        if inside:
            out.ids[el_id] = (inside[0], inside[-1])
    return out

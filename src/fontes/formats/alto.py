"""ALTO (v2-v4) OCR files: pages, blocks, lines and words with their boxes and word confidence (WC).

Blocks in a page's top or bottom margin are page chrome; a word split by a line end
(``SUBS_TYPE="HypPart1"``) is joined with its second part.
"""

from __future__ import annotations

import re
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

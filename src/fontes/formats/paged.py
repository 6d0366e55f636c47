"""Assemble a paginated source's text: pages of paragraphs of lines, with page spans, OCR boxes and marks.

Every reader of a paginated format (PDF, scans, ALTO, PAGE, hOCR) hands its lines to a
``PagedText``; the lines of a paragraph become one line of ``Document.text`` (a word broken by a
hyphen at a line end is joined), paragraphs are separated by a blank line, and each page's span,
each OCR line's box and each mark (low-confidence word, page chrome) point into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fontes.model import Box, Mark, Page

# a word broken at a line end: a letter, a hyphen, then a lower-case letter opening the next line
HYPHENS = ("-", "\u00ad", "\u2010", "¬", "⸗")  # "¬" and "⸗" break lines in Fraktur prints and their transcriptions
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u00ad\u2010¬⸗]$")
LOW_CONFIDENCE = 0.6  # an OCR word below this is marked for the reader (Tesseract's conf / 100)


@dataclass(slots=True)
class Word:
    """One OCR word: its text, its box on the page image and the engine's confidence (0-1)."""

    text: str
    confidence: float | None = None


@dataclass(slots=True)
class Line:
    """One line as the format gives it: its text, words (OCR), box on the page and confidence."""

    text: str
    box: tuple[int, int, int, int] | None = None  # x, y, w, h on the page image
    confidence: float | None = None
    words: list[Word] = field(default_factory=list)


@dataclass
class PagedText:
    """Text, pages, boxes and marks built page by page; ``result()`` gives them to a Document."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    pages: list[Page] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    def _write(self, s: str) -> int:
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return start

    def _separate(self) -> None:
        if self.length:
            self._write("\n\n")

    def start_page(self, label: str, *, image: str | None = None, width: int | None = None,
                   height: int | None = None) -> None:
        """Open a page; its text is everything added until the next ``start_page`` or ``result``."""
        self._close_page()
        self._separate()
        self.pages.append(Page(self.length, self.length, label, image, width, height))

    def _close_page(self) -> None:
        if self.pages and self.pages[-1].end == self.pages[-1].start:
            self.pages[-1].end = max(self.length, self.pages[-1].start)

    def add_paragraph(self, lines: list[Line], *, join: bool = True) -> None:
        """One paragraph: its lines on one text line (or kept apart when not ``join``), a hyphenated word joined."""
        lines = [ln for ln in lines if ln.text.strip()]
        if not lines:
            return
        if self.pages and self.length > self.pages[-1].start:
            self._write("\n\n")
        elif not self.pages:
            self._separate()
        for k, line in enumerate(lines):
            text = re.sub(r"\s+", " ", line.text).strip()
            if k:
                nxt = text[:1]
                prev = self.parts[-1]
                if join and _HYPHEN_END.search(prev) and nxt.islower():
                    self.parts[-1] = prev[:-1]  # "histo-" + "rian": the hyphen only broke the line
                    self.length -= 1
                    self._shift_last_box()
                else:
                    self._write(" " if join else "\n")
            start = self._write(text)
            self._add_box_and_words(start, text, line)

    def _shift_last_box(self) -> None:
        """The box of the line whose end hyphen was dropped ends where the text now ends."""
        if self.boxes and self.boxes[-1].end > self.length:
            self.boxes[-1].end = self.length

    def _add_box_and_words(self, start: int, text: str, line: Line) -> None:
        if line.box and self.pages:
            x, y, w, h = line.box
            self.boxes.append(Box(start, start + len(text), len(self.pages) - 1, x, y, w, h, line.confidence))
        pos = 0
        for word in line.words:
            at = text.find(word.text, pos) if word.text else -1
            if at < 0:
                continue
            pos = at + len(word.text)
            if word.confidence is not None and word.confidence < LOW_CONFIDENCE:
                self.marks.append(Mark(start + at, start + pos, "low_confidence", f"{word.confidence:.2f}"))

    def add_chrome(self, text: str, reason: str) -> None:
        """A running head, page number or the like: kept in the text, marked as chrome with its reason."""
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            return
        self.add_paragraph([Line(text)])
        self.marks.append(Mark(self.length - len(text), self.length, "chrome", reason))

    def add_mark(self, start: int, end: int, kind: str, value: str | None = None) -> None:
        self.marks.append(Mark(start, end, kind, value))

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def result(self) -> tuple[str, list[Page], list[Box], list[Mark]]:
        """The text and its pages (each ending where the next begins), boxes and marks."""
        self._close_page()
        for page, nxt in zip(self.pages, self.pages[1:]):
            page.end = nxt.start
        if self.pages:
            self.pages[-1].end = self.length
        return self.text, self.pages, self.boxes, self.marks


@dataclass
class PageContent:
    """What a reader found on one page: its paragraphs of lines, a label hint and its image."""

    paragraphs: list[list[Line]]
    label: str  # the page's label as the file gives it (PDF page label, ALTO PRINTED_PAGE_NUMBER) or its position
    image: str | None = None
    width: int | None = None
    height: int | None = None


# a line that is only a page number: "12", "- 12 -", "[iv]", "Page 12", "p. 12", "12 of 40"
_PAGE_NUMBER = re.compile(r"^\W*(?:page|p\.|s\.|стр\.|с\.)?\s*(\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?\W*$",
                          re.IGNORECASE)
_NUMBER_AT_EDGE = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")


def _edge_key(text: str) -> str:
    """A running head's text with its page number and spacing taken out, for comparing pages."""
    return re.sub(r"[\d\W_]+", " ", text).strip().lower()


def find_chrome(pages: list[PageContent]) -> dict[tuple[int, int], str]:
    """(page, paragraph) -> reason for the paragraphs at a page's top or bottom that are page chrome.

    A one-line paragraph at the top or bottom edge of a page is chrome when it is a page number
    alone, or when the same words (page numbers aside) stand at that edge on several pages: a
    running head or foot (the title of the book or chapter, a journal's name, a library stamp).
    """
    edges: dict[str, int] = {}
    candidates: list[tuple[int, int, str]] = []
    for p, page in enumerate(pages):
        n = len(page.paragraphs)
        for k in sorted({0, 1, n - 2, n - 1}):
            if 0 <= k < n and len(page.paragraphs[k]) <= 2:
                text = " ".join(ln.text for ln in page.paragraphs[k]).strip()
                if text and len(text) <= 120:
                    candidates.append((p, k, text))
    for p, k, text in candidates:
        key = _edge_key(text)
        if key:
            edges[key] = edges.get(key, 0) + 1
    need = max(2, round(0.3 * len(pages)))
    out: dict[tuple[int, int], str] = {}
    for p, k, text in candidates:
        n = len(pages[p].paragraphs)
        outer = k in (0, n - 1)
        if _PAGE_NUMBER.match(text) and (outer or len(pages) > 1):
            out[(p, k)] = "page:page number"
        elif len(pages) > 1 and edges.get(_edge_key(text), 0) >= need:
            out[(p, k)] = "page:running head" if k <= 1 else "page:running foot"
    return out


def printed_number(text: str) -> str | None:
    """The page number a chrome line prints ("12" in "12 THE TREATY" or "- 12 -"), if any."""
    m = _PAGE_NUMBER.match(text)
    if m:
        return m.group(1)
    m = _NUMBER_AT_EDGE.search(text.strip())
    return (m.group(1) or m.group(2)) if m else None


def assemble(pages: list[PageContent]) -> PagedText:
    """One PagedText from a reader's pages: chrome marked, each page labelled by its printed number
    where chrome prints one, else by the label the file gives."""
    chrome = find_chrome(pages)
    out = PagedText()
    for p, page in enumerate(pages):
        label = page.label
        for cp, k in chrome:
            if cp == p:
                number = printed_number(" ".join(ln.text for ln in page.paragraphs[k]))
                if number:
                    label = number
                    break
        out.start_page(label, image=page.image, width=page.width, height=page.height)
        for k, paragraph in enumerate(page.paragraphs):
            if (p, k) in chrome:
                out.add_chrome(" ".join(ln.text for ln in paragraph), chrome[(p, k)])
            else:
                out.add_paragraph(paragraph)
    return out


def clean_text_with_pages(doc) -> str:
    """``doc.clean_text`` with a "[p. 12]" marker where each page begins (its image named for a scan)."""
    if not doc.pages or not doc.zones:
        return doc.clean_text
    out: list[str] = []
    page_index = -1
    for zone in doc.zones:
        if zone.kind != "body":
            continue
        line = doc.text[zone.start:zone.end].strip()
        if not line:
            continue
        while page_index + 1 < len(doc.pages) and doc.pages[page_index + 1].start <= zone.start:
            page_index += 1
            page = doc.pages[page_index]
            out.append(f"[p. {page.label}" + (f" · {page.image}" if page.image else "") + "]")
        out.append(line)
    return "\n\n".join(out)


def source_marks(doc) -> list[tuple[str, str, str, str]]:
    """(page, kind, text, value) of what the source itself marked: an edition's dates, people and places
    (with its @when/@ref) and the words the OCR engine was unsure of (with their confidence)."""
    out = []
    for mark in doc.marks:
        if mark.kind == "chrome":
            continue
        page = doc.page_at(mark.start)
        out.append((page.label if page else "", mark.kind, doc.text[mark.start:mark.end], mark.value or ""))
    return out

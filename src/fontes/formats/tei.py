"""TEI P5 editions: the text of <body>, the citation from <teiHeader>, the edition's own annotations.

Block elements (p, head, l, item, ab, opener, closer, dateline, ...) become paragraphs; <pb n>
starts a page; <date when>, <persName ref>, <placeName ref>, <orgName ref> become marks that
keep the editor's value; <note> and the apparatus are left out of the running text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fontes.errors import InputError
from fontes.formats.xml import children, descendants, local, text_of
from fontes.model import Mark, Page

BLOCKS = frozenset(("p", "head", "l", "item", "ab", "opener", "closer", "dateline", "salute", "signed",
                    "byline", "docTitle", "titlePart", "argument", "epigraph", "trailer", "postscript", "label",
                    "cell", "row", "sp", "speaker", "quote", "lg", "list", "table", "div", "address", "addrLine"))
SKIP = frozenset(("note", "app", "rdg", "fw", "figDesc", "del", "sic", "orig", "abbr", "teiHeader", "facsimile"))
MARKS = {"date": "date", "persName": "person", "placeName": "place", "orgName": "org", "name": "name"}


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pages: list[Page] = []
        self.marks: list[Mark] = []
        self.open_block = False

    def write(self, s: str) -> None:
        s = re.sub(r"\s+", " ", s)
        if not s:
            return
        if not self.open_block:
            if not s.strip():
                return
            s = s.lstrip()
            if self.length:
                self.parts.append("\n\n")
                self.length += 2
            self.open_block = True
        elif self.parts and self.parts[-1].endswith(" ") and s.startswith(" "):
            s = s[1:]
        self.parts.append(s)
        self.length += len(s)

    def end_block(self) -> None:
        if self.open_block and self.parts and self.parts[-1].endswith(" "):
            self.length -= len(self.parts[-1]) - len(self.parts[-1].rstrip())
            self.parts[-1] = self.parts[-1].rstrip()
        self.open_block = False

    def page(self, label: str) -> None:
        if self.pages:
            self.pages[-1].end = self.length
        self.pages.append(Page(self.length, self.length, label))


def _walk(el, w: _Writer) -> None:
    name = local(el.tag)
    if name in SKIP or not isinstance(el.tag, str):
        _tail(el, w)
        return
    if name == "pb":
        w.page(el.get("n") or str(len(w.pages) + 1))
        _tail(el, w)
        return
    if name in ("lb",):
        w.write(" ")
    block = name in BLOCKS
    if block:
        w.end_block()
    first_part = len(w.parts)
    if el.text:
        w.write(el.text)
    for child in el:
        _walk(child, w)
    if name in MARKS and len(w.parts) > first_part:
        value = el.get("when") or el.get("when-iso") or el.get("from") or el.get("ref") or el.get("key")
        segment = "".join(w.parts[first_part:]).lstrip()
        begin = w.length - len(segment)
        if segment.strip():
            w.marks.append(Mark(begin, begin + len(segment.rstrip()), MARKS[name], value))
    if block:
        w.end_block()
    _tail(el, w)


def _tail(el, w: _Writer) -> None:
    if el.tail:
        w.write(el.tail)


def _record(header) -> dict[str, Any]:
    """A CSL-JSON item from the teiHeader: title, authors/editors, date, publisher, URL, the source."""
    if header is None:
        return {}
    file_desc = next(iter(descendants(header, "fileDesc")), header)
    title_stmt = next(iter(descendants(file_desc, "titleStmt")), None)
    record: dict[str, Any] = {"type": "manuscript"}
    if title_stmt is not None:
        titles = [text_of(t) for t in children(title_stmt, "title") if text_of(t)]
        main = [text_of(t) for t in children(title_stmt, "title") if t.get("type") in (None, "main") and text_of(t)]
        if titles:
            record["title"] = (main or titles)[0]
        authors = [text_of(a) for a in children(title_stmt, "author") if text_of(a)]
        editors = [text_of(a) for a in children(title_stmt, "editor") if text_of(a)]
        if authors:
            record["author"] = [{"literal": a} for a in authors]
        if editors:
            record["editor"] = [{"literal": a} for a in editors]
    source = next(iter(descendants(file_desc, "sourceDesc")), None)
    dates = [d for d in descendants(source, "date")] if source is not None else []
    pub = next(iter(descendants(file_desc, "publicationStmt")), None)
    if pub is not None:
        publisher = next((text_of(p) for p in children(pub, "publisher") if text_of(p)), None)
        if publisher:
            record["publisher"] = publisher
        url = next((text_of(i) for i in descendants(pub, "idno") if (i.get("type") or "").lower() in ("uri", "url")
                    and text_of(i).startswith("http")), None)
        if url:
            record["URL"] = url
        edition = next((d.get("when") or text_of(d) for d in children(pub, "date")), None)
        if edition:  # the edition's date, not the source's: kept as a note, never as the date it was written
            record["note"] = f"edition published {edition}"
    for d in dates:
        when = d.get("when") or d.get("when-iso") or d.get("notBefore")
        if when and re.match(r"^-?\d{3,4}", when):
            record["issued"] = {"raw": when}
            break
        if text_of(d):
            record["issued"] = {"raw": text_of(d)}
            break
    if source is not None:
        bibl = next((text_of(b) for b in descendants(source, "bibl") if text_of(b)), None) or text_of(source)
        if bibl:
            record["source"] = bibl[:500]
    idno = next((text_of(i) for i in descendants(file_desc, "idno") if text_of(i)), None)
    if idno:
        record["id"] = idno
    return record


def _body_date(text_el) -> str | None:
    """The date a source gives itself: a <date when> in its dateline, opener, docDate or first heading."""
    for name in ("docDate", "dateline", "opener", "head"):
        for el in descendants(text_el, name):
            for d in ([el] if name == "docDate" else []) + descendants(el, "date"):
                when = d.get("when") or d.get("when-iso")
                if when and re.match(r"^-?\d{3,4}", when):
                    return when
    return None


def read_tei(root, path: Path) -> tuple[str, list[Page], list[Mark], dict[str, Any]]:
    """Text of the <body> (front and back too), its pages, the edition's marks and the header's record."""
    if local(root.tag) == "teiCorpus":
        root = next(iter(descendants(root, "TEI")), root)
    header = next(iter(descendants(root, "teiHeader")), None)
    text_el = next(iter(descendants(root, "text")), None)
    if text_el is None:
        raise InputError(path, "TEI file without <text>", "check it is a TEI P5 edition")
    w = _Writer()
    for part in text_el:
        _walk(part, w)
    w.end_block()
    text = "".join(w.parts)
    if w.pages:
        w.pages[-1].end = len(text)
        w.pages = [p for p in w.pages if p.end > p.start]
    record = _record(header)
    if "issued" not in record and (own := _body_date(text_el)):
        record["issued"] = {"raw": own}
    return text, w.pages, w.marks, record

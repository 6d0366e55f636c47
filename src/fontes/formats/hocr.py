"""hOCR (Tesseract, OCRopus, kraken): pages, paragraphs, lines with their bbox and words with x_wconf."""

from __future__ import annotations

import re
from pathlib import Path

from fontes.errors import InputError
from fontes.formats.paged import Line, PageContent, Word

_BBOX = re.compile(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_CONF = re.compile(r"x_wconf\s+(-?[\d.]+)")
_IMAGE = re.compile(r"image\s+[\"']?([^\"';]+)")
_PAGENO = re.compile(r"ppageno\s+(\d+)")


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _bbox(el) -> tuple[int, int, int, int] | None:
    m = _BBOX.search(el.get("title") or "")
    if not m:
        return None
    x0, y0, x1, y1 = map(int, m.groups())
    return x0, y0, x1 - x0, y1 - y0


def _line(el) -> Line:
    words = []
    for w in el.iter():
        if isinstance(w.tag, str) and "ocrx_word" in _classes(w):
            text = " ".join("".join(w.itertext()).split())
            m = _CONF.search(w.get("title") or "")
            if text:
                words.append(Word(text, float(m.group(1)) / 100 if m else None))
    text = " ".join(w.text for w in words) or " ".join("".join(el.itertext()).split())
    confs = [w.confidence for w in words if w.confidence is not None]
    return Line(text, _bbox(el), round(sum(confs) / len(confs), 3) if confs else None, words)


_LINE_CLASSES = {"ocr_line", "ocrx_line", "ocr_header", "ocr_textfloat", "ocr_caption"}


def read_hocr(data: bytes, path: Path) -> list[PageContent]:
    """Each ocr_page's paragraphs (ocr_par, else ocr_carea) of lines."""
    import lxml.html
    from lxml import etree

    from fontes.formats.xml import _ENTITY_DECL

    if _ENTITY_DECL.search(data):
        raise InputError(path, "hOCR declares entities (refused)", "remove the <!ENTITY> declarations")
    try:
        root = lxml.html.fromstring(data, parser=etree.HTMLParser(no_network=True, huge_tree=False))
    except (etree.ParserError, ValueError) as err:
        raise InputError(path, f"malformed hOCR ({err})", "export it again") from err
    pages = []
    for n, page in enumerate((el for el in root.iter() if isinstance(el.tag, str) and "ocr_page" in _classes(el)),
                             start=1):
        title = page.get("title") or ""
        image = _IMAGE.search(title)
        number = _PAGENO.search(title)
        box = _bbox(page)
        paragraphs = []
        groups = [el for el in page.iter() if isinstance(el.tag, str) and "ocr_par" in _classes(el)] or \
                 [el for el in page.iter() if isinstance(el.tag, str) and "ocr_carea" in _classes(el)] or [page]
        for group in groups:
            lines = [_line(el) for el in group.iter() if isinstance(el.tag, str) and _classes(el) & _LINE_CLASSES]
            if any(ln.text for ln in lines):
                paragraphs.append(lines)
        pages.append(PageContent(paragraphs, str(int(number.group(1)) + 1) if number else str(n),
                                 image.group(1).strip() if image else None,
                                 box[2] if box else None, box[3] if box else None))
    if not pages:
        raise InputError(path, "no ocr_page in the hOCR file", "export it again with hOCR output")
    return pages

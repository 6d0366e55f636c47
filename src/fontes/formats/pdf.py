"""PDF: the text layer of each page (pypdf) in reading order, or OCR of a page that has only a scan.

Lines become paragraphs (a break after a blank line, a short line, or a sentence end well short
of the page's measure); a word hyphenated at a line end is joined; running heads, feet and page
numbers are marked as chrome by ``paged.assemble``. Pages are read one at a time, and the
parsed objects of each are dropped after it, so memory stays bounded on long PDFs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from fontes.errors import InputError
from fontes.formats.paged import Line, PageContent

_SENTENCE_END = re.compile(r"[.!?:;\"”»)\]]$")
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u00ad\u2010]$")
MIN_TEXT_CHARS = 16  # a page with less text than this and an image is a scan: OCR it


def read_pdf(path: Path, data: bytes, *, languages: str = "eng") -> Iterator[PageContent]:
    """Each page's paragraphs, labelled by the PDF's page labels; scanned pages OCR'd."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several kinds for unsupported encryption
                opened = 0
            if not opened:
                raise InputError(path, "encrypted PDF (a password is needed to read it)",
                                 "save an unencrypted copy and build that")
        count = len(reader.pages)
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as err:
        raise InputError(path, f"damaged PDF ({err})", "repair it or export it again") from err
    if count == 0:
        raise InputError(path, "PDF without pages", "export it again")
    try:
        labels = list(reader.page_labels)
    except Exception:  # noqa: BLE001 - a broken /PageLabels tree: number pages by position
        labels = []
    raw: list[tuple[str, list[str]] | PageContent] = []
    for n in range(count):
        label = labels[n] if n < len(labels) and labels[n] else str(n + 1)
        try:
            page = reader.pages[n]
            text = page.extract_text() or ""
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise InputError(path, f"damaged PDF page {n + 1} ({err})", "repair it or export it again") from err
        scanned = _ocr_page(page, path, label, languages) if len(text.strip()) < MIN_TEXT_CHARS else None
        raw.append(scanned or (label, text.split("\n")))
        # only the text is kept: drop the page's parsed objects (content streams, fonts, images)
        if hasattr(reader, "resolved_objects"):
            reader.resolved_objects.clear()
    widths = sorted(len(ln.strip()) for item in raw if isinstance(item, tuple) for ln in item[1] if ln.strip())
    measure = widths[int(0.8 * (len(widths) - 1))] if widths else 0
    for item in raw:
        yield item if isinstance(item, PageContent) else PageContent(paragraphs(item[1], measure), item[0])


def _ocr_page(page, path: Path, label: str, languages: str) -> PageContent | None:
    """OCR of the largest image on a page without a text layer (None when it has no image)."""
    from fontes.formats.ocr import ocr_image

    try:
        images = list(page.images)
    except Exception:  # noqa: BLE001 - an image pypdf cannot decode: the page stays as its (empty) text
        return None
    if not images:
        return None
    best = max(images, key=lambda im: im.image.width * im.image.height if im.image else 0)
    if best.image is None:
        return None
    return ocr_image(best.image, path, languages=languages, label=label)


def paragraphs(raw_lines: list[str], measure: int | None = None) -> list[list[Line]]:
    """A page's lines grouped into paragraphs.

    A paragraph ends at a blank line, after a line much shorter than the page's measure (a heading,
    the last line of a paragraph), or after a sentence end on a line short of the measure.
    """
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in raw_lines]
    if measure is None:  # the typical length of a full line: 80th percentile of the page's lines
        widths = sorted(len(ln) for ln in lines if ln)
        measure = widths[int(0.8 * (len(widths) - 1))] if widths else 0
    out: list[list[Line]] = []
    current: list[Line] = []
    last = max((i for i, ln in enumerate(lines) if ln), default=-1)
    for i, line in enumerate(lines):
        if not line:
            if current:
                out.append(current)
                current = []
            continue
        if i == last and current and len(line) < 0.6 * measure:
            out.append(current)  # a short last line (a page number, a running foot) stands alone
            current = []
        current.append(Line(line))
        if _HYPHEN_END.search(line):
            continue
        if len(line) < 0.6 * measure or (_SENTENCE_END.search(line) and len(line) < 0.85 * measure):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out
